"""The ``yingzao`` command line.

Every user mistake (unknown scenario, bad key or value, malformed file, bad argument) is reported
as one line on standard error with exit status 2; no traceback.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any

from yingzao.checks import cut, months_once
from yingzao.cli_params import cmd_params, cmd_scenarios, set_pairs
from yingzao.errors import InputError
from yingzao.outputs import out_path

SUMMARY_LABELS = {
    "communities": "communities",
    "residents": "residents",
    "orgs_alive": "groups alive",
    "orgs_functional": "  functional (public service)",
    "orgs_recreational": "  recreational",
    "functional_share": "functional share",
    "orgs_founded_total": "groups founded during the run",
    "orgs_dissolved_total": "groups dissolved during the run",
    "max_functional_group_size": "largest functional group (members)",
    "participation_rate": "residents doing public work (last 3 months)",
    "volunteers_active": "residents doing public work this month",
    "leaders_active": "leaders running a group",
    "needs_met": "needs met",
    "trust_mean": "trust in neighbours (mean)",
    "committee_openness": "committee openness",
    "committee_problem_load": "committee problem load",
    "federation_members": "federation members",
    "community_fund_balance": "community fund balance (yuan)",
    "outside_money_spent": "outside money spent (yuan)",
    "resident_money_raised": "resident money raised (yuan)",
    "withdrawal_month": "outside money withdrawn at month",
    "functional_at_withdrawal": "functional groups at withdrawal",
    "functional_alive_12m_after": "  of these alive 12 months later",
    "functional_alive_24m_after": "  of these alive 24 months later",
    "crisis_volunteers_first_month": "crisis volunteers, first month",
}
_SHARES = {"functional_share", "participation_rate", "needs_met"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise InputError(f"{message} (see '{self.prog} --help')")


def _fmt(key: str, v: Any) -> str:
    if v is None:
        return "-"
    if key in _SHARES:
        return f"{100 * v:.1f}%"
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.2f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def cmd_run(a: argparse.Namespace) -> int:
    """Run a scenario and print (or save) its results."""
    from yingzao import simulate
    from yingzao.checks import seed
    from yingzao.experiments.city_cli import check_not_city_options, cmd_run_city
    from yingzao.model.city_spec import is_city, load_any
    from yingzao.outputs import check_results_folder
    from yingzao.scenarios import run_warnings

    seed(a.seed, "--seed")
    ov: dict[str, Any] = set_pairs(a.set)
    if a.months is not None:
        months_once(ov, a.months, "--months ", "--set run.months=")
        ov["run.months"] = str(a.months)
    sc = load_any(a.scenario, ov)
    if "city.communities" in ov and not is_city(sc) and is_city(load_any(a.scenario)):
        raise InputError(  # 0 would quietly make the city one community of its size
            f"--set city.communities={ov['city.communities']}: {a.scenario} is a city, which has "
            "1 to 100,000 communities (0 means not a city; run a community scenario for one)"
        )
    if is_city(sc):
        return cmd_run_city(a, sc)
    check_not_city_options(a, sc.name)
    if a.out is not None:  # before the run: a bad folder must not cost the run
        check_results_folder(a.out, a.force)
    warn(run_warnings(sc))
    res = simulate(sc, seed=a.seed)
    paths, failed = _save_run(res, a.out, a.force)
    if a.json:
        print(json.dumps(res.to_json(), ensure_ascii=False))
    else:
        _print_summary(sc, a.seed, res)
    if paths:
        print("\nwrote " + ", ".join(str(p) for p in paths), file=sys.stderr if a.json else None)
    if failed:
        raise InputError(failed)
    return 0


def _save_run(res: Any, out: Path | None, force: bool) -> tuple[list[Path], str]:
    """Write a run's files; a failure (a full disk) is returned as a message, not raised."""
    from yingzao.outputs import remove_results

    if out is None:
        return [], ""
    try:
        if force:
            remove_results(out)
        return res.save(out), ""
    except OSError as e:
        return [], f"--out {out}: cannot write ({e.strerror or e}); the summary is printed above"


