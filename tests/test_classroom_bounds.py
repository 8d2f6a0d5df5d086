"""Played decisions keep the rules' bounds: the review's cases, each a test that fails without
its fix (a share that outlasted its round, a federation below its declared minimum, pocket money
beyond the rule's, a round length changed under an open round)."""

from __future__ import annotations

import numpy as np
import pytest
from yingzao.app.classroom import Classroom
from yingzao.app.classroom_roles import POCKET_FACTORS, apply
from yingzao.app.workshop_session import Session

from yingzao.errors import InputError

CODE = "abc234"


def room(**kw) -> Classroom:
    opts = dict(scenario="support-3y", residents=600, seed=3, round_months=12, rounds=4, code=CODE)
    return Classroom(**(opts | kw))


def test_a_played_ngo_share_is_for_its_round_and_the_rule_takes_over_after():
    c = room()
    _, _, ngo = [c.join(CODE, f"P{i}", "en") for i in range(3)]
    c.open_round()  # a first round by the rules: the NGO has come
    c.run_round()
    before = c.live.model.ngo.substitute_share
    c.open_round()
    c.decide(ngo.token, "substitute_share", 1.0)
    c.run_round()
    m = c.live.model
    assert m.ngo.substitute_share == 1.0 and m.ngo.rule_share == before
    c.open_round()  # nobody decides: the rule's share, from where the rule had it
    c.run_round()
    assert m.ngo.rule_share is None
    assert m.ngo.substitute_share < 1.0
    # the rule's drift (upward only) went on from `before`, not from the played 1.0
    assert before <= m.ngo.substitute_share < 1.0


def test_a_federation_now_needs_the_declared_minimum_of_accompanied_groups():
    s = Session.new("support-3y", 600, 3)
    m = s.model
    for _ in range(12):  # the NGO is there, with groups
        s.step()
    o = m.orgs
    live = o.live()
    o.coached_months[: o.n] = 0
    need = int(m.v["ngo.federation_min"])
    o.coached_months[live[: need - 1]] = 3  # one short of the minimum
    assert need - 1 >= 2, "the old bare rule (two groups) would have founded it"
    lines = apply(s, [("N", "ngo", None, {"federation_now": True})])
    assert m.federation is None and any("fewer than" in x["en"] for x in lines)
    o.coached_months[live[:need]] = 3
    apply(s, [("N", "ngo", None, {"federation_now": True})])
    assert m.federation is not None


def test_pocket_money_offered_stays_within_the_rules_bound():
    c = room()
    people = [c.join(CODE, f"P{i}", "en") for i in range(12)]
    m = c.live.model
    bound = float(m.v["group.leader_pocket"]) * c.round_months
    offered = [
        v for p in people for ch in c.choices(p.token) if ch.key == "pay" for v, _ in ch.options
    ]
    assert offered and max(offered) <= bound + 1e-9 and max(POCKET_FACTORS) == 1.0
    assert np.isclose(sorted(set(offered))[-1], bound)


def test_the_round_length_changes_only_between_rounds():
    c = room()
    c.join(CODE, "P0", "en")
    c.open_round()
    with pytest.raises(InputError, match="between rounds"):
        c.set_round_months(6)
    c.pause()
    with pytest.raises(InputError, match="between rounds"):
        c.set_round_months(6)
    c.resume()
    c.run_round()
    c.set_round_months(6)
    assert c.round_months == 6


def test_an_ngo_the_street_sent_in_cannot_be_kept_out():
    c = room(scenario="incubation")
    c.live.model.v["ngo.entry"] = "endorsement"  # as a case with endorsement entry
    sec = c.join(CODE, "P0", "en")
    door = next(ch for ch in c.choices(sec.token) if ch.key == "ngo_door")
    assert door.why_not is not None and "cannot keep it out" in door.why_not["en"]
    c.open_round()
    with pytest.raises(InputError):
        c.decide(sec.token, "ngo_door", "closed")
    # and in the model itself, whatever a Plays says
    from yingzao.model.community import CommunityModel
    from yingzao.model.roles import Plays

    m = CommunityModel(
        "incubation", seed=2, overrides={"community.residents": 400, "ngo.entry": "endorsement"}
    )
    while m.ngo is None or not m.ngo.present:
        m.step()
    m.plays = Plays(ngo_door="closed")
    assert m.ngo.access == 1.0
