"""The what-if page's "why" and "what matters most" views, each run on request."""

from __future__ import annotations

import logging

import solara
import solara.lab
from yingzao.app import state, what_matters, why
from yingzao.app.i18n import num, t
from yingzao.app.mix import build
from yingzao.app.outcomes import Cancelled
from yingzao.app.widgets import MD

log = logging.getLogger(__name__)
WHY_REPS = 5  # paired runs per switch: enough to see effects of a few groups
MAX_RESIDENTS = 2000

why_result = solara.reactive(None)  # (Comparison, settings key, residents)
matters_result = solara.reactive(None)  # (Ranking, settings key)
why_error = solara.reactive("")


def _scenario() -> tuple:
    """The page's mix, at most 2,000 residents (the views run many simulations)."""
    scn = build(state.preset.value, dict(state.mix.value), dict(state.extra.value))
    n = min(int(scn.values["community.residents"]), MAX_RESIDENTS)
    key = (
        state.preset.value,
        tuple(sorted(state.mix.value.items())),
        tuple(sorted(state.extra.value.items())),
    )
    return scn.with_overrides({"community.residents": n}), key, n


@solara.lab.task(prefer_threaded=True)
def run_why() -> None:
    """The mix without each mechanism, on the same seeds."""
    scn, key, n = _scenario()
    reps = min(WHY_REPS, max(2, int(state.mix.value["reps"])))

    def progress(done: int, total: int) -> None:
        if not run_why.is_current():
            raise Cancelled
        run_why.progress = 100.0 * done / total

    try:
        why_result.set((why.run_without(scn, reps, progress), key, n))
        why_error.set("")
    except Cancelled:
        return
    except Exception as e:  # a bug: say so, keep the page
        log.exception("why view failed")
        why_error.set(f"{type(e).__name__}: {e}")


@solara.lab.task(prefer_threaded=True)
def run_matters() -> None:
    """A small Morris screening of the hand-set parameters on the mix."""
    scn, key, _ = _scenario()

    def progress(done: int, total: int) -> None:
        if not run_matters.is_current():
            raise Cancelled
        run_matters.progress = 100.0 * done / total

    try:
        matters_result.set((what_matters.screen(scn, progress=progress), key))
        why_error.set("")
    except Cancelled:
        return
    except Exception as e:  # a bug: say so, keep the page
        log.exception("what-matters view failed")
        why_error.set(f"{type(e).__name__}: {e}")


@solara.component
def Progress(task, key: str, lang: str, total: int):
    """Cancel and progress while a view runs."""
    p = task.progress or 0
    with solara.Row(style={"align-items": "center"}):
        solara.Button(
            t("cancel", lang), on_click=task.cancel, color="warning", classes=["yz-cancel"]
        )
        solara.Text(t(key, lang, done=round(p * total / 100), total=total))
    solara.ProgressLinear(value=p or True)


@solara.component
def WhyPanel(lang: str):
    """Both views, below the what-if results."""
    _, key, n = _scenario()
    keys = why.switches()
    with solara.Card(t("why.title", lang), margin=0, classes=["yz-why"]):
        solara.Text(t("why.intro", lang), style={"font-size": "0.9em"})
        if not keys:
            solara.Info(t("why.none", lang))
        elif run_why.pending:
            reps = min(WHY_REPS, max(2, int(state.mix.value["reps"])))
            Progress(run_why, "why.running", lang, (len(keys) + 1) * reps)
        else:
            solara.Button(
                t("why.run", lang), on_click=run_why, outlined=True, classes=["yz-why-run"]
            )
        res = why_result.value
        if res is not None:
            cmp, at, people = res
            if at != key:
                solara.Warning(t("stale", lang), dense=True)
            with solara.Column(
                classes=["yz-why-sentences"], style={"opacity": "1" if at == key else "0.5"}
            ):
                for s in why.sentences(cmp, lang):
                    MD(f"- {s}")
            solara.Text(
                t("why.note", lang, n=len(cmp.labels) - 1, reps=cmp.reps, people=num(people)),
                style={"font-size": "0.8em", "color": "#666"},
            )
    with solara.Card(t("matters.title", lang), margin=0, classes=["yz-matters"]):
        solara.Text(t("matters.intro_short", lang), style={"font-size": "0.9em"})
        if run_matters.pending:
            Progress(
                run_matters,
                "matters.running",
                lang,
                what_matters.PATHS * (len(what_matters.uncertain()) + 1),
            )
        else:
            solara.Button(
                t("matters.run", lang),
                on_click=run_matters,
                outlined=True,
                classes=["yz-matters-run"],
            )
        res = matters_result.value
        if res is not None:
            ranking, at = res
            if at != key:
                solara.Warning(t("stale", lang), dense=True)
            with solara.Column(classes=["yz-matters-sentences"]):
                for i, s in enumerate(what_matters.sentences(ranking, lang)):
                    MD(s if i == 0 else f"- {s}")
    if why_error.value:
        solara.Error(t("err.run_failed", lang, msg=why_error.value))
