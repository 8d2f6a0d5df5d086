"""Groups act: money in and out, effort, output, capacity, and the coverage they give.

Effort ``E`` is the free time of engaged members (split between a member's groups); effective
effort scales it by capacity and the leader's skill and adds money spent
(``spend / yuan_per_effort``). Functional output is accelerating, ``E^b / (E^b + E50^b)`` (a
start-up cost: Oliver, Marwell & Teixeira 1985); recreational output is decelerating,
``1 - exp(-E / E0)`` (Marwell & Oliver 1993). A functional group's output is a local public
good: it covers the buildings where its members live (coverage of a building combines groups as
``1 - prod(1 - reach * y)``). Recreational output is felt by its members. Capacity grows by doing
and by coaching, and decays; leaders learn by doing (skill grows with their group's output).
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC, K


def produce(m) -> None:
    """The organizations stage."""
    r, v, o, led = m.res, m.v, m.orgs, m.ledger
    n = o.n
    if n == 0:
        m.service[:] = 0.0
        m.member_rec[:] = 0.0
        return
    _federation_coaching(m)
    rid, gid = m.memberships()
    eng = r.engaged[rid]
    alive, kind = o.alive[:n], o.kind[:n]
    func = alive & (kind != REC)
    o.size[:n] = np.bincount(gid, minlength=n)
    n_eng = np.bincount(gid, weights=eng, minlength=n)
    n_memb = (r.groups >= 0).sum(axis=1)
    effort = np.bincount(gid, weights=eng * r.free_time[rid] / n_memb[rid], minlength=n)
    o.core[:n] = np.bincount(gid, weights=eng & (r.propensity[rid] > 0.7), minlength=n)
    o.idle[:n] = np.where(alive & (n_eng == 0), o.idle[:n] + 1, 0)
    # money in: dues of engaged members; the leader's own pocket when a functional group is short
    dues = np.bincount(gid, weights=eng * r.purse[rid] * v["group.dues_share"], minlength=n)
    o.own_money[:n] += dues
    led.income(float(dues.sum()), "dues")
    cost = np.where(func, v["group.cost_functional"], v["group.cost_recreational"]) * n_eng
    # a funded project spends its grant and its co-funding at the same pace over its months;
    # otherwise own money covers running costs (a leader's pocket tops up a short functional group)
    months = np.maximum(o.grant_months[:n], 1)
    in_project = o.grant_months[:n] > 0
    draw = np.where(in_project, o.out_money[:n] / months, o.out_money[:n])
    proj_own = np.where(in_project, o.own_money[:n] / months, 0.0)
    own_need = np.maximum(cost - draw - proj_own, 0.0)
    pocket = np.where(
        func,
        np.minimum(
            v["group.leader_pocket"], np.maximum(own_need + proj_own - o.own_money[:n], 0.0)
        ),
        0.0,
    )
    o.own_money[:n] += pocket
    led.income(float(pocket.sum()), "leader")
    own_spend = np.minimum(o.own_money[:n], own_need + proj_own)
    spend = draw + own_spend
    o.out_money[:n] -= draw
    o.own_money[:n] -= own_spend
    o.grant_months[:n] = np.maximum(o.grant_months[:n] - 1, 0)
    led.spend(float(spend.sum()))
    # output
    lead_skill = r.skill[np.maximum(o.leader[:n], 0)]
    e_eff = effort * (0.5 + o.capacity[:n]) * (0.75 + 0.5 * lead_skill)
    e_eff += spend / v["group.yuan_per_effort"]
    b = v["group.exponent"]
    eb = e_eff**b
    y = np.where(
        kind != REC,
        eb / (eb + v["group.e50_functional"] ** b),
        1.0 - np.exp(-e_eff / v["group.e0_recreational"]),
    )
    y = np.where(alive, y, 0.0)
    o.output[:n] = y
    lead = o.leader[:n][alive & (o.leader[:n] >= 0)]
    r.skill[lead] += v["leader.skill_doing"] * y[alive & (o.leader[:n] >= 0)] * (1 - r.skill[lead])
    m.promote_leaders(lead, "doing")
    cap = o.capacity[:n]
    o.capacity[:n] = (
        cap + v["group.capacity_doing"] * y * (1 - cap) - v["group.capacity_decay"] * cap
    )
    habit = o.habit[:n]
    o.shortfall[:n] = np.where(
        habit > 1.0, np.maximum(0.0, 1.0 - spend / np.maximum(habit, 1.0)), 0.0
    )
    o.habit[:n] = habit + (spend - habit) / 12.0
    o.peak_size[:n] = np.maximum(o.peak_size[:n], o.size[:n])
    _coverage(m, rid, gid, y, func)


def _coverage(m, rid, gid, y, func) -> None:
    r, o = m.res, m.orgs
    nb = m.n_buildings
    fm = func[gid]
    pair = np.unique(gid[fm] * nb + r.building[rid[fm]])
    g, b = pair // nb, pair % nb
    reach = np.minimum(m.v["group.reach"] * y[g], 0.999)
    logs = np.bincount(b * K + o.kind[g], weights=np.log1p(-reach), minlength=nb * K)
    m.service[:] = 1.0 - np.exp(logs.reshape(nb, K))
    o.served[: o.n] = np.bincount(g, weights=m.bld_pop[b] * y[g], minlength=o.n)
    rec = ~fm
    m.member_rec[:] = 0.0
    np.maximum.at(m.member_rec, rid[rec], y[gid[rec]])


def _federation_coaching(m) -> None:
    """After the NGO has left, the federation's strong members coach weaker groups."""
    fed = m.federation
    if fed is None or (m.ngo is not None and m.ngo.present):
        return
    slots = fed.coaching_slots()
    live = m.orgs.live()
    if slots <= 0 or live.size == 0:
        return
    weak = live[np.argsort(m.orgs.capacity[live], kind="stable")[:slots]]
    m.coach(weak, strength=0.5)
