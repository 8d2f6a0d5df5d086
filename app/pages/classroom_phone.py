"""A participant's phone in a classroom session: join, play a role, see its results.

The page joins with the code (prefilled from the link's ``?join=``) and a display name; the
seat token the session gives back is kept in the browser (``vue/seat.vue``), so a reload or a
phone that slept rejoins the same role with its decisions. While a round is open the page lists
the role's choices (a share as buttons, a yes/no as a switch, an option as a list, groups as a
multiple choice), each left to the model's rule until the participant decides; below, the
role's own results (:func:`yingzao.app.classroom_debrief.my_results`). The role's page is one
Vue component (``vue/phone_role.vue``) drawn from one plain value: a round costs each phone one
message, not one per widget.

The session is shared by every browser, Solara's state is not: :func:`use_watch` watches the
session and draws the page again when what this phone shows has changed.

Here too are the pieces both classroom pages use: the seat and countdown bridges, the language
switch, that watching, and the community's picture and chart (drawn by the projector).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import solara
import solara.lab
from yingzao.app import classroom_hub as hub
from yingzao.app import state
from yingzao.app.classroom import Classroom
from yingzao.app.classroom_debrief import my_results
from yingzao.app.classroom_delivery import phone_drawn
from yingzao.app.classroom_hub import (
    Opaque,
    about,
    chosen_text,
    phase_text,
    phone_key,
    role_name,
    say,
    unwrap,
)
from yingzao.app.classroom_roles import Choice
from yingzao.app.i18n import t
from yingzao.app.units import month_text
from yingzao.app.workshop_session import Session
from yingzao.app.workshop_widgets import LiveChart, chart_data, colors

from yingzao.errors import InputError

WAIT_S = 1.0  # longest wait for a change before a page looks anyway (and can be closed)
_drawing = threading.Lock()  # one page drawn at a time (see use_watch)
OPEN = ("deciding", "paused")  # phases in which a round's decisions are shown

opened = solara.reactive(False)  # the browser has said which address it opened
search = solara.reactive("")  # the page's address query, as opened
seat = solara.reactive("")  # this browser's seat token, once joined
seat_out = solara.reactive(None)  # what the browser should keep: a token, "" (forget), None
join_code = solara.reactive("")
join_name = solara.reactive("")
join_error = solara.reactive(None)  # the last refusal (an InputError), shown in the page's language
removed = solara.reactive(False)  # the trainer removed this seat
choice_errors = solara.reactive({})  # decision key -> (round, its refusal: an InputError)
tick = state.workshop_tick  # bumped when the shared session changed (as the workshop's pages)


@solara.component_vue("../vue/seat.vue")
def Seat(seat: str | None, event_opened: Callable[[dict], None]):
    """The seat token kept in this browser, and the page's address (see ``vue/seat.vue``)."""


@solara.component_vue("../vue/countdown.vue")
def Countdown(seconds: float | None, running: bool, stamp: int, label: str, size: int):
    """Seconds left to decide, counted down in the browser (see ``vue/countdown.vue``)."""


def on_opened(data: dict) -> None:
    """The browser's address, stored seat and language, once, at start."""
    data = data or {}
    q = hub.query(str(data.get("search") or "")[:2000])
    search.set(str(data.get("search") or "")[:2000])
    state.lang.set("zh" if q.get("lang", data.get("lang")) == "zh" else "en")
    join_code.set(q.get("join", "")[:64])
    token = str(data.get("seat") or "")[:64]
    if token and hub.route(search.value) == "phone":
        p = hub.room().rejoin(token)
        seat.set(token if p is not None else "")
        if p is None:
            seat_out.set("")  # a seat of an earlier session
    opened.set(True)


@solara.component
def LangSwitch(lang: str):
    """The button to the other language."""
    solara.Button(
        t("lang.switch", lang),
        outlined=True,
        classes=["yz-lang"],
        on_click=lambda: state.lang.set("zh" if lang == "en" else "en"),
    )


def use_watch(
    key: Callable[[], Any], gap: float = 0.0, drawn: Callable[[Any], Any] | None = None
) -> None:
    """Draw the calling component again whenever ``key()`` changes.

    ``drawn(key)``: called after each such draw with the key drawn.

    The task waits, in its own thread, until the hub says the session changed
    (:func:`~yingzao.app.classroom_hub.wait_change`), then compares ``key()``; after a draw it
    waits ``gap`` seconds (the changes meanwhile are drawn together). Draws of the 40 phones are
    made one at a time: under Python's one interpreter lock, 40 at once take longer.
    """

    async def loop():
        last, seen = key(), hub.change_key()
        while True:
            seen = hub.wait_change(seen, WAIT_S)  # (blocks this task's own thread only)
            await asyncio.sleep(0)  # a page closed meanwhile cancels the task here
            now = key()
            if now != last:
                last = now
                with _drawing:
                    tick.set(tick.value + 1)
                if drawn is not None:
                    drawn(now)
                if gap:
                    await asyncio.sleep(gap)

    solara.lab.use_task(loop, dependencies=[], prefer_threaded=True)


