"""What stages, policies and agents do to groups: join, found, convert, coach, fund.

:class:`GroupOperations` is a part of :class:`~yingzao.model.community.CommunityModel`; its methods
use the model's resident arrays (``res``), organization table (``orgs``) and parameters (``v``).
"""

from __future__ import annotations

import numpy as np
from yingzao.agents import Federation, Leader, SelfOrganization
from yingzao.model import founding
from yingzao.model.registration import register
from yingzao.model.state import REC


class GroupOperations:
    """The community's shared operations on groups and their leaders (a part of the model)."""

    def promote_leaders(self, rids: np.ndarray, how: str) -> None:
        """Residents among ``rids`` whose skill reached the leader level get a Leader role."""
        r = self.res
        rids = np.asarray(rids)
        for i in rids[r.skill[rids] >= self.v["resident.leader_skill"]].tolist():
            if i not in self.leaders:
                self.leaders[i] = Leader(self, i, how)

    def join(self, rids: np.ndarray, g: int) -> np.ndarray:
        """Add residents with a free slot to organization ``g`` (no decision); returns who joined.

        For members placed by a rule (existing groups at month 0, followers of a split, task
        teams); residents asked to join decide instead (:func:`participation.admit`).
        """
        r = self.res
        rids = np.asarray(rids, dtype=np.int64)
        rids = rids[(r.groups[rids, 1] < 0) & (r.groups[rids, 0] != g)]
        slot = (r.groups[rids, 0] >= 0).astype(np.int64)
        r.groups[rids, slot] = g
        r.propensity[rids] = np.maximum(r.propensity[rids], self.v["learn.initial"])
        return rids

    def interest(self, rids: np.ndarray, kind: int) -> np.ndarray:
        """Whether residents ``rids`` are interested in a group of category ``kind`` and free.

        Interest in public work is need weighted by public spirit, in recreation need alone;
        a resident is free with a membership slot open and no group led.
        """
        r, v = self.res, self.v
        need = r.need[rids, kind]
        w = need if kind == REC else need * (v["found.spirit_floor"] + r.spirit[rids])
        free = (r.groups[rids, 1] < 0) & (r.leads[rids] < 0)
        return (w >= v["found.interest_need"]) & free

    def interest_each(self, rids: np.ndarray, kinds: np.ndarray) -> np.ndarray:
        """:meth:`interest` of ``rids[p]`` in category ``kinds[p]``, for every ``p`` at once."""
        r, v = self.res, self.v
        need = r.need[rids, kinds]
        public = kinds != REC
        w = need.copy()
        w[public] = need[public] * (v["found.spirit_floor"] + r.spirit[rids[public]])
        free = (r.groups[rids, 1] < 0) & (r.leads[rids] < 0)
        return (w >= v["found.interest_need"]) & free

    def ask_neighbours(self, leader: int, g: int) -> np.ndarray:
        """``leader`` asks its interested network neighbours to join ``g``; they decide.

        The decision noise comes from a stream of its own (``recruit``), so that founding draws
        stay paired across scenarios.
        """
        return founding.ask_neighbours(self, leader, g, "recruit")

    def found_group(self, leader: int, kind: int, month: int, origin: str = "founded") -> int:
        """A leader founds an organization in category ``kind``; returns its id or -1."""
        r = self.res
        if r.leads[leader] >= 0 or r.groups[leader, 1] >= 0:
            return -1
        g = self.orgs.new(kind, leader, month, origin)
        self.join(np.array([leader]), g)
        r.leads[leader] = g
        r.propensity[leader] = max(r.propensity[leader], self.v["leader.initial_propensity"])
        self.org_agents[g] = SelfOrganization(self, g)
        return g

    def convert(self, g: int, kind: int, month: int, reason: str) -> None:
        """A recreational group takes on a public task in category ``kind``."""
        from yingzao.model.defaults import CATEGORIES

        self.orgs.kind[g] = kind
        self.orgs.converted[g] = True
        self.orgs.capacity[g] *= self.v["found.conversion_capacity"]
        # members who came for recreation and feel no pull to the public task drop out
        r = self.res
        mem = self.members_of(g)
        weight = r.need[mem, kind] * (self.v["found.spirit_floor"] + r.spirit[mem])
        keep = (weight >= self.v["found.interest_need"]) | (mem == self.orgs.leader[g])
        for i in mem[~keep].tolist():
            r.groups[i][r.groups[i] == g] = -1
            if r.groups[i, 0] < 0:
                r.groups[i, 0], r.groups[i, 1] = r.groups[i, 1], -1
        self.log(
            month,
            "convert",
            f"A recreational group {reason}: {CATEGORIES[kind].replace('_', ' ')}.",
        )

    def coach(self, gids: np.ndarray, strength: float, by_ngo: bool = False) -> None:
        """Accompaniment this month for organizations ``gids`` (NGO or federation).

        A group's size when first coached is its real member count now (the groups stage has
        not yet counted this month's members).
        """
        o, r, v = self.orgs, self.res, self.v
        o.coached[gids] = True
        first = gids[o.coached_months[gids] == 0]
        if first.size:
            _, gid = self.memberships()
            o.size_coached[first] = np.bincount(gid, minlength=o.n)[first]
            o.peak_coached[first] = o.size_coached[first]
            o.first_coached[first] = self.month
            o.coached_functional[first] = o.kind[first] != REC
        o.coached_months[gids] += 1
        if by_ngo:
            o.ngo_helped[gids] = True
        register(self, gids, "coached")
        gain = v["group.capacity_coaching"] * strength
        o.capacity[gids] += gain * (1 - o.capacity[gids])
        lead = o.leader[gids]
        lead = lead[lead >= 0]
        r.skill[lead] += v["group.coach_leader_skill"] * strength * (1 - r.skill[lead])
        r.fatigue[lead] *= 1 - v["group.coach_fatigue_relief"]
        self.promote_leaders(lead, "coaching")

    def give_money(self, gids: np.ndarray, amount: float, source: str, months: int) -> None:
        """Outside money to organizations, to be spent over ``months`` months."""
        o = self.orgs
        o.out_money[gids] += amount
        o.grant_months[gids] = np.maximum(o.grant_months[gids], months)
        self.ledger.income(amount * len(gids), source)

    def give_own_money(self, g: int, amount: float, source: str) -> None:
        """Resident money to an organization."""
        if amount > 0:
            self.orgs.own_money[g] += amount
            self.ledger.income(amount, source)

    def money_stopped(self, gids: np.ndarray) -> None:
        """Outside money stopped unexpectedly for ``gids``: each is disrupted by its dependence."""
        if not self.v["mech.money_shock"]:
            return
        o = self.orgs
        gids = np.asarray(gids, dtype=np.int64)
        o.shock[gids] = np.maximum(o.shock[gids], o.dependence[gids])

    def found_federation(self, month: int) -> None:
        """The federation of organizations is founded; coached groups join it first."""
        self.federation = Federation(self, month)
        o = self.orgs
        live = o.live()
        o.federated[live[o.coached_months[live] > 0]] = True
        self.log(
            month,
            "federation",
            f"A federation of {self.federation.members.size} groups was founded.",
        )
