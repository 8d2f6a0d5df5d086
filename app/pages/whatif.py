"""What-if page: a community and a policy mix in plain terms; results in sentences, then charts."""

from __future__ import annotations

import logging
import time

import solara
import solara.lab
from yingzao.app import state
from yingzao.app.charts import chart_lang, png, whatif_figure
from yingzao.app.exports import runs_csv, settings_csv
from yingzao.app.i18n import scenario_description, scenario_name, t
from yingzao.app.mix import FIELDS, STRATEGIES, active_errors, build, disabled, presets
from yingzao.app.outcomes import Cancelled, headline
from yingzao.app.pages.share_panel import SharePanel
from yingzao.app.pages.why_panel import WhyPanel
from yingzao.app.sentences import sentences
from yingzao.app.street_view import (
    community_table,
    is_street,
    run_street,
    spread,
    streets,
    table_markdown,
)
from yingzao.app.street_view import figure as street_figure
from yingzao.app.uncertainty import double, run_both
from yingzao.app.uncertainty_view import UncertaintySwitch, explanation
from yingzao.app.uncertainty_view import sentences as uncertainty_sentences
from yingzao.app.widgets import MD, Downloads, NumberField
from yingzao.model.defaults import PROFILES
from yingzao.scenarios import load

from yingzao.errors import InputError

log = logging.getLogger(__name__)
PANELS = ("community", "money", "people", "timing", "runs")
_NOTE = {"font-size": "0.85em", "color": "#555"}


@solara.lab.task(prefer_threaded=True)
def run_whatif(preset: str, mix: dict, extra: dict, label: str, include: bool = True) -> None:
    """Run the mix; keep the last good result if this one fails or is cancelled.

    ``include``: parameter uncertainty too (a second pass at the defaults, same seeds).
    """
    t0 = time.perf_counter()
    try:
        scn = build(preset, mix, extra)

        def progress(done: int, total: int) -> None:
            if not run_whatif.is_current():  # Cancel: stop after the simulation that just ended
                raise Cancelled
            run_whatif.progress = 100.0 * done / total

        seed_only = None
        if is_street(preset):  # a street's runs use the calibrated defaults
            cmp, communities = run_street(scn, int(mix["reps"]), label, progress)
        else:
            runs = run_both([scn], int(mix["reps"]), [label], progress, include)
            cmp, seed_only, communities = runs.main, runs.seed_only, None
        if not run_whatif.is_current():  # Cancel after the last simulation: no results either
            raise Cancelled
    except Cancelled:
        return
    except (InputError, ValueError) as e:
        state.whatif_error.set(str(e))
        return
    except Exception as e:  # a bug: say so on the page, keep the session and earlier results
        log.exception("what-if run failed")
        state.whatif_error.set(f"{type(e).__name__}: {e}")
        return
    state.whatif_error.set("")
    state.street_communities.set(communities)
    key = settings_key(preset, mix, extra, include)
    state.whatif.set((cmp, label, time.perf_counter() - t0, key, seed_only))


def settings_key(preset: str, mix: dict, extra: dict | None = None, include: bool = True) -> tuple:
    """What a result was computed from (to tell when the page's settings have moved on).

    The uncertainty switch counts except for a street, whose runs use the defaults.
    """
    items = (preset, tuple(sorted(mix.items())), tuple(sorted((extra or {}).items())))
    return (*items, bool(include) and not is_street(preset))


def start_run() -> None:
    """Run the current mix (the Run button)."""
    if not active_errors(state.errors.value, state.mix.value) and not run_whatif.pending:
        p = state.preset.value
        include = state.uncertainty.value
        twice = double(include) and not is_street(p)
        state.running_reps.set(int(state.mix.value["reps"]) * (2 if twice else 1))
        run_whatif(p, dict(state.mix.value), dict(state.extra.value), p, include)


@solara.component
def ChoiceSelect(name: str, choices: tuple[str, ...], prefix: str, cls: str):
    """A drop-down for a text control, showing each choice in plain words."""
    lang = state.lang.value
    shown = [t(prefix + c, lang) for c in choices]

    def pick(label: str) -> None:
        state.mix.set({**state.mix.value, name: choices[shown.index(label)]})

    solara.Select(
        t(f"field.{name}", lang),
        value=t(prefix + state.mix.value[name], lang),
        values=shown,
        on_value=pick,
        classes=[cls],
    )


