"""Needs move: they recur toward their base level and fall where services reach residents.

``need <- need + recurrence * (base + crisis - need)``, then
``need <- need * (1 - service_effect * coverage)``, where coverage combines the local coverage of
functional groups (last month's output over their members' buildings), local volunteer help, and
community-wide paid services. Recreational output is felt by members only.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.state import REC

# Speed switches only (every choice gives the same bits). Residents are updated CHUNK_ROWS at a
# time, so that the (N, K) arrays' pieces stay in the processor's cache between the operations;
# above DENSE_SHARE of residents in covered buildings, one pass over every resident is cheaper
# than reaching the covered ones by index.
CHUNK_ROWS = 4096
DENSE_SHARE = 0.3


def update(m) -> None:
    """The needs stage."""
    r, v = m.res, m.v
    eff, rec = v["needs.service_effect"], v["needs.recurrence"]
    target = np.minimum(r.base_need + m.crisis_add, 1.0) if m.crisis_add.any() else r.base_need
    # what is left of need after this month's service, per building (one gather per resident)
    cover = np.minimum(m.service + m.service_bld + m.service_extra, 1.0)
    keep_bld = 1.0 - eff * cover
    covered = np.flatnonzero(cover[:, :REC].any(axis=1))
    dense = m.bld_count[covered].sum() > DENSE_SHARE * m.n
    if dense:
        keep = m.per_resident(keep_bld)
        keep[:, REC] = 1.0 - eff * m.member_rec  # recreational output is felt by members only
    need = r.need
    buf = np.empty((min(CHUNK_ROWS, m.n), need.shape[1]))
    for a in range(0, m.n, CHUNK_ROWS):
        nd = need[a : a + CHUNK_ROWS]
        step = buf[: nd.shape[0]]
        np.subtract(target[a : a + CHUNK_ROWS], nd, out=step)
        step *= rec
        nd += step
        if dense:
            nd *= keep[a : a + CHUNK_ROWS]
    if dense:
        return
    # elsewhere the factor is 1 - eff * 0, exactly 1, and x * 1.0 is x: leave those alone
    rows = m.residents_in(covered)
    need[rows, :REC] *= np.repeat(keep_bld[covered, :REC], m.bld_count[covered], axis=0)
    at = m.member_rec_at  # np.flatnonzero(m.member_rec), without a pass over every resident
    felt = at[m.member_rec[at] != 0]
    need[felt, REC] *= 1.0 - eff * m.member_rec[felt]
