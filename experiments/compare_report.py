"""Reporting a paired comparison for people: the plain-text table and the figure over months.

:func:`text_table` writes, per headline metric, every scenario's mean [95% CI] and its paired
difference to the first scenario; :func:`draw_figure` draws the median and 10-90% band of
replicates over months. Both take a :class:`~yingzao.experiments.compare.Comparison` and back its
``table()`` and ``figure()`` methods. Matplotlib is imported only when a figure is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from yingzao.experiments.compare_stats import IDS, cut_interval
from yingzao.experiments.posterior import describe

from yingzao.errors import InputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from yingzao.experiments.compare import Comparison

# The metrics of the plain-text table, with the words people read.
HEADLINE = {
    "orgs_functional": "functional groups alive at the end",
    "functional_share": "share of groups that are functional",
    "participation_rate": "residents doing public work (last 3 months)",
    "needs_met": "needs met",
    "federation_members": "federation members",
    "outside_money_spent": "outside money spent (yuan)",
    "functional_alive_24m_after": "functional groups alive 24 months after withdrawal",
}
# Proportions shown as percentages (differences in percentage points).
_SHARES = {"functional_share", "participation_rate", "recreation_rate", "needs_met"}
# What a metric can take, where the table knows it: a share lies in 0-1, a count or a sum of
# money is never negative. A t-interval from few replicates can reach past it; the table cuts it
# there (and says so). Other metrics' intervals are shown as they are.
_RANGE = {
    **{k: (0.0, 1.0) for k in _SHARES},
    "orgs_functional": (0.0, math.inf),
    "federation_members": (0.0, math.inf),
    "outside_money_spent": (0.0, math.inf),
    "functional_alive_24m_after": (0.0, math.inf),
}
# Series panels of the figure: (column, axis label, scale).
_PANELS = (
    ("orgs_functional", "functional groups alive", 1.0),
    ("orgs_recreational", "recreational groups alive", 1.0),
    ("participation_rate", "residents doing public work (%)", 100.0),
    ("needs_met", "needs met (%)", 100.0),
)


# --- the text table --------------------------------------------------------------------------


def text_table(cmp: Comparison, metrics: Sequence[str] | None = None) -> str:
    """Plain text for people: per scenario the mean [95% CI] and the paired difference.

    Args:
        cmp: The comparison.
        metrics: Summary keys to show (default: :data:`HEADLINE`); metrics without any value
            (e.g. survival after a withdrawal that never happens) are left out.

    Raises:
        InputError: a metric asked for is not a summary key.

    """
    st = cmp.stats
    ref = cmp.labels[0]
    keys = list(HEADLINE) if metrics is None else list(metrics)
    unknown = [k for k in keys if k not in cmp.summaries.columns or k in IDS]
    if metrics is not None and unknown:
        raise InputError(f"unknown metric {unknown[0]!r}; metrics: {', '.join(cmp.metrics())}")
    shown = [k for k in keys if (st["metric"] == k).any()]
    lines = [header(cmp)]
    w = max(len(lab) for lab in cmp.labels)
    marked = cut = False
    for key in shown:
        block = st[st["metric"] == key].set_index("scenario")
        digits = _digits(key, block["mean"])
        lines += ["", HEADLINE.get(key, key)]
        cells = []
        for lab in cmp.labels:
            r = block.loc[lab]
            low, high = _RANGE.get(key, (-math.inf, math.inf))
            lo, hi = cut_interval(r.ci_low, r.ci_high, low, high)
            d_lo, d_hi = cut_interval(r.diff_low, r.diff_high, low - high, high - low)
            raw = [r.ci_low, r.ci_high, r.diff_low, r.diff_high]
            cut = cut or not np.array_equal([lo, hi, d_lo, d_hi], raw, equal_nan=True)
            cell = [_num(key, r["mean"], digits), _ci(key, lo, hi, digits), "", ""]
            if lab != ref:
                cell[2] = _num(key, r["diff"], digits, sign=True)
                cell[3] = _ci(key, d_lo, d_hi, digits, sign=True)
                if r.diff_low > 0 or r.diff_high < 0:  # NaN compares False: no mark
                    cell[3] += " *"
                    marked = True
            cells.append((lab, *cell))
        # numbers right-aligned, intervals left-aligned, so that columns line up
        vw, cw, dw = (max(len(c[i]) for c in cells) for i in (1, 2, 3))
        for lab, val, ci, dval, dci in cells:
            line = f"  {lab:<{w}}  {val:>{vw}} {ci:<{cw}}"
            if dval:
                line += f"   {dval:>{dw}} {dci}"
            lines.append(line.rstrip())
    if not shown:
        lines += ["", "(none of the metrics asked for has a value in these runs)"]
    if marked:
        lines += ["", f"* the 95% interval of the difference to {ref} excludes 0"]
    if cut:
        lines += [
            "",
            "Some intervals reached past what the measure can take (a share beyond 0-100%, a",
            "count below 0) and are cut there; so wide an interval says that more replicates",
            "(--reps) are needed.",
        ]
    return "\n".join(lines)


def header(cmp: Comparison) -> str:
    """The table's opening lines: scenarios, replicates, seeds, months and how to read it."""
    n_sc, reps = len(cmp.labels), cmp.reps
    months = cmp.months_by_scenario()
    span = sorted(set(months.values()))
    run = f"{span[0]} months" if len(span) == 1 else f"{span[0]}-{span[-1]} months"
    head = [
        f"{n_sc} scenario{'s' if n_sc > 1 else ''} x {reps} replicate{'s' if reps > 1 else ''}"
        f" ({_seeds_text(cmp.seeds)}), {run}.",
    ]
    if n_sc > 1:
        head += [
            "Replicate i uses the same seed in every scenario, so differences are paired.",
            "Values at the end of the run: mean [95% confidence interval], then the",
            f"difference to {cmp.labels[0]} (mean of per-replicate differences) [95% CI].",
        ]
    else:
        head.append("Mean [95% confidence interval] at the end of the run.")
    head.append(describe(cmp.posterior_sets))
    if len(span) > 1:
        each = ", ".join(f"{lab} {m}" for lab, m in months.items())
        head.append(
            f"Note: run lengths differ ({each}); "
            "run them for the same months to compare like with like."
        )
    return "\n".join(head)


