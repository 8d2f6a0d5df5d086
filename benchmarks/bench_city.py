"""Speed and memory of city runs (issue 13), and a paper plan for a cluster.

Run from the repository root:

    python benchmarks/bench_city.py [--part city500|scaling|plan|chengdu|all]

- ``city500``: ``yingzao run city-500`` (500 communities, about 2.5 M residents, 120 months) on 2
  local workers, in a subprocess whose whole process tree (driver, fork server, resource tracker,
  workers) is sampled every 0.25 s with psutil: wall time, the peak resident memory of every
  process, the peak of their sum, and the per-community cost from the batches' own timings
  (``OUT/timing``). Targets: under 10 minutes and 3 GB in all.
- ``scaling``: a 40-community city cut from city-500 (1 district, 24 months) on 1 and 2 local
  workers and on a 2-worker Dask LocalCluster: wall times and speed-ups.
- ``chengdu``: ``yingzao run city-chengdu`` (4,438 communities, about 17 M residents) measured the
  same way, with the checkpoints' peak size on disk; not part of ``all`` (about 18 minutes on 2
  cores, up to 14 GB of checkpoints while it runs).
- ``plan``: the wall time of city-chengdu (4,438 communities, 120 months) on 16, 64 and 256
  workers, on paper, from the measured cost per community-year, the largest batch, the driver's
  time per synchronization point (deciding for 4,438 communities, measured here) and the
  per-batch overhead measured on the LocalCluster.

Figures are printed, not asserted (a noisy shared machine). Results go to results/bench-city/.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

ROOT = Path("results/bench-city")
SEED = 1
TARGET_S, TARGET_GB = 600.0, 3.0


def _sample(pid: int, peaks: dict, total: list, stop: threading.Event) -> None:
    """Peak RSS of each process of the tree under ``pid``, and of their sum."""
    root = psutil.Process(pid)
    while not stop.is_set():
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        s = 0
        for p in procs:
            try:
                rss = p.memory_info().rss
                name = " ".join(p.cmdline())[-60:]
            except psutil.Error:
                continue
            s += rss
            key = (p.pid, name)
            peaks[key] = max(peaks.get(key, 0), rss)
        total[0] = max(total[0], s)
        stop.wait(0.25)


def timed_run(args: list[str]) -> tuple[float, dict, int, int]:
    """Run a yingzao command line; wall seconds, per-process peaks, peak of the sum, exit code."""
    cmd = [sys.executable, "-m", "yingzao", *args]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks: dict = {}
    total = [0]
    stop = threading.Event()
    th = threading.Thread(target=_sample, args=(p.pid, peaks, total, stop), daemon=True)
    th.start()
    out, _ = p.communicate()
    print(f"  (load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; 2 cores)")
    stop.set()
    th.join()
    wall = time.monotonic() - t0
    if p.returncode:
        print(out)
    return wall, peaks, total[0], p.returncode


def costs(out: Path) -> dict:
    """Per-community figures from a finished run's batch timings."""
    parts = sorted((out / "timing").iterdir())
    t = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    info = json.loads((out / "city.json").read_text())
    n, years = info["communities"], info["months"] / 12
    run = t[t["sync"] > 0]
    return {
        "batches": int(t["batch"].nunique()),
        "build_s": float(t.loc[t["sync"] == 0, "seconds"].sum()),
        "compute_s": float(t["seconds"].sum()),
        "per_community_s": float(t["seconds"].sum()) / n,
        "per_community_year_s": float(run["seconds"].sum()) / (n * years),
        "per_community_year_cpu_s": (
            float(run["cpu_seconds"].sum()) / (n * years) if "cpu_seconds" in run else None
        ),
        "largest_batch_period_s": float(run["seconds"].max()),
    }


