"""State arrays: residents (index = resident id) and organizations (index = organization id).

The model owns these arrays; Mesa agents read through to them. Every stage of the month works on
whole arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np
from yingzao.model.defaults import CATEGORIES

K = len(CATEGORIES)
REC = K - 1  # index of the recreation category; 0..REC-1 are functional


_EPS = 1e-3  # keeps a beta distribution's mean inside (0, 1)


def public_total(x: np.ndarray) -> float:
    """Sum of the public-need columns of an (N, K) array, as everything less recreation.

    Two passes instead of one strided pass per column (numpy reduces an (N, K) array column
    by column slowly). The same sum up to rounding of about 1e-16 times the total of all needs,
    recreation included (so relatively more where public needs are tiny beside recreation).
    """
    return float(x.sum() - x[:, REC].sum())


def _beta(rng, mean: float, conc: float, n: int) -> np.ndarray:
    m = min(max(mean, _EPS), 1 - _EPS)
    return rng.beta(m * conc, (1 - m) * conc, size=n)


@dataclass
class Residents:
    """Per-resident state. Shapes are (N,) unless noted."""

    household: np.ndarray
    building: np.ndarray
    retired: np.ndarray
    base_need: np.ndarray  # (N, K) level that needs return to; written by fill() only (cached)
    need: np.ndarray  # (N, K) current unmet need, 0-1
    free_time: np.ndarray
    skill: np.ndarray
    spirit: np.ndarray
    trust_nb: np.ndarray
    trust_cm: np.ndarray
    purse: np.ndarray  # yuan per month
    theta: np.ndarray  # participation threshold
    propensity: np.ndarray
    fatigue: np.ndarray
    groups: np.ndarray  # (N, 2) organization ids, -1 = none
    leads: np.ndarray  # organization id led, -1 = none
    engaged: np.ndarray  # bool: took part in a group's activity this month
    public: np.ndarray  # bool: did public work this month
    last_public: np.ndarray  # last month of public work (-999 never)
    paid: np.ndarray  # bool: received a stipend this month
    paid_months: np.ndarray  # months of paid participation, cumulative
    visited: np.ndarray  # bool: found by NGO outreach
    last_occasional: np.ndarray  # last month of an occasional act: voted, attended, gave
    experience: np.ndarray  # 0-1: what taking part in events has taught (decays)
    head: np.ndarray  # bool: the building head (楼栋长) of the resident's building

    @classmethod
    def create(cls, v: dict, household: np.ndarray, building: np.ndarray, rng) -> Residents:
        """Draw a community's residents from the resolved parameter values ``v``."""
        n = household.size
        r = cls.blank(n, household, building)
        r.fill(np.arange(n), v, rng)
        return r

    @classmethod
    def blank(cls, n: int, household: np.ndarray, building: np.ndarray) -> Residents:
        """Arrays of the right shapes; values are set by :meth:`fill`."""
        z = np.zeros(n)
        return cls(
            household=household,
            building=building,
            retired=np.zeros(n, bool),
            base_need=np.zeros((n, K)),
            need=np.zeros((n, K)),
            free_time=z.copy(),
            skill=z.copy(),
            spirit=z.copy(),
            trust_nb=z.copy(),
            trust_cm=z.copy(),
            purse=z.copy(),
            theta=z.copy(),
            propensity=z.copy(),
            fatigue=z.copy(),
            # ids and months in int32: half the memory the month's passes over all residents read
            groups=np.full((n, 2), -1, np.int32),
            leads=np.full(n, -1, np.int32),
            engaged=np.zeros(n, bool),
            public=np.zeros(n, bool),
            last_public=np.full(n, -999, np.int32),
            paid=np.zeros(n, bool),
            paid_months=np.zeros(n),
            visited=np.zeros(n, bool),
            last_occasional=np.full(n, -999, np.int32),
            experience=np.zeros(n),
            head=np.zeros(n, bool),
        )

    def base_public_total(self) -> float:
        """Sum of every resident's base level of the public needs (kept until :meth:`fill`)."""
        total = getattr(self, "_base_public", None)
        if total is None:
            total = self._base_public = public_total(self.base_need)
        return total

    def fill(self, idx: np.ndarray, v: dict, rng) -> None:
        """(Re)draw the personal attributes of residents ``idx`` (new arrivals included).

        Always draws the same number of values per resident, so the stream stays aligned.
        Retirees feel elder care and recreation more and child care less, working residents the
        other way round, by the factor ``needs.life_stage``.
        """
        n = idx.size
        retired = rng.random(n) < v["community.retiree_share"]
        self.retired[idx] = retired
        base = np.empty((n, K))
        conc = v["resident.need_concentration"]
        for k, cat in enumerate(CATEGORIES):
            base[:, k] = _beta(rng, v[f"needs.{cat}"], conc, n)
        life = np.where(retired, v["needs.life_stage"], -v["needs.life_stage"])
        for k in (0, REC):  # elder care, recreation
            base[:, k] = np.clip(base[:, k] * (1 + life), 0, 1)
        base[:, 1] = np.clip(base[:, 1] * (1 - life), 0, 1)  # child care
        self.base_need[idx] = base
        self.need[idx] = base
        self._base_public = None  # the total below changed
        ft = np.where(retired, v["resident.free_time_retired"], v["resident.free_time_working"])
        self.free_time[idx] = np.clip(ft * _lognormal(rng, v["resident.free_time_sd"], n), 0, 1)
        self.skill[idx] = _beta(rng, v["resident.skill_mean"], v["resident.skill_concentration"], n)
        self.spirit[idx] = _beta(
            rng, v["resident.spirit_mean"], v["resident.spirit_concentration"], n
        )
        tc = v["resident.trust_concentration"]
        self.trust_nb[idx] = _beta(rng, v["resident.trust_nb_mean"], tc, n)
        self.trust_cm[idx] = _beta(rng, v["resident.trust_cm_mean"], tc, n)
        self.purse[idx] = v["resident.purse_mean"] * _lognormal(rng, v["resident.purse_sd"], n)
        self.theta[idx] = rng.normal(v["decide.theta_mean"], v["decide.theta_sd"], n)
        self.propensity[idx] = 0.0
        self.fatigue[idx] = 0.0
        self.last_public[idx] = -999
        self.last_occasional[idx] = -999
        self.experience[idx] = 0.0
        self.paid[idx] = False
        self.public[idx] = False
        self.engaged[idx] = False
        self.paid_months[idx] = 0.0
        self.leads[idx] = -1
        self.visited[idx] = False
        self.head[idx] = False


