"""The figure of a city: its communities as a grid coloured by outcome, and the distribution.

Top: one row per district, its communities left to right street by street (a blank column between
streets), ranked within each street, each cell coloured by functional groups per 1,000 residents
at the run's end; demonstration communities are marked. Below: the share of communities reaching
each threshold over time, and the 10-50-90th percentiles across communities.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

__all__ = ["city_grid", "city_figure"]


def city_grid(by_comm: pd.DataFrame) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The grid's values (NaN: gaps) and the (row, column) of demonstration communities."""
    rows, demo = [], []
    for _, dist in by_comm.groupby("district", sort=True):
        cells: list[float] = []
        for _, st in dist.groupby("street", sort=True):
            st = st.sort_values("functional_per_1000", ascending=False, kind="stable")
            for is_demo, x in zip(st["demo"].fillna(False), st["functional_per_1000"], strict=True):
                if is_demo:
                    demo.append((len(rows), len(cells)))
                cells.append(float(x))
            cells.append(np.nan)
        rows.append(cells[:-1])
    width = max(len(r) for r in rows)
    grid = np.full((len(rows), width), np.nan)
    for i, r in enumerate(rows):
        grid[i, : len(r)] = r
    return grid, demo


def city_figure(
    by_comm: pd.DataFrame, dist: pd.DataFrame, name: str, seed: int, path: str | Path
) -> Path:
    """Draw the city's figure into ``path`` (PNG)."""
    grid, demo = city_grid(by_comm)
    fig = plt.figure(figsize=(11, 9))
    gs = fig.add_gridspec(2, 2, height_ratios=[1.3, 1], hspace=0.35)
    ax = fig.add_subplot(gs[0, :])
    vmax = max(1.0, float(np.nanpercentile(grid, 98)) if np.isfinite(grid).any() else 1.0)
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad="white")
    im = ax.imshow(grid, aspect="auto", cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest")
    if demo:
        r, c = zip(*demo, strict=True)
        ax.scatter(c, r, marker="v", s=14, color="tab:red", label="demonstration community")
        ax.legend(loc="upper right", fontsize=8)
    ax.set_yticks(range(grid.shape[0]))
    ax.set_ylabel("district")
    ax.set_xlabel("communities, street by street (blank: between streets), ranked in each street")
    ax.set_title(
        f"{name} (seed {seed}): {len(by_comm):,} communities, functional groups per 1,000 "
        "residents at the end"
    )
    fig.colorbar(im, ax=ax, fraction=0.025, pad=0.01, label="functional groups per 1,000")
    city = dist[dist["by"] == "city"].sort_values("month")
    ax = fig.add_subplot(gs[1, 0])
    for col in [c for c in city.columns if c.startswith("share_")]:
        ax.plot(city["month"], 100 * city[col], lw=2, label=f">= {col[6:]} per 1,000")
    ax.set_xlabel("month")
    ax.set_ylabel("communities reaching (%)")
    ax.set_ylim(0, 100)
    ax.legend(fontsize=8)
    ax.set_title("share of communities reaching", fontsize=10)
    ax = fig.add_subplot(gs[1, 1])
    ax.fill_between(city["month"], city["p10"], city["p90"], alpha=0.3, label="10-90%")
    ax.plot(city["month"], city["p50"], lw=2, label="median")
    ax.set_xlabel("month")
    ax.set_ylabel("functional groups per 1,000")
    ax.legend(fontsize=8)
    ax.set_title("across communities", fontsize=10)
    path = Path(path)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
