"""Needs move: they recur toward their base level and fall where services reach residents.

``need <- need + recurrence * (base + crisis - need)``, then
``need <- need * (1 - service_effect * coverage)``, where coverage combines the local coverage of
functional groups (last month's output over their members' buildings), local volunteer help, and
community-wide paid services. Recreational output is felt by members only.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC


def update(m) -> None:
    """The needs stage."""
    r, v = m.res, m.v
    eff = v["needs.service_effect"]
    target = np.minimum(r.base_need + m.crisis_add, 1.0) if m.crisis_add.any() else r.base_need
    step = target - r.need
    step *= v["needs.recurrence"]
    r.need += step
    # what is left of need after this month's service, per building (one gather per resident)
    cover = np.minimum(m.service + m.service_bld + m.service_extra, 1.0)
    keep = m.per_resident(1.0 - eff * cover)
    keep[:, REC] = 1.0 - eff * m.member_rec  # recreational output is felt by members only
    r.need *= keep