@solara.component
def Phone(lang: str):
    """The participant's page: the join form, or their role's page."""
    _ = tick.value
    # phone_key: (session, phase, round, ...); the round's delivery counts this page's draws
    use_watch(
        lambda: phone_key(seat.value),
        drawn=lambda k: phone_drawn(hub.room(), seat.value, k[2], k[1]),
    )
    c = hub.room()
    p = c.participants.get(seat.value) if seat.value else None
    if seat.value and p is None:  # removed by the trainer, or a new session
        seat.set("")
        seat_out.set("")
        removed.set(True)
    with solara.Column(classes=["yz-cr-phone"], style={"max-width": "560px", "padding": "4px"}):
        with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
            solara.Text(t("cu.phone.title", lang), style={"font-weight": "bold"})
            LangSwitch(lang)
        if p is None:
            JoinForm(c, lang)
        else:
            RolePage(c, p.token, lang, phone_key(p.token))


def join(c: Classroom, lang: str) -> None:
    """Join with the code and name typed; keep the seat, or say why not."""
    try:
        p = c.join(join_code.value, join_name.value, lang)
    except InputError as e:
        join_error.set(e)
        return
    join_error.set(None)
    removed.set(False)
    seat.set(p.token)
    seat_out.set(p.token)


@solara.component
def JoinForm(c: Classroom, lang: str):
    """Join code and display name."""
    solara.Text(t("cu.join.title", lang), style={"font-size": "1.4em", "font-weight": "bold"})
    if removed.value:
        solara.Warning(t("cu.join.removed", lang), dense=True, classes=["yz-cr-removed"])
    solara.Text(t("cu.join.intro", lang), style={"display": "block", "margin": "4px 0 10px"})
    solara.InputText(
        t("cu.join.code", lang),
        value=join_code.value,
        on_value=join_code.set,
        continuous_update=True,
        classes=["yz-cr-code"],
    )
    solara.InputText(
        t("cu.join.name", lang),
        value=join_name.value,
        on_value=join_name.set,
        continuous_update=True,
        classes=["yz-cr-name"],
    )
    if join_error.value is not None:
        solara.Error(say(join_error.value, lang), dense=True, classes=["yz-cr-join-error"])
    solara.Button(
        t("cu.join.button", lang),
        color="primary",
        block=True,
        on_click=lambda: join(c, lang),
        classes=["yz-cr-join"],
    )


def choice_view(ch: Choice, chosen: Any, phase: str, lang: str, error: str) -> dict:
    """One choice as ``vue/phone_role.vue`` shows it.

    ``options``: labels; for a share or an option the first is the rule, for groups there is
    none (no group picked is the rule). ``picked``: the index shown (0: the rule), the groups'
    indices, or a yes/no.
    """
    labels = [label[lang] for _, label in ch.options]
    values = [v for v, _ in ch.options]
    if ch.kind == "groups":
        options, picked = labels, [values.index(v) for v in chosen or [] if v in values]
    elif ch.kind == "bool":
        options, picked = [], bool(chosen)
    else:
        options = [t("cu.rule_short", lang), *labels]
        picked = values.index(chosen) + 1 if chosen is not None and chosen in values else 0
    said = None
    if chosen is not None:
        said = t("cu.your_decision", lang, what=chosen_text(ch, chosen, labels, lang))
    return {
        "key": ch.key,
        "kind": ch.kind,
        "label": t(f"dec.{ch.key}", lang),
        "now": ch.now[lang] if ch.now else "",
        "why_not": ch.why_not[lang] if ch.why_not else "",
        "options": options,
        "picked": picked,
        "can": phase == "deciding" and ch.why_not is None,
        "chosen": said,
        "error": error,
    }


def value_of(ch: Choice, pick: Any) -> Any:
    """The decision a phone sent for ``ch`` (see :func:`choice_view`); None: the rule."""
    values = [v for v, _ in ch.options]
    if pick is None:
        return None
    if ch.kind == "bool":
        return bool(pick)
    if ch.kind == "groups":
        picks = pick if isinstance(pick, list) else [pick]
        return [values[i] for i in picks if isinstance(i, int) and 0 <= i < len(values)] or None
    if not isinstance(pick, int) or not 1 <= pick <= len(values):
        return None
    return values[pick - 1]


