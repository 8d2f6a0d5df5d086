"""Parameter sweeps (experiments/sweep*.py): designs, results, bad specs, CLI."""

from __future__ import annotations

import copy
import json
import tomllib
from concurrent.futures import Future

import numpy as np
import pandas as pd
import pytest
from sweep_helpers import (
    EXAMPLE,
    N_RUNS,
    OUTPUTS,
    RUN_ID,
    SPEC,
    cli,
    finished_sweep,
    make_spec,
    part_ids,
    sweep,
)
from yingzao.experiments.sweep import (
    SweepInterrupted,
    design,
    load_results,
    load_series,
    load_spec,
    spec_from_dict,
)
from yingzao.experiments.sweep_exec import InlinePool, run_batch
from yingzao.experiments.sweep_spec import SUMMARY_KEYS, to_toml
from yingzao.experiments.sweep_store import Lock
from yingzao.model.metrics import SERIES_COLUMNS, SUMMARY_TEXT

from yingzao import simulate
from yingzao.errors import InputError

# --- designs ----------------------------------------------------------------------------------


def spec_of(**changes):
    doc = copy.deepcopy(SPEC) | changes
    return spec_from_dict({k: v for k, v in doc.items() if v is not None})


def test_grid_is_the_full_factorial_with_ints_rounded_and_deduplicated():
    s = spec_of(
        design="grid",
        samples=4,
        parameters={
            "ngo.months": [12, 14],  # 4 levels round to 12, 13, 14
            "grants.max_grant": [0.0, 300.0],
            "ngo.strategy": ["incubate", "substitute"],
            "ngo.federation": [True, False],
        },
    )
    d = s.points
    assert s.n_points == 3 * 4 * 2 * 2 == len(d) and s.n_runs == s.n_points * 3
    assert d["point"].tolist() == list(range(s.n_points))
    assert sorted(d["ngo.months__used"].unique()) == [12, 13, 14]
    assert sorted(d["grants.max_grant"].unique()) == [0.0, 100.0, 200.0, 300.0]
    assert set(d["ngo.strategy"]) == {"incubate", "substitute"}
    assert not d.drop(columns="point").duplicated().any()
    assert s.problem == {
        "num_vars": 2,
        "names": ["ngo.months", "grants.max_grant"],
        "bounds": [[12.0, 14.0], [0.0, 300.0]],
    }


@pytest.mark.parametrize(
    "kind, samples, expected",
    [("lhs", 10, 10), ("sobol", 8, 8 * (3 + 2)), ("morris", 5, 5 * (3 + 1))],
)
def test_sampled_designs_have_the_right_size_bounds_and_ints(kind, samples, expected):
    params = {
        "grants.per_100_households": [500.0, 8000.0],
        "ngo.months": [12, 60],
        "training.cohort": [0, 40],
    }
    s = spec_of(design=kind, samples=samples, parameters=params)
    d = s.points
    assert s.n_points == expected == len(d)
    for k, (lo, hi) in params.items():
        assert d[k].between(lo, hi).all() and d[f"{k}__used"].between(lo, hi).all(), k
    for k in ("ngo.months", "training.cohort"):
        used = d[f"{k}__used"]
        assert used.dtype == np.int64
        assert (used == np.floor(d[k] + 0.5)).all()  # sampled unrounded, used rounded half-up
    assert (d["grants.per_100_households__used"] == d["grants.per_100_households"]).all()
    # seeded: the same spec gives the same design, another seed another one
    pd.testing.assert_frame_equal(
        d, spec_of(design=kind, samples=samples, parameters=params).points
    )
    other = spec_of(design=kind, samples=samples, parameters=params, seed=99).points
    assert not other.equals(d)


def test_salib_row_order_is_kept():
    from SALib.sample import morris, sobol

    params = {"grants.per_100_households": [0.0, 8000.0], "ngo.months": [12, 60]}
    s = spec_of(design="sobol", samples=4, parameters=params)
    x = sobol.sample(s.problem, 4, calc_second_order=False, seed=4)
    np.testing.assert_array_equal(s.points[list(params)].to_numpy(), x)
    s = spec_of(design="morris", samples=3, levels=6, parameters=params)
    x = morris.sample(s.problem, N=3, num_levels=6, seed=4)
    np.testing.assert_array_equal(s.points[list(params)].to_numpy(), x)
    assert s.levels == 6


