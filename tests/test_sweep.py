"""Parameter sweeps (experiments/sweep*.py): designs, streaming, resume, Dask, bad specs, CLI."""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
import tomllib
from concurrent.futures import Future
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from yingzao.experiments.progress import Progress
from yingzao.experiments.sweep import (
    SweepInterrupted,
    design,
    load_results,
    load_series,
    load_spec,
    run_sweep,
    spec_from_dict,
)
from yingzao.experiments.sweep_cli import add_parser
from yingzao.experiments.sweep_exec import InlinePool, run_batch
from yingzao.experiments.sweep_spec import SUMMARY_KEYS, to_toml
from yingzao.experiments.sweep_store import Lock
from yingzao.model.metrics import SERIES_COLUMNS, SUMMARY_TEXT

from yingzao import simulate
from yingzao.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[1] / "experiments" / "example-sweep.toml"
OUTPUTS = ["orgs_functional", "needs_met", "participation_rate", "functional_alive_24m_after"]
# a tiny community: a run takes about 15 ms
SPEC = {
    "name": "tiny",
    "scenario": "chengdu",
    "design": "lhs",
    "samples": 8,
    "reps": 3,
    "seed": 4,
    "outputs": OUTPUTS,
    "set": {"community.residents": 300, "run.months": 12},
    "parameters": {"grants.per_100_households": [0.0, 8000.0], "ngo.months": [12, 60]},
}
N_RUNS = 8 * 3
RUN_ID = re.compile(r"^p\d{5}-r\d{3}$")


def make_spec(tmp_path: Path, filename: str = "spec.toml", **changes) -> Path:
    doc = copy.deepcopy(SPEC)
    for k, v in changes.items():
        if v is None:
            doc.pop(k, None)
        else:
            doc[k] = v
    path = tmp_path / filename
    path.write_text(to_toml(doc))
    return path


def sweep(spec, out, **kw):
    kw.setdefault("workers", 2)
    kw.setdefault("progress", False)
    return run_sweep(spec, out=out, **kw)


def rows_by_id(out: Path) -> pd.DataFrame:
    return load_results(out)[1].drop(columns="seconds").set_index("run_id").sort_index()


def part_ids(out: Path) -> dict[str, list[str]]:
    return {
        p.name: pq.read_table(p, columns=["run_id"]).column("run_id").to_pylist()
        for p in sorted((out / "runs").glob("part-*.parquet"))
    }


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    """One finished sweep (2 workers, small parts) with series, shared by several tests."""
    tmp = tmp_path_factory.mktemp("sweep")
    spec = make_spec(tmp, series=True)
    out = tmp / "out"
    report = sweep(spec, out, flush_rows=4, flush_seconds=60)
    return spec, out, report


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


# --- interruption and resume -----------------------------------------------------------------


def test_ctrl_c_saves_finished_runs_and_resume_computes_only_the_rest(tmp_path, done):
    spec = make_spec(tmp_path, series=True)
    out = tmp_path / "out"
    calls = []

    def ctrl_c_after_4(n_done, total):  # as if Ctrl-C came once 4 runs were done
        calls.append(n_done)
        if n_done >= 4 and not fired:
            fired.append(n_done)
            raise KeyboardInterrupt

    fired: list[int] = []
    with pytest.raises(SweepInterrupted) as e:
        sweep(spec, out, progress=ctrl_c_after_4, flush_rows=2)
    assert str(e.value) == f"interrupted: {e.value.saved} runs saved; continue with --resume"
    first = part_ids(out)
    saved = {i for v in first.values() for i in v}
    assert 4 <= len(saved) == e.value.saved < N_RUNS
    with pytest.raises(InputError, match="--resume"):
        sweep(spec, out)
    calls.clear()
    report = sweep(spec, out, resume=True, progress=lambda d, t: calls.append((d, t)))
    assert report.before == len(saved) and report.new == N_RUNS - len(saved)
    assert calls[-1] == (N_RUNS, N_RUNS) and calls[0][0] > len(saved)  # counts include before
    second = {i for name, v in part_ids(out).items() if name not in first for i in v}
    assert not second & saved  # no finished run computed again
    assert second | saved == {f"p{p:05d}-r{r:03d}" for p in range(8) for r in range(3)}
    pd.testing.assert_frame_equal(rows_by_id(out), rows_by_id(done[1]))
    ser = load_series(out)
    assert len(ser) == N_RUNS * 12 and not ser.duplicated(["run_id", "month"]).any()
    # a finished sweep resumed again does nothing
    assert sweep(spec, out, resume=True).new == 0


def test_lost_parts_are_recomputed_and_duplicates_dropped(tmp_path, done):
    spec = make_spec(tmp_path)
    out = tmp_path / "out"
    sweep(spec, out, workers=1, flush_rows=5)
    parts = sorted((out / "runs").glob("part-*.parquet"))
    lost = set(pq.read_table(parts[1]).column("run_id").to_pylist())
    parts[1].unlink()
    # a duplicated part (e.g. copied by hand) must not duplicate rows
    dup = out / "runs" / "part-000900.parquet"
    dup.write_bytes(parts[0].read_bytes())
    before = set(part_ids(out))
    sweep(spec, out, resume=True)
    again = {i for name, v in part_ids(out).items() if name not in before for i in v}
    assert again == lost
    pd.testing.assert_frame_equal(rows_by_id(out), rows_by_id(done[1]))


