"""A community of a city runs as an ordinary community, and a checkpoint restores it exactly."""

import gc
import threading
import weakref

import numpy as np
import pytest
from yingzao.experiments.city_exec import _saved
from yingzao.model import city_community
from yingzao.model.city_community import CityCommunity, _collector_off, freeze, release, thaw
from yingzao.model.community import CommunityModel
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.scenarios import load

OV = {"community.residents": 400, "run.months": 24}


def _series(m) -> dict[str, list]:
    return {c: list(m.recorder.rows[c]) for c in SERIES_COLUMNS}


def _run(m, months: int):
    for _ in range(months):
        m.step()
    return m


def test_city_community_runs_bit_identically_to_a_community_model():
    sc = load("incubation", OV)
    a = _run(CommunityModel(sc, seed=5), 24)
    b = _run(CityCommunity(sc, seed=5), 24)
    assert _series(a) == _series(b)


def test_the_mesa_view_is_built_when_read_and_changes_nothing():
    sc = load("incubation", OV)
    a = _run(CityCommunity(sc, seed=2), 6)
    b = _run(CityCommunity(sc, seed=2), 6)
    assert a._space is None
    assert len(b.space._cells) == b.n and b.residents[3].cell is b.space._cells[3]
    assert b.graph.number_of_nodes() == b.n
    _run(a, 6)
    _run(b, 6)
    assert _series(a) == _series(b)


def test_a_thawed_checkpoint_runs_on_exactly_as_the_saved_community():
    sc = load("incubation", OV)
    a = _run(CityCommunity(sc, seed=9), 12)
    b = thaw(freeze(a))
    assert b.month == a.month and b.n == a.n
    assert [r.rid for r in b.residents] == list(range(b.n))
    np.testing.assert_array_equal(b.A.toarray(), a.A.toarray())
    _run(a, 12)
    _run(b, 12)
    assert _series(a) == _series(b)
    # a restored community is a Mesa model whose residents read through to its arrays
    assert b.residents[0].model is b
    assert len(b.agents) == len(a.agents)
    assert b.residents[5].unique_id == a.residents[5].unique_id
    assert b.residents[5].cell.agents == [b.residents[5]]  # the space is built on reading


def test_a_released_community_is_freed_without_the_garbage_collector():
    m = thaw(freeze(_run(CityCommunity(load("incubation", OV), seed=3), 2)))
    gone = weakref.ref(m)
    gc.disable()
    try:
        release(m)
        del m
        assert gone() is None
    finally:
        gc.enable()


def test_a_batch_lists_its_communities_checkpoints_newest_first(tmp_path):
    for name in (
        "c000003-m0012.pkl",
        "c000003-m0000.pkl",
        "c000003-m0024.pkl",
        "c000004-m0012.pkl",
        "c000030-m0012.pkl",
        ".tmp-c000003-m0036.pkl-77",
        "c000003-mXX.pkl",
        "notes.txt",
    ):
        (tmp_path / name).write_bytes(b"")
    assert _saved(tmp_path, {3, 4, 5}) == {3: [24, 12, 0], 4: [12], 5: []}


def test_the_collector_is_back_on_when_the_last_of_two_overlapping_thaws_ends():
    # A in, B in, A out, B out: the order in which a per-call "was it on?" left it off for good
    assert gc.isenabled()
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def a():
        with _collector_off():
            a_in.set()
            b_in.wait(5)
        a_out.set()

    def b():
        a_in.wait(5)
        with _collector_off():
            b_in.set()
            a_out.wait(5)
            seen["off while B thaws, after A is done"] = not gc.isenabled()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"off while B thaws, after A is done": True}
    assert gc.isenabled()


def test_a_checkpoint_of_another_format_is_refused_not_run_on(monkeypatch):
    # (a city run then replays the community from an older checkpoint or from month 0)
    m = _run(CityCommunity(load("incubation", OV), seed=9), 3)
    monkeypatch.setattr(city_community, "CHECKPOINT_FORMAT", 1)
    old = freeze(m)
    monkeypatch.undo()
    with pytest.raises(ValueError, match="another format"):
        thaw(old)
    assert thaw(freeze(m)).month == 3
