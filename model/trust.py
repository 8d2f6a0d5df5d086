"""Trust moves with experience; the committee's load and mode follow.

Trust in neighbours moves (at ``trust.rate``) toward its initial level plus ``service_gain`` times
the public-service coverage of the resident's building, plus a little for group membership
(recreational groups build mutual trust). Trust in the committee moves toward its initial level,
up with the committee's facilitation and with needs met, down with its unresolved problem load.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC


def update(m) -> None:
    """The trust and committee stage."""
    r, v = m.res, m.v
    t_nb0, t_cm0 = m.trust0
    cover = (m.service[:, :REC].mean(axis=1))[r.building] + m.service_extra[:REC].mean()
    member = (r.groups[:, 0] >= 0).astype(float)
    rate = v["trust.rate"]
    target = np.clip(t_nb0 + v["trust.service_gain"] * cover + 0.1 * member, 0.0, 1.0)
    r.trust_nb += rate * (target - r.trust_nb)
    m.committee.update()
    c = m.committee
    target_cm = np.clip(
        t_cm0 + 0.3 * (c.facilitation - c.facilitation0) + 0.2 * cover - 0.2 * c.problem_load,
        0.0,
        1.0,
    )
    r.trust_cm += rate * (target_cm - r.trust_cm)
