"""The workshop's browser-drawn pieces: the neighbourhood picture and the live chart."""

from __future__ import annotations

from collections.abc import Callable

import solara
from yingzao.app.i18n import t
from yingzao.app.neighbourhood import COLORS
from yingzao.app.workshop_session import Session

# line colours: functional, recreational, active residents
_LINES = (("#1b7837", "m.orgs_functional", "left"), ("#8c8c8c", "m.orgs_recreational", "left"))
_ACTIVE = "#e6550d"
_MARK = {"live": "#b2182b", "withdrawal": "#000000", "crisis": "#d6604d", "ngo": "#2166ac"}


@solara.component_vue("vue/neighbourhood.vue")
def Neighbourhood(
    plan: dict,
    frame: dict,
    colors: list,
    selected: dict | None,
    big: bool,
    max_height: int,
    fit_below: int,
    month: int,
    png_rev: int,
    png_name: str,
    building_fmt: str,
    event_pick: Callable[[dict], None],
):
    """The picture of a community (see ``vue/neighbourhood.vue``)."""


@solara.component_vue("vue/live_chart.vue")
def LiveChart(chart: dict, height: int, font: int):
    """A chart of groups and active residents over the months (see ``vue/live_chart.vue``)."""


def chart_data(runs: list[tuple[str, Session]], lang: str) -> dict:
    """Lines and marks for :func:`LiveChart`; a second run (a branch) is drawn dashed."""
    lines, marks = [], []
    months = 0
    for k, (label, s) in enumerate(runs):
        hist = s.history
        months = max(months, len(hist))
        suffix = f" ({label})" if len(runs) > 1 else ""
        for i, (color, key, axis) in enumerate(_LINES):
            lines.append(
                {
                    "label": t(key, lang) + suffix,
                    "color": color,
                    "axis": axis,
                    "dash": k > 0,
                    "values": [h[i] for h in hist],
                }
            )
        lines.append(
            {
                "label": t("chart.active" if s.has_ladder else "chart.public", lang) + suffix,
                "color": _ACTIVE,
                "axis": "right",
                "dash": k > 0,
                "values": [h[2] for h in hist],
            }
        )
        for m, kind in s.marks():
            color = _MARK["live" if kind.startswith("live") else kind.split("_")[0]]
            marks.append({"m": m, "label": t(f"mark.{kind}", lang) + suffix, "color": color})
    return {"lines": lines, "marks": marks, "months": months, "xlabel": t("axis.year", lang)}


def colors() -> list[str]:
    """The colours of the participation levels, lowest first."""
    return list(COLORS)
