"""The Python API: yingzao.simulate, Result, CommunityModel.run."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from conftest import SMALL, SUMMARY_KEYS, check_series
from yingzao.model.metrics import SERIES_COLUMNS, summary

import yingzao
from yingzao import CommunityModel, Result, Scenario, load, simulate
from yingzao.errors import InputError


def test_public_names():
    assert set(yingzao.__all__) >= {"CommunityModel", "Result", "Scenario", "load", "simulate"}


def test_simulate_returns_a_result_with_one_row_per_month():
    res = simulate("baseline", seed=3, overrides=SMALL)
    assert isinstance(res, Result)
    assert isinstance(res.series, pd.DataFrame)
    assert isinstance(res.summary, dict)
    assert res.scenario == "baseline" and res.seed == 3
    assert res.months == SMALL["run.months"]
    check_series(res.series, SMALL["run.months"], SMALL["community.residents"])
    assert set(SUMMARY_KEYS) <= set(res.summary)
    assert res.summary["residents"] == SMALL["community.residents"]


def test_months_argument_overrides_run_months():
    res = simulate("baseline", seed=1, months=7, overrides=SMALL)
    assert len(res.series) == 7 and res.months == 7


def test_summary_is_the_last_row_of_the_series():
    res = simulate("support-3y", seed=2, overrides=dict(SMALL, **{"withdrawal.month": 12}))
    last = res.series.iloc[-1]
    for c in SERIES_COLUMNS:
        if c != "month" and c in res.summary:
            assert res.summary[c] == last[c], c


def test_shorter_run_is_a_prefix_of_a_longer_one():
    short = simulate("support-3y", seed=5, months=20, overrides=SMALL).series
    long = simulate("support-3y", seed=5, months=30, overrides=SMALL).series
    assert long.iloc[:20].reset_index(drop=True).equals(short)


def test_simulate_accepts_a_scenario_object_and_a_file(tmp_path):
    sc = load("baseline", SMALL)
    assert isinstance(sc, Scenario)
    a = simulate(sc, seed=2)
    f = tmp_path / "small.toml"
    f.write_text('extends = "baseline"\n[community]\nresidents = 600\n[run]\nmonths = 36\n')
    b = simulate(str(f), seed=2)
    assert b.scenario == "small"
    assert a.series.equals(b.series)


def test_simulate_rejects_bad_overrides():
    with pytest.raises(InputError, match="community.residentz"):
        simulate("baseline", overrides={"community.residentz": 10})
    with pytest.raises(InputError, match="run.months"):
        simulate("baseline", months=0)


def test_with_overrides_turns_a_policy_on_in_a_run():
    sc = load("baseline", SMALL).with_overrides({"procurement.budget": 2000.0})
    assert sc.policies() == ["procurement"]
    res = simulate(sc, seed=1)
    assert res.series["outside_money_month"].eq(2000.0).all()


def test_to_json_is_plain_json():
    res = simulate("crisis", seed=1, overrides=dict(SMALL, **{"crisis.month": 6}))
    data = res.to_json()
    text = json.dumps(data, allow_nan=False)
    back = json.loads(text)
    assert (
        back["summary"]["crisis_volunteers_first_month"]
        == res.summary["crisis_volunteers_first_month"]
    )
    for v in back["summary"].values():
        assert v is None or isinstance(v, bool | int | float | str)
        assert not (isinstance(v, float) and not math.isfinite(v))


def test_marks_and_events():
    res = simulate("support-3y", seed=1, overrides=dict(SMALL, **{"withdrawal.month": 12}))
    assert (12, "withdrawal") in res.marks
    assert all(0 <= mo <= res.months for mo, _ in res.marks)
    assert any(kind == "withdrawal" and mo == 12 for mo, kind, _ in res.events)
    assert all(mo >= 0 for mo, _, _ in res.events)


def test_save_writes_files(tmp_path):
    res = simulate("baseline", seed=1, months=6, overrides=SMALL)
    paths = res.save(tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [
        "series.parquet",
        "series.csv",
        "groups.parquet",
        "groups.csv",
        "group_sizes.parquet",
        "group_sizes.csv",
        "summary.json",
        "figure.png",
    ]
    assert pd.read_parquet(paths[0]).equals(res.series)
    assert pd.read_parquet(paths[2]).equals(res.groups)
    summary_json = paths[names.index("summary.json")]
    assert json.loads(summary_json.read_text()) == json.loads(json.dumps(res.to_json()))


def test_summary_needs_a_month():
    m = CommunityModel("baseline", seed=0, overrides=SMALL)
    with pytest.raises(ValueError):
        summary(m)
    m.step()
    assert summary(m)["residents"] == m.n


def test_run_returns_the_model_and_counts_months():
    m = CommunityModel("baseline", seed=0, overrides=SMALL)
    assert m.run(5) is m and m.month == 5
    m.run()
    assert m.month == 5 + SMALL["run.months"]
