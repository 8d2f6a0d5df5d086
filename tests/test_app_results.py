"""Runs, sentences, comparison rows, the brief and the charts of the app."""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from yingzao.app import exports, mix, outcomes
from yingzao.app.brief import MixSource, brief_html
from yingzao.app.charts import chart_lang, cjk_font, compare_figure, png, whatif_figure
from yingzao.app.compare_view import COSTS, OUTCOMES, findings, rows
from yingzao.app.i18n import LANGS, scenario_name, t
from yingzao.app.sentences import sentences
from yingzao.experiments.compare import compare
from yingzao.scenarios import load

import yingzao

PNG = b"\x89PNG\r\n\x1a\n"


# --- outcomes ------------------------------------------------------------------------------


def _small_mix(**change) -> yingzao.Scenario:
    m = {**mix.from_scenario(load("support-3y")), "residents": 800, "years": 5, **change}
    return mix.build("support-3y", m)


@pytest.fixture(scope="module")
def whatif_run():
    calls: list[tuple[int, int]] = []
    cmp = outcomes.run(
        [_small_mix()], reps=3, labels=["x"], progress=lambda d, n: calls.append((d, n))
    )
    return cmp, calls


def test_run_headline_and_progress(whatif_run):
    cmp, calls = whatif_run
    assert cmp.labels == ["x"] and cmp.reps == 3
    assert len(cmp.summaries) == 3
    assert calls and calls[-1] == (3, 3)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert all(n == 3 for _, n in calls)
    h = outcomes.headline(cmp, "x")
    keys = {
        "label",
        "reps",
        "residents",
        "profile",
        "years",
        "withdrawal_month",
        "withdrawal_set",
        "functional",
        "share",
        "participation",
        "needs_met",
        "money",
        "at_withdrawal",
        "survival",
    }
    assert keys <= set(h)
    assert (h["label"], h["reps"], h["residents"], h["profile"]) == ("x", 3, 800, "old-courtyard")
    assert h["years"] == 5 and h["withdrawal_month"] == 36 and h["withdrawal_set"] is True
    s = cmp.summaries
    assert h["functional"][0] == pytest.approx(s["orgs_functional"].mean())
    assert h["functional"][1] <= h["functional"][0] <= h["functional"][2]
    assert h["money"][0] == pytest.approx(s["outside_money_spent"].mean())
    assert h["money"][0] > 0


def test_sentences_of_a_run(whatif_run):
    cmp, _ = whatif_run
    h = outcomes.headline(cmp, "x")
    for lang in LANGS:
        out = sentences(h, lang)
        # groups, survival, participation, (registration), needs and money, cost, the runs
        assert len(out) == 6 + ("registered_per_1000" in h) and all(s.strip() for s in out)
        assert out[1] != t("s.no_withdrawal", lang)
        assert t(f"profile.{h['profile']}", lang) in out[-1]
    en = sentences(h, "en")
    assert en[0].startswith("After 5 years about ")
    assert en[1].startswith("When all outside money stops after month 36 (end of year 3)")
    assert any(
        s.startswith("Outside money per functional group active at the end: about ") for s in en
    )
    if "active_share" in h:
        assert en[2].startswith("About ") and "are active residents" in en[2]
    zh = sentences(h, "zh")
    assert zh[1].startswith("第 36 个月（第 3 年年末）之后外部资金全部撤出时")
    assert sum("万元" in s for s in zh) >= 2


def test_survival_without_a_withdrawal_uses_the_end_of_support():
    m = {**mix.from_scenario(load("incubation")), "residents": 800, "years": 8}
    # the contract runs its term (no funder review that may end it early and leave no group)
    scn = mix.build("incubation", m).with_overrides({"mech.funder_review": False})
    cmp = outcomes.run([scn], reps=2, labels=["nw"])
    h = outcomes.headline(cmp, "nw")
    assert h["withdrawal_set"] is False and h["withdrawal_month"] is None
    en = sentences(h, "en")[1]
    if not outcomes.has_support_keys(cmp.summaries):
        assert en == t("s.no_withdrawal", "en")  # a model that reports withdrawals only
        pytest.skip("the model has no support_end_* summary keys yet (Model 2.0)")
    # the NGO contract is the outside-funded policy: its end is the end of support
    assert h["support_basis"] == "end of support" and h["support_end"] is not None
    assert h["support_end"] == cmp.summaries["support_end_month"].iloc[0]
    assert en.startswith("No withdrawal is set, so survival is counted from the end of outside")
    assert not np.isnan(h["survival"][0])


