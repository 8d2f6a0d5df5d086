"""Sweep specifications: reading a spec, checking it, and building its design.

A spec (a TOML file, or the same keys as a dict) names a base scenario, fixed overrides
(``[set]``), the varied parameters with their ranges (``[parameters]``), a design (full grid,
Latin hypercube, Sobol/Saltelli, Morris), replicates, the outputs to keep and an output folder;
``experiments/example-sweep.toml`` shows every key. Every mistake a spec can hold is found here,
before any run, and reported as one :class:`~yingzao.errors.InputError` naming the problem.

Design point ``p`` is row ``p`` of the sampler's matrix (SALib's row order is kept: its analysis
functions rely on it). Integer parameters are sampled on their continuous range and rounded
half-up when the overrides are built; the design keeps both the sampled and the used value.

Example:
    >>> spec = spec_from_dict({"scenario": "baseline", "design": "lhs", "samples": 3,
    ...                        "parameters": {"ngo.months": [12, 60]}})
    >>> spec.n_points, spec.n_runs, list(spec.points.columns)
    (3, 3, ['point', 'ngo.months', 'ngo.months__used'])

"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from yingzao.experiments.sweep_design import MAX_POINTS, build_design, expected_points, is_numeric
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.model.params import coerce, unknown_key_error
from yingzao.scenarios import Scenario, load

from yingzao.errors import InputError

__all__ = [
    "DESIGNS",
    "SUMMARY_KEYS",
    "SweepSpec",
    "load_spec",
    "spec_from_dict",
]

DESIGNS = ("grid", "lhs", "sobol", "morris")
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
)
# Every key of a run summary (model/metrics.py summary(); a street adds "communities"). Listed
# here so that outputs can be checked without running anything; tests/test_sweep.py guards that
# the list matches a real run.
SUMMARY_KEYS = (
    "residents",
    *SERIES_COLUMNS[1:],
    "max_functional_group_size_ever",
    "coached_groups",
    "coached_growth",
    "withdrawal_month",
    "functional_at_withdrawal",
    "functional_alive_12m_after",
    "functional_alive_24m_after",
    "crisis_volunteers_first_month",
    "communities",
)


def _plain(v: Any) -> Any:
    """A numpy scalar as the Python value that :func:`coerce` accepts."""
    return v.item() if isinstance(v, np.generic) else v


@dataclass
class SweepSpec:
    """A checked sweep specification (build it with :func:`load_spec` or :func:`spec_from_dict`).

    Attributes:
        name: Sweep name (default: the spec file's stem).
        scenario: The base scenario as given (built-in name or path).
        design: One of :data:`DESIGNS`.
        samples: Grid: levels per numeric parameter; lhs: points; sobol: Saltelli base N;
            morris: trajectories.
        levels: Morris grid levels (``None`` for the other designs).
        reps: Replicates per design point; replicate ``r`` uses seed ``seed + r`` at every point.
        seed: First seed; also seeds the design's sampler.
        out: Output folder (relative to the current directory).
        series: Also keep the monthly series.
        outputs: Summary keys kept per run.
        set: Fixed overrides for every run, ``{key: value}`` (checked values).
        parameters: Varied parameters: ``[low, high]`` (numbers) or a list of values.
        base: The resolved base scenario with ``set`` applied.
        text: The spec as TOML text (the file as given, or written from the dict).

    """

    name: str
    scenario: str
    design: str
    samples: int
    levels: int | None
    reps: int
    seed: int
    out: str
    series: bool
    outputs: tuple[str, ...]
    set: dict[str, Any]
    parameters: dict[str, list]
    base: Scenario = field(repr=False)
    text: str = field(repr=False, default="")

    @property
    def numeric(self) -> list[str]:
        """The varied parameters that are numbers (int or float), in spec order."""
        return [k for k in self.parameters if is_numeric(DECLARATIONS[k])]

    @property
    def problem(self) -> dict[str, Any]:
        """The SALib problem of the numeric varied parameters, in spec order."""
        names = self.numeric
        return {
            "num_vars": len(names),
            "names": names,
            "bounds": [[float(x) for x in self.parameters[k]] for k in names],
        }

    @cached_property
    def points(self) -> pd.DataFrame:
        """The design: one row per point, ``point``, sampled values and ``<key>__used``."""
        return build_design(self)

    @property
    def n_points(self) -> int:
        """Number of design points."""
        return len(self.points)

    @property
    def n_runs(self) -> int:
        """Number of runs: design points times replicates."""
        return self.n_points * self.reps

    @cached_property
    def _used(self) -> list[tuple[str, list]]:
        # plain Python values, so that building a point's overrides costs nothing
        return [(k, self.points[f"{k}__used"].map(_plain).tolist()) for k in self.parameters]

    def overrides_at(self, point: int) -> dict[str, Any]:
        """The varied parameters' used values at design point ``point``."""
        return {k: col[point] for k, col in self._used}

    def check_points(self) -> None:
        """Resolve the scenario of every design point, so a bad one fails before any run.

        Raises:
            InputError: a point breaks a consistency rule (e.g. a policy ending before it starts).

        """
        for p in range(self.n_points):
            ov = self.overrides_at(p)
            try:
                self.base.with_overrides(ov, origin="sweep")
            except InputError as e:
                shown = ", ".join(f"{k}={v}" for k, v in ov.items())
                raise InputError(f"design point {p} ({shown}): {e}") from None

    @cached_property
    def spec_hash(self) -> str:
        """Fingerprint of everything that decides the results (not the name nor the folder).

        The base scenario enters by its resolved values and the keys set explicitly (a policy key
        set in a point turns the policy on only when its ``enabled`` key was not set), so moving a
        spec file or renaming a scenario keeps the hash while a changed scenario file does not.
        """
        doc = {
            "values": self.base.values,
            "explicit": sorted(self.base.explicit),
            "design": self.design,
            "samples": self.samples,
            "levels": self.levels,
            "reps": self.reps,
            "seed": self.seed,
            "outputs": list(self.outputs),
            "series": self.series,
            "parameters": self.parameters,
            "set": self.set,
        }
        text = json.dumps(doc, sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def info(self) -> dict[str, Any]:
        """The content of ``sweep.json``."""
        return {
            "name": self.name,
            "scenario": self.scenario,
            "design": self.design,
            "samples": self.samples,
            "levels": self.levels,
            "reps": self.reps,
            "seed": self.seed,
            "outputs": list(self.outputs),
            "series": self.series,
            "parameters": self.parameters,
            "set": self.set,
            "problem": self.problem,
            "calc_second_order": False,
            "n_points": self.n_points,
            "n_runs": self.n_runs,
            "spec_hash": self.spec_hash,
        }


# --- reading and checking a spec --------------------------------------------------------------


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"ngo": {"months": x}}`` (unquoted dotted keys in TOML) as ``{"ngo.months": x}``."""
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _whole(where: str, key: str, v: Any, least: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{where}: '{key}' must be a whole number, got {v!r}")
    if v < least:
        raise InputError(f"{where}: '{key}' must be at least {least}, got {v}")
    return v


def _text(where: str, key: str, v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise InputError(f"{where}: '{key}' must be non-empty text, got {v!r}")
    return v


def _check_range(where: str, key: str, rng: Any, design: str) -> list:
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
    if not isinstance(rng, list) or len(rng) != 2 or not all(_is_number(x) for x in rng):
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


def _resolve_base(where: str, ref: str, fixed: dict[str, Any], base_dir: Path) -> Scenario:
    # a scenario path is relative to the spec file, so a spec and its scenario travel together
    if ref.endswith(".toml") or "/" in ref or "\\" in ref:
        p = Path(ref)
        ref = str(p if p.is_absolute() else base_dir / p)
    try:
        return load(ref, fixed)
    except InputError as e:
        raise InputError(f"{where}: {e}") from None


def spec_from_dict(
    doc: dict[str, Any],
    base_dir: str | Path = ".",
    where: str = "sweep spec",
    text: str | None = None,
    default_name: str = "sweep",
) -> SweepSpec:
    """Check a spec given as a dict (the keys of a spec file) and return it.

    Args:
        doc: The spec's keys (see the module docstring and ``experiments/example-sweep.toml``).
        base_dir: Folder that a scenario path is relative to.
        where: How messages name the spec (a file name).
        text: The spec's TOML text, kept for ``spec.toml`` (default: written from ``doc``).
        default_name: Name when ``doc`` has none.

    Returns:
        The checked specification.

    Raises:
        InputError: the first problem found, in one line naming it.

    """
    unknown = [k for k in doc if k not in TOP_KEYS]
    if unknown:
        near = difflib.get_close_matches(unknown[0], TOP_KEYS, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise InputError(
            f"{where}: unknown key '{unknown[0]}'{hint}; allowed keys: {', '.join(TOP_KEYS)}"
        )
    for k in ("scenario", "design", "samples", "parameters"):
        if k not in doc:
            raise InputError(f"{where}: '{k}' is missing")
    design = doc["design"]
    if design not in DESIGNS:
        raise InputError(
            f"{where}: unknown design {design!r}; allowed designs: {', '.join(DESIGNS)}"
        )
    name = _text(where, "name", doc.get("name", default_name))
    ref = _text(where, "scenario", doc["scenario"])
    samples = _whole(where, "samples", doc["samples"], 1)
    reps = _whole(where, "reps", doc.get("reps", 1), 1)
    seed = _whole(where, "seed", doc.get("seed", 0), 0)
    if design == "sobol" and samples & (samples - 1):
        raise InputError(
            f"{where}: 'samples' for design 'sobol' must be a power of 2 (Saltelli), "
            f"got {samples}; e.g. {1 << samples.bit_length() - 1} or {1 << samples.bit_length()}"
        )
    levels = None
    if "levels" in doc and design != "morris":
        raise InputError(f"{where}: 'levels' applies to design 'morris' only; remove it")
    if design == "morris":
        levels = _whole(where, "levels", doc.get("levels", 4), 2)
        if levels % 2:
            raise InputError(f"{where}: 'levels' must be even for Morris (SALib), got {levels}")
    out = _text(where, "out", doc.get("out", f"results/{name}"))
    series = doc.get("series", False)
    if not isinstance(series, bool):
        raise InputError(f"{where}: 'series' must be true or false, got {series!r}")
    for k in ("set", "parameters"):
        if not isinstance(doc.get(k, {}), dict):
            raise InputError(f"{where}: '{k}' must be a table like [{k}]")
    fixed = _flatten(doc.get("set", {}))
    for k, v in fixed.items():
        p = DECLARATIONS.get(k)
        if p is None:
            raise InputError(f"{where}: [set] {unknown_key_error(k, list(DECLARATIONS))}")
        try:
            fixed[k] = coerce(p, v)
        except InputError as e:
            raise InputError(f"{where}: [set] {e}") from None
    raw = _flatten(doc["parameters"])
    if not raw:
        raise InputError(f"{where}: [parameters] is empty; name at least one parameter to vary")
    parameters = {k: _check_range(where, k, v, design) for k, v in raw.items()}
    both = [k for k in parameters if k in fixed]
    if both:
        raise InputError(f"{where}: '{both[0]}' is both in [set] and [parameters]; keep one")
    if design != "grid" and not any(is_numeric(DECLARATIONS[k]) for k in parameters):
        raise InputError(f"{where}: design '{design}' needs at least one numeric parameter")
    base = _resolve_base(where, ref, fixed, Path(base_dir))
    street = base.values["street.communities"] > 1 or "street.communities" in parameters
    allowed = SUMMARY_KEYS if street else SUMMARY_KEYS[:-1]
    outputs = doc.get("outputs", list(allowed))
    if not isinstance(outputs, list) or not outputs:
        raise InputError(f"{where}: 'outputs' must be a non-empty list of summary keys")
    for o in outputs:
        if o not in SUMMARY_KEYS:
            near = difflib.get_close_matches(str(o), SUMMARY_KEYS, n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            raise InputError(
                f"{where}: unknown output {o!r}{hint}; allowed: {', '.join(SUMMARY_KEYS)}"
            )
    if len(set(outputs)) < len(outputs):
        raise InputError(f"{where}: 'outputs' lists a key twice")
    n = expected_points(design, samples, parameters)
    if n > MAX_POINTS:
        raise InputError(
            f"{where}: the design would have {n:,} points, more than {MAX_POINTS:,}; "
            "use fewer samples or parameters"
        )
    spec = SweepSpec(
        name=name,
        scenario=ref,
        design=design,
        samples=samples,
        levels=levels,
        reps=reps,
        seed=seed,
        out=out,
        series=series,
        outputs=tuple(outputs),
        set=fixed,
        parameters=parameters,
        base=base,
    )
    spec.text = text if text is not None else to_toml(doc)
    return spec


def load_spec(path: str | Path, out: str | Path | None = None) -> SweepSpec:
    """Read and check a spec file.

    Args:
        path: The ``.toml`` spec; a scenario path in it is relative to the spec's folder.
        out: Output folder replacing the spec's ``out`` (the ``--out`` option).

    Returns:
        The checked specification.

    Raises:
        InputError: unreadable or malformed file, or any problem of the spec.

    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"sweep spec {path}: cannot be read ({e.strerror or e})") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"sweep spec {path}: not valid TOML ({e})") from None
    spec = spec_from_dict(doc, path.parent, where=path.name, text=text, default_name=path.stem)
    if out is not None:
        spec.out = str(out)
    return spec


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise InputError(f"sweep spec: cannot write {v!r} as TOML")


def to_toml(doc: dict[str, Any]) -> str:
    """A spec dict as TOML text (for ``spec.toml`` when the spec did not come from a file)."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines += ["", f"[{k}]"]
            lines += [f"{json.dumps(kk)} = {_toml_value(vv)}" for kk, vv in _flatten(v).items()]
    return "\n".join(lines) + "\n"
