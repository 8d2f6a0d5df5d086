"""Replicated runs with paired seeds, in parallel processes.

A thin layer over :mod:`yingzao.experiments.compare` (which resolves the scenario before any run
and starts workers safely), keeping this older shape of the results for the pattern table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from yingzao.experiments.compare import _seed_list, resolve, run_many
from yingzao.experiments.posterior import drawn, posterior_sets
from yingzao.scenarios import Scenario

from yingzao import checks


def replicate(
    scenario: str | Scenario,
    seeds: list[int] | range,
    overrides: dict[str, Any] | None = None,
    workers: int | None = None,
    posterior: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run ``scenario`` once per seed; returns (summaries, series) as DataFrames.

    Replicate ``i`` uses seed ``seeds[i]`` in every scenario, so results of two scenarios run with
    the same seeds are paired (common random numbers). ``summaries`` has the summary keys plus
    ``scenario`` and ``seed`` (None stays None); ``series`` the series columns plus ``scenario``
    and ``seed``. With ``posterior`` (the default), replicate ``i`` draws its calibrated
    parameters from the calibration's posterior sample, as in
    :func:`yingzao.experiments.compare.compare`; ``False`` keeps the calibrated defaults. For
    several scenarios at once, tidy frames and intervals, see
    :func:`yingzao.experiments.compare.compare`.
    """
    seeds = _seed_list(1, seeds)  # distinct whole numbers in the allowed range, or InputError
    checks.workers(workers)
    sc = resolve(checks.scenario_ref(scenario), checks.mapping(overrides, "overrides"))
    scenario = scenario if isinstance(scenario, str) else sc.name
    sets = posterior_sets() if posterior else None
    jobs = [(scenario, i, s, drawn(sc, i, sets)[0]) for i, s in enumerate(seeds)]
    out = run_many(jobs, workers=workers, progress=False)
    summaries = pd.DataFrame(
        [dict(summ, scenario=scenario, seed=seed) for _, _, seed, _, summ in out]
    )
    series = pd.concat(
        [ser.assign(scenario=scenario, seed=seed) for _, _, seed, ser, _ in out], ignore_index=True
    )
    return summaries, series
