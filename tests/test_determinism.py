"""Same scenario and seed give a bit-identical run, in this process and in a fresh one."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from yingzao.model.results import Result
from yingzao.scenarios import builtin_names, load

from yingzao import CommunityModel, simulate

# Many policies at once, so every policy's stream is exercised, on a small community.
RICH = {
    "community.residents": 700,
    "run.months": 40,
    "withdrawal.month": 30,
    "crisis.month": 8,
    "fund.seed": 10000.0,
    "procurement.budget": 5000.0,
    "committee_training.budget": 20000.0,
    "community.turnover": 0.01,
}
CASES = [("baseline", {"community.residents": 600, "run.months": 36}), ("support-3y", RICH)]


def run(scenario, seed, overrides):
    return simulate(scenario, seed=seed, overrides=overrides)


@pytest.mark.parametrize("scenario, ov", CASES, ids=[c[0] for c in CASES])
def test_same_seed_same_series_in_process(scenario, ov):
    a = run(scenario, 5, ov)
    b = run(scenario, 5, ov)
    assert a.series.equals(b.series)
    assert json.dumps(a.to_json(), sort_keys=True) == json.dumps(b.to_json(), sort_keys=True)
    assert a.events == b.events


@pytest.mark.parametrize("scenario, ov", CASES, ids=[c[0] for c in CASES])
def test_different_seeds_differ(scenario, ov):
    a = run(scenario, 1, ov)
    b = run(scenario, 2, ov)
    assert not a.series.equals(b.series)
    assert not a.series["trust_mean"].equals(b.series["trust_mean"])


def test_scenario_object_and_name_give_the_same_run():
    ov = {"community.residents": 600, "run.months": 24}
    by_name = run("incubation", 3, ov).series
    by_object = run(load("incubation", ov), 3, None).series
    by_with = run(load("incubation").with_overrides(ov), 3, None).series
    assert by_name.equals(by_object)
    assert by_name.equals(by_with)


def test_run_in_pieces_equals_run_at_once():
    whole = CommunityModel("support-3y", seed=4, overrides=RICH).run()
    pieces = CommunityModel("support-3y", seed=4, overrides=RICH)
    pieces.run(7)
    pieces.run(13)
    for _ in range(RICH["run.months"] - 20):
        pieces.step()
    assert Result.from_model(whole).series.equals(Result.from_model(pieces).series)


def test_interleaved_models_do_not_share_random_state():
    ov = dict(RICH, **{"run.months": 20})
    alone = CommunityModel("support-3y", seed=9, overrides=ov).run()
    a = CommunityModel("support-3y", seed=9, overrides=ov)
    b = CommunityModel("support-3y", seed=10, overrides=ov)
    for _ in range(20):
        b.step()
        a.step()
    assert Result.from_model(a).series.equals(Result.from_model(alone).series)


FRESH = """
import sys
from yingzao import simulate
ov = {ov!r}
res = simulate({scenario!r}, seed=7, overrides=ov)
res.series.to_parquet(sys.argv[1], index=False)
"""


@pytest.mark.parametrize("scenario, ov", CASES, ids=[c[0] for c in CASES])
def test_fresh_process_gives_bit_identical_series(tmp_path, scenario, ov):
    here = run(scenario, 7, ov).series
    code = FRESH.format(ov=ov, scenario=scenario)
    frames = []
    for hashseed in ("1", "4242"):  # str hashing must not leak into the run
        path = tmp_path / f"series-{hashseed}.parquet"
        env = dict(os.environ, PYTHONHASHSEED=hashseed)
        p = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert p.returncode == 0, p.stderr
        frames.append(pd.read_parquet(path))
    assert frames[0].equals(frames[1])
    # parquet keeps dtypes; compare the in-process series after the same round trip
    local = tmp_path / "local.parquet"
    here.to_parquet(local, index=False)
    assert pd.read_parquet(local).equals(frames[0])
    assert list(frames[0].dtypes) == list(here.dtypes)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", builtin_names())
def test_fresh_process_full_size_builtins(tmp_path, scenario):
    here = run(scenario, 11, None).series
    code = FRESH.format(ov=None, scenario=scenario).replace("seed=7", "seed=11")
    path = tmp_path / "s.parquet"
    p = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, PYTHONHASHSEED="99"),
    )
    assert p.returncode == 0, p.stderr
    local = tmp_path / "local.parquet"
    here.to_parquet(local, index=False)
    assert pd.read_parquet(local).equals(pd.read_parquet(path))
