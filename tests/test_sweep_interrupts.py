"""Ctrl-C while a sweep writes a part: the part is written once, and the interrupt still stops."""

from __future__ import annotations

import os
import signal
import threading

import pyarrow.parquet as pq
import pytest
from yingzao.experiments import sweep_store
from yingzao.experiments.interrupts import held_interrupts
from yingzao.experiments.sweep import SweepInterrupted, run_sweep
from yingzao.experiments.sweep_spec import to_toml
from yingzao.experiments.sweep_store import RUNS, Store, runs_schema

OUTPUTS = ["orgs_functional"]


def rows(n: int, start: int = 0) -> list[dict]:
    return [
        {"run_id": sweep_store.run_id(i, 0), "point": i, "rep": 0, "seed": i}
        | {"orgs_functional": 1.0, "seconds": 0.1}
        for i in range(start, start + n)
    ]


def saved_ids(out) -> list[str]:
    return [
        i
        for p in sorted((out / RUNS).glob("part-*.parquet"))
        for i in pq.read_table(p, columns=["run_id"]).column("run_id").to_pylist()
    ]


def test_ctrl_c_just_after_a_part_is_renamed_does_not_write_it_twice(tmp_path, monkeypatch):
    store = Store(tmp_path, runs_schema([], OUTPUTS), series=False, flush_rows=1000)
    store.add(rows(100), None)
    real = sweep_store._fsync_dir

    def then_ctrl_c(folder):  # the part is on disk; the store has not yet noted it
        real(folder)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(sweep_store, "_fsync_dir", then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        store.flush()
    monkeypatch.setattr(sweep_store, "_fsync_dir", real)
    store.flush()  # as the sweep's `finally` does after Ctrl-C
    ids = saved_ids(tmp_path)
    assert len(ids) == 100 and len(set(ids)) == 100
    assert store.written == 100 and not store.rows


def test_held_interrupts_deliver_sigterm_through_its_handler_when_the_block_ends():
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda n, f: seen.append(n))
    try:
        with held_interrupts():
            os.kill(os.getpid(), signal.SIGTERM)
            assert seen == []  # held while the block runs
        assert seen == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_held_interrupts_change_nothing_off_the_main_thread():
    before = signal.getsignal(signal.SIGINT)
    errors = []

    def body():
        try:
            with held_interrupts():
                assert signal.getsignal(signal.SIGINT) is before
        except BaseException as e:  # reported to the main thread below
            errors.append(e)

    t = threading.Thread(target=body)
    t.start()
    t.join()
    assert not errors


def test_a_signal_between_two_handlers_put_back_leaves_every_handler_back(monkeypatch):
    from yingzao.experiments import interrupts

    def terminate(n, f):  # as the command line's SIGTERM handler does
        raise KeyboardInterrupt

    old_term = signal.signal(signal.SIGTERM, terminate)
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    real = interrupts.signal.signal
    calls = []

    def put_back_then_sigterm(s, h):
        out = real(s, h)
        calls.append(s)
        if len(calls) == 3:  # both held, then the first one put back: that signal lands now
            os.kill(os.getpid(), s)
        return out

    monkeypatch.setattr(interrupts.signal, "signal", put_back_then_sigterm)
    try:
        with pytest.raises(KeyboardInterrupt), held_interrupts():
            pass
        monkeypatch.undo()
        assert {s: signal.getsignal(s) for s in before} == before
    finally:
        signal.signal(signal.SIGTERM, old_term)


def test_an_ignored_ctrl_c_does_not_hide_a_sigterm_held_with_it():
    seen = []
    old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup
    old_term = signal.signal(signal.SIGTERM, lambda n, f: seen.append(n))
    try:
        with held_interrupts():
            os.kill(os.getpid(), signal.SIGINT)
            os.kill(os.getpid(), signal.SIGTERM)
        assert seen == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGINT, old_int)
        signal.signal(signal.SIGTERM, old_term)


def test_ctrl_c_during_the_last_flush_still_reports_the_runs_saved(tmp_path, monkeypatch):
    spec = tmp_path / "spec.toml"
    doc = {
        "name": "tiny",
        "scenario": "chengdu",
        "design": "lhs",
        "samples": 3,
        "reps": 1,
        "seed": 4,
        "outputs": OUTPUTS,
        "set": {"community.residents": 200, "run.months": 6},
        "parameters": {"grants.per_100_households": [0.0, 8000.0]},
    }
    spec.write_text(to_toml(doc))
    real = Store._write

    def write_then_ctrl_c(self):  # a Ctrl-C held while the last part was written
        real(self)
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(Store, "_write", write_then_ctrl_c)
    with pytest.raises(SweepInterrupted) as e:
        run_sweep(spec, out=tmp_path / "out", workers=1, progress=False, flush_rows=1000)
    assert (e.value.saved, e.value.total) == (3, 3)
    assert len(saved_ids(tmp_path / "out")) == 3
