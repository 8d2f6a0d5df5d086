"""Run results as pandas objects, and their files on disk."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from yingzao.model.metrics import group_table, size_table, summary


@dataclass
class Result:
    """The outcome of one run.

    Attributes:
        scenario: Scenario name.
        seed: Run seed.
        months: Months simulated.
        series: One row per month.
        summary: The run summary (see README for the keys).
        marks: ``(month, label)`` of policy starts, ends and withdrawal, for figures.
        events: The plain-language event log ``(month, kind, text)``.
        groups: One row per organization of the run (kind, origin, founding and end, sizes,
            coaching, registration, federation, grants won).
        group_sizes: Size of every living organization each month (``month, group, size``).

    """

    scenario: str
    seed: int
    months: int
    series: pd.DataFrame
    summary: dict[str, Any]
    marks: list[tuple[int, str]] = field(default_factory=list)
    events: list[tuple[int, str, str]] = field(default_factory=list)
    groups: pd.DataFrame | None = None
    group_sizes: pd.DataFrame | None = None

    @classmethod
    def from_model(cls, m) -> Result:
        """Collect the results of a finished :class:`CommunityModel`."""
        series = pd.DataFrame(m.recorder.rows)
        marks = [mk for p in m.policies for mk in p.marks() if 0 <= mk[0] <= m.month]
        return cls(
            m.case.name,
            m.seed,
            m.month,
            series,
            summary(m),
            marks,
            [e for e in m.events if e[0] >= 0],
            group_table(m),
            size_table(m),
        )

    def to_json(self) -> dict[str, Any]:
        """The machine-readable form: scenario, seed, months, summary."""
        return {
            "scenario": self.scenario,
            "seed": self.seed,
            "months": self.months,
            "summary": {k: _plain(v) for k, v in self.summary.items()},
        }

    def save(self, out: str | Path) -> list[Path]:
        """Write series, groups and group_sizes (.parquet, .csv), summary.json and figure.png."""
        return write_run(self, out)


def write_table(df: pd.DataFrame, base: Path) -> list[Path]:
    """Write ``df`` as ``base``.parquet and ``base``.csv (the tidy formats every tool reads)."""
    paths = [base.with_suffix(".parquet"), base.with_suffix(".csv")]
    df.to_parquet(paths[0], index=False)
    df.to_csv(paths[1], index=False)
    return paths


def write_run(result: Any, out: str | Path) -> list[Path]:
    """Write a run's series (.parquet, .csv), summary.json and figure.png into ``out``.

    ``result`` is anything shaped like :class:`Result` (a street's result too); its group tables
    are written when it has them.
    """
    from yingzao.experiments.figures import run_figure

    from yingzao.outputs import api_out, check_results_folder

    # a file in the way, an unwritable place: one clear error before anything is written
    out = check_results_folder(api_out(out), force=True, option="out")
    out.mkdir(parents=True, exist_ok=True)
    paths = write_table(result.series, out / "series")
    for name in ("groups", "group_sizes"):
        table = getattr(result, name, None)
        if table is not None:
            paths += write_table(table, out / name)
    paths.append(out / "summary.json")
    paths[-1].write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    paths.append(run_figure(result, out / "figure.png"))
    return paths


def _plain(v: Any) -> Any:
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v
