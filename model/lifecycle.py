"""Organizations are founded, convert, split, tire their leaders and die; residents move.

Founding (critical mass, Oliver & Marwell): a resident with organizing skill who leads nothing
counts interested network neighbours per category (need high enough, a free membership slot);
reach grows with skill (``count * (skill_floor + skill)``). A functional group needs a leader
(``skill >= leader_skill``) and ``mass_functional`` interested neighbours; a recreational one an
organizer, ``mass_recreational`` and room in the public spaces (``mech.public_space``). Such a
resident founds, with probability ``found.rate`` (scaled by skill), a group in its most pressing
eligible category, then asks its interested neighbours, who decide as any resident asked to join
(:func:`~yingzao.model.participation.admit`): no fixed number of founding members.

Conversion: a recreational group takes on a public task at ``conversion_base`` a month, plus
``conversion_coached`` in a month it is coached. Splitting: a functional group of at least
``split_size`` members with a skilled member who leads nothing seeds a new group with that
member; members interested in the new task follow with probability ``split_follow``.

Survival (Stinchcombe 1965; Bruderl & Schussler 1990; Ostrom 1990): monthly hazard
``h0 * (1 + newness * exp(-age / newness_months)) * exp(-b_cap * capacity - b_core * core)
* (1 + b_shock * shock) * (1 - fed_protect * federated) * (1 - rec_protect * recognized)``,
where ``shock`` is the disruption by outside money that stopped unexpectedly (a withdrawal, a
contract cut; a grant's planned end is none). A group also ends with fewer than
``group.min_members`` members, after ``idle_months`` idle months, or without a leader. Leaders
tire when they carry a group alone and hand it to the most skilled member or let it end.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.defaults import CATEGORIES
from yingzao.model.founding import ask_founded, disjoint_prefix, interested_in
from yingzao.model.network import csr_rows
from yingzao.model.registration import register
from yingzao.model.state import REC, K


def seed_initial(m) -> None:
    """Groups that exist at month 0, at the field density, of mixed ages."""
    r, v, o = m.res, m.v, m.orgs
    rng = m.streams["initial_groups"]
    n_groups = int(round(v["community.groups_per_1000"] * m.n / 1000))
    n_func = int(round(n_groups * v["community.functional_share0"]))
    interested = interested_in(m)
    order = rng.permutation(m.n)
    u = rng.random((n_groups, 3))
    lo, hi = v["initial.propensity_low"], v["initial.propensity_high"]
    made = 0
    for i in order.tolist():
        if made == n_groups:
            break
        func = made < n_func
        if r.skill[i] < v["resident.leader_skill" if func else "resident.organizer_skill"]:
            continue
        k = int(r.need[i, :REC].argmax()) if func else REC
        g = m.found_group(i, k, -int(u[made, 0] * v["initial.max_age"]), origin="initial")
        if g < 0:
            continue  # already in two groups: cannot found another
        nb = m.A.indices[m.A.indptr[i] : m.A.indptr[i + 1]]
        most = v["initial.members_functional" if func else "initial.members_recreational"]
        size = v["group.min_members"] + int(u[made, 1] * most)
        joined = m.join(nb[interested[nb, k]][:size], g)
        r.propensity[joined] = lo + (hi - lo) * u[made, 2]
        o.capacity[g] = v["initial.capacity_high"] * u[made, 2]
        made += 1


def found_convert_split(m) -> None:
    """The founding stage."""
    _fatigue(m)
    _found(m)
    _convert(m)
    _split(m)


def _found(m) -> None:
    r, v = m.res, m.v
    cand = np.flatnonzero(
        (r.skill >= v["resident.organizer_skill"])
        & (r.leads < 0)
        & (r.groups[:, 1] < 0)
        & (r.fatigue < v["leader.found_fatigue"])
    )
    if cand.size == 0:
        return
    u = m.streams.keyed("found").uniform(m.month, cand)
    ngo = m.ngo
    incubating = ngo is not None and ngo.present and ngo.incubating_share > 0
    incubating = incubating and v["mech.founding_help"]
    boost = v["ngo.founding_boost"] * ngo.effectiveness * ngo.incubating_share if incubating else 0
    # only a draw under the highest rate any category could have can found (exact, and cheap:
    # the critical-mass counts below are then needed for a few residents only)
    top = max(v["found.rate_functional"], v["found.rate_recreational"]) * (1 + boost)
    maybe = u < top * (v["found.skill_floor"] + r.skill[cand])
    cand, u = cand[maybe], u[maybe]
    if cand.size == 0:
        return
    # interested neighbours per category: A's entries are whole numbers, so the sums are exact
    # in any order (the same as A[cand] @ interested, without building either)
    owner, idx = csr_rows(m.A, cand)
    hits = m.A.data[idx][:, None] * interested_in(m, m.A.indices[idx])
    counts = np.empty((cand.size, K))
    for k in range(K):
        counts[:, k] = np.bincount(owner, weights=hits[:, k], minlength=cand.size)
    counts *= (v["found.skill_floor"] + r.skill[cand])[:, None]
    ok = np.empty_like(counts, dtype=bool)
    ok[:, :REC] = (counts[:, :REC] >= v["found.mass_functional"]) & (
        r.skill[cand] >= v["resident.leader_skill"]
    )[:, None]
    ok[:, REC] = counts[:, REC] >= v["found.mass_recreational"]
    # a leader serves the need it feels most (public needs weighted by its public spirit)
    pref = r.need[cand].copy()
    pref[:, :REC] *= v["found.spirit_floor"] + r.spirit[cand][:, None]
    pref = np.where(ok, pref, -1.0)
    best = pref.argmax(axis=1)
    rate = np.where(best == REC, v["found.rate_recreational"], v["found.rate_functional"])
    if v["mech.public_space"]:
        rate = np.where(best == REC, rate * max(0.0, 1.0 - m.space_crowding), rate)
    helped = np.zeros(cand.size, bool)
    if incubating:
        # accompanied first steps: the NGO helps the leaders it found start their groups
        helped = r.visited[cand] & (best != REC)
        rate = rate * (1.0 + boost * helped)
    go = (pref.max(axis=1) >= 0) & (u < rate * (v["found.skill_floor"] + r.skill[cand]))
    todo = list(zip(cand[go].tolist(), best[go].tolist(), helped[go].tolist(), strict=True))
    mark = np.zeros(m.n, bool)
    while todo:
        # founders in turn; those who share no one with an earlier one ask at once (the same)
        n = disjoint_prefix(m, [i for i, _, _ in todo], mark)
        batch, todo = todo[:n], todo[n:]
        made = []
        for i, k, h in batch:
            g = m.found_group(i, k, m.month)
            if g < 0:
                continue
            if h:  # the NGO brings the groups it helped start to the committee
                m.orgs.ngo_helped[g] = True
                register(m, np.array([g]), "ngo")
            made.append((i, k, g))
        if made:
            joined = ask_founded(m, [i for i, _, _ in made], [g for _, _, g in made], "found")
            for (i, k, _), n_joined in zip(made, joined.tolist(), strict=True):
                m.log(m.month, "found", _founding_text(m, i, k, n_joined))


def _founding_text(m, i: int, k: int, n: int) -> str:
    r = m.res
    who = "A retired resident" if r.retired[i] else "A working resident"
    kind = "recreational" if k == REC else CATEGORIES[k].replace("_", " ")
    return f"{who} founded {_a(kind)} group with {n} neighbours."


def _a(word: str, article: str = "a") -> str:
    """``word`` with the indefinite article ``a``/``an`` (capitalised as ``article`` is)."""
    art = article + ("n" if word[0] in "aeiou" else "")
    return f"{art} {word}"


def _convert(m) -> None:
    """Recreational groups turn to public service: wholesale when guided, by a seed otherwise.

    Guided (coached this month): the whole group takes on a public task. Unguided (at the base
    rate): recreation does not by itself carry public spirit (field reports), so only the
    interested members form a task team, led by a skilled member, while the group itself stays
    recreational.
    """
    o, v, r = m.orgs, m.v, m.res
    live = o.live()
    rec = live[(o.kind[live] == REC)]
    if rec.size == 0:
        return
    u = m.streams.keyed("convert").uniform(m.month, rec)
    p = v["found.conversion_base"] + v["found.conversion_coached"] * o.coached[rec]
    for g in rec[u < p].tolist():
        mem = m.members_of(g)
        if mem.size == 0:
            continue
        k = int(r.need[mem, :REC].mean(axis=0).argmax())
        if o.coached[g]:
            m.convert(g, k, m.month, reason="took on a public task with the NGO's guidance")
            continue
        lead = mem[(r.skill[mem] >= v["resident.leader_skill"]) & (r.leads[mem] < 0)]
        lead = lead[r.groups[lead, 1] < 0]
        if lead.size == 0:
            continue
        i = int(lead[np.argmax(r.skill[lead])])
        team = m.found_group(i, k, m.month, origin="split")
        if team < 0:
            continue
        m.join(mem[(mem != i) & m.interest(mem, k)], team)
        m.log(
            m.month,
            "seed",
            f"Members of a recreational group formed {_a(CATEGORIES[k].replace('_', ' '))} team.",
        )


def _split(m) -> None:
    r, o, v = m.res, m.orgs, m.v
    live = o.live()
    big = live[(o.kind[live] != REC) & (o.size[live] >= v["found.split_size"])]
    keyed = m.streams.keyed("split")
    splitting = big[keyed.uniform(m.month, big) < v["found.split_rate"]]
    for g in splitting.tolist():
        mem = m.members_of(g)
        cand = mem[
            (r.skill[mem] >= v["resident.leader_skill"])
            & (r.leads[mem] < 0)
            & (r.groups[mem, 1] < 0)
        ]
        if cand.size == 0:
            continue
        i = int(cand[np.argmax(r.skill[cand])])
        need = r.need[i, :REC].copy()
        need[o.kind[g]] = -1.0
        k = int(need.argmax())
        child = m.found_group(i, k, m.month, origin="split")
        if child < 0:
            continue
        o.capacity[child] = v["found.split_capacity"] * o.capacity[g]
        u_follow = keyed.uniform(m.month, mem, salt=1 + g)
        follow = mem[(mem != i) & m.interest(mem, k) & (u_follow < v["found.split_follow"])]
        m.join(follow, child)
        m.log(
            m.month,
            "split",
            f"{_a(CATEGORIES[o.kind[g]].replace('_', ' '), 'A')} group seeded a "
            f"new {CATEGORIES[k].replace('_', ' ')} group.",
        )


def _fatigue(m) -> None:
    r, o, v = m.res, m.orgs, m.v
    live = o.live()
    if live.size == 0:
        return
    lead = o.leader[live]
    others = np.maximum(o.size[live] - 1, 1)
    rid, gid = m.memberships()
    eng_others = np.bincount(gid, weights=r.engaged[rid], minlength=o.n)[live] - r.engaged[lead]
    needed = np.maximum(np.minimum(others, v["leader.helpers"]), 1)
    alone = 1.0 - np.clip(eng_others / needed, 0, 1)
    r.fatigue[lead] += v["leader.fatigue_rate"] * alone - v["leader.recovery"] * (1 - alone)
    # residents who lead nothing recover (x - 0.0 is x: the same as subtracting where resting)
    r.fatigue -= v["leader.recovery"] * (r.leads < 0)
    np.clip(r.fatigue, 0.0, 1.0, out=r.fatigue)
    tired = r.fatigue[lead] >= 1.0
    for g, i in zip(live[tired].tolist(), lead[tired].tolist(), strict=True):
        hand_over(m, g, i, "A tired leader handed the group to another member.")


def hand_over(m, g: int, i: int, text: str, exclude: np.ndarray | None = None) -> None:
    """Leader ``i`` leaves group ``g``; the most skilled member who leads nothing takes over.

    Residents in ``exclude`` (e.g. others moving away this month) cannot take over. A group that
    nobody can take over is dissolved at once.
    """
    r, o = m.res, m.orgs
    r.leads[i] = -1
    r.groups[i][r.groups[i] == g] = -1
    _compact(r.groups, i)
    mem = m.members_of(g)
    mem = mem[r.leads[mem] < 0]
    if exclude is not None and exclude.size:
        mem = mem[~np.isin(mem, exclude)]
    how = "handed_over" if mem.size else "left"
    o.tenures.append((g, int(o.kind[g]), int(o.leader_since[g]), m.month, how))
    if mem.size:
        new = int(mem[np.argmax(r.skill[mem])])
        o.leader[g] = new
        o.leader_since[g] = m.month
        r.leads[new] = g
        m.log(m.month, "leader", text)
    else:
        o.leader[g] = -1
        dissolve(m, g)


def appoint_heads(m) -> None:
    """The committee names a building head (楼栋长) where a building has none.

    It picks the resident it trusts most to carry its work: trust in the committee, public
    spirit and free time, equally weighted.
    """
    r = m.res
    has = np.zeros(m.n_buildings, bool)
    has[r.building[r.head]] = True
    for b in np.flatnonzero(~has).tolist():
        lo, hi = m.bld_start[b], m.bld_start[b + 1]  # residents are numbered by building
        score = r.trust_cm[lo:hi] + r.spirit[lo:hi] + r.free_time[lo:hi]
        r.head[lo + int(np.argmax(score))] = True


def move(m) -> None:
    """Residents move out at ``community.turnover`` a month; newcomers take their place."""
    r, v = m.res, m.v
    u = m.streams["moves"].random(m.n)
    rate = v["community.turnover"]
    if rate <= 0:
        return
    out = np.flatnonzero(u < rate)
    leaving_leaders = out[r.leads[out] >= 0]
    plain = out[r.leads[out] < 0]
    r.groups[plain] = -1
    for i in leaving_leaders.tolist():
        hand_over(
            m, int(r.leads[i]), i, "A leader moved away; another member took over.", exclude=out
        )
    r.groups[out] = -1
    heads_left = bool(r.head[out].any())
    r.fill(out, v, m.streams["newcomers"])
    m.trust0[0][out] = r.trust_nb[out]
    m.trust0[1][out] = r.trust_cm[out]
    for i in out.tolist():
        old = m.leaders.pop(i, None)
        if old is not None:
            old.remove()
    m.promote_leaders(out, "initial")
    if heads_left and v["mech.building_heads"]:
        appoint_heads(m)


def _compact(groups: np.ndarray, i: int) -> None:
    if groups[i, 0] < 0 and groups[i, 1] >= 0:
        groups[i, 0], groups[i, 1] = groups[i, 1], -1


def survive(m) -> None:
    """The survival stage: hazards, minimum size, idleness."""
    r, o, v = m.res, m.orgs, m.v
    n = o.n
    live = o.live()
    if live.size == 0:
        return
    u = m.streams.keyed("survival").uniform(m.month, live)
    rid, gid, slot = m.memberships(slots=True)
    size = np.bincount(gid, minlength=n)[live]
    o.peak_size[live] = np.maximum(o.peak_size[live], size)  # a group that ends now had these
    age = m.month - o.founded[live]
    h = (
        v["group.hazard_base"]
        * (1 + v["group.newness"] * np.exp(-age / v["group.newness_months"]))
        * np.exp(
            -v["group.hazard_capacity"] * o.capacity[live] - v["group.hazard_core"] * o.core[live]
        )
        * (1 + v["group.hazard_shock"] * o.shock[live])
        * (1 - v["group.federation_protect"] * o.federated[live])
        * (1 - v["group.recognition_protect"] * o.recognized[live])
    )
    dead = (
        (u < h)
        | (size < v["group.min_members"])
        | (o.idle[live] >= v["group.idle_months"])
        | (o.leader[live] < 0)
    )
    gone = live[dead]
    if gone.size:
        # each dying group's members, from the memberships above (dissolving one group does not
        # change who is in another): one scan of the memberships instead of one per group
        dying = np.zeros(n, bool)
        dying[gone] = True
        ended = dying[gid]
        e_rid, e_gid = rid[ended], gid[ended]
        order = np.argsort(e_gid, kind="stable")  # residents stay ascending within a group
        e_rid, e_gid = e_rid[order], e_gid[order]
        cut = np.searchsorted(e_gid, gone)
        ends = np.searchsorted(e_gid, gone, side="right")
        for g, a, b in zip(gone.tolist(), cut.tolist(), ends.tolist(), strict=True):
            dissolve(m, g, e_rid[a:b])
    # slot 0 must hold the first membership (only a resident who had two groups can have a
    # second one now: this stage frees slots and fills none)
    two = rid[slot == 1]
    fix = two[(r.groups[two, 0] < 0) & (r.groups[two, 1] >= 0)]
    r.groups[fix, 0], r.groups[fix, 1] = r.groups[fix, 1], -1


def dissolve(m, g: int, hit: np.ndarray | None = None) -> None:
    """End organization ``g``: members freed, leftover money spent on winding up.

    ``hit``: its members in ascending order, when the caller has them already.
    """
    r, o = m.res, m.orgs
    o.alive[g] = False
    o.ended[g] = m.month
    if hit is None:
        hit = np.flatnonzero((r.groups[:, 0] == g) | (r.groups[:, 1] == g))
    r.groups[hit] = np.where(r.groups[hit] == g, -1, r.groups[hit])
    # keep slot 0 filled first: stages read a resident's first membership from slot 0
    move = hit[(r.groups[hit, 0] < 0) & (r.groups[hit, 1] >= 0)]
    r.groups[move, 0], r.groups[move, 1] = r.groups[move, 1], -1
    if o.leader[g] >= 0:
        r.leads[o.leader[g]] = -1
        o.tenures.append((g, int(o.kind[g]), int(o.leader_since[g]), m.month, "dissolved"))
    left = o.own_money[g] + o.out_money[g]
    if left > 0:
        m.ledger.spend(left)  # spent on winding up (a last activity, equipment given away)
        o.own_money[g] = o.out_money[g] = 0.0
    agent = m.org_agents.pop(g, None)
    if agent is not None:
        agent.remove()
    kind = "recreational" if o.kind[g] == REC else CATEGORIES[o.kind[g]].replace("_", " ")
    age = m.month - o.founded[g]
    when = "in its first month" if age == 0 else f"after {age} months"
    m.log(m.month, "dissolve", f"{_a(kind, 'A')} group dissolved {when}.")
