"""Paired comparison of cities: every city once per replicate, replicate i with the same seed.

Each run is an ordinary city run (:func:`~yingzao.experiments.city_run.run_city`) in its own
folder ``OUT/<city>/seed-<s>``, so an interrupted comparison goes on with ``resume=True``: the
finished runs are read back, an unfinished one resumes from its last synchronization point.
The outcomes compared are the city summary's (``summary.json``), flattened into
:data:`CITY_METRICS`; the statistics are those of a community comparison
(:func:`~yingzao.experiments.compare_stats.stats_table`: means with 95% intervals, paired
differences to the first city).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from yingzao.experiments.city_run import run_city
from yingzao.experiments.city_store import clear_city
from yingzao.experiments.compare_stats import stats_table, unique_labels
from yingzao.model.city_spec import check_city, is_city, load_city

from yingzao.checks import seed_range, something_to_resume
from yingzao.errors import InputError
from yingzao.outputs import check_writable

__all__ = ["CITY_METRICS", "CityComparison", "compare_cities", "city_metrics"]

# outcome: what it is (the printed label)
CITY_METRICS = {
    "functional_per_1000_mean": "functional groups per 1,000 residents, mean over communities",
    "per_1000_p10": "  10th percentile across communities",
    "per_1000_p50": "  median across communities",
    "per_1000_p90": "  90th percentile across communities",
    "reaching_0.5": "share of communities reaching 0.5 per 1,000",
    "reaching_1": "share of communities reaching 1 per 1,000",
    "reaching_2": "share of communities reaching 2 per 1,000",
    "orgs_functional": "functional groups in the city",
    "participation_rate": "residents doing public work (last 3 months)",
    "active_share": "active residents (last 12 months)",
    "needs_met": "needs met",
    "outside_money_spent": "outside money spent (yuan)",
}
_INFO = "cities.json"


def city_metrics(summary: dict[str, Any]) -> dict[str, float]:
    """The compared outcomes of one city run, from its ``summary.json``."""
    p10, p50, p90 = summary["per_1000_p10_p50_p90"]
    reach = summary["share_reaching_per_1000"]
    city = summary.get("city", {})
    out = {
        "functional_per_1000_mean": summary["functional_per_1000_mean"],
        "per_1000_p10": p10,
        "per_1000_p50": p50,
        "per_1000_p90": p90,
        **{f"reaching_{k}": reach.get(k) for k in ("0.5", "1", "2")},
    }
    for k in ("orgs_functional", "participation_rate", "active_share", "needs_met"):
        out[k] = city.get(k)
    out["outside_money_spent"] = city.get("outside_money_spent")
    return {k: float("nan") if x is None else float(x) for k, x in out.items()}


@dataclass
class CityComparison:
    """Per-run outcomes (``summaries``) and their paired statistics (``stats``)."""

    labels: list[str]
    summaries: pd.DataFrame
    stats: pd.DataFrame
    out: Path

    def table(self) -> str:
        """Means [95% interval] and paired differences to the first city, for people."""
        seeds = self.summaries["seed"].drop_duplicates().tolist()
        lines = [
            f"{len(self.labels)} cities x {len(seeds)} replicates (seeds {seeds[0]}-{seeds[-1]}, "
            f"the same in every city); difference to {self.labels[0]} [95% interval]"
        ]
        w = max(len(lab) for lab in self.labels)
        for key, label in CITY_METRICS.items():
            block = self.stats[self.stats["metric"] == key].set_index("scenario")
            if block.empty:
                continue
            lines += ["", label.strip()]
            for lab in self.labels:
                r = block.loc[lab]
                line = f"  {lab:<{w}}  {_n(r['mean'])} [{_n(r.ci_low)}, {_n(r.ci_high)}]"
                if lab != self.labels[0]:
                    star = " *" if r.diff_low > 0 or r.diff_high < 0 else ""
                    line += f"   {_n(r['diff'], True)} [{_n(r.diff_low)}, {_n(r.diff_high)}]{star}"
                lines.append(line)
        lines += ["", f"* the 95% interval excludes 0; runs and tables in {self.out}"]
        return "\n".join(lines)


def _n(x: float, sign: bool = False) -> str:
    if x != x:  # NaN: one replicate has no interval
        return "-"
    s = f"{x:+,.3g}" if sign else f"{x:,.3g}"
    return s if abs(x) < 1e4 else (f"{x:+,.0f}" if sign else f"{x:,.0f}")


def _labels(refs: list[str]) -> list[str]:
    """Labels (and folder names) of the cities: names, or file names without ``.toml``.

    The same city twice is refused; two files of one name in different folders are labelled
    ``city`` and ``city (2)``.
    """
    toml = [str(r).endswith(".toml") for r in refs]
    same = [os.path.realpath(r) if t else str(r) for r, t in zip(refs, toml, strict=True)]
    names = [Path(r).stem if t else str(r) for r, t in zip(refs, toml, strict=True)]
    if len(set(same)) < len(same):
        raise InputError(f"compare: the cities must differ, got {', '.join(names)}")
    return unique_labels(names)


def compare_cities(
    refs: list[str | os.PathLike],
    reps: int,
    seeds: int = 0,
    overrides: dict[str, Any] | None = None,
    out: str | os.PathLike | None = None,
    *,
    resume: bool = False,
    force: bool = False,
    workers: int | None = None,
    cluster: Any = None,
    progress: bool = True,
    log: Any = None,
) -> CityComparison:
    """Run every city once per replicate (paired seeds) and compare their outcomes.

    Raises:
        InputError: a bad city, folder or argument (before any run).

    """
    labels = _labels([os.fspath(r) for r in refs])
    seed_range(seeds, reps, "--seeds")
    cities = [load_city(r, overrides) for r in refs]
    for ref, sc in zip(refs, cities, strict=True):
        if not is_city(sc):
            raise InputError(f"compare: {ref} is not a city; compare cities with cities")
        check_city(sc, range(seeds, seeds + reps))
    out = Path(out) if out is not None else Path("results") / f"compare-{'-'.join(labels)}"
    info = {"cities": labels, "seeds": [seeds, seeds + reps], "overrides": overrides or {}}
    if resume:
        something_to_resume(out, "city comparison")
    _check_folder(out, info, resume, force)
    out.mkdir(parents=True, exist_ok=True)
    (out / _INFO).write_text(json.dumps(info, default=str) + "\n", encoding="utf-8")
    rows = []
    for i, seed in enumerate(range(seeds, seeds + reps)):
        for label, sc in zip(labels, cities, strict=True):
            folder = out / label / f"seed-{seed}"
            if log:
                log(f"replicate {i + 1}/{reps}: {label} (seed {seed})")
            # --force: every run starts again (beside the user's own files, if any are left)
            run_city(
                sc, folder, seed=seed, resume=not force, force=force, workers=workers,
                cluster=cluster, progress=progress,
            )  # fmt: skip
            summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
            rows.append({"scenario": label, "replicate": i, "seed": seed, **city_metrics(summary)})
    summaries = pd.DataFrame(rows)
    stats = stats_table(summaries, labels)
    summaries.to_csv(out / "summaries.csv", index=False)
    stats.to_csv(out / "stats.csv", index=False)
    return CityComparison(labels, summaries, stats, out)


def _check_folder(out: Path, info: dict[str, Any], resume: bool, force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a folder")
    f = out / _INFO
    if out.is_dir() and f.is_file():
        try:
            old = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise InputError(f"{f}: cannot be read ({e})") from None
        if force:
            for lab in old.get("cities", []):
                _clear_label(out / str(lab))
        elif old != json.loads(json.dumps(info, default=str)):
            raise InputError(
                f"--out {out}: holds another city comparison ({', '.join(old.get('cities', []))}"
                "); give a new --out, or --force to replace it"
            )
        elif not resume:
            raise InputError(
                f"--out {out}: holds this comparison already; continue it with --resume, "
                "start it again with --force, or give a new --out"
            )
    elif out.is_dir() and any(not p.name.startswith(".") for p in out.iterdir()) and not force:
        raise InputError(f"--out {out}: is not empty; give a new --out, or --force")
    check_writable(out, "--out")


def _clear_label(folder: Path) -> None:
    """Remove one city's runs (``seed-*/``) of a comparison; the user's own files stay."""
    if not folder.is_dir() or folder.is_symlink():
        return
    for run in folder.iterdir():
        if run.name.startswith("seed-") and run.is_dir() and not run.is_symlink():
            clear_city(run)
            _rmdir_if_empty(run)
    _rmdir_if_empty(folder)


def _rmdir_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:  # the user's own files are in it
        pass
