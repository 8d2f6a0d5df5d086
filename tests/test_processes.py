"""No process left behind: a killed or terminated `yingzao sweep` or `compare` takes its workers,
fork server and resource tracker with it, and a terminated one saves what it finished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from yingzao.experiments.sweep import load_results

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to find the processes"
)

SPEC = """name = "k"
scenario = "baseline"
design = "lhs"
samples = 150
reps = 2
outputs = ["orgs_functional", "needs_met"]
[set]
"community.residents" = 500
"run.months" = 24
[parameters]
"ngo.months" = [12, 60]
"""
SWEEP_ARGS = ["--workers", "2", "--no-progress"]
# 60 runs of a few tenths of a second each: long enough to be stopped in the middle
COMPARE = ["compare", "baseline", "incubation", "--reps", "30", "--months", "60"]
COMPARE += ["--set", "community.residents=3000", "--workers", "2", "--no-progress"]


def session_processes(sid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live process in session ``sid`` (zombies excluded)."""
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, pgrp, session
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append((int(d.name), cmd))
    return found


def default_sigint() -> None:
    """In the child: Ctrl-C as a terminal gives it, whatever this test run inherited.

    A shell without job control starts background commands with SIGINT ignored, and children
    keep that: under such a runner (``.ci/run &``) the Ctrl-C tests would test nothing.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(argv: list[str], cwd: Path) -> subprocess.Popen:
    # a session of its own, so that every process it starts can be found (and cleaned up)
    return subprocess.Popen(
        [sys.executable, "-m", "yingzao", *argv],
        cwd=cwd,
        start_new_session=True,
        preexec_fn=default_sigint,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_workers(proc: subprocess.Popen, n: int = 2, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        procs = session_processes(proc.pid)
        workers = [c for _, c in procs if "forkserver" in c]
        if len(workers) >= n + 1:  # the fork server and its workers
            return
        assert proc.poll() is None, proc.communicate(timeout=30)
        assert time.monotonic() < deadline, f"no workers after {timeout} s: {procs}"
        time.sleep(0.1)


def kill_session(sid: int) -> None:
    """SIGKILL whatever is left of session ``sid`` (so that a failing test leaks nothing)."""
    for pid, _ in session_processes(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def assert_all_gone(sid: int, within: float = 10.0) -> None:
    deadline = time.monotonic() + within
    left = session_processes(sid)
    while left and time.monotonic() < deadline:
        time.sleep(0.2)
        left = session_processes(sid)
    assert not left, f"still running {within:.0f} s after the driver ended: {left}"


def finish(proc: subprocess.Popen) -> str:
    """The driver's standard error once it ended (its children must not hold the pipe open)."""
    try:
        return proc.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        msg = "the driver's output is still open: processes it started live on"
        raise AssertionError(msg) from None


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    f = tmp_path / "k.toml"
    f.write_text(SPEC)
    return f


def wait_for_parts(out: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not list((out / "runs").glob("part-*.parquet")):
        assert proc.poll() is None, proc.communicate(timeout=30)
        assert time.monotonic() < deadline
        time.sleep(0.1)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_a_killed_sweep_leaves_no_process(tmp_path, spec, sig):
    out = tmp_path / "out"
    proc = start(["sweep", str(spec), "--out", str(out), *SWEEP_ARGS], tmp_path)
    try:
        wait_for_workers(proc)
        wait_for_parts(out, proc)
        os.kill(proc.pid, sig)  # the driver only, as docker, systemd or a user's kill do
        err = finish(proc)
        assert_all_gone(proc.pid)
    finally:
        kill_session(proc.pid)
    if sig == signal.SIGTERM:  # handled as Ctrl-C: one line, runs saved, how to resume
        assert proc.returncode == 130, err
        saved = len(load_results(out)[1])
        assert 0 < saved < 300
        assert err.strip().splitlines()[-1] == (
            f"interrupted: {saved} runs saved; continue with --resume"
        ), err
        assert "Traceback" not in err
    else:
        assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_a_killed_compare_leaves_no_process(tmp_path, sig):
    out = tmp_path / "cmp"
    proc = start([*COMPARE, "--out", str(out)], tmp_path)
    try:
        wait_for_workers(proc)
        time.sleep(3)  # some runs finish
        os.kill(proc.pid, sig)
        err = finish(proc)
        assert_all_gone(proc.pid)
    finally:
        kill_session(proc.pid)
    if sig == signal.SIGTERM:
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        last = err.strip().splitlines()[-1]
        assert last.startswith("interrupted: ") and f"saved in {out}" in last, err
        done = int(last.split()[1])
        summaries = pd.read_parquet(out / "summaries.parquet")
        assert 0 < len(summaries) == done < 60
        assert not (out / "stats.csv").exists()  # no statistics from a partial set


def test_a_killed_group_of_processes_also_ends(tmp_path, spec):
    """SIGTERM to the whole process group (systemd's default): same clean end."""
    out = tmp_path / "out"
    proc = start(["sweep", str(spec), "--out", str(out), *SWEEP_ARGS], tmp_path)
    try:
        wait_for_workers(proc)
        wait_for_parts(out, proc)
        os.killpg(proc.pid, signal.SIGTERM)
        err = finish(proc)
        assert_all_gone(proc.pid)
    finally:
        kill_session(proc.pid)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1].endswith("continue with --resume"), err


def test_compare_interrupted_without_out_says_where_the_runs_are(tmp_path):
    proc = start(COMPARE, tmp_path)
    try:
        wait_for_workers(proc)
        time.sleep(3)
        os.kill(proc.pid, signal.SIGINT)  # Ctrl-C
        err = finish(proc)
    finally:
        kill_session(proc.pid)
    assert proc.returncode == 130, err
    last = err.strip().splitlines()[-1]
    where = last.split("saved in ", 1)[1].split(" (")[0]
    folder = tmp_path / where if not os.path.isabs(where) else Path(where)
    assert len(pd.read_parquet(folder / "summaries.parquet")) == int(last.split()[1]) > 0
