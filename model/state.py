"""State arrays: residents (index = resident id) and organizations (index = organization id).

The model owns these arrays; Mesa agents read through to them. Every stage of the month works on
whole arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from yingzao.model.defaults import CATEGORIES

K = len(CATEGORIES)
REC = K - 1  # index of the recreation category; 0..REC-1 are functional


def _beta(rng, mean: float, conc: float, n: int) -> np.ndarray:
    m = min(max(mean, 1e-3), 1 - 1e-3)
    return rng.beta(m * conc, (1 - m) * conc, size=n)


@dataclass
class Residents:
    """Per-resident state. Shapes are (N,) unless noted."""

    household: np.ndarray
    building: np.ndarray
    retired: np.ndarray
    base_need: np.ndarray  # (N, K) level that needs return to
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
            groups=np.full((n, 2), -1, np.int64),
            leads=np.full(n, -1, np.int64),
            engaged=np.zeros(n, bool),
            public=np.zeros(n, bool),
            last_public=np.full(n, -999, np.int64),
            paid=np.zeros(n, bool),
            paid_months=np.zeros(n),
            visited=np.zeros(n, bool),
        )

    def fill(self, idx: np.ndarray, v: dict, rng) -> None:
        """(Re)draw the personal attributes of residents ``idx`` (new arrivals included).

        Always draws the same number of values per resident, so the stream stays aligned.
        """
        n = idx.size
        retired = rng.random(n) < v["community.retiree_share"]
        self.retired[idx] = retired
        base = np.empty((n, K))
        for k, cat in enumerate(CATEGORIES):
            base[:, k] = _beta(rng, v[f"needs.{cat}"], 4.0, n)
        # retirees feel elder care and recreation more, working families child care
        base[:, 0] = np.clip(base[:, 0] * np.where(retired, 1.3, 0.8), 0, 1)
        base[:, 1] = np.clip(base[:, 1] * np.where(retired, 0.5, 1.2), 0, 1)
        base[:, REC] = np.clip(base[:, REC] * np.where(retired, 1.3, 0.8), 0, 1)
        self.base_need[idx] = base
        self.need[idx] = base
        ft = np.where(retired, v["resident.free_time_retired"], v["resident.free_time_working"])
        self.free_time[idx] = np.clip(ft * rng.lognormal(0.0, 0.3, n), 0, 1)
        self.skill[idx] = _beta(rng, v["resident.skill_mean"], 6.0, n)
        self.spirit[idx] = _beta(rng, v["resident.spirit_mean"], 5.0, n)
        self.trust_nb[idx] = _beta(rng, v["resident.trust_nb_mean"], 8.0, n)
        self.trust_cm[idx] = _beta(rng, v["resident.trust_cm_mean"], 8.0, n)
        self.purse[idx] = v["resident.purse_mean"] * rng.lognormal(-0.32, 0.8, n)
        self.theta[idx] = rng.normal(v["decide.theta_mean"], v["decide.theta_sd"], n)
        self.propensity[idx] = 0.0
        self.fatigue[idx] = 0.0
        self.last_public[idx] = -999
        self.paid[idx] = False
        self.public[idx] = False
        self.engaged[idx] = False
        self.paid_months[idx] = 0.0
        self.leads[idx] = -1
        self.visited[idx] = False


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
    "habit": float,
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
    "shortfall": float,
    "served": float,
    "size_coached": np.int64,
}
ORIGINS = ("founded", "split", "project", "initial")


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
    habit: np.ndarray = None  # type: ignore[assignment]  # habitual monthly spending (EMA)
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
    shortfall: np.ndarray = None  # type: ignore[assignment]
    served: np.ndarray = None  # type: ignore[assignment]  # residents reached last month
    size_coached: np.ndarray = None  # type: ignore[assignment]  # size when first coached

    def __post_init__(self) -> None:
        for name, dt in _ORG_FIELDS.items():
            setattr(self, name, np.zeros(64, dtype=dt))
        self.leader[:] = -1
        self.ended[:] = -1

    def _grow(self) -> None:
        cap = self.alive.size
        for f in fields(self):
            if f.name == "n":
                continue
            arr = getattr(self, f.name)
            new = np.zeros(cap * 2, dtype=arr.dtype)
            new[:cap] = arr
            if f.name in ("leader", "ended"):
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
        self.origin[g] = ORIGINS.index(origin)
        return g

    def live(self) -> np.ndarray:
        """Ids of living organizations."""
        return np.flatnonzero(self.alive[: self.n])

    def functional(self) -> np.ndarray:
        """Boolean mask over ids 0..n-1: alive and functional."""
        return self.alive[: self.n] & (self.kind[: self.n] != REC)
