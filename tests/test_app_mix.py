"""The what-if controls: input checks and the scenario overrides they make."""

from __future__ import annotations

import math

import pytest
from yingzao.app import mix
from yingzao.app.i18n import LANGS, t
from yingzao.model.defaults import PROFILES
from yingzao.scenarios import builtin_names, load

SINGLE = [n for n in builtin_names() if load(n).values["street.communities"] == 1]


# --- mix ----------------------------------------------------------------------------------


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


def test_a_decimal_comma_is_not_read_as_thousands():
    assert mix.parse("withdrawal_year", "2,5")[1][0] == "err.not_number"
    assert mix.parse("crisis_year", "1,5")[1][0] == "err.not_number"
    assert mix.parse("grants", "12,000")[0] == 12000
    assert mix.parse("ngo_budget", "1,000,000")[0] == 1_000_000
    assert mix.parse("grants", "1,20")[1][0] == "err.not_number"


def test_compare_reps_need_two_runs():
    assert mix.parse(mix.COMPARE_REPS, "1")[1][0] == "err.range"
    assert mix.parse(mix.COMPARE_REPS, "2")[0] == 2


def test_training_budget_follows_the_rate_of_training_not_the_run_length():
    base = load("support-3y")
    m = mix.from_scenario(base)
    assert mix.to_overrides({**m, "years": 9}, base) == {"run.months": 108}
    slower = mix.to_overrides({**m, "training_every": 12}, base)  # half the trainees a month
    assert slower["training.budget"] == pytest.approx(base.values["training.budget"] / 2)
    bigger = mix.to_overrides({**m, "training_cohort": 2 * m["training_cohort"]}, base)
    assert bigger["training.budget"] == pytest.approx(base.values["training.budget"] * 2)


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


def test_a_link_keeps_the_workshop_join_code_and_reads_no_problem_in_it():
    from yingzao.app import state
    from yingzao.app.share import from_query, to_query

    s = from_query("join=k3fq9x2m&grants=7000", "support-3y", state.default_mix)
    assert s.kept == {"join": "k3fq9x2m"} and not s.problems and s.mix["grants"] == 7000
    q = to_query(s, state.default_mix("support-3y"), "support-3y")
    assert q.startswith("join=k3fq9x2m&") and "grants=7000" in q
