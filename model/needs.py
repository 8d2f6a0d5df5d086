"""Needs move: they recur toward their base level and fall where services reach residents.

``need <- need + recurrence * (base + crisis - need)``, then
``need <- need * (1 - service_effect * coverage)``, where coverage combines the local coverage of
functional groups (last month's output over their members' buildings), local volunteer help, and
community-wide paid services. Recreational output is felt by members only.
"""

from __future__ import annotations

import numpy as np
from yingzao.model import kernels
from yingzao.model.state import REC


def update(m) -> None:
    """The needs stage (one compiled pass over residents: :func:`kernels.needs_step`)."""
    r, v = m.res, m.v
    eff = v["needs.service_effect"]
    # what is left of need after this month's service, per building
    cover = np.minimum(m.service + m.service_bld + m.service_extra, 1.0)
    keep_bld = 1.0 - eff * cover
    keep_rec = 1.0 - eff * m.member_rec  # recreational output is felt by members only
    kernels.needs_step(
        r.need,
        r.base_need,
        m.crisis_add,
        bool(m.crisis_add.any()),
        v["needs.recurrence"],
        keep_bld,
        m.bld_start[:-1],
        m.bld_count,
        keep_rec,
        REC,
    )