def phone_view(c: Classroom, token: str, lang: str, errors: dict) -> tuple[dict, dict] | None:
    """What participant ``token``'s page shows now: ``(page, countdown)``, or None (gone).

    ``errors``: decision key -> (round, refusal) of this phone (an earlier round's is stale).
    """
    with c.lock:
        p = c.participants.get(token)
        if p is None:
            return None
        phase, month = c.phase, c.live.model.month
        mine = dict(c.pending.get(token, {}))
        # the next round's choices show before it opens (disabled), the same in every phase
        options = c.choices(token) if phase != "done" else []
        options.sort(key=lambda ch: ch.why_not is not None)  # what can be decided first
        choices = []
        for ch in options:
            when, err = errors.get(ch.key, (None, None))
            said = say(err, lang) if err is not None and when == c.round else ""
            choices.append(choice_view(ch, mine.get(ch.key), phase, lang, said))
        page = {
            "role": p.role,
            "you": t("cu.you_are", lang, name=p.name, role=role_name(p.role, lang)),
            "about": about(c, p, lang),
            "month": month,
            "phase": phase,
            "when": t(
                "cu.phone.when",
                lang,
                when=month_text(month, lang) if month else t("ws.month0", lang),
            ),
            "status": phase_text(c, lang),
            "decided": len(mine),
            "decided_text": t("cu.decided" if mine else "cu.all_rule", lang, n=len(mine)),
            "choices": choices,
            "results": [list(r) for r in my_results(c, token, lang)],
            "texts": {
                k: t(f"cu.{k}", lang)
                for k in ("choose", "choose_groups", "yes_do", "left_to_rule", "results")
            }
            | {"rule": t("rule", lang)},
        }
        clock = {
            "seconds": c.seconds_left() if phase in OPEN else None,
            "running": phase == "deciding",
            "stamp": hash((c.deadline, c.left_when_paused)) % 1_000_000,
        }
        return page, clock


@solara.component_vue("../vue/phone_role.vue")
def PhoneRole(view: dict, event_decide: Callable[[dict], None]):
    """A participant's role page, drawn in the browser (see ``vue/phone_role.vue``)."""


@solara.component
def RolePage(c: Classroom, token: str, lang: str, view: tuple):
    """The countdown and the role's page.

    Drawn again when ``view`` (:func:`phone_key`), the language or this phone's refusals change.
    """
    shown = phone_view(c, token, lang, choice_errors.value)
    if shown is None:  # removed meanwhile: the phone's next look shows the join form
        return
    page, clock = shown

    def on_decide(data: dict) -> None:
        key = str((data or {}).get("key", ""))
        ch = next((x for x in c.choices(token) if x.key == key), None)
        if ch is not None:
            decide(c, token, key, value_of(ch, (data or {}).get("pick")))

    Countdown(**clock, label=t("cu.time_left", lang), size=34)
    PhoneRole(view=page, event_decide=on_decide)


def decide(c: Classroom, token: str, key: str, value: Any) -> None:
    """Send one decision (None: back to the rule); a refusal shows under the choice."""
    errs = dict(choice_errors.value)
    try:
        c.decide(token, key, value)
        errs.pop(key, None)
    except InputError as e:
        errs[key] = (c.round, e)
    choice_errors.set(errs)
    tick.set(tick.value + 1)


# --- the community's picture and chart, drawn by the projector ---------------------------------
@solara.component_vue("../vue/neighbourhood.vue", to_json={"plan": unwrap})
def Hood(
    plan: Any,
    frame: dict,
    colors: list,
    selected: dict | None,
    big: bool,
    max_height: int,
    fit_below: int,
    month: int,
    png_rev: int,
    png_name: str,
    building_fmt: str,
    event_pick: Callable[[dict], None],
):
    """The workshop's picture (``vue/neighbourhood.vue``), its layout passed Opaque.

    The same component as :func:`yingzao.app.workshop_widgets.Neighbourhood`, declared again
    only to serialize the wrapped layout.
    """


@solara.component
def Picture(c: Classroom, s: Session, lang: str, height: int, month: int):
    """A run's community picture (the workshop's), drawn between two of the session's rounds.

    Drawn again only when the month (or the run, or the language) changes: its layout is large,
    and a projector draws on every participant's decision.
    """

    def frame() -> dict:
        with c.lock:
            return s.frame(lang)

    fr = solara.use_memo(frame, dependencies=[id(s), month, lang])
    Hood(
        plan=Opaque(s.layout),
        frame=fr,
        colors=colors(),
        selected=None,
        big=False,
        max_height=height,
        fit_below=0,
        month=month,
        png_rev=0,
        png_name="yingzao-classroom.png",
        building_fmt=t("ws.building_fmt", lang),
        event_pick=lambda _: None,
    )


@solara.component
def Chart(c: Classroom, runs: tuple, lang: str, height: int, month: int):
    """The workshop's chart of ``runs`` (``(label, Session)``), drawn when the month changes."""
    with c.lock:
        chart = chart_data(list(runs), lang)
    LiveChart(chart=chart, height=height, font=13)
