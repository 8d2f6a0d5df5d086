"""The validation suite: the six field patterns of DOMAIN.md as explicit statistical statements.

Every arm is run with the same seeds (replicate i uses seed i everywhere), so comparisons are
paired. Each pattern is one or more checks; a check names its statistic, its test and its
threshold, and passes only if the whole 95% interval clears the threshold (a one-sided test at
the 2.5% level). Thresholds are read from the field reports and papers cited with each check;
they are deliberately modest where the field gives only a direction ("far fewer", "clearly").
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from yingzao.experiments.field_cases import case_table
from yingzao.experiments.group_figures import group_size_figure
from yingzao.experiments.replicate import replicate
from yingzao.experiments.validation_report import markdown_report, status_record, text_report

# The arms: (label, scenario, overrides). Months are each scenario's own run.months.
ARMS: dict[str, tuple[str, dict | None]] = {
    "baseline": ("baseline", None),
    "incubation": ("incubation", None),
    "procurement": ("procurement", None),
    "support-3y": ("support-3y", None),
    "support-8y": ("support-8y", None),
    "exit+federation": ("incubation", {"withdrawal.month": 36}),
    "exit-no-federation": ("incubation", {"withdrawal.month": 36, "ngo.federation": False}),
    "substitution": ("substitution", None),
}


FIGURE_SEEDS = 10  # seeds of the group-size figure (its runs are in this process)


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

    def survival(self, arm: str, h: int = 24) -> np.ndarray:
        """Share of the functional groups alive at withdrawal still alive ``h`` months later."""
        at = self.summary(arm, "functional_at_withdrawal")
        alive = self.summary(arm, f"functional_alive_{h}m_after")
        return np.where(at > 0, alive / np.where(at > 0, at, 1), 0.0)


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


def patterns() -> list[PatternSpec]:
    """The six patterns of DOMAIN.md with their checks."""
    at = Data.at
    return [
        PatternSpec(
            1,
            "With no outside support, groups are mostly recreational and functional "
            "groups stay few and small.",
            [
                Check(
                    "baseline service (functional) share of registered groups at month 119",
                    "mean share",
                    lambda d: at(d, "baseline", 119, "registered_service_share"),
                    "below",
                    0.25,
                    "field: before incubation almost all (registered) groups were recreational "
                    "(Changqing); the field counts registered groups, so the model does too; "
                    "'mostly recreational' read as under a quarter functional",
                ),
                Check(
                    "baseline mean functional group size at month 119",
                    "mean members",
                    lambda d: at(d, "baseline", 119, "mean_functional_group_size"),
                    "below",
                    8.0,
                    "field: a lone leader's team stayed at 3 members for 20 years; coached teams "
                    "reach 20+; 'small' read as under 8 members",
                ),
                Check(
                    "incubation minus baseline: functional groups at month 119",
                    "paired diff",
                    _diff(
                        lambda d: at(d, "baseline", 119, "orgs_functional"),
                        lambda d: at(d, "incubation", 119, "orgs_functional"),
                    ),
                    "above",
                    0.0,
                    "'few' relative to what support achieves",
                    paired=True,
                ),
            ],
        ),
        PatternSpec(
            2,
            "Incubation with accompaniment over about 3 years raises the functional "
            "share of groups to roughly a third and grows coached groups several-fold.",
            [
                Check(
                    "incubation minus baseline: functional share at month 35 (contract end)",
                    "paired diff",
                    _diff(
                        lambda d: at(d, "baseline", 35, "functional_share"),
                        lambda d: at(d, "incubation", 35, "functional_share"),
                    ),
                    "above",
                    0.0,
                    "incubation raises the share",
                    paired=True,
                ),
                Check(
                    "incubation functional share at month 35",
                    "mean share",
                    lambda d: at(d, "incubation", 35, "functional_share"),
                    "above",
                    0.2,
                    "field: about 30% service-type groups after NPI's 3 years in Changqing; "
                    "'roughly a third' read as at least a fifth",
                ),
                Check(
                    "incubation: median growth of coached groups (peak / size when first coached)",
                    "ratio",
                    lambda d: d.summary("incubation", "coached_growth"),
                    "above",
                    3.0,
                    "field: a coached volunteer team grew from 3 to 20+ members; 'several-fold' "
                    "read as more than 3x",
                ),
            ],
        ),
        PatternSpec(
            3,
            "Procurement alone meets needs while it is paid for, grows few groups, "
            "and the service collapses when the money stops.",
            [
                Check(
                    "procurement minus baseline: needs met at month 35 (paid)",
                    "paired diff",
                    _diff(
                        lambda d: at(d, "baseline", 35, "needs_met"),
                        lambda d: at(d, "procurement", 35, "needs_met"),
                    ),
                    "above",
                    0.1,
                    "'meets needs while paid': at least 10 points more needs met",
                    paired=True,
                ),
                Check(
                    "procurement minus baseline: functional groups at month 35",
                    "paired diff",
                    _diff(
                        lambda d: at(d, "baseline", 35, "orgs_functional"),
                        lambda d: at(d, "procurement", 35, "orgs_functional"),
                    ),
                    "below",
                    0.5,
                    "'grows few groups': not more functional groups than without",
                    paired=True,
                ),
                Check(
                    "procurement: needs-met gain over baseline kept 12 months after the money "
                    "stops (month 47 gain / month 35 gain)",
                    "share kept",
                    lambda d: (
                        (at(d, "procurement", 47, "needs_met") - at(d, "baseline", 47, "needs_met"))
                        / np.maximum(
                            at(d, "procurement", 35, "needs_met")
                            - at(d, "baseline", 35, "needs_met"),
                            1e-9,
                        )
                    ),
                    "below",
                    0.33,
                    "'the service collapses': less than a third of the gain kept",
                ),
            ],
        ),
        PatternSpec(
            4,
            "Withdrawing outside money after 2-3 years of support loses most "
            "functional groups; withdrawing after about 8 years loses far fewer.",
            [
                Check(
                    "support-3y: share of functional groups alive 24 months after withdrawal",
                    "mean share",
                    lambda d: d.survival("support-3y"),
                    "below",
                    0.5,
                    "'loses most': fewer than half survive two years",
                ),
                Check(
                    "support-8y minus support-3y: that share",
                    "paired diff",
                    _diff(lambda d: d.survival("support-3y"), lambda d: d.survival("support-8y")),
                    "above",
                    0.15,
                    "'far fewer' lost: at least 15 points more survive",
                    paired=True,
                ),
            ],
        ),
        PatternSpec(
            5,
            "Where a federation has formed before the NGO leaves, more functional "
            "groups survive its exit.",
            [
                Check(
                    "with minus without federation: share of functional groups alive 24 months "
                    "after the NGO's exit (money withdrawn at exit)",
                    "paired diff",
                    _diff(
                        lambda d: d.survival("exit-no-federation"),
                        lambda d: d.survival("exit+federation"),
                    ),
                    "above",
                    0.0,
                    "Rogers & Coates 2015 (linkages); Ostrom 1990 principle 8",
                    paired=True,
                ),
            ],
        ),
        PatternSpec(
            6,
            "NGOs that substitute grow clearly fewer lasting groups than NGOs that "
            "incubate, for the same money.",
            [
                Check(
                    "substitution / incubation: functional groups alive at month 119 (7 years "
                    "after the NGO left)",
                    "ratio of means per replicate",
                    lambda d: (
                        at(d, "substitution", 119, "orgs_functional")
                        / np.maximum(at(d, "incubation", 119, "orgs_functional"), 1)
                    ),
                    "below",
                    0.7,
                    "field: Chengdu dropped half of 100 funded NGO projects for "
                    "substituting; 'clearly fewer' read as under 70%",
                ),
            ],
        ),
    ]


def extras(d: Data) -> dict[str, float]:
    """Figures reported beside the checks (not tested): the all-groups view and group growth."""

    def mean(x: np.ndarray) -> float:
        x = x[np.isfinite(x)]
        return float(x.mean()) if x.size else float("nan")

    return {
        "baseline functional share of all groups, month 119": mean(
            d.at("baseline", 119, "functional_share")
        ),
        "incubation: share of coached groups grown >= 3x from their size when first coached": mean(
            d.summary("incubation", "coached_grew_3x_share")
        ),
        "incubation: coached groups that reached 20 members, per run": mean(
            d.summary("incubation", "coached_reached_20")
        ),
        "baseline: median peak size of functional groups never coached or funded": mean(
            d.summary("baseline", "uncoached_functional_peak_median")
        ),
        "support-3y: functional groups alive at withdrawal, per run": mean(
            d.summary("support-3y", "functional_at_withdrawal")
        ),
    }


def collect(reps: int, workers: int | None = None, seeds: list[int] | None = None) -> Data:
    """Run every arm with the same seeds."""
    seeds = list(seeds if seeds is not None else range(reps))
    summ, ser = {}, {}
    for label, (scenario, ov) in ARMS.items():
        s, se = replicate(scenario, seeds, ov, workers=workers)
        summ[label], ser[label] = s, se
    return Data(summ, ser)


def run_validation(
    reps: int = 30, workers: int | None = None, cases: bool = False
) -> tuple[list[PatternSpec], dict]:
    """Run the suite (and, with ``cases``, the field-case table); returns patterns and info."""
    t0 = time.perf_counter()
    data = collect(reps, workers)
    pats = patterns()
    for p in pats:
        for c in p.checks:
            c.evaluate(data)
    info = {"reps": reps, "date": _dt.date.today().isoformat(), "arms": ARMS}
    if cases:
        info["cases"] = case_table(reps, workers)
    info["extras"] = extras(data)
    info["seconds"] = time.perf_counter() - t0
    return pats, info


def validate(reps: int = 30, out: str | Path | None = None, workers: int | None = None) -> str:
    """Run the suite, write the Markdown report to ``out`` if given; return the text report.

    The report file also gets the field-case table and a figure of group sizes (written beside
    it); the returned text has the patterns only.
    """
    pats, info = run_validation(reps, workers, cases=out is not None)
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        fig = Path(out).with_name(Path(out).stem + "-group-sizes.png")
        group_size_figure("incubation", range(min(reps, FIGURE_SEEDS)), fig)
        info["figure"] = fig.name
        Path(out).write_text(markdown_report(pats, info), encoding="utf-8")
        status = json.dumps(status_record(pats, info), indent=1, ensure_ascii=False)
        Path(out).with_suffix(".json").write_text(status + "\n", encoding="utf-8")
    return text_report(pats, info)
