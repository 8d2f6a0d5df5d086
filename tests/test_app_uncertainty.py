"""Parameter uncertainty in the app: the double run, its bands, numbers, exports and link."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from yingzao.app import exports, mix, state, uncertainty, uncertainty_view
from yingzao.app.brief import brief_html
from yingzao.app.charts import compare_figure, whatif_figure
from yingzao.app.compare_view import rows
from yingzao.app.i18n import t
from yingzao.app.outcomes import Cancelled
from yingzao.app.share import Settings, from_query, to_query
from yingzao.experiments import compare as compare_mod
from yingzao.scenarios import load

SETS = pd.DataFrame({"decide.w_social": [0.3, 2.0, 0.9], "decide.theta_mean": [0.4, 0.6, 0.5]})


@pytest.fixture
def posterior(monkeypatch):
    monkeypatch.setattr(compare_mod, "posterior_sets", lambda: SETS)


@pytest.fixture
def no_record(monkeypatch):
    monkeypatch.setattr(compare_mod, "posterior_sets", lambda: None)


def _mix(name: str = "support-3y") -> object:
    m = {**mix.from_scenario(load(name)), "residents": 500, "years": 4}
    return mix.build(name, m)


@pytest.fixture(scope="module")
def both():
    """Two mixes, three paired seeds, with draws and at the defaults."""
    mp = pytest.MonkeyPatch()
    mp.setattr(compare_mod, "posterior_sets", lambda: SETS)
    calls: list[tuple[int, int]] = []
    try:
        runs = uncertainty.run_both(
            [_mix("support-3y"), _mix("baseline")],
            3,
            ["support-3y", "baseline"],
            lambda d, n: calls.append((d, n)),
            include=True,
        )
    finally:
        mp.undo()
    return runs, calls


def test_on_runs_draws_and_defaults_on_the_same_seeds(both):
    runs, calls = both
    assert runs.sets == 3 and runs.main.posterior_sets == 3
    assert runs.seed_only is not None and runs.seed_only.posterior_sets is None
    assert runs.main.seeds == runs.seed_only.seeds == [0, 1, 2]
    assert list(runs.main.summaries["posterior_set"]) == [0, 1, 2, 0, 1, 2]
    assert "posterior_set" not in runs.seed_only.summaries
    # the draws change the runs (w_social 0.3 and 2.0 are far from the default)
    a = runs.main.series.groupby(["scenario", "replicate"])["participation_rate"].mean()
    b = runs.seed_only.series.groupby(["scenario", "replicate"])["participation_rate"].mean()
    assert not a.equals(b)
    # progress counts both passes: 6 runs each, out of 12, in order
    assert calls[-1] == (12, 12) and all(n == 12 for _, n in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and (6, 12) in calls


def test_off_runs_the_defaults_once(posterior):
    calls = []
    runs = uncertainty.run_both([_mix()], 2, ["x"], lambda d, n: calls.append((d, n)), False)
    assert runs.seed_only is None and runs.sets is None
    assert "posterior_set" not in runs.main.summaries
    assert calls[-1] == (2, 2)
    assert uncertainty.double(False) is False and uncertainty.double(True) is True


def test_without_a_record_there_is_one_pass_and_the_switch_has_nothing(no_record):
    assert uncertainty.sets_available() is None and not uncertainty.double(True)
    calls = []
    runs = uncertainty.run_both([_mix()], 2, ["x"], lambda d, n: calls.append((d, n)), True)
    assert runs.seed_only is None and runs.sets is None and calls[-1] == (2, 2)
    assert uncertainty_view.explanation(runs.main, None, "en") == t("unc.explain_off", "en")
    assert uncertainty_view.sentences(runs.main, None, "x", "en") == []


def test_a_named_but_missing_posterior_counts_as_none(monkeypatch):
    from yingzao.errors import InputError

    def missing():
        raise InputError("the calibrated defaults name x, but its posterior sample is missing")

    monkeypatch.setattr(compare_mod, "posterior_sets", missing)
    assert uncertainty.sets_available() is None


def test_cancel_in_the_second_pass_stops_the_run(posterior):
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done > total // 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        uncertainty.run_both([_mix()], 2, ["x"], progress, True)
    assert seen == [1, 2, 3]


def _bands(fig) -> list[int]:
    return [sum(isinstance(c, PolyCollection) for c in ax.collections) for ax in fig.axes]


def test_charts_draw_an_inner_band_beside_the_outer_one(both):
    runs, _ = both
    one = _bands(whatif_figure(runs.main, "support-3y", "en"))
    two = _bands(whatif_figure(runs.main, "support-3y", "en", runs.seed_only))
    assert two[0] == 2 * one[0] and two[1] == 2 * one[1] and two[2] == 2 * one[2]
    fig = whatif_figure(runs.main, "support-3y", "en", runs.seed_only)
    assert "darker band" in fig.get_suptitle()
    c1 = _bands(compare_figure(runs.main, "en"))
    c2 = _bands(compare_figure(runs.main, "en", seed_only=runs.seed_only))
    assert c2[0] == 2 * c1[0] == 4


def test_numbers_give_both_intervals_in_plain_words(both):
    runs, _ = both
    for lang in ("en", "zh"):
        text = uncertainty_view.explanation(runs.main, runs.seed_only, lang)
        assert "3" in text
        said = uncertainty_view.sentences(runs.main, runs.seed_only, "support-3y", lang)
        assert said and all("{" not in s for s in said)
    assert "。 " not in uncertainty_view.explanation(runs.main, runs.seed_only, "zh")
    en = uncertainty_view.explanation(runs.main, runs.seed_only, "en")
    assert "darker band" in en and "lighter band" in en and "3 parameter sets" in en
    table = rows(runs.main, "en")
    merged = uncertainty_view.with_seed_rows(table, rows(runs.seed_only, "en"), "en")
    seed_rows = [r for r in merged if r["metric"].endswith(":seed_only")]
    assert seed_rows and all("run to run only" in r["name"] for r in seed_rows)
    # each seed-only row follows its outcome, with the defaults' numbers
    i = next(k for k, r in enumerate(merged) if r["metric"] == "orgs_functional")
    assert merged[i + 1]["metric"] == "orgs_functional:seed_only"
    ref = next(r for r in rows(runs.seed_only, "en") if r["metric"] == "orgs_functional")
    assert merged[i + 1]["cells"] == ref["cells"]
    assert uncertainty_view.with_seed_rows(table, None, "en") == table


def test_exports_and_brief_say_whether_uncertainty_was_included(both):
    runs, _ = both
    table = exports.runs_table(runs.main, "en", runs.seed_only)
    assert len(table) == 12
    assert set(table["Parameters"]) == {"drawn from the calibration", "calibrated defaults"}
    drawn = table[table["Parameters"] == "drawn from the calibration"]
    assert list(drawn["Parameter set"]) == [1, 2, 3, 1, 2, 3]
    got = list(csv.reader(io.StringIO(exports.settings_csv(runs.main, "en", runs.seed_only))))
    row = next(r for r in got if r[0] == "Parameter uncertainty")
    assert row[1] == "included: 3 parameter sets"
    plain = exports.settings_rows(runs.seed_only, "en")
    assert next(r for r in plain if r[0] == "Parameter uncertainty")[1].startswith("not included")
    assert "Parameters" not in exports.runs_table(runs.seed_only, "en")
    html = brief_html(runs.main, "en", seed_only=runs.seed_only)
    assert "Parameter uncertainty included" in html and "3 parameter sets" in html
    assert "Parameter uncertainty not included" in brief_html(runs.seed_only, "en")
    assert "已计入参数不确定性" in brief_html(runs.main, "zh", seed_only=runs.seed_only)


def test_the_switch_travels_in_the_link():
    base = state.default_mix("support-3y")
    on = Settings(preset="support-3y", mix=dict(base))
    assert "unc" not in to_query(on, base, "support-3y")  # on is the default
    off = Settings(preset="support-3y", mix=dict(base), uncertainty=False)
    q = to_query(off, base, "support-3y")
    assert "unc=0" in q
    assert from_query(q, "support-3y", state.default_mix).uncertainty is False
    assert from_query("", "support-3y", state.default_mix).uncertainty is True
    bad = from_query("unc=maybe", "support-3y", state.default_mix)
    assert bad.uncertainty is True and bad.problems


def test_the_switch_marks_a_what_if_result_stale_except_for_a_street():
    from yingzao.app.pages.whatif import settings_key

    m = state.default_mix("support-3y")
    assert settings_key("support-3y", m, {}, True) != settings_key("support-3y", m, {}, False)
    s = state.default_mix("street-qingyuan")
    assert settings_key("street-qingyuan", s, {}, True) == settings_key("street-qingyuan", s, {})
    assert settings_key("street-qingyuan", s, {}, False) == settings_key("street-qingyuan", s, {})


def test_why_this_result_follows_the_switch(posterior):
    from yingzao.app import why

    scn = _mix().with_overrides({"run.months": 12})
    on = why.run_without(scn, 1, posterior=True)
    off = why.run_without(scn, 1, posterior=False)
    assert on.posterior_sets == 3 and "posterior_set" in on.summaries
    assert off.posterior_sets is None and "posterior_set" not in off.summaries
