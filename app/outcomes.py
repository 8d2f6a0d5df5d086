"""Runs for the app and their results in plain sentences.

Runs go through :func:`yingzao.experiments.compare.compare` in the server process (one worker):
10 runs of 2,000 residents take about 2 s, less than starting worker processes would save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from yingzao.app.i18n import num, t
from yingzao.experiments.compare import Comparison, compare
from yingzao.scenarios import Scenario


def run(
    scenarios: Sequence[Scenario],
    reps: int,
    labels: Sequence[str],
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Paired runs of ``scenarios`` (seeds 0..reps-1) in this process."""
    return compare(list(scenarios), reps=reps, workers=1, progress=progress or False, labels=labels)


def survival(summ: pd.DataFrame) -> pd.Series:
    """Per run: share of the functional groups active at withdrawal still active 24 months on."""
    at = summ["functional_at_withdrawal"].astype(float)
    alive = summ["functional_alive_24m_after"].astype(float)
    return (alive / at.where(at > 0)).rename("survival_24m")


def _q(x: pd.Series) -> tuple[float, float, float]:
    x = x.dropna().to_numpy(float)
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    return float(np.mean(x)), float(np.quantile(x, 0.1)), float(np.quantile(x, 0.9))


def headline(cmp: Comparison, label: str) -> dict[str, Any]:
    """The numbers the sentences use, for one scenario of a comparison."""
    s = cmp.summaries[cmp.summaries["scenario"] == label]
    ser = cmp.series[cmp.series["scenario"] == label]
    paid = ser.groupby("replicate")["outside_money_month"].apply(lambda x: int((x > 0).sum()))
    scn = cmp.scenarios[cmp.labels.index(label)]
    months = int(cmp.months_by_scenario()[label])
    v = scn.values
    w = int(v["withdrawal.month"]) if v["withdrawal.enabled"] else None
    out: dict[str, Any] = {
        "label": label,
        "reps": len(s),
        "residents": int(v["community.residents"]),
        "profile": v["community.profile"],
        "years": months / 12,
        "withdrawal_month": w if w is not None and w < months else None,
        "withdrawal_set": w is not None,
        "withdrawal_after_run": w is not None and w >= months,
        "withdrawal_planned": w,
        "functional": _q(s["orgs_functional"]),
        "share": _q(100 * s["functional_share"]),
        "participation": _q(100 * s["participation_rate"]),
        "needs_met": _q(100 * s["needs_met"]),
        "money": _q(s["outside_money_spent"]),
        "support_years": float(paid.mean()) / 12 if len(paid) else 0.0,
        "at_withdrawal": _q(s["functional_at_withdrawal"]),
        "survival": _q(100 * survival(s)),
    }
    return out


def _r(x: float) -> str:
    return "-" if np.isnan(x) else num(x)


def sentences(h: dict[str, Any], lang: str) -> list[str]:
    """The headline in plain sentences, most important first."""
    yrs = h["years"]
    years = f"{yrs:.0f}" if yrs == int(yrs) else f"{yrs:.1f}"
    f, share = h["functional"], h["share"]
    out = [
        t(
            "s.functional",
            lang,
            years=years,
            n=_r(f[0]),
            lo=_r(f[1]),
            hi=_r(f[2]),
            share=_r(share[0]),
        )
    ]
    w = h["withdrawal_month"]
    if not h["withdrawal_set"]:
        out.append(t("s.no_withdrawal", lang))
    elif h.get("withdrawal_after_run"):
        out.append(t("s.after_run", lang, year=f"{h['withdrawal_planned'] / 12:g}"))
    elif w is None or np.isnan(h["at_withdrawal"][0]):
        out.append(t("s.too_late", lang))
    else:
        year = f"{w / 12:.0f}" if w % 12 == 0 else f"{w / 12:.1f}"
        k = h["at_withdrawal"][0]
        if k < 0.5:
            out.append(t("s.no_functional_at_withdrawal", lang, year=year))
        elif np.isnan(h["survival"][0]):
            out.append(t("s.too_late", lang))
        else:
            sv = h["survival"]
            out.append(
                t("s.survival", lang, year=year, k=_r(k), pct=_r(sv[0]), lo=_r(sv[1]), hi=_r(sv[2]))
            )
    out.append(t("s.participation", lang, p=f"{h['participation'][0]:.1f}"))
    sy = h["support_years"]
    if h["money"][0] > 0 and sy > 0:
        per = h["money"][0] / max(h["residents"], 1) / sy
        k = f"{sy:.0f}" if abs(sy - round(sy)) < 0.05 else f"{sy:.1f}"
        money = _r(round(h["money"][0], -3))
        out.append(t("s.needs", lang, p=_r(h["needs_met"][0]), money=money, k=k, per=num(per)))
    else:
        out.append(t("s.no_money", lang, p=_r(h["needs_met"][0])))
    prof = t(f"profile.{h['profile']}", lang)
    out.append(t("s.reps", lang, reps=h["reps"], n=num(h["residents"]), profile=prof))
    return out


def summary_csv(cmp: Comparison) -> str:
    """Per-run summaries (scenario x replicate) with survival, as CSV text."""
    df = cmp.summaries.copy()
    df["survival_24m"] = survival(df)
    return df.to_csv(index=False)
