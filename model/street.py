"""A street (街道): several communities run side by side under one street-level grants budget.

A street is built from one resolved scenario. The ``street.*`` keys say how many communities it
has (``street.communities``), how many residents in all (``street.residents``), how much the
communities differ in size (``street.size_spread``), which profiles they have (the
``street.mix_*`` weights) and how the street splits the grants budget (``street.allocation``).
Every community is an ordinary :class:`~yingzao.model.community.CommunityModel` with its own
seed, size and profile; communities do not interact except through the street's budget.

Field grounding (DOMAIN.md): Beijing Daxing Qingyuan street has 28 communities and about 130,000
residents; its community project grants were mostly around 10,000 yuan a year, some only a few
thousand, decided by competitive review. Chengdu sets the budget per 100 households instead.
"""

from __future__ import annotations

import zlib
from typing import Any

import mesa
import numpy as np
from yingzao.model.community import CommunityModel
from yingzao.model.defaults import DECLARATIONS, PROFILES
from yingzao.model.footprint import check_memory
from yingzao.scenarios import Scenario, as_scenario

from yingzao.checks import seed as check_seed
from yingzao.errors import InputError

# Smallest community of a street (assumption): well under the smallest in the field reports
# (about 1,000), large enough for a committee, a grant council and a few groups.
MIN_RESIDENTS = 200
# Review score of a community with no functional group: one group's worth, so that a community
# that has not yet grown groups can still win a share (the review funds first proposals too).
REVIEW_FLOOR = 1


def mix_key(profile: str) -> str:
    """The ``street.mix_*`` key of a profile (``old-courtyard`` -> ``street.mix_old_courtyard``)."""
    return f"street.mix_{profile.replace('-', '_')}"


def community_seed(seed: int, i: int) -> int:
    """Seed of community ``i`` of a street run with ``seed``; distinct and stable across runs."""
    return int(np.random.SeedSequence([int(seed), int(i)]).generate_state(1)[0])


def street_rng(seed: int) -> np.random.Generator:
    """The street's own stream (community sizes and profiles), apart from every community's."""
    ss = np.random.SeedSequence([int(seed), zlib.crc32(b"street")])
    return np.random.Generator(np.random.PCG64(ss))


def community_sizes(
    total: int, weights: np.ndarray, lo: int = MIN_RESIDENTS, hi: int | None = None
) -> np.ndarray:
    """Whole sizes proportional to ``weights``, each in ``[lo, hi]``, summing to ``total``.

    The sizes are ``clip(c * weights, lo, hi)`` with the scale ``c`` found by bisection (so the
    floor and ceiling take from the others in proportion), then rounded by largest remainder.

    Raises:
        InputError: ``total`` cannot be split that way.

    """
    n = weights.size
    hi = int(DECLARATIONS["community.residents"].hi) if hi is None else hi
    if not n * lo <= total <= n * hi:
        raise InputError(
            f"street.residents: {total:,} residents cannot make {n} communities of "
            f"{lo:,}-{hi:,} residents each; allowed: {n * lo:,} to {n * hi:,} "
            "(street.residents = 0 means street.communities x community.residents)"
        )
    w = np.asarray(weights, dtype=float)
    a, b = 0.0, float(total) / w.min() + 1.0  # at b each size >= min(total, hi): sum >= total
    for _ in range(200):
        c = 0.5 * (a + b)
        if np.clip(c * w, lo, hi).sum() < total:
            a = c
        else:
            b = c
    x = np.clip(b * w, lo, hi)
    sizes = np.floor(x).astype(np.int64)
    left = int(total - sizes.sum())
    # largest remainder first; only communities below the ceiling can take one more resident
    order = np.argsort(-(x - sizes), kind="stable")
    for i in order:
        if left <= 0:
            break
        if sizes[i] < hi:
            sizes[i] += 1
            left -= 1
    for i in np.argsort(-sizes, kind="stable"):  # bisection overshoot: take back from the largest
        if left >= 0:
            break
        if sizes[i] > lo:
            sizes[i] -= 1
            left += 1
    assert sizes.sum() == total and sizes.min() >= lo and sizes.max() <= hi
    return sizes


def community_profiles(v: dict[str, Any], n: int, rng: np.random.Generator) -> list[str]:
    """Profiles of ``n`` communities from the ``street.mix_*`` weights, in random order.

    Counts follow the weights by largest remainder (ties to the earlier profile in PROFILES), so
    a street of 28 with weights 0.6/0.25/0.15 has 17/7/4 communities of those profiles, not a
    random number that could leave a profile out; which community gets which is then shuffled.
    All weights 0: every community has ``community.profile``.
    """
    w = np.array([v[mix_key(p)] for p in PROFILES], dtype=float)
    if w.sum() <= 0:
        return [v["community.profile"]] * n
    quota = n * w / w.sum()
    counts = np.floor(quota).astype(np.int64)
    rest = np.argsort(-(quota - counts), kind="stable")[: n - int(counts.sum())]
    counts[rest] += 1
    profiles = np.repeat(np.array(PROFILES, dtype=object), counts)
    return [str(p) for p in profiles[rng.permutation(n)]]


