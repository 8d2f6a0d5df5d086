"""Replicated runs with paired seeds, in parallel processes."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pandas as pd


def _one(args: tuple[str, int, dict[str, Any] | None]) -> tuple[dict, pd.DataFrame]:
    from yingzao import simulate

    scenario, seed, overrides = args
    res = simulate(scenario, seed=seed, overrides=overrides)
    s = dict(res.summary, scenario=scenario, seed=seed)
    ser = res.series.assign(scenario=scenario, seed=seed)
    return s, ser


def replicate(
    scenario: str,
    seeds: list[int] | range,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``scenario`` once per seed; returns (summaries, series) as DataFrames.

    Replicate ``i`` uses seed ``seeds[i]`` in every scenario, so results of two scenarios run with
    the same seeds are paired (common random numbers).
    """
    jobs = [(scenario, int(s), overrides) for s in seeds]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        out = [_one(j) for j in jobs]
    else:
        with ProcessPoolExecutor(workers) as ex:
            out = list(ex.map(_one, jobs, chunksize=max(1, len(jobs) // (4 * workers))))
    summaries = pd.DataFrame([o[0] for o in out])
    series = pd.concat([o[1] for o in out], ignore_index=True)
    return summaries, series
