"""Running many simulations in parallel processes: the core under compare and replicate.

:func:`run_many` takes jobs ``(label, replicate, seed, scenario)`` with resolved scenarios and
returns ``(label, replicate, seed, series, summary)`` per job, in the order of the jobs. Workers
are started from a fork server (or spawned where there is none), never forked from the caller;
they ignore Ctrl-C, which the parent handles once by cancelling what is queued, and they end
when the parent ends, however it ends (:mod:`yingzao.experiments.lifeline`). An interruption
raises :class:`RunsInterrupted`, which carries the runs that finished. A worker that dies
(usually a script without an ``if __name__ == "__main__":`` guard) becomes a RuntimeError that
says so. Nothing is printed but the optional progress bar.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import pandas as pd
from yingzao.experiments.lifeline import pool_options
from yingzao.experiments.progress import Progress
from yingzao.scenarios import Scenario

__all__ = [
    "Job",
    "ProgressArg",
    "RunOutput",
    "RunsInterrupted",
    "available_cores",
    "run_many",
    "run_one",
]

# A job: (label, replicate, seed, resolved scenario); its output adds the series and the summary.
Job = tuple[str, int, int, Scenario]
RunOutput = tuple[str, int, int, pd.DataFrame, dict[str, Any]]
ProgressArg = bool | Callable[[int, int], None]


class RunsInterrupted(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM, which the command line turns into Ctrl-C) stopped a batch of runs.

    Attributes:
        done: The outputs of the runs that finished, in the order of the jobs.
        total: Runs in the batch.

    """

    def __init__(self, done: list[RunOutput], total: int) -> None:
        super().__init__(f"interrupted: {len(done)} of {total} runs finished")
        self.done, self.total = done, total


def available_cores() -> int:
    """Cores this process may use (CPU affinity, e.g. in containers), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def run_one(job: Job) -> RunOutput:
    """Run one job; the unit of work shipped to a worker process."""
    from yingzao import simulate

    label, rep, seed, scenario = job
    res = simulate(scenario, seed=seed)
    return label, rep, seed, res.series, res.summary


# The usual cause: workers start a fresh interpreter that imports the calling script, which then
# starts runs again at import time.
_BROKEN = (
    "a worker process stopped before finishing its run. If you call this from a script, put "
    'the call under `if __name__ == "__main__":` (workers import the script), or pass workers=1'
)


def _context() -> mp.context.BaseContext:
    """Start workers without forking the caller.

    Forking a process that has threads (BLAS, pyarrow, pytest plugins) can deadlock the child and
    warns from Python 3.12. A fork server is a clean single-threaded process that imports the
    model once, so workers forked from it start fast; where there is none, spawn.
    """
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])  # has no effect once the server runs
        return ctx
    return mp.get_context("spawn")


def _reporter(progress: ProgressArg, total: int, label: str) -> tuple[Callable[[], None], Progress]:
    done = 0

    if callable(progress):
        bar = Progress(total, label, enabled=False)

        def tick() -> None:
            nonlocal done
            done += 1
            progress(done, total)

    else:
        bar = Progress(total, label, enabled=bool(progress))

        def tick() -> None:
            bar.update()

    return tick, bar


def run_many(
    jobs: Sequence[Job],
    workers: int | None = None,
    progress: ProgressArg = True,
    label: str = "runs",
) -> list[RunOutput]:
    """Run jobs in parallel processes; outputs come back in the order of ``jobs``.

    Args:
        jobs: ``(label, replicate, seed, scenario)`` with a resolved :class:`Scenario`.
        workers: Processes (default: the available cores); 1 runs in this process.
        progress: ``True`` for a progress bar on standard error, ``False`` for none, or a
            function called as ``progress(done, total)`` after each finished run.
        label: Shown before the progress counts.

    Returns:
        ``(label, replicate, seed, series, summary)`` per job, in the order of ``jobs``
        whatever order the runs finished in.

    """
    jobs = list(jobs)
    n = min(workers or available_cores(), len(jobs))
    out: list[RunOutput | None] = [None] * len(jobs)
    tick, bar = _reporter(progress, len(jobs), label)
    try:
        if n <= 1:
            for i, job in enumerate(jobs):
                out[i] = run_one(job)
                tick()
        else:
            _run_pool(jobs, n, out, tick)
    except KeyboardInterrupt:
        raise RunsInterrupted([o for o in out if o is not None], len(jobs)) from None
    finally:
        bar.close()
    return out  # type: ignore[return-value]


def _run_pool(
    jobs: list[Job], n: int, out: list[RunOutput | None], tick: Callable[[], None]
) -> None:
    """Fill ``out`` from a pool of ``n`` workers; on Ctrl-C keep what finishes."""
    with ProcessPoolExecutor(n, mp_context=_context(), **pool_options()) as ex:
        pending = {ex.submit(run_one, job): i for i, job in enumerate(jobs)}
        try:
            for fut in as_completed(pending):
                out[pending[fut]] = fut.result()
                tick()
        except BaseException as e:
            # without this, leaving the pool would first run every queued job
            for fut in pending:
                fut.cancel()
            if isinstance(e, BrokenProcessPool):
                raise RuntimeError(_BROKEN) from e
            if isinstance(e, KeyboardInterrupt):
                _keep_running(ex, pending, out)
            raise


def _keep_running(ex: ProcessPoolExecutor, pending: dict, out: list[RunOutput | None]) -> None:
    """After Ctrl-C: wait for the runs already running; a second Ctrl-C drops them."""
    try:
        for fut, i in pending.items():
            if fut.cancelled() or out[i] is not None:
                continue
            try:
                out[i] = fut.result()
            except Exception:  # a failed or broken run must not hide the interruption
                pass
    except KeyboardInterrupt:
        # workers ignore SIGINT, and Python < 3.14 has no public way to end running ones
        for p in list((getattr(ex, "_processes", None) or {}).values()):
            p.kill()
