"""Trust moves with experience.

Trust in neighbours moves (at ``trust.rate``) toward its initial level plus ``service_gain`` times
the public-service coverage of the resident's building, plus ``member_gain`` for belonging to a
group (recreational groups build mutual trust too). Trust in the committee moves toward its
initial level, up with the committee's facilitation support and with local service, down with
its unresolved problem load.
"""

from __future__ import annotations

import numpy as np
from yingzao.model import kernels
from yingzao.model.state import REC


def update(m) -> None:
    """The trust stage (one compiled pass over residents: :func:`kernels.trust_step`)."""
    r, v, c = m.res, m.v, m.committee
    t_nb0, t_cm0 = m.trust0
    consts = np.array(
        [
            v["trust.service_gain"],
            v["trust.member_gain"],
            v["trust.rate"],
            v["trust.cm_support"] * c.support,
            v["trust.cm_service"],
            v["trust.cm_problems"] * c.problem_load,
        ]
    )
    cover_bld = m.service[:, :REC].mean(axis=1)
    extra = float(m.service_extra[:REC].mean())
    kernels.trust_step(
        r.trust_nb,
        r.trust_cm,
        t_nb0,
        t_cm0,
        cover_bld,
        extra,
        r.groups[:, 0],
        consts,
        m.bld_start[:-1],
        m.bld_count,
    )
