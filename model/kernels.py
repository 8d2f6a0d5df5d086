"""Compiled loops (Numba) for the month's passes over residents and their ties.

Each loop computes what the vectorized rule stated beside its caller computes, with the same
floating-point operations in the same order, so a run gives the same bits either way; one pass
here replaces a dozen numpy passes over 50,000 residents. The loops use only ``+ - * /``,
comparisons, ``min``/``max`` and sums in index order (as ``np.bincount`` adds): no ``exp``,
``log`` or ``power``, whose compiled versions differ from numpy's in the last bit (those are
computed by numpy before or after a loop). ``tests/test_kernels.py`` holds the numpy forms and
checks the loops against them bit for bit.

Compiled code is cached beside this file (or in the user's cache folder), so only the first
run on a machine pays the compilation (a few seconds).
"""

from __future__ import annotations

import numpy as np
from numba import njit

_JIT = {"cache": True, "nogil": True}


@njit(**_JIT)
def needs_step(
    need, base, crisis, any_crisis, rec, keep_bld, bld_start, bld_count, keep_rec, n_rec
):
    """Needs recur toward ``min(base + crisis, 1)``, then keep ``keep_bld`` of the building's row.

    Column ``n_rec`` (recreation) keeps ``keep_rec`` of each resident instead. In numpy:
    ``need += (target - need) * rec; need *= keep`` with ``keep`` the building's row per
    resident and ``keep[:, n_rec] = keep_rec``.
    """
    for b in range(bld_start.size):
        for i in range(bld_start[b], bld_start[b] + bld_count[b]):
            for k in range(n_rec + 1):
                t = min(base[i, k] + crisis[k], 1.0) if any_crisis else base[i, k]
                x = need[i, k]
                need[i, k] = (x + (t - x) * rec) * (keep_rec[i] if k == n_rec else keep_bld[b, k])


@njit(**_JIT)
def trust_step(r_nb, r_cm, t_nb0, t_cm0, cover_bld, extra, first, c, bld_start, bld_count):
    """Both trusts move ``rate`` of the way toward their targets, clipped to 0-1.

    ``cover = cover_bld[building] + extra``; toward neighbours:
    ``gain * cover + t_nb0 + member_gain * member``; toward the committee:
    ``t_cm0 + cm_support * support + cm_service * cover - cm_problems * problem_load``.
    ``c`` holds ``(gain, member_gain, rate, t_cm0 offset = cm_support * support, cm_service,
    cm_problems * problem_load)``; ``member`` is 1 where ``first`` (a resident's first group)
    is a group, else 0.
    """
    gain, member_gain, rate, cm_base, cm_service, cm_minus = c[0], c[1], c[2], c[3], c[4], c[5]
    for b in range(bld_start.size):
        cover = cover_bld[b] + extra
        for i in range(bld_start[b], bld_start[b] + bld_count[b]):
            t = gain * cover + t_nb0[i]
            t = t + member_gain * (1.0 if first[i] >= 0 else 0.0)
            t = min(max(t, 0.0), 1.0)
            r_nb[i] = r_nb[i] + (t - r_nb[i]) * rate
            t = t_cm0[i] + cm_base
            t = t + cm_service * cover
            t = t - cm_minus
            t = min(max(t, 0.0), 1.0)
            r_cm[i] = r_cm[i] + (t - r_cm[i]) * rate


