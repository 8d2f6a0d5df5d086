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
    assert not any(k.startswith(("grants.", "ngo.", "mech.", "run.")) for k in ranges)
    assert len(ranges) > 100


def test_report_lists_each_measure_and_the_parameters_that_move_nothing():
    names = [m[0] for m in sens.MEASURES]
    mor = pd.DataFrame(
        [
            {"measure": m, "parameter": k, "mu": v, "mu_star": abs(v), "sigma": 0.1}
            for m in names
            for k, v in (("a.big", 2.0), ("b.none", 0.0))
        ]
    )
    info = {
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
    text = sens.markdown(mor, 6, mor.iloc[0:0], 0, info)
    for m in names:
        assert f"## {m}" in text
    assert "1 of 2 parameters never reach 5%" in text and "`b.none`" in text
    assert "no Sobol analysis" in text
