"""Fast unit tests of the browser app's support modules (no browser, no server).

Covers the texts (i18n, event translations), the what-if controls (mix), the runs and their
sentences (outcomes), the comparison table and brief, the charts, the workshop's network picture
and session, the model page's helpers and the ``yingzao app`` start-up checks.
"""

from __future__ import annotations

import argparse
import html
import math
import re
import socket
import string
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from yingzao.app import events_text, mix, outcomes
from yingzao.app.brief import brief_html
from yingzao.app.charts import chart_lang, cjk_font, compare_figure, png, whatif_figure
from yingzao.app.compare_view import OUTCOMES, findings, rows
from yingzao.app.i18n import LANGS, TEXT, scenario_name, t
from yingzao.app.netview import COLORS, NetView, layout
from yingzao.app.pages import about
from yingzao.app.workshop_session import Session
from yingzao.experiments.compare import compare
from yingzao.model.defaults import DECLARATIONS, PROFILES
from yingzao.model.live import intervene
from yingzao.model.state import REC
from yingzao.model.street import StreetModel
from yingzao.model.street_results import StreetResult
from yingzao.scenarios import builtin_names, load

import yingzao
from yingzao.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
PNG = b"\x89PNG\r\n\x1a\n"
SINGLE = [n for n in builtin_names() if load(n).values["street.communities"] == 1]
STREETS = [n for n in builtin_names() if load(n).values["street.communities"] > 1]


