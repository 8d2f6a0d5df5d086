"""The classroom session's projector: join code, rounds, the class's community, the debrief.

In classroom mode (``yingzao classroom``) :func:`Root` is the whole app: the trainer's link
(``?trainer=KEY``) gets the projector, every other visitor a participant's phone
(:mod:`yingzao.app.pages.classroom_phone`). The projector shows the join code and its QR code,
the participants and their roles (the trainer can give another role or remove one), the round's
controls and countdown, the picture and the chart of the class's run, and what the last round's
decisions did; after the last round, the debrief: the class's run beside the model's own run
from the same seed with no one playing, where they diverged and why, and the downloads.
"""

from __future__ import annotations

from html import escape

import solara
import solara.lab
from yingzao.app import classroom_hub as hub
from yingzao.app import state
from yingzao.app.classroom import Classroom
from yingzao.app.classroom_debrief import debrief, export_csv, summary_md
from yingzao.app.classroom_hub import (
    debrief_html,
    debrief_table,
    people_rows,
    record_lines,
    role_name,
)
from yingzao.app.classroom_roles import ROLES
from yingzao.app.exports import BOM
from yingzao.app.i18n import t
from yingzao.app.pages.classroom_phone import (
    OPEN,
    Chart,
    Countdown,
    LangSwitch,
    Phone,
    Picture,
    Seat,
    on_opened,
    opened,
    say,
    search,
    seat_out,
    tick,
    use_watch,
)
from yingzao.app.pages.workshop import Legend
from yingzao.app.pages.workshop_detail import EventLog
from yingzao.app.qr import qr_svg
from yingzao.app.style import CSS
from yingzao.app.units import month_text
from yingzao.app.widgets import Downloads

from yingzao.errors import InputError

QR_PX = 150  # the participants' link's QR code on the projector
PICTURE_PX = 470  # the class's community picture's height on the projector
PAIR_PX = 330  # each picture's height at the debrief, side by side
CHART_PX = 170
# a projector draw costs tens of ms: 40 participants deciding are drawn at most twice a second
# (the trainer's own actions are drawn at once)
PROJECTOR_GAP_S = 0.5
ROUND_MONTHS = ("6", "12")

note = solara.reactive(None)  # the trainer's last action refused (an InputError), or None
managed = solara.reactive("")  # the participant the trainer is managing (token)
managed_role = solara.reactive("")

CLASSROOM_CSS = """
.yz-cr-code-big { font-size: 3.2em; font-weight: bold; letter-spacing: 0.12em; line-height: 1; }
.yz-cr-share.v-btn-toggle { flex-wrap: wrap; }
.yz-cr-results td { padding: 3px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
.yz-cr-people td, .yz-cr-people th { padding: 1px 6px; font-size: 0.9em; text-align: left; }
.yz-cr-choice { padding: 8px 10px !important; margin-top: 8px !important; }
"""


@solara.component
def Root():
    """The classroom app: the projector for the trainer's link, else a participant's phone."""
    lang = state.lang.value
    solara.Title(t("cu.title", lang))
    solara.Style(CSS + CLASSROOM_CSS)
    Seat(seat=seat_out.value, event_opened=on_opened)
    if not opened.value:
        solara.ProgressLinear(True)
        return
    try:
        hub.room()
    except (InputError, ValueError) as e:  # settings the engine refuses: say so, no traceback
        solara.Error(t("cu.err.settings", lang, msg=str(e)), classes=["yz-cr-settings-error"])
        return
    if hub.route(search.value) == "projector":
        Projector(lang)
    else:
        if "trainer" in hub.query(search.value):
            solara.Warning(t("cu.bad_trainer", lang), dense=True)
        Phone(lang)


def act(fn, *args) -> None:
    """Do a trainer's action; a refusal shows on the projector, in its language."""
    try:
        fn(*args)
        note.set(None)
    except InputError as e:
        note.set(e)
    tick.set(tick.value + 1)


def projector_key() -> tuple:
    """What the projector shows changed (every change bumps the session's rev)."""
    c = hub.room()
    return (id(c), c.rev, hub.problem)


@solara.component
def Projector(lang: str):
    """The trainer's page on the projector."""
    _ = tick.value
    use_watch(projector_key, PROJECTOR_GAP_S)
    c = hub.room()
    with c.lock:  # the ticker may be running a round: read between rounds
        st = c.status()
    with solara.Column(style={"padding": "4px 16px"}, classes=["yz-cr-projector"]):
        Header(c, st, lang)
        if hub.problem:
            solara.Error(t("cu.err.round", lang, msg=hub.problem), classes=["yz-cr-problem"])
        if note.value is not None:
            solara.Warning(say(note.value, lang), dense=True, classes=["yz-cr-note"])
        if st["phase"] == "done":
            Debrief(c, lang)
            return
        with solara.Columns([6, 4]):
            with solara.Column():
                Picture(c, c.live, lang, PICTURE_PX, st["month"])
                Legend(lang, False)
                Chart(c, (("", c.live),), lang, CHART_PX, st["month"])
            with solara.Column():
                JoinBox(c, lang)
                Controls(c, st, lang)
                LastRound(c, lang)
                People(c, lang)
        if c.live.story.log:  # (the workshop's empty log asks for Step or Play)
            EventLog(c.live, lang, False, max_height="220px")


