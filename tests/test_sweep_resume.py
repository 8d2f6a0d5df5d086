"""Interrupted sweeps (Ctrl-C, kill -9, lost parts) resume; Dask gives the local results."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sweep_helpers import (
    N_RUNS,
    cli,
    finished_sweep,
    make_spec,
    part_ids,
    rows_by_id,
    sweep,
)
from yingzao.experiments.progress import Progress
from yingzao.experiments.sweep import (
    SweepInterrupted,
    load_results,
    load_series,
    run_sweep,
)

from yingzao.errors import InputError


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    """One finished sweep, shared by several tests of this module."""
    return finished_sweep(tmp_path_factory)


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


def test_resume_writes_again_a_deleted_design_and_spec(tmp_path, done):
    import shutil

    out = tmp_path / "copy"
    shutil.copytree(done[1], out)
    (out / "design.parquet").unlink()
    (out / "spec.toml").unlink()
    assert sweep(done[0], out, resume=True).new == 0  # nothing run again
    assert (out / "spec.toml").read_bytes() == (done[1] / "spec.toml").read_bytes()
    pd.testing.assert_frame_equal(
        pd.read_parquet(out / "design.parquet"), pd.read_parquet(done[1] / "design.parquet")
    )
    assert len(load_results(out)[1]) == N_RUNS  # and the folder analyses again


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


# --- a Dask cluster ---------------------------------------------------------------------------


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