def _headline(**change) -> dict:
    h = {
        "label": "x",
        "reps": 4,
        "residents": 1000,
        "profile": "migrant-area",
        "years": 10.0,
        "months": 120,
        "withdrawal_month": 36,
        "withdrawal_set": True,
        "withdrawal_after_run": False,
        "withdrawal_planned": 36,
        "support_end": 36,
        "support_basis": "withdrawal",
        "support_known": True,
        "functional": (4.0, 2.0, 6.0),
        "share": (25.0, 20.0, 30.0),
        "participation": (3.25, 2.0, 4.0),
        "needs_met": (40.0, 30.0, 50.0),
        "money": (1_234_567.0, 1e6, 1.5e6),
        "support_years": 10.0,
        "at_end": (5.0, 3.0, 7.0),
        "alive_24m": (3.0, 2.0, 4.0),
        "survival": (60.0, 40.0, 80.0),
        "crisis": None,
    }
    h.update(change)
    h["cost"] = outcomes.costs(h)
    return h


def test_sentence_branches():
    nan3 = (math.nan,) * 3
    when = {"en": "month 36 (end of year 3)", "zh": "第 36 个月（第 3 年年末）"}
    cases = {
        "s.survival_withdrawal": _headline(),
        "s.survival_end": _headline(support_basis="end of support", withdrawal_set=False),
        "s.no_withdrawal": _headline(support_end=None, support_known=False, withdrawal_set=False),
        "s.support_past_run": _headline(support_end=None, withdrawal_set=False),
        "s.no_outside": _headline(support_end=None, money=(0.0, 0.0, 0.0)),
        "s.too_late": _headline(at_end=nan3),
        "s.too_late_withdrawal": _headline(survival=nan3),
        "s.too_late_end": _headline(survival=nan3, support_basis="end of support"),
        "s.no_functional_at_withdrawal": _headline(at_end=(0.0, 0.0, 0.0), survival=nan3),
        "s.no_functional_at_end": _headline(
            at_end=(0.0, 0.0, 0.0), survival=nan3, support_basis="end of support"
        ),
    }
    for key, h in cases.items():
        for lang in LANGS:
            out = sentences(h, lang)
            fixed = t(key, lang, when=when[lang], k="5", pct="60", lo="40", hi="80", years="10")
            assert out[1] == fixed, (key, lang, out[1])
    # a withdrawal in the middle of a year
    assert "after month 30 (middle of year 3)," in sentences(_headline(support_end=30), "en")[1]
    en = sentences(_headline(), "en")
    assert "about 60% of them" in en[1] and "(most simulations 40-80%)" in en[1]
    assert "About 3.2% of adult residents" in en[2]
    assert "1,235,000 yuan over 10 years of support" in en[3]
    assert "about 123 yuan per resident per year of support" in en[3]
    # cost: money per functional group at the end and per survivor two years on
    assert (
        "about 308,642 yuan;" in en[4] and "two years after the money stops: 411,522 yuan" in en[4]
    )
    zh = sentences(_headline(), "zh")
    assert "123.5 万元" in zh[3] and "30.9 万元" in zh[4] and "41.2 万元" in zh[4]
    # money over 3 supported years of 10 is per supported year, not per simulated year
    short = sentences(_headline(support_years=3.0), "en")[3]
    assert "over 3 years of support, about 412 yuan per resident" in short
    one = sentences(_headline(support_years=1.0), "en")[3]
    assert "over 1 year of support" in one
    none = sentences(_headline(money=(0.0, 0.0, 0.0), support_years=0.0), "en")
    assert none[3] == t("s.no_money", "en", p="40")
    assert (
        en[-1] == "Based on 4 simulations of a community of 1,000 adults (Migrant bungalow area)."
    )
    assert "public problems) is active" in sentences(_headline(functional=(1.0, 1.0, 1.0)), "en")[0]


