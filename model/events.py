"""Mobilization events: how most residents first take part (field reports).

Open events of functional groups (``mech.events``): a group with output ``y`` holds an event (a
clean-up, a visit day) in its leader's building with probability ``events.rate * y``. Residents
of that building take part when

    w_social * C(a) * trust_nb + w_need * need_k * spirit + w_experience * experience
    - events.cost * (1 - free_time) + noise  >  theta

with ``C(a)`` the complex-contagion response to the group's active contacts (as for joining). A
resident who takes part did public work this month, gains experience (foot in the door), and is
asked to join with probability ``events.ask`` (decided next month, as any invitation).

Courtyard meetings by building heads (``mech.building_heads``): a head holds one with
probability ``heads.meeting_rate`` times the committee's facilitation support; residents of the
building attend when ``heads.w_call * trust_cm + w_need * need * spirit + w_experience *
experience - heads.meeting_cost * (1 - free_time) + noise > theta``. Attending is an occasional
act (the ladder's second rung); the head's work is public work.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.participation import contagion, group_contacts
from yingzao.model.state import REC


def hold(m) -> None:
    """The events stage."""
    r, v = m.res, m.v
    r.experience *= 1 - v["events.experience_decay"]
    if v["mech.events"]:
        _group_events(m)
    if v["mech.building_heads"]:
        _meetings(m)


def _group_events(m) -> None:
    r, v, o = m.res, m.v, m.orgs
    keyed = m.streams.keyed("events")
    t = m.month
    live = o.live()
    func = live[(o.kind[live] != REC) & (o.leader[live] >= 0)]
    u_event = keyed.uniform(t, func)
    hold = u_event < v["events.rate"] * o.output[func]
    held, u_held = func[hold], u_event[hold]
    if held.size == 0:
        return
    # one event per building this month: of two groups there, the one with the lower draw
    bld = r.building[o.leader[held]]
    order = np.lexsort((u_held, bld))
    first = np.r_[True, np.diff(bld[order]) != 0]
    held = held[order][first]
    host = np.full(m.n_buildings, -1, np.int64)
    host[r.building[o.leader[held]]] = held
    at = np.flatnonzero(host >= 0)
    j = m.residents_in(at)
    g = np.repeat(host[at], m.bld_count[at])
    noise = keyed.normal(t, j, v["decide.noise_sd"], salt=1)
    u_ask = keyed.uniform(t, j, salt=2)
    kind = o.kind[g]
    p = (
        v["decide.w_need"] * r.need[j, kind] * r.spirit[j]
        + v["decide.w_experience"] * r.experience[j]
        - v["events.cost"] * (1 - r.free_time[j])
        + noise
    )
    if v["mech.social_influence"]:
        p += v["decide.w_social"] * contagion(group_contacts(m, j, g), v) * r.trust_nb[j]
    took = p > r.theta[j]
    j, g, u_ask = j[took], g[took], u_ask[took]
    r.public[j] = True
    r.last_occasional[j] = m.month
    r.experience[j] += v["events.experience_gain"] * (1 - r.experience[j])
    outsider = (r.groups[j, 0] != g) & (r.groups[j, 1] != g)
    ask = outsider & (u_ask < v["events.ask"])
    if ask.any():
        m.pending_j.append(j[ask])
        m.pending_g.append(g[ask])
    m.event_count += int(held.size)


def _meetings(m) -> None:
    r, v = m.res, m.v
    keyed = m.streams.keyed("meetings")
    heads = np.flatnonzero(r.head)
    rate = v["heads.meeting_rate"] * m.committee.support
    heads = heads[keyed.uniform(m.month, heads) < rate]
    if heads.size == 0:
        return
    meeting = np.zeros(m.n_buildings, bool)
    meeting[r.building[heads]] = True
    j = m.residents_in(np.flatnonzero(meeting))
    noise = keyed.normal(m.month, j, v["decide.noise_sd"], salt=1)
    need = np.maximum.reduce([r.need[j, k] for k in range(REC)])
    p = (
        v["heads.w_call"] * r.trust_cm[j]
        + v["decide.w_need"] * need * r.spirit[j]
        + v["decide.w_experience"] * r.experience[j]
        - v["heads.meeting_cost"] * (1 - r.free_time[j])
        + noise
    )
    came = j[p > r.theta[j]]
    r.last_occasional[came] = m.month
    r.experience[came] += v["heads.experience_gain"] * (1 - r.experience[came])
    r.public[heads] = True
    m.meeting_count += int(heads.size)
