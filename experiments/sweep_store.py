"""The results folder of a sweep: its layout, crash-safe part files, and reading it back.

Layout (``yingzao analyze`` reads it; keep it stable)::

    OUT/sweep.json              the spec's facts, SALib problem, n_points, n_runs, spec_hash
    OUT/spec.toml               the spec as given
    OUT/design.parquet          one row per design point (point, sampled values, <key>__used)
    OUT/runs/part-NNNNNN.parquet    one row per finished run (run_id, point, rep, seed, ...)
    OUT/series/part-NNNNNN.parquet  monthly series (run_id, month, ...) when series = true

Every file is written under a hidden temporary name in its own folder, synced, then renamed
over its final name (``os.replace`` is atomic on one file system), so a kill or a power cut leaves
either a whole part or a hidden temporary file that readers ignore (pyarrow and pandas also skip
names starting with a dot). ``sweep.json`` is written last when a folder is set up: a folder
without it holds no finished run. A run's series part is written before its summary part, so a
run listed in ``runs/`` always has its series; a crash in between only leaves series rows that the
rerun duplicates, and readers drop duplicates.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from yingzao.experiments.interrupts import held_interrupts
from yingzao.experiments.sweep_folder import (
    _PART,
    _TMP,
    RUNS,
    SERIES,
    Lock,
    check_folder,
    clear_sweep,
    clear_temporary,
    done_ids,
    parts,
    read_info,
)
from yingzao.model.defaults import DECLARATIONS

from yingzao.errors import InputError

__all__ = [
    "RUNS",
    "SERIES",
    "Lock",
    "check_folder",
    "clear_sweep",
    "clear_temporary",
    "done_ids",
    "load_results",
    "load_series",
    "parts",
    "read_info",
]


_ARROW = {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}


def run_id(point: int, rep: int) -> str:
    """The id of a run: its design point and replicate, e.g. ``p00017-r001``."""
    return f"p{point:05d}-r{rep:03d}"


def runs_schema(parameters: list[str], outputs: list[str]) -> pa.Schema:
    """Columns of ``runs/`` parts; outputs are float64 so that None (NaN) never changes a type."""
    fields = [
        ("run_id", pa.string()),
        ("point", pa.int64()),
        ("rep", pa.int64()),
        ("seed", pa.int64()),
    ]
    fields += [(k, _ARROW[DECLARATIONS[k].kind]) for k in parameters]
    fields += [(k, pa.float64()) for k in outputs]
    fields.append(("seconds", pa.float64()))
    return pa.schema(fields)


# --- crash-safe writing -----------------------------------------------------------------------


def _fsync_dir(folder: Path) -> None:
    # the rename itself must reach the disk for a part to survive a machine restart
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform; the data file itself is synced
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic(path: Path, write) -> None:
    """Call ``write(file)`` on a hidden temporary file, sync it, and rename it to ``path``."""
    tmp = path.with_name(f"{_TMP}{path.name}")
    with open(tmp, "wb") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    _atomic(path, lambda f: f.write(data))


def write_table(path: Path, table: pa.Table) -> None:
    """Write a Parquet file atomically."""
    _atomic(path, lambda f: pq.write_table(table, f))


class PartWriter:
    """Numbered part files in one folder, each written atomically.

    Args:
        folder: The folder (``runs/`` or ``series/``).

    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        existing = [int(m.group(1)) for p in folder.iterdir() if (m := _PART.match(p.name))]
        self.seq = max(existing, default=0)

    def write(self, table: pa.Table) -> Path:
        """Write ``table`` as the next part."""
        self.seq += 1
        path = self.folder / f"part-{self.seq:06d}.parquet"
        write_table(path, table)
        return path