@solara.component
def Header(c: Classroom, st: dict, lang: str):
    """The round, the month, the counts and the language switch."""
    month = st["month"]
    when = month_text(month, lang) if month else t("ws.month0", lang)
    with c.lock:
        counts = c.live.counts()
    with solara.Row(style={"align-items": "baseline", "flex-wrap": "wrap", "gap": "18px"}):
        # the round being decided, or the next to open
        head = (
            t("cu.all_played", lang, rounds=st["rounds"])
            if st["phase"] == "done"
            else t("cu.round_of", lang, n=st["round"] + 1, rounds=st["rounds"])
        )
        solara.Text(
            head,
            style={"font-size": "1.8em", "font-weight": "bold"},
            classes=["yz-cr-round", f"yz-cr-round-{st['round']}"],
        )
        solara.Text(when, style={"font-size": "1.3em"}, classes=["yz-ws-month"])
        solara.Text(
            t("ws.counts", lang, f=counts["f"], r=counts["r"], p=f"{counts['p']:.1f}"),
            classes=["yz-ws-counts"],
        )
        LangSwitch(lang)


@solara.component
def JoinBox(c: Classroom, lang: str):
    """The join code, big, with the participants' link and its QR code."""
    link = hub.participant_link(c)
    svg = solara.use_memo(lambda: qr_svg(link, size_px=QR_PX), dependencies=[link])
    with solara.Row(style={"align-items": "center", "gap": "14px"}, classes=["yz-cr-joinbox"]):
        solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["yz-cr-qr"])
        with solara.Column(gap="2px"):
            solara.Text(t("cu.join_with", lang), style={"font-size": "0.95em"})
            solara.Text(c.code, classes=["yz-cr-code-big"])
            solara.Text(link, style={"font-size": "0.8em", "color": "#555"}, classes=["yz-cr-link"])


@solara.component
def Replay(c: Classroom, n: int, lang: str):
    """Undo the last round (round ``n``) and open it again, with its decisions as they were."""
    solara.Button(
        t("cu.replay", lang, n=n),
        outlined=True,
        on_click=lambda: act(c.replay_round),
        classes=["yz-cr-replay"],
    )


@solara.component
def Controls(c: Classroom, st: dict, lang: str):
    """Open, run, pause, resume, replay; the round length; the countdown and who decided."""
    phase, n = st["phase"], st["round"] + 1
    if phase in OPEN:
        with solara.Row(style={"align-items": "baseline", "gap": "12px"}):
            Countdown(
                seconds=st["seconds_left"],
                running=phase == "deciding",
                stamp=st["rev"],
                label=t("cu.time_left", lang),
                size=40,
            )
            solara.Text(
                t("cu.decided_of", lang, n=st["decided"], total=st["participants"]),
                classes=["yz-cr-decided-count"],
            )
    # (text key, action, colour): what the phase allows, then running the round at once
    acts = {
        "lobby": [("open", c.open_round, "primary")],
        "deciding": [("pause", c.pause, None)],
        "paused": [("resume", c.resume, "primary")],
    }.get(phase, [])
    acts.append(("run", c.run_round, "warning" if phase in OPEN else None))
    with solara.Row(style={"flex-wrap": "wrap", "gap": "6px"}, classes=["yz-cr-controls"]):
        for name, fn, color in acts:
            solara.Button(
                t(f"cu.{name}", lang, n=n),
                color=color,
                on_click=lambda fn=fn: act(fn),
                classes=[f"yz-cr-{name}"],
            )
        if c.history and phase != "deciding":
            Replay(c, c.round, lang)
    with solara.Row(style={"align-items": "center", "gap": "8px"}):
        solara.Text(t("cu.round_length", lang))
        solara.ToggleButtonsSingle(
            value=str(st["round_months"]),
            values=list(ROUND_MONTHS),
            on_value=lambda v: act(c.set_round_months, int(v)),
            classes=["yz-cr-months"],
        )
        solara.Text(t("unit.months", lang))


