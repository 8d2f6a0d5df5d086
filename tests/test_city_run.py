"""City runs: the same seed gives the same city on 1 worker, 2 workers and a Dask cluster, and
a killed worker or a killed driver costs time, never a different result."""

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import psutil
import pytest
from pandas.testing import assert_frame_equal
from yingzao.experiments.city_run import run_city
from yingzao.model.city_spec import load_city

# A tiny city with every city policy on: 12 communities in 2 streets, two years; small batches
# so that several run at once.
TINY = {
    "city.communities": 12,
    "city.districts": 2,
    "run.months": 24,
    "city.size_median": 300,
    "city.size_min": 250,
    "city.size_max": 400,
    "city_fund.allocation": "review",
    "city_training.places": 30,
    "city_training.rule": "review",
    "city_demo.per_district": 1,
    "city_ngo.contracts": 1,
    "city_ngo.communities": 2,
    "city_ngo.months": 12,
    "city_spread.success_per_1000": 0.5,
}
BATCH = 1000
SEED = 4
TABLES = ("by_community.parquet", "city_series.parquet", "by_street.parquet", "distribution.csv")


def _tiny():
    return load_city("city-small", TINY)


def _run(out, **kw):
    return run_city(_tiny(), out, seed=SEED, progress=False, batch_residents=BATCH, **kw)


def _same(a, b):
    for name in TABLES:
        read = pd.read_csv if name.endswith(".csv") else pd.read_parquet
        assert_frame_equal(read(a / name), read(b / name), obj=name)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("city") / "one"
    _run(out, workers=1)
    return out


def test_reference_run_has_its_tables_and_used_every_policy(reference):
    by = pd.read_parquet(reference / "by_community.parquet")
    assert len(by) == 12 and by["demo"].sum() == 2  # one demonstration community per district
    dec = pd.concat(pd.read_parquet(p) for p in sorted((reference / "decisions").iterdir()))
    assert dec["train_places"].sum() > 0 and (dec["ngo_months"] > 0).any()
    assert dec["grant_budget"].notna().all()  # review: the city sets every community's budget
    assert len(pd.read_parquet(reference / "communities.parquet")["batch"].unique()) > 2
    assert not (reference / "state").exists()  # checkpoints are removed at the end
    summary = json.loads((reference / "summary.json").read_text())
    assert summary["communities"] == 12 and summary["demonstration_communities"] == 2


def test_two_local_workers_give_the_same_city(reference, tmp_path):
    _run(tmp_path / "two", workers=2)
    _same(reference, tmp_path / "two")


def test_a_dask_cluster_gives_the_same_city(reference, tmp_path):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cl,
        Client(cl, set_as_default=False) as client,
    ):
        _run(tmp_path / "dask", cluster=client)
    _same(reference, tmp_path / "dask")


def _workers() -> list[psutil.Process]:
    """Pool workers: processes forked by this process's fork server."""
    me = psutil.Process()
    servers = [p for p in me.children() if "forkserver" in " ".join(p.cmdline())]
    return [w for s in servers for w in s.children()]


@pytest.mark.parametrize("at", [1, 4], ids=["mid-period", "end-of-period"])
def test_a_worker_killed_mid_run_reruns_its_batch_with_the_same_result(reference, tmp_path, at):
    # the first period has 4 batches: killed after the 4th, the pool is found broken on submit
    calls, killed = [], []

    def kill_one(done, total):
        calls.append(done)
        if len(calls) == at:
            w = _workers()
            assert w, "no pool worker found to kill"
            w[0].kill()
            killed.append(w[0].pid)
            w[0].wait(10)
            time.sleep(0.5)  # let the pool see the death

    run_city(
        _tiny(), tmp_path / "k", seed=SEED, workers=2, progress=kill_one, batch_residents=BATCH
    )
    assert killed
    _same(reference, tmp_path / "k")