def _fields(text: str) -> set[str]:
    """The names of the ``{placeholders}`` of a format string."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def _has_ascii_letter(s: str) -> bool:
    return re.search("[A-Za-z]", s) is not None


# --- 1. i18n ---------------------------------------------------------------------------------


def test_every_text_has_both_languages():
    assert LANGS == ("en", "zh")
    empty = [k for k, pair in TEXT.items() if len(pair) != 2 or not all(s.strip() for s in pair)]
    assert not empty, f"keys with a missing or empty language: {empty}"


def test_both_languages_have_the_same_placeholders():
    bad = {
        k: (_fields(en), _fields(zh)) for k, (en, zh) in TEXT.items() if _fields(en) != _fields(zh)
    }
    assert not bad, f"placeholders differ between en and zh: {bad}"


def test_chinese_texts_are_chinese():
    # every zh text is a translation, not a copy of the English one (units such as "%" excepted)
    same = [k for k, (en, zh) in TEXT.items() if en == zh and _has_ascii_letter(en)]
    assert not same, f"zh text equals the English text: {same}"


def _source_keys() -> tuple[set[str], set[str]]:
    """Literal keys of ``t("key" ...)`` in app/, and the prefixes of f-string keys."""
    literal, prefixes = set(), set()
    lit = re.compile(r"""(?<![\w.])t\(\s*(["'])([^"'{}]+)\1\s*[,)]""")
    fstr = re.compile(r"""(?<![\w.])t\(\s*f(["'])([^"'{]*)\{""")
    concat = re.compile(r"""(?<![\w.])t\(\s*(["'])([^"'{}]+)\1\s*\+""")
    for path in sorted(APP.rglob("*.py")):
        src = path.read_text(encoding="utf-8")
        literal.update(m[2] for m in lit.finditer(src))
        prefixes.update(m[2] for m in fstr.finditer(src))
        prefixes.update(m[2] for m in concat.finditer(src))
    return literal, prefixes


def test_every_literal_key_used_in_the_app_exists():
    literal, _ = _source_keys()
    assert len(literal) > 50, "the source scan found too few keys: check the regex"
    missing = sorted(k for k in literal if k not in TEXT)
    assert not missing, f"t() keys used in app/ but missing from i18n.TEXT: {missing}"


def test_every_fstring_key_prefix_has_texts():
    _, prefixes = _source_keys()
    assert {"legend.", "pattern.", "field."} <= prefixes
    missing = sorted(p for p in prefixes if not any(k.startswith(p) for k in TEXT))
    assert not missing, f"f-string key prefixes with no text: {missing}"


def test_generated_keys_exist():
    keys = [f"profile.{p}" for p in PROFILES]
    keys += [f"strategy.{s}" for s in mix.STRATEGIES]
    keys += [f"field.{f.name}" for f in mix.FIELDS]
    keys += [f.unit for f in mix.FIELDS]
    keys += [f"pattern.{i}" for i in range(1, 7)]
    keys += [f"m.{metric}" for metric, *_ in OUTCOMES]
    keys += [key for _, key, *_ in OUTCOMES]
    keys += [f"legend.{k}" for k in COLORS]
    keys += [f"brief.caveat{i}" for i in (1, 2, 3)]
    keys += [f"model.col.{c}" for c in ("key", "default", "unit", "range", "doc", "source")]
    keys += [f"panel.{g}" for g in {f.group for f in mix.FIELDS}]
    missing = sorted(k for k in keys if k not in TEXT)
    assert not missing, f"generated keys missing from i18n.TEXT: {missing}"
    for metric, key, *_ in OUTCOMES:
        assert key == f"m.{metric}"


def test_t_fills_placeholders_and_rejects_unknown_keys():
    assert t("compare.slot", "en", i=2) == "Mix 2"
    assert t("compare.slot", "zh", i=2) == "方案 2"
    assert t("ran_in", "en", reps=3, secs=1.234) == "3 simulations in 1.2 s."
    assert t("run", "xx") == t("run", "en")
    with pytest.raises(KeyError):
        t("no.such.key")


# --- 2. event texts --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SINGLE)
def test_every_event_of_every_scenario_translates(name):
    scn = load(name, {"community.residents": 800, "run.months": 120})
    m = yingzao.CommunityModel(scn, seed=1).run()
    assert m.month == 120 and m.events, name
    bad = []
    for month, kind, text in m.events:
        zh = events_text.to_chinese(text)
        if zh is None or _has_ascii_letter(zh):
            bad.append((month, kind, text, zh))
        assert events_text.event_text(text, "en") == text
        assert events_text.event_text(text, "zh") == zh
    assert not bad, f"{name}: events without a Chinese rule: {bad[:5]}"


def test_street_prefix_translates():
    text = "Community 3 (migrant-area): A community fund was set up."
    assert events_text.to_chinese(text) == "社区 3（流动人口聚居区）：社区基金成立了。"
    inner = "A retired resident founded an elder care group with 4 neighbours."
    zh = events_text.to_chinese(f"Community 12 (villa-estate): {inner}")
    assert zh == "社区 12（别墅区）：一位退休居民和 4 位邻居成立了一个助老组织。"
    # an unknown profile or an unknown sentence after the prefix has no translation
    assert events_text.to_chinese(f"Community 1 (moon-base): {inner}") is None
    assert events_text.to_chinese("Community 1 (migrant-area): Something new happened.") is None


def test_sentences_translate_with_their_numbers():
    zh = events_text.to_chinese("The community fund granted 12,500 yuan to 3 groups.")
    assert zh == "社区基金向 3 个组织资助了 12,500 元。"
    zh = events_text.to_chinese("An NGO entered by street endorsement, to substitute.")
    assert zh == "一家社会组织凭街道背书进入社区，目标是直接提供服务。"
    # a category outside the table has no translation (rather than leaving English in Chinese)
    assert events_text.to_chinese("A gardening group dissolved after 3 months.") is None


@pytest.fixture(scope="module")
def street_events() -> list[tuple[int, str, str]]:
    scn = load(STREETS[0], {"street.communities": 3, "street.residents": 1800, "run.months": 24})
    return StreetResult.from_model(StreetModel(scn, seed=1).run()).events


def test_street_community_events_translate(street_events):
    prefixed = [e for e in street_events if e[2].startswith("Community ")]
    assert prefixed
    bad = [e for e in prefixed if events_text.to_chinese(e[2]) is None]
    assert not bad, bad[:5]
    for _, _, text in prefixed[:20]:
        assert re.match(r"^社区 \d+（", events_text.to_chinese(text))


def test_street_allocation_per_household_translates():
    text = (
        "The street allocated 20,000 yuan of grants (per household): 5,000 to 9,000 yuan per "
        "community."
    )
    assert (
        events_text.to_chinese(text)
        == "街道分配微基金 20,000 元（按户数）：每个社区 5,000 至 9,000 元。"
    )


def test_street_allocation_by_review_translates(street_events):
    alloc = [e for e in street_events if e[1] == "street"]
    assert alloc and "(review)" in alloc[0][2]
    bad = [e for e in alloc if events_text.to_chinese(e[2]) is None]
    assert not bad, bad


def test_live_intervention_texts_translate():
    m = yingzao.CommunityModel(load("support-3y", {"community.residents": 600}), seed=0)
    m.run(2)
    texts = [intervene(m, w) for w in ("training", "crisis", "withdraw", "withdraw")]
    assert texts[3].startswith("Live: outside money had already stopped")
    logged = [e[2] for e in m.events if e[1] == "live"]
    assert logged == texts
    for text in texts:
        zh = events_text.to_chinese(text)
        assert zh is not None, text
        assert zh.startswith("现场操作：")
        assert not _has_ascii_letter(zh), zh
    assert (
        events_text.to_chinese(texts[0])
        == "现场操作：骨干培训现在开始（每 6 个月一期，每期 20 人）。"
    )


def test_event_text_languages_and_unknown_sentences():
    text = "A community fund was set up."
    assert events_text.event_text(text, "en") == text
    assert events_text.event_text(text, "zh") == "社区基金成立了。"
    unknown = "The moon fell on the courtyard."
    assert events_text.to_chinese(unknown) is None
    assert events_text.event_text(unknown, "zh") == unknown
    # rules match whole sentences only
    assert events_text.to_chinese(text + " Extra.") is None
    assert events_text.to_chinese("Before. " + text) is None


# --- 3. mix ----------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", SINGLE)
def test_preset_controls_are_in_range_and_unchanged_presets_run_as_the_scenario(preset):
    base = load(preset)
    m = mix.from_scenario(base)
    assert set(mix.FIELD) | {"profile", "ngo_strategy", "federation"} == set(m)
    for f in mix.FIELDS:
        assert f.lo <= m[f.name] <= f.hi, (preset, f.name, m[f.name])
        if f.integer:
            assert m[f.name] == int(m[f.name]), (preset, f.name)
        value, err = mix.parse(f.name, m[f.name])
        assert err is None and value == m[f.name], (preset, f.name, err)
    assert m["profile"] in PROFILES
    assert m["ngo_strategy"] in mix.STRATEGIES
    assert isinstance(m["federation"], bool)
    assert mix.to_overrides(m, base) == {}
    assert mix.to_overrides({**m, "reps": 3}, base) == {}
    assert mix.build(preset, m).values == base.values
    assert mix.build(preset, dict(m)).values == load(preset).values


def _changed(preset: str, **change) -> tuple[dict, dict]:
    """``(overrides, resolved values)`` of ``preset`` with some controls changed."""
    base = load(preset)
    m = {**mix.from_scenario(base), **change}
    return mix.to_overrides(m, base), mix.build(preset, m).values


def test_grants_zero_switches_grants_off():
    ov, v = _changed("support-3y", grants=0)
    assert ov == {"grants.enabled": False}
    assert v["grants.enabled"] is False
    ov, v = _changed("baseline", grants=2500)
    assert v["grants.enabled"] is True and v["grants.per_100_households"] == 2500.0


def test_ngo_strategy_none_switches_the_ngo_off():
    ov, v = _changed("support-3y", ngo_strategy="none")
    assert ov["ngo.enabled"] is False
    assert v["ngo.enabled"] is False
    ov, v = _changed("baseline", ngo_strategy="substitute")
    assert v["ngo.enabled"] is True and v["ngo.strategy"] == "substitute"
    assert v["ngo.months"] == 36


def test_federation_change_without_ngo_keeps_the_ngo_off():
    ov, v = _changed("baseline", federation=False)
    assert v["ngo.enabled"] is False
    assert v["ngo.federation"] is False
    ov, v = _changed("support-3y", ngo_strategy="none", federation=False)
    assert v["ngo.enabled"] is False
    ov, v = _changed("support-3y", federation=False)
    assert v["ngo.enabled"] is True and v["ngo.federation"] is False


def test_withdrawal_year_sets_month_and_switches_on():
    ov, v = _changed("baseline", withdrawal_year=2.5)
    assert v["withdrawal.enabled"] is True and v["withdrawal.month"] == 30
    ov, v = _changed("support-3y", withdrawal_year=0)
    assert v["withdrawal.enabled"] is False
    ov, v = _changed("support-3y", withdrawal_year=5)
    assert v["withdrawal.enabled"] is True and v["withdrawal.month"] == 60


def test_crisis_year_zero_switches_the_crisis_off():
    ov, v = _changed("crisis", crisis_year=0)
    assert ov == {"crisis.enabled": False}
    assert v["crisis.enabled"] is False
    ov, v = _changed("baseline", crisis_year=1.5)
    assert v["crisis.enabled"] is True and v["crisis.month"] == 18


def test_residents_and_years():
    ov, v = _changed("support-3y", residents=1234)
    assert ov == {"community.residents": 1234}
    assert v["community.residents"] == 1234
    ov, v = _changed("baseline", years=4)
    assert v["run.months"] == 48


def test_training_cohort_zero_switches_training_off():
    ov, v = _changed("support-3y", training_cohort=0)
    assert ov == {"training.enabled": False}
    assert v["training.enabled"] is False
    ov, v = _changed("baseline", training_cohort=10, training_every=4)
    assert v["training.enabled"] is True
    assert (v["training.cohort"], v["training.every"]) == (10, 4)
    # the budget pays every cohort of the run
    cohorts = math.ceil(v["run.months"] / 4)
    assert v["training.budget"] >= cohorts * 10 * v["training.cost_per_trainee"]


def test_co_funding_change_with_grants_off_keeps_grants_off():
    ov, v = _changed("baseline", co_funding=30)
    assert v["grants.enabled"] is False
    assert v["grants.co_funding"] == pytest.approx(0.3)
    ov, v = _changed("support-3y", co_funding=30)
    assert v["grants.enabled"] is True


def test_other_money_controls():
    ov, v = _changed("baseline", procurement=240_000, fund_seed=50_000)  # yuan per year
    assert v["procurement.enabled"] is True and v["procurement.budget"] == 20_000.0  # per month
    assert v["fund.enabled"] is True and v["fund.seed"] == 50_000.0
    ov, v = _changed("procurement", procurement=0)
    assert v["procurement.enabled"] is False


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="profile"):
        _changed("baseline", profile="moon-base")
    ov, v = _changed("baseline", profile="migrant-area")
    assert v["community.profile"] == "migrant-area"


def test_parse_errors():
    assert mix.parse("residents", "abc") == (None, ("err.not_number", {"raw": "abc"}))
    assert mix.parse("residents", "") == (None, ("err.empty", {}))
    assert mix.parse("residents", "   ") == (None, ("err.empty", {}))
    assert mix.parse("residents", "1.5") == (None, ("err.whole", {}))
    assert mix.parse("residents", 1000.5) == (None, ("err.whole", {}))
    value, err = mix.parse("residents", "100")
    assert value is None
    assert err == ("err.range", {"lo": 200, "hi": 20_000, "unit": "unit.adults"})
    assert mix.parse("residents", "20001")[1][0] == "err.range"
    assert mix.parse("co_funding", "-1")[1][0] == "err.range"
    for raw in ("nan", "inf", "-inf", "NaN", "1e400", float("nan"), float("inf")):
        value, err = mix.parse("residents", raw)
        assert value is None and err is not None and err[0] == "err.not_number", raw


def test_parse_accepts_thousands_separators_and_decimals():
    assert mix.parse("residents", "10,000") == (10_000, None)
    assert mix.parse("residents", "10，000") == (10_000, None)
    assert mix.parse("residents", " 2 000 ") == (2_000, None)
    assert mix.parse("residents", 800) == (800, None)
    assert isinstance(mix.parse("residents", "800")[0], int)
    assert mix.parse("withdrawal_year", "2.5") == (2.5, None)
    assert mix.parse("crisis_year", "0") == (0.0, None)


def test_parse_errors_render_in_both_languages():
    for raw in ("abc", "", "1.5", "5"):
        _, (key, args) = mix.parse("residents", raw)
        for lang in LANGS:
            kw = {**args, "unit": t(args["unit"], lang)} if "unit" in args else args
            text = t(key, lang, **kw)
            assert text and "{" not in text


# --- 4. outcomes ------------------------------------------------------------------------------


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
        out = outcomes.sentences(h, lang)
        assert len(out) == 5 and all(s.strip() for s in out)
        assert out[1] != t("s.no_withdrawal", lang)
        assert t(f"profile.{h['profile']}", lang) in out[-1]
    en = outcomes.sentences(h, "en")
    assert en[0].startswith("After 5 years about ")
    assert en[1].startswith("When the outside money stops at the end of year 3")
    assert re.search("[\u4e00-\u9fff]", "".join(outcomes.sentences(h, "zh")))


def test_no_withdrawal_sentence():
    cmp = outcomes.run([_small_mix(withdrawal_year=0, years=3)], reps=2, labels=["nw"])
    h = outcomes.headline(cmp, "nw")
    assert h["withdrawal_set"] is False and h["withdrawal_month"] is None
    for lang in LANGS:
        out = outcomes.sentences(h, lang)
        assert out[1] == t("s.no_withdrawal", lang)


def _headline(**change) -> dict:
    h = {
        "label": "x",
        "reps": 4,
        "residents": 1000,
        "profile": "migrant-area",
        "years": 10.0,
        "withdrawal_month": 36,
        "withdrawal_set": True,
        "functional": (4.0, 2.0, 6.0),
        "share": (25.0, 20.0, 30.0),
        "participation": (3.25, 2.0, 4.0),
        "needs_met": (40.0, 30.0, 50.0),
        "money": (1_234_567.0, 1e6, 1.5e6),
        "support_years": 10.0,
        "at_withdrawal": (5.0, 3.0, 7.0),
        "survival": (60.0, 40.0, 80.0),
    }
    h.update(change)
    return h


def test_sentence_branches():
    nan3 = (math.nan,) * 3
    cases = {
        "s.survival": _headline(),
        "s.no_withdrawal": _headline(withdrawal_set=False, withdrawal_month=None),
        "s.too_late": _headline(withdrawal_month=None),
        "s.no_functional_at_withdrawal": _headline(at_withdrawal=(0.0, 0.0, 0.0), survival=nan3),
    }
    for key, h in cases.items():
        for lang in LANGS:
            out = outcomes.sentences(h, lang)
            fixed = t(key, lang, year="3", k="5", pct="60", lo="40", hi="80")
            assert out[1] == fixed, (key, lang, out[1])
    # survival unknown although groups were active: too late to tell
    h = _headline(survival=nan3)
    assert outcomes.sentences(h, "en")[1] == t("s.too_late", "en")
    # a withdrawal in the middle of a year
    assert "end of year 2.5," in outcomes.sentences(_headline(withdrawal_month=30), "en")[1]
    en = outcomes.sentences(_headline(), "en")
    assert "about 60% of them" in en[1] and "(most simulations 40-80%)" in en[1]
    assert "About 3.2% of adult residents" in en[2]
    assert "1,235,000 yuan over 10 years of support" in en[3]
    assert "about 123 yuan per resident per year of support" in en[3]
    # money over 3 supported years of 10 is per supported year, not per simulated year
    short = outcomes.sentences(_headline(support_years=3.0), "en")[3]
    assert "over 3 years of support, about 412 yuan per resident" in short
    none = outcomes.sentences(_headline(money=(0.0, 0.0, 0.0), support_years=0.0), "en")[3]
    assert none == t("s.no_money", "en", p="40")
    assert en[4] == (
        "Based on 4 simulations of a community of 1,000 adults (Migrant bungalow area)."
    )


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


def test_summary_csv(whatif_run):
    cmp, _ = whatif_run
    lines = outcomes.summary_csv(cmp).strip().splitlines()
    assert len(lines) == 1 + 3
    assert "survival_24m" in lines[0].split(",")


# --- 5. compare view and brief -----------------------------------------------------------------


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
        assert [r["metric"] for r in table] == [o[0] for o in OUTCOMES]
        for r, (_, key, *_) in zip(table, OUTCOMES, strict=True):
            assert r["name"] == t(key, lang)
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
    assert re.fullmatch(r"-?[\d,]+% \[-?[\d,]+%, -?[\d,]+%\]", share["cells"][0])
    assert share["diffs"][0].split(" [")[0].endswith(" pts")
    money = table["outside_money_spent"]
    assert re.fullmatch(r"[\d,]+000 \[-?[\d,]+, [\d,]+\]", money["cells"][0])
    zh = {r["metric"]: r for r in rows(cmp2, "zh")}
    assert "个百分点" in zh["functional_share"]["diffs"][0]


def test_findings_in_both_languages(cmp2):
    en, zh = findings(cmp2, "en"), findings(cmp2, "zh")
    assert en and zh and len(en) == len(zh)
    b = scenario_name(cmp2.labels[1], "en")
    assert en[0].startswith(f"{b}: ")
    assert "functional groups" in en[0]
    assert re.search("[\u4e00-\u9fff]", zh[0])


def test_findings_with_one_paired_run_show_no_nan():
    one = compare(
        ["support-3y", "support-8y"],
        reps=1,
        workers=1,
        progress=False,
        overrides={"community.residents": 800, "run.months": 60},
    )
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
    doc = brief_html(cmp2, "en", {"support-3y": "three years & out"})
    assert doc.startswith("<!DOCTYPE html>")
    assert doc.rstrip().endswith("</html>")
    for lab in cmp2.labels:
        assert html.escape(scenario_name(lab, "en")) in doc
    assert "three years &amp; out" in doc
    assert '<img alt="" src="data:image/png;base64,' in doc
    assert html.escape(t("brief.caveat1", "en")) in doc
    assert doc.count("<tr>") == 1 + len(OUTCOMES)
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


# --- 6. charts --------------------------------------------------------------------------------


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


# --- 7. netview -------------------------------------------------------------------------------


def test_layout_groups_residents_by_building():
    rng = np.random.default_rng(0)
    sizes = rng.integers(1, 40, size=23)
    building = np.repeat(np.arange(sizes.size), sizes)
    perm = rng.permutation(building.size)
    building = building[perm]  # residents need not be sorted by building
    pos = layout(building)
    assert pos.shape == (building.size, 2)
    assert np.isfinite(pos).all()
    centres = np.array([pos[building == b].mean(axis=0) for b in range(sizes.size)])
    own = np.linalg.norm(pos - centres[building], axis=1)
    assert own.mean() < 0.5 and own.max() < 0.5
    dist = np.linalg.norm(pos[:, None, :] - centres[None, :, :], axis=2)
    assert (dist.argmin(axis=1) == building).all()
    # buildings sit on a unit grid, one per cell, and buildings next in street order are next
    # to each other (a snake over the grid)
    grid = np.round(centres)
    assert len({tuple(g) for g in grid}) == sizes.size
    assert np.abs(pos - grid[building]).max() < 0.45
    step = np.abs(np.diff(grid, axis=0)).sum(axis=1)
    assert (step == 1).all()
    # no two residents on the same spot
    assert len({tuple(p) for p in np.round(pos, 9)}) == building.size


def test_layout_of_a_model():
    m = yingzao.CommunityModel(load("baseline", {"community.residents": 600}), seed=0)
    b = m.res.building
    pos = layout(b)
    assert pos.shape == (m.n, 2) and np.isfinite(pos).all()
    centres = np.array([pos[b == k].mean(axis=0) for k in range(m.n_buildings)])
    assert np.linalg.norm(pos - centres[b], axis=1).mean() < 0.5


def test_netview_frame_and_colours():
    m = yingzao.CommunityModel(load("support-3y", {"community.residents": 600}), seed=2)
    m.run(12)
    view = NetView(m)
    assert view.pos.shape == (m.n, 2)
    assert view.frame("en").startswith(PNG)
    assert view.frame("zh").startswith(PNG)
    c = view.colors()
    r, o = m.res, m.orgs
    assert c.shape == (m.n,)
    assert set(c) <= set(COLORS.values())
    leaders = r.leads >= 0
    assert leaders.any()
    assert (c[leaders] == COLORS["leader"]).all()
    idle = (r.groups < 0).all(axis=1) & ~r.public & ~leaders
    assert idle.any()
    assert (c[idle] == COLORS["idle"]).all()
    public = r.public & ~leaders
    assert (c[public] == COLORS["public"]).all()
    g = r.groups
    in_rec = ((g >= 0) & (o.kind[np.maximum(g, 0)] == REC)).any(axis=1)
    member = in_rec & ~r.public & ~leaders
    assert (c[member] == COLORS["member"]).all()
    segs, cols = view._outlines()
    assert len(segs) == len(cols)
    assert all(s.shape[1] == 2 and (s[0] == s[-1]).all() for s in segs)


# --- 8. model page ----------------------------------------------------------------------------


def test_param_rows_filter():
    all_rows = about.param_rows("")
    assert len(all_rows) == len(DECLARATIONS)
    assert [r["key"] for r in all_rows] == list(DECLARATIONS)
    some = about.param_rows("yuan ngo")
    assert 0 < len(some) < len(all_rows)
    for r in all_rows:
        hay = " ".join(r.values()).lower()
        assert (r in some) == ("yuan" in hay and "ngo" in hay), r["key"]
    assert about.param_rows("YUAN NGO") == some
    assert about.param_rows("no-such-word-anywhere") == []
    run = next(r for r in all_rows if r["key"] == "run.months")
    assert run["range"] == "1 - 600" and run["default"] == "120"
    alloc = next(r for r in all_rows if r["key"] == "street.allocation")
    assert alloc["range"] == "per_household, review"


def test_load_status(tmp_path):
    assert about.load_status(tmp_path / "missing.json") is None
    assert about.load_status(tmp_path) is None  # a folder is not a record
    status = about.load_status(ROOT / "docs" / "validation.json")
    assert isinstance(status, dict)
    assert [p["number"] for p in status["patterns"]] == [1, 2, 3, 4, 5, 6]
    assert all(isinstance(p["passed"], bool) for p in status["patterns"])
    assert {"reps", "date"} <= set(status)
    assert about.load_status() == status  # the default path is the repository's record


# --- 9. serve ---------------------------------------------------------------------------------


def _args(port: int = 8765, scenario: str = "support-3y") -> argparse.Namespace:
    return argparse.Namespace(host="127.0.0.1", port=port, scenario=scenario, no_open=True)


def test_check_refuses_bad_arguments():
    from yingzao.app import serve

    with pytest.raises(InputError, match="unknown scenario 'nope'"):
        serve._check(_args(scenario="nope"))
    with pytest.raises(InputError, match="is a street"):
        serve._check(_args(scenario=STREETS[0]))
    for port in (0, -1, 65536, 70000):
        with pytest.raises(InputError, match=f"port {port}: must be between 1 and 65535"):
            serve._check(_args(port=port))


def test_check_refuses_a_busy_port():
    from yingzao.app import serve

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(InputError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve._check(_args(port=port))
    # once released the same port is accepted
    serve._check(_args(port=port))


def test_environment():
    import os

    from yingzao.app import serve

    before = dict(os.environ)
    env = serve.environment("support-8y")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env["YINGZAO_APP_SCENARIO"] == "support-8y"
    assert env["MPLBACKEND"] == "Agg"
    assert dict(os.environ) == before  # the caller's environment is left alone
    assert env.get("PATH") == os.environ.get("PATH")


# --- 10. workshop session ---------------------------------------------------------------------


def test_workshop_session():
    s = Session.new("support-3y", 800)
    assert s.model.month == 0 and s.model.n == 800
    assert s.frame.startswith(PNG)
    c0 = s.counts()
    assert set(c0) == {"f", "r", "p"} and c0["p"] == 0.0
    s.step("en")
    assert s.model.month == 1
    assert s.step_ms > 0
    assert s.frame.startswith(PNG) and s.lang == "en"
    text = s.intervene("withdraw")
    assert text == "Live: the trainer withdrew all outside money now."
    assert s.model.events[-1] == (1, "live", text)
    assert s.marks == [(1, "withdraw")]
    s.step("zh")
    assert s.model.month == 2 and s.lang == "zh"
    c = s.counts()
    assert set(c) == {"f", "r", "p"}
    rows_ = s.model.recorder.rows
    assert (c["f"], c["r"]) == (rows_["orgs_functional"][-1], rows_["orgs_recreational"][-1])
    assert 0.0 <= c["p"] <= 100.0
    assert rows_["outside_money_month"][-1] == 0.0
    with pytest.raises(InputError):
        s.intervene("party")


def test_a_decimal_comma_is_not_read_as_thousands():
    assert mix.parse("withdrawal_year", "2,5")[1][0] == "err.not_number"
    assert mix.parse("crisis_year", "1,5")[1][0] == "err.not_number"
    assert mix.parse("grants", "12,000")[0] == 12000
    assert mix.parse("ngo_budget", "1,000,000")[0] == 1_000_000
    assert mix.parse("grants", "1,20")[1][0] == "err.not_number"


def test_compare_reps_need_two_runs():
    assert mix.parse(mix.COMPARE_REPS, "1")[1][0] == "err.range"
    assert mix.parse(mix.COMPARE_REPS, "2")[0] == 2


def test_every_builtin_scenario_has_a_chinese_description():
    from yingzao.app.i18n import SCENARIO_ZH, scenario_description
    from yingzao.scenarios import builtin_names

    assert set(builtin_names()) <= set(SCENARIO_ZH)
    assert scenario_description("baseline", "English", "en") == "English"
    assert scenario_description("baseline", "English", "zh") == SCENARIO_ZH["baseline"]


def test_event_log_csv_counts_months_from_one_and_translates():
    from yingzao.app.pages.workshop import events_csv

    ev = [
        (0, "withdrawal", "All outside money stopped."),
        (11, "ngo", "The NGO left; the federation took over coaching."),
    ]
    en = events_csv(ev, "en").splitlines()
    assert en[0] == "month,kind,event"
    assert en[1] == "1,withdrawal,All outside money stopped."
    assert en[2].startswith("12,ngo,")
    zh = events_csv(ev, "zh").splitlines()
    assert zh[1] == "1,withdrawal,外部资金全部停止。"


def test_training_budget_follows_the_rate_of_training_not_the_run_length():
    base = load("support-3y")
    m = mix.from_scenario(base)
    assert mix.to_overrides({**m, "years": 9}, base) == {"run.months": 108}
    slower = mix.to_overrides({**m, "training_every": 12}, base)  # half the trainees a month
    assert slower["training.budget"] == pytest.approx(base.values["training.budget"] / 2)
    bigger = mix.to_overrides({**m, "training_cohort": 2 * m["training_cohort"]}, base)
    assert bigger["training.budget"] == pytest.approx(base.values["training.budget"] * 2)


def test_money_stopping_after_the_run_is_said_so():
    cmp = outcomes.run([_small_mix(withdrawal_year=5, years=2)], reps=2, labels=["late"])
    h = outcomes.headline(cmp, "late")
    assert h["withdrawal_after_run"] is True
    assert outcomes.sentences(h, "en")[1] == t("s.after_run", "en", year="5")


def test_errors_of_disabled_controls_do_not_block_a_run():
    m = {**mix.from_scenario(load("support-3y")), "ngo_strategy": "none"}
    errs = {"ngo_budget": ("err.not_number", {"raw": "x"}), "grants": ("err.empty", {})}
    assert mix.disabled("ngo_budget", m) and not mix.disabled("grants", m)
    assert set(mix.active_errors(errs, m)) == {"grants"}
    m["ngo_strategy"] = "incubate"
    assert set(mix.active_errors(errs, m)) == {"ngo_budget", "grants"}


def test_a_tiny_withdrawal_year_is_month_one_not_never():
    base = load("baseline")
    ov = mix.to_overrides({**mix.from_scenario(base), "withdrawal_year": 0.01}, base)
    assert ov["withdrawal.enabled"] is True and ov["withdrawal.month"] == 1


def test_compared_mixes_run_equally_long():
    from yingzao.app.pages.compare import resolve_slots

    scns, labels, src = resolve_slots(["support-3y", "", "support-8y", ""], 800, "en")
    assert labels == ["support-3y", "support-8y"]
    assert {s.values["run.months"] for s in scns} == {144}
    assert {s.values["community.residents"] for s in scns} == {800}
    assert src == {"support-3y": "support-3y", "support-8y": "support-8y"}
