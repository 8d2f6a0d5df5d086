"""Figures of runs: groups, participation and money over time, with policy marks."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _marks(ax, marks) -> None:
    for month, label in marks:
        style = "-" if label == "withdrawal" else ":"
        ax.axvline(month, color="0.35", lw=1, ls=style)


def run_figure(result, path: str | Path) -> Path:
    """Three panels for one run: groups, participation and needs met, money.

    Vertical lines mark policy starts and ends (dotted) and the withdrawal (solid).
    """
    s = result.series
    fig, axes = plt.subplots(3, 1, figsize=(8, 8.5), sharex=True)
    ax = axes[0]
    ax.plot(s["month"], s["orgs_functional"], color="tab:red", lw=2, label="functional groups")
    ax.plot(s["month"], s["orgs_recreational"], color="tab:blue", lw=2, label="recreational groups")
    ax.set_ylabel("groups alive")
    ax.set_title(f"{result.scenario} (seed {result.seed})")
    ax = axes[1]
    ax.plot(
        s["month"],
        100 * s["participation_rate"],
        color="tab:green",
        lw=2,
        label="residents doing public work, last 3 months (%)",
    )
    ax.plot(s["month"], 100 * s["needs_met"], color="tab:purple", lw=2, label="needs met (%)")
    ax.set_ylabel("percent")
    ax = axes[2]
    ax.plot(
        s["month"],
        s["outside_money_month"] / 1000,
        color="tab:orange",
        lw=2,
        label="outside money this month",
    )
    ax.plot(
        s["month"],
        s["resident_money_raised"].diff().fillna(0) / 1000,
        color="tab:brown",
        lw=2,
        label="resident money this month",
    )
    ax.set_ylabel("thousand yuan")
    ax.set_xlabel("month")
    for ax in axes:
        _marks(ax, result.marks)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
    if result.marks:
        labels = ", ".join(f"{lab} @{mo}" for mo, lab in result.marks)
        fig.text(0.01, 0.005, "marks: " + labels, fontsize=7, color="0.35")
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
