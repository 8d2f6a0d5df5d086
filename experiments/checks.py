"""The building blocks of the validation: per-arm data, a check, and a pattern of checks.

A check names its statistic, its test and its threshold, and passes only if the whole 95% interval
clears the threshold (a one-sided test at the 2.5% level). A check marked ``definitional`` follows
from a rule's arithmetic (it says what the rule means, not that the model found it) and is
reported as such.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats


@dataclass
class Data:
    """Per-arm summaries and series, indexed by seed (paired across arms)."""

    summaries: dict[str, pd.DataFrame]
    series: dict[str, pd.DataFrame]

    def at(self, arm: str, month: int, col: str) -> np.ndarray:
        """Per-replicate value of a series column at a month, ordered by seed."""
        s = self.series[arm]
        return s[s["month"] == month].sort_values("seed")[col].to_numpy(float)

    def summary(self, arm: str, col: str) -> np.ndarray:
        """Per-replicate summary value, ordered by seed (None -> NaN)."""
        s = self.summaries[arm].sort_values("seed")[col]
        return pd.to_numeric(s, errors="coerce").to_numpy(float)

    def survival(self, arm: str, h: int = 24, of: str = "withdrawal") -> np.ndarray:
        """Share of a cohort of functional groups still alive ``h`` months later.

        ``of``: ``withdrawal`` (alive when the money stopped) or ``cohort`` (alive at the arm's
        ``run.cohort_month``, with or without a withdrawal then).
        """
        at = self.summary(arm, f"functional_at_{of}")
        suffix = "" if of == "withdrawal" else f"_{of}"
        alive = self.summary(arm, f"functional_alive_{h}m_after{suffix}")
        return np.where(at > 0, alive / np.where(at > 0, at, 1), np.nan)


@dataclass
class Check:
    """One statement: ``statistic`` compared with ``threshold`` in direction ``kind``.

    ``kind``: ``"above"`` (the interval's lower end must exceed the threshold) or ``"below"``
    (its upper end must stay under it). ``paired`` statistics are per-replicate differences.
    """

    text: str
    statistic: str
    values: Callable[[Data], np.ndarray]
    kind: str
    threshold: float
    why: str
    paired: bool = False
    definitional: bool = False
    result: dict = field(default_factory=dict)

    def evaluate(self, d: Data) -> dict:
        """Mean, 95% interval, test p-value, effect size and the verdict."""
        x = self.values(d)
        x = x[np.isfinite(x)]
        n = x.size
        mean = float(x.mean()) if n else float("nan")
        sd = float(x.std(ddof=1)) if n > 1 else 0.0
        half = float(stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)) if n > 1 else 0.0
        lo, hi = mean - half, mean + half
        if n > 1 and sd > 0:
            alt = "greater" if self.kind == "above" else "less"
            p = float(stats.ttest_1samp(x, self.threshold, alternative=alt).pvalue)
        else:
            ok0 = mean > self.threshold if self.kind == "above" else mean < self.threshold
            p = 0.0 if ok0 else 1.0
        passed = lo > self.threshold if self.kind == "above" else hi < self.threshold
        effect = (mean - self.threshold) / sd if sd > 0 else float("inf")
        self.result = {
            "n": n,
            "mean": mean,
            "ci_low": lo,
            "ci_high": hi,
            "p": p,
            "effect": effect,
            "pass": bool(passed),
        }
        return self.result


@dataclass
class PatternSpec:
    """A field pattern and its checks."""

    number: int
    claim: str
    checks: list[Check]

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return all(c.result.get("pass") for c in self.checks)


def _diff(a: Callable[[Data], np.ndarray], b: Callable[[Data], np.ndarray]):
    return lambda d: b(d) - a(d)