@njit(**_JIT)
def learn_step(
    groups,
    engaged,
    paid,
    spirit,
    free_time,
    base_rec,
    leads,
    propensity,
    kind,
    ngo_run,
    output,
    recognized,
    federated,
    c,
    n_rec,
):
    """Bush-Mosteller learning of every member, then crowding out and leaving (see ``learn``).

    ``c`` holds ``(w_recognition, w_federation, w_output, w_spirit, w_paid, rec_floor,
    cost_functional, cost_recreational, aspiration, max(aspiration, 1 - aspiration), rate,
    1 - drift, crowding, 1 - crowding, leave_below)``.
    """
    w_rec, w_fed, w_out, w_spirit, w_paid, rec_floor = c[0], c[1], c[2], c[3], c[4], c[5]
    cost_f, cost_r, asp, span, rate, keep_idle = c[6], c[7], c[8], c[9], c[10], c[11]
    crowd, keep_crowd, leave_below = c[12], c[13], c[14]
    any_member = False
    for i in range(groups.shape[0]):
        if groups[i, 0] >= 0 or groups[i, 1] >= 0:
            any_member = True
        acted = False
        best = 0.0
        for s in range(2):
            g = groups[i, s]
            if g < 0 or not engaged[i] or ngo_run[g]:
                continue
            y = output[g]
            if kind[g] != n_rec:
                recog = w_rec * recognized[g] + w_fed * federated[g]
                benefit = w_out * y + recog + w_spirit * spirit[i] + w_paid * paid[i]
                pay = benefit - cost_f * (1 - free_time[i])
            else:
                pay = w_out * y * (rec_floor + base_rec[i]) - cost_r * (1 - free_time[i])
            best = max(best, pay) if acted else pay
            acted = True
        if acted:
            stim = min(max((best - asp) / span, -1.0), 1.0)
            p = propensity[i]
            propensity[i] = p + rate * stim * (1 - p) if stim >= 0 else p + rate * stim * p
        elif groups[i, 0] >= 0:
            propensity[i] *= keep_idle
        if groups[i, 0] >= 0 and propensity[i] < leave_below and leads[i] < 0:
            groups[i, 0] = -1
            groups[i, 1] = -1
    if any_member and crowd > 0:  # (a month without members changes nothing)
        for i in range(paid.size):
            if paid[i]:
                spirit[i] *= keep_crowd


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(**_JIT)
def keyed_uniform(key, i):
    """:meth:`streams.Keyed.uniform` of resident ``i`` under month-and-salt key ``key``."""
    z = key + (np.uint64(i) + np.uint64(1)) * _GOLD
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)) * _TO_UNIT


@njit(**_JIT)
def pick_one(i, u, indptr, cum, indices):
    """The neighbour of ``i`` that draw ``u`` picks in proportion to tie strength (-1: none).

    ``cum`` is the running sum of tie weights over the CSR data: the first of the row's entries
    whose running sum exceeds ``base + u * (row total)``, as ``np.searchsorted(side="right")``.
    """
    lo, hi = indptr[i], indptr[i + 1]
    if hi <= lo:
        return -1
    base = cum[lo - 1] if lo > 0 else 0.0
    target = base + u * (cum[hi - 1] - base)
    k = lo
    for e in range(lo, hi):
        if cum[e] <= target:
            k += 1
    return indices[min(k, hi - 1)]


@njit(**_JIT)
def pick_neighbours(who, u, indptr, cum, indices):
    """:func:`pick_one` of each ``who[p]`` with draw ``u[p]``."""
    out = np.empty(who.size, np.int64)
    for p in range(who.size):
        out[p] = pick_one(who[p], u[p], indptr, cum, indices)
    return out


