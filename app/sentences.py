"""A run's headline numbers in plain sentences, most important first, in either language."""

from __future__ import annotations

from typing import Any

import numpy as np
from yingzao.app.i18n import num, t
from yingzao.app.units import money, month_text


def r(x: float) -> str:
    """A rounded count or percentage, ``-`` for unknown."""
    return "-" if x is None or np.isnan(x) else num(x)


def _years(yrs: float) -> str:
    return f"{yrs:.0f}" if yrs == int(yrs) else f"{yrs:.1f}"


def survival_sentence(h: dict[str, Any], lang: str) -> str:
    """What became of the functional groups when outside support ended, or why it is unknown."""
    end, basis = h["support_end"], h["support_basis"]
    if end is None:
        if h.get("withdrawal_after_run"):
            return t("s.after_run", lang, year=f"{h['withdrawal_planned'] / 12:g}")
        if h["money"][0] <= 0:
            return t("s.no_outside", lang)
        if not h.get("support_known", True):  # a model that reports withdrawals only
            return t("s.no_withdrawal", lang)
        return t("s.support_past_run", lang, years=_years(h["years"]))
    when = month_text(end, lang)  # money stops after month `end` (counted from 1)
    key = "withdrawal" if basis == "withdrawal" else "end"
    k = h["at_end"][0]
    if np.isnan(k):
        return t("s.too_late", lang)
    if k < 0.5:
        return t(f"s.no_functional_at_{key}", lang, when=when)
    if np.isnan(h["survival"][0]):
        return t(f"s.too_late_{key}", lang, when=when)
    sv = h["survival"]
    return t(f"s.survival_{key}", lang, when=when, k=r(k), pct=r(sv[0]), lo=r(sv[1]), hi=r(sv[2]))


def crisis_sentence(h: dict[str, Any], lang: str) -> str | None:
    """What the crisis did, or that it falls after the run; None without a crisis."""
    c = h.get("crisis")
    if not c:
        return None
    when = month_text(c["month"] + 1, lang)  # the crisis acts in month index c["month"]
    if not c["in_run"]:
        return t("s.crisis_after_run", lang, when=when, years=_years(h["years"]))
    vol = c["volunteers"]
    pct = 100 * vol[0] / max(h["residents"], 1) if not np.isnan(vol[0]) else float("nan")
    return t(
        "s.crisis",
        lang,
        when=when,
        v=r(vol[0]),
        pct=f"{pct:.1f}" if not np.isnan(pct) else "-",
        before=r(c["needs_before"]),
        worst=r(c["needs_worst"]),
        months=c["months"],
    )


def sentences(h: dict[str, Any], lang: str) -> list[str]:
    """The headline in plain sentences, most important first."""
    f, share = h["functional"], h["share"]
    out = [
        t(
            "s.functional",
            lang,
            years=_years(h["years"]),
            n=r(f[0]),
            lo=r(f[1]),
            hi=r(f[2]),
            share=r(share[0]),
        ),
        survival_sentence(h, lang),
    ]
    crisis = crisis_sentence(h, lang)
    if crisis:
        out.append(crisis)
    if "active_share" in h:  # the field's measure (Model 2.0's ladder)
        out.append(
            t("s.active", lang, a=f"{h['active_share'][0]:.1f}", p=f"{h['participation'][0]:.1f}")
        )
    else:
        out.append(t("s.participation", lang, p=f"{h['participation'][0]:.1f}"))
    if "registered_per_1000" in h and not np.isnan(h["registered_per_1000"][0]):
        reg = h["registered_service_share"][0] if "registered_service_share" in h else np.nan
        out.append(
            t(
                "s.registered",
                lang,
                n=f"{h['registered_per_1000'][0]:.1f}",
                s=r(reg),
            )
        )
    sy = h["support_years"]
    if h["money"][0] > 0 and sy > 0:
        per = h["money"][0] / max(h["residents"], 1) / sy
        k = f"{sy:.0f}" if abs(sy - round(sy)) < 0.05 else f"{sy:.1f}"
        total = money(round(h["money"][0], -3), lang)
        out.append(t("s.needs", lang, p=r(h["needs_met"][0]), money=total, k=k, per=num(per)))
        cost = h.get("cost", {})
        if cost and not np.isnan(cost.get("per_functional", np.nan)):
            surv = cost.get("per_survivor", np.nan)
            out.append(
                t(
                    "s.cost",
                    lang,
                    per_f=money(cost["per_functional"], lang),
                    per_s=money(surv, lang) if not np.isnan(surv) else t("s.cost_none", lang),
                )
            )
    else:
        out.append(t("s.no_money", lang, p=r(h["needs_met"][0])))
    if h.get("street"):
        out.append(t("s.reps_street", lang, reps=h["reps"], n=num(h["residents"]), k=h["street"]))
    else:
        prof = t(f"profile.{h['profile']}", lang)
        out.append(t("s.reps", lang, reps=h["reps"], n=num(h["residents"]), profile=prof))
    return out
