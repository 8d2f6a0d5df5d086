"""What a city's decisions do inside one community: its share of city policies and of its peers.

At each synchronization point the city sends every community a few numbers
(:data:`DECISION_COLUMNS`); :func:`apply` hands them to the community's city policies, ordinary
policy objects in its policy list (acting in the month plan's ``policies`` stage):

- the public-service fund: the year's grants budget of the community's grants cycle, when the
  city allocated it (a cap, or a review; otherwise the community's own rate applies);
- :class:`CityTraining`: the community's places in this year's city cohort, trained in the
  month they are given as a leader-training cohort is (the community's selection rule), with a
  skill gain raised by street-mates from model communities in the cohort (``mech.leader_peers``);
- :class:`PracticeSpread`: the committee learns facilitation from the best model committee of its
  street, closing ``city_spread.practice_rate`` of the gap each month (``mech.practice_spread``);
- :class:`StreetFederation`: a federation across the street's communities coaches the weakest
  groups of a community without an NGO (``mech.city_federation``);
- an NGO contract that starts now (a city NGO serving several communities, or one that moved on).

Each draws from streams of its own or none, so a community the city gives nothing runs exactly
as it would alone.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from yingzao.model.policies import ORDER
from yingzao.model.policies.base import Policy
from yingzao.model.policies.grants import Grants
from yingzao.model.policies.ngo_contract import NGOContract
from yingzao.model.policies.simple import CommitteeTraining, Training, Withdrawal

__all__ = [
    "DECISION_COLUMNS",
    "CityTraining",
    "PracticeSpread",
    "StreetFederation",
    "apply",
    "install",
]

# What the city sends one community at a synchronization point (NaN / 0: nothing).
DECISION_COLUMNS = (
    "grant_budget",  # yuan for this year's grants cycle (NaN: the community's own rate)
    "train_places",  # places in this year's city cohort
    "peer_share",  # share of the street's other trainees this year from model communities
    "practice_target",  # the best model committee's practice in the street (NaN: none)
    "openness_target",  # and its openness
    "federation",  # 1 while a street federation serves the community
    "ngo_months",  # an NGO contract starting now: its months (0: none)
    "ngo_budget",  # and the community's share of its budget
)


class CityTraining(Training):
    """The community's places in the city's leader-training cohort (``city_training.*``)."""

    name = "city_training"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.places = 0
        self.due = -1
        self.peer_share = 0.0
        self.trained = 0

    def give(self, month: int, places: int, peer_share: float) -> None:
        """Places in this year's cohort, trained this month."""
        self.places, self.due, self.peer_share = int(places), month, float(peer_share)

    def act(self, month: int) -> None:
        """Train the community's trainees in the month the places are given."""
        if month != self.due or self.places <= 0:
            return
        m, cost = self.model, self.v["cost_per_trainee"]
        gain = self.v["skill_gain"]
        v = dict(self.v)
        if m.v["mech.leader_peers"]:
            # leaders trained together learn from street-mates who made it work at home
            v["skill_gain"] = min(1.0, gain * (1 + m.v["city_spread.peer_bonus"] * self.peer_share))
        # one cohort of exactly the places given, now: the training rule does the rest
        v.update(cohort=self.places, every=1)
        keep, self.v = self.v, v
        self.left = self.places * cost if cost > 0 else math.inf
        try:
            super().act(month)
        finally:
            self.v = keep
        self.trained += self.places

    def marks(self) -> list[tuple[int, str]]:
        """No marks: the city's programme is marked on the city's figures."""
        return []


class PracticeSpread(Policy):
    """The committee learns facilitation from the best model committee of its street."""

    name = "city_spread"
    outside_funded = False

    def __init__(self, model) -> None:
        super().__init__(model)
        self.target: tuple[float, float] | None = None

    def act(self, month: int) -> None:
        """Close ``city_spread.practice_rate`` of the gap to the model's practice and openness."""
        if self.target is None:
            return
        c, rate = self.model.committee, self.v["practice_rate"]
        practice, openness = self.target
        if practice > c.practice:
            c.practice += rate * (practice - c.practice)
        if openness > c.openness:
            c.openness += rate * (openness - c.openness)

    def marks(self) -> list[tuple[int, str]]:
        """No marks."""
        return []


