"""The community model: construction, the explicit month plan, and its shared operations."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np
from mesa.discrete_space import Network
from yingzao.agents import Committee, Federation, Leader, Resident, SelfOrganization
from yingzao.model import (
    enterprise,
    events,
    kernels,
    lifecycle,
    metrics,
    needs,
    participation,
    policies,
    production,
    registration,
    trust,
)
from yingzao.model.collector import RecorderCollector
from yingzao.model.group_ops import GroupOperations
from yingzao.model.ledger import Ledger
from yingzao.model.mesa_scenario import CaseScenario, unpack
from yingzao.model.network import (
    adjacency,
    build_edges,
    place_residents,
    ranges,
    tie_weights,
    to_networkx,
)
from yingzao.model.state import K, Orgs, Residents
from yingzao.model.streams import Streams
from yingzao.scenarios import Scenario, as_scenario

from yingzao.errors import InputError

# The month, in order. One place, no hidden activation order.
STEP_PLAN: tuple[tuple[str, Any], ...] = (
    ("policies", lambda m: m.act_policies()),
    ("institutions", lambda m: m.committee.update()),
    ("needs", needs.update),
    ("decisions", participation.decide),
    ("events", events.hold),
    ("enterprise", enterprise.update),
    ("groups", production.produce),
    ("learning", participation.learn),
    ("founding", lifecycle.found_convert_split),
    ("survival", lifecycle.survive),
    ("moves", lifecycle.move),
    ("trust", trust.update),
    ("registration", registration.update),
    ("metrics", metrics.record),
)


class CommunityModel(GroupOperations, mesa.Model):
    """One community (社区) over months.

    Args:
        scenario: A resolved :class:`Scenario`, or the name/path of one (or the Mesa scenario
            of another model, as Mesa's SolaraViz passes it on Reset).
        seed: Run seed; the same scenario and seed give a bit-identical run.
        overrides: Extra ``{key: value}`` settings applied on top of the scenario.
        rng: Mesa's name for the seed (``mesa.batch_run`` passes it); not with ``seed``.

    Attributes:
        case: The resolved Yingzao scenario: every parameter, where each value came from.
        scenario: Mesa's view of the run (:class:`~.mesa_scenario.CaseScenario`: the case,
            overrides and seed), from which Mesa's tools rebuild the same model.
        res: Resident arrays (see :class:`~yingzao.model.state.Residents`).
        orgs: Organization table (see :class:`~yingzao.model.state.Orgs`).
        committee, ngo, federation: The community's institutional agents.
        month: Number of months simulated.
        datacollector: A ``mesa.DataCollector`` view of the monthly series (for Mesa's tools).
        plays: A classroom's decisions instead of the rules (:mod:`~yingzao.model.roles`).

    """

    def __init__(
        self,
        scenario: Scenario | str = "baseline",
        seed: int | None = None,
        overrides: dict[str, Any] | None = None,
        *,
        rng: int | None = None,
    ) -> None:
        case, from_mesa, mesa_seed = unpack(scenario)
        if from_mesa:
            overrides = {**from_mesa, **(overrides or {})}
        seed = _seed_of(seed, rng if rng is not None or seed is not None else mesa_seed)
        resolved = as_scenario(case, overrides)
        super().__init__(scenario=CaseScenario(rng=seed, case=case, overrides=overrides))
        self.case = resolved
        self.v = v = resolved.values
        self.seed = seed
        self.streams = Streams(seed)
        self.months = v["run.months"]
        self._build_space(v)
        self.res = Residents.create(
            v, self.layout.household, self.layout.building, self.streams["init"]
        )
        self.trust0 = (self.res.trust_nb.copy(), self.res.trust_cm.copy())
        self.orgs = Orgs()
        self.ledger = Ledger()
        self.fund_balance = 0.0
        self.events: list[tuple[int, str, str]] = []
        self.plays = None  # None: every decision by rule
        self.committee = Committee(self)
        self.ngo = None
        self.federation: Federation | None = None
        cells = self.space._cells
        self.residents = [Resident(self, i, cells[i]) for i in range(self.n)]
        self.leaders: dict[int, Leader] = {}
        self.org_agents: dict[int, SelfOrganization] = {}
        self.promote_leaders(np.arange(self.n), "initial")
        if v["mech.building_heads"]:
            lifecycle.appoint_heads(self)
        # per-month working arrays
        self.service = np.zeros((self.n_buildings, K))  # coverage by groups, last month
        self.service_bld = np.zeros((self.n_buildings, K))  # extra local coverage this month
        self.service_extra = np.zeros(K)  # community-wide paid coverage this month
        self.member_rec = np.zeros(self.n)  # recreational output felt by members
        self.member_rec_at = np.zeros(0, np.int64)  # residents it may not be 0 for (ascending)
        self.crisis_add = np.zeros(K)
        self.engaged_prev = np.zeros(self.n, bool)
        self.public_prev = np.zeros(self.n, bool)
        self.pending_j: list[np.ndarray] = []  # residents asked to join at events, and by whom
        self.pending_g: list[np.ndarray] = []
        self.space_crowding = 0.0
        self.event_count = self.meeting_count = 0
        self.recorder = metrics.Recorder(self)
        self.month = 0
        self.policies: list[policies.Policy] = []
        lifecycle.seed_initial(self)
        self.recorder.reset()
        self.policies = policies.build(self)
        for p in self.policies:
            p.setup()
        self._collector: RecorderCollector | None = None

    def _build_space(self, v: dict) -> None:
        """Households, buildings and the network (the ``network`` stream only)."""
        net_rng = self.streams["network"]
        lay = place_residents(
            v["community.residents"],
            v["community.household_size"],
            v["community.building_households"],
            net_rng,
        )
        edges, kind = build_edges(lay, v, net_rng)
        self.layout = lay
        self.n = n = lay.household.size
        self.n_buildings = lay.n_buildings
        self.A = adjacency(edges, n)
        self.W = adjacency(edges, n, tie_weights(kind, v))  # tie strengths, same pattern as A
        self.W_cum = np.cumsum(self.W.data)
        self.deg = np.maximum(np.diff(self.A.indptr), 1).astype(float)
        self._build_view(edges, kind)
        self.bld_pop = np.bincount(lay.building, minlength=self.n_buildings).astype(float)
        self.bld_start = np.r_[0, np.cumsum(self.bld_pop).astype(np.int64)]
        self.bld_count = np.diff(self.bld_start)  # residents per building, in resident order
        self.household_reps = np.r_[0, np.flatnonzero(np.diff(lay.household)) + 1]
        self.n_households = self.household_reps.size

    def _build_view(self, edges: np.ndarray, kind: np.ndarray) -> None:
        """Mesa's view of the network: a ``networkx`` graph and a ``Network`` space."""
        self.graph = to_networkx(edges, self.n)
        self.space = Network(self.graph, layout=None, random=self.random)

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
        if self.month >= self.months:
            self.running = False

    def begin_month(self) -> None:
        """Reset the month's working arrays and read last month's public activity."""
        r = self.res
        self.public_prev = r.public.copy()  # last month's public work (a crisis reads it)
        r.public[:] = False
        self.engaged_prev = r.engaged.copy()
        r.engaged[:] = False
        r.paid[:] = False
        self.service_bld[:] = 0.0
        self.service_extra[:] = 0.0
        self.crisis_add[:] = 0.0
        self.ledger.outside_month = 0.0
        self.orgs.coached[: self.orgs.n] = False
        self.orgs.ngo_run[: self.orgs.n] = False
        self.event_count = self.meeting_count = 0

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

    @property
    def datacollector(self) -> RecorderCollector:
        """The monthly series as a ``mesa.DataCollector`` (made on first use, no copy)."""
        if self._collector is None:
            self._collector = RecorderCollector(self)
        return self._collector

    def ladder(self) -> np.ndarray:
        """Each resident's level on the participation ladder now (see :mod:`.ladder`)."""
        from yingzao.model.ladder import levels

        return levels(self)

    # --- shared operations used by stages, policies and agents ---------------------------------
    def log(self, month: int, kind: str, text: str) -> None:
        """Add a plain-language event ``(month, kind, text)`` to the run's log."""
        self.events.append((month, kind, text))

    def memberships(self, slots: bool = False) -> tuple[np.ndarray, ...]:
        """``(resident ids, organization ids)`` of every membership, resident by resident.

        With ``slots``, also each membership's slot (0 or 1) in ``res.groups``.
        """
        rid, gid, slot = kernels.memberships(self.res.groups, slots)
        return (rid, gid, slot) if slots else (rid, gid)

    def members_of(self, g: int) -> np.ndarray:
        """Resident ids of organization ``g``'s members."""
        groups = self.res.groups
        return np.flatnonzero((groups[:, 0] == g) | (groups[:, 1] == g))

    def per_resident(self, by_building: np.ndarray) -> np.ndarray:
        """Each resident's row of a per-building array (``x[building]``, as a cheaper repeat)."""
        return np.repeat(by_building, self.bld_count, axis=0)

    def residents_in(self, buildings: np.ndarray) -> np.ndarray:
        """Resident ids of ``buildings`` (ascending), in resident order: rows where a mask is set.

        The same as ``np.flatnonzero(mask[building])`` for a per-building mask set at
        ``buildings``, without a pass over every resident.
        """
        return ranges(self.bld_start[buildings], self.bld_count[buildings])

    def building_members(self, b: int) -> np.ndarray:
        """Resident ids of building ``b`` (residents are numbered building by building)."""
        return np.arange(self.bld_start[b], self.bld_start[b + 1])

    def balances(self) -> float:
        """Money held inside the community: organizations plus the community fund."""
        n = self.orgs.n
        return float(
            self.orgs.own_money[:n].sum() + self.orgs.out_money[:n].sum() + self.fund_balance
        )


def _seed_of(seed: Any, rng: Any) -> int:
    """The run seed from ``seed`` or Mesa's ``rng`` (a whole number from 0 to 2**63 - 1)."""
    from yingzao.checks import seed as check_seed  # -1, 2**64 or "x" fail naming the seed

    if seed is not None and rng is not None:
        raise InputError("give the seed as seed= or as rng=, not both")
    return check_seed(rng if rng is not None else (0 if seed is None else seed))
