"""Run a table of parameter sets on one arm as a resumable sweep (calibration, sensitivity)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd


def run_table(
    name: str,
    folder: Path,
    scenario: str,
    fixed: dict[str, Any],
    ranges: dict[str, tuple[float, float]],
    points: pd.DataFrame,
    reps: int,
    seed: int,
    outputs: list[str],
    workers: int | None = None,
    cluster=None,
) -> pd.DataFrame:
    """Every row of ``points`` on ``scenario`` with ``fixed`` overrides, ``reps`` paired seeds.

    One sweep of design ``table`` in ``folder`` (resumed where it already holds runs); returns
    its runs (one row per point and seed). Points are clipped to ``ranges`` (a design's
    arithmetic can step past a bound by a rounding error).
    """
    from yingzao.experiments.sweep import load_results, run_sweep, spec_from_dict
    from yingzao.model.defaults import DECLARATIONS

    keys = list(points.columns)

    def value(k: str, v: float) -> float | int:
        v = float(np.clip(v, *ranges[k]))
        return round(v) if DECLARATIONS[k].kind is int else v

    doc = {
        "name": name,
        "scenario": scenario,
        "design": "table",
        "reps": reps,
        "seed": seed,
        "out": str(folder),
        "set": fixed,
        "parameters": {k: list(ranges[k]) for k in keys},
        "points": [{k: value(k, row[k]) for k in keys} for _, row in points.iterrows()],
        "outputs": outputs,
    }
    sweep = spec_from_dict(doc, where=name)
    run_sweep(sweep, resume=folder.exists(), workers=workers, cluster=cluster, progress=False)
    return load_results(folder)[1]