def test_crisis_sentence_and_a_crisis_past_the_run():
    cmp = outcomes.run([_small_mix(crisis_year=2, years=4)], reps=2, labels=["c"])
    h = outcomes.headline(cmp, "c")
    assert h["crisis"]["in_run"] and h["crisis"]["month"] == 24
    for lang in LANGS:
        out = sentences(h, lang)
        said = [s for s in out if s.startswith(("A crisis strikes", "第 25 个月"))]
        assert said, out
    en = [s for s in sentences(h, "en") if s.startswith("A crisis strikes")][0]
    assert en.startswith("A crisis strikes in month 25 (start of year 3): about ")
    assert "volunteer in its first month" in en and "needs met fall from" in en
    late = outcomes.run([_small_mix(crisis_year=6, years=4)], reps=1, labels=["late"])
    h = outcomes.headline(late, "late")
    assert h["crisis"]["in_run"] is False
    text = [s for s in sentences(h, "en") if "crisis" in s]
    assert text and "after the run ends (year 4): it does not happen" in text[0]


def test_survival_ratio_and_nan():
    df = pd.DataFrame(
        {
            "functional_at_withdrawal": [0, 4, 5, np.nan, 2],
            "functional_alive_24m_after": [0, 2, 5, np.nan, np.nan],
        }
    )
    s = outcomes.survival(df)
    assert s.name == "survival_24m"
    assert math.isnan(s[0])
    assert s[1] == 0.5 and s[2] == 1.0
    assert math.isnan(s[3]) and math.isnan(s[4])


def test_runs_csv_reads_in_both_languages(whatif_run):
    cmp, _ = whatif_run
    en = exports.runs_csv(cmp, "en")
    assert en.startswith(exports.BOM)
    lines = en.lstrip(exports.BOM).strip().splitlines()
    assert len(lines) == 1 + 3
    head = lines[0].split(",")
    assert head[:3] == ["Case", "Simulation", "Seed"]
    assert "Functional groups at the end (number)" in head
    assert "Two-year survival without support (%)" in head
    assert lines[1].split(",")[:3] == ["x", "1", "0"]
    # rounded: no long decimals anywhere
    assert not re.search(r"\.\d{3,}", en)
    zh = exports.runs_csv(cmp, "zh").lstrip(exports.BOM)
    assert zh.splitlines()[0].startswith("方案,模拟序号,随机种子,")
    settings = exports.settings_csv(cmp, "zh").lstrip(exports.BOM).splitlines()
    assert settings[0].startswith("设置,")
    assert any(line.startswith("模型版本,") for line in settings)
    assert any(line.startswith("随机种子,0-2") for line in settings)


# --- compare view and brief -----------------------------------------------------------------


@pytest.fixture(scope="module")
def cmp2():
    return compare(
        ["support-3y", "support-8y"],
        reps=3,
        workers=1,
        progress=False,
        overrides={"community.residents": 800},
    )


def test_rows_shape(cmp2):
    for lang in LANGS:
        table = rows(cmp2, lang)
        want = [o[0] for o in OUTCOMES] + [c[0] for c in COSTS]
        assert [r["metric"] for r in table] == want
        for r, (_, key, *_) in zip(table, OUTCOMES, strict=False):
            assert r["name"].startswith(t(key, lang))  # with its unit where it has one
            assert len(r["cells"]) == len(cmp2.labels) == 2
            assert len(r["diffs"]) == len(cmp2.labels) - 1
            assert len(r["stats"]) == 2
            assert all(c.strip() for c in r["cells"] + r["diffs"])


