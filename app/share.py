"""A session's settings as a link (URL query) and back.

The query carries what differs from a fresh page: the language, the page, the what-if case and
the controls that differ from that case, scenario keys kept from an uploaded file (``x.KEY``),
and the Compare choices. Reading a query never fails: a value that cannot be used becomes an
inline error on its control (as if typed), or a problem listed on the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from yingzao.app.i18n import MY_MIX
from yingzao.app.mix import CHOICES, FIELD, STRATEGIES, parse, presets
from yingzao.model.defaults import DECLARATIONS, PROFILES
from yingzao.scenarios import load

from yingzao.errors import InputError

PAGES = ("whatif", "compare", "workshop", "model")
DEFAULT_SLOTS = ("support-3y", "support-8y", "", "")
_MINE = "mine"  # MY_MIX in a link
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
# parameters the app does not read but keeps in the address: the server's join code for a
# workshop on a network (app/access.py), so a copied link still lets a participant in
KEPT = ("join",)


@dataclass
class Settings:
    """Everything a link can carry.

    Attributes:
        lang: ``en`` or ``zh``.
        page: One of :data:`PAGES`.
        preset: The what-if case.
        mix: The controls' values (valid ones).
        raw: Text of controls whose value in the link was not valid.
        errors: Their input errors, as the controls show them.
        extra: Scenario keys set beyond the controls.
        slots: Compare's four choices.
        compare_residents: Compare's residents, as text.
        compare_reps: Compare's runs per mix, as text.
        problems: ``(i18n key, args)`` for parts of the link that were not used.
        kept: Parameters kept in the address as they came (:data:`KEPT`).

    """

    lang: str = "en"
    page: str = "whatif"
    preset: str = ""
    mix: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    errors: dict[str, tuple[str, dict]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    slots: list[str] = field(default_factory=lambda: list(DEFAULT_SLOTS))
    compare_residents: str = "2000"
    compare_reps: str = "10"
    problems: list[tuple[str, dict]] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)


def cases() -> list[str]:
    """Cases the what-if page can start from: single communities and streets."""
    from yingzao.app.street_view import streets

    return [*presets(), *streets()]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def to_query(s: Settings, default_mix: dict[str, Any], default_preset: str) -> str:
    """The query string of ``s``: only what differs from a fresh page.

    Args:
        s: The settings.
        default_mix: The controls of ``s.preset`` on a fresh page (to leave them out).
        default_preset: The case a fresh page starts from.

    """
    q: list[tuple[str, str]] = [(k, v) for k, v in s.kept.items() if k in KEPT]
    if s.lang != "en":
        q.append(("lang", s.lang))
    if s.page != "whatif":
        q.append(("page", s.page))
    if s.preset != default_preset:
        q.append(("case", s.preset))
    for name in (*CHOICES, *FIELD):
        if name in s.raw:
            q.append((name, s.raw[name]))  # a wrong entry travels as typed, and shows as wrong
        elif name in s.mix and s.mix[name] != default_mix.get(name):
            q.append((name, _text(s.mix[name])))
    for key, value in sorted(s.extra.items()):
        q.append((f"x.{key}", _text(value)))
    if list(s.slots) != list(DEFAULT_SLOTS):
        q.append(("cmp", ",".join(_MINE if x == MY_MIX else x for x in s.slots)))
    if s.compare_residents != "2000":
        q.append(("cmp_n", s.compare_residents))
    if s.compare_reps != "10":
        q.append(("cmp_reps", s.compare_reps))
    return urlencode(q)


def _choice(name: str, text: str) -> tuple[Any, tuple[str, dict] | None]:
    if name == "profile":
        ok = text in PROFILES
        return (text, None) if ok else (None, ("link.bad_choice", {"name": name, "value": text}))
    if name == "ngo_strategy":
        ok = text in STRATEGIES
        return (text, None) if ok else (None, ("link.bad_choice", {"name": name, "value": text}))
    low = text.strip().lower()
    if low in _TRUE or low in _FALSE:
        return low in _TRUE, None
    return None, ("link.bad_choice", {"name": name, "value": text})


def extra_value(preset: str, key: str, text: str) -> tuple[Any, str | None]:
    """A scenario key's value from text, checked against its declaration (value, error)."""
    if key not in DECLARATIONS:
        return None, f"unknown setting {key!r}"
    try:
        scn = load(preset, {key: text})
    except InputError as e:
        return None, str(e)
    return scn.values[key], None


def from_query(search: str, default_preset: str, mix_of) -> Settings:
    """The settings a link carries, over a fresh page's.

    Args:
        search: The query string (with or without a leading ``?``).
        default_preset: The case a fresh page starts from.
        mix_of: ``mix_of(preset)`` gives a fresh page's controls for a case.

    Returns:
        The settings; nothing in ``search`` raises.

    """
    pairs = parse_qsl(search.lstrip("?"), keep_blank_values=True)
    s = Settings(preset=default_preset)
    got = dict(pairs)
    problems = s.problems
    if "lang" in got:
        if got["lang"] in ("en", "zh"):
            s.lang = got["lang"]
        else:
            problems.append(("link.bad_choice", {"name": "lang", "value": got["lang"]}))
    if "page" in got:
        if got["page"] in PAGES:
            s.page = got["page"]
        else:
            problems.append(("link.bad_choice", {"name": "page", "value": got["page"]}))
    if "case" in got:
        if got["case"] in cases():
            s.preset = got["case"]
        else:
            problems.append(("link.bad_case", {"value": got["case"][:40]}))
    s.mix = dict(mix_of(s.preset))
    for key, text in pairs:
        if key in ("lang", "page", "case"):
            continue
        if key in KEPT:
            s.kept[key] = text[:200]
            continue
        if key in FIELD:
            v, err = parse(key, text)
            if err is None:
                s.mix[key] = v
            else:
                s.raw[key], s.errors[key] = text, err
        elif key in CHOICES:
            v, err = _choice(key, text)
            if err is None:
                s.mix[key] = v
            else:
                problems.append(err)
        elif key.startswith("x."):
            v, msg = extra_value(s.preset, key[2:], text)
            if msg is None:
                s.extra[key[2:]] = v
            else:
                problems.append(("link.bad_extra", {"msg": msg[:160]}))
        elif key == "cmp":
            _slots(s, text)
        elif key == "cmp_n":
            s.compare_residents = text  # checked (and marked) by its box, as if typed
        elif key == "cmp_reps":
            s.compare_reps = text
        else:
            problems.append(("link.unknown", {"name": key[:40]}))
    return s


def _slots(s: Settings, text: str) -> None:
    cases = set(presets())
    parts = (text.split(",") + ["", "", "", ""])[:4]
    out = []
    for p in parts:
        p = p.strip()
        if p == _MINE:
            out.append(MY_MIX)
        elif p == "" or p in cases:
            out.append(p)
        else:
            s.problems.append(("link.bad_case", {"value": p[:40]}))
            out.append("")
    s.slots = out
