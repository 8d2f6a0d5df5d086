"""Results of a street run: the street's series and summary aggregated from its communities.

Counts and money are summed over communities; rates and 0-1 means are weighted by residents;
the functional share is recomputed from the sums; the largest functional group is the largest
of the street. The shape is that of a community :class:`~yingzao.model.results.Result`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from yingzao.model.metrics import RATE_KEYS, SERIES_COLUMNS
from yingzao.model.results import Result, _plain, write_run, write_table

if TYPE_CHECKING:
    from yingzao.model.street import StreetModel

# How each series column is aggregated over the communities of a street.
_SUMMED = (
    "orgs_alive",
    "orgs_functional",
    "orgs_recreational",
    "orgs_founded_total",
    "orgs_dissolved_total",
    "volunteers_active",
    "leaders_active",
    "leaders",
    "federation_members",
    "community_fund_balance",
    "outside_money_spent",
    "outside_money_month",
    "resident_money_raised",
    "org_money_balance",
    "registered_groups",
    "registered_functional",
    "events_held",
    "meetings_held",
    "enterprises",
)
_RESIDENT_WEIGHTED = (
    "participation_rate",
    "active_share",
    *(c for c in SERIES_COLUMNS if c.startswith("level_")),
    "recreation_rate",
    "needs_met",
    "trust_mean",
    "committee_openness",
    "committee_problem_load",
    "committee_facilitation",
    "committee_support",
    "committee_free_time",
    "ngo_substitute_share",
)
_OTHER = (
    "month",
    "functional_share",
    "max_functional_group_size",
    "mean_functional_group_size",
    "ngo_present",
    "groups_per_1000",
    "registered_per_1000",
    "registered_service_share",
    "registered_federation_share",
    "federation_share",
    "space_crowding",
)
assert sorted(_SUMMED + _RESIDENT_WEIGHTED + _OTHER) == sorted(SERIES_COLUMNS)

# Summary keys beyond the series columns, and how they aggregate.
_SUMMARY_SUMMED = (
    "coached_groups",
    "functional_at_withdrawal",
    "functional_alive_12m_after",
    "functional_alive_24m_after",
    "crisis_volunteers_first_month",
    "coached_reached_20",
    "functional_at_support_end",
    "functional_alive_12m_after_support_end",
    "functional_alive_24m_after_support_end",
    "crisis_teams",
    "functional_at_cohort",
    "functional_alive_12m_after_cohort",
    "functional_alive_24m_after_cohort",
)
# Summary keys averaged over the communities that have them (rates and shares of a community).
_SUMMARY_MEAN = RATE_KEYS
# Summary keys computed from every community's groups pooled (as one community's would be).
_SUMMARY_POOLED = (
    "functional_size_median",
    "functional_size_p90",
    "recreational_size_median",
    "coached_growth",
    "coached_grew_3x_share",
    "uncoached_functional_peak_median",
)


def _aggregate(frames: list[pd.DataFrame], residents: np.ndarray) -> pd.DataFrame:
    """The street's series from its communities' series (same columns, same dtypes)."""

    def stack(c: str) -> np.ndarray:
        return np.stack([f[c].to_numpy() for f in frames])

    w = residents.astype(float)[:, None]
    out: dict[str, np.ndarray] = {"month": frames[0]["month"].to_numpy()}
    for c in _SUMMED:
        out[c] = stack(c).sum(axis=0)
    for c in _RESIDENT_WEIGHTED:
        # every weighted column is a 0-1 quantity; clip the last-bit rounding of the mean
        out[c] = np.clip((w * stack(c)).sum(axis=0) / w.sum(), 0.0, 1.0)
    nf, na = out["orgs_functional"], out["orgs_alive"]
    out["functional_share"] = np.where(na > 0, nf / np.maximum(na, 1), 0.0)
    out["max_functional_group_size"] = stack("max_functional_group_size").max(axis=0)
    # the mean over every functional group of the street, not the mean of community means
    f = stack("orgs_functional")
    tot = (f * stack("mean_functional_group_size")).sum(axis=0)
    out["mean_functional_group_size"] = np.where(nf > 0, tot / np.maximum(nf, 1), 0.0)
    out["ngo_present"] = stack("ngo_present").any(axis=0)
    per_k = 1000.0 / residents.sum()
    out["groups_per_1000"] = na * per_k
    reg = out["registered_groups"]
    out["registered_per_1000"] = reg * per_k
    out["registered_service_share"] = np.where(
        reg > 0, out["registered_functional"] / np.maximum(reg, 1), 0.0
    )
    for share, count in (
        ("registered_federation_share", stack("registered_groups")),
        ("federation_share", stack("orgs_alive")),
    ):
        tot = count.sum(axis=0)
        out[share] = np.where(tot > 0, (stack(share) * count).sum(axis=0) / np.maximum(tot, 1), 0.0)
    out["space_crowding"] = (w * stack("space_crowding")).sum(axis=0) / w.sum()
    return pd.DataFrame({c: out[c] for c in SERIES_COLUMNS})


def _pooled(groups: pd.DataFrame) -> dict[str, Any]:
    """The group-size summary keys over every community's groups together."""

    def med(x: pd.Series, q: float = 50) -> float | None:
        return float(np.percentile(x, q)) if len(x) else None

    alive = groups[groups["alive"]]
    func = alive[alive["kind"] == "functional"]["size"]
    coached = groups[(groups["size_first_coached"] > 0) & groups["coached_functional"]]
    growth = coached["peak_since_coached"] / coached["size_first_coached"]
    lone = groups[
        (groups["kind"] == "functional")
        & (groups["coached_months"] == 0)
        & (groups["grants_won"] == 0)
        & (groups["peak_size"] > 0)
    ]
    return {
        "functional_size_median": med(func),
        "functional_size_p90": med(func, 90),
        "recreational_size_median": med(alive[alive["kind"] == "recreational"]["size"]),
        "coached_growth": med(growth),
        "coached_grew_3x_share": float(np.mean(growth >= 3)) if len(growth) else None,
        "uncoached_functional_peak_median": med(lone["peak_size"]),
    }


