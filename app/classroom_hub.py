"""The one classroom session of a classroom server, shared by every browser connected to it.

``yingzao classroom`` (:mod:`yingzao.app.classroom_serve`) starts the app server with
``YINGZAO_APP_MODE=classroom`` and the session's settings in ``YINGZAO_CLASSROOM`` (JSON: code,
trainer_key, scenario, residents, round_months, rounds, seed). The first page to ask for the
session (:func:`room`) creates it from those settings; a background ticker then calls
:meth:`Classroom.tick` four times a second, so a round runs when its countdown ends even if no
page is open.

Solara's reactive values are per browser, so the pages watch :attr:`Classroom.rev` (bumped on
every change) to know when to draw again: the ticker also looks at it twenty times a second
and wakes the waiting pages (:func:`wait_change`). This module imports no Solara: the routing, the
session's life and the texts and tables the pages show can be tested without a server.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from html import escape
from typing import Any
from urllib.parse import parse_qs

from yingzao.app.access import ENV as ACCESS_ENV
from yingzao.app.access import is_wildcard
from yingzao.app.classroom import Classroom, Participant, RoundRecord
from yingzao.app.classroom_delivery import to_terminal
from yingzao.app.classroom_roles import Choice
from yingzao.app.group_names import building_name
from yingzao.app.i18n import t

# the same names as yingzao.app.classroom_serve's, which sets them (a test checks they agree)
MODE_ENV = "YINGZAO_APP_MODE"
CLASSROOM_ENV = "YINGZAO_CLASSROOM"
COUNTDOWN_ENV = "YINGZAO_CLASSROOM_COUNTDOWN"  # seconds to decide (default: the session's own)
TICK_S = 0.25  # how often the ticker looks at the countdown
WATCH_S = 0.05  # how often the ticker looks whether the session changed (and wakes the pages)
DEFAULT_PORT = 8765
SETTINGS = ("code", "scenario", "residents", "round_months", "rounds", "seed")

log = logging.getLogger("yingzao.classroom")
_lock = threading.Lock()
_room: Classroom | None = None
_ticker: threading.Thread | None = None
problem: str = ""  # the last error of a round run by the ticker (the projector shows it)
_changed = threading.Condition()  # notified when change_key() changes


def enabled() -> bool:
    """Whether this server runs a classroom session (``YINGZAO_APP_MODE=classroom``)."""
    return os.environ.get(MODE_ENV, "") == "classroom"


def settings() -> dict[str, Any]:
    """The session's settings from ``YINGZAO_CLASSROOM`` (empty when it is not set).

    Raises:
        ValueError: the variable is not a JSON object.

    """
    text = os.environ.get(CLASSROOM_ENV, "")
    if not text:
        return {}
    d = json.loads(text)
    if not isinstance(d, dict):
        raise ValueError(f"{CLASSROOM_ENV} must be a JSON object, not {type(d).__name__}")
    return d


def _options() -> dict[str, Any]:
    """The :class:`Classroom` arguments from the environment."""
    d = settings()
    kw = {k: d[k] for k in SETTINGS if k in d}
    if os.environ.get(COUNTDOWN_ENV):
        kw["countdown"] = float(os.environ[COUNTDOWN_ENV])
    return kw


def room() -> Classroom:
    """The server's classroom session, created from the environment on first use."""
    global _room
    with _lock:
        if _room is None:
            _room = Classroom(**_options())
            if enabled():  # a classroom server: each round's delivery on its terminal
                to_terminal()
        _start_ticker()
        return _room


def fresh(**options: Any) -> Classroom:
    """A new session that replaces the server's (for tests and benchmarks).

    Args:
        options: :class:`Classroom` arguments; those not given come from the environment.

    """
    global _room, problem
    c = Classroom(**{**_options(), **options})
    with _lock:
        _room, problem = c, ""
        _start_ticker()
    return c


def current() -> Classroom | None:
    """The session if it has been created, else None (creates nothing)."""
    return _room


