"""Residents take part, are asked to join, decide by threshold, and learn (Bush-Mosteller).

Taking part: a member engages in a month with probability equal to its learned propensity (a
leader at least ``decide.leader_engage``), times its group's organizing span share: a functional
group can give tasks to ``span_base + span_capacity * capacity`` members, a recreational one's
organizer keeps ``span_recreational`` going; members beyond that have nothing to do that month
(``mech.span``).

Asking: each engaged member asks one network neighbour, chosen in proportion to tie strength
(household, building, other building), with probability ``invite_rate * attraction``, where a
group's attraction grows with its visible output, coaching and a running funded project.

Deciding (Granovetter 1978; Centola & Macy 2007): the resident asked joins when

    pull = w_social * C(a) * trust_nb + w_need * need_k * (spirit if functional else 1)
           + w_asker_skill * skill_of_asker + w_recognition * recognized
           + w_federation * federated + w_experience * experience
           - cost_kind * (1 - free_time) + noise  >  theta

where ``a`` is the tie-weighted number of the resident's contacts who are active members of that
group (the asker among them), ``skill_of_asker`` how persuasive the one who asks is (a skilled
leader mobilizes), and ``C(a) = a^h / (a^h + a50^h)`` a complex-contagion response:
with ``h > 1`` one contact pulls little and several pull much, so a stairwell that organizes can
tip (``mech.social_influence``). Learning (Macy 1991; Macy & Flache 2002): an engaged member's
propensity moves toward 1 when the month's payoff beats the aspiration level and toward 0
otherwise; idle members drift down; a member whose propensity falls below ``leave_below`` leaves.
Paid participation adds payoff but erodes public spirit (crowding out, Frey & Jegen 2001).
Members of a group whose activities a substituting NGO runs this month receive: they do no
public work and learn nothing from the month, as if idle (field: substituting NGOs leave
residents passive receivers).
"""

from __future__ import annotations

import numpy as np
from yingzao.model.network import csr_rows
from yingzao.model.state import REC


def contagion(a: np.ndarray, v: dict) -> np.ndarray:
    """Complex-contagion response to ``a`` tie-weighted active contacts, 0-1."""
    h = v["decide.contagion_exponent"]
    ah = np.power(a, h)
    return ah / (ah + v["decide.contacts_half"] ** h)


