"""An idiomatic per-agent Mesa version of the decisions stage, for the speed comparison.

It implements the rule of :func:`yingzao.model.participation.decide` (plus the neighbour share
``s`` that :meth:`CommunityModel.begin_month` computes by a sparse mat-vec) one agent at a time:
``FixedAgent`` residents on ``mesa.discrete_space.Network(m.graph, layout=None)``, reading their
neighbours through ``self.cell.neighborhood.agents``, activated with ``AgentSet.shuffle_do``.
State is copied from the model's arrays into plain Python attributes at set-up.

What is the same as the vectorized stage: the network, the inputs (propensity, leader floor 0.9,
groups, organization kind/capacity/recognition, need, spirit, trust, free time, theta, last
month's public work), the engagement, public-work, speaker-group, reach, invitation and threshold
rules, one accepted invitation per resident per month, and that engagement is decided before
anyone joins (hence two activation passes: ``engage`` for all, then ``invite`` for all).
What is not identical: the random numbers (stdlib ``random`` in shuffled agent order, not the
model's named numpy streams), so runs are not bit-identical; when a resident accepts several
invitations in a month, which one wins follows the activation order instead of resident id order.
"""

from __future__ import annotations

import mesa
import numpy as np
from mesa.discrete_space import FixedAgent, Network
from yingzao.model.state import REC


class PeerOrg:
    """A plain organization record (organizations are few; no arrays needed)."""

    def __init__(
        self, kind: int, capacity: float, recognized: bool, coached: bool, federated: bool
    ) -> None:
        self.kind, self.capacity = kind, capacity
        self.recognized, self.coached, self.federated = recognized, coached, federated


class PeerResident(FixedAgent):
    """One resident with its own state, deciding alone from what its neighbours did."""

    def __init__(self, model: PeerModel, cell, **state) -> None:
        super().__init__(model)
        self.cell = cell
        self.__dict__.update(state)
        self.engaged = self.public_now = False
        self.s = 0.0
        self.noise = 0.0
        self.joined = -1

    def engage(self) -> None:
        """Read neighbours' public work last month; take part with probability = propensity."""
        m = self.model
        nbs = list(self.cell.neighborhood.agents)
        last = m.month - 1
        self.s = sum(1 for a in nbs if a.public_month == last) / max(len(nbs), 1)
        self.noise = self.random.gauss(0.0, m.noise_sd)
        self.engaged = False
        g0, g1 = self.groups
        if g0 < 0:
            return
        p = max(self.propensity, 0.9) if self.leads >= 0 else self.propensity
        self.engaged = self.random.random() < p
        # public work is stamped in the second pass: neighbours are still reading last month's
        self.public_now = self.engaged and (
            m.orgs[g0].kind != REC or (g1 >= 0 and m.orgs[g1].kind != REC)
        )

    def invite(self) -> None:
        """An engaged member may invite one random neighbour into one of its groups."""
        if not self.engaged:
            return
        m = self.model
        if self.public_now:
            self.public_month = m.month
        g0, g1 = self.groups
        g = g1 if g1 >= 0 and self.random.random() < 0.5 else g0
        org = m.orgs[g]
        reach = 1.0 if org.kind == REC else 0.1 + org.capacity
        if self.random.random() >= m.invite_rate * reach:
            return
        other = self.cell.neighborhood.select_random_agent(default=None)
        if other is not None:
            other.consider(g, org)

    def consider(self, g: int, org: PeerOrg) -> None:
        """Join group ``g`` when the threshold rule says so (one acceptance a month)."""
        m = self.model
        if self.joined == m.month or self.groups[1] >= 0 or self.groups[0] == g:
            return
        functional = org.kind != REC
        recog = 0.7 * org.recognized + 0.3 * org.coached + 0.3 * org.federated
        cost = m.cost_functional if functional else m.cost_recreational
        pull = (
            m.w_social * self.s * self.trust_nb
            + m.w_need * self.need[org.kind] * (self.spirit if functional else 1.0)
            + m.w_recognition * recog
            - cost * (1 - self.free_time)
            + self.noise
        )
        if pull > self.theta:
            self.groups[0 if self.groups[0] < 0 else 1] = g
            self.propensity = max(self.propensity, m.learn_initial)
            self.joined = m.month


class PeerModel(mesa.Model):
    """Per-agent Mesa peer built from a :class:`~yingzao.CommunityModel`'s current state.

    Args:
        m: The community model to copy (network, resident and organization state, parameters).
        seed: Seed of the peer's own random numbers.
    """

    def __init__(self, m, seed: int = 0) -> None:
        super().__init__(rng=seed)
        v, r, o = m.v, m.res, m.orgs
        self.month = 1
        self.noise_sd, self.invite_rate = v["decide.noise_sd"], v["decide.invite_rate"]
        self.w_social, self.w_need = v["decide.w_social"], v["decide.w_need"]
        self.w_recognition, self.learn_initial = v["decide.w_recognition"], v["learn.initial"]
        self.cost_functional = v["decide.cost_functional"]
        self.cost_recreational = v["decide.cost_recreational"]
        self.orgs = [
            PeerOrg(
                int(o.kind[g]),
                float(o.capacity[g]),
                bool(o.recognized[g]),
                bool(o.coached[g]),
                bool(o.federated[g]),
            )
            for g in range(o.n)
        ]
        self.space = Network(m.graph, layout=None, random=self.random)
        public_month = np.where(r.public, 0, -999).tolist()
        cols = {
            k: getattr(r, k).tolist()
            for k in (
                "propensity",
                "leads",
                "groups",
                "need",
                "trust_nb",
                "spirit",
                "free_time",
                "theta",
            )
        }
        for i in range(m.n):
            PeerResident(
                self,
                self.space[i],
                public_month=public_month[i],
                **{k: c[i] for k, c in cols.items()},
            )

    def step(self) -> None:
        """One month of the decisions stage: everyone engages, then engaged members invite."""
        for org in self.orgs:
            org.coached = False  # as begin_month does; coaching is given later in the month
        self.agents.shuffle_do("engage")
        self.agents.shuffle_do("invite")
        self.month += 1
