"""Monthly series and the run summary, with the field's own measures beside the model's totals.

Participation counts public work over the last 3 months (``participation_rate``: a functional
group's activity, an event, a council meeting, volunteering in a crisis); the participation
ladder (:mod:`.ladder`) adds the occasional acts (voting, attending, giving) and the field's
"active residents" (``active_share``). Groups are counted twice: all groups, and the registered
ones as the field counts them (:mod:`.registration`), per 1,000 residents with their service
(functional) and federation shares.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from yingzao.model import ladder
from yingzao.model.state import ORIGINS, REC, REGISTERED_HOW, public_total
from yingzao.model.survival_stats import hazards

# summary keys that are a community's rates and shares (a street averages them)
RATE_KEYS = (
    "ngo_dropped",
    "withdrawal_survival_24m",
    "support_end_survival_24m",
    "cohort_survival_24m",
    "hazard_0_6",
    "hazard_6_24",
    "hazard_24_60",
    "hazard_60_plus",
    "hazard_adolescence",
    "established_dissolution_yearly",
)

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
    "active_share",
    *(f"level_{name}_share" for name in ladder.LEVELS),
    "recreation_rate",
    "volunteers_active",
    "leaders_active",
    "leaders",
    "groups_per_1000",
    "registered_groups",
    "registered_functional",
    "registered_per_1000",
    "registered_service_share",
    "registered_federation_share",
    "federation_share",
    "needs_met",
    "trust_mean",
    "committee_openness",
    "committee_problem_load",
    "committee_facilitation",
    "committee_support",
    "committee_free_time",
    "federation_members",
    "community_fund_balance",
    "outside_money_spent",
    "outside_money_month",
    "resident_money_raised",
    "org_money_balance",
    "ngo_present",
    "ngo_substitute_share",
    "space_crowding",
    "events_held",
    "meetings_held",
    "enterprises",
)


# The summary's keys beyond "residents" and the series columns, in order.
SUMMARY_EXTRA = (
    "max_functional_group_size_ever",
    "functional_size_median",
    "functional_size_p90",
    "recreational_size_median",
    "coached_groups",
    "coached_growth",
    "coached_grew_3x_share",
    "coached_reached_20",
    "uncoached_functional_peak_median",
    "withdrawal_month",
    "functional_at_withdrawal",
    "functional_alive_12m_after",
    "functional_alive_24m_after",
    "support_end_month",
    "support_end_basis",
    "functional_at_support_end",
    "functional_alive_12m_after_support_end",
    "functional_alive_24m_after_support_end",
    "cohort_month",
    "functional_at_cohort",
    "functional_alive_12m_after_cohort",
    "functional_alive_24m_after_cohort",
    "ngo_dropped_month",
    *RATE_KEYS,
    "crisis_volunteers_first_month",
    "crisis_teams",
)
SUMMARY_TEXT = ("support_end_basis",)  # text, not numbers (left out of sweep outputs)


def _share(a: int, b: int) -> float:
    return a / b if b else 0.0


class Recorder:
    """Collects one row per month (columns: :data:`SERIES_COLUMNS`) and group sizes.

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
        self.sizes: list[tuple[int, np.ndarray, np.ndarray]] = []

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
        both = m.memberships()
        counts = np.bincount(both[1], minlength=n)  # members now (groups founded this month too)
        func_member = ladder.member_of_kind(m, True, both)
        rec_member = ladder.member_of_kind(m, False, both)
        sizes = counts[func]
        fsize = sizes.max() if sizes.size else 0
        # column by column: numpy reduces an (n, K) array along its long axis slowly
        base = r.base_public_total()
        met = 1.0 - public_total(r.need) / base if base > 0 else 0.0
        reg = alive & o.registered[:n]
        n_reg = int(reg.sum())
        per_k = 1000.0 / max(m.n, 1)
        ngo = m.ngo
        row = {
            "month": t,
            "orgs_alive": na,
            "orgs_functional": nf,
            "orgs_recreational": na - nf,
            "functional_share": _share(nf, na),
            "orgs_founded_total": n - self.founded_before,
            "orgs_dissolved_total": int(np.count_nonzero(o.ended[:n] >= 0)),
            "max_functional_group_size": int(fsize),
            "mean_functional_group_size": float(sizes.mean()) if sizes.size else 0.0,
            "participation_rate": int(np.count_nonzero(r.last_public >= t - 2)) / max(m.n, 1),
            **ladder.shares(m, t, func_member),
            "recreation_rate": float(np.count_nonzero(r.engaged & rec_member)) / max(m.n, 1),
            "volunteers_active": int(np.count_nonzero(r.public)),
            "leaders_active": int(np.count_nonzero(o.leader[:n][alive] >= 0)),
            "leaders": len(m.leaders),
            "groups_per_1000": na * per_k,
            "registered_groups": n_reg,
            "registered_functional": int((reg & func).sum()),
            "registered_per_1000": n_reg * per_k,
            "registered_service_share": _share(int((reg & func).sum()), n_reg),
            "registered_federation_share": _share(int((reg & o.federated[:n]).sum()), n_reg),
            "federation_share": _share(int((alive & o.federated[:n]).sum()), na),
            "needs_met": float(np.clip(met, 0.0, 1.0)),
            "trust_mean": float(r.trust_nb.mean()),
            "committee_openness": float(m.committee.openness),
            "committee_problem_load": float(m.committee.problem_load),
            "committee_facilitation": float(m.committee.practice),
            "committee_support": float(m.committee.support),
            "committee_free_time": float(m.committee.free_share),
            "federation_members": int(m.federation.members.size) if m.federation else 0,
            "community_fund_balance": float(m.fund_balance),
            "outside_money_spent": float(m.ledger.outside_in),
            "outside_money_month": float(m.ledger.outside_month),
            "resident_money_raised": float(m.ledger.resident_in),
            "org_money_balance": float(o.own_money[:n].sum() + o.out_money[:n].sum()),
            "ngo_present": bool(ngo is not None and ngo.present),
            "ngo_substitute_share": float(ngo.substitute_share) if ngo is not None else 0.0,
            "space_crowding": float(m.space_crowding),
            "events_held": int(m.event_count),
            "meetings_held": int(m.meeting_count),
            "enterprises": int((alive & o.enterprise[:n]).sum()),
        }
        for c in SERIES_COLUMNS:
            self.rows[c].append(row[c])
        self.func_at[t] = np.flatnonzero(func)
        live = np.flatnonzero(alive)
        seen = live[o.first_coached[live] >= 0]
        o.peak_coached[seen] = np.maximum(o.peak_coached[seen], counts[seen])
        o.peak_size[live] = np.maximum(o.peak_size[live], counts[live])
        self.sizes.append((t, live, counts[live]))