KILL_SCRIPT = """
import sys
from yingzao.experiments.sweep import run_sweep

if __name__ == "__main__":
    run_sweep(sys.argv[1], out=sys.argv[2], workers=2, progress=False, flush_rows=3,
              flush_seconds=0.1)
"""


def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path):
    spec = make_spec(tmp_path, samples=60, reps=2)  # 120 runs, a few seconds
    out = tmp_path / "out"
    script = tmp_path / "killme.py"
    script.write_text(textwrap.dedent(KILL_SCRIPT))
    proc = subprocess.Popen(
        [sys.executable, str(script), str(spec), str(out)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while len(list((out / "runs").glob("part-*.parquet"))) < 3:
            assert proc.poll() is None, "the sweep ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver, its fork server and workers
        proc.wait()
    first = part_ids(out)  # every part left is whole and readable
    saved = {i for v in first.values() for i in v}
    assert 0 < len(saved) < 120
    # what a kill in the middle of a write leaves: a temporary file, never a part
    tmp = out / "runs" / ".tmp-part-000777.parquet"
    tmp.write_bytes(b"PAR1 half a file")
    assert len(load_results(out)[1]) == len(saved)
    assert len(pd.read_parquet(out / "runs")) == len(saved)  # pyarrow skips dot files too
    sweep(spec, out, resume=True)
    second = {i for name, v in part_ids(out).items() if name not in first for i in v}
    assert not second & saved and len(second | saved) == 120
    runs = load_results(out)[1]
    assert len(runs) == 120 and runs["run_id"].is_unique
    assert not tmp.exists()


CTRL_C_SCRIPT = """
import argparse, sys
from yingzao.experiments.sweep_cli import add_parser

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    add_parser(p.add_subparsers())
    a = p.parse_args(sys.argv[1:])
    sys.exit(a.fn(a))
"""


def test_ctrl_c_in_a_terminal_exits_130_with_runs_saved(tmp_path):
    spec = make_spec(tmp_path, samples=100, reps=2)  # 200 runs, several seconds
    out = tmp_path / "out"
    script = tmp_path / "cli.py"
    script.write_text(textwrap.dedent(CTRL_C_SCRIPT))
    argv = ["sweep", str(spec), "--out", str(out), "--workers", "2", "--no-progress"]
    proc = subprocess.Popen(
        [sys.executable, str(script), *argv],
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal gives it
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list((out / "runs").glob("part-*.parquet")):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the driver, fork server and workers
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    saved = sum(len(v) for v in part_ids(out).values())
    assert 0 < saved < 200
    assert err.strip().splitlines()[-1] == (
        f"interrupted: {saved} runs saved; continue with --resume"
    ), err
    assert "Traceback" not in err


def test_progress_counts_runs_done_before_but_rates_only_new_ones():
    bar = Progress(30, "s", enabled=False, before=10)
    bar.start -= 5.0  # 5 seconds ago
    bar.update(5)
    text = bar.text()
    assert text.startswith("s: 15/30 runs (50%)  1.00 runs/s") and "eta 0:15" in text


# --- bad specs, folders and clusters: errors before any run -----------------------------------

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


def test_a_folder_in_use_is_refused(tmp_path, done):
    with Lock(done[1]):
        with pytest.raises(InputError, match="another process"):
            sweep(done[0], done[1], resume=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_cluster_fails_fast_before_any_run(tmp_path):
    address = f"127.0.0.1:{free_port()}"
    out = tmp_path / "out"
    t0 = time.monotonic()
    with pytest.raises(InputError, match=f"cannot reach Dask scheduler at {address}"):
        cli(["sweep", str(make_spec(tmp_path)), "--out", str(out), "--cluster", address])
    assert time.monotonic() - t0 < 20
    assert not out.exists()


def test_dask_cluster_gives_the_results_of_local_processes(tmp_path, done):
    from distributed import Client, LocalCluster

    out = tmp_path / "dask"
    fired: list[int] = []

    def ctrl_c_once(n_done, total):
        if n_done >= 4 and not fired:
            fired.append(n_done)
            raise KeyboardInterrupt

    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        with pytest.raises(SweepInterrupted) as e:
            run_sweep(done[0], out=out, cluster=client, progress=ctrl_c_once, flush_rows=3)
        report = run_sweep(done[0], out=out, cluster=client, progress=False, resume=True)
        assert report.before == e.value.saved and report.before + report.new == N_RUNS
        # by address too, as `--cluster ADDRESS` does (a finished sweep: nothing to run)
        again = sweep(done[0], out, workers=None, cluster=cluster.scheduler_address, resume=True)
        assert again.new == 0 and again.before == N_RUNS
        assert client.status == "running"  # a client passed in is left open
    pd.testing.assert_frame_equal(rows_by_id(out), rows_by_id(done[1]))
    pd.testing.assert_frame_equal(load_series(out), load_series(done[1]))


def test_dask_cluster_by_address_runs_without_a_client_in_this_process(tmp_path, done):
    # as `yingzao sweep --cluster ADDRESS` does: the sweep opens the only client itself (a
    # client created by the caller would become the process default and hide a missing one)
    from distributed import LocalCluster

    out = tmp_path / "dask-address"
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        report = run_sweep(done[0], out=out, cluster=cluster.scheduler_address, progress=False)
    assert report.new == N_RUNS
    pd.testing.assert_frame_equal(rows_by_id(out), rows_by_id(done[1]))


# --- command line -----------------------------------------------------------------------------


def cli(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="yingzao")
    add_parser(p.add_subparsers(dest="command", required=True))
    a = p.parse_args(argv)
    return a.fn(a)


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