def test_lhs_has_one_point_in_every_stratum():
    s = spec_of(samples=10)
    for k, (lo, hi) in SPEC["parameters"].items():
        strata = np.floor((s.points[k] - lo) / (hi - lo) * 10).clip(0, 9)
        assert sorted(strata.astype(int)) == list(range(10)), k


def test_summary_keys_match_a_real_run():
    res = simulate("baseline", seed=0, months=2, overrides={"community.residents": 200})
    numeric = [k for k in res.summary if k not in SUMMARY_TEXT]
    assert numeric == list(SUMMARY_KEYS[:-1])
    assert SUMMARY_KEYS[-1] == "communities"  # a street's extra key
    assert list(spec_of().outputs) == OUTPUTS
    assert "communities" not in spec_of(outputs=None).outputs  # default: every key of a community


def test_example_spec_loads():
    s = load_spec(EXAMPLE)
    assert s.design == "morris" and s.name == "example-sweep"
    assert s.base.values["community.residents"] == 2000
    assert 4 <= len(s.parameters) <= 6 and s.n_runs == s.n_points * s.reps
    s.check_points()
    assert design(EXAMPLE).equals(s.points)


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    """One finished sweep, shared by several tests of this module."""
    return finished_sweep(tmp_path_factory)


# --- a finished sweep -------------------------------------------------------------------------


def test_results_folder_layout(done):
    spec_path, out, report = done
    assert report.new == N_RUNS and report.before == 0
    info = json.loads((out / "sweep.json").read_text())
    assert set(info) == {
        "name", "scenario", "design", "samples", "levels", "reps", "seed", "outputs", "series",
        "parameters", "set", "problem", "calc_second_order", "n_points", "n_runs", "spec_hash",
    }  # fmt: skip
    assert info["n_points"] == 8 and info["n_runs"] == N_RUNS and info["levels"] is None
    assert info["problem"]["names"] == list(SPEC["parameters"])
    assert info["parameters"] == {
        "grants.per_100_households": [0.0, 8000.0],
        "ngo.months": [12, 60],
    }
    assert info["calc_second_order"] is False
    assert (out / "spec.toml").read_text() == spec_path.read_text()
    d = pd.read_parquet(out / "design.parquet")
    assert list(d.columns) == [
        "point",
        "grants.per_100_households",
        "ngo.months",
        "grants.per_100_households__used",
        "ngo.months__used",
    ]
    pd.testing.assert_frame_equal(d, load_spec(spec_path).points)


def test_results_stream_into_several_parts(done):
    _, out, _ = done
    ids = part_ids(out)
    assert len(ids) >= 3  # flush_rows=4
    assert all(len(v) >= 1 for v in ids.values())
    assert sum(len(v) for v in ids.values()) == N_RUNS
    assert len(list((out / "series").glob("part-*.parquet"))) == len(ids)
    assert not list(out.rglob(".tmp-*"))


def test_run_ids_are_unique_well_formed_and_complete(done):
    _, out, _ = done
    design_df, runs, _ = load_results(out)
    assert runs["run_id"].is_unique and len(runs) == N_RUNS
    assert runs["run_id"].map(RUN_ID.match).all()
    expect = {f"p{p:05d}-r{r:03d}" for p in range(8) for r in range(3)}
    assert set(runs["run_id"]) == expect
    assert (runs["run_id"] == runs.apply(lambda x: f"p{x.point:05d}-r{x.rep:03d}", axis=1)).all()
    assert list(runs.columns) == [
        "run_id", "point", "rep", "seed", *SPEC["parameters"], *OUTPUTS, "seconds",
    ]  # fmt: skip
    assert (runs["seconds"] > 0).all()


def test_seeds_are_paired(done):
    _, out, _ = done
    _, runs, _ = load_results(out)
    assert (runs["seed"] == 4 + runs["rep"]).all()
    assert runs.groupby("rep")["seed"].nunique().eq(1).all()


def test_rows_hold_used_values_and_equal_single_runs(done):
    _, out, _ = done
    design_df, runs, _ = load_results(out)
    m = runs.merge(design_df, on="point", suffixes=("", "_design"))
    for k in SPEC["parameters"]:
        assert (m[k] == m[f"{k}__used"]).all(), k
    assert runs["ngo.months"].dtype == np.int64
    # no withdrawal in chengdu: None in the summary is NaN in the row
    assert runs["functional_alive_24m_after"].isna().all()
    row = runs.iloc[5]
    res = simulate(
        "chengdu",
        seed=int(row["seed"]),
        overrides=SPEC["set"]
        | {"grants.per_100_households": row["grants.per_100_households"]}
        | {"ngo.months": int(row["ngo.months"])},
    )
    for k in ("orgs_functional", "needs_met", "participation_rate"):
        assert row[k] == float(res.summary[k]), k
    ser = load_series(out, run_ids=[row["run_id"]])
    pd.testing.assert_frame_equal(ser.drop(columns="run_id"), res.series)


