"""Compare page: two to four mixes, paired runs, outcomes with intervals, differences, bands."""

from __future__ import annotations

import logging
import time

import solara
import solara.lab
from yingzao.app import state
from yingzao.app.brief import MixSource, brief_html
from yingzao.app.charts import compare_figure, png
from yingzao.app.compare_view import findings, rows, survival_basis
from yingzao.app.exports import runs_csv, settings_csv
from yingzao.app.i18n import MY_MIX, scenario_description, scenario_name, t
from yingzao.app.mix import COMPARE_REPS, Field, build, changed, parse, presets
from yingzao.app.outcomes import Cancelled
from yingzao.app.uncertainty import double, run_both
from yingzao.app.uncertainty_view import UncertaintySwitch, explanation, with_seed_rows
from yingzao.app.widgets import MD, Downloads, TextBox, error_text, fmt_value
from yingzao.scenarios import load

from yingzao.errors import InputError

log = logging.getLogger(__name__)


def resolve_slots(slots: list[str], residents: int, lang: str):
    """Scenarios, labels and what each is (empty slots are skipped).

    Every mix runs as long as the longest, so that "at the end" is the same month for all. The
    third value maps each label to the scenario it describes (for the what-if mix: its preset),
    so descriptions can be written in whatever language is on when they are shown.
    """
    scns, labels, desc = [], [], {}
    for s in slots:
        if not s:
            continue
        if s == MY_MIX:
            p, m, x = state.preset.value, dict(state.mix.value), dict(state.extra.value)
            scn = build(p, m, x)
            desc[s] = MixSource(p, changed(p, m), x)
        else:
            scn = load(s)
            desc[s] = MixSource(s)
        label = s  # shown by scenario_name, so a language switch renames it
        if label in labels:
            continue
        scns.append(scn.with_overrides({"community.residents": residents}))
        labels.append(label)
    months = max((s.values["run.months"] for s in scns), default=0)
    scns = [s.with_overrides({"run.months": months}) for s in scns]
    return scns, labels, desc


def describe(label: str, source: MixSource, lang: str) -> str:
    """One line on what a compared mix is, in ``lang``."""
    text = scenario_description(source.case, load(source.case).description, lang)
    if label == MY_MIX:
        return t("compare.my_mix_desc", lang, case=scenario_name(source.case, lang), desc=text)
    return text


@solara.lab.task(prefer_threaded=True)
def run_compare(
    slots: list[str], residents: int, reps: int, lang: str, include: bool = True
) -> None:
    """Run the comparison; keep the last good one if this fails.

    ``include``: parameter uncertainty too (a second pass at the defaults, same seeds).
    """
    t0 = time.perf_counter()
    try:
        scns, labels, desc = resolve_slots(slots, residents, lang)
        if len(scns) < 2:
            state.compare_error.set(t("err.need_two", lang))
            return

        def progress(done: int, total: int) -> None:
            if not run_compare.is_current():  # Cancel: stop after the simulation that just ended
                raise Cancelled
            run_compare.progress = 100.0 * done / total

        runs = run_both(scns, reps, labels, progress, include)
        if not run_compare.is_current():  # Cancel after the last simulation: no results either
            raise Cancelled
    except Cancelled:
        return
    except (InputError, ValueError) as e:
        state.compare_error.set(t("err.run_failed", lang, msg=str(e)))
        return
    except Exception as e:  # a bug: say so on the page, keep the session and earlier results
        log.exception("comparison failed")
        state.compare_error.set(t("err.run_failed", lang, msg=f"{type(e).__name__}: {e}"))
        return
    state.compare_error.set("")
    state.comparison.set((runs.main, time.perf_counter() - t0, desc, runs.seed_only))


@solara.component
def CheckedInput(label: str, field: str | Field, text: solara.Reactive[str]):
    """A number input for a compare-level setting, with an inline error."""
    lang = state.lang.value
    _, err = parse(field, text.value)

    def commit(s: str) -> str:
        v, e = parse(field, s)
        shown = s if e else fmt_value(v)
        text.set(shown)
        return shown

    TextBox(
        label,
        text.value,
        commit,
        error=error_text(err, lang) if err else "",
        cls=f"yz-cmp-{getattr(field, 'name', field)}",
    )


