"""The ``yingzao sweep`` subcommand: its argparse parser and its handler.

The command line registers this parser on every start, so importing this module stays cheap: the
handler imports the sweep engine (pandas, pyarrow, the process pool, Dask) only when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from yingzao.errors import InputError
from yingzao.outputs import out_path

if TYPE_CHECKING:
    import argparse

__all__ = ["add_engine_args", "add_parser", "check_engine_args", "cmd_sweep"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``sweep`` subcommand on an argparse subparsers object."""
    s = sub.add_parser(
        "sweep",
        help="run a parameter sweep described in a spec file (grid, lhs, sobol, morris)",
        description="Run every design point of a sweep spec once per replicate (replicate r "
        "with seed SEED+r at every point), on local processes or a Dask cluster, streaming one "
        "row per run into Parquet parts in the results folder. An interrupted sweep goes on "
        "with --resume. See experiments/example-sweep.toml for the spec format.",
    )
    s.add_argument("spec", metavar="SPEC", type=Path, help="the sweep spec (.toml)")
    s.add_argument("--out", type=out_path, help="results folder (default: the spec's 'out')")
    s.add_argument(
        "--resume",
        action="store_true",
        help="go on with an interrupted sweep in its results folder; finished runs are kept",
    )
    s.add_argument(
        "--force",
        action="store_true",
        help="start again in a results folder that holds a sweep (its runs are removed)",
    )
    add_engine_args(s)
    s.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    s.set_defaults(fn=cmd_sweep)
    return s


def add_engine_args(s: argparse.ArgumentParser) -> None:
    """``--workers`` and ``--cluster``: where the runs of a sweep (or a calibration) go."""
    s.add_argument("--workers", type=int, help="local processes (default: all cores)")
    s.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run on a running Dask cluster, e.g. tcp://10.0.0.5:8786, instead of local processes",
    )


def check_engine_args(a: argparse.Namespace) -> None:
    """One-line errors for ``--workers`` and ``--cluster``."""
    if a.workers is not None and a.workers < 1:
        raise InputError(f"--workers {a.workers}: must be at least 1")
    if a.workers is not None and a.cluster:
        raise InputError("--workers is for local processes; a Dask cluster uses its own workers")


def cmd_sweep(a: argparse.Namespace) -> int:
    """Handler of ``yingzao sweep``: 0 when done, 130 when interrupted (runs saved)."""
    from yingzao.experiments.sweep import SweepInterrupted, load_spec, run_sweep

    check_engine_args(a)
    spec = load_spec(a.spec, out=a.out)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    try:
        report = run_sweep(
            spec,
            resume=a.resume,
            force=a.force,
            workers=a.workers,
            cluster=a.cluster,
            progress=not a.no_progress,
            log=log,
        )
    except SweepInterrupted as e:
        print(str(e), file=sys.stderr)
        return 130
    except OSError as e:
        if isinstance(e, ConnectionError):  # a cluster lost, not a disk
            raise
        # a disk that fills up (or goes read-only) in the middle: the parts written are whole
        print(
            f"yingzao: error: cannot write results in {spec.out} ({e.strerror or e}); the runs "
            "saved so far are kept: free space and continue with --resume",
            file=sys.stderr,
        )
        return 1
    except RuntimeError as e:
        # a run that failed inside the model: finished runs are saved; say so in one line
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(
            f"yingzao: error: {msg} (finished runs are saved in {spec.out}; fix the cause and "
            "continue with --resume)",
            file=sys.stderr,
        )
        return 1
    print(report)
    return 0
