"""Output paths checked before any computing, so that a bad ``--out`` never throws work away.

One rule for results folders (``run``, ``compare`` and ``sweep``): a folder that already holds
results is refused unless ``--force`` is given; with ``--force`` the old result files are removed
just before the new ones are written (files of other kinds are left alone). Whether a folder can
be written is found out by trying: creating and removing a hidden file in it, or in the nearest
folder that exists, since permission bits say nothing for root or on a read-only file system.
"""

from __future__ import annotations

import functools
import inspect
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from yingzao.checks import cut
from yingzao.errors import InputError

__all__ = [
    "RESULT_FILES",
    "out_path",
    "check_report_file",
    "check_results_folder",
    "check_writable",
    "remove_results",
]

# Every file `run` (a community or a street) and `compare` write into a results folder.
RESULT_FILES = (
    "series.parquet",
    "series.csv",
    "groups.parquet",
    "groups.csv",
    "group_sizes.parquet",
    "group_sizes.csv",
    "summary.json",
    "figure.png",
    "by_community.parquet",
    "by_community.csv",
    "summaries.parquet",
    "summaries.csv",
    "stats.csv",
    "comparison.png",
)


def _name(path: Path | str) -> str:
    return cut(str(path))


def _existing_ancestor(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and not p.is_symlink() and p != p.parent:
        p = p.parent
    return p


def out_path(text: str) -> Path:
    """An argparse ``type`` for output paths: an empty one would silently mean "here"."""
    import argparse

    if not text.strip():
        raise argparse.ArgumentTypeError("give a file or folder name, not an empty one")
    return Path(text)


def api_out(out: Any, name: str = "out") -> Path:
    """An output path given to a Python function: text or a path, not empty (which means here)."""
    if not isinstance(out, str | os.PathLike):
        raise TypeError(f"{name}: must be a folder name or a path, not {type(out).__name__}")
    if not os.fspath(out).strip():
        raise InputError(f"{name}: give a folder name, not an empty one")
    return Path(out)


def _os_errors(check: Callable) -> Callable:
    """Turn an OSError in a path check (a name too long, say) into an InputError."""
    sig = inspect.signature(check)

    @functools.wraps(check)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except OSError as e:
            bound = sig.bind(*args, **kwargs).arguments
            option = bound.get("option", "--out")
            raise InputError(f"{option} {_name(args[0])}: {e.strerror or e}") from None

    return checked


@_os_errors
def check_writable(folder: Path, option: str, target: Path | None = None) -> None:
    """Check that files can be created in ``folder`` (or in the folder it would be made in).

    Args:
        folder: The folder that will receive files; it need not exist yet.
        option: How messages name the path (``--out``).
        target: The path as the user gave it, for messages (default: ``folder``).

    Raises:
        InputError: a part of the path is a file, or the nearest existing folder is not writable.

    """
    shown = _name(target if target is not None else folder)
    base = _existing_ancestor(Path(folder))
    if not base.is_dir():
        raise InputError(f"{option} {shown}: {_name(base)} is a file, not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=".yingzao-probe-", dir=base)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise InputError(
            f"{option} {shown}: cannot write in {_name(base)} ({e.strerror or e})"
        ) from None


@_os_errors
def check_results_folder(out: str | Path, force: bool = False, option: str = "--out") -> Path:
    """Check a results folder for ``run`` or ``compare`` before anything is computed.

    Raises:
        InputError: ``out`` is a file, holds a sweep, holds results and ``force`` is not set,
            or cannot be written.

    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{option} {_name(out)}: exists and is not a folder")
    if out.is_dir():
        if (out / "sweep.json").exists():
            raise InputError(f"{option} {_name(out)}: holds a sweep's results; give another folder")
        held = [n for n in RESULT_FILES if (out / n).exists()]
        if held and not force:
            raise InputError(
                f"{option} {_name(out)}: already holds results ({', '.join(held[:3])}"
                f"{', ...' if len(held) > 3 else ''}); give a new folder, or --force to "
                "replace them"
            )
    check_writable(out, option)
    return out


def remove_results(out: Path) -> None:
    """Remove the result files of an earlier run or comparison (``--force``), and only those."""
    for n in RESULT_FILES:
        (out / n).unlink(missing_ok=True)


@_os_errors
def check_report_file(out: str | Path, option: str = "--out") -> Path:
    """Check the path of a Markdown report (``validate``), whose JSON record goes beside it.

    Raises:
        InputError: the path ends in ``.json`` (the record would overwrite the report), is a
            folder, or cannot be written.

    """
    out = Path(out)
    if out.suffix.lower() == ".json":
        raise InputError(
            f"{option} {_name(out)}: the report is Markdown and its JSON record is written "
            f"beside it as {_name(out.name)}; give a .md name such as {_name(out.stem)}.md"
        )
    for f in (out, out.with_suffix(".json")):
        if f.is_dir():
            raise InputError(f"{option} {_name(f)}: is a folder; give a file name")
        if f.exists() and not f.is_file():  # /dev/null, a pipe: no report would be kept
            raise InputError(f"{option} {_name(f)}: is not a regular file; give a file name")
        if f.exists():
            try:  # opened without truncating: nothing changes if the check passes
                with open(f, "r+b"):
                    pass
            except OSError as e:
                raise InputError(f"{option} {_name(f)}: cannot be written ({e.strerror})") from None
    check_writable(out.parent, option, target=out)
    return out
