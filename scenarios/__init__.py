"""Named scenarios: TOML files that may extend one another, and their loader.

A scenario file has a ``description``, optionally ``extends = "other"``, and tables named after
parameter sections (``[community]``, ``[ngo]``, ...). A policy table turns that policy on. Values
are resolved in this order, later winning: declared defaults, the community profile, the parent
chain, the file itself, then ``--set`` overrides. Each value remembers where it came from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from yingzao.model.defaults import DECLARATIONS, POLICIES
from yingzao.model.mech_defaults import CITY_SWITCHES
from yingzao.model.params import coerce, unknown_key_error
from yingzao.model.profiles import PROFILE_VALUES
from yingzao.scenarios.files import read_toml

from yingzao.checks import cut, mapping, scenario_ref, shown
from yingzao.errors import InputError

_META = {"description", "extends", "name"}


@dataclass
class Scenario:
    """A fully resolved scenario.

    Attributes:
        name: Scenario name (file stem for files).
        description: One line saying what it represents.
        values: Every declared key with its value.
        origins: For each key, where its value came from.
        explicit: The keys set by files and overrides, as ``{key: (value, origin)}``.

    """

    name: str
    description: str
    values: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)
    explicit: dict[str, tuple[Any, str]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def policies(self) -> list[str]:
        """Names of the policies that are on."""
        return [p for p in POLICIES if self.values[f"{p}.enabled"]]

    def with_overrides(self, overrides: dict[str, Any], origin: str = "--set") -> Scenario:
        """A copy with ``overrides`` applied (validated); setting a policy key turns it on."""
        overrides = mapping(overrides, "overrides")
        explicit = dict(self.explicit)
        explicit.update({k: (v, origin) for k, v in overrides.items()})
        return resolve(self.name, self.description, explicit)


def resolve(name: str, description: str, explicit: dict[str, tuple[Any, str]]) -> Scenario:
    """Resolve explicit settings ``{key: (value, origin)}`` over the profile and the defaults."""
    values = {k: p.default for k, p in DECLARATIONS.items()}
    origins = dict.fromkeys(values, "default")
    if "community.profile" in explicit:
        values["community.profile"] = coerce(
            DECLARATIONS["community.profile"], explicit["community.profile"][0]
        )
    prof = values["community.profile"]
    for key, v in PROFILE_VALUES[prof].items():
        values[key] = v
        origins[key] = f"profile {prof}"
    for key, (raw, origin) in explicit.items():
        p = DECLARATIONS.get(key)
        if p is None:
            raise unknown_key_error(key, list(DECLARATIONS))
        values[key] = coerce(p, raw)
        origins[key] = origin
        sec = p.section
        if sec in POLICIES and not key.endswith(".enabled") and f"{sec}.enabled" not in explicit:
            values[f"{sec}.enabled"] = True
            origins[f"{sec}.enabled"] = origin
    _check_consistency(values)
    return Scenario(name, description, values, origins, dict(explicit))


def check_value(key: str, value: Any, where: str) -> Any:
    """One value of a file checked against its declaration; messages start with ``where``."""
    p = DECLARATIONS.get(key)
    try:
        if p is None:
            raise unknown_key_error(key, list(DECLARATIONS))
        if isinstance(value, str) and p.kind is not str:
            # text is how the command line gives values; a file gives them typed
            raise InputError(
                f"{key}: {shown(value)} is text in quotes; write the value without quotes "
                f"({p.allowed()})"
            )
        return coerce(p, value)
    except InputError as e:
        raise InputError(f"{where}: {e}") from None


def builtin_dir() -> Path:
    """Folder holding the built-in scenario files."""
    return Path(str(resources.files("yingzao.scenarios")))


def builtin_paths() -> dict[str, Path]:
    """Built-in scenarios by name: the field cases, then the example variants in examples/."""
    root = builtin_dir()
    paths = {p.stem: p for p in sorted(root.glob("*.toml"))}
    for p in sorted((root / "examples").glob("*.toml")):
        paths.setdefault(p.stem, p)
    return paths


def builtin_names() -> list[str]:
    """Names of the built-in scenarios (field cases and example variants), sorted."""
    return sorted(builtin_paths())


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, "scenario file")[1]


def _flatten(doc: dict[str, Any], where: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for sec, table in doc.items():
        if sec in _META:
            continue
        if not isinstance(table, dict):
            raise InputError(
                f"{where}: {shown(sec)} must be a table like [{cut(sec)}] or one of "
                f"{', '.join(sorted(_META))}"
            )
        if not table and sec in POLICIES:
            flat[f"{sec}.enabled"] = True
        for k, v in table.items():
            if isinstance(v, dict):
                raise InputError(
                    f"{where}: [{cut(f'{sec}.{k}')}] is nested too deep; use SECTION.KEY = value"
                )
            flat[f"{sec}.{k}"] = v
    return flat


def _locate(ref: str, base: Path | None) -> Path:
    """Find a scenario by name (built-in) or by path (relative to the file that names it)."""
    if not isinstance(ref, str):
        raise TypeError(f"a scenario must be a name or a path, not {type(ref).__name__}")
    if ref.endswith(".toml") or "/" in ref or "\\" in ref or os.sep in ref:
        p = Path(ref)
        try:
            if not p.is_absolute() and base is not None and not p.exists():
                p = base / p
            if not p.exists():
                raise InputError(f"scenario file {shown(ref)} does not exist")
        except OSError as e:  # a name too long for the file system, say
            raise InputError(f"scenario file {shown(ref)}: {e.strerror or e}") from None
        return p
    p = builtin_paths().get(ref)
    if p is None:
        from yingzao.model.city_spec import describe_cities  # here: it imports this module

        cities = [name for name, _ in describe_cities()]
        if ref in cities:
            raise InputError(
                f"scenario {shown(ref)} is a city; only `yingzao run` and `compare` take it"
            )
        raise InputError(
            f"unknown scenario {shown(ref)}; built-in scenarios: {', '.join(builtin_names())} "
            f"(or give a path to a .toml file); cities, for `yingzao run` and `compare`: "
            f"{', '.join(cities)}"
        )
    return p


# Scenarios extend a few levels deep (a variant of a case of a profile); far more is a mistake.
MAX_EXTENDS = 32


def _chain(ref: str, base: Path | None) -> list[tuple[Path, dict]]:
    """The files of a scenario, the farthest parent first (a loop, not recursion)."""
    chain: list[tuple[Path, dict]] = []
    seen: list[Path] = []
    while True:
        path = _locate(ref, base).resolve()
        if path in seen:
            loop = " -> ".join(map(str, [*seen, path]))
            raise InputError(f"scenario {shown(ref)} extends itself through {cut(loop, 300)}")
        if len(seen) >= MAX_EXTENDS:
            raise InputError(
                f"scenario file {cut(str(seen[0]))}: extends more than {MAX_EXTENDS} files in a "
                "chain; a scenario extends a few at most"
            )
        doc = _read(path)
        if not doc:
            raise InputError(
                f"scenario file {path} is empty: a scenario sets at least one value or extends "
                'another scenario (extends = "baseline")'
            )
        for k in ("description", "extends", "name"):
            if k in doc and not isinstance(doc[k], str):
                raise InputError(f"scenario file {path}: '{k}' must be text, got {shown(doc[k])}")
        chain.append((path, doc))
        seen.append(path)
        ref, base = doc.get("extends"), path.parent
        if ref is not None and not ref.strip():
            raise InputError(
                f"scenario file {path}: 'extends' is empty; name the scenario it extends, or "
                "leave the line out"
            )
        if not ref:
            return chain[::-1]


def load(ref: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """Resolve a scenario by built-in name or file path, then apply overrides.

    Args:
        ref: A built-in name (``yingzao scenarios``) or a path to a ``.toml`` file (``str`` or
            ``os.PathLike``).
        overrides: ``{key: value}``; values may be text (as from the command line).

    Returns:
        The resolved scenario.

    Raises:
        InputError: unknown name, unreadable or malformed file, bad key or value.

    """
    overrides = mapping(overrides, "overrides")
    if isinstance(ref, os.PathLike):  # a Path, as compare() and simulate() accept
        ref = os.fspath(ref)
    chain = _chain(ref, Path.cwd())
    explicit: dict[str, tuple[Any, str]] = {}
    for path, doc in chain:
        for key, v in _flatten(doc, str(path)).items():
            # checked here, file by file: a bad value must fail even where a later file or
            # --set replaces it (it is a mistake in that file all the same)
            check_value(key, v, f"scenario file {path}")
            explicit[key] = (v, f"scenario {path.stem}")
    for key, v in overrides.items():
        explicit[key] = (v, "--set")
    name_path, last = chain[-1]
    return resolve(
        str(last.get("name", name_path.stem)), str(last.get("description", "")).strip(), explicit
    )


def as_scenario(scenario: Scenario | str, overrides: dict[str, Any] | None = None) -> Scenario:
    """A resolved scenario from a name, a path or a Scenario, with ``overrides`` applied."""
    scenario = scenario_ref(scenario)  # None or a number: a TypeError naming the argument
    if isinstance(scenario, str):
        return load(scenario, overrides)
    return scenario.with_overrides(overrides) if overrides else scenario


_TIMED = ("grants", "procurement", "training", "committee_training", "fund")
# Keys whose values decide whether a resolved scenario can fail a rule between keys (here and in
# check_street) or change a run's memory: a sweep checks one point per combination of these.
STRUCTURAL_KEYS = frozenset(
    {f"{pol}.{k}" for pol in _TIMED for k in ("enabled", "start", "end")}
    | {"grants.w_benefit", "grants.w_feasibility", "grants.w_sustainability"}
    | {"community.residents", "community.profile"}
    | {"network.local_degree", "network.cross_degree"}
    | {k for k in DECLARATIONS if k.startswith("street.")}
)


def check_street(sc: Scenario) -> None:
    """Check that a street's residents can be split into its communities (before any run).

    Raises:
        InputError: too few or too many residents for that many communities.

    """
    from yingzao.model.street import MIN_RESIDENTS

    v = sc.values
    n = v["street.communities"]
    if n <= 1:
        return
    total = v["street.residents"] or n * v["community.residents"]
    hi = int(DECLARATIONS["community.residents"].hi)
    if not n * MIN_RESIDENTS <= total <= n * hi:
        raise InputError(
            f"street.residents: {total:,} residents cannot make {n} communities of "
            f"{MIN_RESIDENTS:,}-{hi:,} residents each; allowed: {n * MIN_RESIDENTS:,} to "
            f"{n * hi:,}"
        )


def _check_consistency(v: dict[str, Any]) -> None:
    for pol in _TIMED:
        if v[f"{pol}.enabled"] and v[f"{pol}.end"] < v[f"{pol}.start"]:
            raise InputError(
                f"{pol}.end ({v[f'{pol}.end']}) is before {pol}.start ({v[f'{pol}.start']})"
            )
    w = v["grants.w_benefit"] + v["grants.w_feasibility"] + v["grants.w_sustainability"]
    if v["grants.enabled"] and w <= 0:
        raise InputError("grants review weights are all 0; at least one must be positive")


def run_warnings(sc: Scenario) -> list[str]:
    """Settings that the run's length contradicts, one line each (naming key and run length).

    A policy that starts, a withdrawal or a crisis that comes at or after the last month never
    happens in the run; an NGO contract that ends after it is simulated only in part (its staff
    are sized for the whole contract, so the run sees a smaller NGO than the budget suggests).
    """
    v = sc.values
    n = v["run.months"]
    out = []
    end = f"the run has months 0 to {n - 1} (run.months = {n})"
    for pol in DECLARED_STARTS:
        if v[f"{pol}.enabled"] and v[f"{pol}.start"] >= n:
            out.append(f"{pol}.start = {v[f'{pol}.start']}: {end}, so {pol} never starts")
    if v["ngo.enabled"] and v["ngo.start"] < n < v["ngo.start"] + v["ngo.months"]:
        run = n - v["ngo.start"]
        out.append(
            f"ngo.months = {v['ngo.months']}: the contract runs past the end of the run "
            f"(run.months = {n}); its staff are sized for all {v['ngo.months']} months, so only "
            f"{run} of them ({100 * run / v['ngo.months']:.0f}% of the budget) are simulated"
        )
    if v["withdrawal.enabled"] and v["withdrawal.month"] >= n:
        out.append(f"withdrawal.month = {v['withdrawal.month']}: {end}, so no withdrawal happens")
    if v["crisis.enabled"] and v["crisis.month"] >= n:
        out.append(f"crisis.month = {v['crisis.month']}: {end}, so no crisis happens")
    city = [k for k in sc.explicit if k.split(".")[0].startswith("city") or k in _CITY_MECH]
    if city:
        out.append(
            f"{_keys(city)}: city settings, and {cut(sc.name)} is not a city, so they have no "
            "effect (a city is a scenario file that extends a city: yingzao scenarios lists them)"
        )
    street = [k for k in sc.explicit if k.startswith("street.") and k != "street.communities"]
    if street and v["street.communities"] == 1:
        out.append(
            f"{_keys(street)}: street settings, and street.communities = 1 (a single community), "
            "so they have no effect"
        )
    return out


_CITY_MECH = frozenset(f"mech.{k}" for k in CITY_SWITCHES)


def _keys(keys: list[str]) -> str:
    keys = sorted(keys)
    return ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")


# Policies with a start month (the others are timed by their own keys above).
DECLARED_STARTS = tuple(p for p in POLICIES if f"{p}.start" in DECLARATIONS)


def describe_all() -> list[tuple[str, str]]:
    """``(name, description)`` of every built-in scenario; example variants are marked."""
    out = []
    for name, path in builtin_paths().items():
        doc = _read(path)
        desc = str(doc.get("description", "")).strip().splitlines()[0]
        out.append((name, desc))
    return out
