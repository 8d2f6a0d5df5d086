"""Workshop page: step or play a community, watch the network, read the log, change policy live."""

from __future__ import annotations

import asyncio
import csv
import io
import math

import solara
import solara.lab
from yingzao.app import state
from yingzao.app.events_text import event_text
from yingzao.app.i18n import scenario_name, t
from yingzao.app.mix import parse, presets
from yingzao.app.widgets import MD, error_text
from yingzao.app.workshop_session import Session

playing = solara.reactive(False)
speed = solara.reactive(4)
loop_token = solara.reactive(None)  # the one play loop allowed to step (per session)
ws_case = solara.reactive(state.DEFAULT_PRESET)
ws_residents = solara.reactive(str(state.DEFAULT_RESIDENTS))

LOG_LINES = 30


def _bump() -> None:
    state.workshop_tick.set(state.workshop_tick.value + 1)


def new_session() -> None:
    """A fresh community from the chosen case and size."""
    v, err = parse("residents", ws_residents.value)
    if err is not None:
        return
    playing.set(False)
    state.workshop.set(Session.new(ws_case.value, int(v), lang=state.lang.value))
    _bump()


def step_once() -> None:
    """One month."""
    s = state.workshop.value
    if s is not None:
        s.step(state.lang.value)
        _bump()


def live(what: str) -> None:
    """A live intervention from the coming month."""
    s = state.workshop.value
    if s is not None:
        s.intervene(what)
        _bump()


@solara.component
def EventLog(events: list, lang: str, big: bool):
    """The newest events first, in plain language."""
    events = events[-LOG_LINES:][::-1]
    MD(f"### {t('ws.log', lang)}")
    size = "1.35em" if big else "0.95em"
    with solara.Column(
        classes=["yz-log"],
        style={"font-size": size, "max-height": "640px", "overflow-y": "auto", "gap": "2px"},
    ):
        if not events:
            solara.Text(t("ws.log_empty", lang))
        for m, kind, text in events:
            weight = "bold" if kind in ("live", "withdrawal", "ngo", "crisis", "federation") else ""
            solara.Text(  # event month index m is the (m + 1)-th month
                t("ws.log_line", lang, m=m + 1, text=event_text(text, lang)),
                style={"font-weight": weight},
            )


