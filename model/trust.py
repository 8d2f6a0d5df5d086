"""Trust moves with experience.

Trust in neighbours moves (at ``trust.rate``) toward its initial level plus ``service_gain`` times
the public-service coverage of the resident's building, plus ``member_gain`` for belonging to a
group (recreational groups build mutual trust too). Trust in the committee moves toward its
initial level, up with the committee's facilitation support and with local service, down with
its unresolved problem load.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC


def update(m) -> None:
    """The trust stage."""
    r, v = m.res, m.v
    t_nb0, t_cm0 = m.trust0
    cover = m.per_resident(m.service[:, :REC].mean(axis=1))
    cover += m.service_extra[:REC].mean()
    rate = v["trust.rate"]
    # in place, in the order of t0 + gain * cover + member_gain * member, clipped to 0-1
    target = v["trust.service_gain"] * cover
    target += t_nb0  # (addition commutes exactly)
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
