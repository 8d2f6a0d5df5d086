"""The "why" view (mechanisms switched off) and the "what matters most" screening."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from yingzao.app import mix, what_matters, why
from yingzao.experiments.compare import Comparison
from yingzao.scenarios import load

HAN = re.compile("[\u4e00-\u9fff]")
pytestmark = pytest.mark.skipif(
    not why.switches(), reason="the model declares no mech.* switches (Model 2.0 contract)"
)


def _fake(values: dict[str, list[float]]) -> Comparison:
    """A comparison with given functional groups per replicate (survival left unknown)."""
    rows = []
    for label, ys in values.items():
        for rep, y in enumerate(ys):
            rows.append(
                {
                    "scenario": label,
                    "replicate": rep,
                    "seed": rep,
                    "orgs_functional": y,
                    "functional_at_support_end": float("nan"),
                    "functional_alive_12m_after_support_end": float("nan"),
                    "functional_alive_24m_after_support_end": float("nan"),
                    "support_end_month": float("nan"),
                }
            )
    empty = pd.DataFrame({"scenario": [], "month": []})
    return Comparison(list(values), [0, 1, 2, 3], empty, pd.DataFrame(rows))


def test_a_mechanism_carries_the_result_when_switching_it_off_clearly_changes_it():
    cmp = _fake(
        {
            why.BASE: [10, 12, 11, 13],
            "mech.coaching": [4, 5, 6, 5],  # clearly fewer without it
            "mech.events": [10, 13, 11, 12],  # no clear change
        }
    )
    eff = {(e.key, e.metric): e for e in why.effects(cmp)}
    assert eff[("mech.coaching", "orgs_functional")].clear
    assert eff[("mech.coaching", "orgs_functional")].diff == pytest.approx(-6.5)
    assert not eff[("mech.events", "orgs_functional")].clear
    en = why.sentences(cmp, "en")
    assert en[0].startswith("Without the NGO's accompaniment, about 6.5 fewer functional groups")
    assert en[-1].startswith("No clear effect on these outcomes: groups' open events")
    zh = why.sentences(cmp, "zh")
    assert zh[0].startswith("如果没有社会组织的陪伴") and HAN.search(zh[-1])
    quiet = _fake({why.BASE: [3, 4, 3, 4], "mech.events": [3, 4, 4, 3]})
    assert why.sentences(quiet, "en")[0].startswith("No mechanism on its own")


def test_the_why_view_runs_every_declared_switch_on_the_same_seeds():
    scn = mix.build(
        "incubation",
        {**mix.from_scenario(load("incubation")), "residents": 400, "years": 2},
    )
    cmp = why.run_without(scn, reps=2)
    assert cmp.labels == [why.BASE, *why.switches(scn)]
    assert set(cmp.summaries.groupby("scenario")["seed"].apply(tuple)) == {(0, 1)}
    for lang in ("en", "zh"):
        assert why.sentences(cmp, lang)
    for key in why.switches():
        assert why.name(key, "en") and HAN.search(why.name(key, "zh")), key


def test_what_matters_ranks_the_hand_set_parameters():
    keys = what_matters.uncertain()
    assert len(keys) >= 5
    scn = load("incubation", {"community.residents": 300, "run.months": 18})
    r = what_matters.screen(scn, paths=2)
    assert sorted(r.keys) == sorted(keys) and r.runs == 2 * (len(keys) + 1)
    assert r.mu_star == sorted(r.mu_star, reverse=True)
    en = what_matters.sentences(r, "en", top=3)
    assert len(en) == 4 and en[0].startswith("A Morris screening: ")
    assert f"({r.keys[0]})" in en[1]
    assert HAN.search(what_matters.sentences(r, "zh", top=1)[1])
