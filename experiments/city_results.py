"""Results of a city run: per community, street, district and city, and their distribution.

Read from a city's results folder (:mod:`~yingzao.experiments.city_store`), one period at a time
so that memory stays bounded by a period's rows, and written beside them:

- ``by_community.parquet``/``.csv``: each community's plan row, whether it was a demonstration
  or subset community, and its run summary (the community summary's keys);
- ``by_street.parquet``, ``by_district.parquet``, ``city_series.parquet``/``.csv``: the series of
  each street, district and the whole city, aggregated as a street aggregates its communities
  (counts and money summed, rates weighted by residents, shares recomputed: model/street_results);
- ``distribution.csv``: at every synchronization point, how many communities reach each of
  :data:`THRESHOLDS` functional groups per 1,000 residents, for the city and by profile, district
  and street, with the 10th, 50th and 90th percentiles;
- ``summary.json`` and the figure ``city.png``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from yingzao.experiments import city_store as store
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.model.results import _plain
from yingzao.model.street_results import _RESIDENT_WEIGHTED, _SUMMED

__all__ = ["THRESHOLDS", "aggregate", "distribution", "load_city_results", "write_results"]

# Functional groups per 1,000 residents the distribution counts communities at (a report's
# reading marks, not parameters: field: Changqing about one registered group per 1,000).
THRESHOLDS = (0.25, 0.5, 1.0, 2.0, 3.0)


def aggregate(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Series of groups of communities (``by`` columns; none: the whole city), month by month.

    ``df`` holds community rows: ``residents``, the ``by`` columns and every series column.
    Aggregated as :func:`yingzao.model.street_results._aggregate` aggregates a street.
    """
    keys = [*by, "month"]
    g = df.groupby(keys, sort=True)
    w = df["residents"].astype(float)
    wsum = w.groupby([df[k] for k in keys]).sum()

    def wmean(col: str) -> pd.Series:
        return (df[col] * w).groupby([df[k] for k in keys]).sum() / wsum

    def share_of(col: str, count: str) -> pd.Series:
        num = (df[col] * df[count]).groupby([df[k] for k in keys]).sum()
        den = df[count].groupby([df[k] for k in keys]).sum()
        return (num / den.clip(lower=1)).where(den > 0, 0.0)

    out = g[list(_SUMMED)].sum()
    for c in _RESIDENT_WEIGHTED:
        out[c] = wmean(c).clip(0.0, 1.0)
    nf, na = out["orgs_functional"], out["orgs_alive"]
    out["functional_share"] = (nf / na.clip(lower=1)).where(na > 0, 0.0)
    out["max_functional_group_size"] = g["max_functional_group_size"].max()
    tot = (
        (df["orgs_functional"] * df["mean_functional_group_size"])
        .groupby([df[k] for k in keys])
        .sum()
    )
    out["mean_functional_group_size"] = (tot / nf.clip(lower=1)).where(nf > 0, 0.0)
    out["ngo_present"] = g["ngo_present"].any()
    out["groups_per_1000"] = na * 1000.0 / wsum
    reg = out["registered_groups"]
    out["registered_per_1000"] = reg * 1000.0 / wsum
    out["registered_service_share"] = (out["registered_functional"] / reg.clip(lower=1)).where(
        reg > 0, 0.0
    )
    out["registered_federation_share"] = share_of(
        "registered_federation_share", "registered_groups"
    )
    out["federation_share"] = share_of("federation_share", "orgs_alive")
    out["space_crowding"] = wmean("space_crowding")
    out["residents"] = wsum.astype(np.int64)
    out["communities"] = g.size()
    out = out.reset_index()
    return out[[*by, "communities", "residents", *SERIES_COLUMNS]]


