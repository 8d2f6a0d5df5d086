"""Live interventions (model/live.py): a trainer changes a running model's policies."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from conftest import check_month_invariants, step_with_hooks
from yingzao.model.community import CommunityModel
from yingzao.model.live import INTERVENTIONS, intervene
from yingzao.model.policies import ORDER
from yingzao.model.policies.simple import Crisis, Training, Withdrawal
from yingzao.model.results import Result
from yingzao.scenarios import load

from yingzao.errors import InputError

WITHDRAWN = "Live: the trainer withdrew all outside money now."
ALREADY = "Live: outside money had already stopped; nothing changed."
CRISIS = "Live: the trainer set off a crisis now."


def _model(name: str, residents: int = 1000, seed: int = 0, **extra) -> CommunityModel:
    ov = {"community.residents": residents, **{k.replace("__", "."): v for k, v in extra.items()}}
    return CommunityModel(load(name, ov), seed=seed)


def _ranks(m: CommunityModel) -> list[int]:
    return [ORDER.index(type(p)) for p in m.policies]


def _without_live(events):
    return [e for e in events if e[1] != "live"]


def _stage_snapshot(m: CommunityModel, stage: str, take) -> dict:
    """Step ``m`` one month and return ``take(m)`` as it was right after ``stage``."""
    out = {}
    step_with_hooks(m, {stage: lambda mm: out.setdefault("x", take(mm))})
    return out["x"]


# --- withdraw ---------------------------------------------------------------------------------


def test_withdraw_stops_outside_money_now():
    m = _model("support-8y")
    m.run(20)
    money = m.recorder.rows["outside_money_month"]
    assert sum(money[15:20]) > 0, "support-8y pays outside money before the withdrawal"
    text = intervene(m, "withdraw")
    assert text == WITHDRAWN
    assert m.events[-1] == (20, "live", WITHDRAWN)
    ws = [p for p in m.policies if isinstance(p, Withdrawal)]
    assert len(ws) == 1 and ws[0].month == 20  # the scenario's month-96 withdrawal is replaced
    for _ in range(5):
        m.step()
        check_month_invariants(m)
    assert m.recorder.rows["outside_money_month"][20:25] == [0.0] * 5
    spent = m.recorder.rows["outside_money_spent"]
    assert spent[24] == spent[19]
    assert (20, "withdrawal", "All outside money stopped.") in m.events
    res = Result.from_model(m)
    assert res.summary["withdrawal_month"] == 20
    assert res.summary["functional_at_withdrawal"] is not None
    assert (20, "withdrawal") in res.marks
    left = [e for e in m.events if e[1] == "ngo" and "left" in e[2]]
    assert len(left) == 1 and 19 <= left[0][0] <= 20, left
    assert m.ngo is not None and not m.ngo.present


def test_withdraw_when_money_already_stopped_changes_nothing():
    a, b = _model("support-3y", residents=800), _model("support-3y", residents=800)
    a.run(40)
    b.run(40)
    before = list(a.policies)
    ends = [(p.start, p.end, p.outside_end) for p in a.policies]
    assert intervene(a, "withdraw") == ALREADY
    assert a.events[-1] == (40, "live", ALREADY)
    assert a.policies == before and all(x is y for x, y in zip(a.policies, before, strict=True))
    assert [(p.start, p.end, p.outside_end) for p in a.policies] == ends
    a.run(6)
    b.run(6)
    assert a.recorder.rows == b.recorder.rows
    assert _without_live(a.events) == b.events
    assert Result.from_model(a).summary["withdrawal_month"] == 36


def test_second_live_withdraw_is_already_stopped():
    m = _model("baseline", residents=600)
    m.run(3)
    assert intervene(m, "withdraw") == WITHDRAWN
    m.step()
    assert intervene(m, "withdraw") == ALREADY
    assert sum(isinstance(p, Withdrawal) for p in m.policies) == 1
    assert [e[2] for e in m.events if e[1] == "live"] == [WITHDRAWN, ALREADY]


# (case, month of the live intervention, months run, the same policy set in the scenario)
SAME_AS_SCENARIO = [
    ("chengdu", "withdraw", 20, 36, {"withdrawal__enabled": True, "withdrawal__month": 20}),
    ("support-3y", "withdraw", 20, 40, {"withdrawal__month": 20}),  # with an NGO that leaves
    ("baseline", "training", 12, 30, {"training__enabled": True, "training__start": 12}),
    ("support-3y", "crisis", 20, 30, {"crisis__enabled": True, "crisis__month": 20}),
]


@pytest.mark.parametrize(("case", "what", "at", "months", "setting"), SAME_AS_SCENARIO)
def test_a_live_policy_acts_as_the_same_policy_in_the_scenario(case, what, at, months, setting):
    live = _model(case, seed=4)
    live.run(at)
    intervene(live, what)
    live.run(months - at)
    scn = _model(case, seed=4, **setting)
    scn.run(months)
    assert live.recorder.rows == scn.recorder.rows
    assert _without_live(live.events) == scn.events


def test_the_ngo_leaves_in_the_month_before_a_live_withdrawal():
    live = _model("support-3y", seed=4)
    live.run(20)
    intervene(live, "withdraw")
    live.run(5)
    assert [e[0] for e in live.events if e[1] == "ngo" and "left" in e[2]] == [19]


def test_withdraw_after_live_training_stops_the_training_money():
    m = _model("baseline", residents=800)
    m.run(5)
    intervene(m, "withdraw")
    m.run(5)
    intervene(m, "training")
    m.step()
    assert m.recorder.rows["outside_money_month"][-1] > 0  # the training is paid from outside
    text = intervene(m, "withdraw")
    m.run(12)
    assert m.recorder.rows["outside_money_month"][11:] == [0.0] * 12
    assert text == WITHDRAWN


# --- training ---------------------------------------------------------------------------------


def test_training_trains_a_cohort_now():
    a, b = _model("baseline"), _model("baseline")
    assert not any(isinstance(p, Training) for p in a.policies)
    a.run(10)
    b.run(10)
    text = intervene(a, "training")
    cohort, every = int(a.v["training.cohort"]), int(a.v["training.every"])
    assert text == f"Live: leader training started now (cohorts of {cohort} every {every} months)."
    assert a.events[-1] == (10, "live", text)
    tr = [p for p in a.policies if isinstance(p, Training)]
    assert len(tr) == 1 and tr[0].start == 10 and tr[0].active(10) and tr[0].active(500)
    leaders_before = len(a.leaders)
    skill_a = _stage_snapshot(a, "policies", lambda m: m.res.skill.copy())
    skill_b = _stage_snapshot(b, "policies", lambda m: m.res.skill.copy())
    assert (skill_a > skill_b).sum() == cohort
    assert (skill_a >= skill_b).all()
    assert len(a.leaders) >= leaders_before
    assert a.recorder.rows["outside_money_month"][10] == pytest.approx(
        cohort * a.v["training.cost_per_trainee"]
    )
    assert b.recorder.rows["outside_money_month"][10] == 0.0
    assert a.recorder.rows["leaders"][10] >= b.recorder.rows["leaders"][10]
    # the next cohort comes ``every`` months later
    a.run(every - 1)
    skill = a.res.skill.copy()
    after = _stage_snapshot(a, "policies", lambda m: m.res.skill.copy())
    assert (after > skill).sum() == cohort


# --- crisis -----------------------------------------------------------------------------------


def test_crisis_raises_needs_now():
    # without the call for volunteers, whose help in the same month lowers needs again
    off = {"crisis__call": 0.0, "crisis__enabled": False}  # setting a key would switch it on
    a, b = _model("baseline", **off), _model("baseline", **off)
    a.run(10)
    b.run(10)
    assert intervene(a, "crisis") == CRISIS
    c = next(p for p in a.policies if isinstance(p, Crisis))
    assert (c.start, c.end) == (10, 10 + int(a.v["crisis.months"]))
    jump = a.v["crisis.need_jump"]
    assert jump > 0
    need_a = _stage_snapshot(a, "needs", lambda m: m.res.need.copy())
    need_b = _stage_snapshot(b, "needs", lambda m: m.res.need.copy())
    hit = [0, 2, 4]
    rise = a.v["needs.recurrence"] * jump  # need moves part of the way to base + jump
    assert need_a[:, hit].mean() > need_b[:, hit].mean() + 0.5 * rise
    assert (need_a[:, hit] >= need_b[:, hit] - 1e-12).all()
    assert np.array_equal(need_a[:, [1, 3, 5]], need_b[:, [1, 3, 5]])
    assert np.allclose(a.crisis_add[hit], jump) and not b.crisis_add.any()
    assert (10, "crisis", "A crisis struck: needs jumped and volunteers were called.") in a.events
    assert Result.from_model(a).summary["crisis_volunteers_first_month"] == 0
    # the crisis ends after crisis.months
    a.run(int(a.v["crisis.months"]))
    a.step()
    assert not a.crisis_add.any()


def test_crisis_raises_the_need_target_and_calls_volunteers():
    a, b = _model("baseline"), _model("baseline")
    a.run(10)
    b.run(10)
    intervene(a, "crisis")
    hit = [0, 2, 4]
    add_a = _stage_snapshot(a, "policies", lambda m: m.crisis_add.copy())
    add_b = _stage_snapshot(b, "policies", lambda m: m.crisis_add.copy())
    assert np.allclose(add_a[hit], a.v["crisis.need_jump"]) and not add_b.any()
    assert add_a[[1, 3, 5]].sum() == 0
    vol = next(p for p in a.policies if isinstance(p, Crisis)).volunteers
    assert list(vol) == [10] and vol[10] > 0
    assert Result.from_model(a).summary["crisis_volunteers_first_month"] == vol[10]


# --- order, determinism, errors ---------------------------------------------------------------


@pytest.mark.parametrize("sequence", list(itertools.permutations(INTERVENTIONS)))
def test_policies_stay_in_acting_order(sequence):
    m = _model("support-3y", residents=600)
    assert _ranks(m) == sorted(_ranks(m))
    for what in sequence:
        m.step()
        intervene(m, what)
        assert _ranks(m) == sorted(_ranks(m)), (sequence, [type(p).__name__ for p in m.policies])
    types = {type(p) for p in m.policies}
    assert {Withdrawal, Crisis, Training} <= types
    m.step()
    check_month_invariants(m)


def _scripted(seed: int, plan: dict[int, str], months: int = 30) -> CommunityModel:
    m = _model("support-8y", residents=800, seed=seed)
    for month in range(months):
        if month in plan:
            intervene(m, plan[month])
        m.step()
    return m


def test_same_seed_and_interventions_give_identical_runs():
    plan = {5: "crisis", 12: "training", 20: "withdraw"}
    a, b = _scripted(7, plan), _scripted(7, plan)
    assert a.recorder.rows == b.recorder.rows
    assert a.events == b.events
    assert np.array_equal(a.res.skill, b.res.skill)
    # the comparison can tell: the same interventions one month later give another run
    c = _scripted(7, {6: "crisis", 12: "training", 20: "withdraw"})
    assert c.recorder.rows != a.recorder.rows


def test_unknown_intervention_is_refused():
    m = _model("baseline", residents=600)
    m.run(2)
    pols, events = list(m.policies), list(m.events)
    for what in ("party", "", "Withdraw", "withdrawal"):
        with pytest.raises(InputError, match="unknown intervention") as e:
            intervene(m, what)
        assert all(w in str(e.value) for w in INTERVENTIONS)
    assert m.policies == pols and m.events == events


def test_live_training_stops_at_a_withdrawal_still_to_come():
    m = _model("support-3y", residents=800)
    m.run(30)
    intervene(m, "training")
    m.run(20)
    money = m.recorder.rows["outside_money_month"]
    assert money[30] > 0  # the live cohort is paid
    assert all(x == 0 for x in money[36:50]), money[36:50]