@solara.component
def Workshop():
    """The page."""
    lang = state.lang.value
    big = state.presentation.value
    tick = state.workshop_tick.value  # noqa: F841 - re-render on every step
    sess = state.workshop.value

    def ensure():
        if state.workshop.value is None:
            new_session()
        return lambda: playing.set(False)  # leaving the page pauses the play loop

    solara.use_effect(ensure, [])

    async def loop():
        # Only the newest loop steps: an older one (from before a speed change, or from a page
        # left and opened again) sees another token and ends. Steps and live interventions hold
        # the session's lock, so an intervention lands between two months, never inside one.
        me = object()
        loop_token.set(me)
        while playing.value and loop_token.value is me:
            s = state.workshop.value
            if s is None or not s.step(state.lang.value, if_current=lambda: loop_token.value is me):
                break
            _bump()
            await asyncio.sleep(max(0.01, 1.0 / speed.value - s.step_ms / 1000))

    solara.lab.use_task(loop, dependencies=[playing.value, speed.value])

    if sess is not None and (sess.lang, sess.big) != (lang, big):
        sess.draw(lang, big)
    if not big:  # a projector shows the community, not the set-up
        MD(f"## {t('ws.title', lang)}")
        SetUp(lang)
    if sess is None:
        solara.ProgressLinear(True)
        return
    c = sess.counts()
    month = sess.model.month
    with solara.Row(style={"align-items": "baseline", "flex-wrap": "wrap", "gap": "24px"}):
        solara.Text(
            t("ws.month", lang, m=month, y=max(1, math.ceil(month / 12))),
            style={"font-size": "2.2em" if big else "1.4em", "font-weight": "bold"},
            classes=["yz-ws-month"],
        )
        solara.Text(
            t("ws.counts", lang, f=c["f"], r=c["r"], p=f"{c['p']:.1f}"),
            style={"font-size": "1.5em" if big else "1em"},
            classes=["yz-ws-counts"],
        )
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Button(
            t("ws.step", lang), on_click=step_once, disabled=playing.value, classes=["yz-ws-step"]
        )
        if playing.value:
            solara.Button(
                t("ws.pause", lang),
                on_click=lambda: playing.set(False),
                color="warning",
                classes=["yz-ws-pause"],
            )
        else:
            solara.Button(
                t("ws.play", lang),
                on_click=lambda: playing.set(True),
                color="primary",
                classes=["yz-ws-play"],
            )
        with solara.Column(style={"min-width": "320px"}):
            solara.SliderInt(  # the value shows in the label: a projector needs no hover
                f"{t('ws.speed', lang)}: {speed.value}",
                value=speed.value,
                min=1,
                max=10,
                on_value=speed.set,
                thumb_label=True,
            )
        solara.Switch(
            label=t("ws.present", lang),
            value=state.presentation.value,
            on_value=state.presentation.set,
            classes=["yz-present"],
        )
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(t("ws.live", lang) + ":", style={"font-weight": "bold"})
        solara.Button(
            t("ws.training", lang), on_click=lambda: live("training"), classes=["yz-ws-training"]
        )
        solara.Button(
            t("ws.withdraw", lang),
            on_click=lambda: live("withdraw"),
            color="error",
            classes=["yz-ws-withdraw"],
        )
        solara.Button(
            t("ws.crisis", lang), on_click=lambda: live("crisis"), classes=["yz-ws-crisis"]
        )
    with solara.Columns([3, 2] if big else [5, 3]):
        with solara.Column():
            solara.Image(sess.frame, classes=["yz-network"])
            solara.Text(t("ws.network_note", lang), style={"font-size": "0.8em"})
            if not big:
                Exports(sess, lang)
        with solara.Column():
            EventLog(list(sess.model.events), lang, big)


@solara.component
def SetUp(lang: str):
    """Choose the case and the community size, and restart."""
    ids = presets()
    shown = [scenario_name(i, lang) for i in ids]
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        with solara.Column(style={"min-width": "320px"}):
            solara.Select(
                t("ws.scenario", lang),
                value=scenario_name(ws_case.value, lang),
                values=shown,
                on_value=lambda label: ws_case.set(ids[shown.index(label)]),
                classes=["yz-ws-case"],
            )
        _, err = parse("residents", ws_residents.value)
        solara.InputText(
            t("ws.residents", lang) + " (200-20,000)",
            value=ws_residents.value,
            on_value=lambda s: ws_residents.set(s or ""),
            continuous_update=False,
            error=error_text(err, lang) if err else False,
            classes=["yz-ws-residents"],
        )
        solara.Button(
            t("ws.new", lang), on_click=new_session, disabled=err is not None, classes=["yz-ws-new"]
        )


@solara.component
def Exports(sess: Session, lang: str):
    """The picture as PNG and the event log as CSV, as they are when clicked.

    The data are callables that read the session at the click and keep their identity from step
    to step: a new value each month would make every FileDownload reset and start a thread.
    """
    frame = solara.use_memo(lambda: lambda: sess.frame, dependencies=[id(sess)])
    log_csv = solara.use_memo(
        lambda: lambda: events_csv(sess.model.events, lang), dependencies=[id(sess), lang]
    )
    with solara.Row():
        solara.FileDownload(
            frame,
            filename="yingzao-network.png",
            label=t("download.network", lang),
            mime_type="image/png",
        )
        solara.FileDownload(
            log_csv,
            filename="yingzao-events.csv",
            label=t("download.events", lang),
            mime_type="text/csv",
        )


def events_csv(events: list[tuple[int, str, str]], lang: str) -> str:
    """The event log as CSV: month (counted from 1), kind, text in ``lang``."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["month", "kind", "event"])
    for m, kind, text in events:
        w.writerow([m + 1, kind, event_text(text, lang)])
    return buf.getvalue()
