"""The app's texts: both languages complete, every logged event translated."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from yingzao.app import events_text, mix
from yingzao.app.compare_view import OUTCOMES
from yingzao.app.i18n import LANGS, TEXT, _plurals, t
from yingzao.app.neighbourhood import LEVELS
from yingzao.model.defaults import CATEGORIES, PROFILES
from yingzao.model.live import intervene
from yingzao.model.street import StreetModel
from yingzao.model.street_results import StreetResult
from yingzao.scenarios import builtin_names, load

import yingzao

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
SINGLE = [n for n in builtin_names() if load(n).values["street.communities"] == 1]
STREETS = [n for n in builtin_names() if load(n).values["street.communities"] > 1]


def _fields(text: str) -> set[str]:
    """The names of the ``{placeholders}`` of a format string."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def _has_ascii_letter(s: str) -> bool:
    return re.search("[A-Za-z]", s) is not None


# --- i18n ---------------------------------------------------------------------------------


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
    assert {"level.", "pattern.", "field."} <= prefixes
    missing = sorted(p for p in prefixes if not any(k.startswith(p) for k in TEXT))
    assert not missing, f"f-string key prefixes with no text: {missing}"


def test_generated_keys_exist():
    keys = [f"profile.{p}" for p in PROFILES]
    keys += [f"strategy.{s}" for s in mix.STRATEGIES]
    keys += [f"field.{f.name}" for f in mix.FIELDS]
    keys += [f.unit for f in mix.FIELDS if f.unit]  # "": the label says the unit
    keys += [f"pattern.{i}" for i in range(1, 7)]
    keys += [f"m.{metric}" for metric, *_ in OUTCOMES]
    keys += [key for _, key, *_ in OUTCOMES]
    keys += [f"level.{k}" for k in LEVELS]
    keys += [f"cat.{c}" for c in CATEGORIES]
    keys += [f"brief.caveat{i}" for i in (1, 2, 3)]
    keys += [f"model.col.{c}" for c in ("key", "default", "unit", "range", "doc", "source")]
    keys += [f"panel.{g}" for g in {f.group for f in mix.FIELDS}]
    missing = sorted(k for k in keys if k not in TEXT)
    assert not missing, f"generated keys missing from i18n.TEXT: {missing}"
    for metric, key, *_ in OUTCOMES:
        assert key == f"m.{metric}"


def test_english_plurals_follow_the_number():
    assert t("s.reps", "en", reps=1, n="800", profile="x").startswith("Based on 1 simulation of")
    assert t("s.reps", "en", reps=2, n="800", profile="x").startswith("Based on 2 simulations of")
    one = t("s.survival_withdrawal", "en", when="w", k="1", pct="5", lo="1", hi="9")
    assert "about 1 functional group is active" in one
    many = t("s.survival_withdrawal", "en", when="w", k="12", pct="5", lo="1", hi="9")
    assert "about 12 functional groups are active" in many
    counts = t("ws.counts", "en", f=1, r=5, p="0.0")
    assert counts.startswith("1 functional group, 5 recreational groups;")
    why = t("why.fewer", "en", mech="m", d=1, lo=0, hi=2)
    assert "about 1 fewer functional group is active" in why
    assert "about 1 more functional group at" in t(
        "compare.more", "en", a="A", b="B", d=1, lo=0, hi=2
    )
    # no marker is left in any English text, whatever the numbers
    for key, (en, _) in TEXT.items():
        filled = re.sub(r"\{[^}]*\}", "3", en)
        assert "[s]" not in _plurals(filled), key


def test_no_unit_is_said_twice_in_a_label():
    from yingzao.app.widgets import field_label

    for f in mix.FIELDS:
        for lang in LANGS:
            text = field_label(f, lang)
            unit = t(f.unit, lang) if f.unit else ""
            if unit:
                # the unit is in the brackets only, not already in the label
                assert text.count(unit) == 1, (f.name, lang, text)
    assert field_label(mix.FIELD["withdrawal_year"], "en") == "All outside money stops in year"
    assert "（" in field_label(mix.FIELD["residents"], "zh")  # Chinese brackets in Chinese


def test_micro_grants_are_not_called_a_community_fund():
    # officers read 微基金 as a community fund (社区基金); the per-household money is 公服资金
    assert not [k for k, (_, zh) in TEXT.items() if "微基金" in zh]
    assert "公服资金" in t("field.grants", "zh")


def test_t_fills_placeholders_and_rejects_unknown_keys():
    assert t("compare.slot", "en", i=2) == "Mix 2"
    assert t("compare.slot", "zh", i=2) == "方案 2"
    assert t("ran_in", "en", reps=3, secs=1.234) == "3 simulations in 1.2 s."
    assert t("run", "xx") == t("run", "en")
    with pytest.raises(KeyError):
        t("no.such.key")


# --- event texts --------------------------------------------------------------------------


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
        == "街道分配居民项目资金 20,000 元（按户数）：每个社区 5,000 至 9,000 元。"
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


def test_every_builtin_scenario_has_a_chinese_description():
    from yingzao.app.i18n import SCENARIO_ZH, scenario_description
    from yingzao.scenarios import builtin_names

    assert set(builtin_names()) <= set(SCENARIO_ZH)
    assert scenario_description("baseline", "English", "en") == "English"
    assert scenario_description("baseline", "English", "zh") == SCENARIO_ZH["baseline"]


def test_every_recorded_validation_check_reads_in_chinese():
    import json

    from yingzao.app.texts_validation import check_text

    data = json.loads((ROOT / "docs" / "validation.json").read_text(encoding="utf-8"))

    def texts(x):
        if isinstance(x, dict):
            if "text" in x:
                yield x["text"]
            for v in x.values():
                yield from texts(v)
        elif isinstance(x, list):
            for v in x:
                yield from texts(v)

    found = sorted(set(texts(data)))
    assert found  # the file holds checks
    for text in found:
        zh = check_text(text, "zh", builtin_names())
        assert zh != text and re.search("[\u4e00-\u9fff]", zh), text
