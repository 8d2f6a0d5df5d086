"""Invariants that hold every month, for any valid parameters (Hypothesis), and the step plan."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import (
    ZERO,
    check_month_invariants,
    check_series,
    ledger_gap,
    members_per_org,
    step_with_hooks,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from yingzao.model import lifecycle
from yingzao.model.community import STEP_PLAN
from yingzao.model.defaults import DECLARATIONS, POLICIES, PROFILES
from yingzao.model.results import Result
from yingzao.scenarios import builtin_names, load

from yingzao import CommunityModel

# Windows and sizes are drawn separately; every other numeric key over its whole declared range.
_FIXED = {"run.months", "community.residents"}
_SMALL_RANGE = {
    "withdrawal.month": (0, 30),
    "crisis.month": (0, 30),
    "ngo.months": (1, 30),
    "ngo.start": (0, 20),
}
NUMERIC_KEYS = sorted(
    k
    for k, p in DECLARATIONS.items()
    if p.kind in (int, float)
    and k not in _FIXED
    and (not k.endswith((".start", ".end")) or k in _SMALL_RANGE)
)
CHOICE_KEYS = sorted(k for k, p in DECLARATIONS.items() if p.choices and k != "community.profile")
BUDGETED = ("grants", "procurement", "training", "committee_training", "ngo", "fund", "crisis")


def value_for(key: str):
    p = DECLARATIONS[key]
    lo, hi = _SMALL_RANGE.get(key, (p.lo, p.hi))
    if p.kind is int:
        return st.integers(int(lo), int(hi))
    return st.floats(float(lo), float(hi), allow_nan=False, allow_infinity=False)


@st.composite
def valid_overrides(draw, max_keys: int = 8) -> dict:
    ov = {
        "community.residents": draw(st.integers(300, 800)),
        "run.months": draw(st.integers(12, 30)),
        "community.profile": draw(st.sampled_from(PROFILES)),
    }
    for pol in draw(st.sets(st.sampled_from(POLICIES), max_size=5)):
        ov[f"{pol}.enabled"] = True
    for key in draw(st.lists(st.sampled_from(NUMERIC_KEYS), max_size=max_keys, unique=True)):
        ov[key] = draw(value_for(key))
    for key in draw(st.lists(st.sampled_from(CHOICE_KEYS), max_size=2, unique=True)):
        ov[key] = draw(st.sampled_from(DECLARATIONS[key].choices))
    weights = ("grants.w_benefit", "grants.w_feasibility", "grants.w_sustainability")
    if all(ov.get(w, 1.0) == 0 for w in weights):
        ov["grants.w_benefit"] = 0.4  # all-zero review weights are rightly rejected
    return ov


def test_strategy_only_draws_valid_scenarios():
    # the strategy's key list is in sync with the declarations
    assert "decide.theta_mean" in NUMERIC_KEYS and "withdrawal.month" in NUMERIC_KEYS
    assert not set(NUMERIC_KEYS) & _FIXED


def run_checked(ov: dict, seed: int) -> None:
    """Run ``baseline`` with ``ov``, checking every invariant after every month."""
    load("baseline", ov)  # valid by construction: raises (and fails the test) otherwise
    m = CommunityModel("baseline", seed=seed, overrides=ov)
    gap, tol = ledger_gap(m)
    assert abs(gap) <= tol
    assert m.month == 0 and len(m.recorder.rows["month"]) == 0
    for _ in range(ov["run.months"]):
        m.step()
        check_month_invariants(m)
    check_series(Result.from_model(m).series, ov["run.months"], m.n)


@settings(max_examples=50)
@given(ov=valid_overrides(), seed=st.integers(0, 2**31 - 1))
def test_invariants_hold_every_month(ov, seed):
    run_checked(ov, seed)


@pytest.mark.slow
@settings(max_examples=300)
@given(
    ov=valid_overrides(),
    seed=st.integers(0, 2**31 - 1),
    turnover=st.sampled_from([None, 0.0, 0.05, 0.1]),
)
def test_invariants_hold_every_month_thorough(ov, seed, turnover):
    if turnover is not None:
        ov = dict(ov, **{"community.turnover": turnover})
    run_checked(ov, seed)


@settings(max_examples=25)
@given(
    ov=valid_overrides(max_keys=4),
    seed=st.integers(0, 2**31 - 1),
    turnover=st.sampled_from([0.0, 0.02, 0.1]),
)
def test_survival_stage_leaves_only_viable_groups(ov, seed, turnover):
    """Right after the survival stage every living group has >= 2 members and a leader in it."""
    ov = dict(ov, **{"community.turnover": turnover})
    m = CommunityModel("baseline", seed=seed, overrides=ov)

    def after_survival(m):
        live = m.orgs.live()
        size = members_per_org(m)[live]
        assert (size >= 2).all(), f"month {m.month}: living group with {size.min()} members"
        lead = m.orgs.leader[live]
        assert (lead >= 0).all(), f"month {m.month}: living group without a leader"
        outside = [
            (int(g), int(i))
            for g, i in zip(live, lead, strict=True)
            if not (m.res.groups[i] == g).any()
        ]
        assert not outside, (
            f"month {m.month}: (group, leader) with the leader not a member: {outside}"
        )

    for _ in range(ov["run.months"]):
        step_with_hooks(m, {"survival": after_survival})


@settings(max_examples=25)
@given(
    ov=valid_overrides(max_keys=6), seed=st.integers(0, 2**31 - 1), pol=st.sampled_from(BUDGETED)
)
def test_silent_policy_is_bit_identical_for_any_parameters(ov, seed, pol):
    """Common random numbers: a zero-intensity policy never changes a run."""
    ov = {k: v for k, v in ov.items() if not k.startswith(pol + ".")}
    base_ov = dict(ov, **{f"{pol}.enabled": False})
    silent_ov = dict(ov, **ZERO[pol], **{f"{pol}.enabled": True})
    if pol == "crisis":
        silent_ov["crisis.month"] = ov["run.months"] // 2
    base = CommunityModel("baseline", seed=seed, overrides=base_ov).run()
    silent = CommunityModel("baseline", seed=seed, overrides=silent_ov).run()
    a, b = Result.from_model(base).series, Result.from_model(silent).series
    diff = [c for c in a.columns if not a[c].equals(b[c])]
    assert not diff, f"silent {pol} changed {diff}"


@settings(max_examples=10)
@given(ov=valid_overrides(max_keys=4), seed=st.integers(0, 1000))
def test_step_with_hooks_matches_step(ov, seed):
    """The test helper walks the month exactly as CommunityModel.step does."""
    assume(ov["run.months"] >= 12)
    a = CommunityModel("baseline", seed=seed, overrides=ov)
    b = CommunityModel("baseline", seed=seed, overrides=ov)
    for _ in range(12):
        a.step()
        step_with_hooks(b)
    assert a.month == b.month == 12
    assert Result.from_model(a).series.equals(Result.from_model(b).series)


def test_step_plan_is_explicit_and_complete():
    names = [n for n, _ in STEP_PLAN]
    assert names[0] == "policies" and names[-1] == "metrics"
    assert len(set(names)) == len(names)
    assert {"needs", "decisions", "groups", "founding", "survival", "moves", "trust"} <= set(names)
    assert all(callable(f) for _, f in STEP_PLAN)


# --- targeted checks of the membership bookkeeping --------------------------------------------


class _ForcedMoves:
    """Streams whose ``moves`` stream sends exactly the residents ``who`` away."""

    def __init__(self, inner, who):
        self.inner, self.who = inner, list(who)

    def __getitem__(self, name):
        if name != "moves":
            return self.inner[name]
        who = self.who

        class _Gen:
            def random(self, n):
                u = np.ones(n)
                u[who] = 0.0
                return u

        return _Gen()


def _group_with_successor(m):
    """A living group, its leader, and the member who would take over from the leader."""
    r, o = m.res, m.orgs
    for g in o.live().tolist():
        lead = int(o.leader[g])
        mem = m.members_of(g)
        mem = mem[(mem != lead) & (r.leads[mem] < 0)]
        if mem.size >= 2:
            return g, lead, int(mem[np.argmax(r.skill[mem])])
    raise AssertionError("no group with two free members; the fixture community changed")


def test_leader_and_successor_moving_out_together_leave_no_stale_leadership():
    """When a leader and the member who takes over both move away in the same month, the
    newcomers in their homes must not lead the group (nor may the group be led by a
    non-member)."""
    m = CommunityModel(
        "baseline", seed=1, overrides={"community.residents": 1000, "run.months": 12}
    )
    m.run(3)
    g, lead, succ = _group_with_successor(m)
    m.streams = _ForcedMoves(m.streams, [lead, succ])
    lifecycle.move(m)
    r, o = m.res, m.orgs
    assert r.leads[lead] == -1, "the newcomer in the old leader's home leads a group"
    assert r.leads[succ] == -1, (
        f"the newcomer in resident {succ}'s home still leads group {g} "
        f"(orgs.leader[{g}] = {o.leader[g]}, member: {(r.groups[succ] == g).any()})"
    )
    new = o.leader[g]
    assert new == -1 or (r.groups[new] == g).any(), "group led by a non-member"


def test_group_whose_last_member_leaves_is_dissolved_not_left_leaderless():
    """A leader leaving a group with no one to take over must end the group at once: a living
    group with ``orgs.leader == -1`` would make the next month's stages (fatigue, coaching,
    grants) index resident -1, i.e. the last resident."""
    m = CommunityModel(
        "baseline", seed=1, overrides={"community.residents": 1000, "run.months": 12}
    )
    m.run(3)
    r, o = m.res, m.orgs
    g = int(o.live()[0])
    lead = int(o.leader[g])
    o.own_money[g] += 100.0
    m.ledger.income(100.0, "dues")
    for i in m.members_of(g).tolist():  # everyone else leaves first ...
        if i != lead:
            r.groups[i][r.groups[i] == g] = -1
            lifecycle._compact(r.groups, i)
    last = m.n - 1
    before = (r.skill[last], r.fatigue[last], r.leads[last], tuple(r.groups[last]))
    lifecycle.hand_over(m, g, lead, "test")  # ... then the leader: no successor
    assert not o.alive[g], "a group without members or leader stays alive"
    assert g not in m.org_agents
    assert r.leads[lead] == -1 and not (r.groups == g).any()
    assert (r.skill[last], r.fatigue[last], r.leads[last], tuple(r.groups[last])) == before
    gap, tol = ledger_gap(m)
    assert abs(gap) <= tol, "the group's money vanished from the ledger"
    assert -1 not in m.leaders


def test_group_ended_by_a_leaving_leader_keeps_members_slots_compact():
    """Slot 0 must hold a resident's first membership (decisions read only slot 0 to tell who
    is a member). When a leader leaves and the only other member leads a group of their own,
    the group ends at once; that member's remaining group must move to slot 0 right away, not
    only at the next survival stage."""
    m = CommunityModel(
        "baseline", seed=1, overrides={"community.residents": 1000, "run.months": 12}
    )
    m.run(3)
    r, o = m.res, m.orgs
    g, h = (int(x) for x in o.live()[:2])
    lead_g, lead_h = int(o.leader[g]), int(o.leader[h])
    for i in m.members_of(g).tolist():  # g keeps only its leader ...
        if i != lead_g:
            r.groups[i][r.groups[i] == g] = -1
            lifecycle._compact(r.groups, i)
    r.groups[lead_h] = [g, h]  # ... and h's leader, who joined g before founding h
    lifecycle.hand_over(m, g, lead_g, "test")
    assert not o.alive[g]
    kept = [int(x) for x in r.groups[lead_h]]
    assert kept == [h, -1], f"resident {lead_h} kept {kept}: slot 1 used, slot 0 empty"


# --- the built-in scenarios at full size --------------------------------------------------------


def _run_checked(name: str, seed: int) -> None:
    m = CommunityModel(name, seed=seed)
    for _ in range(m.months):
        m.step()
        check_month_invariants(m)
    check_series(Result.from_model(m).series, m.months, m.n)


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_scenarios_keep_invariants_every_month(name):
    _run_checked(name, seed=0)


@pytest.mark.slow
@pytest.mark.parametrize("name", builtin_names())
@pytest.mark.parametrize("seed", range(1, 6))
def test_builtin_scenarios_keep_invariants_many_seeds(name, seed):
    _run_checked(name, seed)


@pytest.mark.parametrize("scenario", ["baseline", "chengdu", "crisis"])
def test_series_and_summary_hold_plain_python_values(scenario):
    """No numpy scalar leaks into the rows or the summary (they print as np.float64(...))."""
    from yingzao.model import metrics

    m = CommunityModel(scenario, seed=1, overrides={"community.residents": 600})
    m.run(30)
    leaked = {
        k: type(v[-1]).__name__ for k, v in m.recorder.rows.items() if isinstance(v[-1], np.generic)
    }
    leaked.update(
        {k: type(v).__name__ for k, v in metrics.summary(m).items() if isinstance(v, np.generic)}
    )
    assert not leaked
