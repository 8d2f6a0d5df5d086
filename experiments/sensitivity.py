"""docs/sensitivity.md: Morris over every behavioural parameter, then Sobol on the influential.

Which parameters move what policy staff read, and the policy contrasts themselves? Every
numeric parameter of the model's behaviour (every declared number outside the policy settings,
the run, the street, the community's own description and the switches: the former in-code
constants included) is varied about its value in the baseline community (``spread``, +-25% by
default, within its declared range). A Morris screening (Campolongo et al. 2007, SALib) ranks
them on the headline outputs and on two contrasts: incubation minus no support (functional
groups at month 119), and 8 minus 3 years of support (survival of the cohort 24 months after
the money stops). A Sobol analysis (Saltelli 2010, first and total order) then runs on the
``top`` most influential. Each point runs on every arm with the same seed (common random
numbers), so contrasts are paired.

    python -m yingzao.experiments.sensitivity [--out docs/sensitivity.md] [--work results/sens]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from yingzao.experiments.analyze import outside_0_1
from yingzao.experiments.table_runs import run_table
from yingzao.model.city_defaults import CITY_PARAMS
from yingzao.model.defaults import DECLARATIONS, POLICIES
from yingzao.scenarios import load

ROOT = Path(__file__).resolve().parents[1]
_OFF = {"run", "street", "mech", "community"}  # and the city's sections (CITY_PARAMS)
_TERM = {"mech.funder_review": False}
ARMS = {
    "baseline": ("baseline", {}),
    "incubation": ("incubation", _TERM),
    "support-3y": ("support-3y", {**_TERM, "run.cohort_month": 36}),
    "support-8y": ("support-8y", {**_TERM, "run.cohort_month": 96}),
}
OUTPUTS = {
    "baseline": ["orgs_functional@119"],
    "incubation": [
        "orgs_functional@119",
        "functional_share@119",
        "active_share@119",
        "registered_per_1000@119",
        "needs_met@119",
    ],
    "support-3y": ["cohort_survival_24m"],
    "support-8y": ["cohort_survival_24m"],
}
# what is analysed: (name, arm, statistic, minus arm or None)
MEASURES = [
    ("functional groups (incubation)", "incubation", "orgs_functional@119", None),
    ("functional share (incubation)", "incubation", "functional_share@119", None),
    ("active residents (incubation)", "incubation", "active_share@119", None),
    ("registered per 1000 (incubation)", "incubation", "registered_per_1000@119", None),
    ("needs met (incubation)", "incubation", "needs_met@119", None),
    ("incubation minus no support: functional groups", "incubation", "orgs_functional@119",
     "baseline"),
    ("8 minus 3 years of support: cohort survival", "support-8y", "cohort_survival_24m",
     "support-3y"),
]  # fmt: skip


def parameters(spread: float) -> dict[str, tuple[float, float]]:
    """Every behavioural number with its range: +-spread about the baseline's value."""
    base = load("baseline").values
    city = {p.key for p in CITY_PARAMS}  # a city's make-up and policies: not a community's
    out = {}
    for k, p in DECLARATIONS.items():
        if p.kind not in (int, float) or p.section in POLICIES or p.section in _OFF or k in city:
            continue
        v = base[k]
        if v:
            lo, hi = v * (1 - spread), v * (1 + spread)
        else:  # a zero default: the bottom spread of the declared range
            lo, hi = p.lo, p.lo + spread * (p.hi - p.lo)
        lo, hi = max(min(lo, hi), p.lo), min(max(lo, hi), p.hi)
        if p.kind is int:
            lo, hi = float(np.ceil(lo)), float(np.floor(hi))
        if hi > lo:
            out[k] = (float(lo), float(hi))
    return out


def _measures(runs: dict[str, pd.DataFrame], n: int) -> pd.DataFrame:
    """Per point: each measure's mean over seeds (contrasts paired by seed)."""
    cols = {}
    for name, arm, stat, minus in MEASURES:
        x = runs[arm].set_index(["point", "seed"])[stat].astype(float)
        if minus:
            x = x - runs[minus].set_index(["point", "seed"])[stat].astype(float)
        m = x.groupby(level="point").mean()
        cols[name] = m.reindex(range(n)).to_numpy()
    return pd.DataFrame(cols)


