"""City scenarios: finding them, loading them, and checking them before anything runs.

A city scenario is an ordinary scenario file whose ``[city]`` table gives ``city.communities``
above 0; its ``city_*`` tables are city-level policies (a table turns its policy on, as a
community policy table does); every other table (``[community]``, ``[grants]``, ``[mech]``, ...)
applies to every community. The built-in cities live in ``scenarios/cities/`` (apart from the
community cases, so that tools listing communities do not list them) and are found by name;
any other city is a path. A city file may extend a community scenario (``extends = "chengdu"``),
another city by name or by path.

:func:`check_city` refuses, in one line each, what cannot run: an impossible structure, a
synchronization period that does not fit the yearly cycle, a policy that starts between
synchronization points, more demonstration communities per district or communities per NGO
contract than the city's plan has, a support scenario that does not load or is a city or a
street. A city file extending a city by name gets the community loader's checks of the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from yingzao.model.city_defaults import CITY_POLICIES
from yingzao.model.city_plan import check_structure, plan_counts
from yingzao.model.defaults import POLICIES
from yingzao.scenarios import _META, Scenario, _flatten, builtin_dir, check_value, load
from yingzao.scenarios.files import read_toml

from yingzao.checks import shown
from yingzao.errors import InputError

__all__ = [
    "city_names",
    "check_city",
    "is_city",
    "load_any",
    "load_city",
    "support_overrides",
]

# community policies with a start and an end; the NGO has a start and a length
_TIMED = ("grants", "procurement", "training", "committee_training", "fund")
_LAST_MONTH = 600  # the largest month any policy key allows


def _cities_dir() -> Path:
    return builtin_dir() / "cities"


def city_names() -> dict[str, Path]:
    """Built-in city scenarios (and their support packages) by name."""
    return {p.stem: p for p in sorted(_cities_dir().glob("*.toml"))}


def describe_cities() -> list[tuple[str, str]]:
    """``(name, first line of the description)`` of every built-in city (not support packages)."""
    out = []
    for name, path in city_names().items():
        _, doc = read_toml(path, "city scenario")
        if is_city(load_city(name)):
            out.append((name, str(doc.get("description", "")).strip().splitlines()[0]))
    return out


def not_a_city(name: str, what: str) -> None:
    """Refuse a built-in city where only a community (or a street) can go, saying why."""
    if name in city_names() and is_city(load_city(name)):
        raise InputError(f"scenario {name!r} is a city; {what} (run a city with `yingzao run`)")


def is_city(sc: Scenario) -> bool:
    """Whether a resolved scenario is a city."""
    return sc.values["city.communities"] > 0


def _path_of(ref: str | os.PathLike) -> Path | None:
    """The file of a built-in city name, or None (an ordinary scenario reference)."""
    if isinstance(ref, os.PathLike):
        return None
    return city_names().get(ref)


def _is_file(path: Path | None) -> bool:
    """Whether ``path`` is a file; a name the system refuses (too long) is left to the loader."""
    try:
        return path is not None and path.is_file()
    except OSError:
        return False


def load_city(ref: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """Resolve a city (or any scenario) by built-in city name, community name or path.

    Same as :func:`yingzao.scenarios.load`, plus built-in city names, a parent city named by
    ``extends``, and city policy tables turning their policies on.

    Raises:
        InputError: as :func:`~yingzao.scenarios.load`.

    """
    path = _path_of(ref)
    target = str(path) if path is not None else ref
    where = Path(target) if isinstance(target, str) and target.endswith(".toml") else None
    doc = read_toml(where, "scenario file")[1] if _is_file(where) else {}
    parent = doc.get("extends")
    if isinstance(parent, str) and _path_of(parent) is not None and where is not None:
        # a parent city by name: the loader knows community names only, so resolve it here,
        # with the loader's own checks of the file (text, tables, keys and values)
        for k in sorted(_META):
            if k in doc and not isinstance(doc[k], str):
                raise InputError(f"scenario file {where}: '{k}' must be text, got {shown(doc[k])}")
        flat = {
            k: check_value(k, v, f"scenario file {where}")
            for k, v in _flatten(doc, str(where)).items()
        }
        sc = load_city(parent)
        sc = sc.with_overrides(flat, origin=f"scenario {where.stem}")
        sc.name = str(doc.get("name", where.stem))
        sc.description = str(doc.get("description", sc.description)).strip()
        if overrides:
            sc = sc.with_overrides(overrides)
    else:
        sc = load(target, overrides)
    return _policies_on(sc, doc)


def _policies_on(sc: Scenario, doc: dict[str, Any]) -> Scenario:
    """Turn on each city policy that a table or a key names, as the loader does for others."""
    on = {}
    for sec in CITY_POLICIES:
        named = any(k.startswith(f"{sec}.") for k in sc.explicit) or doc.get(sec) == {}
        if named and f"{sec}.enabled" not in sc.explicit:
            on[f"{sec}.enabled"] = True
    if not on:
        return sc
    name, desc = sc.name, sc.description
    sc = sc.with_overrides(on, origin=f"scenario {name}")
    sc.name, sc.description = name, desc
    return sc


def load_any(ref: str | os.PathLike, overrides: dict[str, Any] | None = None) -> Scenario:
    """A community, street or city scenario by name or path (the command line's loader)."""
    return load_city(ref, overrides)


def check_city(sc: Scenario, seeds: Iterable[int] = (0,)) -> None:
    """Refuse a city that cannot run, with one message naming the key (before any work).

    Args:
        sc: A resolved city scenario.
        seeds: The city seeds it will run with (their plans decide how many communities a
            district and a street have).

    Raises:
        InputError: the first problem found.

    """
    v = sc.values
    check_structure(v)
    if v["street.communities"] > 1:
        raise InputError(
            "street.communities: a city's streets come from city.* keys; leave "
            "street.communities at 1 in a city"
        )
    p = v["city.sync_months"]
    if 12 % p and p % 12:
        raise InputError(
            f"city.sync_months = {p}: must divide 12 (1, 2, 3, 4, 6, 12) or be a multiple of 12, "
            "so that synchronization points meet the yearly cycle"
        )
    for sec in CITY_POLICIES:
        if not v[f"{sec}.enabled"]:
            continue
        start, end = v[f"{sec}.start"], v[f"{sec}.end"]
        if end < start:
            raise InputError(f"{sec}.end ({end}) is before {sec}.start ({start})")
        if start % p:
            raise InputError(
                f"{sec}.start = {start}: must be a synchronization month (a multiple of "
                f"city.sync_months = {p}), where the city decides"
            )
    for seed in seeds:
        _check_counts(v, seed)
    for sec in ("city_demo", "city_subset"):
        if v[f"{sec}.enabled"]:
            support_overrides(v, sec)  # a support scenario that does not load fails now


def _check_counts(v: dict[str, Any], seed: int) -> None:
    """Refuse more communities per district or per contract than the city's plan has."""
    demo, ngo = v["city_demo.enabled"], v["city_ngo.enabled"]
    if not (demo or ngo):
        return
    per_district, per_street = (int(x.max()) for x in plan_counts(v, seed))
    k = v["city_demo.per_district"]
    if demo and k > per_district:
        raise InputError(
            f"city_demo.per_district = {k:,}: more than the {per_district:,} communities of the "
            f"largest district (the city plan of seed {seed}); at most {per_district:,} (to "
            "support every community, use city_subset with share = 1)"
        )
    k = v["city_ngo.communities"]
    if ngo and k > per_street:
        raise InputError(
            f"city_ngo.communities = {k:,}: a contract serves communities of one street, and the "
            f"largest street has {per_street:,} (the city plan of seed {seed}); at most "
            f"{per_street:,}"
        )


def _support(ref: str) -> Scenario:
    """The support scenario: one community's policies (not a city, not a street)."""
    sup = load_city(ref)  # a city extending a city by name loads, to be refused as a city
    if is_city(sup):
        raise InputError(
            f"a city ({sup.values['city.communities']:,} communities), not a community "
            "scenario; a support package is the policy settings of one community (a built-in "
            "name such as city-demo-support or incubation, or a path)"
        )
    if sup.values["street.communities"] > 1:
        raise InputError(
            f"a street ({sup.values['street.communities']} communities), not a community "
            "scenario; a support package is the policy settings of one community, and the "
            "street's settings would not apply (give a community scenario, such as the one it "
            "extends)"
        )
    return sup


def support_overrides(v: dict[str, Any], sec: str) -> dict[str, Any]:
    """The policy settings a support package (``city_demo`` or ``city_subset``) applies.

    The support scenario's own policy settings, with its months counted from the package's
    ``start`` and its policies ending at the package's ``end`` at the latest; its community,
    network and other settings do not apply (the city's do).

    Raises:
        InputError: the support scenario does not load, naming the key.

    """
    ref = v[f"{sec}.support"]
    try:
        sup = _support(ref)
    except InputError as e:
        raise InputError(f"{sec}.support = {shown(ref)}: {e}") from None
    s0, end = v[f"{sec}.start"], v[f"{sec}.end"]
    sv = sup.values
    out: dict[str, Any] = {
        k: val for k, (val, _) in sup.explicit.items() if k.split(".", 1)[0] in POLICIES
    }
    out = {k: sv[k] for k in out}  # resolved (typed) values
    for pol in POLICIES:
        if sv[f"{pol}.enabled"]:
            out[f"{pol}.enabled"] = True
    for pol in _TIMED:
        if sv[f"{pol}.enabled"]:
            out[f"{pol}.start"] = min(sv[f"{pol}.start"] + s0, _LAST_MONTH)
            out[f"{pol}.end"] = min(sv[f"{pol}.end"] + s0, end, _LAST_MONTH)
    if sv["ngo.enabled"]:
        start = min(sv["ngo.start"] + s0, _LAST_MONTH)
        out["ngo.start"] = start
        out["ngo.months"] = max(1, min(sv["ngo.months"], end - start))
        if end <= start:
            out["ngo.enabled"] = False
    if sv["withdrawal.enabled"]:
        out["withdrawal.month"] = min(sv["withdrawal.month"] + s0, _LAST_MONTH)
    if sv["crisis.enabled"]:
        out["crisis.month"] = min(sv["crisis.month"] + s0, _LAST_MONTH)
    return out