def _sum_or_none(values: list[Any]) -> Any:
    known = [x for x in values if x is not None]
    return sum(known) if known else None


@dataclass
class StreetResult:
    """The outcome of one street run, shaped like :class:`~yingzao.model.results.Result`.

    Attributes:
        scenario: Scenario name.
        seed: Street seed.
        months: Months simulated.
        series: One row per month for the whole street (same columns as a community's series):
            counts and money summed; ``functional_share`` recomputed from the sums;
            participation, recreation, needs met, trust and committee columns weighted by
            residents; the largest functional group is the street's largest, the mean size is
            over all functional groups; ``ngo_present`` if any community has one.
        summary: The community summary's keys, aggregated the same way (withdrawal cohorts and
            crisis volunteers summed; group sizes and growth over all groups pooled), plus
            ``communities``.
        by_community: Every community's series, with ``community``, ``profile`` and
            ``residents`` columns first.
        groups: Every community's group table, with a ``community`` column.
        communities: Per community: index, profile, residents, households, seed and summary.
        allocations: Street grant allocations: ``month``, ``community``, ``yuan``.
        marks: ``(month, label)`` of policy starts, ends and withdrawal, for figures.
        events: The event log ``(month, kind, text)``; community events start with
            ``"Community i (profile): "``, street allocations have kind ``street``.

    """

    scenario: str
    seed: int
    months: int
    series: pd.DataFrame
    summary: dict[str, Any]
    by_community: pd.DataFrame
    communities: list[dict[str, Any]] = field(default_factory=list)
    allocations: pd.DataFrame = field(default_factory=pd.DataFrame)
    marks: list[tuple[int, str]] = field(default_factory=list)
    events: list[tuple[int, str, str]] = field(default_factory=list)
    groups: pd.DataFrame | None = None

    @classmethod
    def from_model(cls, street: StreetModel) -> StreetResult:
        """Collect the results of a finished :class:`StreetModel`."""
        results = [Result.from_model(c) for c in street]
        residents = np.array([c.n for c in street], dtype=np.int64)
        frames = [r.series for r in results]
        series = _aggregate(frames, residents)
        by_community = pd.concat(
            [
                f.assign(community=i, profile=p, residents=int(n))
                for i, (f, p, n) in enumerate(zip(frames, street.profiles, residents, strict=True))
            ],
            ignore_index=True,
        )
        by_community = by_community[["community", "profile", "residents", *SERIES_COLUMNS]]
        sums = [r.summary for r in results]
        groups = pd.concat(
            [r.groups.assign(community=i) for i, r in enumerate(results)], ignore_index=True
        )
        pooled = _pooled(groups)
        summary: dict[str, Any] = {"residents": int(residents.sum())}
        last = series.iloc[-1]
        for key in sums[0]:
            if key == "residents":
                continue
            if key in SERIES_COLUMNS:
                summary[key] = _plain(last[key])
            elif key == "max_functional_group_size_ever":
                summary[key] = max(s[key] for s in sums)
            elif key in _SUMMARY_MEAN:
                known = [s[key] for s in sums if s[key] is not None]
                summary[key] = float(np.mean(known)) if known else None
            elif key in _SUMMARY_POOLED:
                summary[key] = pooled[key]
            elif key in ("withdrawal_month", "cohort_month"):
                summary[key] = sums[0][key]  # one scenario: the same month everywhere
            elif key == "support_end_month":
                ends = [s[key] for s in sums]
                summary[key] = None if None in ends else max(ends)  # support ended everywhere
            elif key == "support_end_basis":
                summary[key] = next((s[key] for s in sums if s[key] is not None), None)
            elif key == "ngo_dropped_month":
                drops = [s[key] for s in sums if s[key] is not None]
                summary[key] = min(drops) if drops else None  # the first community dropped
            elif key in _SUMMARY_SUMMED:
                summary[key] = _sum_or_none([s[key] for s in sums])
            else:
                raise KeyError(f"no street aggregation rule for summary key {key!r}")
        summary["communities"] = len(results)
        marks: list[tuple[int, str]] = []
        for r in results:
            marks += [mk for mk in r.marks if mk not in marks]
        events = list(street.events)
        for i, (r, p) in enumerate(zip(results, street.profiles, strict=True)):
            events += [(mo, k, f"Community {i} ({p}): {t}") for mo, k, t in r.events]
        events.sort(key=lambda e: e[0])  # stable: street first within a month, then by community
        communities = [
            {
                "community": i,
                "profile": p,
                "residents": int(n),
                "households": int(h),
                "seed": s,
                "summary": r.summary,
            }
            for i, (r, p, n, h, s) in enumerate(
                zip(
                    results,
                    street.profiles,
                    residents,
                    street.households,
                    street.seeds,
                    strict=True,
                )
            )
        ]
        alloc = pd.DataFrame(
            [
                {"month": mo, "community": i, "yuan": float(a)}
                for mo, arr in street.allocations.items()
                for i, a in enumerate(arr)
            ],
            columns=["month", "community", "yuan"],
        )
        return cls(
            street.case.name,
            street.seed,
            street.month,
            series,
            summary,
            by_community,
            communities,
            alloc,
            marks,
            events,
            groups,
        )

    def to_json(self) -> dict[str, Any]:
        """The machine-readable form: scenario, seed, months, summary, and each community's."""
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "months": self.months,
            "summary": {k: _plain(v) for k, v in self.summary.items()},
            "communities": [
                {
                    **{k: v for k, v in c.items() if k != "summary"},
                    "summary": {k: _plain(v) for k, v in c["summary"].items()},
                }
                for c in self.communities
            ],
        }

    def save(self, out: str | Path) -> list[Path]:
        """Write series.parquet/.csv, summary.json, figure.png and by_community.parquet/.csv."""
        paths = write_run(self, out)
        return paths + write_table(self.by_community, Path(out) / "by_community")