def _run(stage: Path, points: pd.DataFrame, ranges, residents, reps, seed, workers, log):
    runs = {}
    for arm, (scenario, ov) in ARMS.items():
        log(f"{stage.name}: {arm}: {len(points) * reps} runs")
        runs[arm] = run_table(
            f"sensitivity-{stage.name}-{arm}",
            stage / arm,
            scenario,
            {**ov, "community.residents": residents},
            ranges,
            points,
            reps,
            seed,
            OUTPUTS[arm],
            workers,
        )
    return _measures(runs, len(points))


def _fill(y: np.ndarray) -> np.ndarray:
    """NaN (a measure undefined in a run, e.g. no cohort) becomes the mean, so SALib can run."""
    return np.where(np.isfinite(y), y, np.nanmean(y) if np.isfinite(y).any() else 0.0)


def morris(work: Path, ranges, residents, trajectories, reps, seed, workers, log):
    """Morris mu* (and sigma) of every parameter on every measure."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    names = list(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [ranges[k] for k in names]}
    x = sample.sample(problem, N=trajectories, num_levels=4, seed=seed)
    pts = pd.DataFrame(x, columns=names)
    y = _run(work / "morris", pts, ranges, residents, reps, seed, workers, log)
    xs = pts.to_numpy()  # the sample (ints run rounded to whole numbers)
    rows = []
    for m in y.columns:
        r = analyze.analyze(problem, xs, _fill(y[m].to_numpy()), num_levels=4, seed=seed)
        for k, mu, mus, sig in zip(names, r["mu"], r["mu_star"], r["sigma"], strict=True):
            rows.append({"measure": m, "parameter": k, "mu": mu, "mu_star": mus, "sigma": sig})
    return pd.DataFrame(rows), len(pts)


def sobol(work: Path, ranges, keys, residents, n, reps, seed, workers, log):
    """Sobol first-order and total indices of ``keys`` (the others at the baseline's values)."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    problem = {"num_vars": len(keys), "names": keys, "bounds": [ranges[k] for k in keys]}
    x = sample.sample(problem, n, calc_second_order=False, seed=seed)
    pts = pd.DataFrame(x, columns=keys)
    y = _run(work / "sobol", pts, {k: ranges[k] for k in keys}, residents, reps, seed, workers, log)
    rows = []
    for m in y.columns:
        r = analyze.analyze(problem, _fill(y[m].to_numpy()), calc_second_order=False, seed=seed)
        for k, s1, s1_ci, st, st_ci in zip(
            keys, r["S1"], r["S1_conf"], r["ST"], r["ST_conf"], strict=True
        ):
            rows.append(
                {
                    "measure": m,
                    "parameter": k,
                    "S1": s1,
                    "S1_conf": s1_ci,
                    "ST": st,
                    "ST_conf": st_ci,
                }
            )
    return pd.DataFrame(rows), len(pts), n


def markdown(mor, n_m, sob, n_s, info, base=0) -> str:
    """The report."""
    out = [
        "# Sensitivity: every behavioural parameter, the headline outputs and the contrasts",
        "",
        f"Generated by `python -m yingzao.experiments.sensitivity` on {info['date']} "
        f"({info['minutes']:.0f} minutes on this machine, model {info['calibration']}). Do not "
        "edit by hand: rerun it.",
        "",
        f"**Design.** {info['k']} parameters (every declared number of the model's behaviour: "
        "not the policy settings, the run, the street, the community's description or the "
        f"switches), each varied +-{info['spread']:.0%} about its value in the baseline "
        f"community within its declared range. Morris: {info['trajectories']} trajectories, "
        f"{n_m} points; "
        + (
            f"Sobol (first order S1, total ST, Saltelli): the {len(info['top'])} most "
            f"influential, {n_s} points. "
            if n_s
            else "no Sobol analysis in this run (`--sobol-n 0`). "
        )
        + f"Every point runs on 4 arms (no support, incubation, "
        f"3 and 8 years of support) at {info['residents']:,} residents, {info['reps']} seed(s) "
        "shared by all points and arms (common random numbers: contrasts are paired). `mu*` "
        "is in the measure's units for a move across the range; `sigma` comparable to `mu*` "
        "means interactions or non-linearity. Morris with one seed per point includes seed "
        "noise in every elementary effect: read small `mu*` differences as ties.",
        "",
    ]
    for m in [x[0] for x in MEASURES]:
        t = mor[mor["measure"] == m].sort_values("mu_star", ascending=False).head(8)
        out += [f"## {m}", "", "Morris, top 8 by mu*:", "", "| parameter | mu | mu* | sigma |"]
        out.append("|---|---|---|---|")
        out += [
            f"| `{r.parameter}` | {r.mu:.3g} | {r.mu_star:.3g} | {r.sigma:.3g} |"
            for r in t.itertuples()
        ]
        if n_s:
            s = sob[sob["measure"] == m].sort_values("ST", ascending=False)
            out += ["", "Sobol (95% half-widths in brackets):", "", "| parameter | S1 | ST |"]
            out.append("|---|---|---|")
            out += [
                f"| `{r.parameter}` | {r.S1:.2f} ({r.S1_conf:.2f}) | {r.ST:.2f} ({r.ST_conf:.2f}) |"
                for r in s.itertuples()
            ]
            for note in outside_0_1(m, s, base, "run again with a larger `--sobol-n`"):
                out += ["", f"Note: {note}."]
        out.append("")
    rank = mor.assign(rel=mor["mu_star"] / mor.groupby("measure")["mu_star"].transform("max"))
    overall = rank.groupby("parameter")["rel"].max().sort_values()
    out += [
        "## Parameters that move nothing",
        "",
        f"{int((overall < 0.05).sum())} of {len(overall)} parameters never reach 5% of the "
        "largest mu* on any measure (candidates to fix or remove): "
        + ", ".join(f"`{k}`" for k in overall[overall < 0.05].index)
        + ".",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Run the screening and the Sobol analysis and write the report."""
    import datetime as dt

    from yingzao.model.calibrated_defaults import RECORD

    ap = argparse.ArgumentParser(prog="python -m yingzao.experiments.sensitivity")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "sensitivity.md")
    ap.add_argument("--work", type=Path, default=ROOT / "results" / "sensitivity")
    ap.add_argument("--residents", type=int, default=1000)
    ap.add_argument("--trajectories", type=int, default=2)
    ap.add_argument("--spread", type=float, default=0.25)
    ap.add_argument("--top", type=int, default=6)
    ap.add_argument("--sobol-n", type=int, default=32, help="base samples (a power of 2; 0: none)")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int)
    a = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    t0 = time.monotonic()
    ranges = parameters(a.spread)
    args = (a.residents, a.trajectories, a.reps, a.seed, a.workers, log)
    mor, n_m = morris(a.work, ranges, *args)
    mor.to_csv(a.work / "morris.csv", index=False)
    rel = mor["mu_star"] / mor.groupby("measure")["mu_star"].transform("max")
    top = mor.assign(rel=rel).groupby("parameter")["rel"].max().nlargest(a.top).index.tolist()
    if a.sobol_n:
        args = (a.residents, a.sobol_n, a.reps, a.seed, a.workers, log)
        sob, n_s, base = sobol(a.work, ranges, top, *args)
        sob.to_csv(a.work / "sobol.csv", index=False)
    else:  # Morris only
        cols = ["measure", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
        sob, n_s, base = pd.DataFrame(columns=cols), 0, 0
    info = {
        "date": dt.date.today().isoformat(),
        "minutes": (time.monotonic() - t0) / 60,
        "calibration": RECORD or "without a calibration record",
        "k": len(ranges),
        "spread": a.spread,
        "trajectories": a.trajectories,
        "top": top,
        "residents": a.residents,
        "reps": a.reps,
    }
    a.out.write_text(markdown(mor, n_m, sob, n_s, info, base) + "\n", encoding="utf-8")
    log(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