class StreetFederation(Policy):
    """A federation across the street's communities coaches this community's weakest groups."""

    name = "city_federation"
    outside_funded = False

    def __init__(self, model) -> None:
        super().__init__(model)
        self.on = False

    def act(self, month: int) -> None:
        """Coach the weakest living groups, unless an NGO is present (it coaches then)."""
        m, v = self.model, self.model.v
        if not self.on or (m.ngo is not None and m.ngo.present):
            return
        k = int(v["city_spread.federation_groups"])
        live = m.orgs.live()
        if k <= 0 or live.size == 0:
            return
        weak = live[np.argsort(m.orgs.capacity[live], kind="stable")[:k]]
        m.coach(weak, strength=v["city_spread.federation_strength"])

    def marks(self) -> list[tuple[int, str]]:
        """No marks."""
        return []


# Where each city policy acts among the community's policies: after the community policy of
# its kind (practice after committee training, training after training, peers after the NGO).
_AFTER = {PracticeSpread: CommitteeTraining, CityTraining: Training, StreetFederation: NGOContract}


def _rank(p: Policy) -> float:
    order = {cls: i for i, cls in enumerate(ORDER)}
    cls = type(p)
    return order[_AFTER[cls]] + 0.5 if cls in _AFTER else order[cls]


def _insert(m, policy: Policy) -> None:
    """Put ``policy`` among the community's policies at its place in the acting order."""
    at = sum(1 for p in m.policies if _rank(p) <= _rank(policy))
    m.policies.insert(at, policy)
    w = next((p for p in m.policies if isinstance(p, Withdrawal)), None)
    if w is not None and policy is not w:
        policy.outside_end = min(policy.outside_end, w.month)


def install(m) -> None:
    """Give a community of a city its city policies (they act only when the city decides)."""
    v = m.v
    if v["city_training.enabled"]:
        _insert(m, CityTraining(m))
    if v["mech.practice_spread"]:
        _insert(m, PracticeSpread(m))
    if v["mech.city_federation"]:
        _insert(m, StreetFederation(m))


def _find(m, cls: type) -> Any:
    return next((p for p in m.policies if type(p) is cls), None)


def apply(m, month: int, d: dict[str, float]) -> None:
    """Hand a community the city's decisions for the coming months (``d``: DECISION_COLUMNS)."""
    g = _find(m, Grants)
    if g is not None and not math.isnan(d["grant_budget"]):
        g.budget_override = float(d["grant_budget"])
    t = _find(m, CityTraining)
    if t is not None and d["train_places"] > 0:
        t.give(month, int(d["train_places"]), d["peer_share"])
    s = _find(m, PracticeSpread)
    if s is not None:
        target = (d["practice_target"], d["openness_target"])
        s.target = None if math.isnan(target[0]) else (float(target[0]), float(target[1]))
    f = _find(m, StreetFederation)
    if f is not None:
        f.on = bool(d["federation"])
    if d["ngo_months"] > 0:
        start_ngo(m, month, int(d["ngo_months"]), float(d["ngo_budget"]))


def start_ngo(m, month: int, months: int, budget: float) -> NGOContract:
    """A city NGO contract in this community from ``month`` (its share of the staff)."""
    p = NGOContract(m)
    p.start, p.end = month, month + months
    p.outside_end = p.end
    p.staff = budget / (months * p.v["staff_cost"])
    _insert(m, p)
    m.log(month, "city", f"A city NGO contract began for {months} months.")
    return p


def ngo_until(m) -> int:
    """The month the community's NGO contracts end (-1: none), for the city's NGO moves."""
    ends = [min(p.end, p.outside_end) for p in m.policies if isinstance(p, NGOContract)]
    return max(ends, default=-1)
