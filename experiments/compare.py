"""Paired comparison of scenarios over replicates (common random numbers).

Replicate ``i`` runs every scenario with the same seed, so each scenario meets the same community
and the same random draws; differences between scenarios are then taken replicate by replicate
(paired), which removes most of the seed-to-seed noise from them.

:func:`compare` prints nothing but the optional progress bar, so the command line, a browser app
or a sweep engine can all build on it. Matplotlib and SciPy are imported only when a figure or
statistics are asked for, to keep ``yingzao --help`` quick. The runs themselves go through
:func:`~yingzao.experiments.runner.run_many` (parallel processes); the ``yingzao compare``
subcommand is in :mod:`yingzao.experiments.compare_cli`. Both are re-exported here.

The statistics (:func:`t_interval`, the table of means and paired differences) are in
:mod:`yingzao.experiments.compare_stats`; the plain-text table and the figure in
:mod:`yingzao.experiments.compare_report`. :class:`Comparison` gathers them, and
:func:`t_interval` and :data:`HEADLINE` are re-exported here.

Example:
    >>> from yingzao.experiments.compare import compare
    >>> cmp = compare(["baseline", "incubation"], reps=2, months=6,
    ...               overrides={"community.residents": 400}, workers=1, progress=False)
    >>> cmp.summaries.shape[0]
    4

"""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from yingzao.experiments.compare_cli import add_parser
from yingzao.experiments.compare_cli import cmd_compare as cmd_compare
from yingzao.experiments.compare_report import HEADLINE, draw_figure, text_table
from yingzao.experiments.compare_stats import (
    none_to_nan,
    outcome_metrics,
    stats_records,
    stats_table,
    t_interval,
    unique_labels,
)
from yingzao.experiments.posterior import drawn, posterior_sets
from yingzao.experiments.runner import Job as Job
from yingzao.experiments.runner import ProgressArg, RunOutput, RunsInterrupted, run_many
from yingzao.experiments.runner import available_cores as available_cores
from yingzao.experiments.runner import run_one as run_one
from yingzao.model.footprint import check_memory_bytes, estimate_bytes
from yingzao.scenarios import Scenario, load

from yingzao import checks
from yingzao.checks import seed as check_seed
from yingzao.checks import shown
from yingzao.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "HEADLINE",
    "CompareInterrupted",
    "Comparison",
    "add_parser",
    "compare",
    "run_many",
    "t_interval",
]

# --- comparing -------------------------------------------------------------------------------


def resolve(ref: str | os.PathLike | Scenario, overrides: dict[str, Any] | None) -> Scenario:
    """A scenario name, path or object with ``overrides`` applied.

    Raises:
        InputError: unknown scenario, unreadable file, bad key or value.

    """
    if isinstance(ref, Scenario):
        return ref.with_overrides(overrides) if overrides else ref
    if isinstance(ref, str | os.PathLike):
        return load(os.fspath(ref), overrides or None)
    raise TypeError(f"a scenario must be a name, a path or a Scenario, not {type(ref).__name__}")


# compare keeps every run's series in memory; larger designs belong to `yingzao sweep`, which
# streams to disk
MAX_REPS = 10_000


def _seed_list(reps: int, seeds: Iterable[int] | None) -> list[int]:
    if seeds is None:
        if isinstance(reps, bool) or not isinstance(reps, int | np.integer) or reps < 1:
            raise InputError(f"reps {shown(reps)}: must be a whole number, at least 1")
        seeds = range(int(reps))
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Iterable):
        raise InputError(f"seeds: must be a list or range of whole numbers, got {shown(seeds)}")
    out: list[int] = []
    for s in islice(seeds, MAX_REPS + 1):
        if isinstance(s, bool):
            raise InputError(f"seeds: must be whole numbers, not {s!r}")
        try:
            out.append(operator.index(s))
        except TypeError:
            raise InputError(f"seeds: must be whole numbers, got {shown(s)}") from None
    if len(out) > MAX_REPS:
        raise InputError(
            f"reps: more than {MAX_REPS:,} replicates; compare keeps every run in memory, "
            "use `yingzao sweep` for larger designs"
        )
    if not out:
        raise InputError("seeds: at least one is needed")
    for s in (min(out), max(out)):
        check_seed(s)
    if len(set(out)) < len(out):
        # a repeated seed is the same run twice: it would narrow the intervals for nothing
        seen: set[int] = set()
        dup = next(s for s in out if s in seen or seen.add(s))
        raise InputError(f"seed {dup} is given twice; replicates need distinct seeds")
    return out


class CompareInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM from the command line) stopped a comparison.

    Attributes:
        partial: The runs that finished as a :class:`Comparison` (None when none had).
        done: Runs finished.
        total: Runs of the comparison.

    """

    def __init__(self, partial: Comparison | None, done: int, total: int) -> None:
        super().__init__(f"interrupted: {done} of {total} runs finished")
        self.partial, self.done, self.total = partial, done, total


def compare(
    scenarios: Sequence[str | os.PathLike | Scenario] | str | Scenario,
    reps: int = 20,
    seeds: Iterable[int] | None = None,
    overrides: dict[str, Any] | None = None,
    months: int | None = None,
    workers: int | None = None,
    progress: ProgressArg = True,
    labels: Sequence[str] | None = None,
    posterior: bool = True,
) -> Comparison:
    """Run scenarios over paired replicates and collect tidy results.

    Replicate ``i`` uses seed ``seeds[i]`` in every scenario (common random numbers). Every
    scenario is resolved before any run starts, so a bad name, file or value fails at once.

    Args:
        scenarios: Built-in names, paths to ``.toml`` files or resolved :class:`Scenario`
            objects; the first is the reference for differences. One scenario is allowed (means
            and intervals only).
        reps: Replicates per scenario; used when ``seeds`` is not given (seeds ``0..reps-1``).
        seeds: One distinct non-negative seed per replicate; when given, it sets the number of
            replicates and ``reps`` is not used.
        overrides: ``{key: value}`` applied to every scenario (values may be text).
        months: Months to run every scenario (default: each scenario's ``run.months``).
        workers: Processes (default: the available cores); 1 runs in this process.
        progress: ``True`` for a progress bar on standard error, ``False`` for none, or a
            function called as ``progress(done, total)``.
        labels: Names for the scenarios in the results (default: scenario names, made unique).
        posterior: Replicate ``i`` draws its calibrated parameters from the calibration's
            posterior sample (the same set in every scenario; keys a scenario sets keep their
            value), so intervals cover parameter uncertainty as well as seed noise
            (:mod:`yingzao.experiments.posterior`). ``False``: the calibrated defaults only.

    Returns:
        The :class:`Comparison`.

    Raises:
        InputError: unknown scenario, bad key or value, bad ``reps``, ``seeds`` or ``workers``.

    """
    if isinstance(scenarios, str | os.PathLike | Scenario):
        refs = [scenarios]
    elif isinstance(scenarios, Iterable):
        refs = list(scenarios)
    else:
        raise TypeError(
            f"scenarios: must be names, paths or Scenarios, not {type(scenarios).__name__}"
        )
    if not refs:
        raise InputError("compare needs at least one scenario")
    refs = [checks.scenario_ref(r, "scenarios") for r in refs]
    checks.workers(workers)
    seed_list = _seed_list(reps, seeds)
    ov = checks.mapping(overrides, "overrides")
    if checks.months(months) is not None:
        ov["run.months"] = months
    if not isinstance(posterior, bool):
        raise TypeError(f"posterior: must be True or False, not {shown(posterior)}")
    if not (isinstance(progress, bool) or callable(progress)):
        raise TypeError(f"progress: must be True, False or a function, not {shown(progress)}")
    resolved = [resolve(r, ov) for r in refs]
    if labels is None:
        names = unique_labels([sc.name for sc in resolved])
    else:
        if isinstance(labels, str) or not isinstance(labels, Iterable):
            raise TypeError(f"labels: must be a list of names, not {type(labels).__name__}")
        names = [str(x) for x in labels]
        if len(names) != len(resolved) or len(set(names)) != len(names):
            raise InputError(f"labels: need {len(resolved)} distinct labels, got {names}")
    # the runs in flight at once must fit in memory together, checked before the first starts
    parallel = min(workers or available_cores(), len(seed_list) * len(resolved))
    check_memory_bytes(max(estimate_bytes(sc) for sc in resolved), parallel)
    # replicate-major, so that an interrupted or slow batch has every scenario equally far along
    sets = posterior_sets() if posterior else None
    jobs = [
        (names[k], rep, seed, drawn(sc, rep, sets)[0])
        for rep, seed in enumerate(seed_list)
        for k, sc in enumerate(resolved)
    ]
    n_sets = None if sets is None else len(sets)
    order = {name: k for k, name in enumerate(names)}
    try:
        outputs = run_many(jobs, workers=workers, progress=progress, label="compare")
    except RunsInterrupted as e:
        done = sorted(e.done, key=lambda o: (order[o[0]], o[1]))
        partial = Comparison.from_runs(done, names, seed_list, resolved, n_sets) if done else None
        raise CompareInterrupted(partial, len(done), e.total) from None
    outputs.sort(key=lambda o: (order[o[0]], o[1]))
    return Comparison.from_runs(outputs, names, seed_list, resolved, n_sets)


# --- results ---------------------------------------------------------------------------------


@dataclass(eq=False)
class Comparison:
    """Results of :func:`compare`.

    Attributes:
        labels: Scenario labels in order; the first is the reference for differences.
        seeds: Seed of each replicate (the same in every scenario).
        series: One row per scenario x replicate x month: ``scenario``, ``replicate``, ``seed``,
            then every series column (``month`` first).
        summaries: One row per scenario x replicate: ``scenario``, ``replicate``, ``seed``, then
            every summary key (None becomes NaN).
        scenarios: The resolved scenarios, parallel to ``labels`` (may be empty when the
            comparison was rebuilt from files).
        posterior_sets: Posterior parameter sets the replicates drew from (None: the
            calibrated defaults only); summaries then hold each replicate's ``posterior_set``.

    """

    labels: list[str]
    seeds: list[int]
    series: pd.DataFrame
    summaries: pd.DataFrame
    scenarios: list[Scenario] = field(default_factory=list)
    posterior_sets: int | None = None

    @classmethod
    def from_runs(
        cls,
        outputs: Sequence[RunOutput],
        labels: list[str],
        seeds: list[int],
        scenarios: list[Scenario] | None = None,
        posterior_sets: int | None = None,
    ) -> Comparison:
        """Assemble tidy frames from run outputs (kept in the order given)."""
        frames, rows = [], []
        for label, rep, seed, ser, summ in outputs:
            ids = {"scenario": label, "replicate": rep, "seed": seed}
            if posterior_sets:
                ids["posterior_set"] = rep % posterior_sets
            frames.append(pd.DataFrame(ids, index=ser.index).join(ser))
            rows.append({**ids, **summ})
        series = pd.concat(frames, ignore_index=True)
        summaries = none_to_nan(pd.DataFrame(rows))
        return cls(
            list(labels), list(seeds), series, summaries, list(scenarios or []), posterior_sets
        )

    @property
    def reps(self) -> int:
        """Replicates per scenario."""
        return len(self.seeds)

    def metrics(self) -> list[str]:
        """Numeric outcome columns of the summaries that have a value in some run."""
        return outcome_metrics(self.summaries)

    @cached_property
    def stats(self) -> pd.DataFrame:
        """One row per metric x scenario: mean and 95% t-interval, paired difference to the first.

        Columns: ``scenario``, ``metric``, ``n`` (replicates with a value), ``mean``, ``ci_low``,
        ``ci_high`` (95% t-interval; NaN for n = 1), ``n_pairs`` (replicates where this scenario
        and the first both have a value), ``diff`` (mean of per-replicate differences to the
        first scenario), ``diff_low``, ``diff_high`` (paired 95% t-interval). For the first
        scenario ``n_pairs`` is 0 and the differences are NaN. Metrics are the numeric outcome
        keys of the summary (see :meth:`metrics`); rows go metric by metric.
        """
        return stats_table(self.summaries, self.labels)

    def months_by_scenario(self) -> dict[str, int]:
        """Months run per scenario label."""
        g = self.series.groupby("scenario", sort=False)["month"].max() + 1
        return {lab: int(g[lab]) for lab in self.labels if lab in g.index}

    def stats_records(self) -> list[dict[str, Any]]:
        """The statistics as plain records (NaN as None), e.g. for JSON."""
        return stats_records(self.stats)

    def table(self, metrics: Sequence[str] | None = None) -> str:
        """Plain text for people: per scenario the mean [95% CI] and the paired difference.

        Args:
            metrics: Summary keys to show (default: :data:`HEADLINE`); metrics without any value
                (e.g. survival after a withdrawal that never happens) are left out.

        """
        return text_table(self, metrics)

    def figure(self, path: str | Path | None = None) -> Figure:
        """Panels over months: per scenario the median across replicates and a 10-90% band.

        Args:
            path: Where to save the figure (PNG, or any format Matplotlib knows by suffix).

        Returns:
            The Matplotlib figure (no pyplot state is touched, so this is safe in servers).

        """
        return draw_figure(self, path)

    def save_runs(self, out: str | Path) -> list[Path]:
        """Write only the series and the summaries (.parquet, .csv), e.g. of an interrupted run."""
        from yingzao.model.results import write_table

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        return write_table(self.series, out / "series") + write_table(
            self.summaries, out / "summaries"
        )

    def save(self, out: str | Path) -> list[Path]:
        """Write series and summaries (.parquet, .csv), stats.csv and comparison.png to ``out``."""
        from yingzao.model.results import write_table

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        paths = write_table(self.series, out / "series")
        paths += write_table(self.summaries, out / "summaries")
        paths.append(out / "stats.csv")
        self.stats.to_csv(paths[-1], index=False)
        paths.append(out / "comparison.png")
        self.figure(paths[-1])
        return paths