def test_series_are_kept_per_run_and_month(done):
    _, out, _ = done
    ser = load_series(out)
    assert list(ser.columns) == ["run_id", *SERIES_COLUMNS]
    assert len(ser) == N_RUNS * 12 and not ser.duplicated(["run_id", "month"]).any()
    few = load_series(out, columns=["needs_met"], run_ids=["p00001-r002"])
    assert list(few.columns) == ["run_id", "month", "needs_met"] and len(few) == 12


def test_memory_stays_bounded(tmp_path):
    # a pool that never finishes on its own: how many batches does the sweep keep in flight?
    class Deferred(InlinePool):
        slots, cap = 3, 4

        def __init__(self):
            self.queue: list = []
            self.most = 0

        def submit(self, args):
            f = Future()
            self.queue.append((f, args))
            self.most = max(self.most, sum(not q[0].done() for q in self.queue))
            return f

        def wait(self, fs):
            f, args = next(q for q in self.queue if not q[0].done())
            f.set_result(run_batch(*args))
            return {f}

    import yingzao.experiments.sweep as sweep_mod

    pool = Deferred()
    real = sweep_mod.InlinePool
    sweep_mod.InlinePool = lambda: pool
    try:
        sweep(make_spec(tmp_path, samples=20), tmp_path / "o", workers=1, flush_rows=5)
    finally:
        sweep_mod.InlinePool = real
    assert pool.most == 3 and len(pool.queue) >= 60 / 4
    sizes = [len(v) for v in part_ids(tmp_path / "o").values()]
    assert max(sizes) < 5 + 4 and sum(sizes) == 60  # a part: at most flush_rows + one batch


# --- bad specs and folders: errors before any run -------------------------------------------

BAD = {
    "unknown top-level key": ({"sample": 3}, "unknown key 'sample'.*did you mean 'samples'"),
    "unknown parameter": (
        {"parameters": {"ngo.monthz": [1, 2]}},
        "unknown parameter 'ngo.monthz'.*did you mean ngo.months",
    ),
    "range not two numbers": ({"parameters": {"ngo.months": [12]}}, r"'ngo.months' must be \["),
    "range of text": ({"parameters": {"ngo.months": ["a", "b"]}}, "two numbers"),
    "empty range": ({"parameters": {"ngo.months": [60, 12]}}, "empty range"),
    "equal bounds": ({"parameters": {"ngo.months": [12, 12]}}, "empty range"),
    "outside declared range": (
        {"parameters": {"ngo.months": [0, 60]}},
        "outside the allowed range, int from 1 to 600",
    ),
    "unknown design": ({"design": "taguchi"}, "unknown design 'taguchi'.*grid, lhs, sobol, morris"),
    "samples 0": ({"samples": 0}, "'samples' must be at least 1"),
    "reps 0": ({"reps": 0}, "'reps' must be at least 1"),
    "sobol not a power of 2": ({"design": "sobol", "samples": 6}, "power of 2"),
    "morris odd levels": ({"design": "morris", "levels": 3}, "even"),
    "levels without morris": ({"levels": 4}, "'levels' applies to design 'morris' only"),
    "unknown output": ({"outputs": ["needs_mat"]}, "unknown output 'needs_mat'.*needs_met"),
    "text parameter in lhs": (
        {"parameters": {"ngo.strategy": ["incubate", "substitute"]}},
        "can only be varied in design 'grid'",
    ),
    "unknown scenario": ({"scenario": "atlantis"}, "unknown scenario 'atlantis'"),
    "missing scenario file": ({"scenario": "nope.toml"}, "nope.toml"),
    "unknown [set] key": ({"set": {"community.residentz": 3}}, r"\[set\].*community.residentz"),
    "bad [set] value": ({"set": {"community.residents": 5}}, "community.residents: 5"),
    "set and varied": ({"set": {"ngo.months": 3}}, "both in"),
    "no parameters": ({"parameters": {}}, "empty"),
    "missing design": ({"design": None}, "'design' is missing"),
    "bad point": (
        {"set": {"training.end": 100}, "parameters": {"training.start": [0, 600]}},
        r"design point \d+ .*training.end",
    ),
}


