"""The ``yingzao compare`` subcommand: its argparse parser and its handler.

The command line registers this parser on every start, so importing this module must stay cheap:
it does not import the comparison (nor, through it, the process pool, SciPy's statistics or
Matplotlib); the handler imports :func:`~yingzao.experiments.compare.compare` only when it runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from yingzao.errors import InputError

if TYPE_CHECKING:
    import argparse

__all__ = ["add_parser", "cmd_compare"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``compare`` subcommand on an argparse subparsers object."""
    s = sub.add_parser(
        "compare",
        help="compare scenarios over paired replicates (same seeds in every scenario)",
        description="Run every scenario once per replicate, replicate i with the same seed in "
        "every scenario, and print means with 95% confidence intervals and the paired "
        "difference to the first scenario.",
    )
    s.add_argument(
        "scenarios",
        nargs="+",
        metavar="SCENARIO",
        help="two or more built-in names or .toml paths; the first is the reference",
    )
    s.add_argument("--reps", type=int, default=20, help="replicates per scenario (default 20)")
    s.add_argument(
        "--seeds",
        type=int,
        default=0,
        metavar="START",
        help="first seed: replicate i uses seed START+i in every scenario (default 0)",
    )
    s.add_argument("--months", type=int, help="months to run (default: each scenario's)")
    s.add_argument(
        "--set", action="append", metavar="KEY=VALUE", help="override a value in every scenario"
    )
    s.add_argument("--workers", type=int, help="parallel processes (default: all cores)")
    s.add_argument(
        "--out",
        type=Path,
        help="folder for series and summaries (.parquet, .csv), stats.csv, comparison.png",
    )
    s.add_argument("--json", action="store_true", help="print the statistics as JSON records")
    s.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    s.set_defaults(fn=cmd_compare)
    return s


def cmd_compare(a: argparse.Namespace) -> int:
    """Handler of ``yingzao compare``."""
    from yingzao.experiments.compare import compare

    from yingzao.cli import _overrides  # same KEY=VALUE parsing as `run`

    if len(a.scenarios) < 2:
        raise InputError(
            f"compare needs at least two scenarios, got {len(a.scenarios)} "
            "(e.g. 'yingzao compare baseline incubation')"
        )
    if a.reps < 1:
        raise InputError(f"--reps {a.reps}: must be at least 1")
    if a.seeds < 0:
        raise InputError(f"--seeds {a.seeds}: must be a non-negative whole number")
    if a.workers is not None and a.workers < 1:
        raise InputError(f"--workers {a.workers}: must be at least 1")
    if a.months is not None and a.months < 1:
        raise InputError(f"--months {a.months}: must be at least 1")
    if a.out is not None and a.out.exists() and not a.out.is_dir():
        raise InputError(f"--out {a.out}: exists and is not a folder")
    cmp = compare(
        a.scenarios,
        seeds=range(a.seeds, a.seeds + a.reps),
        overrides=_overrides(a.set),
        months=a.months,
        workers=a.workers,
        progress=not a.no_progress,
    )
    try:
        paths = cmp.save(a.out) if a.out else []
    except OSError as e:
        raise InputError(f"--out {a.out}: cannot write ({e.strerror or e})") from None
    if a.json:
        print(json.dumps(cmp.stats_records(), ensure_ascii=False))
        return 0
    print(cmp.table())
    if paths:
        print()
        print("wrote " + ", ".join(str(p) for p in paths))
    return 0