def review_scores(communities: list[CommunityModel]) -> np.ndarray:
    """The street's competitive review of its communities at the start of a programme year.

    ``score = (REVIEW_FLOOR + sum over living functional groups of (1 + capacity))
    x (1 + committee facilitation)``. Grounding (Qingyuan's competitive review on public benefit,
    feasibility and sustainability): a community's functional groups are its applicants and carry
    the public benefit, their capacity stands for feasibility and sustainability (the previous
    years' projects that lasted), and a facilitative committee runs the wish collection and
    helps residents write proposals. The floor lets a community without groups win a share.
    """
    out = np.empty(len(communities))
    for i, c in enumerate(communities):
        o = c.orgs
        f = np.flatnonzero(o.functional())
        quality = float((1 + o.capacity[f]).sum())
        out[i] = (REVIEW_FLOOR + quality) * (1 + float(c.committee.facilitation))
    return out


class StreetModel(mesa.Model):
    """A street (街道) of communities sharing one grants budget.

    Args:
        scenario: A resolved :class:`Scenario`, or the name/path of one.
        seed: Street seed: community sizes and profiles come from its own stream, and community
            ``i`` runs with :func:`community_seed` ``(seed, i)``.
        overrides: Extra ``{key: value}`` settings applied on top of the scenario.

    Attributes:
        communities: The communities, in index order.
        sizes, profiles, seeds: Residents, profile and run seed of each community.
        allocations: ``{month: yuan per community}`` of every street-level grant allocation.
        month: Number of months simulated.

    Raises:
        InputError: the residents cannot be split into communities of at least 200 residents.

    """

    def __init__(
        self,
        scenario: Scenario | str = "street-qingyuan",
        seed: int = 0,
        overrides: dict[str, Any] | None = None,
    ) -> None:
        seed = check_seed(seed)
        scenario = as_scenario(scenario, overrides)
        check_memory(scenario)  # 30 x 200,000 residents must fail now, not be killed in a minute
        super().__init__(rng=seed)
        self.case = scenario
        self.v = v = scenario.values
        self.seed = seed
        self.months = v["run.months"]
        n = v["street.communities"]
        total = v["street.residents"] or n * v["community.residents"]
        rng = street_rng(seed)
        spread = v["street.size_spread"]
        # sizes first, then profiles: changing the mix leaves the sizes unchanged
        self.sizes = community_sizes(total, rng.lognormal(0.0, spread, n))
        self.profiles = community_profiles(v, n, rng)
        self.seeds = [community_seed(seed, i) for i in range(n)]
        self.communities = [
            CommunityModel(
                scenario.with_overrides(
                    {"community.residents": int(size), "community.profile": prof},
                    origin="street",
                ),
                seed=s,
            )
            for size, prof, s in zip(self.sizes, self.profiles, self.seeds, strict=True)
        ]
        self.grants = [next((p for p in c.policies if p.name == "grants"), None) for c in self]
        self.households = np.array([c.n_households for c in self], dtype=np.int64)
        self.allocations: dict[int, np.ndarray] = {}
        self.events: list[tuple[int, str, str]] = []
        self.month = 0

    def __iter__(self):
        return iter(self.communities)

    def __len__(self) -> int:
        return len(self.communities)

    @property
    def n(self) -> int:
        """Residents of the whole street."""
        return int(sum(c.n for c in self))

    def yearly_budget(self) -> float:
        """The street's grants budget for one programme year, in yuan."""
        return self.v["grants.per_100_households"] * float(self.households.sum()) / 100.0

    def allocate(self, month: int) -> np.ndarray | None:
        """Split the year's grants budget among the communities, if a programme year starts.

        ``per_household``: each community gets ``per_100_households x its households / 100``,
        exactly what its own grants policy would budget, so the communities run as they would
        alone. ``review``: the budget is split in proportion to :func:`review_scores`.

        Returns:
            Yuan per community, or None when no grant cycle starts this month.

        """
        g0 = self.grants[0]
        if g0 is None or month < g0.start or (month - g0.start) % 12 or not g0.active(month):
            return None
        if self.v["street.allocation"] == "review":
            score = review_scores(self.communities)
            alloc = self.yearly_budget() * score / score.sum()
        else:
            alloc = self.v["grants.per_100_households"] * self.households / 100.0
        for g, a in zip(self.grants, alloc, strict=True):
            g.budget_override = float(a)
        self.allocations[month] = alloc
        self.events.append(
            (
                month,
                "street",
                f"The street allocated {alloc.sum():,.0f} yuan of grants "
                f"({self.v['street.allocation'].replace('_', ' ')}): "
                f"{alloc.min():,.0f} to {alloc.max():,.0f} yuan per community.",
            )
        )
        return alloc

    def step(self) -> None:
        """One month: the street's allocation (if a programme year starts), then each community."""
        self.allocate(self.month)
        for c in self.communities:
            c.step()
        self.month += 1

    def run(self, months: int | None = None) -> StreetModel:
        """Run ``months`` more months (default: the scenario's ``run.months``)."""
        from yingzao.checks import whole  # -5 or 2.5 must not silently do nothing

        months = None if months is None else whole(months, "months", 0)
        for _ in range(self.months if months is None else months):
            self.step()
        return self


from yingzao.model.street_results import StreetResult  # noqa: E402  (re-export)

__all__ = ["StreetModel", "StreetResult", "community_seed", "community_sizes", "review_scores"]
