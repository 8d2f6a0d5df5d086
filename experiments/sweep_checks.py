"""Checks of the parts of a sweep spec: top-level keys, whole numbers, text, ranges, base scenario.

Each check takes ``where`` (how messages name the spec, e.g. its file name) and raises one
:class:`~yingzao.errors.InputError` naming the problem; :func:`~yingzao.experiments.sweep_spec.
spec_from_dict` strings them together.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

from yingzao.experiments.sweep_design import is_numeric
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.model.params import coerce, unknown_key_error
from yingzao.scenarios import Scenario, load

from yingzao.checks import cut
from yingzao.errors import InputError

TOP_KEYS = (
    "name",
    "scenario",
    "design",
    "samples",
    "levels",
    "reps",
    "seed",
    "out",
    "series",
    "outputs",
    "set",
    "parameters",
    "points",
)


# Keys are SECTION.NAME; a little room beyond that for a quoted key that holds a dot.
_MAX_DEPTH = 4


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"ngo": {"months": x}}`` (unquoted dotted keys in TOML) as ``{"ngo.months": x}``.

    Raises:
        InputError: tables nested deeper than any parameter key (a key has two parts).

    """
    out: dict[str, Any] = {}
    # iterators on a stack, not recursion (a spec with thousands of nested tables must fail
    # cleanly), depth first so that keys keep the spec's order
    stack = [(prefix, iter(table.items()))]
    while stack:
        pre, items = stack[-1]
        item = next(items, None)
        if item is None:
            stack.pop()
            continue
        key = f"{pre}{item[0]}"
        if isinstance(item[1], dict):
            if len(stack) >= _MAX_DEPTH:
                raise InputError(
                    f"tables nested too deeply at {cut(key)}; keys are SECTION.NAME, "
                    'e.g. "ngo.months" = 48'
                )
            stack.append((key + ".", iter(item[1].items())))
        else:
            out[key] = item[1]
    return out


def is_number(x: Any) -> bool:
    """Whether ``x`` is an int or a float (not a bool)."""
    return isinstance(x, int | float) and not isinstance(x, bool)


def whole_number(where: str, key: str, v: Any, least: int) -> int:
    """``v`` checked to be a whole number of at least ``least``."""
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{where}: '{key}' must be a whole number, got {v!r}")
    if v < least:
        raise InputError(f"{where}: '{key}' must be at least {least}, got {v}")
    return v


def nonempty_text(where: str, key: str, v: Any) -> str:
    """``v`` checked to be non-empty text."""
    if not isinstance(v, str) or not v.strip():
        raise InputError(f"{where}: '{key}' must be non-empty text, got {v!r}")
    return v


def check_range(where: str, key: str, rng: Any, design: str) -> list:
    """A varied parameter's range: ``[low, high]`` for numbers, a list of values otherwise."""
    p = DECLARATIONS.get(key)
    if p is None:
        e = unknown_key_error(key, list(DECLARATIONS))
        raise InputError(f"{where}: [parameters] {e}")
    if not is_numeric(p):
        if design != "grid":
            raise InputError(
                f"{where}: [parameters] '{key}' is {p.allowed()}: parameters that are not "
                f"numbers can only be varied in design 'grid' (this spec uses '{design}')"
            )
        if not isinstance(rng, list) or not rng:
            raise InputError(
                f"{where}: [parameters] '{key}' needs a non-empty list of values "
                f"({p.allowed()}), got {rng!r}"
            )
        try:
            values = [coerce(p, v) for v in rng]
        except InputError as e:
            raise InputError(f"{where}: [parameters] {e}") from None
        if len(set(values)) < len(values):
            raise InputError(f"{where}: [parameters] '{key}' lists a value twice: {rng!r}")
        return values
    if not isinstance(rng, list) or len(rng) != 2 or not all(is_number(x) for x in rng):
        raise InputError(
            f"{where}: [parameters] '{key}' must be [low, high], two numbers, got {rng!r}"
        )
    lo, hi = rng
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise InputError(f"{where}: [parameters] '{key}': bounds must be finite, got {rng!r}")
    if lo >= hi:
        raise InputError(
            f"{where}: [parameters] '{key}': empty range [{lo}, {hi}]; low must be below high"
        )
    if p.kind is int and not (float(lo).is_integer() and float(hi).is_integer()):
        raise InputError(
            f"{where}: [parameters] '{key}' is a whole number; give whole-number bounds, "
            f"got {rng!r}"
        )
    if lo < p.lo or hi > p.hi:
        raise InputError(
            f"{where}: [parameters] '{key}': range [{lo}, {hi}] is outside the allowed range, "
            f"{p.allowed()} ({p.unit})"
        )
    return [int(lo), int(hi)] if p.kind is int else [float(lo), float(hi)]


