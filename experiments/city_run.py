"""Running a city: synchronization points, batches on local processes or Dask, resume, results.

A city run goes from synchronization point to synchronization point (every ``city.sync_months``):
point 0 builds every community and reads its state at month 0; from then on the city decides
from the indicators of the last point (:func:`~yingzao.model.city_rules.decide`), and every batch
of communities runs the period to the next point (:func:`~yingzao.experiments.city_exec.
run_city_batch`) on the workers, where the communities' checkpoints stay. The driver holds only
the plan, the indicators and the decisions; rows stream into parts as batches finish.

A run that stops (Ctrl-C, kill -9 of this process, a restart) goes on with ``resume=True``:
committed periods are read back and never run again, and the city's memory is rebuilt by
deciding again from the stored indicators (the same decisions: :func:`decide` is a pure
function). A worker that dies takes its batch's period with it: the batch runs the period again
from its checkpoints (local processes: a new pool; Dask: its scheduler reschedules), with the
same results.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from yingzao.experiments import city_store as store
from yingzao.experiments.city_exec import (
    CityDaskPool,
    CityInlinePool,
    CityJob,
    CityLocalPool,
    decisions_dict,
)
from yingzao.experiments.progress import Progress
from yingzao.experiments.runner import available_cores
from yingzao.experiments.sweep_exec import connect
from yingzao.experiments.sweep_folder import Lock
from yingzao.model.city_plan import plan_city
from yingzao.model.city_rules import CityState, decide, select_support
from yingzao.model.city_spec import check_city, is_city, load_city, support_overrides
from yingzao.model.footprint import check_memory_bytes, estimate_bytes
from yingzao.scenarios import Scenario

from yingzao.checks import seed as check_seed
from yingzao.errors import InputError
from yingzao.outputs import check_writable

__all__ = ["BATCH_RESIDENTS", "CityInterrupted", "CityReport", "run_city"]

# Residents per batch: a batch's period takes a few seconds, long beside the cost of shipping a
# job, short enough that two workers finish a period together.
BATCH_RESIDENTS = 40_000
# Times one period may lose its workers before the run gives up (a crash, not bad luck).
MAX_BREAKS = 3


class CityInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a city run; the committed periods are saved (resume to go on)."""

    def __init__(self, out: Path) -> None:
        super().__init__(
            f"interrupted: finished periods are saved in {out}; continue with --resume"
        )
        self.out = out


@dataclass
class CityReport:
    """What a city run did: its folder, size, work done now and before, wall time."""

    out: Path
    communities: int
    residents: int
    points: int
    before: int
    seconds: float

    def __str__(self) -> str:
        again = f" ({self.before} of them done before)" if self.before else ""  # points
        return (
            f"city done: {self.communities:,} communities, {self.residents:,} residents, "
            f"{self.points} synchronization points in {self.seconds:.1f} s{again}; "
            f"results in {self.out}"
        )