def group_contacts(m, j: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Tie-weighted count of resident ``j[p]``'s contacts active in group ``g[p]``, per pair ``p``.

    Active: engaged this month, or the group's leader (a founder counts for its own group).
    """
    if j.size == 0:
        return np.zeros(0)
    W, r, o = m.W, m.res, m.orgs
    pair, idx = csr_rows(W, j)
    if idx.size == 0:
        return np.zeros(j.size)
    nb, wt = W.indices[idx], W.data[idx]
    pg = g[pair]
    inside = (r.groups[nb, 0] == pg) | (r.groups[nb, 1] == pg)
    active = inside & (r.engaged[nb] | (o.leader[pg] == nb))
    return np.bincount(pair, weights=wt * active, minlength=j.size)


def pull(
    m,
    j: np.ndarray,
    g: np.ndarray,
    noise: np.ndarray,
    asker: np.ndarray,
    contacts: np.ndarray | None = None,
) -> np.ndarray:
    """Pull of group ``g[p]`` on resident ``j[p]`` asked by ``asker[p]`` (vs its threshold).

    ``contacts`` is :func:`group_contacts` of the pairs when the caller knows it.
    """
    r, v, o = m.res, m.v, m.orgs
    kind = o.kind[g]
    functional = kind != REC
    p = (
        v["decide.w_need"] * r.need[j, kind] * np.where(functional, r.spirit[j], 1.0)
        + v["decide.w_asker_skill"] * r.skill[asker]
        + v["decide.w_recognition"] * o.recognized[g]
        + v["decide.w_federation"] * o.federated[g]
        + v["decide.w_experience"] * r.experience[j]
        - np.where(functional, v["decide.cost_functional"], v["decide.cost_recreational"])
        * (1 - r.free_time[j])
        + noise
    )
    if v["mech.social_influence"]:
        a = group_contacts(m, j, g) if contacts is None else contacts
        p += v["decide.w_social"] * contagion(a, v) * r.trust_nb[j]
    return p


def admit(
    m,
    j: np.ndarray,
    g: np.ndarray,
    noise: np.ndarray,
    asker: np.ndarray | None = None,
    contacts: np.ndarray | None = None,
) -> np.ndarray:
    """Residents ``j[p]`` asked by ``asker[p]`` to join group ``g[p]`` decide; who accepts joins.

    ``noise[p]`` is pair ``p``'s decision noise; ``asker`` defaults to each group's leader;
    ``contacts`` is :func:`group_contacts` of the pairs when the caller knows it. One
    invitation is accepted per resident. Returns the residents who joined.
    """
    r = m.res
    if asker is None:
        asker = np.maximum(m.orgs.leader[g], 0)
    # a group asked at last month's events may have ended since
    ok = m.orgs.alive[g] & (r.groups[j, 1] < 0) & (r.groups[j, 0] != g) & (r.groups[j, 1] != g)
    j, g, asker, noise = j[ok], g[ok], asker[ok], noise[ok]
    if j.size == 0:
        return j
    contacts = None if contacts is None else contacts[ok]
    acc = pull(m, j, g, noise, asker, contacts) > r.theta[j]
    j, g = j[acc], g[acc]
    if j.size == 0:
        return j
    j, first = np.unique(j, return_index=True)  # one invitation accepted per resident
    g = g[first]
    slot = (r.groups[j, 0] >= 0).astype(np.int64)
    r.groups[j, slot] = g
    r.propensity[j] = np.maximum(r.propensity[j], m.v["learn.initial"])
    return j


def pick_neighbour(m, who: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One network neighbour of each resident in ``who``, chosen in proportion to tie strength.

    ``u`` holds one uniform draw per resident in ``who``. Returns ``(askers with a neighbour,
    their chosen neighbours, which of who had one)``.
    """
    W = m.W
    lo, hi = W.indptr[who], W.indptr[who + 1]
    has = hi > lo
    who, lo, hi, u = who[has], lo[has], hi[has], u[has]
    cum = m.W_cum  # running sum of tie weights over the CSR data
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    target = base + u * (cum[hi - 1] - base)
    # np.searchsorted(cum, target, side="right") within each row (everything before the row is
    # at most base <= target): the row's entries at most target, counted
    owner, idx = csr_rows(W, who)
    below = np.bincount(owner, weights=cum[idx] <= target[owner], minlength=who.size)
    k = np.minimum(lo + below.astype(np.int64), hi - 1)
    return who, W.indices[k], has


def _span_and_attraction(m) -> tuple[np.ndarray, np.ndarray]:
    """Per organization: the share of members it can give tasks to, and its attraction.

    Sizes are last month's (the groups stage counts them); coaching and projects are this month's.
    """
    v, o = m.v, m.orgs
    n = o.n
    func = o.kind[:n] != REC
    share = np.ones(n)
    if v["mech.span"]:
        span = v["group.span_base"] + v["group.span_capacity"] * o.capacity[:n]
        span = np.where(func, span, v["group.span_recreational"])
        share = np.minimum(1.0, span / np.maximum(o.size[:n], 1))
    attraction = (
        v["decide.invite_base"]
        + v["decide.invite_output"] * o.output[:n]
        + v["decide.invite_coached"] * o.coached[:n]
        + v["decide.invite_project"] * (o.grant_months[:n] > 0)
    )
    return share, attraction


def decide(m) -> None:
    """The decisions stage: engagement of members, then asking and joining.

    Draws are keyed by resident and month (:meth:`Streams.keyed`): only members draw for
    engagement, only engaged members for asking, only residents asked for their decision.
    """
    r, v, o = m.res, m.v, m.orgs
    t = m.month
    g0, g1 = r.groups[:, 0], r.groups[:, 1]
    share, attraction = _span_and_attraction(m)
    mem = np.flatnonzero(g0 >= 0)
    m0, m1 = g0[mem], g1[mem]
    room = np.maximum(share[m0], np.where(m1 >= 0, share[np.maximum(m1, 0)], 0.0))
    leads = r.leads[mem] >= 0
    p = np.where(leads, np.maximum(r.propensity[mem], v["decide.leader_engage"]), r.propensity[mem])
    p = np.where(leads, p, p * room)
    u_engage = m.streams.keyed("engage").uniform(t, mem)
    r.engaged[:] = False
    eng = mem[u_engage < p]
    r.engaged[eng] = True
    e0, e1 = g0[eng], g1[eng]
    # public work in a functional group the NGO does not run (where it runs them, members
    # receive services: they take part but do no work of their own)
    has1 = e1 >= 0
    e1c = np.maximum(e1, 0)
    works0 = (o.kind[e0] != REC) & ~o.ngo_run[e0]
    works1 = has1 & (o.kind[e1c] != REC) & ~o.ngo_run[e1c]
    r.public[eng[works0 | works1]] = True

    # an engaged member speaks for one of its groups (either, when it has two)
    ask = m.streams.keyed("invite")
    u_slot, u_inv = ask.uniform(t, eng, 0), ask.uniform(t, eng, 1)
    speak = np.where((e1 >= 0) & (u_slot * 2 < 1), e1, e0)
    go = u_inv < v["decide.invite_rate"] * attraction[speak]
    asker, speak = eng[go], speak[go]
    pairs_j, pairs_g, pairs_a = [], [], []
    if asker.size:
        asker, j, has = pick_neighbour(m, asker, ask.uniform(t, asker, 2))
        pairs_j.append(j)
        pairs_g.append(speak[has])
        pairs_a.append(asker)
    if m.pending_j:
        # asked at last month's events, by the group's leader
        pg = np.concatenate(m.pending_g)
        pairs_j.append(np.concatenate(m.pending_j))
        pairs_g.append(pg)
        pairs_a.append(np.maximum(o.leader[pg], 0))
        m.pending_j, m.pending_g = [], []
    if pairs_j:
        j = np.concatenate(pairs_j)
        noise = m.streams.keyed("decide").normal(t, j, v["decide.noise_sd"])
        admit(m, j, np.concatenate(pairs_g), noise, np.concatenate(pairs_a))


def learn(m) -> None:
    """The learning stage: propensities move with the month's payoff; low ones leave."""
    r, v, o = m.res, m.v, m.orgs
    rid, gid, slot = m.memberships(slots=True)
    if rid.size == 0:
        return
    first = rid[slot == 0]  # residents whose first slot is taken, in order (groups[:, 0] >= 0)
    # members of a group the NGO runs received this month: nothing of their own to learn from
    eng = r.engaged[rid] & ~o.ngo_run[gid]
    func = o.kind[gid] != REC
    y = o.output[gid]
    recog = (
        v["decide.w_recognition"] * o.recognized[gid] + v["decide.w_federation"] * o.federated[gid]
    )
    paid = r.paid[rid] & func
    benefit = np.where(
        func,
        v["learn.w_output"] * y
        + recog
        + v["learn.w_spirit"] * r.spirit[rid]
        + v["learn.w_paid"] * paid,
        v["learn.w_output"] * y * (v["learn.rec_floor"] + r.base_need[rid, REC]),
    )
    cost = np.where(func, v["decide.cost_functional"], v["decide.cost_recreational"])
    payoff = benefit - cost * (1 - r.free_time[rid])
    # the best of a resident's groups sets the month's payoff
    # (memberships run resident by resident: one run of entries per resident who acted)
    acting, pay = rid[eng], payoff[eng]
    start = np.flatnonzero(np.r_[True, acting[1:] != acting[:-1]]) if acting.size else acting
    who = acting[start]
    best = np.maximum.reduceat(pay, start) if who.size else pay
    asp = v["learn.aspiration"]
    stim = np.clip((best - asp) / max(asp, 1 - asp), -1.0, 1.0)
    p = r.propensity[who]
    rate = v["learn.rate"]
    r.propensity[who] = np.where(stim >= 0, p + rate * stim * (1 - p), p + rate * stim * p)
    acted = np.zeros(m.n, bool)
    acted[who] = True
    idle = first[~acted[first]]
    r.propensity[idle] *= 1 - v["learn.drift"]
    crowd = v["learn.crowding"]
    if crowd > 0:
        r.spirit[r.paid] *= 1 - crowd
    leave = first[(r.propensity[first] < v["learn.leave_below"]) & (r.leads[first] < 0)]
    if leave.size:
        r.groups[leave] = -1