def whole_city(name: str, target_s: float | None) -> dict:
    """A whole built-in city on 2 local workers: time, memory, disk and per-community cost."""
    out = ROOT / name
    shutil.rmtree(out, ignore_errors=True)
    args = ["run", name, "--out", str(out), "--seed", str(SEED), "--workers", "2"]
    disk = [0]
    stop = threading.Event()
    th = threading.Thread(target=_disk, args=(out / "state", disk, stop), daemon=True)
    th.start()
    wall, peaks, total, rc = timed_run([*args, "--no-progress"])
    stop.set()
    th.join()
    c = costs(out)
    summary = json.loads((out / "summary.json").read_text())
    aim = "" if target_s is None else f" (target < {target_s:.0f} s)"
    print(f"{name}: {summary['communities']:,} communities, {summary['residents']:,} residents,")
    print(
        f"  {summary['months']} months on 2 local workers: wall {wall:.0f} s{aim}"
        f"{'' if rc == 0 else f'  EXIT {rc}'}"
    )
    cpu = c["per_community_year_cpu_s"]
    print(
        f"  batches {c['batches']}; compute {c['compute_s']:.0f} s in all, building "
        f"{c['build_s']:.0f} s; per community {c['per_community_s']:.2f} s, "
        f"per community-year {c['per_community_year_s']:.3f} s"
        + ("" if cpu is None else f" ({cpu:.3f} s CPU)")
    )
    print(f"  parallel efficiency on 2 workers: {c['compute_s'] / (2 * wall):.0%}")
    print(f"  checkpoints on disk at most {disk[0] / 2**30:.1f} GB (sampled every 5 s)")
    print(
        f"  peak memory of the whole tree at once: {total / 2**30:.2f} GB "
        f"(target < {TARGET_GB:g} GB); of each process:"
    )
    for (pid, pname), rss in sorted(peaks.items(), key=lambda kv: -kv[1]):
        print(f"    pid {pid:>7}  {rss / 2**20:7.0f} MB  ...{pname}")
    return {"wall": wall, "peak_total": total, "state_bytes": disk[0], **c}


def _disk(folder: Path, peak: list, stop: threading.Event) -> None:
    """Peak total size of the files in ``folder`` (the run's checkpoints)."""
    while not stop.wait(5.0):
        try:
            peak[0] = max(peak[0], sum(e.stat().st_size for e in os.scandir(folder)))
        except OSError:  # not made yet, removed at the end, or a file renamed meanwhile
            continue


def scaling() -> dict:
    """A 40-community city on 1 and 2 local workers and a Dask LocalCluster."""
    sets = ["--set", "city.communities=40", "--set", "city.districts=1", "--months", "24"]
    base = ["run", "city-500", "--seed", str(SEED), "--no-progress", *sets]
    res = {}
    for label, extra in (("1 worker", ["--workers", "1"]), ("2 workers", ["--workers", "2"])):
        out = ROOT / f"scale-{label[0]}"
        shutil.rmtree(out, ignore_errors=True)
        res[label] = timed_run([*base, "--out", str(out), *extra])[0]
        res[f"{label} compute"] = costs(out)["compute_s"]
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cl:
        out = ROOT / "scale-dask"
        shutil.rmtree(out, ignore_errors=True)
        res["LocalCluster (2)"] = timed_run(
            [*base, "--out", str(out), "--cluster", cl.scheduler_address]
        )[0]
        c = costs(out)
        res["LocalCluster (2) compute"] = c["compute_s"]
        periods = 2 + 1
        res["dask overhead per batch"] = max(
            0.0, (res["LocalCluster (2)"] - c["compute_s"] / 2) / (c["batches"] * periods)
        )
    one = res["1 worker"]
    print("scaling, 40 communities x 24 months (wall, including start-up):")
    for k in ("1 worker", "2 workers", "LocalCluster (2)"):
        print(
            f"  {k:18} {res[k]:6.1f} s  speed-up {one / res[k]:.2f}  "
            f"(batches' own compute {res[k + ' compute']:.1f} s)"
        )
    print(f"  Dask overhead per batch and period: {res['dask overhead per batch']:.2f} s")
    return res


