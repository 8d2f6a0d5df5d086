"""The ``yingzao calibrate`` subcommand: its argparse parser and its handler.

Registered on every start, so importing this module stays cheap; the handler imports the
calibration (SALib, scikit-learn, the sweep engine) only when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from yingzao.experiments.sweep_cli import add_engine_args, check_engine_args

from yingzao.errors import InputError

if TYPE_CHECKING:
    import argparse

__all__ = ["add_parser", "cmd_calibrate"]


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``calibrate`` subcommand on an argparse subparsers object."""
    s = sub.add_parser(
        "calibrate",
        help="calibrate the model to field targets: screening, then history matching in waves",
        description="Run a calibration spec (calibration/spec.toml is the shipped one): Morris "
        "screening of its candidate parameters on the targets with role 'calibrate', then "
        "history matching in waves with Gaussian-process emulators, to a record folder "
        "(record.json, posterior.parquet, runs.parquet, figures). --apply writes the record's "
        "best parameter set as the model's calibrated defaults (model/calibrated_defaults.py) and "
        "the report docs/calibration.md.",
    )
    s.add_argument("spec", metavar="SPEC", type=Path, help="the calibration spec (.toml)")
    s.add_argument(
        "--resume", action="store_true", help="go on with an interrupted calibration's record"
    )
    s.add_argument(
        "--force", action="store_true", help="start again in a folder that holds a record"
    )
    add_engine_args(s)
    s.add_argument(
        "--apply",
        action="store_true",
        help="after the run (or, with --resume on a finished record, at once), write the best "
        "parameter set as the model's calibrated defaults and docs/calibration.md",
    )
    s.set_defaults(fn=cmd_calibrate)
    return s


def cmd_calibrate(a: argparse.Namespace) -> int:
    """Handler of ``yingzao calibrate``: 0 when done, 130 when interrupted (runs saved)."""
    from yingzao.experiments.calibrate import calibrate
    from yingzao.experiments.calibrate_spec import load_calibration_spec
    from yingzao.experiments.calibration_doc import write_calibration_doc
    from yingzao.experiments.calibration_record import apply_record
    from yingzao.experiments.sweep import SweepInterrupted

    check_engine_args(a)
    if a.resume and a.force:
        raise InputError("--resume goes on with a record, --force starts again: give one")
    spec = load_calibration_spec(a.spec)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    try:
        record = calibrate(
            spec, workers=a.workers, cluster=a.cluster, resume=a.resume, force=a.force, log=log
        )
    except SweepInterrupted:
        print(
            f"calibration interrupted: the runs finished so far are saved in {spec.out}; "
            f"go on with: yingzao calibrate {a.spec} --resume",
            file=sys.stderr,
        )
        return 130
    print(
        f"calibration {record['name']}: {record['runs']} parameter sets, "
        f"{record['non_implausible_runs']} not ruled out; best implausibility "
        f"{record['best_implausibility']:.2f}; record in {spec.out}"
    )
    for f in record["fit"]:
        lo, hi = f["band"]
        print(
            f"  {f['target']}: best {f['best']:.3g} (band {lo:g}-{hi:g}); posterior "
            f"{f['posterior_low']:.3g}-{f['posterior_high']:.3g}, "
            f"{100 * f['posterior_inside']:.0f}% inside"
        )
    if a.apply:
        path = apply_record(spec.out)
        doc = write_calibration_doc(spec.out)
        print(f"calibrated defaults written to {path}; report in {doc}")
    return 0
