"""The unit of work of a city run: a batch of communities for one period between sync points.

:func:`run_city_batch` runs on a worker (a local process, this process, or a Dask worker) and
gets only the resolved city scenario, its batch's plan rows, the city's decisions for them and
where checkpoints live. For each community in turn (one in memory at a time, whatever the
batch's size) it restores the community from its checkpoint at the period's first month, hands
it the city's decisions, runs the period, saves the checkpoint at the period's end and reports
the community's monthly rows and its indicators (the few numbers the city decides on).

Checkpoints are files ``c<community>-m<month>.pkl`` in the state folder, written under a
temporary name and renamed (a killed worker leaves either the old or the new one, whole). A
community whose checkpoint is missing (another machine's disk, or a machine that crashed) is
rebuilt from its seed and run again from month 0 with the decisions of every earlier period,
which the job carries: the same numbers, only slower. Checkpoints older than the period's start
are deleted: the city never goes back past a completed synchronization point.

The pools are the sweep engine's (:mod:`yingzao.experiments.sweep_exec`), submitting this job.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, override

import numpy as np
import pandas as pd
from yingzao.experiments.sweep_exec import DaskPool, InlinePool, LocalPool
from yingzao.model import city_policies
from yingzao.model.city_community import CityCommunity, freeze, release, thaw
from yingzao.model.city_policies import DECISION_COLUMNS, ngo_until
from yingzao.model.city_rules import INDICATOR_COLUMNS
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.model.street import review_scores
from yingzao.scenarios import Scenario

__all__ = [
    "CityDaskPool",
    "CityInlinePool",
    "CityJob",
    "CityLocalPool",
    "community_overrides",
    "indicators",
    "run_city_batch",
]


@dataclass
class CityJob:
    """One batch of communities for one period.

    Attributes:
        batch: The batch's number.
        sync: The synchronization point the period ends at (0: building, at month 0).
        t0, t1: The period's months ``[t0, t1)`` (0, 0 when building).
        plan: Plan rows of the batch's communities (community, profile, residents, seed, ...).
        decisions: ``{sync point: decisions}`` of every period so far (``DECISION_COLUMNS``
            per community, for replaying a community without a checkpoint); the last applies now.
        support: ``{community: overrides}`` of demonstration and subset communities.
        sync_months: Months between synchronization points.
        state: Folder of the checkpoints.
        record: ``month`` or ``year``: which monthly rows to return.
        final: The last period: also return each community's run summary.
        keep_last: Save the final checkpoint too (inspection after the run).

    """

    batch: int
    sync: int
    t0: int
    t1: int
    plan: list[dict[str, Any]]
    decisions: dict[int, dict[int, dict[str, float]]]
    support: dict[int, dict[str, Any]] = field(default_factory=dict)
    sync_months: int = 12
    state: str = ""
    record: str = "month"
    final: bool = False
    keep_last: bool = True


def community_overrides(v: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """A community's settings within its city: size, profile, the fund's grants, NGO settings."""
    ov: dict[str, Any] = {
        "community.residents": int(row["residents"]),
        "community.profile": str(row["profile"]),
    }
    if v["city_fund.enabled"]:
        ov.update(
            {
                "grants.enabled": True,
                "grants.start": v["city_fund.start"],
                "grants.end": v["city_fund.end"],
                "grants.per_100_households": v["city_fund.per_100_households"],
            }
        )
    if v["city_ngo.enabled"]:
        # what the city's NGOs do when they come; they come later, by the city's decision
        ov.update({"ngo.strategy": v["city_ngo.strategy"], "ngo.entry": v["city_ngo.entry"]})
        ov.setdefault("ngo.enabled", v["ngo.enabled"])
    return ov


def build(base: Scenario, row: dict[str, Any], support: dict[str, Any] | None) -> CityCommunity:
    """A community of the city at month 0 (with its support package, if it has one)."""
    ov = community_overrides(base.values, row)
    if support:
        ov.update(support)
    m = CityCommunity(base.with_overrides(ov, origin="city"), seed=int(row["seed"]))
    city_policies.install(m)
    return m


def indicators(m: CityCommunity, c: int) -> dict[str, Any]:
    """What a community reports at a synchronization point (``INDICATOR_COLUMNS``)."""
    functional = int(np.count_nonzero(m.orgs.functional()))
    row = {
        "community": c,
        "month": m.month,
        "residents": m.n,
        "households": m.n_households,
        "functional": functional,
        "per_1000": 1000.0 * functional / m.n,
        "score": float(review_scores([m])[0]),
        "practice": float(m.committee.practice),
        "openness": float(m.committee.openness),
        "federation": int(m.federation is not None),
        "ngo_until": ngo_until(m),
    }
    assert tuple(row) == INDICATOR_COLUMNS
    return row


_WRITE_PIECE = 1 << 20  # bytes per write() of a checkpoint


def _ckpt(state: Path, c: int, month: int) -> Path:
    return state / f"c{c:06d}-m{month:04d}.pkl"


def _save(state: Path, c: int, m: CityCommunity) -> None:
    # renamed into place whole; not synced to disk: a machine crash loses at most checkpoints,
    # which a missing checkpoint's replay from month 0 makes good (results are synced)
    path = _ckpt(state, c, m.month)
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    data = memoryview(freeze(m))
    with open(tmp, "wb") as f:
        # in pieces: on the 2-core ext4 machine the project is tested on, one write() of 4-8 MB
        # took 37-102 ms, and the same bytes written 1 MB at a time a tenth of that
        for i in range(0, len(data), _WRITE_PIECE):
            f.write(data[i : i + _WRITE_PIECE])
    os.replace(tmp, path)


def _saved(state: Path, communities: set[int]) -> dict[int, list[int]]:
    """Months at which each of ``communities`` has a checkpoint, newest first.

    One listing of the folder for a whole batch: the folder holds every community's
    checkpoints (two each for a city of thousands), so a listing per community would make a
    period's work grow with the square of the city's size.
    """
    found: dict[int, list[int]] = {c: [] for c in communities}
    with os.scandir(state) as entries:
        for e in entries:
            name = e.name
            if not (name.startswith("c") and name.endswith(".pkl")):
                continue
            c, sep, month = name[1:-4].partition("-m")
            try:
                c_int, month_int = int(c), int(month)
            except ValueError:
                continue
            if sep and c_int in found:
                found[c_int].append(month_int)
    for months in found.values():
        months.sort(reverse=True)
    return found


def _step_period(m: CityCommunity, t0: int, t1: int, d: dict[str, float] | None) -> None:
    if d is not None:
        city_policies.apply(m, t0, d)
    for _ in range(t1 - m.month):
        m.step()


def _restore(
    base: Scenario, job: CityJob, row: dict[str, Any], state: Path, saved: list[int]
) -> CityCommunity:
    """The community at month ``job.t0``: from its checkpoint, or replayed from the nearest.

    ``saved``: the months of its checkpoints, newest first (:func:`_saved`).
    """
    c = int(row["community"])
    support = job.support.get(c)
    m = None
    for month in saved:
        if month > job.t0 or (support and month == 0 and job.t0 == 0):
            continue  # newer than needed (a rerun), or built before its support was known
        try:
            m = thaw(_ckpt(state, c, month).read_bytes())
            break
        except Exception:  # a checkpoint cut short by a machine crash: try an older one
            continue
    if m is None:
        m = build(base, row, support)
    p = job.sync_months
    while m.month < job.t0:  # replay: the decisions of each period from where it stands
        start = m.month
        _step_period(m, start, min(start + p, job.t0), job.decisions.get(start // p + 1, {}).get(c))
    return m


def _rows(m: CityCommunity, c: int, t0: int, t1: int, record: str, months: int) -> pd.DataFrame:
    rows = {col: m.recorder.rows[col][t0:t1] for col in SERIES_COLUMNS}
    df = pd.DataFrame(rows)
    if record == "year":
        keep = ((df["month"] + 1) % 12 == 0) | (df["month"] == months - 1)
        df = df[keep.to_numpy()]
    df.insert(0, "community", np.int64(c))
    return df


def run_city_batch(base: Scenario, job: CityJob) -> dict[str, Any]:
    """Run one batch of a city for one period (see the module's description).

    Returns:
        ``{"batch", "sync", "rows", "indicators", "summaries", "seconds", "cpu_seconds",
        "worker"}``: the
        monthly rows (a DataFrame, empty when building), indicators at the period's end (one
        dict per community), run summaries (final period only) and where it ran.

    Raises:
        RuntimeError: a community failed; the message names it.

    """
    t_start, cpu_start = time.perf_counter(), time.process_time()
    state = Path(job.state)
    state.mkdir(parents=True, exist_ok=True)
    months = int(base.values["run.months"])
    frames, inds, sums = [], [], []
    # listed before any of the batch's checkpoints is written: this job writes none it reads
    saved = _saved(state, {int(row["community"]) for row in job.plan}) if job.sync else {}
    for row in job.plan:
        c = int(row["community"])
        try:
            if job.sync == 0:
                m = build(base, row, None)
            else:
                m = _restore(base, job, row, state, saved[c])
                _step_period(m, job.t0, job.t1, job.decisions[job.sync].get(c))
                frames.append(_rows(m, c, job.t0, job.t1, job.record, months))
            inds.append(indicators(m, c))
            if job.final:
                from yingzao.model.results import Result

                sums.append({"community": c, **Result.from_model(m).summary})
            if not job.final or job.keep_last:
                _save(state, c, m)
            for month in saved.get(c, ()):
                if month < job.t0:  # the period before is committed: never needed again
                    _ckpt(state, c, month).unlink(missing_ok=True)
        except Exception as e:
            raise RuntimeError(
                f"community {c} (batch {job.batch}, months {job.t0}-{job.t1}) failed: "
                f"{type(e).__name__}: {e}"
            ) from e
        release(m)  # one community in memory at a time
        del m
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return {
        "batch": job.batch,
        "sync": job.sync,
        "rows": rows,
        "indicators": inds,
        "summaries": sums,
        "seconds": time.perf_counter() - t_start,
        "cpu_seconds": time.process_time() - cpu_start,  # the cost without other jobs' load
        "worker": _where(),
    }


def _where() -> str:
    """The Dask worker's address running this, or the process (for placing the next period)."""
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"pid {os.getpid()}"