def _lognormal(rng, sd: float, n: int) -> np.ndarray:
    """Lognormal factors with mean 1 and log-sd ``sd``."""
    return rng.lognormal(-sd * sd / 2, sd, n)


_ORG_FIELDS = {
    "alive": bool,
    "kind": np.int64,
    "leader": np.int64,
    "founded": np.int64,
    "ended": np.int64,
    "capacity": float,
    "own_money": float,
    "out_money": float,
    "grant_months": np.int64,
    "output": float,
    "size": np.int64,
    "core": np.int64,
    "idle": np.int64,
    "coached": bool,
    "coached_months": np.int64,
    "federated": bool,
    "recognized": bool,
    "origin": np.int64,
    "peak_size": np.int64,
    "converted": bool,
    "served": float,
    "size_coached": np.int64,
    "registered": bool,
    "registered_how": np.int64,
    "dependence": float,
    "shock": float,
    "enterprise": bool,
    "grants_won": np.int64,
    "ngo_helped": bool,
    "ngo_effort": float,
    "own_output": float,
    "first_coached": np.int64,
    "coached_functional": bool,
    "peak_coached": np.int64,
    "ngo_run": bool,
    "leader_since": np.int64,
}
_MINUS_ONE = ("leader", "ended", "first_coached")  # fields whose blank value is -1
ORIGINS = ("founded", "split", "project", "initial", "crisis")
REGISTERED_HOW = ("", "contact", "grant", "coached", "all", "ngo")