@njit(**_JIT)
def engage_and_ask(
    groups,
    leads,
    propensity,
    share,
    attraction,
    kind,
    ngo_run,
    engaged,
    public,
    keys,
    c,
    n_rec,
    indptr,
    cum,
    indices,
):
    """Members take part; engaged ones do public work and ask a neighbour (see ``decide``).

    ``keys`` are the month-and-salt keys of the draws: engagement, then the asking slot, the
    asking and the neighbour; ``c`` holds ``(leader_engage, invite_rate)``. Returns the
    askers who found a neighbour, the neighbours and the groups they speak for, in resident order.
    """
    leader_engage, invite_rate = c[0], c[1]
    n = groups.shape[0]
    asker = np.empty(n, np.int64)
    nb = np.empty(n, np.int64)
    grp = np.empty(n, np.int64)
    q = 0
    for i in range(n):
        engaged[i] = False
        g0 = groups[i, 0]
        if g0 < 0:
            continue
        g1 = groups[i, 1]
        if leads[i] >= 0:
            p = max(propensity[i], leader_engage)
        else:
            room = max(share[g0], share[g1] if g1 >= 0 else 0.0)
            p = propensity[i] * room
        if not keyed_uniform(keys[0], i) < p:
            continue
        engaged[i] = True
        works0 = kind[g0] != n_rec and not ngo_run[g0]
        works1 = g1 >= 0 and kind[g1] != n_rec and not ngo_run[g1]
        if works0 or works1:
            public[i] = True
        speak = g1 if g1 >= 0 and keyed_uniform(keys[1], i) * 2 < 1 else g0
        if not keyed_uniform(keys[2], i) < invite_rate * attraction[speak]:
            continue
        j = pick_one(i, keyed_uniform(keys[3], i), indptr, cum, indices)
        if j >= 0:
            asker[q], nb[q], grp[q] = i, j, speak
            q += 1
    return asker[:q], nb[:q], grp[:q]


@njit(**_JIT)
def group_contacts(j, g, indptr, indices, data, groups, engaged, leader):
    """Tie-weighted count of ``j[p]``'s contacts active in group ``g[p]`` (engaged or leading)."""
    out = np.zeros(j.size)
    for p in range(j.size):
        gp = g[p]
        s = 0.0
        for e in range(indptr[j[p]], indptr[j[p] + 1]):
            x = indices[e]
            if (groups[x, 0] == gp or groups[x, 1] == gp) and (engaged[x] or leader[gp] == x):
                s += data[e]
        out[p] = s
    return out


@njit(**_JIT)
def can_join(j, g, alive, groups):
    """Pairs whose group is alive and whose resident has a free slot and is not yet a member."""
    ok = np.empty(j.size, np.bool_)
    for p in range(j.size):
        x, gp = j[p], g[p]
        ok[p] = alive[gp] and groups[x, 1] < 0 and groups[x, 0] != gp and groups[x, 1] != gp
    return ok


@njit(**_JIT)
def pull_terms(
    j,
    g,
    asker,
    noise,
    need,
    spirit,
    skill,
    experience,
    free_time,
    kind,
    recognized,
    federated,
    c,
    n_rec,
):
    """The pull of group ``g[p]`` on ``j[p]`` without the social term (see ``pull``).

    ``c`` holds ``(w_need, w_asker_skill, w_recognition, w_federation, w_experience,
    cost_functional, cost_recreational)``.
    """
    out = np.empty(j.size)
    for p in range(j.size):
        x, gp = j[p], g[p]
        k = kind[gp]
        func = k != n_rec
        v = c[0] * need[x, k] * (spirit[x] if func else 1.0)
        v = v + c[1] * skill[asker[p]]
        v = v + c[2] * recognized[gp]
        v = v + c[3] * federated[gp]
        v = v + c[4] * experience[x]
        v = v - (c[5] if func else c[6]) * (1 - free_time[x])
        out[p] = v + noise[p]
    return out


@njit(**_JIT)
def memberships(groups, with_slots):
    """``(resident, organization[, slot])`` of every membership, resident by resident."""
    n = groups.shape[0]
    q = 0
    for i in range(n):
        q += (groups[i, 0] >= 0) + (groups[i, 1] >= 0)
    rid = np.empty(q, np.int64)
    gid = np.empty(q, groups.dtype)
    slot = np.empty(q if with_slots else 0, np.int64)
    q = 0
    for i in range(n):
        for s in range(2):
            if groups[i, s] >= 0:
                rid[q], gid[q] = i, groups[i, s]
                if with_slots:
                    slot[q] = s
                q += 1
    return rid, gid, slot