@pytest.mark.parametrize("changes, needle", BAD.values(), ids=BAD.keys())
def test_bad_specs_fail_before_any_run(tmp_path, changes, needle):
    spec = make_spec(tmp_path, **changes)
    out = tmp_path / "out"
    with pytest.raises(InputError, match=needle) as e:
        sweep(spec, out)
    assert "\n" not in str(e.value)
    assert not out.exists()


def test_bad_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("design = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_spec(bad)
    with pytest.raises(InputError, match="cannot be read"):
        load_spec(tmp_path / "missing.toml")


def test_scenario_path_is_relative_to_the_spec(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.toml").write_text(
        'extends = "chengdu"\n[community]\nresidents = 300\n'
    )
    s = load_spec(make_spec(tmp_path / "sub", scenario="mine.toml", set={"run.months": 3}))
    assert s.base.values["community.residents"] == 300 and s.base.name == "mine"


def test_folders_of_other_things_are_refused(tmp_path, done):
    spec = make_spec(tmp_path)
    other = make_spec(tmp_path, "other.toml", seed=5)
    out = done[1]
    with pytest.raises(InputError, match="already holds this sweep.*--resume"):
        sweep(done[0], out)
    for resume in (False, True):
        with pytest.raises(InputError, match="different sweep.*new --out"):
            sweep(other, out, resume=resume)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "thesis.docx").write_text("x")
    with pytest.raises(InputError, match="holds no sweep.json"):
        sweep(spec, tmp_path / "notes")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        sweep(spec, tmp_path / "afile")
    # renaming the sweep or moving its folder is the same sweep
    renamed = make_spec(tmp_path, "renamed.toml", name="renamed", series=True)
    assert sweep(renamed, out, resume=True).new == 0


def test_resume_needs_a_sweep_to_go_on_with(tmp_path, done):
    for out in (tmp_path / "typo", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        with pytest.raises(InputError, match="--resume: results folder .* no sweep to go on"):
            sweep(done[0], out, resume=True)
        assert not (out / "sweep.json").exists()
    assert not (tmp_path / "typo").exists()  # nothing made for a mistyped folder


def test_a_folder_in_use_is_refused(tmp_path, done):
    with Lock(done[1]):
        with pytest.raises(InputError, match="another process"):
            sweep(done[0], done[1], resume=True)


# --- command line -----------------------------------------------------------------------------


def test_cli_runs_resumes_and_reports(tmp_path, capsys, monkeypatch):
    spec = make_spec(tmp_path, samples=3, reps=2)
    out = tmp_path / "out"
    assert cli(["sweep", str(spec), "--out", str(out), "--workers", "2"]) == 0
    o, err = capsys.readouterr()
    assert "sweep done: 6/6 runs" in o and str(out) in o
    assert "tiny: 6/6 runs (100%)" in err and "runs/s" in err
    assert "3 points x 2 replicates = 6 runs" in err
    with pytest.raises(InputError, match="--resume"):
        cli(["sweep", str(spec), "--out", str(out)])
    assert cli(["sweep", str(spec), "--out", str(out), "--resume", "--no-progress"]) == 0
    o, err = capsys.readouterr()
    assert "6 were done before" in o and "runs/s" not in err
    with pytest.raises(InputError, match="--workers"):
        cli(["sweep", str(spec), "--workers", "0"])
    with pytest.raises(InputError, match="--workers is for local processes"):
        cli(["sweep", str(spec), "--workers", "2", "--cluster", "127.0.0.1:1"])
    # the spec's own out is relative to the current directory
    monkeypatch.chdir(tmp_path)
    spec2 = make_spec(tmp_path, "own.toml", out="here/results", samples=2, reps=1)
    assert cli(["sweep", str(spec2), "--workers", "1", "--no-progress"]) == 0
    assert len(load_results(tmp_path / "here" / "results")[1]) == 2


def test_cli_interrupted_exits_130(tmp_path, capsys, monkeypatch):
    import yingzao.experiments.sweep as sweep_mod

    def interrupted(*a, **k):
        raise SweepInterrupted(tmp_path, 12, 24)

    monkeypatch.setattr(sweep_mod, "run_sweep", interrupted)
    assert cli(["sweep", str(make_spec(tmp_path))]) == 130
    assert "interrupted: 12 runs saved; continue with --resume" in capsys.readouterr().err


def test_spec_text_round_trips():
    doc = tomllib.loads(to_toml(SPEC))
    assert doc == SPEC