def decide_seconds(n: int) -> float:
    """The driver's work at one synchronization point for ``n`` communities (deciding)."""
    import numpy as np
    from yingzao.model.city_plan import plan_city
    from yingzao.model.city_rules import CityState, decide
    from yingzao.model.city_spec import load_city

    sc = load_city("city-chengdu-demo", {"city.communities": n, "city.record": "year"})
    v = sc.values
    plan = plan_city(v, SEED)
    rng = np.random.default_rng(0)
    ind = pd.DataFrame(
        {
            "community": plan["community"],
            "month": 12,
            "residents": plan["residents"],
            "households": plan["residents"] // 3,
            "functional": rng.integers(0, 8, n),
            "per_1000": rng.gamma(1.0, 1.0, n),
            "score": rng.random(n),
            "practice": rng.random(n),
            "openness": rng.random(n),
            "federation": rng.integers(0, 2, n),
            "ngo_until": -1,
        }
    )
    state = CityState(training_left=1e9)
    t = time.perf_counter()
    decide(v, plan, ind, 12, state, SEED)
    return time.perf_counter() - t


def plan(per_cy: float, largest: float, overhead: float) -> None:
    """City-chengdu on 16, 64 and 256 workers, on paper."""
    n, years, periods = 4438, 10, 10
    from yingzao.experiments.city_run import BATCH_RESIDENTS, batches_of
    from yingzao.model.city_plan import plan_city
    from yingzao.model.city_spec import load_city

    sc = load_city("city-chengdu")
    p = plan_city(sc.values, SEED)
    nb = int(batches_of(p, BATCH_RESIDENTS).max()) + 1
    mean_size = float(p["residents"].mean())
    dec = decide_seconds(n)
    print(
        f"plan for city-chengdu: {n:,} communities (mean {mean_size:,.0f} residents), "
        f"{years} years, {nb} batches of about {BATCH_RESIDENTS:,} residents;"
    )
    print(
        f"  measured: {per_cy:.3f} s per community-year (of 5,100 residents), "
        f"deciding for {n:,} communities {dec:.2f} s per point, Dask {overhead:.2f} s per batch"
    )
    scale = mean_size / 5097  # cost grows with residents: city-chengdu's are smaller
    work = n * years * per_cy * scale
    print(f"  one worker: {work / 3600:.1f} h of work")
    for w in (16, 64, 256):
        waves = math.ceil(nb / w)
        per_period = max(work / periods / w, largest * scale) + dec + waves * overhead
        t = periods * per_period
        print(
            f"  {w:>3} workers: about {t / 60:5.1f} min ({periods} periods of "
            f"{per_period:.0f} s; {waves} wave(s) of batches)"
        )


def main() -> None:
    """Run the parts asked for."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parts = ("all", "city500", "scaling", "plan", "chengdu")
    ap.add_argument("--part", default="all", choices=parts)
    ap.add_argument(
        "--cost",
        type=float,
        help="plan: seconds per community-year (of 5,100 residents) to use instead of city500's",
    )
    a = ap.parse_args()
    ROOT.mkdir(parents=True, exist_ok=True)
    figures = ROOT / "figures.json"
    fig = json.loads(figures.read_text()) if figures.is_file() else {}
    if a.part in ("all", "city500"):
        fig["city500"] = whole_city("city-500", TARGET_S)
    if a.part == "chengdu":
        fig["chengdu"] = whole_city("city-chengdu", None)
    if a.part in ("all", "scaling"):
        fig["scaling"] = scaling()
    figures.write_text(json.dumps(fig, indent=1))
    if a.part in ("all", "plan"):
        if "city500" not in fig or "scaling" not in fig:
            sys.exit("plan: run --part city500 and --part scaling first (their figures are used)")
        c, s = fig["city500"], fig["scaling"]
        cost = a.cost or c["per_community_year_s"]
        largest = c["largest_batch_period_s"] * cost / c["per_community_year_s"]
        plan(cost, largest, s["dask overhead per batch"])


if __name__ == "__main__":
    main()