def _start_ticker() -> None:
    global _ticker
    if _ticker is None or not _ticker.is_alive():
        _ticker = threading.Thread(target=_tick_forever, name="classroom-ticker", daemon=True)
        _ticker.start()


def tick_once(c: Classroom) -> bool:
    """Run ``c``'s round if its countdown is over; whether it ran.

    A round that fails pauses the session (so it is not tried again four times a second) and
    leaves the reason in :data:`problem` for the projector.
    """
    global problem
    try:
        return c.tick()
    except Exception as e:  # the projector says it; the session must keep serving
        log.exception("classroom round failed")
        problem = f"{type(e).__name__}: {e}"
        c.pause()
        return False


def change_key() -> tuple:
    """Changes whenever anything a page shows may have: the session, its rev, a round's error."""
    c = _room
    return (id(c), -1 if c is None else c.rev, problem)


def wait_change(since: tuple, timeout: float) -> tuple:
    """Block until :func:`change_key` differs from ``since`` (or ``timeout`` seconds); it now.

    One thread (the ticker) looks at the session and wakes every waiting page at once: 40
    pages do not each look several times a second.
    """
    end = time.monotonic() + timeout
    with _changed:
        while change_key() == since and (left := end - time.monotonic()) > 0:
            _changed.wait(left)
        return change_key()


def _tick_forever() -> None:
    last, ticked = change_key(), 0.0
    while True:
        time.sleep(WATCH_S)
        c = _room
        if c is not None and time.monotonic() - ticked >= TICK_S:
            ticked = time.monotonic()
            tick_once(c)
        now = change_key()
        if now != last:
            last = now
            with _changed:
                _changed.notify_all()


# --- who sees what ------------------------------------------------------------------------
def query(search: str) -> dict[str, str]:
    """The first value of each parameter of a page address's query (``a=1&b=2``)."""
    q = parse_qs(str(search or "").lstrip("?"), keep_blank_values=True)
    return {k: v[0] for k, v in q.items() if v}


def trainer_ok(key: str) -> bool:
    """Whether ``key`` is the session's trainer key (a session without one has no projector)."""
    want = str(settings().get("trainer_key") or "")
    return bool(want) and secrets.compare_digest(str(key or "").encode(), want.encode())


def route(search: str) -> str:
    """``projector`` for the trainer's link (``?trainer=KEY``, the right key), else ``phone``."""
    return "projector" if trainer_ok(query(search).get("trainer", "")) else "phone"


def participant_link(c: Classroom) -> str:
    """The link participants open (shown on the projector and in its QR code).

    The server's address on the room's network when it listens on every interface, else the
    address it listens on; the link carries the join code.
    """
    host, port = "127.0.0.1", int(os.environ.get("SERVER_PORT") or DEFAULT_PORT)
    access = os.environ.get(ACCESS_ENV)
    if access:
        d = json.loads(access)
        host, port = str(d.get("host") or host), int(d.get("port") or port)
    if is_wildcard(host):
        from yingzao.app.serve import lan_address

        host = lan_address()
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/?join={c.code}"


# --- what the pages say (HTML and texts, made here so they are tested without a server) --------
def role_name(role: str, lang: str) -> str:
    """A role's title (``Watching`` for none)."""
    return t(f"role.{role}", lang) if role else t("role.none", lang)


def record_lines(rec: RoundRecord, lang: str) -> list[str]:
    """What a round's decisions did, and which roles the rules decided."""
    lines = [d[lang] for d in rec.did]
    if rec.by_rule:
        sep = "、" if lang == "zh" else ", "
        lines.append(t("did.rule", lang, roles=sep.join(role_name(r, lang) for r in rec.by_rule)))
    return lines


def people_rows(c: Classroom, lang: str) -> str:
    """The participants as table rows: name, role, a tick once they decided this round."""
    rows = []
    for p in c.participants.values():
        mark = "✓" if c.pending.get(p.token) else ""
        rows.append(
            f"<tr><td>{escape(p.name)}</td><td>{escape(role_name(p.role, lang))}</td>"
            f"<td>{mark}</td></tr>"
        )
    head = f"<tr><th>{t('cu.col.name', lang)}</th><th>{t('cu.col.role', lang)}</th><th></th></tr>"
    return head + "".join(rows)


