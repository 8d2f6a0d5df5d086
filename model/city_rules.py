"""The city's decisions at a synchronization point, from the few numbers its communities report.

At every synchronization point (month ``t``, every ``city.sync_months``) each community reports
:data:`INDICATOR_COLUMNS`; :func:`decide` turns them, with the city's memory (:class:`CityState`),
into one row of :data:`~yingzao.model.city_policies.DECISION_COLUMNS` per community for the
months until the next point. Only these numbers travel. Everything here is a pure function of
the indicators, the scenario, the city seed and ``t`` (ties and draws come from the city's own
streams), so the same seed gives the same decisions however the communities were run, and a
resumed run rebuilds the city's memory by deciding again from the stored indicators.

A *model community* (the source of practice that spreads) has at least
``city_spread.success_per_1000`` functional groups per 1,000 residents.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from yingzao.model.city_plan import city_rng
from yingzao.model.city_policies import DECISION_COLUMNS

__all__ = ["INDICATOR_COLUMNS", "CityState", "decide", "select_support"]

# What each community reports at a synchronization point.
INDICATOR_COLUMNS = (
    "community",
    "month",
    "residents",
    "households",
    "functional",  # living functional groups
    "per_1000",  # functional groups per 1,000 residents
    "score",  # the street review's score (model/street.py: review_scores)
    "practice",  # the committee's facilitative practice
    "openness",  # and its openness
    "federation",  # 1 if the community has its own federation
    "ngo_until",  # month its NGO contracts end (-1: none)
)


@dataclass
class CityState:
    """What the city remembers between synchronization points.

    Attributes:
        training_left: Yuan left in the training programme.
        street_federations: Streets whose communities formed a federation across them.
        contracts: City NGO contracts running: ``{"street", "communities", "end"}`` each.
        served: Communities a city NGO has served.
        events: ``(month, text)`` of what the city did, for the record.

    """

    training_left: float = 0.0
    street_federations: set[int] = field(default_factory=set)
    contracts: list[dict[str, Any]] = field(default_factory=list)
    served: set[int] = field(default_factory=set)
    events: list[tuple[int, str]] = field(default_factory=list)


def _order(values: np.ndarray, rng: np.random.Generator, descending: bool) -> np.ndarray:
    """Indexes sorted by ``values`` (ties in random order)."""
    key = -values if descending else values
    return np.lexsort((rng.random(values.size), key))


def _ranking(ind: pd.DataFrame, rule: str, rng: np.random.Generator) -> np.ndarray:
    """Row positions of ``ind`` in the order a rule serves them."""
    if rule == "random":
        return rng.permutation(len(ind))
    if rule == "largest":
        return _order(ind["residents"].to_numpy(float), rng, True)
    return _order(ind["per_1000"].to_numpy(float), rng, rule == "strong")


def select_support(plan: pd.DataFrame, ind: pd.DataFrame, v: dict, seed: int) -> pd.DataFrame:
    """Demonstration and subset communities, chosen from their state at month 0.

    Returns:
        ``community``, ``demo`` and ``subset`` (booleans), in community order.

    """
    n = len(plan)
    demo = np.zeros(n, bool)
    subset = np.zeros(n, bool)
    ind = ind.sort_values("community").reset_index(drop=True)
    if v["city_demo.enabled"]:
        rng = city_rng(seed, "city_demo")
        k = v["city_demo.per_district"]
        for d in np.unique(plan["district"]):
            rows = np.flatnonzero(plan["district"].to_numpy() == d)
            pick = rows[_ranking(ind.iloc[rows], v["city_demo.rule"], rng)[:k]]
            demo[pick] = True
    if v["city_subset.enabled"]:
        rng = city_rng(seed, "city_subset")
        prof = v["city_subset.profile"]
        rows = np.flatnonzero((plan["profile"] == prof).to_numpy() | (prof == "any"))
        k = int(round(v["city_subset.share"] * rows.size))
        subset[rows[_ranking(ind.iloc[rows], v["city_subset.rule"], rng)[:k]]] = True
    return pd.DataFrame({"community": plan["community"], "demo": demo, "subset": subset})


def _active(v: dict, sec: str, t: int) -> bool:
    return bool(v[f"{sec}.enabled"]) and v[f"{sec}.start"] <= t < v[f"{sec}.end"]


def _cycle_start(v: dict, sec: str, t: int) -> bool:
    """Whether a yearly cycle of ``sec`` starts at ``t``, or inside a longer period from ``t``."""
    p = v["city.sync_months"]
    return _active(v, sec, t) and ((t - v[f"{sec}.start"]) % 12 == 0 or p > 12)


def _fund(v: dict, plan: pd.DataFrame, ind: pd.DataFrame, t: int) -> np.ndarray:
    """Each community's grants budget for the coming cycle (NaN: its own rate, as alone)."""
    n = len(plan)
    out = np.full(n, np.nan)
    if not _cycle_start(v, "city_fund", t):
        return out
    own = v["city_fund.per_100_households"] * ind["households"].to_numpy(float) / 100.0
    cap = v["city_fund.budget"]
    scale = min(1.0, cap / own.sum()) if cap > 0 and own.sum() > 0 else 1.0
    if v["city_fund.allocation"] == "review" and v["mech.review_budget"]:
        pool = {"street": plan["street"], "district": plan["district"]}.get(v["city_fund.pool"])
        keys = np.zeros(n, np.int64) if pool is None else pool.to_numpy()
        score = ind["score"].to_numpy(float)
        money = np.bincount(keys, own * scale)
        weight = np.bincount(keys, score)
        return money[keys] * score / np.maximum(weight[keys], 1e-300)
    if scale < 1.0:
        return own * scale
    return out


