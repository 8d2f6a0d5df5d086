"""The community model: construction, the explicit month plan, and shared operations."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
from mesa.discrete_space import Network
from yingzao.agents import Committee, Federation, Leader, Resident, SelfOrganization
from yingzao.model import lifecycle, metrics, needs, participation, policies, production, trust
from yingzao.model.ledger import Ledger
from yingzao.model.network import adjacency, build_edges, place_residents, to_networkx
from yingzao.model.state import REC, K, Orgs, Residents
from yingzao.model.streams import Streams
from yingzao.scenarios import Scenario, as_scenario

# The month, in order. One place, no hidden activation order.
STEP_PLAN: tuple[tuple[str, Any], ...] = (
    ("policies", lambda m: m.act_policies()),
    ("needs", needs.update),
    ("decisions", participation.decide),
    ("groups", production.produce),
    ("learning", participation.learn),
    ("founding", lifecycle.found_convert_split),
    ("survival", lifecycle.survive),
    ("moves", lifecycle.move),
    ("trust", trust.update),
    ("metrics", metrics.record),
)


class CommunityModel(mesa.Model):
    """One community (社区) over months.

    Args:
        scenario: A resolved :class:`Scenario`, or the name/path of one.
        seed: Run seed; the same scenario and seed give a bit-identical run.
        overrides: Extra ``{key: value}`` settings applied on top of the scenario.

    Attributes:
        res: Resident arrays (see :class:`~yingzao.model.state.Residents`).
        orgs: Organization table (see :class:`~yingzao.model.state.Orgs`).
        committee, ngo, federation: The community's institutional agents.
        month: Number of months simulated.

    """

    def __init__(
        self,
        scenario: Scenario | str = "baseline",
        seed: int = 0,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        from yingzao.checks import seed as check_seed  # -1, 2**64 or "x" fail naming the seed

        seed = check_seed(seed)
        scenario = as_scenario(scenario, overrides)
        super().__init__(rng=seed)
        self.scenario = scenario
        self.v = v = scenario.values
        self.seed = seed
        self.streams = Streams(seed)
        self.months = v["run.months"]
        net_rng = self.streams["network"]
        lay = place_residents(
            v["community.residents"],
            v["community.household_size"],
            v["community.building_households"],
            net_rng,
        )
        edges = build_edges(
            lay,
            v["network.local_degree"],
            v["network.cross_degree"],
            v["network.cross_locality"],
            v["network.sociability_sd"],
            net_rng,
        )
        self.n = n = lay.household.size
        self.n_buildings = lay.n_buildings
        self.A = adjacency(edges, n)
        self.deg = np.maximum(np.diff(self.A.indptr), 1).astype(float)
        self.graph = to_networkx(edges, n)
        self.space = Network(self.graph, layout=None, random=self.random)
        self.res = Residents.create(v, lay.household, lay.building, self.streams["init"])
        self.trust0 = (self.res.trust_nb.copy(), self.res.trust_cm.copy())
        self.bld_pop = np.bincount(lay.building, minlength=self.n_buildings).astype(float)
        self.household_reps = np.r_[0, np.flatnonzero(np.diff(lay.household)) + 1]
        self.n_households = self.household_reps.size
        self._rep2 = np.repeat(np.arange(n), 2)
        self.orgs = Orgs()
        self.ledger = Ledger()
        self.fund_balance = 0.0
        self.events: list[tuple[int, str, str]] = []
        self.committee = Committee(self)
        self.ngo = None
        self.federation: Federation | None = None
        cells = self.space._cells
        self.residents = [Resident(self, i, cells[i]) for i in range(n)]
        self.leaders: dict[int, Leader] = {}
        self.org_agents: dict[int, SelfOrganization] = {}
        self.promote_leaders(np.arange(n), "initial")
        # per-month working arrays
        self.service = np.zeros((self.n_buildings, K))  # coverage by groups, last month
        self.service_bld = np.zeros((self.n_buildings, K))  # extra local coverage this month
        self.service_extra = np.zeros(K)  # community-wide paid coverage this month
        self.member_rec = np.zeros(n)  # recreational output felt by members
        self.crisis_add = np.zeros(K)
        self.s_public = np.zeros(n)
        self.kind_of_slot0 = np.full(n, -1)
        self.engaged_prev = np.zeros(n, bool)
        self.purse_trust_total = 0.0
        self.bld_purse_trust = np.zeros(self.n_buildings)
        self.recorder = metrics.Recorder(self)
        self.month = 0
        self.policies: list[policies.Policy] = []
        lifecycle.seed_initial(self)
        self.recorder.reset()
        self.policies = policies.build(self)
        for p in self.policies:
            p.setup()

    # --- the month ----------------------------------------------------------------------------
    def step(self) -> None:
        """Simulate one month, stage by stage, in :data:`STEP_PLAN` order."""
        self.begin_month()
        for _, stage in STEP_PLAN:
            stage(self)
        for p in self.policies:
            after = getattr(p, "after", None)
            if after is not None:
                after(self.month)
        self.month += 1

    def begin_month(self) -> None:
        """Reset the month's working arrays and read last month's public activity."""
        r = self.res
        self.s_public = (self.A @ r.public.astype(float)) / self.deg
        r.public[:] = False
        self.engaged_prev = r.engaged.copy()
        r.engaged[:] = False
        r.paid[:] = False
        self.service_bld[:] = 0.0
        self.service_extra[:] = 0.0
        self.crisis_add[:] = 0.0
        self.ledger.outside_month = 0.0
        self.orgs.coached[: self.orgs.n] = False
        slot0 = r.groups[:, 0]
        self.kind_of_slot0 = np.where(slot0 >= 0, self.orgs.kind[np.maximum(slot0, 0)], -1)
        pt = r.purse * r.trust_nb
        self.purse_trust_total = float(pt.sum())
        self.bld_purse_trust = np.bincount(r.building, weights=pt, minlength=self.n_buildings)

    def act_policies(self) -> None:
        """Every policy whose window covers this month acts, in policy order."""
        for p in self.policies:
            if p.active(self.month):
                p.act(self.month)

    def run(self, months: int | None = None) -> CommunityModel:
        """Run ``months`` more months (default: the scenario's ``run.months``)."""
        from yingzao.checks import whole  # -5 or 2.5 must not silently do nothing

        months = None if months is None else whole(months, "months", 0)
        for _ in range(self.months if months is None else months):
            self.step()
        return self

    # --- shared operations used by stages, policies and agents ---------------------------------
    def log(self, month: int, kind: str, text: str) -> None:
        """Add a plain-language event ``(month, kind, text)`` to the run's log."""
        self.events.append((month, kind, text))

    def memberships(self) -> tuple[np.ndarray, np.ndarray]:
        """``(resident ids, organization ids)`` of every membership."""
        flat = self.res.groups.ravel()
        ok = flat >= 0
        return self._rep2[ok], flat[ok]

    def members_of(self, g: int) -> np.ndarray:
        """Resident ids of organization ``g``'s members."""
        groups = self.res.groups
        return np.flatnonzero((groups[:, 0] == g) | (groups[:, 1] == g))

    def promote_leaders(self, rids: np.ndarray, how: str) -> None:
        """Residents among ``rids`` whose skill reached the leader level get a Leader role."""
        r = self.res
        rids = np.asarray(rids)
        for i in rids[r.skill[rids] >= self.v["resident.leader_skill"]].tolist():
            if i not in self.leaders:
                self.leaders[i] = Leader(self, i, how)

    def join(self, rids: np.ndarray, g: int) -> np.ndarray:
        """Add residents with a free slot to organization ``g``; returns who joined."""
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
        r = self.res
        need = r.need[rids, kind]
        w = need if kind == REC else need * (0.5 + r.spirit[rids])
        free = (r.groups[rids, 1] < 0) & (r.leads[rids] < 0)
        return (w >= self.v["found.interest_need"]) & free

    def recruit(self, leader: int, g: int, limit: int) -> np.ndarray:
        """Interested network neighbours of ``leader`` join ``g``, up to ``limit``.

        Neighbours are taken in random order from a stream of their own (``recruit``), so that
        founding draws stay paired across scenarios.
        """
        nb = self.A.indices[self.A.indptr[leader] : self.A.indptr[leader + 1]]
        nb = nb[self.streams["recruit"].permutation(nb.size)]
        return self.join(nb[self.interest(nb, int(self.orgs.kind[g]))][:limit], g)

    def found_group(self, leader: int, kind: int, month: int, origin: str = "founded") -> int:
        """A leader founds an organization in category ``kind``; returns its id or -1."""
        r = self.res
        if r.leads[leader] >= 0 or r.groups[leader, 1] >= 0:
            return -1
        g = self.orgs.new(kind, leader, month, origin)
        self.join(np.array([leader]), g)
        r.leads[leader] = g
        r.propensity[leader] = max(r.propensity[leader], 0.8)
        self.org_agents[g] = SelfOrganization(self, g)
        return g

    def convert(self, g: int, kind: int, month: int, reason: str) -> None:
        """A recreational group takes on a public task in category ``kind``."""
        from yingzao.model.defaults import CATEGORIES

        self.orgs.kind[g] = kind
        self.orgs.converted[g] = True
        self.orgs.capacity[g] *= 0.5  # organizing a public task is a new skill
        # members who came for recreation and feel no pull to the public task drop out
        r = self.res
        mem = self.members_of(g)
        keep = (r.need[mem, kind] * (0.5 + r.spirit[mem]) >= self.v["found.interest_need"]) | (
            mem == self.orgs.leader[g]
        )
        for i in mem[~keep].tolist():
            r.groups[i][r.groups[i] == g] = -1
            if r.groups[i, 0] < 0:
                r.groups[i, 0], r.groups[i, 1] = r.groups[i, 1], -1
        self.log(
            month,
            "convert",
            f"A recreational group {reason}: {CATEGORIES[kind].replace('_', ' ')}.",
        )

    def coach(self, gids: np.ndarray, strength: float) -> None:
        """Accompaniment this month for organizations ``gids`` (NGO or federation)."""
        o, r = self.orgs, self.res
        o.coached[gids] = True
        first = gids[o.coached_months[gids] == 0]
        o.size_coached[first] = np.maximum(o.size[first], 1)
        o.coached_months[gids] += 1
        gain = self.v["group.capacity_coaching"] * strength
        o.capacity[gids] += gain * (1 - o.capacity[gids])
        lead = o.leader[gids]
        r.skill[lead] += 0.02 * strength * (1 - r.skill[lead])
        r.fatigue[lead] *= 0.8
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

    def balances(self) -> float:
        """Money held inside the community: organizations plus the community fund."""
        n = self.orgs.n
        return float(
            self.orgs.own_money[:n].sum() + self.orgs.out_money[:n].sum() + self.fund_balance
        )
