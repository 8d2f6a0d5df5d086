"""A calibration specification (``calibration/spec.toml``): reading and checking it.

Keys: ``name``, ``targets`` (the targets file, relative to the spec), ``out`` (the record folder,
relative to the spec), ``residents`` (every arm's community size), ``reps`` (paired seeds per
parameter set), ``seed`` (the first seed; also seeds the designs), ``[screening]``
(``trajectories``, ``levels``, ``keep``), ``[waves]`` (``count``, ``points``, ``cutoff``,
``discrepancy``, ``candidates``; optional ``seed_term``, ``"mean"`` or ``"run"``, how seed noise
enters the implausibility, see :mod:`.emulator`), ``[posterior]`` (``size``), ``[parameters]``
(candidate keys with ``[low, high]`` ranges) and the optional ``[confirm]`` (``sets``, ``reps``:
the best sets run again at new seeds after the last wave, :mod:`.calibrate_confirm`).
"""

from __future__ import annotations

import difflib
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yingzao.experiments.targets import Target, load_targets
from yingzao.model.defaults import DECLARATIONS, POLICIES
from yingzao.model.params import unknown_key_error

from yingzao.errors import InputError

_TOP = {
    "name",
    "targets",
    "out",
    "residents",
    "reps",
    "seed",
    "screening",
    "waves",
    "posterior",
    "parameters",
    "confirm",
}
_SECTIONS = {
    "screening": {"trajectories": (int, 2, 100), "levels": (int, 2, 20), "keep": (int, 1, 50)},
    "waves": {
        "count": (int, 1, 20),
        "points": (int, 4, 5000),
        "cutoff": (float, 0.5, 20.0),
        "discrepancy": (float, 0.0, 10.0),
        "candidates": (int, 1000, 10_000_000),
    },
    "posterior": {"size": (int, 1, 10_000)},
}
_CONFIRM = {"sets": (int, 1, 10_000), "reps": (int, 2, 1000)}
SEED_TERMS = ("mean", "run")


@dataclass
class CalibrationSpec:
    """A checked calibration spec (see the module docstring)."""

    name: str
    path: Path
    targets_path: Path
    out: Path
    residents: int
    reps: int
    seed: int
    screening: dict[str, int]
    waves: dict[str, float]
    posterior: dict[str, int]
    parameters: dict[str, tuple[float, float]]
    targets: list[Target] = field(default_factory=list)
    text: str = ""
    seed_term: str = "mean"  # [waves] seed_term
    confirm: dict[str, int] | None = None  # [confirm] sets, reps (None: no confirm stage)

    @property
    def calibrating(self) -> list[Target]:
        """The targets the calibration fits (role ``calibrate``)."""
        return [t for t in self.targets if t.role == "calibrate"]

    def fixed(self, scenario_values: dict[str, Any]) -> dict[str, Any]:
        """Overrides every arm gets: its size, and its policies' switches kept as they are.

        Setting a policy's key would otherwise switch the policy on in arms without it.
        """
        out: dict[str, Any] = {"community.residents": self.residents}
        for k in self.parameters:
            sec = k.split(".", 1)[0]
            if sec in POLICIES:
                out[f"{sec}.enabled"] = scenario_values[f"{sec}.enabled"]
        return out


def _number(where: str, key: str, v: Any, kind: type, lo: float, hi: float) -> float | int:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    if kind is int:
        ok = ok and float(v).is_integer()
    if not ok or not lo <= v <= hi:
        what = "a whole number" if kind is int else "a number"
        raise InputError(f"{where}: '{key}' must be {what} from {lo:g} to {hi:g}, got {v!r}")
    return kind(v)