@solara.component
def Controls():
    """The input panels."""
    lang = state.lang.value
    m = state.mix.value

    ids = [*presets(), *streets()]
    shown = [scenario_name(i, lang) for i in ids]
    street = is_street(state.preset.value)

    def set_preset(label: str) -> None:
        name = ids[shown.index(label)]
        state.preset.set(name)
        state.mix.set({**state.default_mix(name), "reps": m["reps"]})
        state.raw.set({})
        state.errors.set({})
        state.extra.set({})

    SharePanel()
    solara.Select(
        t("preset", lang),
        value=scenario_name(state.preset.value, lang),
        values=shown,
        on_value=set_preset,
        classes=["yz-preset"],
    )
    name = state.preset.value
    solara.Text(
        scenario_description(name, load(name).description, lang), style={"font-size": "0.85em"}
    )
    for panel in PANELS:
        with solara.Card(t(f"panel.{panel}", lang), margin=0, classes=[f"yz-panel-{panel}"]):
            if panel == "community":
                if street:  # a street's communities have their own kinds and sizes
                    solara.Info(t("street.controls", lang), dense=True, classes=["yz-street-note"])
                else:
                    ChoiceSelect("profile", PROFILES, "profile.", "yz-profile")
            if panel == "people":
                ChoiceSelect("ngo_strategy", STRATEGIES, "strategy.", "yz-ngo")
            for f in FIELDS:
                if f.group == panel and not (street and f.name == "residents"):
                    NumberField(f.name, disabled=disabled(f.name, m))
            if panel == "runs" and not street:  # a street's runs use the defaults
                UncertaintySwitch(lang, "yz-unc-whatif")
            if panel == "people":
                solara.Checkbox(
                    label=t("field.federation", lang),
                    value=m["federation"],
                    on_value=lambda b: state.mix.set({**state.mix.value, "federation": b}),
                    disabled=m["ngo_strategy"] != "incubate",
                )
    # a second Run button where the inputs end, so nobody scrolls back up after editing
    RunButton(lang, "yz-run-bottom")


@solara.component
def RunButton(lang: str, cls: str):
    """Run, or Cancel while a run is going."""
    bad = bool(active_errors(state.errors.value, state.mix.value))
    if run_whatif.pending:
        solara.Button(
            t("cancel", lang),
            on_click=run_whatif.cancel,
            color="warning",
            classes=[f"{cls}-cancel", "yz-cancel"],
            style={"margin-top": "8px"} if cls == "yz-run-bottom" else {},
        )
    else:
        solara.Button(
            t("run", lang),
            on_click=start_run,
            color="primary",
            disabled=bad,
            classes=[cls],
            style={"margin-top": "8px"} if cls == "yz-run-bottom" else {},
        )


@solara.component
def FixFirst(lang: str):
    """Names the controls to fix; a click scrolls to the control and puts the cursor in it."""
    errs = active_errors(state.errors.value, state.mix.value)
    if not errs:
        return
    order = [f.name for f in FIELDS if f.name in errs]
    with solara.Column(classes=["yz-fix-first"], gap="0px"):
        solara.Error(t("err.fix_first", lang, n=len(order)), dense=True)
        with solara.Row(style={"flex-wrap": "wrap"}):
            for name in order:
                solara.Button(
                    t(f"field.{name}", lang),
                    text=True,
                    color="error",
                    classes=[f"yz-goto-{name}"],
                    style={"text-transform": "none"},
                    on_click=lambda name=name: state.scroll_to.set(
                        f".yz-field-{name}#{time.monotonic_ns()}"
                    ),
                )