def batches_of(plan: pd.DataFrame, residents: int) -> np.ndarray:
    """Batch number of each community: runs of neighbouring communities of about ``residents``."""
    cum = np.cumsum(plan["residents"].to_numpy()) - plan["residents"].to_numpy()
    return (cum // max(1, residents)).astype(np.int64)


def _points(months: int, p: int) -> list[tuple[int, int]]:
    """``(t0, t1)`` of each period; point k ends period k (point 0: building)."""
    return [(0, 0)] + [(t, min(t + p, months)) for t in range(0, months, p)]


def _periods_text(months: int, p: int) -> str:
    """``3 periods of 12 months``, or ``2 periods (12 months, then 1)`` when the last is short."""
    n, last = -(-months // p), months % p
    if n == 1:
        return f"1 period of {months} month{'s' if months > 1 else ''}"
    if not last:
        return f"{n} periods of {p} months"
    return f"{n} periods ({p} months{', ...' if n > 2 else ''}, then {last})"


def _peak_bytes(base: Scenario, plan: pd.DataFrame) -> int:
    """Memory of the largest community a worker holds (one at a time)."""
    largest = int(plan["residents"].max())
    return max(
        estimate_bytes(
            base.with_overrides({"community.residents": largest, "community.profile": p})
        )
        for p in sorted(set(plan["profile"]))
    )


def run_city(
    scenario: Scenario | str | os.PathLike,
    out: str | os.PathLike,
    seed: int = 0,
    *,
    resume: bool = False,
    force: bool = False,
    workers: int | None = None,
    cluster: Any = None,
    progress: bool | Callable[[int, int], None] = True,
    state: str | os.PathLike | None = None,
    batch_residents: int = BATCH_RESIDENTS,
    keep_state: bool = False,
    connect_timeout: float = 5.0,
    log: Callable[[str], None] | None = None,
) -> CityReport:
    """Run a city scenario into a results folder (see the module's description).

    Args:
        scenario: A resolved city scenario, or its name or path.
        out: Results folder.
        seed: The city seed (its plan, every community's seed, the city's own draws).
        resume: Go on with a run whose folder holds some of its periods.
        force: Start again in a folder that holds a city run (its files are removed).
        workers: Local processes (default: the available cores; 1 runs in this process).
        cluster: A Dask scheduler address, or a connected ``distributed.Client``.
        progress: A progress bar on standard error, none, or ``progress(done, total)``.
        state: Folder of the communities' checkpoints (default ``OUT/state``).
        batch_residents: Residents per batch (a new run only; a resumed one keeps its own).
        keep_state: Keep the last checkpoints (each community at the run's end).
        connect_timeout: Seconds to wait for a cluster given by address.
        log: Called with one-line status messages.

    Returns:
        A :class:`CityReport`.

    Raises:
        InputError: a bad scenario, folder, argument or cluster (before any run).
        CityInterrupted: Ctrl-C; committed periods are saved.
        RuntimeError: a community failed, or workers kept dying.

    """
    t_start = time.monotonic()
    seed = check_seed(seed)
    sc = scenario if isinstance(scenario, Scenario) else load_city(scenario)
    if not is_city(sc):
        raise InputError(f"{sc.name}: not a city (city.communities is 0)")
    check_city(sc, (seed,))
    v = sc.values
    out = Path(out)
    h = store.run_hash(v, seed)
    again = store.check_city_folder(out, h, resume, force)
    check_writable(out, "results folder")
    plan = plan_city(v, seed)
    n_local = min(workers or available_cores(), len(plan))
    if cluster is None:
        check_memory_bytes(_peak_bytes(sc, plan), n_local, "the largest community")
    client, own = cluster, False
    if isinstance(cluster, str):
        client, own = connect(cluster, connect_timeout), True
    try:
        out.mkdir(parents=True, exist_ok=True)
        with Lock(out):
            if force:
                store.clear_city(out)
            if force or not again:
                plan["batch"] = batches_of(plan, batch_residents)
                store.write_part(out, ".", "communities.parquet", plan)
                info = {"scenario": sc.name, "seed": seed, "hash": h, "months": v["run.months"]}
                store.write_info(out, {**info, "communities": len(plan)})
            plan = pd.read_parquet(out / "communities.parquet")
            pool = _pool(client, own, n_local)
            own = False
            try:
                before = _drive(
                    sc, seed, plan, out, pool, n_local, state, keep_state, progress, log
                )
            finally:
                pool.close()
            from yingzao.experiments.city_results import write_results

            write_results(out, sc, seed)
            if not keep_state:
                store.clear_state(Path(state) if state else out / store.STATE)
    finally:
        if own:
            client.close()
    points = len(_points(v["run.months"], v["city.sync_months"]))
    return CityReport(
        out, len(plan), int(plan["residents"].sum()), points, before, time.monotonic() - t_start
    )


def _pool(client: Any, own: bool, n: int) -> Any:
    if client is not None:
        return CityDaskPool(client, own)
    return CityInlinePool() if n <= 1 else CityLocalPool(n)


def _drive(sc, seed, plan, out, pool, n_local, state_dir, keep_state, progress, log) -> int:
    """Every synchronization point in turn; returns how many periods were done before."""
    v = sc.values
    months, p = v["run.months"], v["city.sync_months"]
    periods = _points(months, p)
    done = store.committed(out)
    batches = sorted(set(plan["batch"]))
    full = {k for k in done if done[k] >= set(batches)}
    before = len(full)
    state_path = str(Path(state_dir).absolute() if state_dir else (out / store.STATE).absolute())
    total = len(plan) * months / 12
    years_done = sum(len(plan) * (periods[k][1] - periods[k][0]) / 12 for k in full)
    bar = Progress(int(round(total)), sc.name, "community-years", progress is True)
    bar.before = bar.done = int(round(years_done))
    if log:
        log(
            f"city {sc.name}: {len(plan):,} communities in {plan['district'].nunique()} districts "
            f"and {plan['street'].nunique()} streets, {int(plan['residents'].sum()):,} residents; "
            f"{_periods_text(months, p)}; {len(batches)} "
            f"{'batches' if len(batches) > 1 else 'batch'} on "
            f"{'a Dask cluster' if isinstance(pool, CityDaskPool) else f'{n_local} worker(s)'}; "
            f"results in {out}"
        )
    base = pool.prepare(sc)
    city = CityState()
    history: dict[int, pd.DataFrame] = {}
    support: dict[int, dict[str, Any]] = {}
    try:
        for k, (t0, t1) in enumerate(periods):
            if k >= 1:
                ind = store.read_parts(out, store.SYNC, k - 1)
                if k == 1:
                    support = _support(v, plan, ind, seed, out)
                history[k] = decide(v, plan, ind, t0, city, seed)
                if not (out / store.DECISIONS / f"s{k:03d}.parquet").is_file():
                    store.write_part(out, store.DECISIONS, f"s{k:03d}.parquet", history[k])
            todo = [b for b in batches if b not in done.get(k, set())]
            if not todo:
                continue
            bar.label = f"{sc.name} {'building' if k == 0 else f'months {t0}-{t1}'}"
            jobs = [
                _job(plan, b, k, t0, t1, history, support, p, state_path, v, k == len(periods) - 1)
                for b in todo
            ]
            jobs = [dataclass_replace(j, keep_last=keep_state) for j in jobs]
            _run_period(pool, base, jobs, out, k, bar, progress, n_local, t1 - t0)
    except KeyboardInterrupt:
        raise CityInterrupted(out) from None
    finally:
        bar.close()
    return before


def dataclass_replace(job: CityJob, **kw: Any) -> CityJob:
    """A copy of a job with fields replaced."""
    from dataclasses import replace

    return replace(job, **kw)


def _support(v, plan, ind, seed, out) -> dict[int, dict[str, Any]]:
    """Demonstration and subset communities (chosen once, from month 0), and their packages."""
    chosen = select_support(plan, ind, v, seed)
    packages = {
        sec: support_overrides(v, sec)
        for sec in ("city_demo", "city_subset")
        if v[f"{sec}.enabled"]
    }
    out_map: dict[int, dict[str, Any]] = {}
    for c, demo, sub in chosen[["community", "demo", "subset"]].itertuples(index=False):
        ov: dict[str, Any] = {}
        if demo:
            ov.update(packages["city_demo"])
        if sub:
            ov.update(packages["city_subset"])
        if ov:
            out_map[int(c)] = ov
    if not (out / "support.parquet").is_file():
        store.write_part(out, ".", "support.parquet", chosen)
    return out_map


def _job(plan, b, k, t0, t1, history, support, p, state, v, final) -> CityJob:
    rows = plan[plan["batch"] == b]
    members = set(rows["community"].tolist())
    decisions = {
        kk: {c: d for c, d in decisions_dict(df[df["community"].isin(members)]).items()}
        for kk, df in history.items()
    }
    return CityJob(
        batch=int(b),
        sync=k,
        t0=t0,
        t1=t1,
        plan=rows.to_dict("records"),
        decisions=decisions,
        support={c: ov for c, ov in support.items() if c in members},
        sync_months=p,
        state=state,
        record=v["city.record"],
        final=final,
    )


def _commit(out: Path, k: int, res: dict[str, Any]) -> None:
    """Write a finished batch's parts; its sync part last (the commit)."""
    name = store.part_name(k, res["batch"])
    if len(res["rows"]):
        store.write_part(out, store.MONTHLY, name, res["rows"])
    if res["summaries"]:
        from yingzao.model.metrics import SUMMARY_TEXT
        from yingzao.model.results import _plain

        # every number as float64 (None as NaN), so that every batch's part has one schema; a
        # text with no value stays None (a batch where all are None reads as strings' nulls)
        sums = [
            {
                key: x
                if isinstance(x, str) or key in SUMMARY_TEXT
                else float("nan" if x is None else x)
                for key, x in s.items()
            }
            for s in ({key: _plain(x) for key, x in s.items()} for s in res["summaries"])
        ]
        df = pd.DataFrame(sums)
        df["community"] = df["community"].astype("int64")
        store.write_part(out, store.FINAL, name, df)
    timing = {k: res[k] for k in ("sync", "batch", "seconds", "cpu_seconds", "worker")}
    timing["communities"] = len(res["indicators"])
    store.write_part(out, store.TIMING, name, pd.DataFrame([timing]))
    store.write_part(out, store.SYNC, name, pd.DataFrame(res["indicators"]))


def _run_period(pool, base, jobs, out, k, bar, progress, n_local, span) -> None:
    """Run every job of one period, committing each as it finishes; survive dying workers."""
    jobs = sorted(jobs, key=lambda j: -sum(r["residents"] for r in j.plan))  # largest first
    left = list(jobs)
    pending: dict[Any, CityJob] = {}
    breaks = 0

    def broke(e: BaseException, job: CityJob) -> None:
        nonlocal breaks, left, pool
        breaks += 1
        if breaks > MAX_BREAKS:
            raise RuntimeError(
                f"worker processes died {breaks} times in the period to point {k} "
                "(out of memory?); the finished periods are saved: continue with --resume"
            ) from e
        left = [job, *pending.values(), *left]  # this one first, then those in flight
        pending.clear()
        pool = _restart(pool, n_local)

    while left or pending:
        while left and len(pending) < pool.slots:
            job = left.pop(0)
            try:
                pending[pool.submit((base, job))] = job
            except BrokenProcessPool as e:  # a worker died after the last result came back
                broke(e, job)
        if not pending:
            continue
        for f in pool.wait(pending):
            job = pending.pop(f)
            try:
                res = f.result()
            except (BrokenProcessPool, cf.CancelledError) as e:
                broke(e, job)
                break
            except Exception as e:
                if type(e).__name__ == "KilledWorker":  # Dask gave up on a task's workers
                    breaks += 1
                    if breaks > MAX_BREAKS:
                        raise RuntimeError(f"Dask workers kept dying: {e}") from e
                    left.insert(0, job)
                    continue
                raise
            _commit(out, k, res)
            if isinstance(pool, CityDaskPool):
                pool.ran(job.batch, res["worker"])
            bar.update(int(round(len(job.plan) * span / 12)))
            if callable(progress):
                progress(bar.done, bar.total)


def _restart(pool: Any, n: int) -> Any:
    """A fresh local pool after a worker died (its other workers go down with the broken one)."""
    try:
        pool.close()
    except Exception:  # a broken pool may refuse to shut down cleanly; its workers are gone
        pass
    new = CityLocalPool(n)
    pool.__dict__.update(new.__dict__)  # the caller's reference keeps working
    return pool
