"""Bad values and arguments fail at once, before any run or side effect, naming what is wrong."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from yingzao.experiments import sweep_spec
from yingzao.experiments.compare import compare
from yingzao.experiments.sweep import run_sweep, spec_from_dict
from yingzao.experiments.sweep_design import MAX_RUNS
from yingzao.model import footprint
from yingzao.model.community import CommunityModel
from yingzao.model.street import StreetModel
from yingzao.scenarios import load, run_warnings

import yingzao
from yingzao import simulate
from yingzao.checks import MAX_SEED
from yingzao.cli import main as cli
from yingzao.errors import InputError

TINY = {"community.residents": 300, "run.months": 3}
SCENARIOS = Path(yingzao.scenarios.__file__).parent


def error_line(capsys, argv: list[str]) -> str:
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("yingzao: error: "), err
    return err


def spec(**changes) -> dict:
    doc = {
        "scenario": "baseline",
        "design": "lhs",
        "samples": 2,
        "set": dict(TINY),
        "parameters": {"ngo.months": [12, 24]},
    }
    doc.update(changes)
    return doc


# --- seeds ------------------------------------------------------------------------------------


def test_seeds_beyond_int64_fail_up_front_with_the_range(capsys, monkeypatch):
    monkeypatch.setattr("yingzao.experiments.compare.run_many", None)  # must not be reached
    err = error_line(capsys, ["compare", "baseline", "incubation", "--seeds", "9" * 20])
    assert "9,223,372,036,854,775,807" in err
    err = error_line(capsys, ["compare", "baseline", "incubation", "--seeds", str(MAX_SEED)])
    assert "last seed" in err  # 20 replicates from the largest seed overflow
    err = error_line(capsys, ["run", "baseline", "--seed", str(MAX_SEED + 1)])
    assert "--seed" in err and "2" in err
    with pytest.raises(InputError, match="seed"):
        compare(["baseline"], seeds=[0, 2**64], overrides=TINY, workers=1)


def test_a_sweep_seed_at_int64_with_replicates_is_refused():
    with pytest.raises(InputError, match="'seed'.*9223372036854775808"):
        spec_from_dict(spec(seed=MAX_SEED, reps=2))
    assert spec_from_dict(spec(seed=MAX_SEED - 1, reps=2)).reps == 2


def test_the_largest_seed_runs_and_is_written(tmp_path):
    res = simulate("baseline", seed=MAX_SEED, overrides=TINY)
    res.save(tmp_path / "r")
    cmp = compare(["baseline"], seeds=[MAX_SEED], overrides=TINY, workers=1, progress=False)
    cmp.save(tmp_path / "c")


# --- sizes ------------------------------------------------------------------------------------


def test_a_sweep_too_large_is_refused_with_count_and_limit():
    t = time.monotonic()
    with pytest.raises(InputError) as e:
        spec_from_dict(spec(reps=1_000_000_000))
    assert "2 points x 1,000,000,000 replicates" in str(e.value)
    assert f"{MAX_RUNS:,}" in str(e.value)
    with pytest.raises(InputError, match="9,000,000 points"):
        spec_from_dict(spec(samples=9_000_000))
    with pytest.raises(InputError, match="'reps' must be a whole number"):
        spec_from_dict(spec(reps=1e9))  # as TOML reads reps = 1e9
    assert time.monotonic() - t < 5


def test_a_large_design_reports_progress_while_checked(tmp_path, monkeypatch):
    s = spec_from_dict(spec(samples=20_000, parameters={"grants.start": [0, 300]}))
    clock = SimpleNamespace(monotonic=iter(range(10**6)).__next__)  # a second per call
    monkeypatch.setattr(sweep_spec, "time", clock)
    calls = []
    s.check_points(progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1][1] == 20_000 and calls[0][0] < 20_000


def test_a_street_point_that_cannot_be_split_fails_before_any_run(tmp_path):
    doc = spec(
        set={"street.residents": 5000, "run.months": 3},
        parameters={"street.communities": [2, 30]},
        design="grid",
        samples=3,
    )
    with pytest.raises(InputError, match="design point .*street.residents"):
        run_sweep(spec_from_dict(doc), tmp_path / "o", workers=1, progress=False)
    assert not (tmp_path / "o").exists()


def test_memory_is_estimated_before_building(monkeypatch):
    monkeypatch.setattr(footprint, "available_memory", lambda: 2**30)
    built = []
    monkeypatch.setattr(CommunityModel, "__init__", lambda *a, **k: built.append(1))
    big = {"street.communities": 30, "community.residents": 200_000}
    with pytest.raises(InputError) as e:
        simulate("baseline", overrides=big)
    msg = str(e.value)
    assert "6,000,000 residents" in msg and "GB of memory" in msg and "1.0 GB available" in msg
    with pytest.raises(InputError, match="GB"):
        StreetModel(load("baseline", big))
    with pytest.raises(InputError, match="200,000 residents"):
        simulate("baseline", overrides={"community.residents": 200_000, "network.local_degree": 30})
    assert not built


def test_the_memory_estimate_is_an_upper_bound_of_the_real_use():
    import resource

    sc = load("baseline", {"community.residents": 30_000, "run.months": 2})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    simulate(sc)
    grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    est = footprint.estimate_bytes(sc)
    assert grew <= est <= 10 * max(grew, 30_000 * 1000)
    assert footprint.available_memory() is None or footprint.available_memory() > 0


def test_compare_checks_memory_for_its_workers_together(monkeypatch):
    monkeypatch.setattr(footprint, "available_memory", lambda: 2**30)
    with pytest.raises(InputError, match="x 2 runs at once"):
        compare(["baseline"], reps=2, overrides={"community.residents": 120_000}, workers=2)


# --- the Python API ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "needle"),
    [
        (lambda: simulate(seed=True), TypeError, "seed"),
        (lambda: simulate(seed=1.5), TypeError, "seed"),
        (lambda: simulate(seed=-1), InputError, "seed"),
        (lambda: simulate(months="12"), TypeError, "months"),
        (lambda: simulate(months=0), InputError, "run.months"),
        (lambda: simulate(overrides=["ngo.months"]), TypeError, "overrides"),
        (lambda: simulate(overrides={1: 2}), TypeError, "overrides"),
        (lambda: simulate(3), TypeError, "scenario"),
        (lambda: load(3), TypeError, "scenario"),
        (lambda: load("baseline", "ngo.months=3"), TypeError, "overrides"),
        (lambda: compare("baseline", workers="2"), TypeError, "workers"),
        (lambda: compare("baseline", workers=0), InputError, "workers"),
        (lambda: compare("baseline", reps=True), InputError, "reps"),
        (lambda: compare("baseline", seeds="123"), InputError, "seeds"),
        (lambda: compare("baseline", seeds=[True, False]), InputError, "seeds"),
        (lambda: compare("baseline", seeds=range(10**12)), InputError, "replicates"),
        (lambda: compare(42), TypeError, "scenarios"),
        (lambda: compare("baseline", progress="yes"), TypeError, "progress"),
        (lambda: CommunityModel(load("baseline", TINY)).run(months=-5), ValueError, "months"),
        (lambda: CommunityModel(load("baseline", TINY)).run(months=2.5), TypeError, "months"),
    ],
)
def test_public_functions_check_their_arguments(call, error, needle):
    t = time.monotonic()
    with pytest.raises(error, match=needle):
        call()
    assert time.monotonic() - t < 10  # before any long work


def test_simulate_accepts_a_path_like_compare_does():
    res = simulate(SCENARIOS / "baseline.toml", seed=1, overrides=TINY)
    assert res.scenario == "baseline" and res.months == 3


@pytest.mark.parametrize(
    ("kwargs", "error", "needle"),
    [
        ({"workers": 1.5}, TypeError, "workers"),
        ({"workers": True}, TypeError, "workers"),
        ({"workers": "2"}, TypeError, "workers"),
        ({"flush_rows": 0}, InputError, "flush_rows"),
        ({"flush_seconds": float("nan")}, InputError, "flush_seconds"),
        ({"resume": "yes"}, TypeError, "resume"),
        ({"resume": True, "force": True}, InputError, "give one"),
        ({"cluster": 8786}, TypeError, "cluster"),
        ({"progress": "no"}, TypeError, "progress"),
    ],
)
def test_run_sweep_checks_arguments_before_setting_up_the_folder(tmp_path, kwargs, error, needle):
    out = tmp_path / "o"
    with pytest.raises(error, match=needle):
        run_sweep(spec_from_dict(spec()), out, **kwargs)
    assert not out.exists()


# --- values the run length contradicts --------------------------------------------------------


def test_settings_after_the_end_of_the_run_are_warned_about(capsys):
    argv = ["run", "incubation", "--months", "24", "--set", "community.residents=300"]
    argv += ["--set", "withdrawal.month=300", "--set", "crisis.month=500"]
    assert cli(argv) == 0
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert all(line.startswith("yingzao: warning: ") for line in lines)
    assert any("withdrawal.month = 300" in x and "run.months = 24" in x for x in lines)
    assert any("crisis.month = 500" in x for x in lines)
    assert "withdrawn at month" not in out  # it did not happen in this run
    sc = load("incubation", {"run.months": 24, "ngo.months": 600})
    assert any("ngo.months = 600" in w and "run.months = 24" in w for w in run_warnings(sc))
    assert run_warnings(load("incubation")) == []


def test_a_sweep_logs_ranges_past_the_end_of_the_run(tmp_path):
    logged = []
    doc = spec(parameters={"withdrawal.month": [1, 300]}, set=dict(TINY))
    run_sweep(spec_from_dict(doc), tmp_path / "o", workers=1, progress=False, log=logged.append)
    assert any(
        m.startswith("warning: withdrawal.month ranges up to 300") and "run.months = 3" in m
        for m in logged
    )