def load_calibration_spec(path: str | Path) -> CalibrationSpec:
    """Read and check a calibration spec file (and the targets it names)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        doc = tomllib.loads(text)
    except OSError as e:
        raise InputError(f"calibration spec {path}: cannot be read ({e.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"calibration spec {path}: not valid TOML ({e})") from None
    where = path.name
    unknown = sorted(set(doc) - _TOP)
    if unknown:
        near = difflib.get_close_matches(unknown[0], sorted(_TOP), n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        raise InputError(f"{where}: unknown key '{unknown[0]}'{hint}")
    for k in ("targets", "parameters"):
        if k not in doc:
            raise InputError(f"{where}: '{k}' is missing")
    sections: dict[str, dict] = {}
    seed_term = "mean"
    for sec, allowed in _SECTIONS.items():
        table = doc.get(sec, {})
        if not isinstance(table, dict):
            raise InputError(f"{where}: '{sec}' must be a table like [{sec}]")
        if sec == "waves" and "seed_term" in table:
            table = dict(table)
            seed_term = table.pop("seed_term")
            if seed_term not in SEED_TERMS:
                raise InputError(
                    f'{where}: \'waves.seed_term\' must be "mean" or "run", got {seed_term!r}'
                )
        _same_keys(where, sec, table, allowed)
        sections[sec] = {k: _number(where, f"{sec}.{k}", table[k], *allowed[k]) for k in allowed}
    params = doc["parameters"]
    if not isinstance(params, dict) or not params:
        raise InputError(f"{where}: [parameters] must name at least one parameter")
    ranges: dict[str, tuple[float, float]] = {}
    for k, rng in params.items():
        p = DECLARATIONS.get(k)
        if p is None:
            raise InputError(f"{where}: [parameters] {unknown_key_error(k, list(DECLARATIONS))}")
        if p.kind is not float:
            raise InputError(f"{where}: [parameters] '{k}' is not a real-valued parameter")
        if (
            not isinstance(rng, list)
            or len(rng) != 2
            or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in rng)
            or not rng[0] < rng[1]
            or rng[0] < p.lo
            or rng[1] > p.hi
        ):
            raise InputError(
                f"{where}: [parameters] '{k}' needs [low, high] within {p.lo:g}-{p.hi:g}, "
                f"got {rng!r}"
            )
        ranges[k] = (float(rng[0]), float(rng[1]))
    if sections["screening"]["keep"] > len(ranges):
        raise InputError(f"{where}: [screening] keep is more than the {len(ranges)} parameters")
    confirm = _confirm(where, doc)
    name = doc.get("name", path.stem)
    if not isinstance(name, str) or not name:
        raise InputError(f"{where}: 'name' must be text")
    targets = load_targets(path.parent / str(doc["targets"]))
    if not any(t.role == "calibrate" for t in targets):
        raise InputError(f"{where}: the targets have none with role 'calibrate'")
    for t in targets:
        clash = [k for a in t.arms for k, _ in a.set if k in ranges]
        if clash:
            raise InputError(f"{where}: target '{t.id}' sets '{clash[0]}', a calibrated key")
    reps = int(_number(where, "reps", doc.get("reps", 2), int, 1, 1000))
    if seed_term == "run" and reps < 2:
        raise InputError(
            f"{where}: 'waves.seed_term' = \"run\" needs reps of at least 2 (the variance "
            f"between seeds), got reps = {reps}"
        )
    spec = CalibrationSpec(
        name=name,
        path=path,
        targets_path=path.parent / str(doc["targets"]),
        out=path.parent / str(doc.get("out", "record")),
        residents=int(_number(where, "residents", doc.get("residents", 2000), int, 100, 200_000)),
        reps=reps,
        seed=int(_number(where, "seed", doc.get("seed", 0), int, 0, 2**62)),
        screening=sections["screening"],
        waves=sections["waves"],
        posterior=sections["posterior"],
        parameters=ranges,
        targets=targets,
        text=text,
        seed_term=seed_term,
        confirm=confirm,
    )
    return spec


def _same_keys(where: str, sec: str, table: dict, allowed: dict, hint: str = "") -> None:
    """Refuse a section ``sec`` with a key it does not know or without one it needs."""
    extra = sorted(set(table) - set(allowed))
    if extra:
        raise InputError(f"{where}: [{sec}] unknown key '{extra[0]}'{hint}")
    missing = sorted(set(allowed) - set(table))
    if missing:
        raise InputError(f"{where}: [{sec}] '{missing[0]}' is missing")


def _confirm(where: str, doc: dict) -> dict[str, int] | None:
    if "confirm" not in doc:
        return None
    table = doc["confirm"]
    if not isinstance(table, dict):
        raise InputError(f"{where}: 'confirm' must be a table like [confirm]")
    _same_keys(where, "confirm", table, _CONFIRM, " (its keys: sets, reps)")
    return {k: int(_number(where, f"confirm.{k}", table[k], *_CONFIRM[k])) for k in _CONFIRM}
