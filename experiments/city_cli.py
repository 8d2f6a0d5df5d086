"""``yingzao run`` and ``yingzao compare`` for cities: their options, handlers and printed reports.

``yingzao run CITY`` runs a city (:func:`~yingzao.experiments.city_run.run_city`) into ``--out``
(default ``results/<city>``) on local processes or, with ``--cluster``, on a Dask cluster;
``--resume`` goes on with an interrupted run. ``yingzao compare CITY_A CITY_B --reps N`` runs each
city once per replicate, replicate i with the same seed in every city, each run in its own
resumable folder under ``--out``, and prints the paired statistics of the city outcomes
(:func:`~yingzao.experiments.city_compare.compare_cities`). The command line registers these
options on every start, so this module imports nothing heavy.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yingzao.checks import something_to_resume
from yingzao.errors import InputError

if TYPE_CHECKING:
    import argparse

__all__ = [
    "add_city_options",
    "check_not_city_options",
    "cmd_compare_cities",
    "cmd_run_city",
    "is_city_ref",
    "print_city_summary",
]

# options of `run` that only a city run takes
CITY_ONLY = ("cluster", "resume", "workers")


def add_city_options(s: argparse.ArgumentParser, compare: bool = False) -> None:
    """The options of a city run, on the ``run`` (or ``compare``) parser."""
    s.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="city runs: on a running Dask cluster, e.g. tcp://10.0.0.5:8786",
    )
    s.add_argument(
        "--resume",
        action="store_true",
        help="city runs: go on with an interrupted run in its folder (nothing is repeated)",
    )
    if not compare:
        s.add_argument("--workers", type=int, help="city runs: local processes (default: cores)")
        s.add_argument("--no-progress", action="store_true", help="no progress bar (city runs)")


def check_not_city_options(
    a: argparse.Namespace, what: str, options: tuple[str, ...] = CITY_ONLY
) -> None:
    """Refuse city-run options for a community or a street (one line)."""
    # `is not`: --workers 0 is given (0 == False would pass it as not given)
    given = [
        f"--{k}" for k in options if getattr(a, k, None) is not None and a.__dict__[k] is not False
    ]
    if given:
        raise InputError(f"{', '.join(given)}: only for city runs, and {what} is not a city")


def is_city_ref(ref: str) -> bool:
    """Whether a scenario reference names a city (a built-in city, or a file of one)."""
    from yingzao.model.city_spec import city_names, is_city, load_city

    if ref in city_names():
        return True
    try:
        if not str(ref).endswith(".toml") or not Path(ref).is_file():
            return False
    except OSError:  # a name the system refuses: the community loader says why
        return False
    return is_city(load_city(ref))


def cmd_compare_cities(a: argparse.Namespace) -> int:
    """``yingzao compare CITY_A CITY_B --reps N``: 0 when done, 130 when interrupted."""
    from yingzao.experiments.city_compare import compare_cities
    from yingzao.experiments.city_run import CityInterrupted

    from yingzao.checks import months_once
    from yingzao.cli_params import set_pairs

    if a.force and a.resume:
        raise InputError("--force and --resume: choose one (start again, or go on)")
    _check_workers(a)
    ov = set_pairs(a.set)
    if a.months is not None:
        months_once(ov, a.months, "--months ", "--set run.months=")
        ov["run.months"] = a.months
    try:
        cmp = compare_cities(
            a.scenarios, a.reps, a.seeds, ov, a.out, resume=a.resume, force=a.force,
            workers=a.workers, cluster=a.cluster, progress=not a.no_progress, log=_log,
        )  # fmt: skip
    except CityInterrupted as e:
        print(f"{e} (the comparison: run it again with --resume)", file=sys.stderr)
        return 130
    except (OSError, RuntimeError) as e:
        return run_failure(e, a.out or Path("results"))
    if a.json:
        from yingzao.experiments.compare_stats import stats_records

        print(json.dumps(stats_records(cmp.stats), ensure_ascii=False))
    else:
        print(cmp.table())
    return 0


def _check_workers(a: argparse.Namespace) -> None:
    w = getattr(a, "workers", None)
    if w is not None and w < 1:
        raise InputError(f"--workers {w}: must be at least 1")
    if w is not None and a.cluster:
        raise InputError("--workers is for local processes; a Dask cluster uses its own workers")


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_failure(e: BaseException, out: Path) -> int:
    """One line for a city run that stopped on a failure (its finished periods are kept)."""
    if isinstance(e, OSError) and not isinstance(e, ConnectionError):
        msg = f"cannot write results in {out} ({e.strerror or e})"
    else:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    print(
        f"yingzao: error: {msg} (finished periods are saved in {out}; fix the cause and "
        "continue with --resume)",
        file=sys.stderr,
    )
    return 1


def cmd_run_city(a: argparse.Namespace, sc: Any) -> int:
    """``yingzao run CITY``: 0 when done, 130 when interrupted (finished periods saved)."""
    from yingzao.experiments.city_run import CityInterrupted, run_city

    if a.force and a.resume:
        raise InputError("--force and --resume: choose one (start again, or go on)")
    _check_workers(a)
    out = a.out if a.out is not None else Path("results") / sc.name
    if a.resume:  # here, not in run_city: a comparison resumes each city's folder, new or not
        something_to_resume(out, "city run")
    try:
        report = run_city(
            sc,
            out,
            seed=a.seed,
            resume=a.resume,
            force=a.force,
            workers=a.workers,
            cluster=a.cluster,
            progress=not a.no_progress,
            log=_log,
        )
    except CityInterrupted as e:
        print(str(e), file=sys.stderr)
        return 130
    except (OSError, RuntimeError) as e:
        return run_failure(e, out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    if a.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(print_city_summary(summary))
    print(str(report), file=sys.stderr if a.json else None)
    return 0


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def print_city_summary(s: dict[str, Any]) -> str:
    """A city run's summary (``summary.json``) as lines for people."""
    p10, p50, p90 = s["per_1000_p10_p50_p90"]
    reach = s["share_reaching_per_1000"]
    lines = [
        f"City {s['scenario']} (seed {s['seed']}, {s['months']} months): {s['communities']:,} "
        f"communities in {s['streets']} streets and {s['districts']} districts, "
        f"{s['residents']:,} residents",
        "",
        "Functional groups per 1,000 residents at the end, across communities:",
        f"  mean {s['functional_per_1000_mean']:.2f}; 10th percentile {p10:.2f}, median "
        f"{p50:.2f}, 90th percentile {p90:.2f}",
        "  communities reaching " + ", ".join(f">= {k}: {_pct(v)}" for k, v in reach.items()),
        "  reaching 1 per 1,000, by profile: "
        + ", ".join(f"{k} {_pct(v)}" for k, v in s["share_reaching_1_per_1000_by_profile"].items()),
    ]
    for flag, label in (("demo", "demonstration"), ("subset", "subset")):
        key = f"{flag}_functional_per_1000_mean"
        if key in s:
            n = s[f"{'demonstration' if flag == 'demo' else 'subset'}_communities"]
            lines.append(f"  {n} {label} communities: mean {s[key]:.2f} per 1,000")
    c = s.get("city")
    if c:
        lines += [
            "",
            f"City at the end: {c['orgs_functional']:,} functional and "
            f"{c['orgs_recreational']:,} recreational groups; residents doing public work "
            f"{_pct(c['participation_rate'])}, active residents {_pct(c['active_share'])}; "
            f"outside money spent {c['outside_money_spent']:,.0f} yuan",
        ]
    return "\n".join(lines)