def test_paired_difference_matches_the_summaries(cmp2):
    a, b = cmp2.labels
    s = cmp2.summaries
    table = {r["metric"]: r for r in rows(cmp2, "en")}
    for metric, _, scale, _ in OUTCOMES:
        if metric == "survival_24m":
            x = s.assign(survival_24m=outcomes.survival(s))
        else:
            x = s
        wide = x.pivot(index="replicate", columns="scenario", values=metric).astype(float) * scale
        d = (wide[b] - wide[a]).dropna()
        st = table[metric]["stats"]
        if wide[a].notna().any():
            assert st[0]["mean"] == pytest.approx(wide[a].mean()), metric
        if len(d):
            assert st[1]["diff"] == pytest.approx(d.mean()), metric
            assert st[1]["diff_lo"] <= st[1]["diff"] <= st[1]["diff_hi"], metric
    d = (
        s[s.scenario == b].set_index("replicate")["orgs_functional"]
        - s[s.scenario == a].set_index("replicate")["orgs_functional"]
    )
    assert table["orgs_functional"]["stats"][1]["diff"] == pytest.approx(d.mean())
    # the same paired difference as the comparison's own statistics
    st = cmp2.stats
    row = st[(st.metric == "orgs_functional") & (st.scenario == b)].iloc[0]
    assert table["orgs_functional"]["stats"][1]["diff"] == pytest.approx(row["diff"])


def test_rows_text_formats(cmp2):
    table = {r["metric"]: r for r in rows(cmp2, "en")}
    share = table["functional_share"]
    # the unit is in the row's name, once; differences of percentages are in points (a note)
    assert share["name"] == "Functional share of groups (%)"
    assert re.fullmatch(r"-?[\d,]+ \[-?[\d,]+, -?[\d,]+\]", share["cells"][0])
    assert re.match(r"[+-][\d,]+ \[", share["diffs"][0])
    money = table["outside_money_spent"]
    assert re.fullmatch(r"[\d,]+000 \[-?[\d,]+, [\d,]+\]", money["cells"][0])
    zh = {r["metric"]: r for r in rows(cmp2, "zh")}
    assert zh["functional_share"]["name"] == "功能型占比（%）"
    # in Chinese, money is in 万元, named once in the row's name and not in every cell
    assert zh["outside_money_spent"]["name"].endswith("（万元）")
    assert re.fullmatch(
        r"[\d,]+\.\d \[-?[\d,]+\.\d, [\d,]+\.\d\]", zh["outside_money_spent"]["cells"][0]
    )
    assert "元" not in zh["outside_money_spent"]["cells"][0]


def test_findings_in_both_languages(cmp2):
    en, zh = findings(cmp2, "en"), findings(cmp2, "zh")
    assert en and zh and len(en) == len(zh)
    b = scenario_name(cmp2.labels[1], "en")
    assert en[0].startswith(f"{b}: ")
    assert "functional groups" in en[0]
    assert re.search("[\u4e00-\u9fff]", zh[0])


def test_findings_with_one_paired_run_show_no_nan():
    one = _paired(["support-3y", "support-8y"], 1, {"community.residents": 800, "run.months": 60})
    for lang in LANGS:
        for sentence in findings(one, lang):
            assert "nan" not in sentence, sentence
    text = re.sub(r'src="data:[^"]*"', "", brief_html(one, "en"))  # not the picture's bytes
    assert "nan" not in text


def test_differences_that_round_to_zero_have_no_minus_sign():
    from yingzao.app.compare_view import _fmt

    assert not _fmt(-0.2, 0, True, True).startswith("-")
    assert not _fmt(-0.2, 0, False, True).startswith("-")
    assert not _fmt(-0.004, 1, False).startswith("-")


