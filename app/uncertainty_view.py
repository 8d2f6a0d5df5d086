"""The parameter-uncertainty switch and what the pages say about the two bands.

Shared by the What-if and Compare pages (one setting for both, kept in the link as ``unc``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import solara
from yingzao.app import state
from yingzao.app.i18n import t
from yingzao.app.outcomes import headline
from yingzao.app.sentences import r
from yingzao.app.uncertainty import sets_available
from yingzao.experiments.compare import Comparison


@solara.component
def UncertaintySwitch(lang: str, cls: str):
    """The switch with a line on what it does; disabled, and saying why, without a record."""
    n = sets_available()
    with solara.Column(gap="0px", classes=["yz-unc", cls]):
        if n is None:
            solara.Switch(
                label=t("unc.switch", lang),
                value=False,
                disabled=True,
                classes=["yz-unc-switch"],
            )
            solara.Text(t("unc.no_record", lang), classes=["yz-unc-note"], style=_SMALL)
            return
        on = state.uncertainty.value
        solara.Switch(
            label=t("unc.switch", lang),
            value=on,
            on_value=state.uncertainty.set,
            classes=["yz-unc-switch"],
        )
        solara.Text(
            t("unc.on_note" if on else "unc.off_note", lang), classes=["yz-unc-note"], style=_SMALL
        )


_SMALL = {"font-size": "0.8em", "color": "#555"}


def explanation(cmp: Comparison, seed_only: Comparison | None, lang: str) -> str:
    """What the bands (and the numbers) of a result cover, in plain words."""
    if seed_only is None or not cmp.posterior_sets:
        return t("unc.explain_off", lang)
    sep = "" if lang == "zh" else " "
    return t("unc.explain", lang, n=cmp.posterior_sets) + sep + t("unc.explain_numbers", lang)


def sentences(cmp: Comparison, seed_only: Comparison | None, label: str, lang: str) -> list[str]:
    """The what-if's ranges with parameter uncertainty and from run-to-run variation alone."""
    if seed_only is None:
        return []
    a, b = headline(cmp, label), headline(seed_only, label)
    f, g = a["functional"], b["functional"]
    out = [t("unc.sentence", lang, lo=r(f[1]), hi=r(f[2]), lo2=r(g[1]), hi2=r(g[2]))]
    s, u = a["survival"], b["survival"]
    if a["support_end"] is not None and not (np.isnan(s[0]) or np.isnan(u[0])):
        out.append(
            t("unc.sentence_survival", lang, lo=r(s[1]), hi=r(s[2]), lo2=r(u[1]), hi2=r(u[2]))
        )
    return out


def with_seed_rows(
    table: list[dict[str, Any]], seed_table: list[dict[str, Any]] | None, lang: str
) -> list[dict[str, Any]]:
    """Compare's rows, each outcome with intervals followed by its run-to-run-only row."""
    if not seed_table:
        return table
    by = {row["metric"]: row for row in seed_table}
    out = []
    for row in table:
        out.append(row)
        other = by.get(row["metric"])
        if other is None or all(np.isnan(st["lo"]) for st in other["stats"]):
            continue  # cost rows have no interval: nothing to set beside them
        out.append(
            {
                **other,
                "metric": f"{row['metric']}:seed_only",
                "name": f"↳ *{t('unc.seed_row', lang)}*",
            }
        )
    return out
