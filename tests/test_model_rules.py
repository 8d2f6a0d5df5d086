"""The rules of Model 2.0, one at a time, on small communities.

Each test sets up the situation a rule is about and checks what the rule says happens, with a
control that differs only in that situation.
"""

from __future__ import annotations

import numpy as np
import pytest
from yingzao.model import ladder, participation, production
from yingzao.model.participation import contagion
from yingzao.model.state import REC

from yingzao import CommunityModel

SMALL = {"community.residents": 800, "run.months": 36}


def model(scenario: str = "baseline", seed: int = 1, **ov) -> CommunityModel:
    return CommunityModel(scenario, seed=seed, overrides={**SMALL, **ov})


def test_one_active_contact_pulls_little_several_pull_much():
    v = model().v
    c = contagion(np.array([0.0, 1.0, 2.0, 4.0]), v)
    assert c[0] == 0 and c[1] < 0.25 and abs(c[2] - 0.5) < 1e-12 and c[3] > 0.75
    # complex contagion: the second contact adds more than the first
    assert c[2] - c[1] > c[1] - c[0]


def test_contacts_count_only_active_members_of_that_group_by_tie_strength():
    m = model()
    m.run(12)
    o = m.orgs
    g = int(o.live()[np.argmax(o.size[o.live()])])
    mem = m.members_of(g)
    m.res.engaged[:] = False
    m.res.engaged[mem] = True
    j = np.arange(m.n)
    a = participation.group_contacts(m, j, np.full(m.n, g))
    expect = m.W @ np.isin(np.arange(m.n), mem).astype(float)
    assert np.allclose(a, expect)
    m.res.engaged[:] = False  # only the leader still counts for its own group
    a = participation.group_contacts(m, j, np.full(m.n, g))
    lead = int(o.leader[g])
    assert np.allclose(a, m.W[:, [lead]].toarray().ravel())


@pytest.mark.parametrize("scenario", ["baseline", "npi-changqing"])
def test_a_new_groups_contacts_are_the_ties_with_its_founder(scenario):
    """The founding shortcut (founding.ask_neighbours(new=True)) counts what group_contacts does."""
    m = model(scenario)
    m.run(3)
    # the shortcut reads row i of W as its neighbours' ties with i: the same pattern as A, and
    # W symmetric to the last bit
    assert np.array_equal(m.A.indptr, m.W.indptr) and np.array_equal(m.A.indices, m.W.indices)
    assert (m.W != m.W.T).nnz == 0
    r = m.res
    free = np.flatnonzero((r.groups[:, 0] < 0) & (r.leads < 0) & (np.diff(m.A.indptr) > 0))
    for i in free[:25].tolist():
        g = m.found_group(i, 0, m.month)
        nb = m.A.indices[m.A.indptr[i] : m.A.indptr[i + 1]]
        r.engaged[nb] = True  # neighbours active elsewhere still do not count for g
        got = participation.group_contacts(m, nb, np.full(nb.size, g))
        assert np.array_equal(got, m.W.data[m.W.indptr[i] : m.W.indptr[i + 1]])


def test_asking_picks_neighbours_in_proportion_to_tie_strength():
    m = model()
    i = int(np.argmax(np.diff(m.W.indptr)))  # the best-connected resident
    who = np.full(20000, i)
    u = np.random.default_rng(0).random(who.size)
    _, picked, _ = participation.pick_neighbour(m, who, u)
    nb = m.W.indices[m.W.indptr[i] : m.W.indptr[i + 1]]
    w = m.W.data[m.W.indptr[i] : m.W.indptr[i + 1]]
    freq = np.array([(picked == k).mean() for k in nb])
    assert np.isin(picked, nb).all()
    assert np.allclose(freq, w / w.sum(), atol=0.02)


def test_money_buys_materials_not_effort():
    m = model()
    m.run(6)
    o = m.orgs
    g = int(o.live()[0])
    o.kind[g] = 0
    m.res.engaged[:] = False  # nobody takes part this month
    o.out_money[g] = 1e6
    o.grant_months[g] = 1
    production.produce(m)
    assert o.output[g] == 0.0


def test_a_planned_grant_end_is_no_shock_but_a_withdrawal_is():
    m = model("chengdu", **{"grants.end": 13})
    m.run(30)
    o = m.orgs
    assert (o.shock[: o.n] == 0).all()  # grants ended as planned at month 13
    w = model("chengdu", **{"withdrawal.month": 13})
    w.run(14)
    o = w.orgs
    live = o.live()
    dep = live[o.dependence[live] > 0]
    assert dep.size and (o.shock[dep] > 0).all()