@solara.component
def LastRound(c: Classroom, lang: str):
    """The last round's decisions in words."""
    _ = tick.value  # the session changes in place: draw again on every change
    with c.lock:
        rec = c.history[-1] if c.history else None
    if rec is None:
        solara.Text(t("cu.no_round_yet", lang), style={"display": "block", "color": "#555"})
        return
    solara.Text(
        t("cu.last_round", lang, n=rec.number, a=rec.start + 1, b=rec.end),
        style={"font-weight": "bold", "display": "block", "margin-top": "6px"},
    )
    body = "".join(f"<div>{escape(x)}</div>" for x in record_lines(rec, lang))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=body,
        classes=["yz-cr-did"],
        style="max-height: 150px; overflow-y: auto; font-size: 0.92em",
    )


@solara.component
def People(c: Classroom, lang: str):
    """Who has joined, and the trainer's way to give another role or remove someone."""
    _ = tick.value  # the session changes in place: draw again on every change
    with c.lock:  # participants join from other browsers meanwhile
        ps = list(c.participants.values())
        rows = people_rows(c, lang)
    solara.Text(
        t("cu.people", lang, n=len(ps)),
        style={"font-weight": "bold", "display": "block", "margin-top": "6px"},
        classes=["yz-cr-people-count"],
    )
    if not ps:
        solara.Text(t("cu.nobody", lang), style={"color": "#555"})
        return
    solara.HTML(
        tag="table",
        unsafe_innerHTML=rows,
        classes=["yz-cr-people"],
        style="display: block; max-height: 140px; overflow-y: auto",
    )
    names = [f"{p.name} · {role_name(p.role, lang)}" for p in ps]
    roles = [*ROLES, ""]
    role_labels = [role_name(r, lang) for r in roles]
    p = c.participants.get(managed.value)
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, classes=["yz-cr-manage"]):
        with solara.Column(style={"min-width": "180px"}):
            solara.Select(
                t("cu.manage", lang),
                value=names[ps.index(p)] if p is not None else None,
                values=names,
                on_value=lambda v: managed.set(ps[names.index(v)].token if v in names else ""),
                classes=["yz-cr-manage-who"],
            )
        if p is None:
            return
        with solara.Column(style={"min-width": "150px"}):
            solara.Select(
                t("cu.col.role", lang),
                value=role_name(managed_role.value or p.role, lang),
                values=role_labels,
                on_value=lambda v: managed_role.set(roles[role_labels.index(v)] or ""),
                classes=["yz-cr-manage-role"],
            )
        solara.Button(
            t("cu.assign", lang),
            on_click=lambda: act(c.assign, p.token, managed_role.value or p.role),
            classes=["yz-cr-assign"],
        )
        solara.Button(
            t("cu.remove", lang),
            color="error",
            outlined=True,
            on_click=lambda: (act(c.remove, p.token), managed.set("")),
            classes=["yz-cr-remove"],
        )


@solara.component
def Debrief(c: Classroom, lang: str):
    """After the last round: the two runs side by side, where they diverged and why.

    The debrief reruns the session once per played role: done in a thread, the page stays live.
    """
    _ = tick.value  # the session changes in place: draw again on every change
    runs = [(t("cu.run.class", lang), c.live), (t("cu.run.own", lang), c.own)]
    short = ((t("deb.class", lang), c.live), (t("deb.own", lang), c.own))  # the chart's labels
    task = solara.lab.use_task(
        lambda: debrief(c, lang), dependencies=[id(c), c.rev, lang], prefer_threaded=True
    )
    solara.Text(t("cu.debrief", lang), style={"font-size": "1.5em", "font-weight": "bold"})
    with solara.Columns([1, 1]):
        for (label, s), cls in zip(runs, ("class", "own"), strict=True):
            with solara.Column(classes=[f"yz-cr-run-{cls}"]):
                solara.Text(label, style={"font-weight": "bold"})
                Picture(c, s, lang, PAIR_PX, s.model.month)
    d = task.value if task.finished else None
    with solara.Columns([3, 2]):
        with solara.Column():
            Chart(c, short, lang, CHART_PX + 30, c.live.model.month)
            if d is not None:
                solara.HTML(
                    tag="table",
                    unsafe_innerHTML=debrief_table(d, lang),
                    classes=["yz-md", "yz-cr-debrief-table"],
                )
        with solara.Column(classes=["yz-cr-debrief"]):
            if task.error:
                solara.Error(t("cu.err.other", lang, msg=str(task.exception)))
            elif d is None:
                solara.ProgressLinear(True)
                solara.Text(t("cu.debrief_wait", lang))
            else:
                solara.HTML(tag="div", unsafe_innerHTML=debrief_html(d))
            Downloads(
                [
                    (lambda: BOM + export_csv(c), "yingzao-classroom.csv", "cu.download.csv"),
                    (
                        lambda: summary_md(c, lang),
                        "yingzao-classroom-summary.md",
                        "cu.download.summary",
                    ),
                ],
                lang,
            )
            Replay(c, c.round, lang)
