"""The ``yingzao compare`` subcommand: its argparse parser and its handler.

The command line registers this parser on every start, so importing this module must stay cheap:
it does not import the comparison (nor, through it, the process pool, SciPy's statistics or
Matplotlib); the handler imports :func:`~yingzao.experiments.compare.compare` only when it runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from yingzao.errors import InputError
from yingzao.outputs import out_path

if TYPE_CHECKING:
    import argparse

    from yingzao.experiments.compare import CompareInterrupted

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
        type=out_path,
        help="folder for series and summaries (.parquet, .csv), stats.csv, comparison.png",
    )
    s.add_argument("--json", action="store_true", help="print the statistics as JSON records")
    s.add_argument(
        "--force", action="store_true", help="replace results already in the --out folder"
    )
    s.add_argument(
        "--no-posterior",
        action="store_true",
        help="keep the calibrated defaults in every replicate (by default replicate i draws its "
        "calibrated parameters from the calibration's posterior, the same set in every "
        "scenario, so intervals also cover parameter uncertainty)",
    )
    s.add_argument("--no-progress", action="store_true", help="no progress bar on standard error")
    from yingzao.experiments.city_cli import add_city_options

    add_city_options(s, compare=True)
    s.set_defaults(fn=cmd_compare)
    return s


def cmd_compare(a: argparse.Namespace) -> int:
    """Handler of ``yingzao compare``: 0 when done, 130 when interrupted (finished runs saved)."""
    from yingzao.experiments.compare import MAX_REPS, CompareInterrupted, compare, resolve
    from yingzao.scenarios import run_warnings

    from yingzao.checks import months_once, seed_range
    from yingzao.cli import warn
    from yingzao.cli_params import set_pairs  # same KEY=VALUE parsing as `run`
    from yingzao.outputs import check_results_folder, remove_results

    if len(a.scenarios) < 2:
        raise InputError(
            f"compare needs at least two scenarios, got {len(a.scenarios)} "
            "(e.g. 'yingzao compare baseline incubation')"
        )
    if a.reps < 1:
        raise InputError(f"--reps {a.reps}: must be at least 1")
    from yingzao.experiments.city_cli import check_not_city_options, cmd_compare_cities, is_city_ref

    if any(is_city_ref(r) for r in a.scenarios):
        return cmd_compare_cities(a)
    check_not_city_options(a, "a community or street comparison", ("cluster", "resume"))
    if a.reps > MAX_REPS:
        raise InputError(
            f"--reps {a.reps:,}: at most {MAX_REPS:,} (compare keeps every run in memory; use "
            "`yingzao sweep` for larger designs)"
        )
    seed_range(a.seeds, a.reps, "--seeds")
    if a.workers is not None and a.workers < 1:
        raise InputError(f"--workers {a.workers}: must be at least 1")
    if a.months is not None and a.months < 1:
        raise InputError(f"--months {a.months}: must be at least 1")
    ov = set_pairs(a.set)
    if a.months is not None:
        months_once(ov, a.months, "--months ", "--set run.months=")
        ov["run.months"] = a.months
    # every scenario and the folder are checked before the first run; compare() resolves again
    warnings = [
        f"{ref}: {w}" for ref in dict.fromkeys(a.scenarios) for w in run_warnings(resolve(ref, ov))
    ]
    if a.out is not None:
        check_results_folder(a.out, a.force)
    warn(warnings)
    try:
        cmp = compare(
            a.scenarios,
            seeds=range(a.seeds, a.seeds + a.reps),
            overrides=set_pairs(a.set),
            months=a.months,
            workers=a.workers,
            progress=not a.no_progress,
            posterior=not a.no_posterior,
        )
    except CompareInterrupted as e:
        print(_keep_partial(e, a.out, a.force), file=sys.stderr)
        return 130
    try:
        if a.out is not None and a.force:
            remove_results(a.out)
        paths = cmp.save(a.out) if a.out else []
    except OSError as e:
        print(cmp.table())  # the results are not lost with the folder
        raise InputError(f"--out {a.out}: cannot write ({e.strerror or e})") from None
    if a.json:
        print(json.dumps(cmp.stats_records(), ensure_ascii=False))
        return 0
    print(cmp.table())
    if paths:
        print()
        print("wrote " + ", ".join(str(p) for p in paths))
    return 0


def _keep_partial(e: CompareInterrupted, out: Path | None, force: bool) -> str:
    """Save the finished runs of an interrupted comparison; the one line that says where."""
    import tempfile
    import time

    from yingzao.outputs import remove_results

    head = f"interrupted: {e.done} of {e.total} runs finished"
    if e.partial is None:
        return f"{head}; nothing to save"
    if out is None:  # not asked for a folder: make one, rather than lose the runs
        out = Path("results") / time.strftime("compare-interrupted-%Y%m%d-%H%M%S")
    try:
        if force:
            remove_results(out)
        e.partial.save_runs(out)
    except OSError:
        out = Path(tempfile.mkdtemp(prefix="yingzao-compare-"))
        e.partial.save_runs(out)
    return (
        f"{head}; their series and summaries are saved in {out} "
        "(for the statistics, run the comparison again with another --out: a comparison "
        "cannot continue from saved runs)"
    )
