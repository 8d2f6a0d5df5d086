"""Throughput, parallel efficiency and driver memory of `yingzao sweep` (local processes).

Run from the repository root:  python benchmarks/bench_sweep.py      (about 4 minutes on 2 cores)
Prints figures; it does not pass or fail. Every sweep runs in a fresh subprocess (so that the
fork server, imports and peak memory of one do not leak into the next), and its time is the wall
time of `run_sweep` there: checks, pool start-up, runs and writing the parts.

1. Throughput: 1,000 runs of a 2,000-resident `chengdu` x 120 months (LHS over five policy
   parameters, 500 points x 2 replicates) on 2 workers. Target: under 300 s.
2. Parallel efficiency on the same 200-run sweep (100 points x 2 replicates) with 1 worker (runs
   in the driver process, no pool: the serial cost) and 2 workers:
   T(1) / (2 x T(2)). Target: at least 80%.
3. Driver memory: the peak resident memory (ru_maxrss) of the driver process, which holds the
   spec, the design, the ids of finished runs and at most a few batches, at 200 and 1,000 runs
   (above), and for 1,000 and 10,000 tiny runs (100 residents x 12 months, series kept: about
   10 MB of series per 1,000 runs streamed through the driver). Flat means about equal.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 300.0
TARGET_EFFICIENCY = 0.80

SPEC = """
name = "{name}"
scenario = "chengdu"
design = "lhs"
samples = {samples}
reps = 2
seed = 1
series = {series}
outputs = ["orgs_functional", "functional_share", "participation_rate", "needs_met",
           "functional_alive_24m_after"]
[set]
"community.residents" = {residents}
"run.months" = {months}
[parameters]
"grants.per_100_households" = [0.0, 8000.0]
"ngo.months" = [12, 60]
"training.cohort" = [0, 40]
"committee_training.budget" = [0.0, 60000.0]
"withdrawal.month" = [36, 96]
"""


def child(spec_path: str, out: str, workers: int) -> None:
    """Run one sweep in this (fresh) process and print its figures as JSON."""
    from yingzao.experiments.sweep import load_results, run_sweep

    t0 = time.perf_counter()
    report = run_sweep(spec_path, out=out, workers=workers, progress=False)
    seconds = time.perf_counter() - t0
    _, runs, _ = load_results(out)  # after timing: reading is not part of the sweep
    parts = len(list((Path(out) / "runs").glob("part-*.parquet")))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        json.dumps(
            {
                "runs": report.new,
                "rows": len(runs),
                "unique": int(runs["run_id"].nunique()),
                "seconds": seconds,
                "run_seconds": float(runs["seconds"].mean()),
                "parts": parts,
                "rss_mb": rss,
            }
        )
    )


def sweep(tmp: Path, name: str, samples: int, workers: int, **kw) -> dict:
    """Write a spec, run it in a subprocess, and return the child's figures."""
    values = {"residents": 2000, "months": 120, "series": "false"} | kw
    spec = tmp / f"{name}.toml"
    spec.write_text(SPEC.format(name=name, samples=samples, **values))
    out = tmp / f"out-{name}-w{workers}"
    cmd = [sys.executable, __file__, "--child", str(spec), str(out), str(workers)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"sweep {name} failed:\n{res.stderr}")
    fig = json.loads(res.stdout.strip().splitlines()[-1])
    print(
        f"  {name:<14} workers {workers}: {fig['runs']:>6} runs in {fig['seconds']:7.1f} s "
        f"({fig['runs'] / fig['seconds']:6.1f} runs/s, {fig['run_seconds'] * 1000:5.0f} ms per "
        f"run), {fig['parts']:>3} parts, driver peak {fig['rss_mb']:5.0f} MB",
        flush=True,
    )
    assert fig["rows"] == fig["unique"] == fig["runs"], fig  # every run once, none lost
    return fig


def main() -> None:
    """Run the three measurements and print the figures."""
    import os

    print(f"bench_sweep: {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as d:
        tmp = Path(d)
        print("runs (chengdu, 2,000 residents x 120 months):", flush=True)
        big = sweep(tmp, "throughput", 500, 2)
        w2 = sweep(tmp, "subset", 100, 2)
        w1 = sweep(tmp, "subset", 100, 1)
        print("tiny runs (100 residents x 12 months, series kept):", flush=True)
        t1k = sweep(tmp, "tiny-1k", 500, 2, residents=100, months=12, series="true")
        t10k = sweep(tmp, "tiny-10k", 5000, 2, residents=100, months=12, series="true")
    eff = w1["seconds"] / (2 * w2["seconds"])
    speedup = w1["seconds"] / w2["seconds"]
    ok = "ok" if big["seconds"] < TARGET_SECONDS else "MISSED"
    print()
    print(
        f"1,000 runs on 2 workers: {big['seconds']:.1f} s (target < {TARGET_SECONDS:.0f} s: {ok})"
    )
    ok = "ok" if eff >= TARGET_EFFICIENCY else "MISSED"
    print(
        f"parallel efficiency at 2 workers (200 runs): T1 {w1['seconds']:.1f} s / "
        f"(2 x T2 {w2['seconds']:.1f} s) = {100 * eff:.0f}% "
        f"(target >= {100 * TARGET_EFFICIENCY:.0f}%: {ok}); speed-up {speedup:.2f}x"
    )
    print(
        f"driver peak memory: {w2['rss_mb']:.0f} MB at 200 runs, {big['rss_mb']:.0f} MB at "
        f"1,000 runs; tiny runs with series: {t1k['rss_mb']:.0f} MB at 1,000, "
        f"{t10k['rss_mb']:.0f} MB at 10,000 "
        f"(ratio {t10k['rss_mb'] / t1k['rss_mb']:.2f})"
    )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
