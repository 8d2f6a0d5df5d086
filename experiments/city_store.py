"""The results folder of a city run: its layout, crash-safe parts, and what it holds so far.

Layout::

    OUT/city.json                   the run's facts (scenario, seed, months, hash); written last
    OUT/communities.parquet         the plan: community, district, street, profile, size, seed,
                                    batch (and demo, subset once chosen)
    OUT/monthly/s<k>-b<b>.parquet   rows of batch b's communities for the period ending at
                                    synchronization point k (one per community and month/year)
    OUT/sync/s<k>-b<b>.parquet      batch b's indicators at point k: the commit of that period
    OUT/final/s<k>-b<b>.parquet     each community's run summary (the last period)
    OUT/decisions/s<k>.parquet      the city's decisions for the period ending at point k
    OUT/timing/s<k>-b<b>.parquet    seconds batch b took for that period, and where it ran
    OUT/state/c<c>-m<month>.pkl     checkpoints (unless another folder is given)

Part names say what they hold, so a period run again (after a killed worker or driver) writes
the same names with the same content: nothing is repeated. Every part is written under a hidden
name, synced and renamed (:func:`~yingzao.experiments.sweep_store.write_table`); a batch's sync
part is written after its monthly and final parts, so a committed period always has its rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from yingzao.experiments import sweep_folder
from yingzao.experiments.sweep_store import _TMP, write_bytes, write_table

from yingzao.errors import InputError

__all__ = [
    "CITY_FILES",
    "check_city_folder",
    "clear_city",
    "clear_own",
    "clear_state",
    "committed",
    "read_info",
    "read_parts",
    "run_hash",
    "write_info",
    "write_part",
]

MONTHLY, SYNC, FINAL, DECISIONS, STATE = "monthly", "sync", "final", "decisions", "state"
TIMING = "timing"
_PART = re.compile(r"^s(\d+)-b(\d+)\.parquet$")
# the names a run writes in its folders (other folders hold parts, ``_PART``)
_OWN = {
    DECISIONS: re.compile(r"^s\d+\.parquet$"),
    STATE: re.compile(r"^c\d+-m\d+\.pkl(-\d+)?$"),  # (-pid: an interrupted checkpoint)
}
# Files and folders a city run writes (``--force`` removes these and nothing else).
CITY_FILES = (
    "city.json",
    "communities.parquet",
    MONTHLY,
    SYNC,
    FINAL,
    DECISIONS,
    STATE,
    TIMING,
    "support.parquet",
    "by_community.parquet",
    "by_community.csv",
    "by_street.parquet",
    "by_district.parquet",
    "city_series.parquet",
    "city_series.csv",
    "distribution.csv",
    "summary.json",
    "city.png",
)


def run_hash(values: dict[str, Any], seed: int) -> str:
    """What identifies a city run: every resolved value and the seed."""
    text = json.dumps({"values": values, "seed": seed}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_info(out: Path) -> dict[str, Any] | None:
    """``city.json`` of a folder, or None."""
    return sweep_folder.read_info(out, "city.json", "city run")


def write_info(out: Path, info: dict[str, Any]) -> None:
    """Write ``city.json`` atomically."""
    write_bytes(out / "city.json", (json.dumps(info, indent=1) + "\n").encode("utf-8"))


def check_city_folder(out: Path, h: str, resume: bool, force: bool) -> bool:
    """Whether ``out`` holds this city run already (True) or is free for it (False).

    Raises:
        InputError: a file in the way, a folder of other results, another run, or this run
            without ``resume`` (unless ``force``: the caller clears it).

    """
    if out.exists() and not out.is_dir():
        raise InputError(f"results folder {out}: exists and is not a folder")
    info = read_info(out) if out.is_dir() else None
    if force:
        return False
    if info is None:
        others = [p.name for p in out.iterdir()] if out.is_dir() else []
        others = [n for n in others if not n.startswith(".")]
        if others:
            raise InputError(
                f"results folder {out}: is not empty and holds no city.json (e.g. {others[0]}); "
                "give a new --out, or --force to write the city beside those files"
            )
        return False
    if info.get("hash") != h:
        raise InputError(
            f"results folder {out}: holds another city run ('{info.get('scenario')}', seed "
            f"{info.get('seed')}); give a new --out, or --force to replace it"
        )
    if not resume and committed(out):
        raise InputError(
            f"results folder {out}: already holds this city run; continue it with --resume, "
            "start it again with --force, or give a new --out"
        )
    return True


def clear_city(out: Path) -> None:
    """Remove a city run's files from ``out`` (``--force``); other files stay.

    In the run's folders (``monthly/``, ``state/``, ...) only the files a run writes are
    removed (by their names, and the hidden files of an interrupted write); a folder is
    removed only when that leaves it empty.
    """
    (out / "city.json").unlink(missing_ok=True)  # first: the folder holds no run from here
    for name in CITY_FILES:
        p = out / name
        if p.is_dir() and not p.is_symlink():
            clear_own(p, _OWN.get(name, _PART))
        else:
            p.unlink(missing_ok=True)


def clear_state(folder: Path) -> None:
    """Remove a finished run's checkpoints from ``folder`` (and it, if that leaves it empty).

    Its results are written by now: a checkpoint that cannot be removed is left, as before.
    """
    if folder.is_dir():
        try:
            clear_own(folder, _OWN[STATE])
        except OSError:
            pass


def clear_own(folder: Path, own: re.Pattern[str]) -> None:
    """Remove the files in ``folder`` that a city run wrote, then ``folder`` if left empty.

    A run's files are those whose names ``own`` matches, and the hidden ``.tmp-`` files of an
    interrupted write of one.
    """
    with os.scandir(folder) as entries:
        for e in entries:
            name = e.name.removeprefix(_TMP)
            if e.is_file(follow_symlinks=False) and own.match(name):
                os.unlink(e.path)
    try:
        folder.rmdir()
    except OSError:  # the user's own files are in it
        pass


def write_part(out: Path, folder: str, name: str, df: pd.DataFrame) -> None:
    """Write one part (atomically, synced)."""
    (out / folder).mkdir(parents=True, exist_ok=True)
    write_table(out / folder / name, pa.Table.from_pandas(df, preserve_index=False))


def part_name(k: int, b: int) -> str:
    """The part of batch ``b`` for the period ending at synchronization point ``k``."""
    return f"s{k:03d}-b{b:05d}.parquet"


def committed(out: Path) -> dict[int, set[int]]:
    """``{synchronization point: batches committed}`` (their sync parts exist)."""
    done: dict[int, set[int]] = {}
    folder = out / SYNC
    if not folder.is_dir():
        return done
    for p in folder.iterdir():
        if m := _PART.match(p.name):
            done.setdefault(int(m.group(1)), set()).add(int(m.group(2)))
    return done


def read_parts(
    out: Path, folder: str, k: int | None = None, columns: list[str] | None = None
) -> pd.DataFrame:
    """The parts of ``folder`` (of synchronization point ``k`` only, if given) as one frame."""
    base = out / folder
    files = sorted(
        p
        for p in (base.iterdir() if base.is_dir() else [])
        if (m := _PART.match(p.name)) and (k is None or int(m.group(1)) == k)
    )
    if not files:
        return pd.DataFrame(columns=columns or [])
    tables = [pq.read_table(p, columns=columns) for p in files]
    return pa.concat_tables(tables, promote_options="default").to_pandas()
