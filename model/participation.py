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
from yingzao.model import kernels
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
    W, r = m.W, m.res
    return kernels.group_contacts(
        j, g, W.indptr, W.indices, W.data, r.groups, r.engaged, m.orgs.leader
    )


_PULL_TERMS = (
    "decide.w_need",
    "decide.w_asker_skill",
    "decide.w_recognition",
    "decide.w_federation",
    "decide.w_experience",
    "decide.cost_functional",
    "decide.cost_recreational",
)


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
    consts = np.array([v[k] for k in _PULL_TERMS])
    p = kernels.pull_terms(
        j,
        g,
        asker,
        noise,
        r.need,
        r.spirit,
        r.skill,
        r.experience,
        r.free_time,
        o.kind,
        o.recognized,
        o.federated,
        consts,
        REC,
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
    ok = kernels.can_join(j, g, m.orgs.alive, r.groups)
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
    j = kernels.pick_neighbours(who, u, W.indptr, m.W_cum, W.indices)
    has = j >= 0
    return who[has], j[has], has


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
    share, attraction = _span_and_attraction(m)
    # one compiled pass over residents (kernels.engage_and_ask): a member takes part with
    # probability p = max(propensity, leader_engage) for a leader, else propensity * room, room
    # the larger span share of its groups; one engaged in a functional group the NGO does not
    # run does public work (where the NGO runs it, members receive services: they take part but
    # do no work of their own); an engaged member speaks for one of its groups (either, when it
    # has two) and asks a neighbour with probability invite_rate * attraction
    ask = m.streams.keyed("invite")
    keys = np.array(
        [m.streams.keyed("engage")._month_key(t, 0)] + [ask._month_key(t, s) for s in (0, 1, 2)],
        dtype=np.uint64,
    )
    W = m.W
    asker, j, speak = kernels.engage_and_ask(
        r.groups,
        r.leads,
        r.propensity,
        share,
        attraction,
        o.kind,
        o.ngo_run,
        r.engaged,
        r.public,
        keys,
        np.array([v["decide.leader_engage"], v["decide.invite_rate"]]),
        REC,
        W.indptr,
        m.W_cum,
        W.indices,
    )
    pairs_j, pairs_g, pairs_a = [], [], []
    if asker.size:
        pairs_j.append(j)
        pairs_g.append(speak)
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
    """The learning stage: propensities move with the month's payoff; low ones leave.

    One compiled pass over residents (:func:`kernels.learn_step`). Per membership the payoff is
    ``w_output * y + w_recognition * recognized + w_federation * federated + w_spirit * spirit
    + w_paid * paid - cost_functional * (1 - free_time)`` in a functional group and
    ``w_output * y * (rec_floor + base_need_rec) - cost_recreational * (1 - free_time)`` in a
    recreational one; the best of a resident's groups where it took part (not received an NGO's
    service) sets ``stim = clip((best - aspiration) / max(aspiration, 1 - aspiration), -1, 1)``
    and ``p += rate * stim * (1 - p)`` (``stim >= 0``) or ``p += rate * stim * p``. Members who
    did not take part drift: ``p *= 1 - drift``. Paid residents' spirit is crowded out
    (``spirit *= 1 - crowding``); a member who leads nothing and whose ``p < leave_below``
    leaves its groups.
    """
    r, v, o = m.res, m.v, m.orgs
    asp = v["learn.aspiration"]
    consts = np.array(
        [
            v["decide.w_recognition"],
            v["decide.w_federation"],
            v["learn.w_output"],
            v["learn.w_spirit"],
            v["learn.w_paid"],
            v["learn.rec_floor"],
            v["decide.cost_functional"],
            v["decide.cost_recreational"],
            asp,
            max(asp, 1 - asp),
            v["learn.rate"],
            1 - v["learn.drift"],
            v["learn.crowding"],
            1 - v["learn.crowding"],
            v["learn.leave_below"],
        ]
    )
    kernels.learn_step(
        r.groups,
        r.engaged,
        r.paid,
        r.spirit,
        r.free_time,
        r.base_need[:, REC],
        r.leads,
        r.propensity,
        o.kind,
        o.ngo_run,
        o.output,
        o.recognized,
        o.federated,
        consts,
        REC,
    )
