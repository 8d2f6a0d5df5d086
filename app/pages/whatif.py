"""What-if page: a community and a policy mix in plain terms; results in sentences, then charts."""

from __future__ import annotations

import functools
import logging
import time

import solara
import solara.lab
from yingzao.app import state
from yingzao.app.charts import chart_lang, png, whatif_figure
from yingzao.app.i18n import scenario_description, scenario_name, t
from yingzao.app.mix import FIELDS, STRATEGIES, active_errors, build, disabled
from yingzao.app.outcomes import headline, run, sentences, summary_csv
from yingzao.app.widgets import MD, NumberField
from yingzao.model.defaults import PROFILES
from yingzao.scenarios import builtin_names, load

from yingzao.errors import InputError

log = logging.getLogger(__name__)
PANELS = ("community", "money", "people", "timing", "runs")


@functools.cache
def presets() -> tuple[str, ...]:
    """Built-in scenarios a mix can start from (single communities only).

    Cached: the files ship with the package, and the workshop asks on every month it draws.
    """
    return tuple(n for n in builtin_names() if load(n).values["street.communities"] == 1)


@solara.lab.task(prefer_threaded=True)
def run_whatif(preset: str, mix: dict, label: str) -> None:
    """Run the mix; keep the last good result if this one fails."""
    t0 = time.perf_counter()
    try:
        scn = build(preset, mix)

        def progress(done: int, total: int) -> None:
            run_whatif.progress = 100.0 * done / total

        cmp = run([scn], int(mix["reps"]), [label], progress)
    except (InputError, ValueError) as e:
        state.whatif_error.set(str(e))
        return
    except Exception as e:  # a bug: say so on the page, keep the session and earlier results
        log.exception("what-if run failed")
        state.whatif_error.set(f"{type(e).__name__}: {e}")
        return
    state.whatif_error.set("")
    state.whatif.set((cmp, label, time.perf_counter() - t0, settings_key(preset, mix)))


def settings_key(preset: str, mix: dict) -> tuple:
    """What a result was computed from (to tell when the page's settings have moved on)."""
    return (preset, tuple(sorted(mix.items())))


def start_run() -> None:
    """Run the current mix (the Run button)."""
    if not active_errors(state.errors.value, state.mix.value) and not run_whatif.pending:
        state.running_reps.set(int(state.mix.value["reps"]))
        run_whatif(state.preset.value, dict(state.mix.value), state.preset.value)


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

    ids = presets()
    shown = [scenario_name(i, lang) for i in ids]

    def set_preset(label: str) -> None:
        name = ids[shown.index(label)]
        state.preset.set(name)
        state.mix.set({**state.default_mix(name), "reps": m["reps"]})
        state.raw.set({})
        state.errors.set({})

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
                ChoiceSelect("profile", PROFILES, "profile.", "yz-profile")
            if panel == "people":
                ChoiceSelect("ngo_strategy", STRATEGIES, "strategy.", "yz-ngo")
            for f in FIELDS:
                if f.group == panel:
                    NumberField(f.name, disabled=disabled(f.name, m))
            if panel == "people":
                solara.Checkbox(
                    label=t("field.federation", lang),
                    value=m["federation"],
                    on_value=lambda b: state.mix.set({**state.mix.value, "federation": b}),
                    disabled=m["ngo_strategy"] != "incubate",
                )
    # a second Run button where the inputs end, so nobody scrolls back up after editing
    solara.Button(
        t("run", lang),
        on_click=start_run,
        color="primary",
        disabled=bool(active_errors(state.errors.value, m)) or run_whatif.pending,
        classes=["yz-run-bottom"],
        style={"margin-top": "8px"},
    )


@solara.component
def Results():
    """Sentences first, then charts and downloads."""
    lang = state.lang.value
    res = state.whatif.value
    bad = bool(active_errors(state.errors.value, state.mix.value))
    with solara.Row(style={"align-items": "center"}):
        solara.Button(
            t("run", lang),
            on_click=start_run,
            color="primary",
            disabled=bad or run_whatif.pending,
            classes=["yz-run"],
        )
        if run_whatif.pending:
            p = run_whatif.progress or 0
            reps = state.running_reps.value
            solara.Text(
                t("running", lang, done=round(p * reps / 100), total=reps),
                classes=["yz-progress-text"],
            )
    # always there, so the page does not jump when a run ends
    solara.ProgressLinear(value=(run_whatif.progress or True) if run_whatif.pending else 0)
    if bad:
        solara.Error(t("err.fix_first", lang), classes=["yz-fix-first"])
    if state.whatif_error.value:
        solara.Error(t("err.run_failed", lang, msg=state.whatif_error.value))
    MD(f"### {t('results.title', lang)}")
    if res is None:
        solara.Info(t("results.none", lang))
        return
    cmp, label, secs, key = res
    stale = key != settings_key(state.preset.value, dict(state.mix.value))
    if stale:
        solara.Warning(t("stale", lang), classes=["yz-stale"])
    h = headline(cmp, label)
    with solara.Column(style={"opacity": "0.45" if stale else "1"}):
        with solara.Column(classes=["yz-sentences"]):
            for i, s in enumerate(sentences(h, lang)):
                MD(f"**{s}**" if i == 0 else s)
        MD(t("glossary", lang), style={"font-size": "0.85em", "color": "#555"})
        solara.Text(
            t("ran_in", lang, reps=h["reps"], secs=secs),
            style={"font-size": "0.75em", "color": "#777"},
        )
        solara.Warning(t("caveat", lang), dense=True)
        Charts(cmp, label, lang)


@solara.component
def Charts(cmp, label: str, lang: str):
    """The figure over months and the downloads."""
    MD(f"### {t('charts.title', lang)}")
    figure_png = solara.use_memo(
        lambda: png(whatif_figure(cmp, label, lang)), dependencies=[id(cmp), lang]
    )
    # a stable callable: FileDownload forgets a click when its data argument changes identity
    csv_data = solara.use_memo(lambda: lambda: summary_csv(cmp), dependencies=[id(cmp)])
    if lang == "zh" and chart_lang(lang) != "zh":
        solara.Warning(t("font.missing", lang))
    with solara.Row():
        solara.FileDownload(
            figure_png,
            filename="yingzao-whatif.png",
            label=t("download.png", lang),
            mime_type="image/png",
        )
        solara.FileDownload(
            csv_data,
            filename="yingzao-whatif.csv",
            label=t("download.csv", lang),
            mime_type="text/csv",
        )
    solara.Image(figure_png, classes=["yz-whatif-figure"])


@solara.component
def WhatIf():
    """The page."""
    lang = state.lang.value

    def first_run():
        if state.whatif.value is None:
            start_run()

    solara.use_effect(first_run, [])
    MD(f"## {t('whatif.title', lang)}")
    MD(t("whatif.intro", lang))
    with solara.Columns([1, 2]):
        with solara.Column():
            Controls()
        with solara.Column():
            Results()
