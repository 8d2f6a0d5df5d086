"""The calibration's optional confirm stage (the spec's ``[confirm]`` ``sets`` and ``reps``).

The waves run each set at ``reps`` seeds (2 in the shipped spec), so a set's simulated
implausibility, and with it the best set and the posterior, rest on few seeds. After the last
wave the ``sets`` best non-implausible run sets (by that implausibility; if none is
non-implausible, the ``sets`` best) run again at ``[confirm] reps`` new seeds, in the stage
folder ``confirm/`` through the waves' own machinery (:func:`.calibrate.evaluate`: sweeps that
resume where they stopped and never repeat a finished run). Their implausibility is recomputed
from these runs' means and between-seed variance, and the posterior and the best set come from
the confirmed sets.

Seeds: a sweep gives replicate ``r`` the seed ``seed + r``, so the screening and every wave use
``seed .. seed + reps - 1``; the confirm stage uses the next ``[confirm] reps`` seeds,
``seed + reps ..``, none of which any earlier stage used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from yingzao.experiments.calibrate import (
    evaluate,
    posterior_rows,
    simulated_implausibility,
    target_means,
)


def confirm_seeds(spec) -> list[int]:
    """The confirm stage's seeds: the ``[confirm] reps`` after the waves' ``seed + reps - 1``."""
    first = spec.seed + spec.reps
    return list(range(first, first + int(spec.confirm["reps"])))


def confirm_stage(spec, hm: dict, imp: pd.DataFrame, workers, cluster, log) -> dict:
    """Run the best wave sets again at new seeds; their means and confirmed implausibility.

    ``hm`` is :func:`.calibrate.history_matching`'s result and ``imp`` the waves' simulated
    implausibility of its runs. Returns the sets (``x``), their means, implausibility and seed
    variance from the confirm runs, the wave runs they are (``wave_runs``, rows of
    ``runs.parquet``), the seeds and reps.
    """
    c = spec.confirm
    targets = spec.calibrating
    rows, _ = posterior_rows(imp["max"], spec.waves["cutoff"], int(c["sets"]))
    rows = [int(i) for i in rows]
    stage = spec.out / "confirm"
    stage.mkdir(parents=True, exist_ok=True)
    pts = hm["x"].iloc[rows].reset_index(drop=True)
    pts.to_parquet(stage / "design.parquet", index=False)
    seeds = confirm_seeds(spec)
    log(f"confirm: the {len(pts)} best sets again at new seeds {seeds[0]}-{seeds[-1]}")
    runs = evaluate(
        spec, stage, pts, targets, workers, cluster, log, reps=len(seeds), seed=seeds[0]
    )
    means, seed_var = target_means(targets, runs, len(pts))
    cimp = simulated_implausibility(targets, means, seed_var, spec, reps=len(seeds))
    table = pts.join(means).join(cimp.add_prefix("implausibility_"))
    table.insert(0, "wave_run", rows)
    table["wave_implausibility"] = imp["max"].iloc[rows].to_numpy()
    table.to_parquet(stage / "means.parquet", index=False)
    return {
        "x": pts,
        "means": means,
        "imp": cimp,
        "seed_var": seed_var,
        "wave_runs": rows,
        "wave_implausibility": imp["max"].iloc[rows].to_numpy(),
        "reps": len(seeds),
        "seeds": seeds,
    }


def confirm_record(confirm: dict, cutoff: float) -> dict:
    """The confirm stage's entry of ``record.json``: its sets best (confirmed) first."""
    cmax = confirm["imp"]["max"]
    order = cmax.sort_values(kind="stable").index
    x = confirm["x"]
    sets = [
        {
            "wave_run": int(confirm["wave_runs"][i]),
            "parameters": {k: float(x[k].iloc[i]) for k in x.columns},
            "wave_implausibility": float(confirm["wave_implausibility"][i]),
            "confirmed_implausibility": float(cmax.iloc[i]),
        }
        for i in order
    ]
    return {
        "sets": len(sets),
        "reps": int(confirm["reps"]),
        "seeds": [int(s) for s in confirm["seeds"]],
        "non_implausible_sets": int(np.sum(cmax.to_numpy() < cutoff)),
        "seed_var": {k: float(v) for k, v in confirm["seed_var"].items()},
        "table": sets,
    }
