"""Registration (备案) with the committee: an observation model of what the field counts.

The field counts registered groups (Changqing: about 120 for 120,000+ residents) while many more
groups exist unregistered. A group registers when it applies for a grant, when an NGO coaches
it (or the NGO helped start it, or runs its activities), or when the committee comes into contact
with it: each month with probability
``(registration.contact_rate + registration.support_rate * support) * min(1, size /
registration.visible_size)``, where ``support`` is the committee's facilitation support
(building heads and staff who know the groups). Registration changes nothing a group does; it
changes what is counted. With ``mech.registration`` off every group counts as registered, so the
field's statistics equal the model's totals.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REGISTERED_HOW


def register(m, gids: np.ndarray, how: str) -> None:
    """Groups ``gids`` register (if not yet registered), recording ``how``."""
    o = m.orgs
    gids = np.asarray(gids, dtype=np.int64)
    new = gids[~o.registered[gids]]
    o.registered[new] = True
    o.registered_how[new] = REGISTERED_HOW.index(how)


def update(m) -> None:
    """The registration stage: the committee's contacts this month."""
    v, o = m.v, m.orgs
    live = o.live()
    if not v["mech.registration"]:
        register(m, live, "all")
        return
    todo = live[~o.registered[live]]
    if todo.size == 0:
        return
    seen = np.minimum(1.0, o.size[todo] / v["registration.visible_size"])
    p = (
        v["registration.contact_rate"] + v["registration.support_rate"] * m.committee.support
    ) * seen
    u = m.streams.keyed("registration").uniform(m.month, todo)
    register(m, todo[u < p], "contact")