def _training(
    v: dict, plan: pd.DataFrame, ind: pd.DataFrame, t: int, state: CityState, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Places in this year's cohort per community, and the share of street-mates from models."""
    n = len(plan)
    places, peer = np.zeros(n, np.int64), np.zeros(n)
    if not _cycle_start(v, "city_training", t):
        return places, peer
    cost = v["city_training.cost_per_trainee"]
    years = max(1, v["city.sync_months"] // 12)
    total = v["city_training.places"] * years
    if cost > 0:
        total = min(total, int(state.training_left // cost))
    if total <= 0:
        return places, peer
    rng = city_rng(seed, "city_training", t)
    rule = v["city_training.rule"]
    if rule == "equal":
        places[:] = total // n
        places[rng.permutation(n)[: total % n]] += 1
    else:
        if rule == "review":
            noise = np.exp(v["city_training.review_noise"] * rng.standard_normal(n))
            order = _order(ind["score"].to_numpy(float) * noise, rng, True)
        else:
            order = _ranking(ind, rule, rng)
        cap = v["city_training.max_per_community"]
        give = np.minimum(cap, np.maximum(0, total - cap * np.arange(n)))
        places[order] = give
    state.training_left -= float(places.sum()) * cost
    model = (ind["per_1000"].to_numpy(float) >= v["city_spread.success_per_1000"]).astype(float)
    street = plan["street"].to_numpy()
    all_in = np.bincount(street, places.astype(float))[street] - places
    from_models = np.bincount(street, places * model)[street] - places * model
    peer = np.where(all_in > 0, from_models / np.maximum(all_in, 1), 0.0)
    state.events.append((t, f"City training: {int(places.sum()):,} places ({rule})."))
    return places, peer


def _practice(v: dict, plan: pd.DataFrame, ind: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The best model committee of each community's street, other than its own."""
    n = len(plan)
    target, open_t = np.full(n, np.nan), np.full(n, np.nan)
    if not v["mech.practice_spread"]:
        return target, open_t
    model = ind["per_1000"].to_numpy(float) >= v["city_spread.success_per_1000"]
    practice = ind["practice"].to_numpy(float)
    openness = ind["openness"].to_numpy(float)
    street = plan["street"].to_numpy()
    for s in np.unique(street[model]):
        members = np.flatnonzero(street == s)
        models = members[model[members]]
        best = models[np.argsort(-practice[models], kind="stable")]
        for c in members:
            src = best[best != c]
            if src.size:
                target[c], open_t[c] = practice[src[0]], openness[src[0]]
    return target, open_t


def _federations(v: dict, plan: pd.DataFrame, ind: pd.DataFrame, t: int, state: CityState):
    """Streets where enough communities have a federation form one across them (it stays)."""
    if not v["mech.city_federation"]:
        return np.zeros(len(plan))
    street = plan["street"].to_numpy()
    count = np.bincount(street, ind["federation"].to_numpy(float))
    for s in np.flatnonzero(count >= v["city_spread.federation_min"]).tolist():
        if s not in state.street_federations:
            state.street_federations.add(s)
            state.events.append((t, f"Street {s}: its communities formed a federation."))
    return np.isin(street, sorted(state.street_federations)).astype(float)


def _ngo(v, plan, ind, t, state, seed) -> tuple[np.ndarray, np.ndarray]:
    """Contracts starting now: NGOs that move on in their street, then new streets."""
    n = len(plan)
    months, budget = np.zeros(n, np.int64), np.zeros(n)
    if not _active(v, "city_ngo", t):
        return months, budget
    rng = city_rng(seed, "city_ngo", t)
    street = plan["street"].to_numpy()
    busy = ind["ngo_until"].to_numpy() > t  # an NGO is there already (a support package's)
    length = min(v["city_ngo.months"], v["city_ngo.end"] - t)
    k, rule = v["city_ngo.communities"], v["city_ngo.rule"]

    def free(s: int) -> np.ndarray:
        rows = np.flatnonzero((street == s) & ~busy)
        return rows[~np.isin(rows, sorted(state.served))]

    def start(s: int, rows: np.ndarray, how: str) -> None:
        pick = rows[_ranking(ind.iloc[rows], rule, rng)[:k]]
        if pick.size == 0 or length <= 0:
            return
        months[pick] = length
        budget[pick] = v["city_ngo.budget"] * length / v["city_ngo.months"] / pick.size
        state.served.update(pick.tolist())
        state.contracts.append({"street": s, "communities": pick.tolist(), "end": t + length})
        state.events.append((t, f"Street {s}: a city NGO {how} {pick.size} communities."))

    ended = [c for c in state.contracts if c["end"] <= t]
    state.contracts = [c for c in state.contracts if c["end"] > t]
    for c in ended:
        if v["mech.ngo_moves"] and free(c["street"]).size:
            start(c["street"], free(c["street"]), "moved on to")
    taken = {c["street"] for c in state.contracts}
    streets = np.unique(street)
    # streets ranked by their communities' mean functional groups per 1,000 residents
    mean = pd.Series(ind["per_1000"].to_numpy(float)).groupby(street).mean()
    order = streets[_ranking(pd.DataFrame({"per_1000": mean.to_numpy()}), rule, rng)]
    for s in order.tolist():
        if len(state.contracts) >= v["city_ngo.contracts"]:
            break
        if s not in taken and free(s).size:
            start(s, free(s), "began to serve")
    return months, budget


def decide(
    v: dict[str, Any], plan: pd.DataFrame, ind: pd.DataFrame, t: int, state: CityState, seed: int
) -> pd.DataFrame:
    """The city's decisions at month ``t`` for every community (``DECISION_COLUMNS``).

    Args:
        v: Resolved scenario values of the city.
        plan: The city's communities (:func:`~yingzao.model.city_plan.plan_city`).
        ind: Every community's indicators at ``t`` (``INDICATOR_COLUMNS``).
        t: The synchronization month.
        state: The city's memory; updated.
        seed: The city seed.

    Returns:
        ``community`` and ``DECISION_COLUMNS``, one row per community in community order.

    """
    ind = ind.sort_values("community").reset_index(drop=True)
    if len(ind) != len(plan) or (ind["community"].to_numpy() != plan["community"].to_numpy()).any():
        raise ValueError(f"indicators at month {t} do not cover every community of the city")
    if t == 0 and v["city_training.enabled"]:
        state.training_left = float(v["city_training.budget"])
    places, peer = _training(v, plan, ind, t, state, seed)
    target, open_t = _practice(v, plan, ind)
    ngo_m, ngo_b = _ngo(v, plan, ind, t, state, seed)
    out = {
        "community": plan["community"].to_numpy(),
        "grant_budget": _fund(v, plan, ind, t),
        "train_places": places,
        "peer_share": peer,
        "practice_target": target,
        "openness_target": open_t,
        "federation": _federations(v, plan, ind, t, state),
        "ngo_months": ngo_m,
        "ngo_budget": ngo_b,
    }
    assert tuple(out)[1:] == DECISION_COLUMNS
    return pd.DataFrame(out)


def stream_key(name: str) -> int:
    """Stable id of a name (for files and streams)."""
    return zlib.crc32(name.encode())
