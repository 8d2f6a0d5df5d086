"""A first look at the six field patterns of DOMAIN.md over paired replicates.

Each pattern is a comparison of two arms run with the same seeds (common random numbers), so the
difference is paired. This is the quick table for development; the full validation suite with
explicit statistical tests and thresholds is a separate piece of work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats
from yingzao.experiments.replicate import replicate


def _at(series: pd.DataFrame, month: int, col: str) -> pd.Series:
    s = series[series["month"] == month].set_index("seed")[col]
    return s.sort_index().astype(float)


def _survival(summ: pd.DataFrame, h: int = 24) -> pd.Series:
    s = summ.set_index("seed").sort_index()
    at = s["functional_at_withdrawal"].astype(float)
    return (s[f"functional_alive_{h}m_after"].astype(float) / at.where(at > 0)).fillna(0.0)


@dataclass
class Pattern:
    """One field pattern as a paired comparison.

    ``stat(arm_b) - stat(arm_a)`` should have the sign ``expect`` (+1 larger, -1 smaller).
    """

    number: int
    claim: str
    statistic: str
    arm_a: tuple[str, dict | None]
    arm_b: tuple[str, dict | None]
    stat: Callable[[pd.DataFrame, pd.DataFrame], pd.Series]
    expect: int


PATTERNS = [
    Pattern(
        1,
        "No support: groups mostly recreational, functional few and small",
        "functional groups alive at month 119",
        ("baseline", None),
        ("incubation", None),
        lambda s, ser: _at(ser, 119, "orgs_functional"),
        +1,
    ),
    Pattern(
        2,
        "3-year incubation: functional share ~1/3, coached groups grow several-fold",
        "functional share at month 35 (end of contract)",
        ("baseline", None),
        ("incubation", None),
        lambda s, ser: _at(ser, 35, "functional_share"),
        +1,
    ),
    Pattern(
        3,
        "Procurement meets needs while paid, grows few groups, collapses after",
        "needs met: month 35 (paid) minus month 47 (a year after)",
        ("baseline", None),
        ("procurement", None),
        lambda s, ser: _at(ser, 35, "needs_met") - _at(ser, 47, "needs_met"),
        +1,
    ),
    Pattern(
        4,
        "Withdrawal after 2-3 years loses most functional groups; after 8 far fewer",
        "share of functional groups at withdrawal alive 24 months later",
        ("support-3y", None),
        ("support-8y", None),
        lambda s, ser: _survival(s),
        +1,
    ),
    Pattern(
        5,
        "A federation before the NGO leaves: more functional groups survive its exit",
        "share of functional groups at exit alive 24 months later",
        ("incubation", {"ngo.federation": False, "withdrawal.month": 36}),
        ("incubation", {"withdrawal.month": 36}),
        lambda s, ser: _survival(s),
        +1,
    ),
    Pattern(
        6,
        "Substituting NGOs grow fewer lasting groups than incubating ones, same money",
        "functional groups alive at month 119 (7 years after exit)",
        ("incubation", None),
        ("substitution", None),
        lambda s, ser: _at(ser, 119, "orgs_functional"),
        -1,
    ),
]


def _ci(x: np.ndarray) -> tuple[float, float, float]:
    m = float(np.mean(x))
    if x.size < 2 or np.std(x) == 0:
        return m, m, m
    h = float(stats.t.ppf(0.975, x.size - 1) * np.std(x, ddof=1) / np.sqrt(x.size))
    return m, m - h, m + h


def evaluate(reps: int = 20, workers: int | None = None) -> pd.DataFrame:
    """Run every arm once per seed 0..reps-1 and return one row per pattern."""
    cache: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}

    def arm(spec: tuple[str, dict | None]) -> tuple[pd.DataFrame, pd.DataFrame]:
        key = repr(spec)
        if key not in cache:
            cache[key] = replicate(spec[0], range(reps), spec[1], workers=workers, posterior=False)
        return cache[key]

    rows = []
    for p in PATTERNS:
        a, b = p.stat(*arm(p.arm_a)), p.stat(*arm(p.arm_b))
        d = (b - a).to_numpy()
        mean, lo, hi = _ci(d)
        rows.append(
            {
                "pattern": p.number,
                "claim": p.claim,
                "statistic": p.statistic,
                "arm_a": _label(p.arm_a),
                "mean_a": float(a.mean()),
                "arm_b": _label(p.arm_b),
                "mean_b": float(b.mean()),
                "diff": mean,
                "ci_low": lo,
                "ci_high": hi,
                "holds": bool(lo > 0) if p.expect > 0 else bool(hi < 0),
            }
        )
    extra = _extras(arm)
    return pd.DataFrame(rows).assign(**{k: [v] * len(rows) for k, v in extra.items()})


def _extras(arm) -> dict[str, float]:
    base_s, base = arm(("baseline", None))
    inc_s, _ = arm(("incubation", None))
    return {
        "baseline_functional_share_119": float(_at(base, 119, "functional_share").mean()),
        "baseline_mean_functional_size_119": float(
            _at(base, 119, "mean_functional_group_size").mean()
        ),
        "incubation_coached_growth_median": float(inc_s["coached_growth"].median()),
        "baseline_participation_119": float(_at(base, 119, "participation_rate").mean()),
    }


def _label(spec: tuple[str, dict | None]) -> str:
    name, ov = spec
    return name + ("" if not ov else " " + " ".join(f"{k}={v}" for k, v in ov.items()))


def pattern_table(reps: int = 20) -> str:
    """The evaluation as a plain-text table."""
    df = evaluate(reps)
    lines = [f"Six field patterns, {reps} paired replicates per arm (diff = B - A, 95% CI)", ""]
    for r in df.itertuples():
        lines.append(f"{r.pattern}. {r.claim}")
        lines.append(f"   {r.statistic}")
        lines.append(
            f"   A {r.arm_a}: {r.mean_a:.3g}   B {r.arm_b}: {r.mean_b:.3g}   "
            f"diff {r.diff:+.3g} [{r.ci_low:+.3g}, {r.ci_high:+.3g}]   "
            f"{'holds' if r.holds else 'DOES NOT HOLD'}"
        )
    e = df.iloc[0]
    lines += [
        "",
        f"baseline at month 119: functional share {e.baseline_functional_share_119:.2f}, "
        f"mean functional group size {e.baseline_mean_functional_size_119:.1f}, "
        f"participation {100 * e.baseline_participation_119:.1f}%",
        f"incubation: coached groups grew a median {e.incubation_coached_growth_median:.1f}"
        "x from first coaching to their peak size",
    ]
    return "\n".join(lines)
