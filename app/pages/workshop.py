"""Workshop page: a community month by month, for a room.

Step or play, change policy live, go back to an earlier month, branch and play two futures side
by side; click a building or a group's badge to see who is in it and its story.
"""

from __future__ import annotations

import asyncio
import csv
import io

import solara
import solara.lab
from yingzao.app import state
from yingzao.app.exports import BOM
from yingzao.app.i18n import scenario_name, t
from yingzao.app.mix import parse, presets
from yingzao.app.neighbourhood import LEVELS
from yingzao.app.pages.workshop_detail import BuildingPanel, EventLog, GroupPanel
from yingzao.app.units import month_text
from yingzao.app.widgets import MD, TextBox, error_text, fmt_value
from yingzao.app.workshop_session import Session
from yingzao.app.workshop_state import (
    BACK,
    back_to,
    branch,
    bump,
    keep,
    live,
    live_note,
    loop_token,
    new_session,
    playing,
    png_rev,
    rebuild,
    runs,
    selected,
    speed,
    start_branch,
    step_once,
    target,
    ws_case,
    ws_residents,
)
from yingzao.app.workshop_widgets import LiveChart, Neighbourhood, chart_data, colors


@solara.component
def Workshop():
    """The page."""
    lang = state.lang.value
    big = state.presentation.value
    # not the step counter: the parts that change with the month read it themselves, so a
    # step does not re-render the set-up row
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
            rs = runs()
            if not rs:
                break
            for _, s in rs:
                if not s.step(if_current=lambda: loop_token.value is me):
                    return
            bump()
            spent = sum(s.step_ms for _, s in rs) / 1000
            await asyncio.sleep(max(0.01, 1.0 / speed.value - spent))

    solara.lab.use_task(loop, dependencies=[playing.value, speed.value])

    if not big:  # a projector shows the community, not the set-up
        MD(f"## {t('ws.title', lang)}")
        SetUp(lang)
    if sess is None or rebuild.pending:
        solara.ProgressLinear(True)
        if rebuild.pending:
            solara.Text(t("ws.rebuilding", lang))
        return
    Controls(lang, big)
    rs = runs()
    if len(rs) == 1:
        Single(sess, lang, big)
    else:
        Branched(rs, lang, big)


@solara.component
def Status(s: Session, lang: str, big: bool, label: str = ""):
    """The month and the counts, large."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    c = s.counts()
    month = s.model.month
    when = month_text(month, lang) if month else t("ws.month0", lang)
    when = when[0].upper() + when[1:]
    with solara.Row(style={"align-items": "baseline", "flex-wrap": "wrap", "gap": "20px"}):
        solara.Text(
            (f"{label}: " if label else "") + when,
            style={"font-size": "2.0em" if big else "1.35em", "font-weight": "bold"},
            classes=["yz-ws-month"],
        )
        solara.Text(
            t("ws.counts", lang, f=c["f"], r=c["r"], p=f"{c['p']:.1f}"),
            style={"font-size": "1.3em" if big else "1em"},
            classes=["yz-ws-counts"],
        )


@solara.component
def Controls(lang: str, big: bool):
    """Step, play, speed, presentation; live buttons; go back and branch."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    s = state.workshop.value
    branched = branch.value is not None
    with solara.Row(
        style={"align-items": "center", "flex-wrap": "wrap"}, classes=["yz-ws-controls"]
    ):
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
        with solara.Column(style={"min-width": "260px"}):
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
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, classes=["yz-ws-live"]):
        solara.Text(t("ws.live", lang) + ":", style={"font-weight": "bold"})
        if branched:
            solara.ToggleButtonsSingle(
                value=target.value, values=["A", "B"], on_value=target.set, classes=["yz-ws-target"]
            )
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
    if live_note.value:
        solara.Warning(live_note.value[lang], dense=True, classes=["yz-live-note"])
    month = s.model.month
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}, classes=["yz-ws-time"]):
        if month > 0 and not branched:
            want = min(back_to.value, month - 1)

            def commit(text: str) -> str:
                v, e = parse(BACK, text)
                if e is None and v < month:
                    back_to.set(int(v))
                    return str(int(v))
                return text

            v, e = parse(BACK, str(back_to.value))
            bad = back_to.value >= month
            with solara.Column(style={"width": "190px"}):
                TextBox(
                    t("ws.back_to", lang),
                    str(want),
                    commit,
                    error=t("ws.back_range", lang, m=month - 1) if bad else "",
                    cls="yz-ws-back-month",
                )
            solara.Button(
                t("ws.go_back", lang, m=want),
                on_click=lambda: rebuild(want),
                disabled=playing.value,
                classes=["yz-ws-go-back"],
            )
        if not branched:
            solara.Button(
                t("ws.branch", lang),
                on_click=start_branch,
                disabled=playing.value,
                outlined=True,
                classes=["yz-ws-branch"],
            )
        else:
            solara.Text(t("ws.branched", lang), style={"font-size": "0.9em"})
            solara.Button(
                t("ws.keep", lang, r="A"),
                on_click=lambda: keep("A"),
                outlined=True,
                classes=["yz-ws-keep-a"],
            )
            solara.Button(
                t("ws.keep", lang, r="B"),
                on_click=lambda: keep("B"),
                outlined=True,
                classes=["yz-ws-keep-b"],
            )


def _pick(run: str):
    def pick(data: dict) -> None:
        kind = (data or {}).get("kind")
        if kind in ("group", "building"):
            selected.set({"kind": kind, "id": int(data.get("id", -1)), "run": run})
        else:
            selected.set(None)

    return pick


