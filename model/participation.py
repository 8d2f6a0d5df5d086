"""Residents decide (threshold joining through the network) and learn (Bush-Mosteller).

Joining (Granovetter 1978; Siegel 2009): each engaged member invites one random network
neighbour with probability ``invite_rate``; the neighbour joins when

    pull = w_social * s * trust_nb + w_need * need_k * (spirit if functional else 1)
           + w_recognition * recognition - cost_kind * (1 - free_time) + noise  >  theta

where ``s`` is the share of neighbours who did public work last month and ``theta`` is the
resident's threshold. Taking part in a month: a member engages with probability equal to its
learned propensity (a leader at least 0.9). Learning (Macy 1991; Macy & Flache 2002): an engaged
member's propensity moves toward 1 when the month's payoff beats the aspiration level and toward 0
otherwise; idle members drift down; a member whose propensity falls below ``leave_below`` leaves.
Paid participation adds payoff but erodes public spirit (crowding out, Frey & Jegen 2001).
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC


def decide(m) -> None:
    """The decisions stage: engagement of members and joining through invitations."""
    r, v, o = m.res, m.v, m.orgs
    n = m.n
    u_engage = m.streams["engage"].random(n)
    rng = m.streams["invite"]
    u_inv, u_pick, u_slot = rng.random(n), rng.random(n), rng.random(n)
    noise = m.streams["decide"].normal(0.0, v["decide.noise_sd"], n)
    member = r.groups[:, 0] >= 0
    p = np.where(r.leads >= 0, np.maximum(r.propensity, 0.9), r.propensity)
    r.engaged[:] = member & (u_engage < p)
    g0 = r.groups[:, 0]
    func0 = member & (o.kind[np.maximum(g0, 0)] != REC)
    func1 = (r.groups[:, 1] >= 0) & (o.kind[np.maximum(r.groups[:, 1], 0)] != REC)
    r.public |= r.engaged & (func0 | func1)

    # an engaged member speaks for one of its groups; a functional group recruits in proportion
    # to its organizing capacity (a group that cannot yet mobilize stays small)
    second = (r.groups[:, 1] >= 0) & (u_slot < 0.5)
    g_all = np.where(second, r.groups[:, 1], r.groups[:, 0])
    cap = o.capacity[np.maximum(g_all, 0)]
    k_all = o.kind[np.maximum(g_all, 0)]
    reach = np.where(k_all == REC, 1.0, 0.1 + cap)
    inv = np.flatnonzero(r.engaged & (u_inv < v["decide.invite_rate"] * reach))
    if inv.size == 0:
        return
    indptr, indices = m.A.indptr, m.A.indices
    deg = indptr[inv + 1] - indptr[inv]
    inv, deg = inv[deg > 0], deg[deg > 0]
    j = indices[indptr[inv] + (u_pick[inv] * deg).astype(np.int64)]
    g = g_all[inv]
    ok = (r.groups[j, 1] < 0) & (r.groups[j, 0] != g)
    j, g = j[ok], g[ok]
    kind = o.kind[g]
    functional = kind != REC
    need_k = r.need[j, kind]
    recog = 0.7 * o.recognized[g] + 0.3 * o.coached[g] + 0.3 * o.federated[g]
    cost = np.where(functional, v["decide.cost_functional"], v["decide.cost_recreational"])
    pull = (
        v["decide.w_social"] * m.s_public[j] * r.trust_nb[j]
        + v["decide.w_need"] * need_k * np.where(functional, r.spirit[j], 1.0)
        + v["decide.w_recognition"] * recog
        - cost * (1 - r.free_time[j])
        + noise[j]
    )
    acc = pull > r.theta[j]
    j, g = j[acc], g[acc]
    if j.size == 0:
        return
    j, first = np.unique(j, return_index=True)  # one invitation accepted per resident
    g = g[first]
    slot = (r.groups[j, 0] >= 0).astype(np.int64)
    r.groups[j, slot] = g
    r.propensity[j] = np.maximum(r.propensity[j], v["learn.initial"])


def learn(m) -> None:
    """The learning stage: propensities move with the month's payoff; low ones leave."""
    r, v, o = m.res, m.v, m.orgs
    rid, gid = m.memberships()
    if rid.size == 0:
        return
    eng = r.engaged[rid]
    kind = o.kind[gid]
    func = kind != REC
    y = o.output[gid]
    recog = 0.7 * o.recognized[gid] + 0.3 * o.coached[gid] + 0.3 * o.federated[gid]
    paid = r.paid[rid] & func
    benefit = np.where(
        func,
        v["learn.w_output"] * y
        + v["decide.w_recognition"] * recog
        + v["learn.w_spirit"] * r.spirit[rid]
        + 0.2 * paid,
        v["learn.w_output"] * y * (0.5 + r.base_need[rid, REC]),
    )
    cost = np.where(func, v["decide.cost_functional"], v["decide.cost_recreational"])
    payoff = benefit - cost * (1 - r.free_time[rid])
    # the best of a resident's groups sets the month's payoff
    best = np.full(m.n, -np.inf)
    np.maximum.at(best, rid[eng], payoff[eng])
    who = np.flatnonzero(np.isfinite(best))
    asp = v["learn.aspiration"]
    stim = np.clip((best[who] - asp) / max(asp, 1 - asp), -1.0, 1.0)
    p = r.propensity[who]
    rate = v["learn.rate"]
    r.propensity[who] = np.where(stim >= 0, p + rate * stim * (1 - p), p + rate * stim * p)
    idle = np.flatnonzero((r.groups[:, 0] >= 0) & ~r.engaged)
    r.propensity[idle] *= 1 - v["learn.drift"]
    crowd = v["learn.crowding"]
    if crowd > 0:
        r.spirit[r.paid] *= 1 - crowd
    leave = np.flatnonzero(
        (r.groups[:, 0] >= 0) & (r.propensity < v["learn.leave_below"]) & (r.leads < 0)
    )
    if leave.size:
        r.groups[leave] = -1
