"""Calibration figures: runs per second, the emulator's cost per wave, and the whole wall time.

    python benchmarks/bench_calibration.py [RECORD_DIR]     # default calibration/record

Reads a finished calibration record (``yingzao calibrate calibration/spec.toml``): the seconds
each run took (summed over the stages' sweep folders) against the record's wall time, and each
wave's emulator fitting time; then times the emulator fit and cross-validation again on the
record's own runs, at the sizes of each wave. Figures, not a timed test.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from yingzao.experiments import emulator
    from yingzao.experiments.calibrate_spec import load_calibration_spec

    rec_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "calibration" / "record"
    rec = json.loads((rec_dir / "record.json").read_text())
    parts = sorted(rec_dir.glob("*/*/runs/part-*.parquet"))
    runs = pd.concat([pd.read_parquet(p, columns=["seconds"]) for p in parts])
    wall = rec["seconds"]
    print(f"calibration {rec['name']} ({rec['date']}, model {rec['model_commit']})")
    print(
        f"  runs: {len(runs)} in {wall / 60:.1f} min wall -> {len(runs) / wall:.2f} runs/s "
        f"({rec['residents']:,} residents, 120 months); one run {runs['seconds'].median():.2f} s "
        f"median in its worker; worker-seconds / wall = {runs['seconds'].sum() / wall:.2f}"
    )
    for w in rec["waves"]:
        print(
            f"  wave {w['wave']}: {w['points']} sets; "
            f"emulators fitted in {w['emulator_seconds']:.1f} s"
        )
    spec = load_calibration_spec(rec_dir / "spec.toml")
    table = pd.read_parquet(rec_dir / "runs.parquet")
    keys = rec["calibrated"]
    lo = np.array([rec["ranges"][k][0] for k in keys])
    hi = np.array([rec["ranges"][k][1] for k in keys])
    x = (table[keys].to_numpy() - lo) / (hi - lo)
    n_done = 0
    for w in rec["waves"]:
        n_done += w["points"]
        t0 = time.perf_counter()
        for t in spec.calibrating:
            emulator.build(t, x[:n_done], table[t.id].to_numpy()[:n_done], 0.0, spec.reps, 0.25, 0)
        fit = time.perf_counter() - t0
        print(
            f"  emulators of {len(spec.calibrating)} targets on {n_done} runs: {fit:.1f} s "
            f"({fit / len(spec.calibrating):.2f} s per target; cross-validation refits 5x more)"
        )


if __name__ == "__main__":
    main()
