"""Sweep specifications: reading a spec, checking it, and building its design.

A spec (a TOML file, or the same keys as a dict) names a base scenario, fixed overrides
(``[set]``), the varied parameters with their ranges (``[parameters]``), a design (full grid,
Latin hypercube, Sobol/Saltelli, Morris), replicates, the outputs to keep and an output folder;
``experiments/example-sweep.toml`` shows every key. Every mistake a spec can hold is found here,
before any run, and reported as one :class:`~yingzao.errors.InputError` naming the problem.
The checks of single parts (keys, numbers, ranges, the base scenario) are in
:mod:`yingzao.experiments.sweep_checks`; the fingerprint, the contents of ``sweep.json`` and
:func:`to_toml` (re-exported here) are in :mod:`yingzao.experiments.sweep_meta`.

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
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from yingzao.experiments.sweep_checks import (
    TOP_KEYS,
    _flat,
    check_at,
    check_range,
    check_table,
    nonempty_text,
    resolve_base,
    whole_number,
)
from yingzao.experiments.sweep_design import (
    MAX_POINTS,
    MAX_RUNS,
    build_design,
    expected_points,
    is_numeric,
)
from yingzao.experiments.sweep_meta import spec_fingerprint, sweep_info, to_toml
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.footprint import estimate_bytes
from yingzao.model.metrics import SERIES_COLUMNS, SUMMARY_EXTRA, SUMMARY_TEXT
from yingzao.model.params import coerce, unknown_key_error
from yingzao.scenarios import STRUCTURAL_KEYS, Scenario, check_street
from yingzao.scenarios.files import read_toml

from yingzao.checks import cut, seed_range, shown
from yingzao.errors import InputError

__all__ = [
    "DESIGNS",
    "SUMMARY_KEYS",
    "SweepSpec",
    "load_spec",
    "spec_from_dict",
]

DESIGNS = ("grid", "lhs", "sobol", "morris", "table")
# Every key of a run summary (model/metrics.py summary(); a street adds "communities"). Listed
# here so that outputs can be checked without running anything; tests/test_sweep.py guards that
# the list matches a real run.
SUMMARY_KEYS = (
    "residents",
    *SERIES_COLUMNS[1:],
    *(k for k in SUMMARY_EXTRA if k not in SUMMARY_TEXT),
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
        peak_bytes: The largest memory estimate of one run (set by :meth:`check_points`).

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
    table: list[dict[str, Any]] | None = field(repr=False, default=None)
    text: str = field(repr=False, default="")
    peak_bytes: int = field(repr=False, default=0)

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

    def check_points(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Resolve the scenario of every design point, so a bad one fails before any run.

        Only the varied keys that rules between keys can involve (policy timing, review weights,
        a street's sizes) make points differ in what can fail; a point is checked for each of
        their distinct combinations, which is one point for most designs. The largest memory
        estimate of a run is kept in :attr:`peak_bytes`.

        Args:
            progress: Called as ``progress(checked, total)`` about every second on a large
                design.

        Raises:
            InputError: a point breaks a consistency rule (e.g. a policy ending before it starts)
                or makes a street whose residents cannot be split into its communities.

        """
        keys = [k for k in self.parameters if k in STRUCTURAL_KEYS]
        cols = [col for k, col in self._used if k in keys]
        seen: set[tuple] = set()
        last = time.monotonic()
        self.peak_bytes = 0
        for p in range(self.n_points):
            combo = tuple(col[p] for col in cols)
            if combo in seen:
                continue
            seen.add(combo)
            ov = self.overrides_at(p)
            try:
                sc = self.base.with_overrides(ov, origin="sweep")
                check_street(sc)
            except InputError as e:
                shown = cut(", ".join(f"{k}={v}" for k, v in ov.items()), 200)
                raise InputError(f"design point {p} ({shown}): {e}") from None
            self.peak_bytes = max(self.peak_bytes, estimate_bytes(sc))
            if progress is not None and time.monotonic() - last >= 1.0:
                progress(p + 1, self.n_points)
                last = time.monotonic()

    @cached_property
    def spec_hash(self) -> str:
        """Fingerprint of everything that decides the results (not the name nor the folder).

        The base scenario enters by its resolved values and the keys set explicitly (a policy key
        set in a point turns the policy on only when its ``enabled`` key was not set), so moving a
        spec file or renaming a scenario keeps the hash while a changed scenario file does not.
        """
        return spec_fingerprint(self)

    def info(self) -> dict[str, Any]:
        """The content of ``sweep.json``."""
        return sweep_info(self)


