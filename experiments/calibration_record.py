"""The calibration record and the calibrated defaults the model reads.

Files: ``record.json``, ``posterior.parquet``, the diagnostic figures, and the report
docs/calibration.md is generated from.

The record is the calibration's reproducible result: the spec and targets as run, the screening
ranking, every wave's design, emulator cross-validation and non-implausible volume, each
target's fit, the posterior sample and the best parameter set (with a confirm stage, its sets,
seeds and implausibilities; the posterior, the best set and the fit then come from the confirmed
sets). ``apply_record`` writes the best
set into ``model/calibrated_defaults.py``, which the parameter declarations read, so each
calibrated parameter's source names the record.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


def _cv_summary(cv: dict) -> dict:
    out = {}
    for tid, c in cv.items():
        z = (c["y"] - c["mean"]) / np.where(c["sd"] > 0, c["sd"], np.nan)
        z = z[np.isfinite(z)]
        out[tid] = {
            "n": int(len(c["y"])),
            "within_3sd": float(np.mean(np.abs(z) <= 3)) if z.size else None,
            "rmse": float(np.sqrt(np.nanmean((c["y"] - c["mean"]) ** 2)))
            if np.isfinite(c["mean"]).any()
            else None,
        }
    return out


def _cv_figure(cv: dict, targets, path: Path) -> None:
    n = len(targets)
    cols = 5
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3 * cols, 2.7 * rows), squeeze=False)
    for ax, t in zip(axes.ravel(), targets, strict=False):
        c = cv[t.id]
        if np.isfinite(c["mean"]).any():
            ax.errorbar(c["y"], c["mean"], yerr=2 * c["sd"], fmt="o", ms=2, lw=0.5, alpha=0.6)
            lim = [
                np.nanmin([c["y"].min(), c["mean"].min()]),
                np.nanmax([c["y"].max(), c["mean"].max()]),
            ]
            ax.plot(lim, lim, "k-", lw=0.5)
        ax.axvspan(*t.band, color="tab:green", alpha=0.1)
        ax.set_title(t.id, fontsize=7)
        ax.tick_params(labelsize=6)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    fig.supxlabel("simulated (mean over seeds)", fontsize=8)
    fig.supylabel("emulator, held out (±2 sd)", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _fit_figure(targets, means: pd.DataFrame, post_means: pd.DataFrame, path: Path) -> None:
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(targets) + 1))
    for i, t in enumerate(targets):
        lo, hi = t.band
        span = max(hi - lo, 1e-9)
        ax.plot([0, 1], [i, i], color="tab:green", lw=6, alpha=0.3, solid_capstyle="butt")
        allv = (means[t.id].to_numpy() - lo) / span
        ax.plot(np.clip(allv, -0.5, 1.5), np.full(len(allv), i), "|", color="0.7", ms=6)
        post = (post_means[t.id].to_numpy() - lo) / span
        ax.plot(np.clip(post, -0.5, 1.5), np.full(len(post), i), "|", color="tab:blue", ms=9)
    ax.set_yticks(range(len(targets)), [t.id for t in targets], fontsize=7)
    ax.set_xlim(-0.55, 1.55)
    ax.set_xlabel("position in the target's band (0 = low end, 1 = high end; clipped at -0.5/1.5)")
    ax.set_title("targets: every run (grey), the posterior sample (blue), the band (green)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_record(
    spec,
    screen: dict,
    hm: dict,
    imp: pd.DataFrame,
    posterior: pd.DataFrame,
    seconds: list[float],
    found: bool,
    confirm: dict | None = None,
) -> dict:
    """Write the record's files into ``spec.out`` and return the record.

    The best set, the posterior's fit and ``found`` come from the waves' runs (``hm``, ``imp``),
    or, given a confirm stage (:func:`.calibrate_confirm.confirm_stage`), from its sets.
    """
    out = spec.out
    targets = spec.calibrating
    kept = list(hm["x"].columns)
    runs = hm["x"].join(hm["means"]).join(imp.add_prefix("implausibility_"))
    runs.to_parquet(out / "runs.parquet", index=False)
    posterior.to_parquet(out / "posterior.parquet", index=False)
    if confirm is None:
        x, means, imp_of = hm["x"], hm["means"], imp
    else:
        x, means, imp_of = confirm["x"], confirm["means"], confirm["imp"]
    order = imp_of["max"].sort_values(kind="stable").index
    keep_idx = list(order[: len(posterior)])
    best = int(order[0])
    waves = []
    for w in hm["waves"]:
        _cv_figure(w["cv"], targets, out / f"emulator-validation-wave-{w['wave']}.png")
        waves.append(
            {
                "wave": w["wave"],
                "points": w["points"],
                "non_implausible_share_before": w["volume_before"],
                "emulator_seconds": w["emulator_seconds"],
                "not_emulated": w["not_emulated"],
                "cross_validation": _cv_summary(w["cv"]),
            }
        )
    _fit_figure(targets, hm["means"], means.iloc[keep_idx], out / "target-fit.png")
    fit = []
    for t in targets:
        post = means[t.id].iloc[keep_idx]
        fit.append(
            {
                "target": t.id,
                "band": list(t.band),
                "best": float(means[t.id].iloc[best]),
                "posterior_low": float(np.nanmin(post)) if post.notna().any() else None,
                "posterior_high": float(np.nanmax(post)) if post.notna().any() else None,
                "posterior_inside": float(np.mean((post >= t.band[0]) & (post <= t.band[1]))),
                "source": t.source,
            }
        )
    record = {
        "name": spec.name,
        "date": dt.date.today().isoformat(),
        "model_commit": _commit(),
        "seconds": float(sum(seconds)),  # wall time of every invocation (resumes add up)
        "invocations": [float(x) for x in seconds],
        "residents": spec.residents,
        "reps": spec.reps,
        "seed": spec.seed,
        "spec": "spec.toml",
        "targets": "targets.toml",
        "screening": screen,
        "calibrated": kept,
        "ranges": {k: list(spec.parameters[k]) for k in kept},
        "waves": waves,
        "non_implausible_share_final": hm["volume_final"],
        "runs": int(len(hm["x"])),
        "non_implausible_runs": int((imp["max"] < spec.waves["cutoff"]).sum()),
        "found": found,
        "best": {k: float(x[k].iloc[best]) for k in kept},
        "best_implausibility": float(imp_of["max"].iloc[best]),
        "posterior": "posterior.parquet",
        "posterior_size": int(len(posterior)),
        "fit": fit,
        "validate_targets": [t.id for t in spec.targets if t.role == "validate"],
    }
    # the options' keys only when set, so that a spec without them gives today's record
    if getattr(spec, "seed_term", "mean") != "mean":
        record["seed_term"] = spec.seed_term
    if confirm is not None:
        from yingzao.experiments.calibrate_confirm import confirm_record

        record["confirm"] = confirm_record(confirm, spec.waves["cutoff"])
    (out / "record.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def apply_record(record_dir: str | Path, module: str | Path | None = None) -> Path:
    """Write the record's best parameter set as the model's calibrated defaults."""
    record_dir = Path(record_dir)
    rec = json.loads((record_dir / "record.json").read_text(encoding="utf-8"))
    module = Path(module) if module else ROOT / "model" / "calibrated_defaults.py"
    rel = record_dir.resolve()
    try:
        rel = rel.relative_to(ROOT)
    except ValueError:
        pass
    lines = [
        '"""Calibrated defaults, written by `yingzao calibrate --apply` from a calibration record.',
        "",
        "Do not edit by hand: run the calibration again. The declarations (model/defaults.py)",
        "take these values as defaults and name the record as their source.",
        '"""',
        "",
        f'RECORD = "{rel}/record.json ({rec["name"]}, {rec["date"]}, model {rec["model_commit"]})"',
        "",
        "CALIBRATED = {",
        *[f'    "{k}": {v!r},' for k, v in rec["best"].items()],
        "}",
        "",
    ]
    module.write_text("\n".join(lines), encoding="utf-8")
    return module
