"""The vectorized numpy forms of the stages that now run as compiled loops (``model/kernels.py``).

These are the rules as they were written before the loops (commit 81455d5), kept here as the
reference: ``tests/test_kernels.py`` runs models with these forms in place of the compiled ones
and checks that every array comes out bit for bit the same.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.network import csr_rows
from yingzao.model.participation import _span_and_attraction, contagion
from yingzao.model.state import REC


def needs_update(m) -> None:
    """needs: recur toward ``min(base + crisis, 1)``, then keep what service leaves."""
    r, v = m.res, m.v
    target = np.minimum(r.base_need + m.crisis_add, 1.0) if m.crisis_add.any() else r.base_need
    need = r.need + v["needs.recurrence"] * (target - r.need)
    keep = m.per_resident(
        1.0
        - v["needs.service_effect"] * np.minimum(m.service + m.service_bld + m.service_extra, 1.0)
    )
    keep[:, REC] = 1.0 - v["needs.service_effect"] * m.member_rec
    r.need[:] = need * keep


def trust_update(m) -> None:
    """trust: both trusts move ``rate`` of the way toward their clipped targets."""
    r, v = m.res, m.v
    t_nb0, t_cm0 = m.trust0
    cover = m.per_resident(m.service[:, :REC].mean(axis=1))
    cover += m.service_extra[:REC].mean()
    rate = v["trust.rate"]
    target = v["trust.service_gain"] * cover
    target += t_nb0
    target += v["trust.member_gain"] * (r.groups[:, 0] >= 0)
    np.clip(target, 0, 1, out=target)
    target -= r.trust_nb
    target *= rate
    r.trust_nb += target
    c = m.committee
    target = t_cm0 + v["trust.cm_support"] * c.support
    target += v["trust.cm_service"] * cover
    target -= v["trust.cm_problems"] * c.problem_load
    np.clip(target, 0.0, 1.0, out=target)
    target -= r.trust_cm
    target *= rate
    r.trust_cm += target


def group_contacts(m, j: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Tie-weighted count of ``j[p]``'s contacts active in group ``g[p]``."""
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


def pull(m, j, g, noise, asker, contacts=None) -> np.ndarray:
    """The pull of group ``g[p]`` on ``j[p]`` asked by ``asker[p]``."""
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


def admit(m, j, g, noise, asker=None, contacts=None) -> np.ndarray:
    """Residents asked decide; who accepts joins (one invitation accepted per resident)."""
    r = m.res
    if asker is None:
        asker = np.maximum(m.orgs.leader[g], 0)
    ok = m.orgs.alive[g] & (r.groups[j, 1] < 0) & (r.groups[j, 0] != g) & (r.groups[j, 1] != g)
    j, g, asker, noise = j[ok], g[ok], asker[ok], noise[ok]
    if j.size == 0:
        return j
    contacts = None if contacts is None else contacts[ok]
    acc = pull(m, j, g, noise, asker, contacts) > r.theta[j]
    j, g = j[acc], g[acc]
    if j.size == 0:
        return j
    j, first = np.unique(j, return_index=True)
    g = g[first]
    slot = (r.groups[j, 0] >= 0).astype(np.int64)
    r.groups[j, slot] = g
    r.propensity[j] = np.maximum(r.propensity[j], m.v["learn.initial"])
    return j


def pick_neighbour(m, who: np.ndarray, u: np.ndarray):
    """One neighbour of each resident in ``who`` in proportion to tie strength."""
    W = m.W
    lo, hi = W.indptr[who], W.indptr[who + 1]
    has = hi > lo
    who, lo, hi, u = who[has], lo[has], hi[has], u[has]
    cum = m.W_cum
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    target = base + u * (cum[hi - 1] - base)
    owner, idx = csr_rows(W, who)
    below = np.bincount(owner, weights=cum[idx] <= target[owner], minlength=who.size)
    k = np.minimum(lo + below.astype(np.int64), hi - 1)
    return who, W.indices[k], has


def decide(m) -> None:
    """decisions: engagement of members, then asking and joining."""
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
    has1 = e1 >= 0
    e1c = np.maximum(e1, 0)
    works0 = (o.kind[e0] != REC) & ~o.ngo_run[e0]
    works1 = has1 & (o.kind[e1c] != REC) & ~o.ngo_run[e1c]
    r.public[eng[works0 | works1]] = True
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
        pg = np.concatenate(m.pending_g)
        pairs_j.append(np.concatenate(m.pending_j))
        pairs_g.append(pg)
        pairs_a.append(np.maximum(o.leader[pg], 0))
        m.pending_j, m.pending_g = [], []
    if pairs_j:
        j = np.concatenate(pairs_j)
        noise = m.streams.keyed("decide").normal(t, j, v["decide.noise_sd"])
        admit(m, j, np.concatenate(pairs_g), noise, np.concatenate(pairs_a))


def memberships(m, slots: bool = False):
    """Every membership as ``(resident, organization[, slot])``, resident by resident."""
    flat = m.res.groups.ravel()
    at = np.flatnonzero(flat >= 0)
    rid = np.repeat(np.arange(m.n), 2)[at]
    return (rid, flat[at], at & 1) if slots else (rid, flat[at])


def learn(m) -> None:
    """learning: propensities move with the month's payoff; low ones leave."""
    r, v, o = m.res, m.v, m.orgs
    rid, gid, slot = memberships(m, slots=True)
    if rid.size == 0:
        return
    first = rid[slot == 0]
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


# the month's stages that run compiled, by their STEP_PLAN name
STAGES = {"needs": needs_update, "decisions": decide, "learning": learn, "trust": trust_update}
