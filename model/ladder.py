"""The participation ladder, measured the way the field counts residents who take part.

Each resident each month sits on one level (the highest that applies):

- ``core``: leads a functional group, is a core member of one (engaged, propensity above
  ``group.core_propensity``, public work in the last 3 months), or is a building head who did
  public work in the last 3 months;
- ``member``: a member of a functional group who did public work in the last 3 months;
- ``volunteer``: did public work in the last 3 months (an event, the council, a crisis call);
- ``occasional``: voted in the wishes collection, attended a meeting or an event, or gave to a
  project or the fund in the last 12 months (or did public work in that time);
- ``passive``: none of these.

``active_share`` is the field's 积极居民: residents at the volunteer level or above at some time
in the last 12 months (public work in that time, or at the member level or above now). Recreational
membership is not on the ladder; it is reported apart (``recreation_rate``).
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC

LEVELS = ("passive", "occasional", "volunteer", "member", "core")
RECENT = 3  # months: the ladder's "now" (public work in the last 3 months)
YEAR = 12  # months: the window of occasional acts and of active residents


def member_of_kind(m, functional: bool = True, memberships=None) -> np.ndarray:
    """Whether each resident belongs to a functional (or a recreational) group.

    ``memberships`` is ``m.memberships()`` when the caller already has it.
    """
    rid, gid = m.memberships() if memberships is None else memberships
    rec = m.orgs.kind[gid] == REC
    out = np.zeros(m.n, bool)
    out[rid[rec != functional]] = True
    return out


def functional_member(m) -> np.ndarray:
    """Whether each resident belongs to a functional group (either membership slot)."""
    return member_of_kind(m, True)


def levels(m, t: int | None = None, func: np.ndarray | None = None) -> np.ndarray:
    """Each resident's level (index into :data:`LEVELS`) at month ``t`` (default: the last).

    ``func`` (functional membership per resident) may be passed when already computed.
    """
    r, o, v = m.res, m.orgs, m.v
    t = m.month - 1 if t is None else t
    func = functional_member(m) if func is None else func
    recent = r.last_public > t - RECENT
    year = (r.last_public > t - YEAR) | (r.last_occasional > t - YEAR)
    core = func & recent & (r.propensity > v["group.core_propensity"])
    lead = np.flatnonzero(r.leads >= 0)  # few residents lead: index, don't gather for all
    core[lead[o.kind[r.leads[lead]] != REC]] = True  # leaders of functional groups
    core |= r.head & recent
    out = np.zeros(m.n, np.int8)
    out[year] = 1
    out[recent] = 2
    out[func & recent] = 3
    out[core] = 4
    return out


def shares(m, t: int, func: np.ndarray | None = None) -> dict[str, float]:
    """Share of residents on each level, and ``active_share``, at month ``t``."""
    lev = levels(m, t, func)
    n = max(m.n, 1)
    out = {
        f"level_{name}_share": int(np.count_nonzero(lev == i)) / n for i, name in enumerate(LEVELS)
    }
    active = (m.res.last_public > t - YEAR) | (lev >= LEVELS.index("member"))
    out["active_share"] = int(np.count_nonzero(active)) / n
    return out
