"""Mesa agents (agents/): residents on the network space, leaders, organizations, committee."""

from __future__ import annotations

import mesa
import numpy as np
import pytest
from mesa.discrete_space import Network
from yingzao.agents import NGO, Committee, Federation, Leader, Resident, SelfOrganization
from yingzao.model.defaults import CATEGORIES
from yingzao.model.state import REC

from yingzao import CommunityModel

OV = {"community.residents": 500, "run.months": 24}


@pytest.fixture(scope="module")
def model():
    m = CommunityModel("incubation", seed=2, overrides=OV)
    m.run(18)
    return m


def agents_of(m, cls):
    return [a for a in m.agents if type(a) is cls]


def test_every_resident_is_an_agent_on_the_network(model):
    m = model
    assert isinstance(m.space, Network)
    assert len(m.residents) == m.n == len(m.space.all_cells)
    assert {c.coordinate for c in m.space.all_cells} == set(range(m.n)) == set(m.graph.nodes)
    for i, a in enumerate(m.residents):
        assert isinstance(a, Resident) and isinstance(a, mesa.Agent)
        assert a.rid == i
        assert a.cell is m.space[i] and a.cell.coordinate == i
        assert a in a.cell.agents
    assert set(agents_of(m, Resident)) == set(m.residents)


def test_network_matches_the_adjacency_matrix(model):
    m = model
    i = int(np.argmax(np.diff(m.A.indptr)))
    nb_matrix = set(m.A.indices[m.A.indptr[i] : m.A.indptr[i + 1]].tolist())
    nb_space = {c.coordinate for c in m.space[i].neighborhood}
    assert nb_matrix == nb_space
    assert m.graph.number_of_edges() * 2 == m.A.nnz


def test_resident_attributes_read_through_to_arrays():
    m = CommunityModel("baseline", seed=0, overrides=OV)
    r, a = m.res, m.residents[7]
    for name in ("skill", "spirit", "free_time", "trust_nb", "trust_cm", "propensity"):
        assert getattr(a, name) == getattr(r, name)[7]
        getattr(r, name)[7] = 0.123
        assert getattr(a, name) == 0.123, name
    r.need[7, 2] = 0.77
    assert a.needs[CATEGORIES[2]] == 0.77
    assert set(a.needs) == set(CATEGORIES)
    r.public[7] = True
    assert a.public is True
    r.groups[7] = [-1, -1]
    assert a.groups == []
    g = int(m.orgs.live()[0])
    r.groups[7, 0] = g
    assert a.groups == [g]
    assert a.building == r.building[7] and a.household == r.household[7]


def test_org_agents_exist_exactly_for_living_organizations(model):
    m = model
    live = set(m.orgs.live().tolist())
    assert live, "no living organizations in the fixture"
    assert set(m.org_agents) == live
    assert {a.oid for a in agents_of(m, SelfOrganization)} == live


def test_org_agent_reads_through(model):
    m = model
    g, a = next(iter(m.org_agents.items()))
    o = m.orgs
    assert a.leader == o.leader[g]
    assert a.capacity == o.capacity[g]
    assert a.size == o.size[g]
    assert a.functional == (o.kind[g] != REC)
    assert a.category == CATEGORIES[o.kind[g]]
    assert set(a.members.tolist()) == set(m.members_of(g).tolist())
    with pytest.raises(AttributeError):
        a.no_such_column  # noqa: B018


def test_org_agents_stay_in_sync_every_month():
    m = CommunityModel("support-3y", seed=4, overrides=dict(OV, **{"community.turnover": 0.02}))
    for _ in range(24):
        m.step()
        live = set(m.orgs.live().tolist())
        assert set(m.org_agents) == live
        assert {a.oid for a in agents_of(m, SelfOrganization)} == live


def test_committee_and_leaders_are_agents(model):
    m = model
    assert isinstance(m.committee, Committee) and isinstance(m.committee, mesa.Agent)
    assert agents_of(m, Committee) == [m.committee]
    assert m.committee.mode in ("administrative", "facilitative")
    assert m.leaders, "no leaders in the fixture"
    assert set(agents_of(m, Leader)) == set(m.leaders.values())
    lvl = m.v["resident.leader_skill"]
    for i, ld in m.leaders.items():
        assert isinstance(ld, mesa.Agent)
        assert ld.rid == i and ld.resident is m.residents[i]
        assert m.residents[i].is_leader
        assert m.res.skill[i] >= lvl
        assert ld.leads == (m.res.leads[i] if m.res.leads[i] >= 0 else None)
        assert 0.0 <= ld.fatigue <= 1.0
    not_leaders = np.flatnonzero(m.res.skill < lvl)
    assert not any(m.residents[i].is_leader for i in not_leaders[:50].tolist())


def test_ngo_and_federation_are_agents():
    m = CommunityModel(
        "incubation",
        seed=1,
        # the funder's review may end a contract early; here the NGO must stay its 36 months
        overrides={"community.residents": 1500, "run.months": 30, "mech.funder_review": False},
    )
    m.run()
    assert isinstance(m.ngo, NGO) and isinstance(m.ngo, mesa.Agent)
    assert agents_of(m, NGO) == [m.ngo]
    assert m.ngo.present
    assert 0.0 <= m.ngo.effectiveness <= 1.0
    if m.federation is not None:
        assert isinstance(m.federation, Federation)
        assert agents_of(m, Federation) == [m.federation]
        mem = m.federation.members
        assert m.orgs.alive[mem].all() and m.orgs.federated[mem].all()


def test_the_ngo_leaves_when_its_contract_ends():
    m = CommunityModel(
        "incubation",
        seed=1,
        overrides={"community.residents": 600, "run.months": 20, "ngo.months": 12},
    )
    m.run(12)
    assert m.ngo is not None and not m.ngo.present
