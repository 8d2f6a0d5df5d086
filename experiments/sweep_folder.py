"""A sweep's results folder as a whole: is it free, does it hold this sweep, who writes it.

:func:`check_folder` decides, before any run, whether a folder is free for a sweep, holds this
one (``--resume``), or holds something else; :class:`Lock` keeps two processes from writing the
same folder; :func:`clear_sweep` empties it for ``--force``; :func:`done_ids` lists the runs it
holds. The names of the folder's files are declared here; what they hold and how they are
written is in :mod:`yingzao.experiments.sweep_store`, which re-exports all of this.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from yingzao.checks import something_to_resume
from yingzao.errors import InputError

__all__ = ["Lock", "check_folder", "clear_sweep", "clear_temporary", "done_ids", "read_info"]

# the folder's layout (see sweep_store for the files in it)
RUNS, SERIES = "runs", "series"
_PART = re.compile(r"^part-(\d+)\.parquet$")
_TMP = ".tmp-"
_LOCK = ".lock"
# files a folder may hold before its sweep.json exists (an interrupted set-up)
_SETUP_FILES = {"spec.toml", "design.parquet", RUNS, SERIES, _LOCK}


def parts(folder: Path) -> list[Path]:
    """The complete part files of a folder, oldest first (temporary files are not parts)."""
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _PART.match(p.name))]
    return [p for _, p in sorted(found)]


def read_info(out: Path, name: str = "sweep.json", what: str = "sweep") -> dict[str, Any] | None:
    """``sweep.json`` (or another run description ``name``) of a results folder, or None."""
    f = out / name
    if not f.is_file():
        return None
    try:
        info = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{f}: cannot be read ({e})") from None
    if not isinstance(info, dict):  # edited by hand, or another program's file
        raise InputError(f"{f}: not a {what} description (a JSON object is expected)")
    return info


def check_folder(out: Path, spec_hash: str, resume: bool, force: bool = False) -> bool:
    """Whether ``out`` already holds this sweep (True) or is free for it (False).

    With ``force``, a folder holding a sweep (this one or another) counts as free: the caller
    removes that sweep's files (:func:`clear_sweep`) under the lock before setting it up again.

    Raises:
        InputError: ``out`` is a file, a folder of something else, a different sweep, or this
            sweep without ``resume`` (unless ``force``); with ``resume``, a folder that does not
            exist or is empty (no sweep to go on with).

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
        if resume:
            something_to_resume(out, "sweep")
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
