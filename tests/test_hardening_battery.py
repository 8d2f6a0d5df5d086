"""Bad inputs from a hostile-input battery run after issue 10 (each was silently accepted, or an
exception that did not name the argument): every one a test that fails without its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_errors import error_line
from yingzao.experiments.compare import compare
from yingzao.experiments.sweep import run_sweep, spec_from_dict
from yingzao.model.community import CommunityModel
from yingzao.scenarios import load, run_warnings

from yingzao import simulate
from yingzao.cli import main as cli
from yingzao.errors import InputError

TINY = {"community.residents": 300, "run.months": 3}
SPEC = {
    "scenario": "baseline",
    "design": "lhs",
    "samples": 2,
    "outputs": ["orgs_functional"],
    "set": dict(TINY),
    "parameters": {"ngo.months": [12, 24]},
}


def test_workers_zero_on_a_community_is_refused_like_any_city_option(capsys):
    err = error_line(capsys, ["run", "baseline", "--workers", "0", "--months", "2"])
    assert "--workers" in err and "only for city runs" in err


def test_months_given_twice_with_two_values_is_refused(capsys, tmp_path):
    err = error_line(capsys, ["run", "baseline", "--months", "6", "--set", "run.months=12"])
    assert "--months 6" in err and "run.months=12" in err and "disagree" in err
    err = error_line(
        capsys, ["compare", "baseline", "chengdu", "--months", "6", "--set", "run.months=12"]
    )
    assert "disagree" in err
    # the same value twice is no disagreement
    assert cli(["run", "baseline", "--months", "2", "--set", "run.months=2"]) == 0
    # in Python, months= is the documented way to shorten a run whose overrides set run.months
    assert len(simulate("baseline", months=2, overrides={**TINY, "run.months": 3}).series) == 2


def test_a_report_path_that_is_not_a_regular_file_is_refused_before_running(capsys):
    err = error_line(capsys, ["validate", "--reps", "2", "--out", os.devnull])
    assert "not a regular file" in err


def test_a_set_without_equals_echoes_a_cut_value(capsys):
    err = error_line(capsys, ["run", "baseline", "--set", "x" * 5000])
    assert "expected KEY=VALUE" in err and len(err) < 200


def test_stray_underscores_are_not_a_number(capsys):
    err = error_line(capsys, ["run", "baseline", "--set", "community.residents=_3_0_0_"])
    assert "community.residents" in err and "not a whole number" in err
    assert load("baseline", {"community.residents": "3_000"})["community.residents"] == 3000


@pytest.mark.parametrize(
    "key,value,kind",
    [
        ("city.districts", 5, "city"),
        ("city_fund.per_100_households", 4000, "city"),
        ("mech.practice_spread", False, "city"),
        ("street.mix_villa_estate", 5, "street"),
    ],
)
def test_city_and_street_settings_that_cannot_act_are_warned(key, value, kind, capsys):
    sc = load("baseline", {key: value})
    (w,) = run_warnings(sc)
    assert key in w and f"{kind} settings" in w and "no effect" in w
    assert cli(["run", "baseline", "--months", "2", "--set", f"{key}={value}"]) == 0
    err = capsys.readouterr().err
    assert "warning: " in err and key in err and "no effect" in err
    # a street of several communities uses its street settings: no warning
    if kind == "street":
        assert run_warnings(load("street-qingyuan", {key: value})) == []


def test_built_in_scenarios_carry_no_setting_that_cannot_act():
    from yingzao.scenarios import builtin_names

    for name in builtin_names():
        sc = load(name)
        assert not [w for w in run_warnings(sc) if "no effect" in w], name


@pytest.mark.parametrize(
    "text,needle",
    [
        ("", "is empty"),
        ('extends = ""\n[community]\nresidents = 300\n', "'extends' is empty"),
        ('[community]\nresidents = "600"\n', "text in quotes"),
        ('[mech]\nevents = "no"\n', "text in quotes"),
    ],
)
def test_scenario_files_with_empty_or_quoted_values_are_refused(text, needle, tmp_path, capsys):
    f = tmp_path / "s.toml"
    f.write_text(text)
    err = error_line(capsys, ["params", str(f)])
    assert needle in err and "s.toml" in err


def test_a_sweep_name_with_path_parts_is_refused(tmp_path):
    doc = {**SPEC, "name": "../../escaped"}
    with pytest.raises(InputError, match="not a plain name"):
        spec_from_dict(doc)
    spec_from_dict({**doc, "out": str(tmp_path / "here")})  # a folder given: the name is a label


@pytest.fixture(scope="module")
def tiny_result():
    return simulate("baseline", seed=3, overrides=TINY)


def test_result_save_checks_its_folder_before_writing(tiny_result, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="empty"):
        tiny_result.save("")
    with pytest.raises(TypeError, match="out"):
        tiny_result.save(None)
    with pytest.raises(InputError, match="not a folder"):
        tiny_result.save(os.devnull)
    assert list(Path(tmp_path).iterdir()) == []
    assert tiny_result.save(tmp_path / "ok")


def test_api_arguments_of_the_wrong_kind_name_themselves(tmp_path, monkeypatch):
    with pytest.raises(TypeError, match="scenario"):
        CommunityModel(None)
    with pytest.raises(TypeError, match="posterior"):
        compare(["baseline"], reps=2, overrides=TINY, workers=1, progress=False, posterior="no")
    monkeypatch.chdir(tmp_path)
    spec = spec_from_dict(dict(SPEC))
    with pytest.raises(InputError, match="empty"):
        run_sweep(spec, "", workers=1, progress=False)
    assert list(Path(tmp_path).iterdir()) == []


def test_cities_are_listed_and_refused_by_name_where_a_community_goes(capsys):
    assert cli(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "Cities" in out and "city-chengdu " in out and "city-demo-support" not in out
    err = error_line(capsys, ["app", "--no-open", "--scenario", "city-small"])
    assert "is a city" in err and "yingzao run" in err
