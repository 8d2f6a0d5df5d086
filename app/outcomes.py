"""Runs for the app and their results in numbers the sentences use.

Runs go through :func:`yingzao.experiments.compare.compare` in the server process (one worker):
10 runs of 2,000 residents take about 2 s, less than starting worker processes would save.
The sentences themselves are in :mod:`yingzao.app.sentences`.

Survival after the money stops is measured from the end of outside support: the withdrawal
month where one is set, else the end of the last outside-funded policy (the model's
``support_end_*`` summary keys). A model without those keys is read by its withdrawal keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from yingzao.experiments.compare import Comparison, compare
from yingzao.scenarios import Scenario

# (support end month, functional groups then, alive 12 and 24 months later, basis)
SUPPORT_KEYS = (
    "support_end_month",
    "functional_at_support_end",
    "functional_alive_12m_after_support_end",
    "functional_alive_24m_after_support_end",
)
WITHDRAWAL_KEYS = (
    "withdrawal_month",
    "functional_at_withdrawal",
    "functional_alive_12m_after",
    "functional_alive_24m_after",
)


class Cancelled(Exception):
    """A run stopped on the user's request."""


def run(
    scenarios: Sequence[Scenario],
    reps: int,
    labels: Sequence[str],
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Paired runs of ``scenarios`` (seeds 0..reps-1) in this process.

    ``progress(done, total)`` may raise (e.g. :class:`Cancelled`) to stop after a run.
    """
    return compare(list(scenarios), reps=reps, workers=1, progress=progress or False, labels=labels)


def has_support_keys(summ: pd.DataFrame) -> bool:
    """Whether the model reports survival from the end of support (Model 2.0 keys)."""
    return all(k in summ.columns for k in SUPPORT_KEYS)


def _keys(summ: pd.DataFrame) -> tuple[str, str, str, str]:
    return SUPPORT_KEYS if has_support_keys(summ) else WITHDRAWAL_KEYS


def survival(summ: pd.DataFrame) -> pd.Series:
    """Per run: share of the functional groups active at the end of support alive 24 months on."""
    _, at_key, _, alive_key = _keys(summ)
    at = summ[at_key].astype(float)
    alive = summ[alive_key].astype(float)
    return (alive / at.where(at > 0)).rename("survival_24m")


def q(x: pd.Series) -> tuple[float, float, float]:
    """Mean and the 10% and 90% quantiles over runs (NaN when no run has a value)."""
    x = pd.Series(x).dropna().to_numpy(float)
    if x.size == 0:
        return float("nan"), float("nan"), float("nan")
    return float(np.mean(x)), float(np.quantile(x, 0.1)), float(np.quantile(x, 0.9))


def _mode(x: pd.Series) -> Any:
    x = x.dropna()
    return None if x.empty else x.mode().iloc[0]


def _support(s: pd.DataFrame, v: dict[str, Any], months: int) -> dict[str, Any]:
    """When outside support ended, on what basis, and what survived it."""
    end_key, at_key, _, alive_key = _keys(s)
    end = _mode(s[end_key]) if end_key in s else None
    if has_support_keys(s):
        basis = _mode(s["support_end_basis"]) if "support_end_basis" in s else None
        basis = basis or ("withdrawal" if v["withdrawal.enabled"] else "end of support")
    else:
        basis = "withdrawal" if end is not None else None
    end = None if end is None or end >= months else int(end)
    if end is None:
        basis = None
    at = q(s[at_key])
    alive = q(s[alive_key])
    return {
        "support_basis": basis,
        "support_end": end,
        "at_end": at,
        "alive_24m": alive,
        "survival": q(100 * survival(s)),
    }


def _crisis(ser: pd.DataFrame, s: pd.DataFrame, v: dict[str, Any], months: int) -> dict | None:
    """What a crisis did: when, volunteers in its first month, needs met before and at worst."""
    if not v["crisis.enabled"]:
        return None
    start = int(v["crisis.month"])
    out: dict[str, Any] = {"month": start, "in_run": start < months}
    if not out["in_run"]:
        return out
    vol = (
        s["crisis_volunteers_first_month"].astype(float)
        if "crisis_volunteers_first_month" in s
        else None
    )
    out["volunteers"] = q(vol) if vol is not None else q(pd.Series(dtype=float))
    end = start + int(v["crisis.months"])
    met = ser.groupby("month")["needs_met"].mean() * 100
    before = float(met.loc[start - 1]) if start - 1 in met.index else float(met.iloc[0])
    during = met.loc[(met.index >= start) & (met.index < end)]
    out["needs_before"] = before
    out["needs_worst"] = float(during.min()) if len(during) else before
    out["months"] = int(v["crisis.months"])
    return out


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
        "seeds": [int(x) for x in s["seed"]],
        "residents": int(v["community.residents"]),
        "street": int(v["street.communities"]) if v["street.communities"] > 1 else 0,
        "profile": v["community.profile"],
        "years": months / 12,
        "months": months,
        "withdrawal_month": w if w is not None and w < months else None,
        "withdrawal_set": w is not None,
        "withdrawal_after_run": w is not None and w >= months,
        "withdrawal_planned": w,
        "functional": q(s["orgs_functional"]),
        "share": q(100 * s["functional_share"]),
        "participation": q(100 * s["participation_rate"]),
        "needs_met": q(100 * s["needs_met"]),
        "money": q(s["outside_money_spent"]),
        "support_years": float(paid.mean()) / 12 if len(paid) else 0.0,
        "crisis": _crisis(ser, s, v, months),
    }
    if out["street"]:  # a street's summary counts every community's residents
        out["residents"] = int(round(float(s["residents"].mean())))
    out.update(_support(s, v, months))
    out["support_known"] = has_support_keys(s)
    out["at_withdrawal"] = out["at_end"]  # the name of earlier versions
    for key in ("active_share", "registered_per_1000", "registered_service_share"):
        if key in s:
            out[key] = q(s[key] * (100 if key.endswith("share") else 1))
    out["cost"] = costs(out)
    return out


def costs(h: dict[str, Any]) -> dict[str, float]:
    """Outside money per functional group at the end, and per one still active two years on.

    Ratios of means over the runs (a run with no surviving group would make a per-run ratio
    infinite); NaN where there is no such group or no money.
    """
    money = h["money"][0]
    f = h["functional"][0]
    alive = h["alive_24m"][0]
    per_f = money / f if money > 0 and f > 0 else float("nan")
    per_alive = money / alive if money > 0 and alive > 0 else float("nan")
    return {"per_functional": per_f, "per_survivor": per_alive}
