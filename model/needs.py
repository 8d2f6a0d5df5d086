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
    target = np.minimum(r.base_need + m.crisis_add, 1.0)
    r.need += v["needs.recurrence"] * (target - r.need)
    cover = m.service + m.service_bld
    cover = np.minimum(cover[r.building] + m.service_extra, 1.0)
    cover[:, REC] = m.member_rec
    r.need *= 1.0 - v["needs.service_effect"] * cover