def record(m) -> None:
    """The metrics stage."""
    m.recorder.record()


def group_table(m) -> pd.DataFrame:
    """One row per organization that existed in the run (the initial ones included)."""
    o = m.orgs
    n = o.n
    ids = np.arange(n)
    kind = o.kind[:n]
    return pd.DataFrame(
        {
            "group": ids,
            "kind": np.where(kind == REC, "recreational", "functional"),
            "category": kind,
            "origin": [ORIGINS[i] for i in o.origin[:n]],
            "founded": o.founded[:n],
            "ended": np.where(o.ended[:n] >= 0, o.ended[:n], -1),
            "alive": o.alive[:n],
            "size": o.size[:n],
            "peak_size": o.peak_size[:n],
            "size_first_coached": o.size_coached[:n],
            "first_coached": o.first_coached[:n],
            "coached_functional": o.coached_functional[:n],
            "peak_since_coached": o.peak_coached[:n],
            "coached_months": o.coached_months[:n],
            "registered": o.registered[:n],
            "registered_how": [REGISTERED_HOW[i] for i in o.registered_how[:n]],
            "federated": o.federated[:n],
            "converted": o.converted[:n],
            "grants_won": o.grants_won[:n],
            "ngo_helped": o.ngo_helped[:n],
            "enterprise": o.enterprise[:n],
        }
    )


def size_table(m) -> pd.DataFrame:
    """Size of every living organization each month (month, group, size)."""
    rec = m.recorder.sizes
    if not rec:
        return pd.DataFrame({"month": [], "group": [], "size": []}, dtype=np.int64)
    return pd.DataFrame(
        {
            "month": np.concatenate([np.full(g.size, t) for t, g, _ in rec]),
            "group": np.concatenate([g for _, g, _ in rec]),
            "size": np.concatenate([s for _, _, s in rec]),
        }
    )


def _cohort(rec, start: int | None, out: dict, prefix: str, suffix: str) -> None:
    """Functional groups alive when support ended and how many were alive 12 and 24 months on."""
    out[f"functional_at_{prefix}"] = None
    out[f"functional_alive_12m_after{suffix}"] = None
    out[f"functional_alive_24m_after{suffix}"] = None
    if start is None or start - 1 not in rec.func_at:
        return
    cohort = rec.func_at[start - 1]
    out[f"functional_at_{prefix}"] = int(cohort.size)
    for h in (12, 24):
        if start - 1 + h in rec.func_at:
            alive = np.isin(cohort, rec.func_at[start - 1 + h]).sum()
            out[f"functional_alive_{h}m_after{suffix}"] = int(alive)


