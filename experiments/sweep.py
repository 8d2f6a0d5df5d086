"""Parameter sweeps: run a spec's design on local processes or a Dask cluster, streaming to disk.

A sweep runs every design point of a :class:`~yingzao.experiments.sweep_spec.SweepSpec` once per
replicate (replicate ``r`` with seed ``seed + r`` at every point: paired seeds) and streams one
summary row per run, and optionally its monthly series, into Parquet part files as runs finish
(layout in :mod:`yingzao.experiments.sweep_store`). Nothing grows with the sweep but the set of
finished run ids: at most a few batches are in flight, and rows are written every
``flush_rows`` runs or ``flush_seconds``. A sweep that stops (Ctrl-C, kill -9, a restart) goes on
with ``resume=True``: finished runs are read back from the parts and skipped.

Work is shipped in batches of runs sized to take about a second each (process start-up and
messages would otherwise dominate small runs), shrinking towards the end so that the workers
finish together. The job (:func:`run_batch`) is the same for local processes and Dask, and gets
only the resolved base scenario, each run's overrides and seed, and what to keep.

Example (a notebook)::

    from yingzao.experiments.sweep import design, load_spec, run_sweep, load_results
    spec = load_spec("experiments/example-sweep.toml")
    design(spec)                     # the design, one row per point (also spec.points)
    run_sweep(spec, workers=2)       # or cluster="tcp://host:8786"
    design, runs, info = load_results(spec.out)

"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd
from yingzao.experiments.progress import Progress
from yingzao.experiments.runner import _BROKEN, available_cores
from yingzao.experiments.sweep_checks import check_run_args, range_warnings
from yingzao.experiments.sweep_exec import (
    Batcher,
    DaskPool,
    InlinePool,
    Item,
    LocalPool,
    connect,
    run_batch,
)
from yingzao.experiments.sweep_spec import DESIGNS, SweepSpec, load_spec, spec_from_dict
from yingzao.experiments.sweep_store import (
    RUNS,
    SERIES,
    Lock,
    Store,
    check_folder,
    clear_sweep,
    clear_temporary,
    done_ids,
    load_results,
    load_series,
    run_id,
    runs_schema,
    write_bytes,
    write_table,
)
from yingzao.model.footprint import check_memory_bytes
from yingzao.scenarios import run_warnings

from yingzao.errors import InputError
from yingzao.outputs import api_out, check_writable

__all__ = [
    "DESIGNS",
    "SweepInterrupted",
    "SweepReport",
    "SweepSpec",
    "connect",
    "design",
    "load_results",
    "load_series",
    "load_spec",
    "run_batch",
    "run_sweep",
    "spec_from_dict",
]


# --- the sweep --------------------------------------------------------------------------------


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C after saving its finished runs.

    Attributes:
        out: The results folder.
        saved: Runs saved in it (earlier sessions included).
        total: Runs of the sweep.

    """

    def __init__(self, out: Path, saved: int, total: int) -> None:
        super().__init__(f"interrupted: {saved} runs saved; continue with --resume")
        self.out, self.saved, self.total = out, saved, total


@dataclass
class SweepReport:
    """What a finished sweep did.

    Attributes:
        out: The results folder.
        total: Runs of the sweep.
        before: Runs found done when it started (a resume).
        new: Runs computed now.
        seconds: Wall time of this session.

    """

    out: Path
    total: int
    before: int
    new: int
    seconds: float

    def __str__(self) -> str:
        resumed = f" ({self.before} were done before)" if self.before else ""
        return (
            f"sweep done: {self.before + self.new}/{self.total} runs in {self.out}{resumed}; "
            f"{self.new} runs in {self.seconds:.1f} s"
        )


def design(spec: SweepSpec | str | Path) -> pd.DataFrame:
    """The design of a spec (or spec file): one row per point, as ``design.parquet`` holds it."""
    return (spec if isinstance(spec, SweepSpec) else load_spec(spec)).points


