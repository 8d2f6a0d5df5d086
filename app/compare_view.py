"""A comparison's outcomes as rows of text with intervals, paired differences and sentences.

Used by the Compare page and the one-page brief, so both say the same thing. Money is in 万元
in Chinese (named once, in the row's name), in yuan in English.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from yingzao.app.i18n import num, scenario_name, t
from yingzao.app.outcomes import headline, survival
from yingzao.app.sentences import survival_sentence
from yingzao.app.units import WAN, month_text
from yingzao.experiments.compare import Comparison
from yingzao.experiments.compare_stats import cut_interval, t_interval

# (metric, i18n key, scale, digits); money rows are scaled by the language (see _money)
OUTCOMES: tuple[tuple[str, str, float, int], ...] = (
    ("orgs_functional", "m.orgs_functional", 1, 1),
    ("functional_share", "m.functional_share", 100, 0),
    ("survival_24m", "m.survival_24m", 100, 0),
    ("participation_rate", "m.participation_rate", 100, 1),
    ("active_share", "m.active_share", 100, 1),
    ("registered_per_1000", "m.registered_per_1000", 1, 1),
    ("needs_met", "m.needs_met", 100, 0),
    ("outside_money_spent", "m.outside_money_spent", 1, -3),
)
# outside money per group: ratios of the means over the runs, without intervals
COSTS: tuple[tuple[str, str], ...] = (
    ("per_functional", "m.cost_per_functional"),
    ("per_survivor", "m.cost_per_survivor"),
)
_PERCENT = {"functional_share", "survival_24m", "participation_rate", "needs_met", "active_share"}


def per_run(cmp: Comparison) -> pd.DataFrame:
    """Summaries with per-run survival, indexed by (scenario, replicate)."""
    df = cmp.summaries.copy()
    df["survival_24m"] = survival(df)
    return df.set_index(["scenario", "replicate"])


def _fmt(x: float, digits: int, pct: bool, sign: bool = False, lang: str = "en") -> str:
    """A number rounded to ``digits`` (negative: thousands); percentage differences in points."""
    if np.isnan(x):
        return "-"
    r = round(x, digits) + 0.0  # no "-0"
    s = f"{r:{'+' if sign else ''},.{max(digits, 0)}f}"
    if pct:
        s += t("unit.pts", lang) if sign else "%"
    return s


def _money(lang: str, compact: bool = False) -> tuple[float, int]:
    """Scale and digits of money cells: 万元 with one decimal in Chinese, yuan to 1,000.

    ``compact`` (the printed brief): thousands of yuan in English.
    """
    if lang == "zh":
        return 1 / WAN, 1
    return (1e-3, 0) if compact else (1.0, -3)


def _money_name(name: str, lang: str, compact: bool) -> str:
    return name.replace("(yuan)", "(thousand yuan)") if compact and lang != "zh" else name


def rows(
    cmp: Comparison, lang: str, names: dict[str, str] | None = None, compact: bool = False
) -> list[dict[str, Any]]:
    """One row per outcome: name, then per scenario ``mean [lo, hi]`` and difference to the first.

    Returns:
        Rows with ``metric``, ``name``, ``cells`` (per scenario text), ``diffs`` (per scenario
        after the first: text) and the raw numbers ``stats`` (per scenario: mean, lo, hi, and for
        the others diff, diff_lo, diff_hi).

    """
    del names  # rows name outcomes, not mixes
    df = per_run(cmp)
    ref = cmp.labels[0]
    out = []
    for metric, key, scale, digits in OUTCOMES:
        if metric not in df:  # a model without the ladder or registration
            continue
        if metric == "outside_money_spent":
            scale, digits = _money(lang, compact)
        # a percentage's unit is named once, in the row's name; differences are in points
        pct = False
        name = t(key, lang)
        if metric in _PERCENT:
            name += "（%）" if lang == "zh" else " (%)"
        name = _money_name(name, lang, compact)
        cells, diffs, stats = [], [], []
        base = df.loc[ref, metric].astype(float) * scale
        for lab in cmp.labels:
            x = df.loc[lab, metric].astype(float) * scale
            mean, lo, hi, n = t_interval(x.dropna()) if x.notna().any() else (np.nan,) * 3 + (0,)
            # every outcome here is a count, a sum or a share: never below 0, a share within 100%
            top = 100.0 if metric in _PERCENT else math.inf
            lo, hi = cut_interval(lo, hi, 0.0, top)
            st = {"mean": mean, "lo": lo, "hi": hi}
            cells.append(
                f"{_fmt(mean, digits, pct)} [{_fmt(lo, digits, pct)}, {_fmt(hi, digits, pct)}]"
                if n > 1 and not np.isnan(lo)
                else _fmt(mean, digits, pct)
            )
            if lab != ref:
                d = (x - base).dropna()
                dm, dlo, dhi, dn = t_interval(d) if len(d) else (np.nan,) * 3 + (0,)
                dlo, dhi = cut_interval(dlo, dhi, -top, top)  # 100 points at most, for shares
                st.update(diff=dm, diff_lo=dlo, diff_hi=dhi)
                star = " *" if dn > 1 and (dlo > 0 or dhi < 0) else ""
                diffs.append(
                    f"{_fmt(dm, digits, pct, True, lang)} [{_fmt(dlo, digits, pct, True, lang)}, "
                    f"{_fmt(dhi, digits, pct, True, lang)}]{star}"
                    if dn > 1 and not np.isnan(dlo)
                    else _fmt(dm, digits, pct, True, lang)
                )
            stats.append(st)
        out.append({"metric": metric, "name": name, "cells": cells, "diffs": diffs, "stats": stats})
    out += cost_rows(cmp, lang, compact)
    return out


def cost_rows(cmp: Comparison, lang: str, compact: bool = False) -> list[dict[str, Any]]:
    """Outside money per functional group at the end and per one still active two years on."""
    scale, digits = _money(lang, compact)
    heads = [headline(cmp, lab) for lab in cmp.labels]
    out = []
    for key, name in COSTS:
        vals = [h["cost"][key] * scale for h in heads]
        cells = [_fmt(v, digits, False) for v in vals]
        diffs = [_fmt(v - vals[0], digits, False, True, lang) for v in vals[1:]]
        stats = [{"mean": v, "lo": np.nan, "hi": np.nan} for v in vals]
        row_name = _money_name(t(name, lang), lang, compact)
        out.append(
            {"metric": key, "name": row_name, "cells": cells, "diffs": diffs, "stats": stats}
        )
    return out


def survival_basis(cmp: Comparison, lang: str, names: dict[str, str] | None = None) -> list[str]:
    """Per mix: from when survival is counted, or in words why it is "-".

    ``names``: what to call each mix (default: its name).
    """
    out = []
    for lab in cmp.labels:
        h = headline(cmp, lab)
        name = (names or {}).get(lab) or scenario_name(lab, lang)
        if h["support_end"] is not None and not np.isnan(h["survival"][0]):
            key = (
                "compare.basis_withdrawal"
                if h["support_basis"] == "withdrawal"
                else "compare.basis_end"
            )
            out.append(t(key, lang, name=name, when=month_text(h["support_end"], lang)))
        else:
            out.append(f"{name}: {survival_sentence(h, lang)}")
    return out


def findings(cmp: Comparison, lang: str, names: dict[str, str] | None = None) -> list[str]:
    """Plain sentences on the paired differences in functional groups and survival.

    ``names``: what to call each mix (default: its name).
    """
    table = {r["metric"]: r for r in rows(cmp, lang)}

    def called(lab: str) -> str:
        return (names or {}).get(lab) or scenario_name(lab, lang)

    ref = cmp.labels[0]
    out = []
    for metric, prefix, digits in (
        ("orgs_functional", "compare.", 1),
        ("survival_24m", "compare.surv_", 0),
    ):
        for lab, st in zip(cmp.labels[1:], table[metric]["stats"][1:], strict=True):
            d, lo, hi = st.get("diff", np.nan), st.get("diff_lo", np.nan), st.get("diff_hi", np.nan)
            if np.isnan(d) or np.isnan(lo) or np.isnan(hi):  # one paired run: no interval
                continue
            key = prefix + ("more" if lo > 0 else "fewer" if hi < 0 else "same")
            out.append(
                t(
                    key,
                    lang,
                    a=called(ref),
                    b=called(lab),
                    d=num(abs(d), digits),
                    lo=num(lo, digits),
                    hi=num(hi, digits),
                )
            )
    return out