@dataclass
class Orgs:
    """Per-organization state, preallocated and grown by doubling. Ids are never reused."""

    n: int = 0  # ids in use
    alive: np.ndarray = None  # type: ignore[assignment]
    kind: np.ndarray = None  # type: ignore[assignment]  # category index; REC = recreational
    leader: np.ndarray = None  # type: ignore[assignment]
    founded: np.ndarray = None  # type: ignore[assignment]
    ended: np.ndarray = None  # type: ignore[assignment]
    capacity: np.ndarray = None  # type: ignore[assignment]
    own_money: np.ndarray = None  # type: ignore[assignment]  # yuan from residents and the fund
    out_money: np.ndarray = None  # type: ignore[assignment]  # yuan from outside sources
    grant_months: np.ndarray = None  # type: ignore[assignment]  # months left to spend out_money
    output: np.ndarray = None  # type: ignore[assignment]  # last month's output, 0-1
    size: np.ndarray = None  # type: ignore[assignment]
    core: np.ndarray = None  # type: ignore[assignment]
    idle: np.ndarray = None  # type: ignore[assignment]
    coached: np.ndarray = None  # type: ignore[assignment]  # accompanied this month
    coached_months: np.ndarray = None  # type: ignore[assignment]
    federated: np.ndarray = None  # type: ignore[assignment]
    recognized: np.ndarray = None  # type: ignore[assignment]
    origin: np.ndarray = None  # type: ignore[assignment]
    peak_size: np.ndarray = None  # type: ignore[assignment]
    converted: np.ndarray = None  # type: ignore[assignment]
    served: np.ndarray = None  # type: ignore[assignment]  # residents reached last month
    size_coached: np.ndarray = None  # type: ignore[assignment]  # members when first coached
    registered: np.ndarray = None  # type: ignore[assignment]  # 备案 with the committee
    registered_how: np.ndarray = None  # type: ignore[assignment]  # index into REGISTERED_HOW
    dependence: np.ndarray = None  # type: ignore[assignment]  # outside share of spending (EMA)
    shock: np.ndarray = None  # type: ignore[assignment]  # disruption by money that stopped
    enterprise: np.ndarray = None  # type: ignore[assignment]  # runs a social enterprise
    grants_won: np.ndarray = None  # type: ignore[assignment]  # grants won so far
    ngo_helped: np.ndarray = None  # type: ignore[assignment]  # founded, coached or run with NGO
    ngo_effort: np.ndarray = None  # type: ignore[assignment]  # NGO staff effort this month
    own_output: np.ndarray = None  # type: ignore[assignment]  # output of members' own effort
    first_coached: np.ndarray = None  # type: ignore[assignment]  # month first coached, -1 never
    coached_functional: np.ndarray = None  # type: ignore[assignment]  # functional then
    peak_coached: np.ndarray = None  # type: ignore[assignment]  # most members since coached
    ngo_run: np.ndarray = None  # type: ignore[assignment]  # activities run by the NGO, this month
    leader_since: np.ndarray = None  # type: ignore[assignment]  # month the leader took over
    # ended leaderships: (group, kind, first month, month it ended, how: handed_over, left or
    # dissolved); a record, not state any rule reads
    tenures: list = field(default_factory=list)

    def __post_init__(self) -> None:
        for name, dt in _ORG_FIELDS.items():
            setattr(self, name, np.zeros(64, dtype=dt))
        for name in _MINUS_ONE:
            getattr(self, name)[:] = -1

    def _grow(self) -> None:
        cap = self.alive.size
        for f in fields(self):
            if f.name in ("n", "tenures"):
                continue
            arr = getattr(self, f.name)
            new = np.zeros(cap * 2, dtype=arr.dtype)
            new[:cap] = arr
            if f.name in _MINUS_ONE:
                new[cap:] = -1
            setattr(self, f.name, new)

    def new(self, kind: int, leader: int, month: int, origin: str) -> int:
        """Allocate a new organization id and initialise it."""
        if self.n == self.alive.size:
            self._grow()
        g = self.n
        self.n += 1
        self.alive[g] = True
        self.kind[g] = kind
        self.leader[g] = leader
        self.founded[g] = month
        self.leader_since[g] = month
        self.origin[g] = ORIGINS.index(origin)
        return g

    def live(self) -> np.ndarray:
        """Ids of living organizations."""
        return np.flatnonzero(self.alive[: self.n])

    def functional(self) -> np.ndarray:
        """Boolean mask over ids 0..n-1: alive and functional."""
        return self.alive[: self.n] & (self.kind[: self.n] != REC)
