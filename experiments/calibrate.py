"""`yingzao calibrate SPEC`: Morris screening, then history matching in waves, to a record.

1. **Screening.** A Morris design over the spec's candidate parameters is run on every arm the
   calibration targets need; each parameter's influence on a target is its Morris ``mu*`` over
   the target's band half-width, and the ``keep`` parameters with the largest influence on any
   target are calibrated (the others keep their defaults).
2. **Waves.** Wave 1 is a space-filling design over the kept parameters' box. After each wave,
   a Gaussian-process emulator per target is fitted to every run so far (:mod:`.emulator`) and
   the implausibility cuts the space: a parameter set stays only if every wave's emulators find
   it plausible. The next wave's sets are spread over what remains.
3. **Record.** Every stage's design and runs (sweep folders: resumable, local processes or a
   Dask cluster), the emulators' cross-validation, the non-implausible volume per wave, the fit
   of every target, a posterior sample (the runs whose simulated implausibility is below the
   cutoff, best first) and the best parameter set, in ``record.json`` and ``posterior.parquet``
   (:mod:`.calibration_record` writes them and docs/calibration.md).
4. **Confirmation** (optional, the spec's ``[confirm]``). The best sets run again at new seeds;
   the posterior and the best set come from those runs (:mod:`.calibrate_confirm`).

Everything is seeded by the spec: a calibration run again from scratch gives the same record, and
one stopped (Ctrl-C, kill -9) goes on with ``--resume`` without repeating a finished run.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from yingzao.experiments import emulator
from yingzao.experiments.calibrate_spec import CalibrationSpec, load_calibration_spec
from yingzao.experiments.targets import Target, arms_of, statistics_of
from yingzao.scenarios import load

from yingzao.checks import something_to_resume
from yingzao.errors import InputError

Log = Callable[[str], None]


def _slug(arm_key: str) -> str:
    return re.sub(r"[^A-Za-z0-9.=_-]+", "_", arm_key)[:120]


def evaluate(
    spec: CalibrationSpec,
    stage: Path,
    points: pd.DataFrame,
    targets: list[Target],
    workers: int | None,
    cluster,
    log: Log,
    *,
    reps: int | None = None,
    seed: int | None = None,
) -> dict[str, pd.DataFrame]:
    """Run every point of ``points`` on every arm ``targets`` need; runs per arm key.

    Each arm is one sweep (design ``table``, the points as given, ``reps`` paired seeds ``seed``,
    ``seed + 1``, ...; by default the spec's), resumed where its folder already holds runs.
    """
    from yingzao.experiments.table_runs import run_table

    reps = spec.reps if reps is None else reps
    seed = spec.seed if seed is None else seed
    out: dict[str, pd.DataFrame] = {}
    arms = arms_of(targets)
    for i, (ak, arm) in enumerate(arms.items(), 1):
        values = load(arm.scenario, arm.overrides).values
        log(f"{stage.name}: arm {i}/{len(arms)} {ak}: {len(points) * reps} runs")
        out[ak] = run_table(
            f"{spec.name}-{stage.name}-{_slug(ak)}",
            stage / _slug(ak),
            arm.scenario,
            {**arm.overrides, **spec.fixed(values)},
            spec.parameters,
            points,
            reps,
            seed,
            statistics_of(targets, ak),
            workers,
            cluster,
        )
    return out


def target_means(
    targets: list[Target], runs: dict[str, pd.DataFrame], n_points: int
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Per point, each target's mean over seeds; and each target's variance between seeds."""
    means = np.full((n_points, len(targets)), np.nan)
    seed_var: dict[str, float] = {}
    for j, t in enumerate(targets):
        by = [runs[a.key].set_index(["point", "seed"])[t.statistic] for a in t.arms]
        x = by[0] - by[1] if len(by) == 2 else by[0]
        x = x.astype(float)
        g = x.groupby(level="point")
        m = g.mean()
        means[m.index.to_numpy(), j] = m.to_numpy()
        v = g.var(ddof=1)
        seed_var[t.id] = float(np.nanmean(v.to_numpy())) if v.notna().any() else 0.0
    return pd.DataFrame(means, columns=[t.id for t in targets]), seed_var


def screening(spec: CalibrationSpec, workers, cluster, log: Log) -> dict:
    """Morris screening of the candidate parameters; returns the ranking and the kept keys."""
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    names = list(spec.parameters)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(spec.parameters[k]) for k in names],
    }
    sc = spec.screening
    x = morris_sample.sample(problem, N=sc["trajectories"], num_levels=sc["levels"], seed=spec.seed)
    pts = pd.DataFrame(x, columns=names)
    stage = spec.out / "screening"
    stage.mkdir(parents=True, exist_ok=True)
    pts.to_parquet(stage / "design.parquet", index=False)
    targets = spec.calibrating
    runs = evaluate(spec, stage, pts, targets, workers, cluster, log)
    means, _ = target_means(targets, runs, len(pts))
    rows = []
    for t in targets:
        y = means[t.id].to_numpy()
        if not np.isfinite(y).all():
            y = np.where(np.isfinite(y), y, np.nanmean(y) if np.isfinite(y).any() else 0.0)
        res = morris_analyze.analyze(problem, x, y, num_levels=sc["levels"], seed=spec.seed)
        for k, mu in zip(names, res["mu_star"], strict=True):
            rows.append(
                {
                    "target": t.id,
                    "parameter": k,
                    "mu_star": float(mu),
                    "influence": float(mu) / t.halfwidth,
                }
            )
    table = pd.DataFrame(rows)
    table.to_csv(stage / "morris.csv", index=False)
    rank = table.groupby("parameter")["influence"].max().sort_values(ascending=False)
    kept = rank.index[: sc["keep"]].tolist()
    log(f"screening: kept {', '.join(kept)}")
    return {"ranking": rank.to_dict(), "kept": kept}


