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

import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from yingzao.model.defaults import DECLARATIONS

from yingzao.errors import InputError

__all__ = ["load_results", "load_series"]

RUNS, SERIES = "runs", "series"
_PART = re.compile(r"^part-(\d+)\.parquet$")
_TMP = ".tmp-"
_LOCK = ".lock"
# files a folder may hold before its sweep.json exists (an interrupted set-up)
_SETUP_FILES = {"spec.toml", "design.parquet", RUNS, SERIES, _LOCK}

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


def parts(folder: Path) -> list[Path]:
    """The complete part files of a folder, oldest first (temporary files are not parts)."""
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _PART.match(p.name))]
    return [p for _, p in sorted(found)]


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
        """Write what is buffered: the series part first, then the runs part that lists them."""
        if not self.rows:
            return
        if self.series is not None and self.frames:
            frame = pd.concat(self.frames, ignore_index=True)
            self.series.write(pa.Table.from_pandas(frame, preserve_index=False))
        self.runs.write(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.written += len(self.rows)
        self.rows, self.frames = [], []


# --- the folder's state -----------------------------------------------------------------------


def read_info(out: Path) -> dict[str, Any] | None:
    """``sweep.json`` of a results folder, or None when there is none."""
    f = out / "sweep.json"
    if not f.is_file():
        return None
    try:
        info = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{f}: cannot be read ({e})") from None
    if not isinstance(info, dict):  # edited by hand, or another program's file
        raise InputError(f"{f}: not a sweep description (a JSON object is expected)")
    return info


def check_folder(out: Path, spec_hash: str, resume: bool, force: bool = False) -> bool:
    """Whether ``out`` already holds this sweep (True) or is free for it (False).

    With ``force``, a folder holding a sweep (this one or another) counts as free: the caller
    removes that sweep's files (:func:`clear_sweep`) under the lock before setting it up again.

    Raises:
        InputError: ``out`` is a file, a folder of something else, a different sweep, or this
            sweep without ``resume`` (unless ``force``).

    """
    if out.exists() and not out.is_dir():
        raise InputError(f"results folder {out}: exists and is not a folder")
    info = read_info(out) if out.is_dir() else None
    if force:
        return False
    if info is None:
        others = [
            p.name
            for p in (out.iterdir() if out.is_dir() else [])
            if p.name not in _SETUP_FILES and not p.name.startswith(_TMP)
        ]
        if others or parts(out / RUNS):
            raise InputError(
                f"results folder {out}: is not empty and holds no sweep.json "
                f"(e.g. {(others or [RUNS])[0]}); give a new --out, or --force to write the "
                "sweep beside those files"
            )
        return False
    if info.get("spec_hash") != spec_hash:
        raise InputError(
            f"results folder {out}: holds a different sweep ('{info.get('name')}', spec hash "
            f"{info.get('spec_hash')}, this spec {spec_hash}); give a new --out, or --force "
            "to replace it"
        )
    done = len(done_ids(out, quarantine=False))
    # a folder set up by a sweep that finished no run holds nothing to lose: start it again
    if not resume and done:
        raise InputError(
            f"results folder {out}: already holds this sweep ({done} of {info.get('n_runs')} "
            "runs done); continue it with --resume, start it again with --force, or give a "
            "new --out"
        )
    return True


class Lock:
    """An exclusive lock on a results folder, so two processes never write the same sweep.

    The operating system drops it when the process ends, even by kill -9.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fd: int | None = None

    def __enter__(self) -> Lock:
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock, as before
            return self
        try:
            self.fd = os.open(self.out / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:  # a read-only folder or file system
            raise InputError(
                f"results folder {self.out}: cannot be written ({e.strerror or e})"
            ) from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise InputError(
                f"results folder {self.out}: another process is running this sweep; "
                "wait for it to finish or stop it first"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def clear_sweep(out: Path) -> None:
    """Remove a sweep's files from ``out`` (``--force``; call only while holding the lock).

    Only the sweep's own layout goes: ``sweep.json``, ``spec.toml``, ``design.parquet``, the
    parts and temporary files in ``runs/`` and ``series/``; any other file stays.
    """
    (out / "sweep.json").unlink(missing_ok=True)  # first: the folder holds no sweep from here
    for name in ("spec.toml", "design.parquet"):
        (out / name).unlink(missing_ok=True)
    for sub in (out / RUNS, out / SERIES):
        if sub.is_dir():
            for p in sub.iterdir():
                if _PART.match(p.name) or p.name.startswith((_TMP, ".corrupt-")):
                    p.unlink()
    clear_temporary(out)


def clear_temporary(out: Path) -> None:
    """Remove temporary files left by a killed writer (call only while holding the lock)."""
    for folder in (out, out / RUNS, out / SERIES):
        if folder.is_dir():
            for p in folder.iterdir():
                if p.name.startswith(_TMP):
                    p.unlink(missing_ok=True)


def done_ids(out: Path, quarantine: bool = True) -> set[str]:
    """The run ids in the complete parts of ``out/runs``.

    A part that cannot be read (only a failing disk makes one: parts are renamed into place
    whole) is renamed to a hidden ``.corrupt-`` name when ``quarantine`` is set, so that its runs
    are run again rather than the sweep failing forever.
    """
    ids: set[str] = set()
    for p in parts(out / RUNS):
        try:
            col = pq.read_table(p, columns=["run_id"]).column("run_id")
        except (OSError, pa.ArrowException) as e:
            if not quarantine:
                continue
            bad = p.with_name(f".corrupt-{p.name}")
            os.replace(p, bad)
            print(f"yingzao: warning: {p} cannot be read ({e}); moved to {bad}", file=sys.stderr)
            continue
        ids.update(col.to_pylist())
    return ids


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