def debrief_html(d: dict) -> str:
    """Where the runs diverged, after which decisions, the end, and each role's effect."""
    out = [f"<p><b>{escape(d['diverged'])}</b></p>"]
    out += [f"<div>• {escape(x)}</div>" for x in d.get("decisions", [])]
    if d.get("end"):
        out.append(f"<p style='margin-top: 8px'>{escape(d['end'])}</p>")
    out += [f"<div class='yz-cr-why'>• {escape(x)}</div>" for x in d["why"]]
    return "".join(out)


def debrief_table(d: dict, lang: str) -> str:
    """The debrief's rows (one per round) as an HTML table: groups and active residents."""
    cls, own = t("deb.class", lang), t("deb.own", lang)
    head = [
        t("deb.round", lang),
        t("deb.month", lang),
        f"{t('res.functional', lang)} · {cls}",
        own,
        f"{t('res.active', lang)} · {cls}",
        own,
    ]
    keys = ("round", "month", "class_functional", "own_functional", "class_active", "own_active")
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(r[k]))}</td>" for k in keys) + "</tr>" for r in d["rows"]
    )
    return "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>" + body


def say(err: Exception, lang: str) -> str:
    """A refusal of the session in ``lang``.

    A participant's mistake carries both languages (``ClassError.text``); the trainer's other
    refusals are English only, shown as they are (with a Chinese lead-in on a Chinese page).
    """
    text = getattr(err, "text", None)
    if isinstance(text, dict) and lang in text:
        return text[lang]
    return str(err) if lang == "en" else t("cu.err.other", lang, msg=str(err))


def phone_key(token: str) -> tuple:
    """What a phone shows, in short: it is drawn again when this changes (not on every rev)."""
    c = room()
    with c.lock:
        p = c.participants.get(token)
        mine = sorted((k, repr(v)) for k, v in c.pending.get(token, {}).items())
        who = None if p is None else (p.name, p.role, p.resident)
        return (id(c), c.phase, c.round, c.round_months, c.deadline, c.left_when_paused, who, mine)


def about(c: Classroom, p: Participant, lang: str) -> str:
    """What the participant's role is (a leader: whom they play and where)."""
    if not p.role:
        return t("cu.watching", lang)
    if p.role == "leader" and p.resident is not None:
        b = int(c.live.model.res.building[p.resident])
        return t("role.leader.about", lang, name=p.name, building=building_name(b, lang))
    return t(f"role.{p.role}.about", lang)


def phase_text(c: Classroom, lang: str) -> str:
    """Where the session is, for a participant."""
    n = min(c.round + 1, c.rounds)
    key = {"lobby": "cu.phase.lobby", "deciding": "cu.phase.deciding", "paused": "cu.phase.paused"}
    return t(key.get(c.phase, "cu.phase.done"), lang, n=n, rounds=c.rounds, months=c.round_months)


def chosen_text(ch: Choice, chosen: Any, labels: list[str], lang: str) -> str:
    """A decision as the phone says it back."""
    if ch.kind == "bool":
        return t("yes" if chosen else "no", lang)
    if ch.kind == "groups":
        return t("cu.n_groups", lang, n=len(chosen))
    values = [v for v, _ in ch.options]
    return labels[values.index(chosen)] if chosen in values else str(chosen)


class Opaque:
    """A prop value the renderer does not look into.

    Reacton walks every list and dict among a component's props, on every draw, looking for
    elements; the picture's layout (two numbers per resident) made each projector draw cost a
    tenth of a second. Wrapped, it is compared by identity and sent as it is.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Opaque) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def unwrap(value: Any, widget: Any) -> Any:
    """A widget prop's JSON: an :class:`Opaque` value's own (ipywidgets' serializer)."""
    from ipywidgets import widget_serialization

    return widget_serialization["to_json"](
        value.value if isinstance(value, Opaque) else value, widget
    )
