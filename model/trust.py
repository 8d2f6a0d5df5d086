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
    cover = (m.service[:, :REC].mean(axis=1))[r.building] + m.service_extra[:REC].mean()
    member = (r.groups[:, 0] >= 0).astype(float)
    rate = v["trust.rate"]
    target = np.clip(
        t_nb0 + v["trust.service_gain"] * cover + v["trust.member_gain"] * member, 0, 1
    )
    r.trust_nb += rate * (target - r.trust_nb)
    c = m.committee
    target_cm = np.clip(
        t_cm0
        + v["trust.cm_support"] * c.support
        + v["trust.cm_service"] * cover
        - v["trust.cm_problems"] * c.problem_load,
        0.0,
        1.0,
    )
    r.trust_cm += rate * (target_cm - r.trust_cm)