def test_a_driver_killed_mid_run_resumes_to_the_same_result(reference, tmp_path):
    out = tmp_path / "d"
    code = (
        "import json, sys\n"
        "from yingzao.experiments.city_run import run_city\n"
        "from yingzao.model.city_spec import load_city\n"
        "if __name__ == '__main__':\n"
        f"    run_city(load_city('city-small', json.loads(sys.argv[1])), {str(out)!r}, "
        f"seed={SEED}, workers=2, progress=False, batch_residents={BATCH})\n"
    )
    p = subprocess.Popen([sys.executable, "-c", code, json.dumps(TINY)])
    try:
        deadline = time.monotonic() + 60
        while not list((out / "sync").glob("s001-*")) and time.monotonic() < deadline:
            assert p.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        os.kill(p.pid, signal.SIGKILL)
    finally:
        p.wait()
    assert not (out / "summary.json").exists()  # it died mid-run
    done = len(list((out / "sync").iterdir()))
    report = _run(out, workers=1, resume=True)
    assert report.before >= 1 or done >= 1
    _same(reference, out)


def test_a_finished_run_is_not_run_again_and_another_seed_is_refused(reference, tmp_path):
    from yingzao.errors import InputError

    with pytest.raises(InputError, match="--resume"):
        _run(reference, workers=1)
    t = time.monotonic()
    rep = _run(reference, workers=1, resume=True)
    assert rep.before == 3 and time.monotonic() - t < 10
    with pytest.raises(InputError, match="another city run"):
        run_city(_tiny(), reference, seed=SEED + 1, progress=False, workers=1)


def test_force_replaces_the_run_and_keeps_the_users_own_files(reference, tmp_path):
    import shutil

    out, state = tmp_path / "f", tmp_path / "mine"
    shutil.copytree(reference, out)
    mine = [out / "notes.txt", out / "monthly" / "my-chart.png", out / "sync" / "s001.txt"]
    for f in mine:
        f.write_text("the user's")
    state.mkdir()
    (state / "c000001-m0012.pkl").write_bytes(b"an old checkpoint")
    (state / "readme.txt").write_text("the user's")
    (out / "final" / ".tmp-s002-b00001.parquet").write_bytes(b"an interrupted write")
    run_city(
        _tiny(),
        out,
        seed=SEED + 1,
        progress=False,
        workers=1,
        force=True,
        state=state,
        batch_residents=BATCH,
    )
    assert json.loads((out / "city.json").read_text())["seed"] == SEED + 1
    assert all(f.read_text() == "the user's" for f in mine)
    assert sorted(p.name for p in state.iterdir()) == ["readme.txt"]  # checkpoints removed
    assert not (out / "final" / ".tmp-s002-b00001.parquet").exists()
    _run(out, workers=1, force=True)
    _same(reference, out)  # nothing of the other run is left in the tables
    assert all(f.read_text() == "the user's" for f in mine)


def test_a_batch_whose_texts_are_all_missing_reads_with_the_others():
    # seed 5 of the tiny city: no community of one batch ended its support, so that batch's
    # support_end_basis was written as numbers (NaN) and reading the parts failed
    import tempfile
    from pathlib import Path

    from yingzao.experiments import city_store as store
    from yingzao.experiments.city_run import _commit

    with tempfile.TemporaryDirectory() as d:
        for b, basis in enumerate(["end of support", None]):
            res = {"rows": pd.DataFrame(), "batch": b, "sync": 1, "seconds": 0.0}
            res |= {"cpu_seconds": 0.0, "worker": "w", "indicators": [{"community": b}]}
            res["summaries"] = [{"community": b, "support_end_basis": basis, "size": 3}]
            _commit(Path(d), 1, res)
        got = store.read_parts(Path(d), store.FINAL)
    assert got["support_end_basis"].tolist()[0] == "end of support"
    assert got["support_end_basis"].isna().tolist() == [False, True]
    assert got["size"].tolist() == [3.0, 3.0]


def test_the_periods_are_counted_as_they_run():
    from yingzao.experiments.city_run import _periods_text

    assert _periods_text(24, 12) == "2 periods of 12 months"
    assert _periods_text(13, 12) == "2 periods (12 months, then 1)"  # not "2 periods of 12"
    assert _periods_text(37, 12) == "4 periods (12 months, ..., then 1)"
    assert _periods_text(6, 12) == "1 period of 6 months"
    assert _periods_text(1, 12) == "1 period of 1 month"
