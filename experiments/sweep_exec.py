"""Where sweep runs execute: the job, and pools of local processes, this process, or Dask.

:func:`run_batch` is the unit of work everywhere: a module-level function that gets only the
resolved base scenario, each run's overrides and seed, and what to keep, and returns small rows
(plus the series when kept), so the same job runs on a fork-server process pool or a Dask
cluster and gives the same results. The pools share one small interface (``prepare``, ``submit``,
``wait``, ``stop``, ``abandon``, ``close``, ``slots``, ``cap``) used by
:func:`yingzao.experiments.sweep.run_sweep`.
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import time
from typing import Any, override

import pandas as pd
from yingzao.experiments.lifeline import pool_options
from yingzao.experiments.runner import _context
from yingzao.scenarios import Scenario

from yingzao.checks import cut
from yingzao.errors import InputError

__all__ = [
    "Batcher",
    "DaskPool",
    "InlinePool",
    "Item",
    "LocalPool",
    "Pool",
    "connect",
    "run_batch",
]

# (run_id, point, rep, seed, overrides)
Item = tuple[str, int, int, int, dict[str, Any]]


def run_batch(
    base: Scenario, items: list[Item], outputs: tuple[str, ...], series: bool
) -> tuple[list[dict[str, Any]], pd.DataFrame | None]:
    """Run a batch of sweep runs: the unit of work shipped to a process or a Dask worker.

    Args:
        base: The resolved base scenario (the spec's ``[set]`` applied).
        items: ``(run_id, point, rep, seed, overrides)`` per run.
        outputs: Summary keys to keep; a missing or None value becomes NaN.
        series: Also return the monthly series, with a ``run_id`` column first.

    Returns:
        One row per run, and the runs' series concatenated (None unless ``series``).

    Raises:
        RuntimeError: a run failed; the message names it.

    """
    from yingzao import simulate

    rows: list[dict[str, Any]] = []
    frames: list[pd.DataFrame] = []
    for rid, point, rep, seed, ov in items:
        t0 = time.perf_counter()
        try:
            res = simulate(base.with_overrides(ov, origin="sweep") if ov else base, seed=seed)
        except Exception as e:
            raise RuntimeError(
                f"run {rid} (point {point}, seed {seed}) failed: {type(e).__name__}: {e}"
            ) from e
        row: dict[str, Any] = {"run_id": rid, "point": point, "rep": rep, "seed": seed, **ov}
        for k in outputs:
            if "@" in k:  # a series column at a month
                col, _, month = k.partition("@")
                hit = res.series.loc[res.series["month"] == int(month), col]
                v = hit.iloc[0] if len(hit) else None  # the run ended before that month
            else:
                v = res.summary.get(k)
            row[k] = math.nan if v is None else float(v)
        row["seconds"] = time.perf_counter() - t0
        rows.append(row)
        if series:
            ser = res.series
            ser.insert(0, "run_id", rid)
            frames.append(ser)
    return rows, (pd.concat(frames, ignore_index=True) if series else None)


def _probe() -> str:
    """Check, on each Dask worker before a sweep, that it can import the sweep engine."""
    import yingzao.experiments.sweep  # noqa: F401

    import yingzao

    return yingzao.__version__


def connect(address: str, timeout: float = 5.0) -> Any:
    """Join a running Dask cluster, failing fast with a clear message.

    Args:
        address: The scheduler's address, e.g. ``tcp://10.0.0.5:8786``.
        timeout: Seconds to wait for the scheduler and for a first worker.

    Returns:
        A ``distributed.Client`` (close it when done).

    Raises:
        InputError: unreachable scheduler, no workers, or workers without yingzao.

    """
    try:
        from distributed import Client
    except ImportError:
        raise InputError(
            "--cluster needs Dask: pip install 'dask[distributed]' (in yingzao's dependencies)"
        ) from None
    try:
        # a malformed address fails here: a Client half made from it hangs 10 s when collected
        from distributed.comm import parse_address, parse_host_port

        scheme, where = parse_address(address)
        if scheme in ("tcp", "tls"):
            parse_host_port(where)
    except (ValueError, TypeError) as e:
        raise InputError(
            f"--cluster {cut(repr(address))}: not a scheduler address such as "
            f"tcp://10.0.0.5:8786 ({e})"
        ) from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as e:  # any failure to connect is the address's problem, reported as such
        raise InputError(f"cannot reach Dask scheduler at {address}: {e}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception:
        client.close()
        raise InputError(
            f"Dask scheduler at {address} has no workers (waited {timeout:g} s)"
        ) from None
    try:
        client.run(_probe)
    except Exception as e:
        client.close()
        raise InputError(f"Dask workers at {address} cannot run yingzao: {e}") from None
    return client


# --- where batches run ------------------------------------------------------------------------


class Pool:
    """Where batches run: the interface the sweep loop uses.

    Attributes:
        slots: Batches kept in flight (bounds memory whatever the sweep's size).
        cap: Largest batch, in runs.

    """

    slots = 1
    cap = 64

    def prepare(self, base: Scenario) -> Any:
        """The base scenario as passed to :meth:`submit` (Dask sends it to workers once)."""
        return base

    def submit(self, args: tuple) -> Any:
        """Start ``run_batch(*args)``; returns a future."""
        raise NotImplementedError

    def wait(self, fs: Any) -> set:
        """Block until at least one of the futures ``fs`` is done; returns the done ones."""
        raise NotImplementedError

    def stop(self, fs: list) -> list:
        """Cancel what has not started; returns the futures still worth collecting."""
        return []

    def abandon(self) -> None:
        """Drop batches that are still running (a second Ctrl-C)."""

    def close(self) -> None:
        """Release the workers."""


class InlinePool(Pool):
    """Runs in this process (``workers=1``): one run per batch, so Ctrl-C loses nothing else."""

    cap = 1

    @override
    def submit(self, args: tuple) -> cf.Future:
        f: cf.Future = cf.Future()
        try:
            f.set_result(run_batch(*args))
        except Exception as e:  # KeyboardInterrupt propagates: the sweep loop handles it
            f.set_exception(e)
        return f

    @override
    def wait(self, fs: Any) -> set:
        return set(fs)


class LocalPool(Pool):
    """Worker processes from a fork server (runner.py), ignoring Ctrl-C, ending with this one.

    Args:
        workers: Processes.

    """

    def __init__(self, workers: int) -> None:
        self.ex = cf.ProcessPoolExecutor(workers, mp_context=_context(), **pool_options())
        self.slots = 2 * workers  # one batch running and one queued per worker

    @override
    def submit(self, args: tuple) -> cf.Future:
        return self.ex.submit(run_batch, *args)

    @override
    def wait(self, fs: Any) -> set:
        return cf.wait(fs, return_when=cf.FIRST_COMPLETED).done

    @override
    def stop(self, fs: list) -> list:
        for f in fs:
            f.cancel()
        return [f for f in fs if not f.cancelled()]

    @override
    def abandon(self) -> None:
        # Workers ignore SIGINT, and Python < 3.14 has no public way to end running ones.
        for p in list((getattr(self.ex, "_processes", None) or {}).values()):
            p.terminate()

    @override
    def close(self) -> None:
        self.ex.shutdown(wait=True, cancel_futures=True)


class DaskPool(Pool):
    """A Dask cluster reached through a client.

    Args:
        client: A connected ``distributed.Client``.
        own: Close the client in :meth:`close` (it was opened for this sweep).

    """

    def __init__(self, client: Any, own: bool) -> None:
        self.client = client
        self.own = own
        self.slots = 2 * max(1, sum(client.nthreads().values()))

    @override
    def prepare(self, base: Scenario) -> Any:
        return self.client.scatter(base, broadcast=True, hash=False)

    @override
    def submit(self, args: tuple) -> Any:
        return self.client.submit(run_batch, *args, pure=False)

    @override
    def wait(self, fs: Any) -> set:
        from distributed import wait

        # distributed.wait looks up the *current* client; ours is not the process default
        # (set_as_default=False), so make it current here
        with self.client.as_current():
            return set(wait(list(fs), return_when="FIRST_COMPLETED").done)

    @override
    def stop(self, fs: list) -> list:
        # Dask does not say which futures are running; the finished ones are kept
        keep = [f for f in fs if f.status == "finished"]
        rest = [f for f in fs if f.status != "finished"]
        if rest:
            self.client.cancel(rest)
        return keep

    @override
    def close(self) -> None:
        if self.own:
            self.client.close()


class Batcher:
    """Batch sizes: about ``target`` seconds of work, smaller near the end of the sweep.

    Args:
        slots: The pool's batches in flight.
        cap: The pool's largest batch.
        target: Seconds of work per batch once the speed of a run is known.

    """

    def __init__(self, slots: int, cap: int, target: float = 1.0) -> None:
        self.slots, self.cap, self.target = slots, cap, target
        self.runs = 0
        self.seconds = 0.0

    def observe(self, rows: list[dict[str, Any]]) -> None:
        """Learn from finished runs how long a run takes."""
        self.runs += len(rows)
        self.seconds += sum(r["seconds"] for r in rows)

    def size(self, left: int) -> int:
        """Runs in the next batch, with ``left`` runs not yet submitted."""
        if not self.runs:
            by_time = 1  # the first batches measure how long a run takes
        else:
            by_time = max(1, int(self.target * self.runs / max(self.seconds, 1e-9)))
        # about two batches per slot still to go near the end, so that no worker idles alone
        by_tail = max(1, math.ceil(left / (2 * self.slots)))
        return min(by_time, by_tail, self.cap)