def _check_design(spec: SweepSpec, log: Callable[[str], None] | None) -> None:
    """Check every design point, saying how far it got on a large design."""
    if log and spec.n_runs >= 10_000:
        log(f"checking the design: {spec.n_points:,} points x {spec.reps:,} replicates")

    def said(done: int, total: int) -> None:
        if log:
            log(f"checking the design: {done:,} of {total:,} points")

    spec.check_points(progress=said)


def _setup(out: Path, spec: SweepSpec, only_missing: bool = False) -> None:
    """Write the spec, the design and, last, sweep.json (a folder without it holds no run).

    With ``only_missing`` (a resume: the folder holds this sweep, by its spec hash), only the
    files that are gone (deleted by hand, say) are written again; the design is the spec's.
    """
    try:
        _write_setup(out, spec, only_missing)
    except OSError as e:
        raise InputError(f"results folder {out}: cannot be written ({e.strerror or e})") from None


def _write_setup(out: Path, spec: SweepSpec, only_missing: bool) -> None:
    import json

    import pyarrow as pa

    if not (only_missing and (out / "spec.toml").exists()):
        write_bytes(out / "spec.toml", spec.text.encode("utf-8"))
    if not (only_missing and (out / "design.parquet").exists()):
        table = pa.Table.from_pandas(spec.points, preserve_index=False)
        write_table(out / "design.parquet", table)
    (out / RUNS).mkdir(exist_ok=True)
    if spec.series:
        (out / SERIES).mkdir(exist_ok=True)
    if not only_missing:
        text = json.dumps(spec.info(), indent=1, ensure_ascii=False) + "\n"
        write_bytes(out / "sweep.json", text.encode("utf-8"))


def _todo(spec: SweepSpec, done: set[str]) -> Iterator[Item]:
    # lazily, so that a 100,000-run sweep never holds its list of runs
    for p in range(spec.n_points):
        ov = None
        for r in range(spec.reps):
            rid = run_id(p, r)
            if rid in done:
                continue
            if ov is None:
                ov = spec.overrides_at(p)
            yield rid, p, r, spec.seed + r, ov


def run_sweep(
    spec: SweepSpec | str | Path,
    out: str | Path | None = None,
    *,
    resume: bool = False,
    force: bool = False,
    workers: int | None = None,
    cluster: Any = None,
    progress: bool | Callable[[int, int], None] = True,
    flush_rows: int = 100,
    flush_seconds: float = 5.0,
    connect_timeout: float = 5.0,
    log: Callable[[str], None] | None = None,
) -> SweepReport:
    """Run a sweep, streaming its results into a folder.

    Everything that can be checked is checked before any run: the spec, every design point's
    scenario, the results folder, and the cluster.

    Args:
        spec: A :class:`SweepSpec` or the path of a spec file.
        out: Results folder (default: the spec's ``out``).
        resume: Go on with a sweep whose folder already holds some of its runs.
        force: Start again in a folder that holds a sweep: its files are removed first.
        workers: Local processes (default: the available cores; 1 runs in this process).
        cluster: A Dask scheduler address, or a connected ``distributed.Client``.
        progress: ``True`` for a progress bar on standard error, ``False`` for none, or a
            function called as ``progress(done, total)`` after each batch (``done`` counts
            runs of earlier sessions too).
        flush_rows: Write a part file once this many runs are buffered.
        flush_seconds: ... or once the oldest buffered run has waited this long.
        connect_timeout: Seconds to wait for a cluster given by address.
        log: Called with one-line status messages (default: none).

    Returns:
        A :class:`SweepReport`.

    Raises:
        InputError: a bad spec, point, folder, argument or cluster (before any run).
        SweepInterrupted: Ctrl-C; finished runs are saved, resume to go on.
        RuntimeError: a run failed (finished runs are saved).

    """
    t0 = time.monotonic()
    check_run_args(
        resume, force, workers, cluster, progress, flush_rows, flush_seconds, connect_timeout
    )
    if not isinstance(spec, SweepSpec):
        spec = load_spec(spec)
    out = Path(spec.out) if out is None else api_out(out)
    # the folder first: finding it unusable after checking a large design would waste minutes
    check_folder(out, spec.spec_hash, resume, force)
    check_writable(out, "results folder")
    _check_design(spec, log)
    if cluster is None:
        n_local = min(workers or available_cores(), spec.n_runs)
        check_memory_bytes(spec.peak_bytes, n_local)
    if log:
        for w in run_warnings(spec.base) + range_warnings(spec.parameters, spec.base):
            log(f"warning: {w}")
    client, own = cluster, False
    if isinstance(cluster, str):
        client, own = connect(cluster, connect_timeout), True
    try:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"results folder {out}: cannot be made ({e.strerror or e})") from None
        with Lock(out):
            # again under the lock: another process may have set the folder up meanwhile
            if force:
                clear_sweep(out)
            if force or not check_folder(out, spec.spec_hash, resume):
                _setup(out, spec)
            else:
                _setup(out, spec, only_missing=True)
            clear_temporary(out)
            done = done_ids(out)
            # counted against the design, in case parts were copied in from elsewhere by hand
            before = sum(
                run_id(p, r) in done for p in range(spec.n_points) for r in range(spec.reps)
            )
            left = spec.n_runs - before
            if log:
                log(
                    f"sweep {spec.name}: {spec.design} design, {spec.n_points} points x "
                    f"{spec.reps} replicates = {spec.n_runs} runs ({before} done before); "
                    f"results in {out}"
                )
            store = Store(
                out,
                runs_schema(list(spec.parameters), list(spec.outputs)),
                spec.series,
                flush_rows,
                flush_seconds,
            )
            if left > 0:
                if client is not None:
                    pool: Any = DaskPool(client, own)
                    own = False  # the pool closes it now
                else:
                    n = min(workers or available_cores(), left)
                    pool = InlinePool() if n <= 1 else LocalPool(n)
                _drive(spec, pool, _todo(spec, done), left, store, before, progress, log, out)
    finally:
        if own:
            client.close()
    return SweepReport(out, spec.n_runs, before, store.written, time.monotonic() - t0)


