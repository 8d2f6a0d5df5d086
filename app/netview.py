"""The workshop's network picture: residents by building, coloured by engagement, groups outlined.

The layout is computed once per model (buildings on a grid in street order, residents of a
building on a sunflower spiral so households sit together): O(n), no force layout. One Matplotlib
figure is kept per model and only its colours and outlines change between frames.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from scipy.spatial import ConvexHull, QhullError
from yingzao.app.charts import chart_lang, cjk_font, png
from yingzao.app.i18n import t
from yingzao.model.state import REC

COLORS = {
    "idle": "#d9d9d9",
    "member": "#6baed6",
    "public": "#fd8d3c",
    "leader": "#a50f15",
    "functional": "#238b45",
    "recreational": "#8c8c8c",
}
_GOLDEN = math.pi * (3 - math.sqrt(5))
DPI = 90  # the cached background is drawn at this resolution, so frames must use it too


def layout(building: np.ndarray) -> np.ndarray:
    """Positions ``(n, 2)`` for residents given their building ids (0..B-1, in street order)."""
    n = building.size
    nb = int(building.max()) + 1 if n else 0
    cols = max(1, math.ceil(math.sqrt(nb)))
    b = np.arange(nb)
    row, col = b // cols, b % cols
    col = np.where(row % 2 == 1, cols - 1 - col, col)  # snake: neighbours in street order adjoin
    centre = np.c_[col, -row].astype(float)
    order = np.argsort(building, kind="stable")
    start = np.r_[0, np.cumsum(np.bincount(building, minlength=nb))[:-1]]
    k = np.empty(n, dtype=float)
    k[order] = np.arange(n) - np.repeat(start, np.bincount(building, minlength=nb))
    size = np.bincount(building, minlength=nb).astype(float)
    rad = 0.44 * np.sqrt((k + 0.5) / np.maximum(size[building], 1))
    ang = k * _GOLDEN
    return centre[building] + np.c_[rad * np.cos(ang), rad * np.sin(ang)]


class NetView:
    """A reusable figure of one model's network.

    Args:
        model: A :class:`~yingzao.model.community.CommunityModel`.

    """

    def __init__(self, model) -> None:
        self.model = model
        self.pos = layout(model.res.building)
        n = self.pos.shape[0]
        self.size_px = max(4.0, min(30.0, 30000.0 / max(n, 1)))
        self.fig = Figure(figsize=(9.6, 6.0), dpi=DPI)
        FigureCanvasAgg(self.fig)
        ax = self.ax = self.fig.add_axes((0.0, 0.01, 0.72, 0.98))  # legend on the right
        ax.set_axis_off()
        ax.set_aspect("equal")
        pad = 0.7
        ax.set_xlim(self.pos[:, 0].min() - pad, self.pos[:, 0].max() + pad)
        ax.set_ylim(self.pos[:, 1].min() - pad, self.pos[:, 1].max() + pad)
        # ties between buildings never change: draw them once into a picture behind the axes
        A = model.A.tocoo()
        bld = model.res.building
        cross = (A.row < A.col) & (bld[A.row] != bld[A.col])
        seg = np.stack([self.pos[A.row[cross]], self.pos[A.col[cross]]], axis=1)
        ties = ax.add_collection(LineCollection(seg, colors="#9e9e9e", linewidths=0.3, alpha=0.25))
        self.fig.canvas.draw()
        background = np.asarray(self.fig.canvas.buffer_rgba()).copy()
        ties.remove()
        ax.patch.set_visible(False)
        self.fig.figimage(background, 0, 0, origin="upper", zorder=-1)
        self.dots = ax.scatter(self.pos[:, 0], self.pos[:, 1], s=self.size_px, linewidths=0)
        self.outlines = LineCollection([], linewidths=1.4)
        ax.add_collection(self.outlines)
        self.legend_key: tuple[str, bool] | None = None

    def colors(self) -> np.ndarray:
        """One colour per resident: leader, public work this month, recreation, or not active."""
        r, o = self.model.res, self.model.orgs
        g = r.groups
        in_rec = ((g >= 0) & (o.kind[np.maximum(g, 0)] == REC)).any(axis=1)
        c = np.full(r.building.size, COLORS["idle"], dtype=object)
        c[in_rec] = COLORS["member"]
        c[r.public] = COLORS["public"]
        c[r.leads >= 0] = COLORS["leader"]
        return c

    def _outlines(self) -> tuple[list[np.ndarray], list[str]]:
        m, o = self.model, self.model.orgs
        rid, gid = m.memberships()
        order = np.argsort(gid, kind="stable")
        rid, gid = rid[order], gid[order]
        bounds = np.flatnonzero(np.diff(gid)) + 1
        segs, cols = [], []
        for members, g in zip(
            np.split(rid, bounds), gid[np.r_[0, bounds]] if gid.size else [], strict=False
        ):
            pts = self.pos[members]
            if len(pts) < 3:
                continue
            try:
                hull = ConvexHull(pts)
            except QhullError:  # all on a line
                continue
            ring = pts[np.r_[hull.vertices, hull.vertices[0]]]
            segs.append(ring)
            cols.append(COLORS["recreational" if o.kind[g] == REC else "functional"])
        return segs, cols

    @staticmethod
    def _widths(cols: list[str]) -> list[float]:
        # functional groups stand out; recreational ones are drawn thin
        return [0.7 if c == COLORS["recreational"] else 1.8 for c in cols]

    def _legend(self, lang: str, big: bool) -> None:
        if self.legend_key == (lang, big):
            return
        items = [
            Line2D([], [], ls="", marker="o", color=COLORS[k], label=t(f"legend.{k}", lang))
            for k in ("idle", "member", "public", "leader")
        ] + [
            Line2D([], [], color=COLORS[k], label=t(f"legend.{k}", lang))
            for k in ("functional", "recreational")
        ]
        if self.fig.legends:
            self.fig.legends[0].remove()
        leg = self.fig.legend(
            handles=items,
            loc="center left",
            bbox_to_anchor=(0.73, 0.5),
            fontsize=15 if big else 11,
            markerscale=2.0,
            frameon=False,
            labelspacing=1.0,
        )
        if lang == "zh":
            for text in leg.get_texts():
                text.set_fontfamily([cjk_font(), "DejaVu Sans"])
        self.legend_key = (lang, big)

    def frame(self, lang: str = "en", big: bool = False) -> bytes:
        """The current state as PNG bytes."""
        self.dots.set_facecolors(self.colors())
        segs, cols = self._outlines()
        self.outlines.set_segments(segs)
        self.outlines.set_colors(cols)
        self.outlines.set_linewidths(self._widths(cols))
        self._legend(chart_lang(lang), big)
        # fast compression: the picture goes to a browser on this computer, not over a network
        return png(self.fig, dpi=DPI, compress_level=1)
