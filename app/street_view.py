"""Streets (街道) in the app: a street case's runs, and a view of its communities.

A street runs every community of it (each an ordinary community with its own seed, sharing one
grants budget); the what-if sentences read the street's totals, and this view shows the
communities side by side: a tile per community, its area the community's size, its colour its
functional groups per 1,000 residents, and a table of the same numbers.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from yingzao.app.charts import _fonts, chart_lang
from yingzao.app.i18n import t
from yingzao.experiments.compare import Comparison
from yingzao.scenarios import Scenario, builtin_names, load

import yingzao


@functools.cache
def streets() -> tuple[str, ...]:
    """Built-in street scenarios (more than one community)."""
    return tuple(n for n in builtin_names() if load(n).values["street.communities"] > 1)


def is_street(name: str) -> bool:
    """Whether a built-in case is a street."""
    return name in streets()


def run_street(
    scn: Scenario,
    reps: int,
    label: str,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Comparison, list[list[dict]]]:
    """Paired street runs (seeds 0..reps-1); also each run's communities.

    ``progress(done, total)`` is called after each run and may raise to stop.
    """
    outputs, communities = [], []
    for rep in range(reps):
        res = yingzao.simulate(scn, seed=rep)
        outputs.append((label, rep, rep, res.series, res.summary))
        communities.append(res.communities)
        if progress is not None:
            progress(rep + 1, reps)
    cmp = Comparison.from_runs(outputs, [label], list(range(reps)), [scn])
    return cmp, communities


def community_table(communities: list[list[dict]]) -> pd.DataFrame:
    """One row per community of the first run: profile, residents and its outcomes.

    Each run draws the street's communities afresh from its seed (their kinds and sizes), so
    the communities of two runs are not the same places: the view shows the first run's street.
    """
    rows = []
    for rep, comms in enumerate(communities[:1]):
        for c in comms:
            s = c["summary"]
            n = max(int(c["residents"]), 1)
            rows.append(
                {
                    "community": int(c["community"]) + 1,
                    "profile": c["profile"],
                    "residents": n,
                    "functional": float(s["orgs_functional"]),
                    "per_1000": 1000.0 * float(s["orgs_functional"]) / n,
                    "active": 100.0 * float(s.get("active_share", s["participation_rate"])),
                    "registered": float(s.get("registered_per_1000") or 0.0),
                    "rep": rep,
                }
            )
    df = pd.DataFrame(rows)
    keep = ["community", "profile", "residents"]
    return df.groupby(keep, as_index=False)[
        ["functional", "per_1000", "active", "registered"]
    ].mean()


def figure(table: pd.DataFrame, lang: str) -> Figure:
    """A tile per community in street order: area by residents, colour by groups per 1,000."""
    lang = chart_lang(lang)
    n = len(table)
    cols = max(1, math.ceil(math.sqrt(n * 1.8)))
    fig = Figure(figsize=(10, 4.8), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_aspect("equal")
    norm = Normalize(0, max(1e-9, float(table["per_1000"].max())))
    cmap = ScalarMappable(norm=norm, cmap="Greens")
    big = float(table["residents"].max())
    for k, row in enumerate(table.itertuples()):
        r, c = divmod(k, cols)
        side = 0.92 * math.sqrt(row.residents / big)
        x, y = c + (1 - side) / 2, -r + (1 - side) / 2
        ax.add_patch(
            Rectangle((x, y), side, side, color=cmap.to_rgba(row.per_1000), ec="#555", lw=0.6)
        )
        text = f"{row.community}\n{row.functional:.0f}"
        dark = row.per_1000 > 0.6 * norm.vmax
        ax.text(
            c + 0.5,
            -r + 0.5,
            text,
            ha="center",
            va="center",
            fontsize=7,
            color="white" if dark else "#222",
        )
    rows = math.ceil(n / cols)
    ax.set_xlim(0, cols)
    ax.set_ylim(-rows + 1, 1)
    bar = fig.colorbar(cmap, ax=ax, shrink=0.8)
    bar.set_label(t("street.per_1000", lang))
    ax.set_title(t("street.figure_title", lang), fontsize=10)
    _fonts(fig, lang)
    return fig


def table_markdown(table: pd.DataFrame, lang: str) -> str:
    """The table for the page, in ``lang``."""
    cols = ("community", "profile", "residents", "functional", "per_1000", "active", "registered")
    head = "| " + " | ".join(t(f"street.col.{c}", lang) for c in cols) + " |"
    out = [head, "|" + "---|" * len(cols)]
    for r in table.itertuples():
        out.append(
            f"| {r.community} | {t(f'profile.{r.profile}', lang)} | {r.residents:,} | "
            f"{r.functional:.1f} | {r.per_1000:.2f} | {r.active:.1f} | {r.registered:.2f} |"
        )
    return "\n".join(out)


def spread(table: pd.DataFrame) -> tuple[float, float]:
    """The lowest and highest functional groups per 1,000 residents among the communities."""
    x = table["per_1000"].to_numpy(float)
    return (float(np.min(x)), float(np.max(x))) if x.size else (np.nan, np.nan)
