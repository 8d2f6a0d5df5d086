"""A what-if mix as a scenario file (TOML) that ``yingzao run FILE`` takes unchanged, and back.

The file extends the mix's built-in case and sets only what the mix changes, so it reads like
the built-in scenario files. The app's own settings that are not scenario keys (the number of
simulations) travel in a comment line the command line ignores.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yingzao.app.mix import FIELD, build, from_scenario, presets, to_overrides
from yingzao.app.street_view import streets
from yingzao.model.defaults import POLICIES
from yingzao.scenarios import load

import yingzao
from yingzao.errors import InputError

MAX_BYTES = 100_000  # a scenario file is a few hundred bytes; refuse anything far larger
_APP_LINE = re.compile(r"^#\s*yingzao-app:\s*(?P<rest>.*)$", re.M)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)  # repr round-trips a float exactly
    return json.dumps(str(v), ensure_ascii=False)  # a TOML basic string


def to_toml(
    preset: str,
    mix: dict[str, Any],
    extra: dict[str, Any] | None = None,
    notes: list[str] | None = None,
) -> str:
    """The mix as scenario file text.

    Args:
        preset: Built-in case the mix starts from (the file's ``extends``).
        mix: The controls' values.
        extra: Further scenario keys (kept from an uploaded file).
        notes: Comment lines saying the settings in words (e.g. the brief's lines).

    """
    base = load(preset)
    ov = {**to_overrides(mix, base), **(extra or {})}
    by_section: dict[str, dict[str, Any]] = {}
    for key in sorted(ov):
        sec, name = key.split(".", 1)
        by_section.setdefault(sec, {})[name] = ov[key]
    today = _dt.date.today().isoformat()
    out = [
        f"# A policy mix saved from the Yingzao app on {today} (model version "
        f"{yingzao.__version__}).",
        "# Run it on the command line:  yingzao run THIS-FILE.toml --seed 0",
        "# The app runs simulations with seeds 0, 1, 2, ...; --seed 0 gives its first one.",
    ]
    out += [f"#   {line}" for line in notes or []]
    out.append(f"# yingzao-app: reps = {int(mix.get('reps', 10))}")
    desc = f"What-if mix from the Yingzao app, based on {preset}"
    out += [f"description = {_toml_value(desc)}", f"extends = {_toml_value(preset)}", ""]
    for sec, table in by_section.items():
        out.append(f"[{sec}]")
        out += [f"{k} = {_toml_value(v)}" for k, v in table.items()]
        out.append("")
    return "\n".join(out)


@dataclass
class Opened:
    """A scenario file read into the what-if page.

    Attributes:
        preset: The built-in case it builds on.
        mix: The controls' values.
        extra: Its scenario keys that no control shows, kept as they are.
        problems: Plain-English notes on what could not be kept (shown on the page).

    """

    preset: str
    mix: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _base_of(doc: dict[str, Any]) -> str:
    parent = doc.get("extends")
    if parent is None:
        return "baseline"  # the declared defaults with its profile; differences become extra
    if not isinstance(parent, str):
        raise InputError("'extends' must be the name of a built-in case")
    if parent in presets() or parent in streets():
        return parent
    raise InputError(
        f"it builds on {parent!r}, which the app does not have; the app reads files that build "
        'on a built-in case (extends = "support-3y") or on none'
    )


def from_toml(text: str, reps: int = 10) -> Opened:
    """Read scenario file text into a what-if mix.

    Args:
        text: The file's text.
        reps: Number of simulations when the file does not say.

    Raises:
        InputError: not TOML, unknown keys or values, or a case the app does not have.

    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"the file is larger than {MAX_BYTES // 1000} kB; a scenario is smaller")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"not a valid scenario file (TOML: {e})") from None
    preset = _base_of(doc)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "uploaded.toml"
        path.write_text(text, encoding="utf-8")
        scn = load(str(path))
    if scn.values["street.communities"] != 1 and preset not in streets():
        raise InputError(
            "it describes a street of several communities; open it as a file that builds on a "
            'built-in street (extends = "street-qingyuan")'
        )
    m = from_scenario(scn)
    m["reps"] = _app_reps(text, reps)
    opened = Opened(preset, m)
    got = build(preset, m).values
    for key in sorted(k for k in scn.values if scn.values[k] != got[k]):
        if key in ("community.residents", "run.months"):
            f = FIELD["residents" if key == "community.residents" else "years"]
            opened.problems.append(
                f"{key} = {scn.values[key]} is outside what the app runs "
                f"({f.lo:g}-{f.hi:g}); it uses {m[f.name]}"
            )
            continue
        opened.extra[key] = scn.values[key]
        sec = key.split(".", 1)[0]
        if sec in POLICIES:  # setting a policy key turns it on: keep its on/off as in the file
            opened.extra[f"{sec}.enabled"] = scn.values[f"{sec}.enabled"]
    # the controls and the kept keys must give the file's values; say so where they do not
    got = build(preset, m, opened.extra).values
    off = sorted(
        k
        for k in scn.values
        if scn.values[k] != got[k] and k not in ("community.residents", "run.months")
    )
    if off:
        opened.problems.append("not kept: " + ", ".join(off))
    return opened


def _app_reps(text: str, default: int) -> int:
    m = _APP_LINE.search(text)
    if m:
        found = re.search(r"reps\s*=\s*(\d+)", m["rest"])
        if found:
            n = int(found.group(1))
            if FIELD["reps"].lo <= n <= FIELD["reps"].hi:
                return n
    return default