class Store:
    """Buffers finished runs and writes them as parts: every ``flush_rows`` runs or seconds.

    Args:
        out: The results folder.
        schema: Columns of the runs parts (:func:`runs_schema`).
        series: Whether series are kept.
        flush_rows: Write a part once this many runs are buffered.
        flush_seconds: Write a part once the oldest buffered run waited this long.

    """

    def __init__(
        self,
        out: Path,
        schema: pa.Schema,
        series: bool,
        flush_rows: int = 100,
        flush_seconds: float = 5.0,
    ) -> None:
        self.schema = schema
        self.runs = PartWriter(out / RUNS)
        self.series = PartWriter(out / SERIES) if series else None
        self.flush_rows = max(1, flush_rows)
        self.flush_seconds = flush_seconds
        self.rows: list[dict[str, Any]] = []
        self.frames: list[pd.DataFrame] = []
        self.since = time.monotonic()
        self.written = 0

    def add(self, rows: list[dict[str, Any]], series: pd.DataFrame | None) -> None:
        """Buffer finished runs (and their series); write a part when it is time to."""
        if not self.rows:
            self.since = time.monotonic()
        self.rows.extend(rows)
        if series is not None and self.series is not None:
            self.frames.append(series)
        if len(self.rows) >= self.flush_rows or time.monotonic() - self.since >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write what is buffered: the series part first, then the runs part that lists them.

        Ctrl-C is held back until the parts are written and the buffer is empty: an interrupt
        in between made the sweep's last flush write the same runs again.
        """
        if not self.rows:
            return
        with held_interrupts():
            self._write()

    def _write(self) -> None:
        if self.series is not None and self.frames:
            frame = pd.concat(self.frames, ignore_index=True)
            self.series.write(pa.Table.from_pandas(frame, preserve_index=False))
        self.runs.write(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.written += len(self.rows)
        self.rows, self.frames = [], []


# --- the folder's state -----------------------------------------------------------------------


# --- reading results --------------------------------------------------------------------------


def _read_parts(
    folder: Path, columns: list[str] | None = None, filters: list | None = None
) -> pd.DataFrame | None:
    files = parts(folder)
    if not files:
        return None
    tables = [pq.read_table(p, columns=columns, filters=filters) for p in files]
    return pa.concat_tables(tables, promote_options="default").to_pandas()


def load_results(out: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Read a sweep's results folder.

    Args:
        out: The results folder.

    Returns:
        ``(design, runs, sweep)``: the design points; one row per finished run (duplicates of a
        run id dropped, the first kept), sorted by point and replicate; ``sweep.json``.

    Raises:
        InputError: ``out`` is not a sweep results folder.

    """
    out = Path(out)
    info = read_info(out)
    if info is None:
        raise InputError(f"{out}: not a sweep results folder (no sweep.json)")
    design = pd.read_parquet(out / "design.parquet")
    runs = _read_parts(out / RUNS)
    if runs is None:
        cols = ["run_id", "point", "rep", "seed", *info["parameters"], *info["outputs"], "seconds"]
        runs = pd.DataFrame({c: pd.Series(dtype=float) for c in cols})
    runs = runs.drop_duplicates("run_id", keep="first")
    runs = runs.sort_values(["point", "rep"], kind="stable").reset_index(drop=True)
    return design, runs, info


def load_series(
    out: str | Path, columns: list[str] | None = None, run_ids: list[str] | None = None
) -> pd.DataFrame:
    """Read a sweep's monthly series (``series = true`` in its spec).

    Args:
        out: The results folder.
        columns: Series columns to read besides ``run_id`` and ``month`` (default: all).
        run_ids: Only these runs (default: all).

    Returns:
        One row per run and month, duplicates dropped, sorted by run id and month.

    Raises:
        InputError: not a results folder, or a sweep that kept no series.

    """
    out = Path(out)
    info = read_info(out)
    if info is None:
        raise InputError(f"{out}: not a sweep results folder (no sweep.json)")
    if not info.get("series"):
        raise InputError(f"{out}: this sweep kept no series (series = false in its spec)")
    cols = None
    if columns is not None:
        cols = ["run_id", "month", *[c for c in columns if c not in ("run_id", "month")]]
    # filtering while reading keeps memory to the runs asked for
    filters = None if run_ids is None else [("run_id", "in", list(run_ids))]
    df = _read_parts(out / SERIES, cols, filters)
    if df is None:
        return pd.DataFrame(columns=cols or ["run_id", "month"])
    df = df.drop_duplicates(["run_id", "month"], keep="first")
    return df.sort_values(["run_id", "month"], kind="stable").reset_index(drop=True)
