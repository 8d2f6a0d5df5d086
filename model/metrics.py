"""Monthly series and the run summary.

Participation counts public work only (MODEL-SKETCH: a functional group's activity, a council or
review meeting, volunteering, co-funding a project) over the last 3 months; recreational
membership is reported separately, so the rate can be held against the field figure (10-20% of
residents at best, under 10% in most communities).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from yingzao.model.state import REC

SERIES_COLUMNS = (
    "month",
    "orgs_alive",
    "orgs_functional",
    "orgs_recreational",
    "functional_share",
    "orgs_founded_total",
    "orgs_dissolved_total",
    "max_functional_group_size",
    "mean_functional_group_size",
    "participation_rate",
    "recreation_rate",
    "volunteers_active",
    "leaders_active",
    "leaders",
    "needs_met",
    "trust_mean",
    "committee_openness",
    "committee_problem_load",
    "committee_facilitation",
    "federation_members",
    "community_fund_balance",
    "outside_money_spent",
    "outside_money_month",
    "resident_money_raised",
    "org_money_balance",
    "ngo_present",
)


def _in_recreation(m) -> np.ndarray:
    g, kind = m.res.groups, m.orgs.kind
    return ((g >= 0) & (kind[np.maximum(g, 0)] == REC)).any(axis=1)


class Recorder:
    """Collects one row per month (columns: :data:`SERIES_COLUMNS`).

    Args:
        model: The community model.

    """

    def __init__(self, model) -> None:
        self.model = model
        self.reset()

    def reset(self) -> None:
        """Forget rows and counters (called once the initial groups are seeded)."""
        self.rows: dict[str, list] = {c: [] for c in SERIES_COLUMNS}
        self.founded_before = self.model.orgs.n
        self.func_at: dict[int, np.ndarray] = {}

    def record(self) -> None:
        """Append this month's row."""
        m = self.model
        r, o = m.res, m.orgs
        n = o.n
        t = m.month
        r.last_public[r.public] = t
        alive = o.alive[:n]
        func = alive & (o.kind[:n] != REC)
        nf, na = int(func.sum()), int(alive.sum())
        sizes = o.size[:n][func]
        fsize = sizes.max() if sizes.size else 0
        base = r.base_need[:, :REC].sum()
        met = 1.0 - r.need[:, :REC].sum() / base if base > 0 else 0.0
        row = {
            "month": t,
            "orgs_alive": na,
            "orgs_functional": nf,
            "orgs_recreational": na - nf,
            "functional_share": nf / na if na else 0.0,
            "orgs_founded_total": n - self.founded_before,
            "orgs_dissolved_total": int(np.count_nonzero(o.ended[:n] >= 0)),
            "max_functional_group_size": int(fsize),
            "mean_functional_group_size": float(sizes.mean()) if sizes.size else 0.0,
            "participation_rate": float(np.mean(r.last_public >= t - 2)),
            "recreation_rate": float(np.mean(r.engaged & _in_recreation(m))),
            "volunteers_active": int(r.public.sum()),
            "leaders_active": int(np.count_nonzero(o.leader[:n][alive] >= 0)),
            "leaders": len(m.leaders),
            "needs_met": float(np.clip(met, 0.0, 1.0)),
            "trust_mean": float(r.trust_nb.mean()),
            "committee_openness": float(m.committee.openness),
            "committee_problem_load": float(m.committee.problem_load),
            "committee_facilitation": float(m.committee.facilitation),
            "federation_members": int(m.federation.members.size) if m.federation else 0,
            "community_fund_balance": float(m.fund_balance),
            "outside_money_spent": float(m.ledger.outside_in),
            "outside_money_month": float(m.ledger.outside_month),
            "resident_money_raised": float(m.ledger.resident_in),
            "org_money_balance": float(o.own_money[:n].sum() + o.out_money[:n].sum()),
            "ngo_present": bool(m.ngo is not None and m.ngo.present),
        }
        for c in SERIES_COLUMNS:
            self.rows[c].append(row[c])
        self.func_at[t] = np.flatnonzero(func)


def record(m) -> None:
    """The metrics stage."""
    m.recorder.record()


def summary(m) -> dict[str, Any]:
    """The run summary: last month's values plus withdrawal and crisis outcomes."""
    rec = m.recorder
    if not rec.rows["month"]:
        raise ValueError("the model has not run any month yet")
    last = {c: rec.rows[c][-1] for c in SERIES_COLUMNS}
    # every series column, at the last month, except the month itself
    out: dict[str, Any] = {"residents": m.n}
    out.update({c: v for c, v in last.items() if c != "month"})
    out["max_functional_group_size_ever"] = int(
        max(rec.rows["max_functional_group_size"], default=0)
    )
    o = m.orgs
    coached = np.flatnonzero(o.size_coached[: o.n] > 0)
    out["coached_groups"] = int(coached.size)
    out["coached_growth"] = (
        float(np.median(o.peak_size[coached] / o.size_coached[coached])) if coached.size else None
    )
    w = next((p.month for p in m.policies if p.name == "withdrawal"), None)
    out["withdrawal_month"] = w
    out["functional_at_withdrawal"] = None
    out["functional_alive_12m_after"] = None
    out["functional_alive_24m_after"] = None
    if w is not None and w - 1 in rec.func_at:
        cohort = rec.func_at[w - 1]  # functional groups alive when the money stopped
        out["functional_at_withdrawal"] = int(cohort.size)
        for h in (12, 24):
            if w - 1 + h in rec.func_at:
                out[f"functional_alive_{h}m_after"] = int(
                    np.isin(cohort, rec.func_at[w - 1 + h]).sum()
                )
    crisis = next((p for p in m.policies if p.name == "crisis"), None)
    out["crisis_volunteers_first_month"] = (
        crisis.volunteers.get(crisis.start) if crisis is not None else None
    )
    if crisis is not None and crisis.start < m.month and crisis.start not in crisis.volunteers:
        out["crisis_volunteers_first_month"] = 0
    return out
