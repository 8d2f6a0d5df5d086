"""Replicates that draw calibrated parameters from the posterior: paired, and never overriding
what a scenario or the user set, never switching a policy on."""

from __future__ import annotations

import pandas as pd
import pytest
from yingzao.experiments import compare as compare_mod
from yingzao.experiments import replicate as replicate_mod
from yingzao.experiments.compare import compare
from yingzao.experiments.posterior import describe, drawn
from yingzao.scenarios import load

SETS = pd.DataFrame(
    {"decide.w_social": [0.2, 2.5, 0.9], "ngo.founding_boost": [1.5, 7.0, 3.0]},
)
SMALL = {"community.residents": 300, "run.months": 24}


def test_replicate_i_takes_set_i_and_keeps_what_the_scenario_sets():
    sc = load("baseline", {**SMALL, "decide.w_social": 1.1})
    out, row = drawn(sc, 4, SETS)
    assert row == 1
    assert out.values["decide.w_social"] == 1.1  # set by the user: kept
    assert out.values["ngo.founding_boost"] == 7.0  # at its default: drawn
    assert out.origins["ngo.founding_boost"] == "posterior"


def test_a_drawn_policy_key_switches_no_policy_on():
    sc = load("baseline", SMALL)
    assert not sc.values["ngo.enabled"]
    out, _ = drawn(sc, 0, SETS)
    assert out.values["ngo.founding_boost"] == 1.5
    assert out.values["ngo.enabled"] is False
    assert out.origins["ngo.enabled"] == sc.origins["ngo.enabled"]


def test_no_posterior_leaves_the_scenario_as_it_is():
    sc = load("baseline", SMALL)
    assert drawn(sc, 3, None) == (sc, None)


def test_compare_draws_the_same_set_for_a_replicate_in_every_scenario(monkeypatch):
    monkeypatch.setattr(compare_mod, "posterior_sets", lambda: SETS)
    cmp = compare(["baseline", "chengdu"], reps=4, overrides=SMALL, workers=1, progress=False)
    s = cmp.summaries
    assert cmp.posterior_sets == 3
    assert s.groupby("replicate")["posterior_set"].nunique().eq(1).all()
    assert s.groupby("replicate")["posterior_set"].first().tolist() == [0, 1, 2, 0]
    assert "posterior_set" not in cmp.metrics()
    assert "parameter uncertainty" in cmp.table()
    fixed = compare(
        ["baseline", "chengdu"],
        reps=4,
        overrides=SMALL,
        workers=1,
        progress=False,
        posterior=False,
    )
    assert fixed.posterior_sets is None and "seed noise only" in fixed.table()
    # the draws change the runs (replicates 0, 1 and 3 draw another w_social than the default)
    drawn_series = cmp.series.drop(columns="posterior_set", errors="ignore")
    assert not drawn_series.equals(fixed.series)


def test_replicate_draws_too_and_can_be_told_not_to(monkeypatch):
    monkeypatch.setattr(replicate_mod, "posterior_sets", lambda: SETS)
    calls = []
    real = replicate_mod.drawn

    def spy(sc, rep, sets):
        calls.append(sets is not None)
        return real(sc, rep, sets)

    monkeypatch.setattr(replicate_mod, "drawn", spy)
    replicate_mod.replicate("baseline", [0, 1], SMALL, workers=1)
    replicate_mod.replicate("baseline", [0, 1], SMALL, workers=1, posterior=False)
    assert calls == [True, True, False, False]


@pytest.mark.parametrize("n, needle", [(30, "30 sets"), (None, "seed noise only")])
def test_describe_says_what_intervals_cover(n, needle):
    assert needle in describe(n)


def test_shared_runs_run_each_resolved_scenario_and_seed_once(monkeypatch):
    ran = []
    real = replicate_mod.run_many

    def counting(jobs, **kw):
        ran.extend(j[2] for j in jobs)
        return real(jobs, **kw)

    monkeypatch.setattr(replicate_mod, "run_many", counting)
    with replicate_mod.shared_runs():
        a, _ = replicate_mod.replicate("baseline", [0, 1], SMALL, workers=1, posterior=False)
        b, _ = replicate_mod.replicate("baseline", [1, 2], SMALL, workers=1, posterior=False)
    assert ran == [0, 1, 2]
    assert a.set_index("seed").loc[1].equals(b.set_index("seed").loc[1])
    replicate_mod.replicate("baseline", [1], SMALL, workers=1, posterior=False)
    assert ran == [0, 1, 2, 1]  # outside the block nothing is shared
