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
from yingzao.model.participation import admit
from yingzao.model.state import REC, K

__all__ = ["ask_neighbours", "founding_count", "interested_in"]


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
