"""The classroom engine: joining, roles, decisions in place of the rules, rounds, debrief."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from yingzao.app.classroom import Classroom
from yingzao.app.classroom_debrief import _without, debrief, export_csv, my_results, summary_md
from yingzao.app.classroom_roles import apply, grants
from yingzao.model.community import CommunityModel
from yingzao.model.roles import Plays

from yingzao.errors import InputError

CODE = "abc234"


def room(**kw) -> Classroom:
    opts = dict(scenario="support-3y", residents=600, seed=3, round_months=6, rounds=3, code=CODE)
    return Classroom(**(opts | kw))


def people(c: Classroom, n: int) -> list:
    return [c.join(CODE, f"P{i}", "en") for i in range(n)]


def test_a_model_with_empty_plays_runs_exactly_as_the_rules():
    ov = {"community.residents": 600, "run.months": 30}
    a = CommunityModel("support-3y", seed=2, overrides=ov)
    b = CommunityModel("support-3y", seed=2, overrides=ov)
    b.plays = Plays()
    a.run()
    b.run()
    assert a.recorder.rows == b.recorder.rows


def test_plays_refuse_shares_outside_0_1_and_unknown_doors():
    with pytest.raises(ValueError, match="between 0 and 1"):
        Plays(facilitation=1.5)
    with pytest.raises(ValueError, match="ngo_door"):
        Plays(ngo_door="ajar")


def test_bad_session_settings_are_clear_errors():
    for kw, needle in (
        ({"scenario": "nowhere"}, "unknown scenario"),
        ({"round_months": 7}, "6 or 12"),
        ({"rounds": 0}, "1 to 20"),
        ({"residents": 50}, "200 to 20000"),
    ):
        with pytest.raises(InputError, match=needle):
            room(**kw)


def test_join_needs_the_code_and_a_name_and_roles_fill_in_order():
    c = room()
    with pytest.raises(InputError, match="code is not right"):
        c.join("zzzzzz", "Li")
    with pytest.raises(InputError, match="name"):
        c.join(CODE, "   ")
    ps = people(c, 5)
    assert [p.role for p in ps] == ["secretary", "street", "ngo", "leader", "leader"]
    assert ps[3].resident is not None and ps[3].resident != ps[4].resident
    assert c.rejoin(ps[3].token) is ps[3]
    assert c.rejoin("not-a-token") is None


def test_no_ngo_director_without_an_ngo_contract():
    c = room(scenario="baseline")
    assert [p.role for p in people(c, 3)] == ["secretary", "street", "leader"]
    with pytest.raises(InputError, match="no ngo"):
        c.assign(c.holder("secretary").token, "ngo")


def test_reassigning_a_single_role_makes_its_holder_a_leader():
    c = room()
    sec, street, ngo, lead = people(c, 4)
    c.assign(lead.token, "secretary")
    assert lead.role == "secretary" and sec.role == "leader" and sec.resident is not None
    c.remove(street.token)
    assert street.token not in c.participants and c.holder("street") is None


def test_decisions_only_when_open_and_only_the_roles_own():
    c = room()
    sec, street, *_ = people(c, 3)
    with pytest.raises(InputError, match="not open"):
        c.decide(sec.token, "facilitation", 1.0)
    c.open_round()
    with pytest.raises(InputError, match="no decision"):
        c.decide(sec.token, "budget", 1.0)
    with pytest.raises(InputError, match="not one of the choices"):
        c.decide(sec.token, "facilitation", 0.3)
    c.decide(sec.token, "facilitation", 1.0)
    c.decide(street.token, "budget", 2.0)
    c.decide(street.token, "budget", None)  # back to the rule
    assert c.pending == {sec.token: {"facilitation": 1.0}}


def test_nobody_deciding_leaves_the_class_run_equal_to_the_models_own():
    c = room()
    people(c, 6)
    for _ in range(3):
        c.open_round()
        rec = c.run_round()
        assert rec.counts["class"] == rec.counts["own"]
        assert set(rec.by_rule) == {"secretary", "street", "ngo", "leader"}
    assert c.phase == "done"
    assert c.live.model.recorder.rows == c.own.model.recorder.rows
    assert "still the same" in debrief(c, "en")["diverged"]


def test_lasting_decisions_replace_the_rule_for_the_round():
    c = room(round_months=12, rounds=2)
    sec, street, ngo, *_ = people(c, 3)
    c.open_round()
    c.decide(sec.token, "facilitation", 1.0)
    c.decide(sec.token, "ngo_door", "closed")
    c.decide(ngo.token, "substitute_share", 0.75)
    c.run_round()
    m = c.live.model
    assert m.ngo.access == 0.0 and m.ngo.substitute_share == 0.75
    assert m.committee.practice > c.own.model.committee.practice
    # kept out, the NGO accompanied no group in the class's run
    assert not m.orgs.ngo_helped[: m.orgs.n].any()
    assert c.own.model.orgs.ngo_helped[: c.own.model.orgs.n].any()


def test_one_off_acts_found_pay_hand_over_withdraw_leave_budget():
    c = room(round_months=12, rounds=3)
    sec, street, ngo, lead = people(c, 4)
    m = c.live.model
    g = int(m.res.leads[lead.resident])
    assert g >= 0, "the first leader plays the leader of the largest group"
    own_before, leader_in = float(m.orgs.own_money[g]), m.ledger.inflow["leader"]
    apply(c.live, [("P3", "leader", lead.resident, {"pay": 500})])
    assert m.orgs.own_money[g] == pytest.approx(own_before + 500)
    assert m.ledger.inflow["leader"] == pytest.approx(leader_in + 500)
    c.open_round()
    c.decide(street.token, "budget", 0.0)
    c.decide(ngo.token, "leave_now", True)
    c.run_round()
    assert grants(m).yearly_budget() == 0.0
    assert (m.ngo is None or not m.ngo.present) and c.own.model.ngo.present
    c.open_round()
    c.decide(lead.token, "hand_over", True)
    c.decide(street.token, "withdraw_now", True)
    month = m.month
    c.run_round()
    assert m.res.leads[lead.resident] != g
    assert all(min(p.end, p.outside_end) <= month for p in m.policies if p.outside_funded)
    c.open_round()
    cat = "elder_care"
    c.decide(lead.token, "found", cat)
    c.run_round()
    founded = [e for e in c.history[-1].did if "found" in e["en"]]
    assert founded, "the played leader's founding is in the round's log"


def test_a_played_leader_who_will_not_apply_is_not_among_the_applicants():
    c = room(round_months=12, rounds=1)
    _, _, _, lead = people(c, 4)
    g = int(c.live.model.res.leads[lead.resident])
    c.open_round()
    c.decide(lead.token, "apply", False)
    c.run_round()
    assert c.live.model.plays.apply == {g: False}
    assert c.live.model.orgs.grants_won[g] == 0


def test_countdown_pause_resume_and_tick():
    c = room(countdown=30)
    people(c, 3)
    c.open_round(now=100.0)
    assert not c.tick(now=110.0) and c.seconds_left(now=110.0) == 20.0
    c.pause(now=110.0)
    assert c.phase == "paused" and c.seconds_left() == 20.0
    assert not c.tick(now=1e9)  # paused: the time does not run out
    c.resume(now=200.0)
    assert c.tick(now=220.0) and c.round == 1 and c.phase == "lobby"


def test_replaying_a_round_gives_the_same_round_again_with_its_decisions():
    c = room(rounds=2)
    sec, street, *_ = people(c, 4)
    c.open_round()
    c.decide(sec.token, "facilitation", 0.0)
    first = c.run_round().counts
    c.open_round()
    c.decide(street.token, "budget", 2.0)
    second = c.run_round().counts
    c.replay_round()
    assert c.round == 1 and c.history[0].counts == first
    assert c.pending == {street.token: {"budget": 2.0}}
    c.open_round()
    assert c.run_round().counts == second


def test_debrief_names_the_first_round_that_differs_and_each_roles_effect():
    c = room(round_months=12, rounds=2)
    sec, *_ = people(c, 4)
    c.open_round()
    c.decide(sec.token, "ngo_door", "closed")
    c.decide(sec.token, "facilitation", 0.0)
    c.run_round()
    c.open_round()
    c.run_round()
    d = debrief(c, "en")
    assert "round 1" in d["diverged"] and any("kept the NGO out" in x for x in d["decisions"])
    assert len(d["why"]) == 1 and "secretary" in d["why"][0]
    # only the secretary played: the class without the secretary is the model's own run
    assert _without(c, "secretary") == c.history[-1].counts["own"]
    zh = summary_md(c, "zh")
    assert "学员" in zh and "| 1 | 12 |" in zh


def test_export_has_every_decision_result_and_log_line():
    c = room(rounds=1)
    sec, street, *_ = people(c, 3)
    c.open_round()
    c.decide(sec.token, "facilitation", 0.5)
    c.decide(street.token, "budget", 0.5)
    c.run_round()
    rows = list(csv.DictReader(io.StringIO(export_csv(c))))
    got = {(r["who"], r["key"], r["value"]) for r in rows if r["section"] == "decision"}
    assert got == {("P0", "facilitation", "0.5"), ("P1", "budget", "0.5")}
    assert {r["who"] for r in rows if r["section"] == "result"} == {"class", "own"}
    assert sum(r["section"] == "log" for r in rows) == len(c.live.story.log)


def test_each_role_sees_its_own_results():
    c = room(rounds=1)
    ps = people(c, 4)
    c.open_round()
    c.run_round()
    labels = {p.role: [k for k, _ in my_results(c, p.token, "zh")] for p in ps}
    assert "居委会对居民的支持（0-100）" in labels["secretary"]
    assert "今年的微项目资金" in labels["street"]
    assert "联合会中的团队" in labels["ngo"]
    lead = dict(my_results(c, ps[3].token, "en"))
    g = int(c.live.model.res.leads[ps[3].resident])
    if g >= 0:
        assert int(lead["Members"]) == c.live.model.members_of(g).size
    else:
        assert lead["Your group"] == "You lead no group now."


def test_forty_participants_round_latency_is_recorded():
    c = room(residents=2000, rounds=1, round_months=12)
    ps = people(c, 40)
    assert sum(p.role == "leader" for p in ps) == 37
    assert len({p.resident for p in ps if p.role == "leader"}) == 37
    c.open_round()
    for p in ps:
        for ch in c.choices(p.token):
            if ch.why_not is None and ch.kind == "share":
                c.decide(p.token, ch.key, ch.options[-1][0])
    rec = c.run_round()
    assert rec.ms > 0 and np.isfinite(rec.ms)