def test_the_organizing_span_limits_engagement_not_membership():
    m = model("incubation", **{"group.span_base": 1.0, "group.span_capacity": 0.0})
    m.run(24)
    share, _ = participation._span_and_attraction(m)
    o = m.orgs
    func = o.live()[o.kind[o.live()] != REC]
    assert (share[func] <= 1.0 / np.maximum(o.size[func], 1) + 1e-12).all()


def test_registration_by_coaching_grant_and_contact():
    m = model("incubation", **{"mech.funder_review": False})
    m.run(24)
    tab = m.orgs
    coached = np.flatnonzero(tab.coached_months[: tab.n] > 0)
    assert coached.size and tab.registered[coached].all()
    g = model("chengdu")
    g.run(13)
    won = np.flatnonzero(g.orgs.grants_won[: g.orgs.n] > 0)
    assert won.size and g.orgs.registered[won].all()
    quiet = model(**{"registration.contact_rate": 0.0, "registration.support_rate": 0.0})
    quiet.run(36)
    assert not quiet.orgs.registered[: quiet.orgs.n].any()


def test_ladder_levels_follow_what_residents_did():
    m = model("chengdu")
    m.run(13)  # a wishes collection at month 12
    t = m.month - 1
    lev = ladder.levels(m, t)
    r, o = m.res, m.orgs
    voted = (r.last_occasional == 12) & (r.last_public < t - 11)
    assert (lev[voted] == 1).all()
    leads = np.flatnonzero((r.leads >= 0) & (o.kind[np.maximum(r.leads, 0)] != REC))
    assert (lev[leads] == 4).all()
    never = (r.last_public < -900) & (r.last_occasional < -900) & ~r.head
    assert (lev[never] == 0).all()
    sh = ladder.shares(m, t)
    assert abs(sum(v for k, v in sh.items() if k.startswith("level_")) - 1) < 1e-12


def test_the_funder_drops_a_contract_that_grew_no_groups():
    sub = model("substitution", **{"funder.noise_sd": 0.0, "run.months": 24})
    sub.run()
    contract = next(p for p in sub.policies if p.name == "ngo")
    assert contract.dropped_at == sub.v["funder.review_after"] - 1
    assert not sub.ngo.present and sub.ngo.dropped
    keep = model("substitution", **{"funder.target": 0.0, "run.months": 24})
    keep.run()
    assert next(p for p in keep.policies if p.name == "ngo").dropped_at is None


def test_a_closed_committee_keeps_a_visiting_ngo_out():
    shut = model("incubation", **{"committee.openness": 0.0, "mech.funder_review": False})
    shut.run(12)
    assert shut.ngo.access == 0.0
    assert shut.orgs.coached_months[: shut.orgs.n].sum() == 0
    by_order = model(
        "incubation",
        **{"committee.openness": 0.0, "ngo.entry": "endorsement", "mech.funder_review": False},
    )
    by_order.run(12)
    assert by_order.orgs.coached_months[: by_order.orgs.n].sum() > 0


def test_urgent_tasks_from_above_take_the_committee_free_time():
    calm = model(**{"committee.urgent_rate": 0.0})
    busy = model(**{"committee.urgent_rate": 1.0, "committee.urgent_load": 0.1})
    calm.run(1)
    busy.run(1)  # an urgent task arrived in the first month and lasts urgent_months
    assert busy.committee.urgent_left > 0
    assert busy.committee.free_share < calm.committee.free_share


def test_crisis_volunteers_form_teams_that_can_outlast_the_crisis():
    m = model("crisis", **{"crisis.month": 6, "crisis.call": 1.0, "run.months": 30})
    m.run()
    crisis = next(p for p in m.policies if p.name == "crisis")
    assert crisis.teams > 0
    off = model(
        "crisis",
        **{"crisis.month": 6, "crisis.call": 1.0, "run.months": 30, "mech.crisis_teams": False},
    )
    off.run()
    assert next(p for p in off.policies if p.name == "crisis").teams == 0


def test_crowded_public_space_lowers_recreation():
    roomy = model(**{"space.per_1000": 1000.0})
    tight = model(**{"space.per_1000": 5.0})
    roomy.run(36)
    tight.run(36)
    assert tight.space_crowding > 1 > roomy.space_crowding
    rec = lambda m: m.orgs.output[m.orgs.live()][m.orgs.kind[m.orgs.live()] == REC].mean()  # noqa: E731
    assert rec(tight) < rec(roomy)


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_run_months_must_be_a_whole_number(bad):
    with pytest.raises((TypeError, ValueError), match="months"):
        model().run(bad)