def _seeds_text(seeds: list[int]) -> str:
    if len(seeds) == 1:
        return f"seed {seeds[0]}"
    if seeds == list(range(seeds[0], seeds[0] + len(seeds))):
        return f"seeds {seeds[0]}-{seeds[-1]}"
    shown = ", ".join(map(str, seeds[:5]))
    return f"seeds {shown}{', ...' if len(seeds) > 5 else ''}"


def _digits(key: str, means: pd.Series) -> int:
    """Decimals for one metric, from the size of its means (shares are in percent)."""
    if key in _SHARES:
        return 1
    top = float(np.nanmax(np.abs(means.to_numpy(dtype=float)))) if means.notna().any() else 0.0
    return 0 if top >= 100 else 1 if top >= 10 else 2


def _r(v: float, digits: int) -> float:
    return round(v, digits) + 0.0  # + 0.0 turns -0.0 into 0.0, which people misread


def _num(key: str, v: float, digits: int, sign: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "-"
    plus = "+" if sign else ""
    if key in _SHARES:
        return f"{_r(100 * v, digits):{plus}.{digits}f}" + (" pp" if sign else "%")
    return f"{_r(v, digits):{plus},.{digits}f}"


def _ci(key: str, lo: float, hi: float, digits: int, sign: bool = False) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return "[no interval]"
    if key in _SHARES:  # the unit is on the value already
        plus = "+" if sign else ""
        return f"[{_r(100 * lo, digits):{plus}.{digits}f}, {_r(100 * hi, digits):{plus}.{digits}f}]"
    return f"[{_num(key, lo, digits, sign)}, {_num(key, hi, digits, sign)}]"


# --- the figure ------------------------------------------------------------------------------


def draw_figure(cmp: Comparison, path: str | Path | None = None) -> Figure:
    """Panels over months: per scenario the median across replicates and a 10-90% band.

    Args:
        cmp: The comparison.
        path: Where to save the figure (PNG, or any format Matplotlib knows by suffix).

    Returns:
        The Matplotlib figure (no pyplot state is touched, so this is safe in servers).

    """
    from matplotlib.figure import Figure

    panels = [p for p in _PANELS if p[0] in cmp.series.columns]
    fig = Figure(figsize=(11, 7.5), layout="constrained")
    axes = fig.subplots(2, 2, sharex=True, squeeze=False).ravel()
    for ax, (col, ylabel, scale) in zip(axes, panels, strict=False):
        for k, lab in enumerate(cmp.labels):
            g = cmp.series.loc[cmp.series["scenario"] == lab].groupby("month")[col]
            q = g.quantile([0.1, 0.5, 0.9]).unstack() * scale
            color = f"C{k % 10}"
            ax.fill_between(q.index, q[0.1], q[0.9], color=color, alpha=0.2, lw=0)
            ax.plot(q.index, q[0.5], color=color, lw=2, label=lab)
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    for ax in axes[-2:]:
        ax.set_xlabel("month")
    axes[0].legend(loc="upper left", fontsize=8, frameon=False)
    fig.suptitle(
        f"{cmp.reps} paired replicate{'s' if cmp.reps > 1 else ''} per scenario: "
        "median (line) and 10-90% of replicates (band)",
        fontsize=10,
    )
    if path is not None:
        fig.savefig(Path(path), dpi=110)
    return fig
