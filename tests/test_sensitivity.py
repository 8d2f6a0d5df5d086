"""The sensitivity study's design: which parameters it varies and how it reports them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from yingzao.experiments import sensitivity as sens
from yingzao.model.defaults import DECLARATIONS, POLICIES
from yingzao.scenarios import load


def test_every_behavioural_number_is_varied_within_its_declared_range():
    ranges = sens.parameters(0.25)
    base = load("baseline").values
    for k, (lo, hi) in ranges.items():
        p = DECLARATIONS[k]
        assert p.section not in POLICIES and p.section not in {"run", "street", "mech"}
        assert p.lo <= lo < hi <= p.hi, k
        if base[k] and p.kind is float and p.lo < base[k] * 0.75 and base[k] * 1.25 < p.hi:
            assert np.isclose(lo, base[k] * 0.75) and np.isclose(hi, base[k] * 1.25), k
    # the former in-code constants are declared behaviour: they are in
    for k in ("decide.w_social", "group.hazard_base", "committee.ngo_trust_rate"):
        assert k in ranges
    assert not any(k.startswith(("grants.", "ngo.", "mech.", "run.", "city")) for k in ranges)
    assert len(ranges) > 100


def _morris():
    names = [m[0] for m in sens.MEASURES]
    return names, pd.DataFrame(
        [
            {"measure": m, "parameter": k, "mu": v, "mu_star": abs(v), "sigma": 0.1}
            for m in names
            for k, v in (("a.big", 2.0), ("b.none", 0.0))
        ]
    )


def _info():
    return {
        "date": "today",
        "minutes": 1,
        "calibration": "x",
        "k": 2,
        "spread": 0.25,
        "trajectories": 2,
        "top": [],
        "residents": 1000,
        "reps": 1,
    }


def test_report_lists_each_measure_and_the_parameters_that_move_nothing():
    names, mor = _morris()
    text = sens.markdown(mor, 6, mor.iloc[0:0], 0, _info())
    for m in names:
        assert f"## {m}" in text
    assert "1 of 2 parameters never reach 5%" in text and "`b.none`" in text
    assert "no Sobol analysis" in text


def test_sobol_indices_outside_0_1_beyond_their_interval_get_a_note():
    names, mor = _morris()
    rows = [
        {"measure": names[0], "parameter": "a.big", "S1": 2.4, "S1_conf": 0.5, "ST": 0.9},
        {"measure": names[0], "parameter": "b.none", "S1": -0.2, "S1_conf": 0.3, "ST": 0.1},
        {"measure": names[1], "parameter": "a.big", "S1": -0.2, "S1_conf": 0.3, "ST": 0.9},
        {"measure": names[1], "parameter": "b.none", "S1": 0.1, "S1_conf": 0.1, "ST": 1.2},
    ]
    sob = pd.DataFrame(rows).assign(ST_conf=0.3)
    text = sens.markdown(mor, 6, sob, 32, {**_info(), "top": ["a.big", "b.none"]}, base=4)
    first, second = (text.split(f"## {m}\n")[1].split("## ")[0] for m in names[:2])
    assert "| `a.big` | 2.40 (0.50) | 0.90 (0.30) |" in first
    assert "1 of the indices lie outside 0-1" in first and "S1 of a.big = 2.4" in first
    assert "4 base samples" in first and "`--sobol-n`" in first
    assert "outside 0-1" not in second  # -0.2 +- 0.3 and 1.2 +- 0.3 may be noise
