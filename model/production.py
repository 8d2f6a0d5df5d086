"""Groups act: money in and out, effort, output, capacity, and the coverage they give.

Effort ``E`` is the free time of engaged members (split between a member's groups), scaled by
capacity and the leader's skill: ``E * (capacity_floor + capacity) * (skill_floor + skill)``; a
substituting NGO adds the effort of its staff to the groups it runs. Functional output is
accelerating, ``E^b / (E^b + E50^b)`` (a start-up cost: Oliver, Marwell & Teixeira 1985);
recreational output is decelerating, ``1 - exp(-E / E0)`` (Marwell & Oliver 1993), and falls when
public space is crowded (``mech.public_space``). Money does not stand in for effort: it buys the
materials of the month's activities, and output is multiplied by ``floor + (1 - floor) * cover``
where ``cover`` is the share of the activity cost that was paid (``mech.materials``). A
functional group's output is a local public good: it covers the buildings where its members live
(coverage of a building combines groups as ``1 - prod(1 - reach * y)``); recreational output is
felt by its members. Capacity grows by doing up to a ceiling (routine without outside knowledge),
by coaching beyond it, and decays; leaders learn by doing (``mech.learning``).

A group's dependence on outside money is the share of its spending that came from outside,
averaged over ``group.dependence_months``; the disruption (``shock``) that money stopping
unexpectedly causes fades at ``group.shock_decay`` a month.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC, K

TINY = 1e-9  # guards divisions by zero money
MAX_REACH = 0.999  # coverage short of 1 keeps log(1 - reach) finite


def produce(m) -> None:
    """The organizations stage."""
    r, v, o = m.res, m.v, m.orgs
    n = o.n
    if n == 0:
        m.service[:] = 0.0
        m.member_rec[:] = 0.0
        m.member_rec_at = np.zeros(0, np.int64)
        return
    _federation_coaching(m)
    rid, gid = m.memberships()
    eng = r.engaged[rid]
    alive, kind = o.alive[:n], o.kind[:n]
    func = alive & (kind != REC)
    o.size[:n] = np.bincount(gid, minlength=n)
    n_eng = np.bincount(gid, weights=eng, minlength=n)
    # each membership's resident's number of groups: memberships run resident by resident, so
    # a resident in two groups is two neighbouring entries
    twice = np.zeros(rid.size, bool)
    if rid.size > 1:
        same = rid[1:] == rid[:-1]
        twice[1:] |= same
        twice[:-1] |= same
    n_memb = 1 + twice.astype(np.int64)
    effort = np.bincount(gid, weights=eng * r.free_time[rid] / n_memb, minlength=n)
    core = eng & (r.propensity[rid] > v["group.core_propensity"])
    o.core[:n] = np.bincount(gid, weights=core, minlength=n)
    o.idle[:n] = np.where(alive & (n_eng == 0), o.idle[:n] + 1, 0)
    cost = np.where(func, v["group.cost_functional"], v["group.cost_recreational"]) * n_eng
    spend, outside = _money(m, n, func, cost, rid, gid, eng)
    # output
    lead_skill = r.skill[np.maximum(o.leader[:n], 0)]
    scale = (v["group.capacity_floor"] + o.capacity[:n]) * (v["group.skill_floor"] + lead_skill)
    e_own = effort * scale
    e_all = e_own + o.ngo_effort[:n]
    b = v["group.exponent"]
    e50b = v["group.e50_functional"] ** b

    def output(e: np.ndarray) -> np.ndarray:
        eb = e**b
        return np.where(
            kind != REC, eb / (eb + e50b), 1.0 - np.exp(-e / v["group.e0_recreational"])
        )

    y, y_own = output(e_all), output(e_own)
    if v["mech.materials"]:
        cover = np.where(cost > 0, np.minimum(1.0, spend / np.maximum(cost, TINY)), 1.0)
        floor = np.where(
            kind != REC, v["group.output_without_money"], v["group.output_without_money_rec"]
        )
        mat = floor + (1 - floor) * cover
        y, y_own = y * mat, y_own * mat
    if v["mech.public_space"]:
        rec_eng = float(n_eng[alive & (kind == REC)].sum())
        room = v["space.per_1000"] * m.n / 1000
        m.space_crowding = rec_eng / room if room > 0 else (np.inf if rec_eng > 0 else 0.0)
        if m.space_crowding > 1:
            y = np.where(kind == REC, y / m.space_crowding, y)
            y_own = np.where(kind == REC, y_own / m.space_crowding, y_own)
    y = np.where(alive, y, 0.0)
    o.output[:n] = y
    o.own_output[:n] = np.where(alive, y_own, 0.0)
    o.ngo_effort[:n] = 0.0
    if v["mech.learning"]:
        _learn_by_doing(m, n, alive, y_own)
    o.capacity[:n] -= v["group.capacity_decay"] * o.capacity[:n]
    total = np.maximum(spend, TINY)
    share_out = np.where(spend > 0, outside / total, 0.0)
    o.dependence[:n] += (share_out - o.dependence[:n]) / v["group.dependence_months"]
    o.shock[:n] *= 1 - v["group.shock_decay"]
    o.peak_size[:n] = np.maximum(o.peak_size[:n], o.size[:n])
    _coverage(m, rid, gid, y, func)


def _learn_by_doing(m, n, alive, y_own) -> None:
    """Capacity grows with members' own output up to the doing ceiling; leaders gain skill."""
    r, v, o = m.res, m.v, m.orgs
    cap = o.capacity[:n]
    room = np.maximum(v["group.capacity_doing_ceiling"] - cap, 0.0)
    o.capacity[:n] = cap + v["group.capacity_doing"] * y_own * room
    led = alive & (o.leader[:n] >= 0)
    lead = o.leader[:n][led]
    r.skill[lead] += v["leader.skill_doing"] * y_own[led] * (1 - r.skill[lead])
    m.promote_leaders(lead, "doing")


