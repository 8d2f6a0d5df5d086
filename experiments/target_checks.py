"""Every field target checked on the calibrated model, at each case's own size, two-sided.

The calibration fits its ``calibrate`` targets at one community size over a few seeds; here each
target's arm runs at its scenario's own size over the validation's paired seeds, and its mean
must lie inside the band (``inside``); ``clear`` says the whole 95% interval does. The
``validate`` targets are the out-of-sample test: the calibration never saw them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from yingzao.experiments.replicate import replicate
from yingzao.experiments.targets import Target, arms_of, load_targets

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ROOT / "calibration" / "targets.toml"


def runs_by_seed(summ: pd.DataFrame, ser: pd.DataFrame, stats: list[str]) -> dict:
    """``{seed: {statistic: value}}`` from a replicate's summaries and series."""
    out: dict[int, dict[str, float]] = {}
    for _, row in summ.iterrows():
        out[int(row["seed"])] = {s: row.get(s) for s in stats if "@" not in s}
    for s in stats:
        if "@" not in s:
            continue
        col, _, month = s.partition("@")
        at = ser[ser["month"] == int(month)]
        for seed, v in zip(at["seed"], at[col], strict=True):
            out[int(seed)][s] = v
    for d in out.values():
        for k, v in d.items():
            d[k] = float("nan") if v is None else float(v)
    return out


def check_targets(
    seeds: list[int], workers: int | None = None, path: str | Path = TARGETS
) -> list[Target]:
    """Evaluate every target (both roles) over ``seeds``; each target holds its ``result``."""
    targets = load_targets(path)
    runs = {}
    for key, arm in arms_of(targets).items():
        stats = sorted({t.statistic for t in targets if key in (a.key for a in t.arms)})
        summ, ser = replicate(arm.scenario, seeds, arm.overrides, workers, posterior=False)
        runs[key] = runs_by_seed(summ, ser, stats)
    for t in targets:
        t.evaluate(runs)
    return targets


def targets_markdown(targets: list[Target]) -> list[str]:
    """The two tables of docs/validation.md: calibration targets, then held-out ones."""
    out: list[str] = []
    for role, title in (
        ("validate", "Held-out targets (never seen by the calibration)"),
        ("calibrate", "Calibration targets, re-checked at each case's own size"),
    ):
        rows = [t for t in targets if t.role == role]
        n_in = sum(t.result["inside"] for t in rows)
        n_cav = sum(bool(t.caveat) and t.result["inside"] for t in rows)
        cav = (
            f" {n_cav} of those inside test less than they seem: see the caveats below the table."
            if n_cav
            else ""
        )
        out += [
            f"### {title}",
            "",
            f"**{n_in} of {len(rows)} inside their band** (mean over seeds; *clear*: the whole "
            f"95% interval inside).{cav}",
            "",
            "| target | arm | statistic | band | mean | 95% CI | result | source |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for t in rows:
            r = t.result
            arm = t.arm.key + (f" minus {t.minus.key}" if t.minus else "")
            verdict = ("clear" if r["clear"] else "inside") if r["inside"] else "OUTSIDE"
            out.append(
                f"| {t.id} | `{arm}` | `{t.statistic}` | {t.band[0]:g} to {t.band[1]:g} | "
                f"{r['mean']:.3g} | [{r['ci_low']:.3g}, {r['ci_high']:.3g}] | {verdict} | "
                f"{t.source} |"
            )
        caveats = [t for t in rows if t.caveat]
        if caveats:
            out += ["", "Caveats:", ""]
            out += [f"- **{t.id}**: {t.caveat}" for t in caveats]
        out.append("")
    return out


def targets_record(targets: list[Target]) -> list[dict]:
    """The targets' verdicts as plain data."""
    return [
        {
            "id": t.id,
            "role": t.role,
            "statistic": t.statistic,
            "band": list(t.band),
            "caveat": t.caveat,
            **{k: t.result[k] for k in ("n", "mean", "ci_low", "ci_high", "inside", "clear")},
        }
        for t in targets
    ]
