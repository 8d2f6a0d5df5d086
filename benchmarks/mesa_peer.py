"""An idiomatic per-agent Mesa version of the decisions stage, for the speed comparison.

It implements the rule of :func:`yingzao.model.participation.decide` one agent at a time:
``FixedAgent`` residents on ``mesa.discrete_space.Network(m.graph, layout=None)``, reading their
neighbours through ``self.cell.neighborhood.agents``, activated with ``AgentSet.shuffle_do``.
State is copied from the model's arrays into plain Python attributes at set-up.

What is the same as the vectorized stage: the network and its tie strengths, the inputs
(propensity, leader floor, groups, organization kind, capacity, size, output, coaching, project,
recognition and federation, need, spirit, trust, skill, experience, free time, theta), the
engagement rule with the organizing span, the speaker-group, attraction and asking rules (a
neighbour chosen in proportion to tie strength), the threshold rule with the complex-contagion
pull of the contacts active in the asking group, the asker's skill, recognition, federation,
experience and cost, one accepted invitation per resident per month, and that engagement is
decided before anyone is asked (hence two activation passes: ``engage``, then ``ask``). What is
not identical: the random numbers (stdlib ``random`` in shuffled agent order, not the model's
named numpy streams), so runs are not bit-identical; when a resident accepts several
invitations in a month, which one wins follows the activation order.
"""

from __future__ import annotations

import mesa
from mesa.discrete_space import FixedAgent, Network
from yingzao.model.state import REC


class PeerOrg:
    """A plain organization record (organizations are few; no arrays needed)."""

    def __init__(self, **state) -> None:
        self.__dict__.update(state)


class PeerResident(FixedAgent):
    """One resident with its own state, deciding alone from what its neighbours do."""

    def __init__(self, model: PeerModel, cell, ties: dict[int, float], **state) -> None:
        super().__init__(model)
        self.cell = cell
        self.ties = ties  # neighbour resident id -> tie strength
        self.__dict__.update(state)
        self.engaged = False
        self.noise = 0.0
        self.joined = -1

    def engage(self) -> None:
        """Take part with probability = propensity (times the group's span share)."""
        m = self.model
        self.noise = self.random.gauss(0.0, m.v["decide.noise_sd"])
        self.engaged = False
        g0, g1 = self.groups
        if g0 < 0:
            return
        if self.leads >= 0:
            p = max(self.propensity, m.v["decide.leader_engage"])
        else:
            room = max(m.orgs[g0].share, m.orgs[g1].share if g1 >= 0 else 0.0)
            p = self.propensity * room
        self.engaged = self.random.random() < p

    def ask(self) -> None:
        """An engaged member may ask a neighbour (by tie strength) into one of its groups."""
        if not self.engaged:
            return
        m = self.model
        g0, g1 = self.groups
        g = g1 if g1 >= 0 and self.random.random() < 0.5 else g0
        if self.random.random() >= m.v["decide.invite_rate"] * m.orgs[g].attraction:
            return
        nbs = list(self.cell.neighborhood.agents)
        if not nbs:
            return
        weights = [self.ties[a.rid] for a in nbs]
        other = self.random.choices(nbs, weights=weights)[0]
        other.consider(g, self)

    def consider(self, g: int, asker: PeerResident) -> None:
        """Join group ``g`` when the threshold rule says so (one acceptance a month)."""
        m, v = self.model, self.model.v
        org = m.orgs[g]
        if self.joined == m.month or self.groups[1] >= 0 or g in self.groups:
            return
        functional = org.kind != REC
        cost = v["decide.cost_functional"] if functional else v["decide.cost_recreational"]
        a = sum(
            self.ties[n.rid]
            for n in self.cell.neighborhood.agents
            if g in n.groups and (n.engaged or org.leader == n.rid)
        )
        h = v["decide.contagion_exponent"]
        social = a**h / (a**h + v["decide.contacts_half"] ** h)
        pull = (
            v["decide.w_need"] * self.need[org.kind] * (self.spirit if functional else 1.0)
            + v["decide.w_asker_skill"] * asker.skill
            + v["decide.w_recognition"] * org.recognized
            + v["decide.w_federation"] * org.federated
            + v["decide.w_experience"] * self.experience
            - cost * (1 - self.free_time)
            + self.noise
            + v["decide.w_social"] * social * self.trust_nb
        )
        if pull > self.theta:
            self.groups[0 if self.groups[0] < 0 else 1] = g
            self.propensity = max(self.propensity, v["learn.initial"])
            self.joined = m.month


class PeerModel(mesa.Model):
    """Per-agent Mesa peer built from a :class:`~yingzao.CommunityModel`'s current state.

    Args:
        m: The community model to copy (network, resident and organization state, parameters).
        seed: Seed of the peer's own random numbers.
    """

    def __init__(self, m, seed: int = 0) -> None:
        super().__init__(rng=seed)
        from yingzao.model.participation import _span_and_attraction

        v, r, o = m.v, m.res, m.orgs
        self.v = v
        self.month = 1
        share, attraction = _span_and_attraction(m)
        self.orgs = [
            PeerOrg(
                kind=int(o.kind[g]),
                leader=int(o.leader[g]),
                share=float(share[g]),
                attraction=float(attraction[g]),
                recognized=bool(o.recognized[g]),
                federated=bool(o.federated[g]),
            )
            for g in range(o.n)
        ]
        self.space = Network(m.graph, layout=None, random=self.random)
        cols = {
            k: getattr(r, k).tolist()
            for k in (
                "propensity",
                "leads",
                "groups",
                "need",
                "trust_nb",
                "spirit",
                "skill",
                "experience",
                "free_time",
                "theta",
            )
        }
        W = m.W
        for i in range(m.n):
            lo, hi = W.indptr[i], W.indptr[i + 1]
            ties = dict(zip(W.indices[lo:hi].tolist(), W.data[lo:hi].tolist(), strict=True))
            PeerResident(self, self.space[i], ties, rid=i, **{k: c[i] for k, c in cols.items()})

    def step(self) -> None:
        """One month of the decisions stage: everyone engages, then engaged members ask."""
        self.agents.shuffle_do("engage")
        self.agents.shuffle_do("ask")
        self.month += 1
