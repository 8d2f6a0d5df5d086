"""Who could found or join a group: interest, the critical-mass count, asking neighbours.

The founding rule (:mod:`yingzao.model.lifecycle`, 7.12 of docs/ODD.md) counts a candidate's
interested network neighbours per category (:func:`interested_in`, weighted by tie), scaled by
the founder's reach (``found.skill_floor`` + skill) and compared with ``found.mass_*``
(:func:`founding_count`, the same count for one resident); a founder then asks them
(:func:`ask_neighbours`). A classroom's played founder (``app/classroom_roles.py``) is held to
the same count.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.network import ranges
from yingzao.model.participation import admit
from yingzao.model.state import REC, K

__all__ = ["ask_founded", "ask_neighbours", "disjoint_prefix", "founding_count", "interested_in"]


def interested_in(m, rows: np.ndarray | None = None) -> np.ndarray:
    """(N, K) bool, or its rows ``rows``: need high enough (weighted by spirit) and a slot free."""
    r, v = m.res, m.v
    sel = slice(None) if rows is None else rows
    free = (r.groups[sel, 1] < 0) & (r.leads[sel] < 0)
    weight = r.need[sel] * (v["found.spirit_floor"] + r.spirit[sel, None])
    weight[:, REC] = r.need[sel, REC]
    return (weight >= v["found.interest_need"]) & free[:, None]


def founding_count(m, i: int) -> np.ndarray:
    """(K,) resident ``i``'s critical-mass count per category, as the founding rule counts it.

    Interested neighbours (:func:`interested_in`) weighted by the founder's skill
    (``found.skill_floor`` + skill), to compare with ``found.mass_functional`` or
    ``found.mass_recreational``.
    """
    row = m.A[[i]]  # (1, N): its columns are the neighbours
    near = row.indices
    if near.size == 0:
        return np.zeros(K)
    weights = np.asarray(row.data, dtype=float)
    counts = weights @ interested_in(m, near).astype(float)
    return counts * (m.v["found.skill_floor"] + m.res.skill[i])


def ask_founded(m, founders: list[int], gids: list[int], stream: str) -> np.ndarray:
    """Founders ``founders[f]`` of groups ``gids[f]``, founded just now, ask their neighbours.

    Returns how many joined each group. The same as :func:`ask_neighbours` (``new=True``) for
    each founder in turn when no two founders share a neighbour or are neighbours (what the
    founding stage sees to: :func:`disjoint_prefix`): each pair's decision then reads only its
    own residents and group, and is computed as one call would.
    """
    A, o = m.A, m.orgs
    f = np.asarray(founders, dtype=np.int64)
    lo, hi = A.indptr[f], A.indptr[f + 1]
    owner = np.repeat(np.arange(f.size), hi - lo)
    idx = ranges(lo, hi - lo)
    nb = A.indices[idx]
    g = np.asarray(gids, dtype=np.int64)[owner]
    asked = m.interest_each(nb, o.kind[g])
    nb, owner, g = nb[asked], owner[asked], g[asked]
    noise = m.streams.keyed(stream).normal_salted(m.month, nb, m.v["decide.noise_sd"], gids, owner)
    # W has A's pattern and is symmetric: row i's weights are each neighbour's tie with i
    contacts = m.W.data[idx][asked]
    joined = admit(m, nb, g, noise, contacts=contacts)
    # each joined one group here; where its second slot is taken, that is the one
    r = m.res
    gj = np.where(r.groups[joined, 1] >= 0, r.groups[joined, 1], r.groups[joined, 0])
    at = {gid: p for p, gid in enumerate(gids)}
    return np.bincount([at[x] for x in gj.tolist()], minlength=len(gids))


def disjoint_prefix(m, founders: list[int], mark: np.ndarray) -> int:
    """How many of ``founders``, from the first, neither are nor have a neighbour in common.

    ``mark`` is a per-resident scratch array of False, left as it was found.
    """
    A = m.A
    taken = []
    n = 0
    for i in founders:
        near = A.indices[A.indptr[i] : A.indptr[i + 1]]
        if mark[i] or mark[near].any():
            break
        mark[i] = True
        mark[near] = True
        taken += [i, near]
        n += 1
    for x in taken:
        mark[x] = False
    return n


def ask_neighbours(m, i: int, g: int, stream: str, new: bool = False) -> np.ndarray:
    """Founder ``i`` asks its interested neighbours to join ``g``; returns who joined.

    Each neighbour's decision noise is keyed by ``stream``, the month and the group. ``new``
    says that ``g`` was founded by ``i`` just now, so that ``i`` is its only member: each
    neighbour's active contacts in it are then its tie with ``i`` (what
    :func:`~yingzao.model.participation.group_contacts` would count, without the search).
    """
    k = int(m.orgs.kind[g])
    lo, hi = m.A.indptr[i], m.A.indptr[i + 1]
    nb = m.A.indices[lo:hi]
    asked = m.interest(nb, k)
    nb = nb[asked]
    noise = m.streams.keyed(stream).normal(m.month, nb, m.v["decide.noise_sd"], salt=g)
    # W has A's pattern and is symmetric: row i's weights are each neighbour's tie with i
    contacts = m.W.data[lo:hi][asked] if new else None
    return admit(m, nb, np.full(nb.size, g), noise, contacts=contacts)
