"""Bad inputs found beyond the issue's list (each was a traceback, a hang or silently accepted)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cli_errors import error_line
from yingzao.experiments.analyze import analyze
from yingzao.experiments.replicate import replicate
from yingzao.experiments.sweep import load_spec, spec_from_dict
from yingzao.experiments.sweep_exec import connect
from yingzao.model.community import CommunityModel
from yingzao.scenarios import MAX_EXTENDS, load

from yingzao.errors import InputError

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
TINY = {"community.residents": 300, "run.months": 3}


def test_paths_too_long_for_the_file_system_are_one_line(capsys):
    err = error_line(capsys, ["run", "a/" * 2100 + "x.toml"])
    assert "too long" in err and len(err) < 300
    err = error_line(capsys, ["run", "baseline", "--out", "b/" * 2100])
    assert "too long" in err and len(err) < 300


def test_a_long_chain_of_extends_is_refused_without_recursion(tmp_path):
    n = 1500
    for i in range(n):
        text = f'extends = "c{i + 1}.toml"\n' if i < n - 1 else "[community]\nresidents = 600\n"
        (tmp_path / f"c{i}.toml").write_text(text)
    with pytest.raises(InputError, match=f"more than {MAX_EXTENDS}"):
        load(str(tmp_path / "c0.toml"))
    # a chain of a few is fine
    assert load(str(tmp_path / f"c{n - 3}.toml")).values["community.residents"] == 600


def test_an_empty_out_is_not_the_current_folder(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv in (["run", "baseline"], ["compare", "baseline", "incubation"], ["validate"]):
        assert "empty" in error_line(capsys, [*argv, "--out", ""])
    assert list(tmp_path.iterdir()) == []


def test_params_json_and_markdown_together_are_refused(capsys):
    assert "not allowed with" in error_line(capsys, ["params", "baseline", "--json", "--markdown"])


def test_name_must_be_text(tmp_path):
    f = tmp_path / "n.toml"
    f.write_text("name = [1]\n")
    with pytest.raises(InputError, match="'name' must be text"):
        load(str(f))


def test_a_street_that_cannot_be_split_fails_before_it_is_built(capsys, tmp_path):
    f = tmp_path / "st.toml"
    f.write_text("[street]\ncommunities = 30\nresidents = 1000\n")
    assert "cannot make 30 communities" in error_line(capsys, ["run", str(f)])


def test_compare_reps_over_the_limit_fail_before_any_warning(capsys):
    err = error_line(capsys, ["compare", "baseline", "incubation", "--reps", "100000"])
    assert "at most 10,000" in err


@pytest.mark.parametrize("address", ["nonsense", "tcp://host", "tcp://h:x"])
def test_a_malformed_cluster_address_fails_at_once(address):
    t = time.monotonic()
    with pytest.raises(InputError, match="not a scheduler address"):
        connect(address)
    assert time.monotonic() - t < 3  # no half-made client that hangs when collected


def test_load_accepts_a_path_like_simulate_and_compare():
    assert load(SCENARIOS / "baseline.toml", TINY).values["run.months"] == 3


@pytest.mark.parametrize(
    ("call", "error", "needle"),
    [
        (lambda: spec_from_dict("scenario = 'baseline'"), TypeError, "dict"),
        (lambda: load_spec(123), TypeError, "path"),
        (lambda: analyze(123), TypeError, "results"),
        (lambda: CommunityModel(load("baseline", TINY), seed=-1), InputError, "seed -1"),
        (lambda: CommunityModel(load("baseline", TINY), seed=2**64), InputError, "seed"),
        (lambda: CommunityModel(load("baseline", TINY), seed="x"), TypeError, "seed"),
        (lambda: replicate("baseline", seeds=[-1], overrides=TINY), InputError, "seed -1"),
        (lambda: replicate("baseline", seeds="ab", overrides=TINY), InputError, "seeds"),
        (lambda: replicate("baseline", [1], workers=0, overrides=TINY), InputError, "workers"),
    ],
)
def test_more_api_arguments_are_checked(call, error, needle):
    with pytest.raises(error, match=needle):
        call()


def test_a_sweep_json_that_is_not_an_object_is_one_line(tmp_path, capsys):
    spec = tmp_path / "s.toml"
    spec.write_text(
        'scenario = "baseline"\ndesign = "lhs"\nsamples = 2\n[set]\n"run.months" = 3\n'
        '"community.residents" = 300\n[parameters]\n"ngo.months" = [12, 24]\n'
    )
    out = tmp_path / "o"
    out.mkdir()
    (out / "sweep.json").write_text("[1, 2]")
    err = error_line(capsys, ["sweep", str(spec), "--out", str(out), "--resume"])
    assert "not a sweep description" in err


def test_a_thousand_workers_are_not_started_when_they_cannot_fit(monkeypatch):
    from yingzao.experiments.compare import compare
    from yingzao.model import footprint

    monkeypatch.setattr(footprint, "available_memory", lambda: 8 * 2**30)
    monkeypatch.setattr("yingzao.experiments.compare.run_many", None)  # must not be reached
    with pytest.raises(InputError, match="x 400 runs at once.*fewer workers"):
        compare(["baseline", "incubation"], reps=200, overrides=TINY, workers=1000)