def _drive(
    spec: SweepSpec,
    pool: Any,
    todo: Iterator[Item],
    left: int,
    store: Store,
    before: int,
    progress: bool | Callable[[int, int], None],
    log: Callable[[str], None] | None,
    out: Path,
) -> None:
    """Keep the pool busy with bounded batches, store what finishes, handle Ctrl-C."""
    bar = Progress(spec.n_runs, spec.name, enabled=progress is True, before=before)
    batcher = Batcher(pool.slots, pool.cap)
    base = pool.prepare(spec.base)
    pending: dict[Any, int] = {}

    def collect(f: Any) -> None:
        try:
            rows, series = f.result()
        except BrokenProcessPool as e:
            raise RuntimeError(_BROKEN) from e
        store.add(rows, series)
        batcher.observe(rows)
        bar.update(len(rows))
        if callable(progress):
            progress(bar.done, bar.total)

    interrupted = False
    try:
        while True:
            while len(pending) < pool.slots and left > 0:
                items = list(islice(todo, batcher.size(left)))
                if not items:
                    break
                left -= len(items)
                try:
                    f = pool.submit((base, items, spec.outputs, spec.series))
                except BrokenProcessPool as e:  # a worker died since the last batch came back
                    raise RuntimeError(_BROKEN) from e
                pending[f] = len(items)
            if not pending:
                break
            for f in pool.wait(pending):
                del pending[f]
                collect(f)
    except KeyboardInterrupt:
        interrupted = True
        keep = pool.stop(list(pending))
        if keep and log:
            log(f"stopping: saving {len(keep)} batches in progress (Ctrl-C again to drop them)")
        try:
            for f in keep:
                try:
                    collect(f)
                except Exception:  # a failed run must not hide the interruption
                    pass
        except KeyboardInterrupt:
            pool.abandon()
    except BaseException:
        pool.stop(list(pending))
        raise
    finally:
        try:
            store.flush()  # whole: a Ctrl-C during it is held until the part is written
        except KeyboardInterrupt:  # ... and then says what was saved, as any Ctrl-C does
            interrupted = True
        finally:
            bar.close()
            pool.close()
    if interrupted:
        raise SweepInterrupted(out, before + store.written, spec.n_runs)