def decisions_dict(df: pd.DataFrame) -> dict[int, dict[str, float]]:
    """Decisions as ``{community: {column: value}}`` (what a job carries)."""
    cols = list(DECISION_COLUMNS)
    vals = df[cols].to_numpy(float)
    return {
        int(c): dict(zip(cols, r.tolist(), strict=True))
        for c, r in zip(df["community"], vals, strict=True)
    }


# --- pools: the sweep engine's, submitting the city's job ----------------------------------------


class CityInlinePool(InlinePool):
    """Runs batches in this process (one worker)."""

    @override
    def submit(self, args: tuple) -> Any:
        import concurrent.futures as cf

        f: cf.Future = cf.Future()
        try:
            f.set_result(run_city_batch(*args))
        except Exception as e:
            f.set_exception(e)
        return f


class CityLocalPool(LocalPool):
    """Local worker processes (from a fork server, ending with this process)."""

    @override
    def submit(self, args: tuple) -> Any:
        return self.ex.submit(run_city_batch, *args)


class CityDaskPool(DaskPool):
    """A Dask cluster; each batch goes back to the worker that holds its checkpoints."""

    def __init__(self, client: Any, own: bool) -> None:
        super().__init__(client, own)
        self.where: dict[int, str] = {}

    @override
    def submit(self, args: tuple) -> Any:
        job: CityJob = args[1]
        addr = self.where.get(job.batch)
        if addr is not None and addr in self.client.scheduler_info()["workers"]:
            # its checkpoints are on that worker's disk; any other worker can replay them
            return self.client.submit(
                run_city_batch, *args, pure=False, workers=[addr], allow_other_workers=True
            )
        return self.client.submit(run_city_batch, *args, pure=False)

    def ran(self, batch: int, where: str) -> None:
        """Remember where a batch ran."""
        if not where.startswith("pid "):
            self.where[batch] = where


def nan_to_none(x: float) -> float | None:
    """NaN as None (JSON)."""
    return None if isinstance(x, float) and math.isnan(x) else x