@solara.component
def Results():
    """Sentences first, then charts and downloads."""
    lang = state.lang.value
    res = state.whatif.value
    with solara.Row(style={"align-items": "center"}):
        RunButton(lang, "yz-run")
        if run_whatif.pending:
            p = run_whatif.progress or 0
            reps = state.running_reps.value
            solara.Text(
                t("running", lang, done=round(p * reps / 100), total=reps),
                classes=["yz-progress-text"],
            )
    # always there, so the page does not jump when a run ends
    solara.ProgressLinear(value=(run_whatif.progress or True) if run_whatif.pending else 0)
    FixFirst(lang)
    if state.whatif_error.value:
        solara.Error(t("err.run_failed", lang, msg=state.whatif_error.value))
    MD(f"### {t('results.title', lang)}")
    if res is None:
        solara.Info(t("results.none", lang))
        return
    cmp, label, secs, key, seed_only = res
    now = settings_key(
        state.preset.value, dict(state.mix.value), dict(state.extra.value), state.uncertainty.value
    )
    stale = key != now
    if stale:
        solara.Warning(t("stale", lang), classes=["yz-stale"])
    h = headline(cmp, label)
    with solara.Column(style={"opacity": "0.45" if stale else "1"}):
        with solara.Column(classes=["yz-sentences"]):
            for i, s in enumerate(sentences(h, lang)):
                MD(f"**{s}**" if i == 0 else s)
        with solara.Column(classes=["yz-unc-sentences"]):
            for s in uncertainty_sentences(cmp, seed_only, label, lang):
                MD(s)
        MD(t("glossary", lang), style={"font-size": "0.85em", "color": "#555"})
        if not is_street(label):
            MD(explanation(cmp, seed_only, lang), classes=["yz-unc-explain"], style=_NOTE)
        ran = (
            t("unc.ran_in", lang, reps=2 * h["reps"], half=h["reps"], secs=secs)
            if seed_only is not None
            else t("ran_in", lang, reps=h["reps"], secs=secs)
        )
        solara.Text(ran, style={"font-size": "0.75em", "color": "#777"})
        solara.Warning(t("caveat", lang), dense=True)
        if state.street_communities.value and is_street(label):
            StreetSection(state.street_communities.value, lang)
        Charts(cmp, label, lang, seed_only)
    if not is_street(state.preset.value):
        WhyPanel(lang)


@solara.component
def StreetSection(communities: list, lang: str):
    """The street's communities: tiles by size and groups, and their table."""
    table = solara.use_memo(lambda: community_table(communities), dependencies=[id(communities)])
    fig = solara.use_memo(lambda: png(street_figure(table, lang)), dependencies=[id(table), lang])
    lo, hi = spread(table)
    MD(f"### {t('street.title', lang, n=len(table))}")
    solara.Text(t("street.spread", lang, lo=f"{lo:.2f}", hi=f"{hi:.2f}"))
    solara.Image(fig, classes=["yz-street-figure"])
    with solara.Column(style={"font-size": "0.85em"}):
        MD(table_markdown(table, lang), classes=["yz-street-table"])


@solara.component
def Charts(cmp, label: str, lang: str, seed_only=None):
    """The figure over months and the downloads."""
    MD(f"### {t('charts.title', lang)}")
    figure_png = solara.use_memo(
        lambda: png(whatif_figure(cmp, label, lang, seed_only)), dependencies=[id(cmp), lang]
    )
    # stable callables: FileDownload forgets a click when its data argument changes identity
    csv_data = solara.use_memo(
        lambda: lambda: runs_csv(cmp, lang, seed_only), dependencies=[id(cmp), lang]
    )
    settings_data = solara.use_memo(
        lambda: lambda: settings_csv(cmp, lang, seed_only), dependencies=[id(cmp), lang]
    )
    if lang == "zh" and chart_lang(lang) != "zh":
        solara.Warning(t("font.missing", lang))
    Downloads(
        [
            (figure_png, "yingzao-whatif.png", "download.png"),
            (csv_data, "yingzao-whatif.csv", "download.csv"),
            (settings_data, "yingzao-whatif-settings.csv", "download.settings"),
        ],
        lang,
    )
    solara.Image(figure_png, classes=["yz-whatif-figure"])


@solara.component
def WhatIf():
    """The page."""
    lang = state.lang.value

    def first_run():
        if state.whatif.value is None and not active_errors(state.errors.value, state.mix.value):
            start_run()

    solara.use_effect(first_run, [])
    MD(f"## {t('whatif.title', lang)}")
    MD(t("whatif.intro", lang))
    with solara.Columns([1, 2]):
        with solara.Column():
            Controls()
        with solara.Column():
            Results()