@solara.component
def Compare():
    """The page."""
    lang = state.lang.value
    names = presets()
    options = ["", MY_MIX, *names]
    shown = {"": t("compare.none", lang), MY_MIX: t("compare.my_mix", lang)}
    shown.update({n: scenario_name(n, lang) for n in names})
    back = {v: k for k, v in shown.items()}
    MD(f"## {t('compare.title', lang)}")
    MD(t("compare.intro", lang))
    slots = state.slots.value
    with solara.Row(style={"flex-wrap": "wrap"}):
        for i in range(4):

            def choose(label: str, i: int = i) -> None:
                new = list(state.slots.value)
                new[i] = back[label]
                state.slots.set(new)

            with solara.Column(style={"min-width": "240px", "max-width": "300px"}):
                solara.Select(
                    t("compare.slot", lang, i=i + 1),
                    value=shown[slots[i]],
                    values=[shown[o] for o in options],
                    on_value=choose,
                    classes=[f"yz-slot-{i + 1}"],
                )
                if slots[i] and slots[i] != MY_MIX:
                    text = scenario_description(slots[i], load(slots[i]).description, lang)
                    solara.Text(text, style={"font-size": "0.8em"})
    with solara.Row(style={"max-width": "720px"}):
        CheckedInput(
            t("compare.residents", lang) + " (200-20,000)", "residents", state.compare_residents
        )
        CheckedInput(t("compare.reps", lang) + " (2-30)", COMPARE_REPS, state.compare_reps)
    UncertaintySwitch(lang, "yz-unc-compare")
    residents, e1 = parse("residents", state.compare_residents.value)
    reps, e2 = parse(COMPARE_REPS, state.compare_reps.value)
    chosen = [s for s in slots if s]
    ok = e1 is None and e2 is None and len(set(chosen)) >= 2
    with solara.Row(style={"align-items": "center"}):
        if run_compare.pending:
            solara.Button(
                t("cancel", lang),
                color="warning",
                classes=["yz-compare-cancel", "yz-cancel"],
                on_click=run_compare.cancel,
            )
        else:
            solara.Button(
                t("compare.run", lang),
                color="primary",
                classes=["yz-compare-run"],
                disabled=not ok,
                on_click=lambda: run_compare(
                    list(slots), int(residents), int(reps), lang, state.uncertainty.value
                ),
            )
        if run_compare.pending:
            twice = 2 if double(state.uncertainty.value) else 1
            n = len(set(chosen)) * int(reps or 0) * twice
            p = run_compare.progress or 0
            solara.Text(t("running", lang, done=round(p * n / 100), total=n))
    # always there, so the page does not jump when a run ends
    solara.ProgressLinear(value=(run_compare.progress or True) if run_compare.pending else 0)
    if len(set(chosen)) < 2:
        solara.Error(t("err.need_two", lang))
    if e1 is not None or e2 is not None:
        bad = [t("compare.residents", lang)] * (e1 is not None) + [t("compare.reps", lang)] * (
            e2 is not None
        )
        solara.Error(
            t("err.fix_first", lang, n=len(bad)) + " " + "; ".join(bad), classes=["yz-fix-first"]
        )
    if state.compare_error.value:
        solara.Error(state.compare_error.value)
    res = state.comparison.value
    if res is None:
        solara.Info(t("compare.empty", lang))
        return
    cmp, secs, desc, seed_only = res
    years = cmp.months_by_scenario()[cmp.labels[0]] / 12
    solara.Text(t("compare.same_length", lang, years=f"{years:g}"), style={"font-size": "0.85em"})
    with solara.Column(classes=["yz-findings"]):
        for s in findings(cmp, lang):
            MD(f"- {s}")
    n_runs = cmp.reps * len(cmp.labels)
    ran = (
        t("unc.ran_in", lang, reps=2 * n_runs, half=n_runs, secs=secs)
        if seed_only is not None
        else t("ran_in", lang, reps=n_runs, secs=secs)
    )
    solara.Text(ran, style={"font-size": "0.8em"})
    MD(explanation(cmp, seed_only, lang), classes=["yz-unc-explain"], style={"font-size": "0.85em"})
    table = with_seed_rows(rows(cmp, lang), rows(seed_only, lang) if seed_only else None, lang)
    names = [scenario_name(lab, lang) for lab in cmp.labels]
    head = [t("compare.col.metric", lang), *names]
    head += [t("compare.col.diff", lang, a=names[0], b=n) for n in names[1:]]
    md = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    md += ["| " + " | ".join([r["name"], *r["cells"], *r["diffs"]]) + " |" for r in table]
    MD(
        f"#### {t('compare.table', lang)}\n\n"
        + "\n".join(md)
        + f"\n\n\\* {t('compare.star', lang)}. {t('compare.cost_note', lang)}",
        classes=["yz-compare-table"],
    )
    MD(
        f"#### {t('compare.basis_title', lang)}\n\n"
        + "\n".join(f"- {x}" for x in survival_basis(cmp, lang)),
        classes=["yz-survival-basis"],
    )
    CompareCharts(cmp, lang, desc, seed_only)


@solara.component
def CompareCharts(cmp, lang: str, desc: dict, seed_only=None):
    """The bands figure, the caveat and the downloads."""
    fig_png = solara.use_memo(
        lambda: png(compare_figure(cmp, lang, seed_only=seed_only)), dependencies=[id(cmp), lang]
    )
    # stable callables: FileDownload forgets a click when its data argument changes identity
    csv_data = solara.use_memo(
        lambda: lambda: runs_csv(cmp, lang, seed_only), dependencies=[id(cmp), lang]
    )
    settings_data = solara.use_memo(
        lambda: lambda: settings_csv(cmp, lang, seed_only), dependencies=[id(cmp), lang]
    )
    brief_data = solara.use_memo(
        lambda: (
            lambda: brief_html(
                cmp,
                lang,
                desc,
                {lab: describe(lab, src, lang) for lab, src in desc.items()},
                seed_only,
            )
        ),
        dependencies=[id(cmp), lang],
    )
    solara.Warning(t("caveat", lang), dense=True)
    Downloads(
        [
            (fig_png, "yingzao-compare.png", "download.png"),
            (csv_data, "yingzao-compare.csv", "download.csv"),
            (settings_data, "yingzao-compare-settings.csv", "download.settings"),
            (brief_data, "yingzao-brief.html", "download.brief"),
        ],
        lang,
    )
    solara.Image(fig_png, classes=["yz-compare-figure"])
