"""The ``yingzao analyze`` subcommand: its argparse parser and its handler.

The command line registers this parser on every start, so importing this module must stay cheap:
the handler imports the analysis (pandas, SALib, the EMA Workbench, Matplotlib) only when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from yingzao.errors import InputError
from yingzao.outputs import check_writable, out_path

if TYPE_CHECKING:
    import argparse

__all__ = ["add_parser", "cmd_analyze"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``analyze`` subcommand on an argparse subparsers object."""
    s = sub.add_parser(
        "analyze",
        help="sensitivity indices, response curves and scenario discovery of a sweep's results",
        description="Analyze a sweep's results folder: Morris elementary effects (morris design) "
        "or Sobol indices (sobol design) with 95% intervals, response curves of every output "
        "against every varied parameter, and with --target the parameter ranges (PRIM box) "
        "where the target holds. Prints a report and writes CSV tables, PNG figures and "
        "report.md.",
    )
    s.add_argument("results", type=Path, metavar="RESULTS", help="the sweep's results folder")
    s.add_argument(
        "--outputs",
        metavar="KEY,KEY",
        help="comma-separated summary keys to analyze (default: every output the sweep kept)",
    )
    s.add_argument(
        "--target",
        metavar="EXPR",
        help="PRIM target 'OUTPUT OP NUMBER' with OP one of >=, >, <=, <, judged on each design "
        "point's mean over replicates, e.g. 'functional_alive_24m_after>=3' (default: no PRIM)",
    )
    s.add_argument(
        "--threshold",
        type=float,
        default=0.8,
        metavar="DENSITY",
        help="density the reported PRIM box must reach (default 0.8)",
    )
    s.add_argument(
        "--out",
        type=out_path,
        metavar="DIR",
        help="folder for the files (default: RESULTS/analysis)",
    )
    s.set_defaults(fn=cmd_analyze)
    return s


def _outputs(text: str | None) -> list[str] | None:
    if text is None:
        return None
    keys = [k.strip() for k in text.split(",") if k.strip()]
    if not keys:
        raise InputError(f"--outputs {text!r}: give comma-separated summary keys")
    return keys


def cmd_analyze(a: argparse.Namespace) -> int:
    """Handler of ``yingzao analyze``."""
    from yingzao.experiments.analyze import analyze

    if not 0 < a.threshold <= 1:
        raise InputError(f"--threshold {a.threshold}: must be above 0 and at most 1")
    if a.out is not None and a.out.exists() and not a.out.is_dir():
        raise InputError(f"--out {a.out}: exists and is not a folder")
    # re-analysing replaces the files of the last analysis; the folder must be writable
    if a.out is not None or a.results.is_dir():
        check_writable(a.out or a.results / "analysis", "--out")
        from yingzao.experiments.analyze_report import check_analysis_folder

        check_analysis_folder(a.out or a.results / "analysis")
    an = analyze(a.results, outputs=_outputs(a.outputs), target=a.target, threshold=a.threshold)
    print(an.report())
    try:
        paths = an.save(a.out)
    except OSError as e:
        where = a.out or a.results / "analysis"
        raise InputError(f"{where}: cannot write ({e.strerror or e})") from None
    print()
    print("wrote " + ", ".join(str(p) for p in paths))
    return 0