def resolve_base(where: str, ref: str, fixed: dict[str, Any], base_dir: Path) -> Scenario:
    """The base scenario ``ref`` with the fixed overrides; a path is relative to ``base_dir``."""
    # a scenario path is relative to the spec file, so a spec and its scenario travel together
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        p = Path(ref)
        ref = str(p if p.is_absolute() else base_dir / p)
    try:
        return load(ref, fixed)
    except InputError as e:
        raise InputError(f"{where}: {e}") from None


def check_run_args(
    resume: Any,
    force: Any,
    workers: Any,
    cluster: Any,
    progress: Any,
    flush_rows: Any,
    flush_seconds: Any,
    connect_timeout: Any,
) -> None:
    """The arguments of :func:`~yingzao.experiments.sweep.run_sweep`, before any side effect.

    Raises:
        TypeError: an argument of the wrong type.
        InputError: a value out of range or a contradiction between arguments.

    """
    from yingzao import checks

    for name, v in (("resume", resume), ("force", force)):
        if not isinstance(v, bool):
            raise TypeError(f"{name}: must be True or False, not {checks.shown(v)}")
    if resume and force:
        raise InputError("--resume goes on with a sweep and --force starts it again: give one")
    checks.workers(workers, "--workers")
    if workers is not None and cluster is not None:
        raise InputError("--workers is for local processes; a Dask cluster uses its own workers")
    if cluster is not None and not isinstance(cluster, str) and not hasattr(cluster, "submit"):
        raise TypeError(
            f"cluster: must be a scheduler address or a distributed.Client, not "
            f"{type(cluster).__name__}"
        )
    if not (isinstance(progress, bool) or callable(progress)):
        shown = checks.shown(progress)
        raise TypeError(f"progress: must be True, False or a function, not {shown}")
    checks.whole(flush_rows, "flush_rows", 1)
    for name, v in (("flush_seconds", flush_seconds), ("connect_timeout", connect_timeout)):
        if isinstance(v, bool) or not is_number(v) or not math.isfinite(v) or v < 0:
            raise InputError(f"{name} {checks.shown(v)}: must be a number of seconds, at least 0")


# Keys naming the month something starts: at or after the run's end it never happens.
_STARTS = ("withdrawal.month", "crisis.month")


def range_warnings(parameters: dict[str, list], base: Scenario) -> list[str]:
    """Varied ranges that reach past the end of the run (one line each), for the sweep's log."""
    v = base.values
    if "run.months" in parameters:
        return []  # the run length varies with them: no single end to compare with
    n = v["run.months"]
    out = []
    for k, rng in parameters.items():
        p = DECLARATIONS[k]
        if not is_numeric(p):
            continue
        hi = rng[1]
        if (k.endswith(".start") or k in _STARTS) and hi >= n:
            out.append(
                f"{k} ranges up to {hi:g}, at or after the end of the run (run.months = {n}): "
                "at those points it never happens"
            )
        elif k == "ngo.months" and v["ngo.start"] + hi > n:
            out.append(
                f"ngo.months ranges up to {hi:g}, past the end of the run (run.months = {n}): "
                "at those points the NGO's staff are sized for months the run does not reach"
            )
    return out


def _flat(where: str, section: str, table: dict[str, Any]) -> dict[str, Any]:
    """A spec section flattened to dotted keys; errors name the section."""
    try:
        return flatten(table)
    except InputError as e:
        raise InputError(f"{where}: [{section}] {e}") from None


def check_table(where: str, points: list[dict], parameters: dict[str, list]) -> list[dict]:
    """The points of a 'table' design: every varied key given, each within its range."""
    out = []
    for i, pt in enumerate(points):
        flat = _flat(where, f"points[{i}]", pt)
        if set(flat) != set(parameters):
            missing = sorted(set(parameters) - set(flat)) or sorted(set(flat) - set(parameters))
            raise InputError(
                f"{where}: point {i} must give exactly the [parameters] keys; "
                f"differs at {', '.join(missing[:3])}"
            )
        row = {}
        for k, v in flat.items():
            p = DECLARATIONS[k]
            try:
                row[k] = coerce(p, v)
            except InputError as e:
                raise InputError(f"{where}: point {i}: {e}") from None
            lo, hi = parameters[k]
            if not lo <= row[k] <= hi:
                raise InputError(
                    f"{where}: point {i}: {k} = {row[k]} is outside its range [{lo}, {hi}]"
                )
        out.append(row)
    return out


def check_at(where: str, output: str, months: int, varied: bool) -> None:
    """An output ``COLUMN@MONTH``: a series column's value at a month of the run."""
    col, _, month = output.partition("@")
    if col not in SERIES_COLUMNS[1:]:
        near = difflib.get_close_matches(col, SERIES_COLUMNS, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise InputError(f"{where}: output {output!r}: '{col}' is not a series column{hint}")
    if not month.isdigit():
        raise InputError(
            f"{where}: output {output!r}: the month after '@' must be a whole number >= 0"
        )
    if not varied and int(month) >= months:
        raise InputError(
            f"{where}: output {output!r}: month {int(month)} is after the run's last month "
            f"({months - 1}; run.months = {months})"
        )
