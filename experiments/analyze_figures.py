"""Figures of ``yingzao analyze``: Morris mu*-sigma, Sobol bars, response curves, PRIM trade-off.

Each function takes the tables of :class:`~yingzao.experiments.analyze.Analysis`, returns a
Matplotlib figure and, given a path, saves it. They draw with Matplotlib's object API (no pyplot
state), so they are safe in servers; only the PRIM trade-off is drawn by the EMA Workbench, which
uses pyplot, and is closed there after drawing.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from yingzao.experiments.analyze_prim import PrimResult

__all__ = ["morris_figure", "prim_figure", "response_figure", "sobol_figure"]


def _panels(n: int, width: float = 4.6, height: float = 3.8) -> tuple[Figure, list[Axes]]:
    """A figure with ``n`` panels, up to three a row; unused panels hidden."""
    from matplotlib.figure import Figure

    ncols = max(1, min(n, 3))
    nrows = max(1, math.ceil(n / ncols))
    fig = Figure(figsize=(width * ncols, height * nrows), layout="constrained")
    axes = list(fig.subplots(nrows, ncols, squeeze=False).ravel())
    for ax in axes[n:]:
        ax.set_visible(False)
    return fig, axes[:n]


def _save(fig: Figure, path: str | Path | None) -> Figure:
    if path is not None:
        fig.savefig(Path(path), dpi=110)
    return fig


def morris_figure(morris: pd.DataFrame, path: str | Path | None = None) -> Figure:
    """mu* against sigma per parameter, with mu*'s 95% interval; one panel per output."""
    outputs = list(dict.fromkeys(morris["output"]))
    fig, axes = _panels(len(outputs))
    for ax, out in zip(axes, outputs, strict=True):
        d = morris[morris["output"] == out]
        ax.errorbar(
            d["mu_star"], d["sigma"], xerr=d["mu_star_conf"], fmt="o", color="C0", capsize=3
        )
        for r in d.itertuples():
            ax.annotate(
                r.parameter,
                (r.mu_star, r.sigma),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=8,
            )
        top = float(np.nanmax([(d["mu_star"] + d["mu_star_conf"]).max(), d["sigma"].max(), 0]))
        top = top * 1.15 or 1.0
        # above the diagonal the effects vary more than their mean size: non-linear or interacting
        ax.plot([0, top], [0, top], ls=":", color="grey", lw=1)
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_xlabel("mu* (mean absolute elementary effect)")
        ax.set_ylabel("sigma (spread of the effects)")
        ax.set_title(out, fontsize=10)
        ax.grid(alpha=0.3)
    fig.suptitle(
        "Morris screening: further right = more influential;\n"
        "above the diagonal = non-linear or interacting; bars = 95% interval of mu*",
        fontsize=9,
    )
    return _save(fig, path)


def sobol_figure(sobol: pd.DataFrame, path: str | Path | None = None) -> Figure:
    """First-order and total Sobol indices with 95% intervals; one panel per output."""
    outputs = list(dict.fromkeys(sobol["output"]))
    fig, axes = _panels(len(outputs))
    for ax, out in zip(axes, outputs, strict=True):
        d = sobol[sobol["output"] == out]
        x = np.arange(len(d))
        w = 0.38
        ax.bar(x - w / 2, d["S1"], w, yerr=d["S1_conf"], capsize=3, label="first order S1")
        ax.bar(x + w / 2, d["ST"], w, yerr=d["ST_conf"], capsize=3, label="total ST")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xticks(x, d["parameter"], rotation=30, ha="right", fontsize=8)
        ax.set_ylabel("share of output variance")
        ax.set_title(out, fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle(
        "Sobol indices: S1 = the parameter alone, ST = with all its interactions;\n"
        "bars = 95% interval",
        fontsize=9,
    )
    return _save(fig, path)


def response_figure(curves: pd.DataFrame, output: str, path: str | Path | None = None) -> Figure:
    """``output`` against each parameter: median of runs per bin and their 10-90% band."""
    d = curves[curves["output"] == output]
    params = list(dict.fromkeys(d["parameter"]))
    fig, axes = _panels(len(params), width=4.0, height=3.2)
    for ax, p in zip(axes, params, strict=True):
        c = d[d["parameter"] == p]
        numeric = c["x"].notna().all()
        x = c["x"].to_numpy(float) if numeric else np.arange(len(c))
        ax.fill_between(x, c["q10"], c["q90"], color="C0", alpha=0.25, lw=0, label="10-90%")
        ax.plot(x, c["q50"], color="C0", lw=2, marker="o", ms=3, label="median")
        if not numeric:
            ax.set_xticks(x, c["label"], rotation=30, ha="right", fontsize=8)
        ax.set_xlabel(p)
        ax.set_ylabel(output)
        ax.grid(alpha=0.3)
    if axes:
        axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle(
        f"{output}: median (line) and 10-90% of runs (band) per bin of each parameter",
        fontsize=9,
    )
    return _save(fig, path)


def prim_figure(result: PrimResult, path: str | Path | None = None) -> Figure:
    """PRIM's coverage-density trade-off (the EMA Workbench's plot) with the chosen box marked."""
    import matplotlib.pyplot as plt  # already imported by the EMA Workbench
    from yingzao.experiments.analyze_prim import _quiet

    with _quiet():
        fig = result.box.show_tradeoff()
    ax = fig.axes[0]
    st = result.stats
    ax.scatter(
        [st["coverage"]],
        [st["density"]],
        s=180,
        facecolors="none",
        edgecolors="red",
        lw=1.5,
        label=f"chosen box {result.chosen}",
    )
    ax.axhline(result.threshold, ls=":", color="grey", lw=1, label="density threshold")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(f"PRIM peeling trajectory, target {result.target}", fontsize=9)
    _save(fig, path)
    plt.close(fig)  # drawn through pyplot: drop pyplot's reference so it does not pile up
    return fig