def _print_summary(sc: Any, seed: int, res: Any) -> None:
    print(f"Scenario {sc.name} - {sc.description}")
    print(f"seed {seed}, {res.months} months, policies: {', '.join(sc.policies()) or 'none'}")
    print()
    for k, label in SUMMARY_LABELS.items():
        v = res.summary.get(k)
        if v is None and k in (
            "withdrawal_month",
            "functional_at_withdrawal",
            "functional_alive_12m_after",
            "functional_alive_24m_after",
            "crisis_volunteers_first_month",
        ):
            continue
        if k == "withdrawal_month" and v >= res.months:
            continue  # a withdrawal after the run's end did not happen in it (a warning said so)
        print(f"  {label:46} {_fmt(k, v):>14}")


def warn(lines: list[str]) -> None:
    """Print warnings about the input, one line each, on standard error."""
    for line in lines:
        print(f"yingzao: warning: {line}", file=sys.stderr)


def cmd_patterns(a: argparse.Namespace) -> int:
    """Print the six-pattern table."""
    from yingzao.experiments.patterns import pattern_table

    if a.reps < 1:
        raise InputError(f"--reps {a.reps}: must be at least 1")
    print(pattern_table(reps=a.reps))
    return 0


def cmd_validate(a: argparse.Namespace) -> int:
    """Run the validation suite and write its report."""
    from yingzao.experiments.validate import validate

    if a.reps < 2:
        raise InputError(f"--reps {a.reps}: must be at least 2 (intervals need two replicates)")
    from yingzao.experiments.compare import MAX_REPS  # the limit validate's collect() keeps

    if a.reps > MAX_REPS:
        raise InputError(
            f"--reps {a.reps}: must be from 2 to {MAX_REPS} (every run is kept in memory)"
        )
    if a.workers is not None and a.workers < 1:
        raise InputError(f"--workers {a.workers}: must be at least 1")
    if a.ablation_reps is not None and a.ablation_reps not in range(0, 10_001):
        raise InputError(f"--ablation-reps {a.ablation_reps}: must be from 0 to 10000")
    if a.ablation_reps == 1:
        raise InputError("--ablation-reps 1: intervals need two seeds (or 0 to skip)")
    if a.posterior_sets not in range(0, 10_001):
        raise InputError(f"--posterior-sets {a.posterior_sets}: must be from 0 to 10000")
    if a.posterior_seeds not in range(1, 1001):
        raise InputError(f"--posterior-seeds {a.posterior_seeds}: must be from 1 to 1000")
    from yingzao.outputs import check_report_file

    check_report_file(a.out)  # validate() checks again; here too, before importing the suite
    try:
        print(
            validate(
                reps=a.reps,
                out=a.out,
                workers=a.workers,
                ablation_reps=a.ablation_reps,
                posterior_sets=a.posterior_sets,
                posterior_seeds=a.posterior_seeds,
            )
        )
    except OSError as e:  # the disk filled up meanwhile: one line, no traceback
        raise InputError(f"--out {a.out}: cannot write ({e.strerror or e})") from None
    print(f"\nwrote {a.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    p = _Parser(
        prog="yingzao",
        description="Simulate community self-organization under "
        "funding, training and incubation policies.",
    )
    sub = p.add_subparsers(
        dest="command",
        required=True,
        parser_class=_Parser,
        metavar="{app,classroom,scenarios,params,show,run,compare,validate,sweep,analyze,"
        "calibrate,patterns}",
    )
    from yingzao.app.serve import add_parsers as add_apps  # app and classroom; imports no Solara

    add_apps(sub)
    s = sub.add_parser("scenarios", help="list the built-in scenarios")
    s.set_defaults(fn=cmd_scenarios)
    for name in ("params", "show"):
        s = sub.add_parser(name, help="every parameter of a scenario: value, unit, range, source")
        s.add_argument("scenario", help="built-in name or path to a .toml file")
        s.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a value")
        fmt = s.add_mutually_exclusive_group()
        fmt.add_argument("--json", action="store_true", help="machine-readable output")
        fmt.add_argument("--markdown", action="store_true", help="a Markdown table of every key")
        s.add_argument("--all", action="store_true", help="also list keys of policies that are off")
        s.set_defaults(fn=cmd_params)
    s = sub.add_parser("run", help="run a scenario and print its summary")
    s.add_argument("scenario", help="built-in name or path to a .toml file")
    s.add_argument("--seed", type=int, default=0, help="run seed (default 0)")
    s.add_argument("--months", type=int, help="months to run (default: run.months)")
    s.add_argument("--out", type=out_path, help="folder for series.parquet/.csv, summary.json, PNG")
    s.add_argument("--set", action="append", metavar="KEY=VALUE", help="override a value")
    s.add_argument("--json", action="store_true", help="print the summary as JSON")
    s.add_argument(
        "--force", action="store_true", help="replace results already in the --out folder"
    )
    from yingzao.experiments.city_cli import add_city_options  # cheap import

    add_city_options(s)
    s.set_defaults(fn=cmd_run)
    from yingzao.experiments.compare_cli import add_parser as add_compare  # cheap import

    add_compare(sub)
    from yingzao.experiments.analyze_cli import add_parser as add_analyze
    from yingzao.experiments.sweep_cli import add_parser as add_sweep

    add_sweep(sub)
    add_analyze(sub)
    from yingzao.experiments.calibrate_cli import add_parser as add_calibrate

    add_calibrate(sub)
    s = sub.add_parser("validate", help="check the six field patterns over paired replicates")
    s.add_argument("--reps", type=int, default=30, help="replicates per arm (default 30)")
    s.add_argument(
        "--ablation-reps",
        type=int,
        help="seeds of each pattern's ablation, its mechanism switched off (default: --reps; "
        "0 skips the ablations)",
    )
    s.add_argument(
        "--posterior-sets",
        type=int,
        default=20,
        help="posterior parameter sets the robustness check runs (default 20; 0 skips it)",
    )
    s.add_argument(
        "--posterior-seeds", type=int, default=2, help="seeds per posterior set (default 2)"
    )
    s.add_argument("--workers", type=int, help="processes (default: all cores)")
    s.add_argument(
        "--out",
        type=out_path,
        default=Path("docs/validation.md"),
        help="report file (default docs/validation.md)",
    )
    s.set_defaults(fn=cmd_validate)
    s = sub.add_parser("patterns", help="first look at the six field patterns over seeds")
    s.add_argument("--reps", type=int, default=20, help="replicates per scenario (default 20)")
    s.set_defaults(fn=cmd_patterns)
    return p


def _terminate(signum: int, frame: Any) -> None:
    # SIGTERM (docker stop, systemd, SLURM, kill) stops a command as Ctrl-C does: finished runs
    # are saved and the workers are shut down, instead of the process vanishing mid-write
    raise KeyboardInterrupt


def _on_sigterm() -> Any:
    """Handle SIGTERM as Ctrl-C; returns the previous handler (None off the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):  # not the main thread (an embedding app): leave it alone
        return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``yingzao`` command."""
    previous = _on_sigterm()
    try:
        a = build_parser().parse_args(argv)
        return a.fn(a)
    except InputError as e:
        print(f"yingzao: error: {one_line(str(e))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("yingzao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def one_line(msg: str, limit: int = 1000) -> str:
    """An error message as one line of at most ``limit`` characters (a last safety net)."""
    msg = " ".join(msg.split("\n"))
    return cut(msg, limit)


if __name__ == "__main__":
    sys.exit(main())
