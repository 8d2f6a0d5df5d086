"""The structure of a city: districts of streets of communities, their sizes, profiles and seeds.

The plan is drawn from the city seed alone, on a stream of its own, in a fixed order: streets per
district, communities per street, community sizes, then profiles (so a new profile mix leaves the
sizes unchanged). Counts are split by :func:`~yingzao.model.street.community_sizes` (whole parts
proportional to lognormal weights within bounds, summing exactly), the rule a street uses for
its residents. Community ``i`` runs with the seed :func:`~yingzao.model.street.community_seed`
``(seed, i)``. Every impossible request (more streets than communities allow, sizes outside
their bounds) is an :class:`~yingzao.errors.InputError` naming the keys, before anything runs.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
import pandas as pd
from yingzao.model.city_defaults import PROFILES
from yingzao.model.street import community_seed, community_sizes

from yingzao.errors import InputError

__all__ = ["check_structure", "city_rng", "n_streets", "plan_city", "plan_counts"]


def city_rng(seed: int, purpose: str, *extra: int) -> np.random.Generator:
    """A stream of the city's own, by purpose (and e.g. the synchronization point)."""
    ss = np.random.SeedSequence([int(seed), zlib.crc32(purpose.encode()), *map(int, extra)])
    return np.random.Generator(np.random.PCG64(ss))


def n_streets(v: dict[str, Any]) -> int:
    """Streets of the city: its communities over the mean per street, at least one."""
    return max(1, round(v["city.communities"] / v["city.street_communities"]))


def check_structure(v: dict[str, Any]) -> None:
    """Refuse a city whose counts or sizes cannot be met (one message naming the keys).

    Raises:
        InputError: the first impossible request found.

    """
    n, d = v["city.communities"], v["city.districts"]
    lo, hi = v["city.street_min"], v["city.street_max"]
    if lo > hi:
        raise InputError(f"city.street_min ({lo}) is above city.street_max ({hi})")
    s = n_streets(v)
    if s < d:
        raise InputError(
            f"city.districts: {d} districts need at least {d} streets, and {n:,} communities "
            f"at {v['city.street_communities']:g} per street make {s} "
            "(lower city.districts or city.street_communities)"
        )
    if not s * lo <= n <= s * hi:
        raise InputError(
            f"city.communities: {n:,} communities cannot fill {s} streets of {lo}-{hi} "
            f"communities each; allowed: {s * lo:,} to {s * hi:,} (or change "
            "city.street_communities, city.street_min, city.street_max)"
        )
    smin, smax, med = v["city.size_min"], v["city.size_max"], v["city.size_median"]
    if smin > smax:
        raise InputError(f"city.size_min ({smin:,}) is above city.size_max ({smax:,})")
    if not smin <= med <= smax:
        raise InputError(
            f"city.size_median ({med:,}) is outside city.size_min-city.size_max ({smin:,}-{smax:,})"
        )


def _split(total: int, parts: int, lo: int, hi: int, spread: float, rng) -> np.ndarray:
    """``total`` as ``parts`` whole numbers in ``[lo, hi]``, proportional to lognormal weights."""
    return community_sizes(total, rng.lognormal(0.0, spread, parts), lo, hi)


def _counts(v: dict[str, Any], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Streets per district and communities per street: the plan's first draws."""
    n, d, s = v["city.communities"], v["city.districts"], n_streets(v)
    # a district holds at least one street and at most all but one per other district
    per_district = _split(s, d, 1, s - (d - 1), v["city.district_spread"], rng)
    lo, hi = v["city.street_min"], v["city.street_max"]
    return per_district, _split(n, s, lo, hi, v["city.street_spread"], rng)


def plan_counts(v: dict[str, Any], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Communities per district and per street of :func:`plan_city` (drawn alone: cheap).

    Raises:
        InputError: the structure cannot be met.

    """
    check_structure(v)
    per_district, per_street = _counts(v, city_rng(seed, "city-plan"))
    ends = np.cumsum(per_district)
    return np.add.reduceat(per_street, ends - per_district), per_street


def _profiles(v: dict[str, Any], n: int, rng: np.random.Generator) -> np.ndarray:
    """Profiles by the ``city.mix_*`` weights: counts by largest remainder, then shuffled."""
    w = np.array([v[f"city.mix_{p.replace('-', '_')}"] for p in PROFILES], dtype=float)
    if w.sum() <= 0:
        return np.full(n, v["community.profile"], dtype=object)
    quota = n * w / w.sum()
    counts = np.floor(quota).astype(np.int64)
    rest = np.argsort(-(quota - counts), kind="stable")[: n - int(counts.sum())]
    counts[rest] += 1
    return np.repeat(np.array(PROFILES, dtype=object), counts)[rng.permutation(n)]


def plan_city(v: dict[str, Any], seed: int) -> pd.DataFrame:
    """The city's communities, one row each, ordered by district, street and community.

    Args:
        v: Resolved scenario values of a city (``city.communities`` > 0).
        seed: The city seed.

    Returns:
        Columns ``community`` (0..n-1), ``district``, ``street`` (numbered across the city),
        ``profile``, ``residents`` and ``seed``.

    Raises:
        InputError: the structure cannot be met.

    """
    check_structure(v)
    n, d = v["city.communities"], v["city.districts"]
    s = n_streets(v)
    rng = city_rng(seed, "city-plan")
    per_district, per_street = _counts(v, rng)
    smin, smax = v["city.size_min"], v["city.size_max"]
    raw = v["city.size_median"] * rng.lognormal(0.0, v["city.size_spread"], n)
    sizes = np.clip(np.rint(raw), smin, smax).astype(np.int64)
    profiles = _profiles(v, n, rng)
    street = np.repeat(np.arange(s), per_street)
    district = np.repeat(np.arange(d), per_district)[street]
    return pd.DataFrame(
        {
            "community": np.arange(n, dtype=np.int64),
            "district": district.astype(np.int64),
            "street": street.astype(np.int64),
            "profile": profiles.astype(str),
            "residents": sizes,
            "seed": np.array([community_seed(seed, i) for i in range(n)], dtype=np.int64),
        }
    )
