"""Mechanism switches (``mech.*``): every one can be switched off, and off means off.

Switched off, a mechanism leaves a run that still keeps every invariant; where it never acts in a
scenario, switching it off leaves the run bit-identical (each draws from streams of its own);
where it acts, switching it off changes the run (a positive control, so the switch is wired).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import check_month_invariants
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.mech_defaults import CITY_SWITCHES, SWITCHES
from yingzao.model.results import Result

from yingzao import CommunityModel

MECHS = sorted(SWITCHES)
RICH = {
    "community.residents": 900,
    "run.months": 48,
    "grants.enabled": True,
    "training.enabled": True,
    "ngo.enabled": True,
    "ngo.months": 24,
    "fund.enabled": True,
    "crisis.month": 30,
    "withdrawal.month": 40,
}
# a scenario in which each mechanism acts (a switch that does nothing there proves nothing)
ACTS = {m: ("five-society", RICH) for m in MECHS}
ACTS["gatekeeping"] = ("incubation", {**RICH, "committee.openness": 0.05})
ACTS["funder_review"] = (
    "substitution",
    {"community.residents": 900, "run.months": 48, "funder.noise_sd": 0.0, "funder.target": 5.0},
)
ACTS["enterprise"] = ("five-society", {**RICH, "enterprise.min_capacity": 0.0})
ACTS["money_shock"] = ("five-society", {**RICH, "run.months": 72, "withdrawal.month": 36})
ACTS["registration"] = ("baseline", {"community.residents": 900, "run.months": 48})
# scenarios in which a mechanism never acts: switching it off must change nothing at all
NEVER = {
    "funder_review": "baseline",
    "gatekeeping": "baseline",
    "ngo_drift": "baseline",
    "coaching": "baseline",
    "federation": "baseline",
    "federation_coaching": "baseline",
    "crisis_teams": "baseline",
    "money_shock": "incubation",
    "enterprise": "baseline",
}
SMALL = {"community.residents": 700, "run.months": 40}


def run(scenario: str, ov: dict, seed: int = 2) -> Result:
    return Result.from_model(CommunityModel(scenario, seed=seed, overrides=ov).run())


def test_every_switch_is_declared_on_by_default_with_a_doc():
    keys = sorted(k for k in DECLARATIONS if k.startswith("mech."))
    # the city's switches act between communities: tests/test_city_rules.py checks them
    assert keys == sorted(f"mech.{m}" for m in [*MECHS, *CITY_SWITCHES])
    for k in keys:
        p = DECLARATIONS[k]
        assert p.default is True and p.doc and p.unit == "on/off"


@pytest.mark.parametrize("mech", MECHS)
def test_a_run_with_the_mechanism_off_keeps_every_invariant(mech):
    scenario, ov = ACTS[mech]
    m = CommunityModel(scenario, seed=1, overrides={**ov, f"mech.{mech}": False})
    for _ in range(m.months):
        m.step()
        check_month_invariants(m)


@pytest.mark.parametrize("mech", MECHS)
def test_switching_a_mechanism_off_changes_a_run_where_it_acts(mech):
    scenario, ov = ACTS[mech]
    changed = [
        not run(scenario, ov, seed).series.equals(
            run(scenario, {**ov, f"mech.{mech}": False}, seed).series
        )
        for seed in (1, 2, 3)
    ]
    assert any(changed), f"mech.{mech}=false changed nothing in {scenario} (3 seeds)"


@pytest.mark.parametrize("mech, scenario", sorted(NEVER.items()))
def test_a_mechanism_that_never_acts_leaves_the_run_bit_identical(mech, scenario):
    ov = dict(SMALL)
    if scenario == "incubation":
        ov["mech.funder_review"] = False  # no early contract end: no unexpected stop of money
    on = run(scenario, ov)
    off = run(scenario, {**ov, f"mech.{mech}": False})
    assert on.series.equals(off.series)
    assert on.groups.equals(off.groups)


def test_registration_off_counts_every_group_as_registered():
    res = run("baseline", {**SMALL, "mech.registration": False})
    s = res.series
    assert (s["registered_groups"] == s["orgs_alive"]).all()
    on = run("baseline", {**SMALL, "community.residents": 3000})
    assert (on.series["registered_groups"] <= on.series["orgs_alive"]).all()
    assert on.series["registered_groups"].iloc[-1] < on.series["orgs_alive"].iloc[-1]


def test_without_the_span_groups_engage_every_member_they_have():
    m = CommunityModel("incubation", seed=3, overrides={**SMALL, "mech.span": False})
    m.run(30)
    from yingzao.model.participation import _span_and_attraction

    share, _ = _span_and_attraction(m)
    assert np.all(share == 1.0)
    m2 = CommunityModel("incubation", seed=3, overrides=SMALL)
    m2.run(30)
    share2, _ = _span_and_attraction(m2)
    big = m2.orgs.size[: m2.orgs.n] > m2.v["group.span_base"] + m2.v["group.span_capacity"]
    assert (share2[big] < 1).all()