def test_brief_html(cmp2):
    # a mix built on another case is described (the settings table says what a case is)
    doc = brief_html(
        cmp2,
        "en",
        sources={"support-3y": MixSource("baseline", ["grants"])},
        descriptions={"support-3y": "three years & out"},
    )
    assert doc.startswith("<!DOCTYPE html>")
    assert doc.rstrip().endswith("</html>")
    for lab in cmp2.labels:
        assert html.escape(scenario_name(lab, "en")) in doc
    assert "three years &amp; out" in doc
    assert '<img alt="" src="data:image/png;base64,' in doc
    assert html.escape(t("brief.caveat1", "en")) in doc
    outcomes_table = doc[doc.index('<table class="outcomes">') :]
    outcomes_table = outcomes_table[: outcomes_table.index("</table>")]
    shown = [r["metric"] for r in rows(cmp2, "en")]
    if "active_share" in shown:  # the field's measure of participation replaces the narrower one
        shown.remove("participation_rate")
    assert outcomes_table.count("<tr>") == 1 + len(shown)
    assert len(shown) >= len(OUTCOMES) - 3 + len(COSTS)
    _check_balanced(doc)
    zh = brief_html(cmp2, "zh")
    assert t("brief.title", "zh") in zh
    assert '<html lang="zh-CN">' in zh
    assert html.escape(t("brief.caveat1", "zh")) in zh


class _Tags(HTMLParser):
    VOID = {"meta", "img", "br", "link", "input", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _check_balanced(doc: str) -> None:
    p = _Tags()
    p.feed(doc)
    p.close()
    assert not p.errors, p.errors[:5]
    assert not p.stack, f"unclosed tags: {p.stack}"


# --- charts --------------------------------------------------------------------------------


def test_chart_lang():
    assert chart_lang("en") == "en"
    assert chart_lang("fr") == "en"
    assert chart_lang("zh") == ("zh" if cjk_font() is not None else "en")


def test_figures_are_png(cmp2, whatif_run):
    cmp, _ = whatif_run
    for lang in LANGS:
        fig = whatif_figure(cmp, "x", lang)
        assert len(fig.axes) >= 3
        data = png(fig, dpi=40)
        assert data.startswith(PNG) and len(data) > 1000
    fig = compare_figure(cmp2, "en")
    assert fig.axes[2].get_title().replace("\n", " ") == t("m.survival_24m", "en")
    assert png(fig, dpi=40).startswith(PNG)
    assert png(compare_figure(cmp2, "zh"), dpi=40).startswith(PNG)


def test_money_stopping_after_the_run_is_said_so():
    # no funder review: an NGO contract ended early would be the end of support instead
    scn = _small_mix(withdrawal_year=5, years=2).with_overrides({"mech.funder_review": False})
    cmp = outcomes.run([scn], reps=2, labels=["late"])
    h = outcomes.headline(cmp, "late")
    assert h["withdrawal_after_run"] is True
    assert sentences(h, "en")[1] == t("s.after_run", "en", year="5")


def test_compared_mixes_run_equally_long():
    from yingzao.app.pages.compare import resolve_slots

    scns, labels, src = resolve_slots(["support-3y", "", "support-8y", ""], 800, "en")
    assert labels == ["support-3y", "support-8y"]
    assert {s.values["run.months"] for s in scns} == {144}
    assert {s.values["community.residents"] for s in scns} == {800}
    assert src == {"support-3y": MixSource("support-3y"), "support-8y": MixSource("support-8y")}


def test_differences_of_shares_stay_within_100_points_with_two_simulations():
    from yingzao.app.compare_view import _PERCENT

    cmp = _paired(["baseline", "support-8y"], 2, {"community.residents": 300})
    table = {r["metric"]: r for r in rows(cmp, "en")}
    checked = 0
    for metric in _PERCENT & set(table):
        st = table[metric]["stats"][1]
        if np.isnan(st["diff_lo"]):
            continue
        assert -100 <= st["diff_lo"] <= st["diff"] <= st["diff_hi"] <= 100, (metric, st)
        checked += 1
    assert checked


def _paired(names: list[str], reps: int, overrides: dict):
    """A small paired comparison in this process."""
    return compare(names, reps=reps, workers=1, progress=False, overrides=overrides)