@solara.component
def Picture(s: Session, run: str, lang: str, big: bool, max_height: int):
    """One run's neighbourhood picture."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    sel = selected.value if selected.value and selected.value.get("run") == run else None
    fr = s.frame(lang)
    Neighbourhood(
        plan=s.layout,
        frame=fr,
        colors=colors(),
        selected=sel,
        big=big,
        max_height=max_height,
        fit_below=24 if big else 0,
        month=s.model.month,
        png_rev=png_rev.value if run == "A" else 0,
        png_name="yingzao-neighbourhood.png",
        building_fmt=t("ws.building_fmt", lang),
        event_pick=_pick(run),
    )


@solara.component
def Legend(lang: str, big: bool):
    """What the colours and badges mean (HTML, so it scales with the page)."""
    dot = '<span style="color: {c}; font-size: 1.3em; line-height: 1">&#9679;</span> {label}'
    items = [
        dot.format(c=colors()[k], label=t(f"level.{name}", lang)) for k, name in enumerate(LEVELS)
    ]
    items.append(
        '<span style="background: #1b7837; color: #fff; padding: 0 5px; border-radius: 2px">'
        f"{t('legend.badge', lang)}</span>"
    )
    items.append(t("legend.rec", lang))
    # two columns beside the picture on a projector, one line under it otherwise
    grid = "grid-template-columns: 1fr 1fr" if big else "grid-template-columns: repeat(4, auto)"
    html = "".join(f"<div>{x}</div>" for x in items)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=html,
        style=f"display: grid; {grid}; gap: 2px 14px; font-size: {'0.78em' if big else '0.85em'}",
        classes=["yz-legend"],
    )


@solara.component
def Detail(lang: str, big: bool):
    """The picked group or building, if any."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    sel = selected.value
    if not sel:
        return
    s = branch.value if sel.get("run") == "B" and branch.value is not None else state.workshop.value
    if s is None:
        return
    if sel["kind"] == "group" and 0 <= sel["id"] < s.model.orgs.n:
        GroupPanel(s, sel["id"], lang, big)
    elif sel["kind"] == "building" and 0 <= sel["id"] < s.model.n_buildings:
        BuildingPanel(s, sel["id"], lang, big)


@solara.component
def Single(s: Session, lang: str, big: bool):
    """One run: the picture on the left; the chart, the picked group and the log on the right."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    Status(s, lang, big)
    with solara.Columns([7, 3] if big else [3, 2]):
        with solara.Column():
            Picture(s, "A", lang, big, 0 if big else 620)
            if not big:
                Legend(lang, big)
                solara.Text(t("ws.network_note", lang), style={"font-size": "0.8em"})
                Exports(s, lang)
        with solara.Column(classes=["yz-ws-side"]):
            if big:  # on a projector the legend sits where the eye goes from the picture
                Legend(lang, big)
            LiveChart(
                chart=chart_data(runs(), lang), height=190 if big else 210, font=16 if big else 12
            )
            Detail(lang, big)
            EventLog(s, lang, big, max_height="240px" if big else "460px")


@solara.component
def Branched(rs: list[tuple[str, Session]], lang: str, big: bool):
    """Two runs side by side, the chart of both below, the log of the run being changed."""
    _ = state.workshop_tick.value  # a session changes in place: re-render on every step
    with solara.Columns([1, 1]):
        for label, s in rs:
            with solara.Column(classes=[f"yz-run-{label.lower()}"]):
                Status(s, lang, big, label=label)
                Picture(s, label, lang, big, 0 if big else 400)
    Legend(lang, big)
    with solara.Columns([3, 2]):
        with solara.Column():
            LiveChart(chart=chart_data(rs, lang), height=220, font=17 if big else 12)
            Detail(lang, big)
        with solara.Column():
            s = dict(rs).get(target.value, rs[0][1])
            EventLog(s, lang, big, max_height="300px")


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

        def commit(text: str) -> str:
            v, e = parse("residents", text)
            shown_text = text if e else fmt_value(v)
            ws_residents.set(shown_text)
            return shown_text

        TextBox(
            t("ws.residents", lang) + " (200-20,000)",
            ws_residents.value,
            commit,
            error=error_text(err, lang) if err else "",
            cls="yz-ws-residents",
        )
        solara.Button(
            t("ws.new", lang), on_click=new_session, disabled=err is not None, classes=["yz-ws-new"]
        )


@solara.component
def Exports(s: Session, lang: str):
    """The picture as PNG (drawn by the browser) and the log as CSV, as they are when clicked."""
    log_csv = solara.use_memo(lambda: lambda: log_to_csv(s, lang), dependencies=[id(s), lang])
    with solara.Row():
        solara.Button(
            t("download.picture", lang),
            icon_name="mdi-cloud-download-outline",
            on_click=lambda: png_rev.set(png_rev.value + 1),
            classes=["yz-ws-png"],
        )
        solara.FileDownload(
            log_csv,
            filename="yingzao-events.csv",
            label=t("download.events", lang),
            mime_type="text/csv",
        )


def log_to_csv(s: Session, lang: str) -> str:
    """The log as CSV: month (counted from 1), kind, text in ``lang``."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([t("col.month", lang), t("col.kind", lang), t("col.event", lang)])
    for month, kind, text in s.story.log:
        w.writerow([month, kind, text[lang]])
    return BOM + buf.getvalue()
