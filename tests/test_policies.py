"""Policies: common random numbers (a silent policy changes nothing), windows, withdrawal."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ZERO as BASE_ZERO
from yingzao.model import policies
from yingzao.model.defaults import POLICIES
from yingzao.model.results import Result
from yingzao.model.state import ORIGINS, REC

from yingzao import CommunityModel, simulate

# Zero budget or zero intensity for each policy (the crisis is placed inside the run).
ZERO = {**BASE_ZERO, "crisis": {**BASE_ZERO["crisis"], "crisis.month": 6}}
# The same policies at a non-zero intensity (positive controls).
ON = {
    "grants": {"grants.per_100_households": 20000.0},
    "procurement": {"procurement.budget": 5000.0},
    "training": {"training.cohort": 20},
    "committee_training": {"committee_training.budget": 30000.0},
    "ngo": {"ngo.budget": 540000.0, "ngo.months": 36},
    "fund": {"fund.seed": 20000.0},
    "crisis": {"crisis.need_jump": 0.4, "crisis.call": 0.3, "crisis.month": 6},
}
# A community left to itself, and one where outside money flows (grants, training and an NGO,
# withdrawn at month 24), so that a silent policy meets groups with money and projects.
CONTEXTS = {
    "baseline": ("baseline", {"community.residents": 600, "run.months": 36}),
    "supported": (
        "support-3y",
        {"community.residents": 800, "run.months": 36, "withdrawal.month": 24},
    ),
}
SEEDS = (1, 2)


def series(scenario, seed, ov):
    return simulate(scenario, seed=seed, overrides=ov).series


def without(ctx: str, pol: str, seed: int):
    scenario, ov = CONTEXTS[ctx]
    return series(scenario, seed, {**ov, f"{pol}.enabled": False})


def with_(ctx: str, pol: str, seed: int, settings: dict):
    scenario, ov = CONTEXTS[ctx]
    return series(scenario, seed, {**ov, **settings, f"{pol}.enabled": True})


def diff_columns(a, b) -> list[str]:
    return [c for c in a.columns if not a[c].equals(b[c])]


def test_zero_and_on_tables_cover_every_budgeted_policy():
    assert set(ZERO) == set(ON) == set(POLICIES) - {"withdrawal"}


@pytest.mark.parametrize("ctx", CONTEXTS)
@pytest.mark.parametrize("pol", ZERO)
def test_silent_policy_leaves_the_run_bit_identical(ctx, pol):
    for seed in SEEDS:
        base = without(ctx, pol, seed)
        silent = with_(ctx, pol, seed, ZERO[pol])
        assert silent.equals(base), (
            f"{pol} at zero intensity changed {diff_columns(silent, base)} ({ctx}, seed {seed})"
        )


@pytest.mark.parametrize("ctx", CONTEXTS)
@pytest.mark.parametrize("pol", ON)
def test_policy_at_nonzero_intensity_changes_the_run(ctx, pol):
    seed = SEEDS[0]
    base = without(ctx, pol, seed)
    on = with_(ctx, pol, seed, ON[pol])
    assert not on.equals(base), f"{pol} switched on changed nothing ({ctx})"


def test_build_follows_the_enabled_switches_in_acting_order():
    m = CommunityModel(
        "support-3y", seed=0, overrides={"community.residents": 300, "fund.seed": 1.0}
    )
    names = [p.name for p in m.policies]
    assert set(names) == {"grants", "training", "ngo", "withdrawal", "fund"}
    order = [cls.name for cls in policies.ORDER]
    assert names == sorted(names, key=order.index)
    assert CommunityModel("baseline", seed=0, overrides={"community.residents": 300}).policies == []


def test_withdrawal_stops_all_outside_money_and_the_ngo():
    w = 20
    s = series(
        "support-3y",
        3,
        {
            "community.residents": 800,
            "run.months": 36,
            "withdrawal.month": w,
            "fund.seed": 10000.0,
            "procurement.budget": 5000.0,
        },
    )
    before, after = s[s.month < w], s[s.month >= w]
    assert before["outside_money_month"].sum() > 0
    assert (after["outside_money_month"] == 0).all()
    assert after["outside_money_spent"].nunique() == 1
    assert before["ngo_present"].any()
    assert not after["ngo_present"].any()


def test_procurement_pays_only_inside_its_window():
    s = series(
        "baseline",
        1,
        {
            "community.residents": 600,
            "run.months": 24,
            "procurement.start": 6,
            "procurement.end": 12,
            "procurement.budget": 3000.0,
        },
    )
    inside = s.month.between(6, 11)
    assert (s.loc[inside, "outside_money_month"] == 3000.0).all()
    assert (s.loc[~inside, "outside_money_month"] == 0).all()


def test_training_stops_when_its_budget_is_spent():
    s = series(
        "baseline",
        1,
        {
            "community.residents": 600,
            "run.months": 36,
            "training.budget": 45000.0,
            "training.cohort": 10,
            "training.cost_per_trainee": 1500.0,
            "training.every": 6,
        },
    )
    assert s["outside_money_spent"].iloc[-1] == pytest.approx(45000.0)
    assert (s["outside_money_month"] > 0).sum() == 3


def test_committee_training_opens_the_committee():
    base = series("baseline", 1, {"community.residents": 600, "run.months": 24})
    trained = series(
        "baseline",
        1,
        {"community.residents": 600, "run.months": 24, "committee_training.budget": 30000.0},
    )
    assert trained["committee_openness"].iloc[-1] > base["committee_openness"].iloc[-1]
    assert trained["committee_facilitation"].iloc[-1] > base["committee_facilitation"].iloc[-1]


def test_crisis_summary_counts_volunteers_of_its_first_month():
    ov = {"community.residents": 600, "run.months": 24}
    inside = simulate("crisis", seed=1, overrides={**ov, "crisis.month": 6}).summary
    assert isinstance(inside["crisis_volunteers_first_month"], int)
    assert inside["crisis_volunteers_first_month"] >= 0
    later = simulate("crisis", seed=1, overrides={**ov, "crisis.month": 30}).summary
    assert later["crisis_volunteers_first_month"] is None
    none = simulate("baseline", seed=1, overrides=ov).summary
    assert none["crisis_volunteers_first_month"] is None


def test_grant_funded_project_teams_outlive_their_founding_month():
    """A winning project team becomes an organization (activity -> project -> organization).

    A new team starts with its leader alone; it should not be dissolved (and its grant written
    off) by the survival stage of the very month it was funded. A lead whom no neighbour follows
    is not funded (the team is dissolved at once and the money stays in the budget): those teams
    never won and are not counted.
    """
    lives = []
    for seed in range(3):
        m = CommunityModel(
            "support-3y", seed=seed, overrides={"community.residents": 2000, "run.months": 14}
        )
        m.run()
        o = m.orgs
        won = o.grants_won[: o.n] > 0
        proj = np.flatnonzero((o.origin[: o.n] == ORIGINS.index("project")) & won)
        lives += np.where(o.ended[proj] >= 0, o.ended[proj] - o.founded[proj], 99).tolist()
    assert len(lives) >= 5, "too few project teams to judge; the scenario changed"
    died_at_once = sum(life == 0 for life in lives)
    assert died_at_once < len(lives) / 2, (
        f"{died_at_once} of {len(lives)} grant-funded project teams were dissolved in the month "
        "they were funded"
    )


@pytest.mark.slow
@pytest.mark.parametrize("pol", ZERO)
def test_silent_policy_full_size_many_seeds(pol):
    for scenario in ("baseline", "support-8y"):
        for seed in range(10):
            base = series(scenario, seed, {f"{pol}.enabled": False})
            silent = series(scenario, seed, {**ZERO[pol], f"{pol}.enabled": True})
            assert silent.equals(base), (pol, scenario, seed, diff_columns(silent, base))


def test_fund_payout_to_groups_without_recorded_size_keeps_money_finite():
    """The yearly payout weights functional groups by ``orgs.size``, which is only counted in the
    groups stage; a group founded after it (founding stage, last month) still has size 0 when the
    fund pays out at the start of the month. The payout must not divide 0 by 0."""
    m = CommunityModel(
        "baseline",
        seed=1,
        overrides={"community.residents": 600, "run.months": 24, "fund.seed": 10000.0},
    )
    m.run(11)  # the next month is the fund's first payout month
    o = m.orgs
    func = o.live()[o.kind[o.live()] != REC]
    if func.size == 0:  # make one: a recreational group takes on a public task
        g = int(o.live()[0])
        m.convert(g, 0, m.month, reason="test")
        func = np.array([g])
    o.size[func] = 0  # as for groups founded after last month's groups stage
    m.step()
    n = o.n
    assert np.isfinite(o.own_money[:n]).all(), "NaN money after the fund's payout"
    assert np.isfinite(m.fund_balance)
    assert np.isfinite(Result.from_model(m).series["org_money_balance"]).all()