def _money(m, n, func, cost, rid, gid, eng) -> tuple[np.ndarray, np.ndarray]:
    """Money in (dues, a leader's pocket) and out; returns (spending, of which outside money).

    Money pays for the month's activities and no more: ``cost`` (materials per engaged member)
    is met first from outside money (a funded project's grant at its planned monthly pace, or
    what is left of it), then from own money (dues, co-funding, the fund), then, for a
    functional group, from its leader's pocket. What is not needed stays with the group.
    """
    r, v, o, led = m.res, m.v, m.orgs, m.ledger
    dues = np.bincount(gid, weights=eng * r.purse[rid] * v["group.dues_share"], minlength=n)
    o.own_money[:n] += dues
    led.income(float(dues.sum()), "dues")
    months = np.maximum(o.grant_months[:n], 1)
    in_project = o.grant_months[:n] > 0
    available = np.where(in_project, o.out_money[:n] / months, o.out_money[:n])
    draw = np.minimum(available, cost)
    own_need = cost - draw
    short = np.maximum(own_need - o.own_money[:n], 0.0)
    pocket = np.where(func, np.minimum(v["group.leader_pocket"], short), 0.0)
    o.own_money[:n] += pocket
    led.income(float(pocket.sum()), "leader")
    own_spend = np.minimum(o.own_money[:n], own_need)
    spend = draw + own_spend
    o.out_money[:n] -= draw
    o.own_money[:n] -= own_spend
    o.grant_months[:n] = np.maximum(o.grant_months[:n] - 1, 0)
    led.spend(float(spend.sum()))
    return spend, draw


def _coverage(m, rid, gid, y, func) -> None:
    r, o = m.res, m.orgs
    nb = m.n_buildings
    fm = func[gid]
    pair = np.unique(gid[fm] * nb + r.building[rid[fm]])
    g, b = pair // nb, pair % nb
    reach = np.minimum(m.v["group.reach"] * y[g], MAX_REACH)
    logs = np.bincount(b * K + o.kind[g], weights=np.log1p(-reach), minlength=nb * K)
    m.service[:] = 1.0 - np.exp(logs.reshape(nb, K))
    o.served[: o.n] = np.bincount(g, weights=m.bld_pop[b] * y[g], minlength=o.n)
    rec = ~fm
    felt = m.member_rec
    felt[m.member_rec_at] = 0.0  # the only residents it is not 0 for
    at = rid[rec]
    np.maximum.at(felt, at, y[gid[rec]])
    # memberships run resident by resident: the distinct residents, ascending
    m.member_rec_at = at[np.r_[True, at[1:] != at[:-1]]] if at.size else at


def _federation_coaching(m) -> None:
    """After the NGO has left, the federation's strong members coach weaker groups."""
    fed = m.federation
    v = m.v
    if fed is None or not v["mech.federation_coaching"] or (m.ngo is not None and m.ngo.present):
        return
    slots = fed.coaching_slots()
    live = m.orgs.live()
    if slots <= 0 or live.size == 0:
        return
    weak = live[np.argsort(m.orgs.capacity[live], kind="stable")[:slots]]
    m.coach(weak, strength=v["federation.strength"])