def _support_end(m, w: int | None) -> tuple[int | None, str | None]:
    """When outside money stopped within the run: the withdrawal, else the last month it came."""
    if w is not None and w < m.month:
        return w, "withdrawal"
    flow = np.flatnonzero(np.asarray(m.recorder.rows["outside_money_month"]) > 0)
    if flow.size == 0 or flow[-1] + 1 >= m.month:
        return None, None
    return int(flow[-1] + 1), "end of support"


def _sizes(m, mask: np.ndarray) -> tuple[float | None, float | None]:
    _, gid = m.memberships()
    s = np.bincount(gid, minlength=m.orgs.n)[mask]
    if s.size == 0:
        return None, None
    return float(np.median(s)), float(np.percentile(s, 90))


def summary(m) -> dict[str, Any]:
    """The run summary: last month's values plus withdrawal, survival and growth outcomes."""
    rec = m.recorder
    if not rec.rows["month"]:
        raise ValueError("the model has not run any month yet")
    last = {c: rec.rows[c][-1] for c in SERIES_COLUMNS}
    out: dict[str, Any] = {"residents": m.n}
    out.update({c: v for c, v in last.items() if c != "month"})
    out["max_functional_group_size_ever"] = int(
        max(rec.rows["max_functional_group_size"], default=0)
    )
    o = m.orgs
    n = o.n
    alive, kind = o.alive[:n], o.kind[:n]
    out["functional_size_median"], out["functional_size_p90"] = _sizes(m, alive & (kind != REC))
    out["recreational_size_median"], _ = _sizes(m, alive & (kind == REC))
    # coached functional teams (as the field's 3 -> 20+): growth since first coached, from the
    # real member count then to the most members since
    coached = np.flatnonzero((o.size_coached[:n] > 0) & o.coached_functional[:n])
    growth = o.peak_coached[coached] / o.size_coached[coached]
    out["coached_groups"] = int(coached.size)
    out["coached_growth"] = float(np.median(growth)) if coached.size else None
    out["coached_grew_3x_share"] = float(np.mean(growth >= 3)) if coached.size else None
    out["coached_reached_20"] = int(np.count_nonzero(o.peak_coached[coached] >= 20))
    lone = np.flatnonzero(
        (kind != REC)
        & (o.coached_months[:n] == 0)
        & (o.grants_won[:n] == 0)
        & (o.peak_size[:n] > 0)
    )
    out["uncoached_functional_peak_median"] = (
        float(np.median(o.peak_size[lone])) if lone.size else None
    )
    w = next((p.month for p in m.policies if p.name == "withdrawal"), None)
    out["withdrawal_month"] = w
    _cohort(rec, w, out, "withdrawal", "")
    end, basis = _support_end(m, w)
    out["support_end_month"], out["support_end_basis"] = end, basis
    _cohort(rec, end, out, "support_end", "_support_end")
    cm = m.v["run.cohort_month"] or None
    out["cohort_month"] = cm
    _cohort(rec, cm, out, "cohort", "_cohort")
    contract = next((p for p in m.policies if p.name == "ngo"), None)
    out["ngo_dropped_month"] = None if contract is None else contract.dropped_at
    out["ngo_dropped"] = None if contract is None else float(contract.dropped_at is not None)
    for key, at in (
        ("withdrawal_survival_24m", ("functional_at_withdrawal", "functional_alive_24m_after")),
        (
            "support_end_survival_24m",
            ("functional_at_support_end", "functional_alive_24m_after_support_end"),
        ),
        ("cohort_survival_24m", ("functional_at_cohort", "functional_alive_24m_after_cohort")),
    ):
        first, later = out[at[0]], out[at[1]]
        out[key] = later / first if first and later is not None else None
    out.update(hazards(m))
    crisis = next((p for p in m.policies if p.name == "crisis"), None)
    out["crisis_volunteers_first_month"] = (
        crisis.volunteers.get(crisis.start) if crisis is not None else None
    )
    if crisis is not None and crisis.start < m.month and crisis.start not in crisis.volunteers:
        out["crisis_volunteers_first_month"] = 0
    out["crisis_teams"] = None if crisis is None else crisis.teams
    return out
