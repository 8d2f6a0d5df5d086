"""Ctrl-C while a sweep writes a part: the part is written once, and the interrupt still stops."""

from __future__ import annotations

import os
import signal
import threading

import pyarrow.parquet as pq
import pytest
from yingzao.experiments import sweep_store
from yingzao.experiments.interrupts import held_interrupts
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
