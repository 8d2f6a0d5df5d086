"""Statistics of a paired comparison: t-intervals and the table of means and paired differences.

:func:`stats_table` gives, per outcome metric and scenario, the mean with its 95% t-interval and
the mean of per-replicate differences to the first scenario with its paired t-interval; it is what
:attr:`~yingzao.experiments.compare.Comparison.stats` holds. SciPy is imported only when an
interval is computed, to keep ``yingzao --help`` quick.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

# Summary keys that are settings rather than outcomes: no statistics for them.
NOT_OUTCOMES = {"residents", "withdrawal_month", "posterior_set"}
IDS = ("scenario", "replicate", "seed")
STATS_COLUMNS = [
    "scenario",
    "metric",
    "n",
    "mean",
    "ci_low",
    "ci_high",
    "n_pairs",
    "diff",
    "diff_low",
    "diff_high",
]


def none_to_nan(df: pd.DataFrame) -> pd.DataFrame:
    """Columns of numbers with gaps (None) become float columns with NaN."""
    for c in df.columns:
        col = df[c]
        if col.dtype != object:
            continue
        vals = col.dropna()
        numeric = vals.map(
            lambda v: isinstance(v, int | float | np.number) and not isinstance(v, bool | np.bool_)
        )
        if numeric.all():
            df[c] = pd.to_numeric(col, errors="coerce").astype(float)
    return df


def unique_labels(names: list[str]) -> list[str]:
    """Names made unique: the second 'baseline' becomes 'baseline (2)'."""
    used = set(names)
    out: list[str] = []
    for name in names:
        if name not in out:
            out.append(name)
            continue
        k = 2
        while f"{name} ({k})" in used:
            k += 1
        out.append(f"{name} ({k})")
        used.add(out[-1])
    return out


def t_interval(x: Iterable[float], level: float = 0.95) -> tuple[float, float, float, int]:
    """Mean and two-sided t-interval of the non-NaN values: ``(mean, low, high, n)``.

    One value gives a NaN interval, none a NaN mean; identical values give ``[mean, mean]``.
    """
    a = np.asarray(list(x) if not isinstance(x, np.ndarray | pd.Series) else x, dtype=float)
    a = a[~np.isnan(a)]
    n = int(a.size)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    m = float(a.mean())
    if n == 1:
        return m, math.nan, math.nan, 1
    from scipy import stats  # lazy: SciPy's statistics take a while to import

    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * a.std(ddof=1) / math.sqrt(n))
    return m, m - half, m + half, n


def cut_interval(lo: float, hi: float, low: float, high: float) -> tuple[float, float]:
    """The interval ``[lo, hi]`` cut at what its measure can take, ``[low, high]`` (NaN stays)."""
    if math.isnan(lo) or math.isnan(hi):
        return lo, hi
    return min(max(lo, low), high), max(min(hi, high), low)


def outcome_metrics(summaries: pd.DataFrame) -> list[str]:
    """Numeric outcome columns of the summaries that have a value in some run."""
    out = []
    for c in summaries.columns:
        col = summaries[c]
        if c in IDS or c in NOT_OUTCOMES or col.dtype == bool:
            continue
        if pd.api.types.is_numeric_dtype(col) and col.notna().any():
            out.append(c)
    return out


def stats_table(summaries: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    """One row per metric x scenario: mean and 95% t-interval, paired difference to the first.

    The columns are :data:`STATS_COLUMNS`; see
    :attr:`~yingzao.experiments.compare.Comparison.stats` for their meaning.
    """
    rows = []
    for metric in outcome_metrics(summaries):
        wide = summaries.pivot(index="replicate", columns="scenario", values=metric)
        ref = wide[labels[0]].astype(float)
        for k, label in enumerate(labels):
            x = wide[label].astype(float)
            mean, lo, hi, n = t_interval(x.to_numpy())
            row = {"scenario": label, "metric": metric, "n": n}
            row.update(mean=mean, ci_low=lo, ci_high=hi)
            if k == 0:
                row.update(n_pairs=0, diff=math.nan, diff_low=math.nan, diff_high=math.nan)
            else:
                d, dlo, dhi, npairs = t_interval((x - ref).to_numpy())
                row.update(n_pairs=npairs, diff=d, diff_low=dlo, diff_high=dhi)
            rows.append(row)
    return pd.DataFrame(rows, columns=STATS_COLUMNS)


def plain(v: Any) -> Any:
    """A numpy scalar as a Python value, and NaN or infinity as None (for JSON)."""
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def stats_records(stats: pd.DataFrame) -> list[dict[str, Any]]:
    """The statistics as plain records (NaN as None), e.g. for JSON."""
    recs = stats.to_dict("records")
    return [{k: plain(v) for k, v in r.items()} for r in recs]
