"""Replicated runs with paired seeds, in parallel processes.

A thin layer over :mod:`yingzao.experiments.compare` (which resolves the scenario before any run
and starts workers safely), keeping this older shape of the results for the pattern table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
from yingzao.experiments.compare import _seed_list, resolve, run_many
from yingzao.experiments.posterior import drawn, posterior_sets
from yingzao.scenarios import Scenario

from yingzao import checks

_RUNS: dict | None = None  # (resolved values, seed) -> (series, summary), in shared_runs()


@contextmanager
def shared_runs() -> Iterator[None]:
    """Within this block, a run of the same resolved scenario and seed is done only once.

    The validation reads the same arms for its patterns, field cases, targets and ablations.
    """
    global _RUNS
    outer = _RUNS
    _RUNS = {} if outer is None else outer
    try:
        yield
    finally:
        _RUNS = outer


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
    if _RUNS is None:
        out = run_many(jobs, workers=workers, progress=False)
    else:  # runs of the same resolved values and seed are shared within shared_runs()
        keys = [(tuple(sorted(j[3].values.items())), j[2]) for j in jobs]
        todo = [j for j, k in zip(jobs, keys, strict=True) if k not in _RUNS]
        for j, o in zip(todo, run_many(todo, workers=workers, progress=False), strict=True):
            _RUNS[(tuple(sorted(j[3].values.items())), j[2])] = o[3:]
        out = [
            (scenario, i, seed, *_RUNS[k]) for (_, i, seed, _), k in zip(jobs, keys, strict=True)
        ]
    summaries = pd.DataFrame(
        [dict(summ, scenario=scenario, seed=seed) for _, _, seed, _, summ in out]
    )
    series = pd.concat(
        [ser.assign(scenario=scenario, seed=seed) for _, _, seed, ser, _ in out], ignore_index=True
    )
    return summaries, series