def distribution(ind: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Communities reaching each threshold of functional groups per 1,000, at each point.

    Returns:
        ``month, by, group, communities`` and for each threshold ``x`` the count ``reach_x``
        and share ``share_x``, plus ``p10``, ``p50``, ``p90`` of groups per 1,000 residents;
        ``by`` is ``city``, ``profile``, ``district`` or ``street``.

    """
    df = ind.merge(plan[["community", "profile", "district", "street"]], on="community")
    df["city"] = "all"
    frames = []
    for by in ("city", "profile", "district", "street"):
        g = df.groupby(["month", by])["per_1000"]
        part = g.size().rename("communities").to_frame()
        for x in THRESHOLDS:
            part[f"reach_{x:g}"] = g.apply(lambda s, x=x: int((s >= x).sum()))
            part[f"share_{x:g}"] = part[f"reach_{x:g}"] / part["communities"]
        for q in (10, 50, 90):
            part[f"p{q}"] = g.quantile(q / 100)
        part = part.reset_index().rename(columns={by: "group"})
        part.insert(1, "by", by)
        part["group"] = part["group"].astype(str)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def _series(out: Path, plan: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Street, district and city series, one period's parts at a time."""
    parts: dict[str, list[pd.DataFrame]] = {"street": [], "district": [], "city": []}
    meta = plan[["community", "district", "street", "residents"]]
    for k in sorted(store.committed(out)):
        rows = store.read_parts(out, store.MONTHLY, k)
        if not len(rows):
            continue
        rows = rows.drop_duplicates(["community", "month"]).merge(meta, on="community")
        parts["street"].append(aggregate(rows, ["district", "street"]))
        parts["district"].append(aggregate(rows, ["district"]))
        parts["city"].append(aggregate(rows, []))
    return {k: pd.concat(v, ignore_index=True) for k, v in parts.items() if v}


def load_city_results(out: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of a finished city run (``by_community``, ``city_series``, ... by name)."""
    out = Path(out)
    if store.read_info(out) is None:
        from yingzao.errors import InputError

        raise InputError(f"{out}: not a city results folder (no city.json)")
    names = ("by_community", "by_street", "by_district", "city_series")
    tables = {
        n: pd.read_parquet(out / f"{n}.parquet") for n in names if (out / f"{n}.parquet").is_file()
    }
    if (out / "distribution.csv").is_file():
        tables["distribution"] = pd.read_csv(out / "distribution.csv")
    tables["monthly"] = store.read_parts(out, store.MONTHLY)
    return tables


def write_results(out: Path, sc: Any, seed: int) -> list[Path]:
    """Write the city's tables, its summary and its figure from the parts in ``out``."""
    plan = pd.read_parquet(out / "communities.parquet")
    support = out / "support.parquet"
    if support.is_file():
        plan = plan.merge(pd.read_parquet(support), on="community", how="left")
    else:
        plan["demo"] = plan["subset"] = False
    sums = store.read_parts(out, store.FINAL).drop_duplicates("community")
    by_comm = plan.merge(sums.drop(columns=["residents"], errors="ignore"), on="community")
    by_comm["functional_per_1000"] = 1000.0 * by_comm["orgs_functional"] / by_comm["residents"]
    paths = [out / "by_community.parquet", out / "by_community.csv"]
    by_comm.to_parquet(paths[0], index=False)
    by_comm.to_csv(paths[1], index=False)
    series = _series(out, plan)
    for name, file in (
        ("street", "by_street"),
        ("district", "by_district"),
        ("city", "city_series"),
    ):
        if name in series:
            series[name].to_parquet(out / f"{file}.parquet", index=False)
            paths.append(out / f"{file}.parquet")
    if "city" in series:
        series["city"].to_csv(out / "city_series.csv", index=False)
    ind = store.read_parts(out, store.SYNC).drop_duplicates(["community", "month"])
    dist = distribution(ind, plan)
    dist.to_csv(out / "distribution.csv", index=False)
    paths.append(out / "distribution.csv")
    summary = _summary(sc, seed, plan, by_comm, series.get("city"), dist)
    (out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n")
    paths.append(out / "summary.json")
    from yingzao.experiments.city_figures import city_figure

    paths.append(city_figure(by_comm, dist, sc.name, seed, out / "city.png"))
    return paths


def _summary(sc, seed, plan, by_comm, city, dist) -> dict[str, Any]:
    last = dist[dist["month"] == dist["month"].max()]
    at_end = last[last["by"] == "city"].iloc[0]
    reach = {f"{x:g}": _plain(at_end[f"share_{x:g}"]) for x in THRESHOLDS}
    prof = last[last["by"] == "profile"].set_index("group")
    out: dict[str, Any] = {
        "scenario": sc.name,
        "seed": seed,
        "months": sc.values["run.months"],
        "communities": len(plan),
        "streets": int(plan["street"].nunique()),
        "districts": int(plan["district"].nunique()),
        "residents": int(plan["residents"].sum()),
        "demonstration_communities": int(plan["demo"].fillna(False).sum()),
        "subset_communities": int(plan["subset"].fillna(False).sum()),
        "share_reaching_per_1000": reach,
        "per_1000_p10_p50_p90": [_plain(at_end[f"p{q}"]) for q in (10, 50, 90)],
        "share_reaching_1_per_1000_by_profile": {
            str(k): _plain(r["share_1"]) for k, r in prof.iterrows()
        },
    }
    if city is not None and len(city):
        row = city.iloc[-1]
        out["city"] = {c: _plain(row[c]) for c in SERIES_COLUMNS if c != "month"}
    for flag in ("demo", "subset"):
        chosen = by_comm[by_comm[flag].fillna(False).astype(bool)]
        if len(chosen):
            out[f"{flag}_functional_per_1000_mean"] = _plain(chosen["functional_per_1000"].mean())
    out["functional_per_1000_mean"] = _plain(by_comm["functional_per_1000"].mean())
    return out