def _unit(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return (x - lo) / (hi - lo)


def history_matching(spec: CalibrationSpec, kept: list[str], workers, cluster, log: Log) -> dict:
    """The waves; returns per-wave summaries, all runs' target means and the last emulators."""
    from scipy.stats import qmc

    w = spec.waves
    targets = spec.calibrating
    lo = np.array([spec.parameters[k][0] for k in kept])
    hi = np.array([spec.parameters[k][1] for k in kept])
    all_x = np.empty((0, len(kept)))
    all_means = pd.DataFrame(columns=[t.id for t in targets], dtype=float)
    emus_by_wave: list[list[emulator.TargetEmulator]] = []
    waves = []
    for k in range(1, int(w["count"]) + 1):
        stage = spec.out / f"wave-{k}"
        stage.mkdir(parents=True, exist_ok=True)
        design_file = stage / "design.parquet"
        m = int(np.ceil(np.log2(int(w["candidates"]))))  # Sobol' points come in powers of 2
        cand = qmc.scale(qmc.Sobol(len(kept), rng=spec.seed + k).random_base2(m), lo, hi)
        u = _unit(cand, lo, hi)
        plausible = np.ones(len(cand), bool)
        for emus in emus_by_wave:
            plausible &= emulator.max_implausibility(emus, u) < w["cutoff"]
        volume = float(plausible.mean())
        if design_file.exists():
            pts = pd.read_parquet(design_file)
        else:
            pool = cand[plausible] if plausible.any() else cand
            pick = emulator.spread(_unit(pool, lo, hi), int(w["points"]), spec.seed + k)
            pts = pd.DataFrame(pool[pick], columns=kept)
            pts.to_parquet(design_file, index=False)
        log(f"wave {k}: non-implausible share of the box {volume:.3f}; {len(pts)} sets")
        runs = evaluate(spec, stage, pts, targets, workers, cluster, log)
        means, seed_var = target_means(targets, runs, len(pts))
        means.assign(**{c: pts[c] for c in kept}).to_parquet(stage / "means.parquet", index=False)
        all_x = np.vstack([all_x, pts[kept].to_numpy()])
        all_means = pd.concat([all_means, means], ignore_index=True)
        ux = _unit(all_x, lo, hi)
        t0 = time.perf_counter()
        emus = [
            emulator.build(
                t,
                ux,
                all_means[t.id].to_numpy(),
                seed_var[t.id],
                spec.reps,
                w["discrepancy"],
                spec.seed,
                spec.seed_term,
            )
            for t in targets
        ]
        fit_s = time.perf_counter() - t0
        cv = {
            t.id: emulator.cross_validate(e, ux, all_means[t.id].to_numpy(), 5, spec.seed)
            for t, e in zip(targets, emus, strict=True)
        }
        emus_by_wave.append(emus)
        waves.append(
            {
                "wave": k,
                "points": len(pts),
                "volume_before": volume,
                "emulator_seconds": fit_s,
                "seed_var": seed_var,
                "cv": cv,
                # too few finite or no differing runs: such a target rules nothing out this wave
                "not_emulated": [e.target_id for e in emus if e.gp is None],
            }
        )
    u_all = _unit(all_x, lo, hi)
    final = np.ones(len(cand), bool)
    for emus in emus_by_wave:
        final &= emulator.max_implausibility(emus, _unit(cand, lo, hi)) < w["cutoff"]
    return {
        "waves": waves,
        "x": pd.DataFrame(all_x, columns=kept),
        "means": all_means,
        "emulators": emus_by_wave,
        "unit_runs": u_all,
        "volume_final": float(final.mean()),
        "seed_var": waves[-1]["seed_var"],
    }


def simulated_implausibility(
    targets: list[Target],
    means: pd.DataFrame,
    seed_var: dict[str, float],
    spec,
    reps: int | None = None,
) -> pd.DataFrame:
    """Implausibility of each run set from its simulated means (no emulator): per target, max.

    ``means`` are over ``reps`` seeds (the spec's by default); the seed term is ``V_seed / reps``
    (``seed_term = "mean"``) or ``V_seed * (1 + 1 / reps)`` (``"run"``), see :mod:`.emulator`.
    """
    n = spec.reps if reps is None else reps
    run = getattr(spec, "seed_term", "mean") == "run"
    cols = {}
    for t in targets:
        hw = t.halfwidth
        seed_part = seed_var[t.id] * (1 + 1 / n) if run else seed_var[t.id] / n
        var = (hw / 2) ** 2 + (spec.waves["discrepancy"] * hw) ** 2 + seed_part
        cols[t.id] = np.abs(means[t.id].to_numpy() - t.center) / np.sqrt(var)
    out = pd.DataFrame(cols)
    out["max"] = out.max(axis=1, skipna=False).fillna(np.inf)
    return out


def calibrate(
    spec: CalibrationSpec | str | Path,
    *,
    workers: int | None = None,
    cluster=None,
    resume: bool = False,
    force: bool = False,
    log: Log = print,
) -> dict:
    """Run a calibration to its record; returns the record (also written as ``record.json``)."""
    from yingzao.experiments.calibration_record import write_record

    if not isinstance(spec, CalibrationSpec):
        spec = load_calibration_spec(spec)
    out = spec.out
    if resume:
        something_to_resume(out, "calibration")
    if out.exists() and any(out.iterdir()):
        if force:
            shutil.rmtree(out)
        elif not resume:
            raise InputError(
                f"calibration record {out} already exists: --resume to go on with it, "
                "--force to start again"
            )
    out.mkdir(parents=True, exist_ok=True)
    earlier = []  # wall seconds of the earlier invocations of a resumed calibration
    if resume and (out / "record.json").exists():
        old = json.loads((out / "record.json").read_text(encoding="utf-8"))
        earlier = old.get("invocations", [old["seconds"]])
    (out / "spec.toml").write_text(spec.text, encoding="utf-8")
    shutil.copyfile(spec.targets_path, out / "targets.toml")
    t0 = time.monotonic()
    screen_file = out / "screening" / "kept.json"
    if screen_file.exists():
        screen = json.loads(screen_file.read_text())
    else:
        screen = screening(spec, workers, cluster, log)
        screen_file.write_text(json.dumps(screen, indent=1))
    hm = history_matching(spec, screen["kept"], workers, cluster, log)
    imp = simulated_implausibility(spec.calibrating, hm["means"], hm["seed_var"], spec)
    confirm = None
    x, imp_of = hm["x"], imp  # the sets the posterior and the best set are drawn from
    if spec.confirm is not None:
        from yingzao.experiments.calibrate_confirm import confirm_stage

        confirm = confirm_stage(spec, hm, imp, workers, cluster, log)
        x, imp_of = confirm["x"], confirm["imp"]
    keep, found = posterior_rows(imp_of["max"], spec.waves["cutoff"], spec.posterior["size"])
    posterior = x.iloc[keep].reset_index(drop=True)
    posterior["implausibility"] = imp_of["max"].iloc[keep].to_numpy()
    seconds = [*earlier, time.monotonic() - t0]
    return write_record(spec, screen, hm, imp, posterior, seconds, found, confirm)


def posterior_rows(imp_max: pd.Series, cutoff: float, size: int) -> tuple[list[int], bool]:
    """The ``size`` best rows below ``cutoff`` (or, if none is, the ``size`` best); any below."""
    order = imp_max.sort_values(kind="stable").index
    good = [i for i in order if imp_max[i] < cutoff]
    return good[:size] or list(order[:size]), bool(good)
