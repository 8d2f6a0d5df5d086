"""Replicated runs with paired seeds, in parallel processes.

A thin layer over :mod:`yingzao.experiments.compare` (which resolves the scenario before any run
and starts workers safely), keeping this older shape of the results for the pattern table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from yingzao.experiments.compare import _seed_list, resolve, run_many

from yingzao import checks


def replicate(
    scenario: str,
    seeds: list[int] | range,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``scenario`` once per seed; returns (summaries, series) as DataFrames.

    Replicate ``i`` uses seed ``seeds[i]`` in every scenario, so results of two scenarios run with
    the same seeds are paired (common random numbers). ``summaries`` has the summary keys plus
    ``scenario`` and ``seed`` (None stays None); ``series`` the series columns plus ``scenario``
    and ``seed``. For several scenarios at once, tidy frames and intervals, see
    :func:`yingzao.experiments.compare.compare`.
    """
    seeds = _seed_list(1, seeds)  # distinct whole numbers in the allowed range, or InputError
    checks.workers(workers)
    sc = resolve(checks.scenario_ref(scenario), checks.mapping(overrides, "overrides"))
    jobs = [(scenario, i, s, sc) for i, s in enumerate(seeds)]
    out = run_many(jobs, workers=workers, progress=False)
    summaries = pd.DataFrame(
        [dict(summ, scenario=scenario, seed=seed) for _, _, seed, _, summ in out]
    )
    series = pd.concat(
        [ser.assign(scenario=scenario, seed=seed) for _, _, seed, ser, _ in out], ignore_index=True
    )
    return summaries, series