# --- reading and checking a spec --------------------------------------------------------------


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
    if not isinstance(doc, dict):
        raise TypeError(f"doc: a sweep spec must be a dict of its keys, not {type(doc).__name__}")
    unknown = [k for k in doc if k not in TOP_KEYS]
    if unknown:
        near = difflib.get_close_matches(unknown[0], TOP_KEYS, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise InputError(
            f"{where}: unknown key '{unknown[0]}'{hint}; allowed keys: {', '.join(TOP_KEYS)}"
        )
    for k in ("scenario", "design", "parameters"):
        if k not in doc:
            raise InputError(f"{where}: '{k}' is missing")
    design = doc["design"]
    if design not in DESIGNS:
        raise InputError(
            f"{where}: unknown design {design!r}; allowed designs: {', '.join(DESIGNS)}"
        )
    if design == "table":
        table = doc.get("points")
        if not isinstance(table, list) or not table or not all(isinstance(t, dict) for t in table):
            raise InputError(
                f"{where}: design 'table' needs 'points', a non-empty list of tables like "
                "{key = value, ...} (one per design point)"
            )
        doc = {**doc, "samples": len(table)}
    elif "points" in doc:
        raise InputError(f"{where}: 'points' applies to design 'table' only; remove it")
    elif "samples" not in doc:
        raise InputError(f"{where}: 'samples' is missing")
    name = nonempty_text(where, "name", doc.get("name", default_name))
    if "out" not in doc and (Path(name).name != name or name in (".", "..")):
        # the default folder is results/NAME: a name with path parts would put it elsewhere
        raise InputError(
            f"{where}: name {shown(name)} is not a plain name (it names the results folder "
            "results/NAME); give a name without '/' or '..', or say where with out = \"...\""
        )
    ref = nonempty_text(where, "scenario", doc["scenario"])
    samples = whole_number(where, "samples", doc["samples"], 1)
    reps = whole_number(where, "reps", doc.get("reps", 1), 1)
    seed = whole_number(where, "seed", doc.get("seed", 0), 0)
    if design == "sobol" and samples & (samples - 1):
        raise InputError(
            f"{where}: 'samples' for design 'sobol' must be a power of 2 (Saltelli), "
            f"got {samples}; e.g. {1 << samples.bit_length() - 1} or {1 << samples.bit_length()}"
        )
    levels = None
    if "levels" in doc and design != "morris":
        raise InputError(f"{where}: 'levels' applies to design 'morris' only; remove it")
    if design == "morris":
        levels = whole_number(where, "levels", doc.get("levels", 4), 2)
        if levels % 2:
            raise InputError(f"{where}: 'levels' must be even for Morris (SALib), got {levels}")
    out = nonempty_text(where, "out", doc.get("out", f"results/{name}"))
    series = doc.get("series", False)
    if not isinstance(series, bool):
        raise InputError(f"{where}: 'series' must be true or false, got {series!r}")
    for k in ("set", "parameters"):
        if not isinstance(doc.get(k, {}), dict):
            raise InputError(f"{where}: '{k}' must be a table like [{k}]")
    fixed = _flat(where, "set", doc.get("set", {}))
    for k, v in fixed.items():
        p = DECLARATIONS.get(k)
        if p is None:
            raise InputError(f"{where}: [set] {unknown_key_error(k, list(DECLARATIONS))}")
        try:
            fixed[k] = coerce(p, v)
        except InputError as e:
            raise InputError(f"{where}: [set] {e}") from None
    raw = _flat(where, "parameters", doc["parameters"])
    if not raw:
        raise InputError(f"{where}: [parameters] is empty; name at least one parameter to vary")
    parameters = {k: check_range(where, k, v, design) for k, v in raw.items()}
    both = [k for k in parameters if k in fixed]
    if both:
        raise InputError(f"{where}: '{both[0]}' is both in [set] and [parameters]; keep one")
    if design != "grid" and not any(is_numeric(DECLARATIONS[k]) for k in parameters):
        raise InputError(f"{where}: design '{design}' needs at least one numeric parameter")
    table = check_table(where, doc["points"], parameters) if design == "table" else None
    base = resolve_base(where, ref, fixed, Path(base_dir))
    street = base.values["street.communities"] > 1 or "street.communities" in parameters
    allowed = SUMMARY_KEYS if street else SUMMARY_KEYS[:-1]
    outputs = doc.get("outputs", list(allowed))
    if not isinstance(outputs, list) or not outputs:
        raise InputError(f"{where}: 'outputs' must be a non-empty list of summary keys")
    for o in outputs:
        if isinstance(o, str) and "@" in o:
            check_at(where, o, base.values["run.months"], "run.months" in parameters)
            continue
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
    if n * reps > MAX_RUNS:
        raise InputError(
            f"{where}: {n:,} points x {reps:,} replicates = {n * reps:,} runs, more than the "
            f"limit of {MAX_RUNS:,}; use fewer samples or replicates, or split the study into "
            "several sweeps"
        )
    try:
        seed_range(seed, reps, "'seed'")
    except InputError as e:
        raise InputError(f"{where}: {e}") from None
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
        table=table,
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
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path: a sweep spec file must be a path, not {type(path).__name__}")
    path = Path(path)
    text, doc = read_toml(path, "sweep spec")
    spec = spec_from_dict(doc, path.parent, where=path.name, text=text, default_name=path.stem)
    if out is not None:
        spec.out = str(out)
    return spec
