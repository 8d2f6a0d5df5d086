"""The residents who feel recreation (``member_rec_at``) are kept by index, as a full pass finds
them (the compiled needs stage itself is checked against its numpy form in test_kernels.py)."""

from __future__ import annotations

import numpy as np
from yingzao.model.community import CommunityModel


def test_the_residents_who_feel_recreation_are_found_by_index_as_by_a_full_pass(monkeypatch):
    from yingzao.model import community, production

    seen = []

    def checked(m):
        produce(m)
        at = m.member_rec_at
        assert np.all(at[1:] > at[:-1])  # ascending, each resident once
        assert np.array_equal(at[m.member_rec[at] != 0], np.flatnonzero(m.member_rec))
        seen.append(int(np.count_nonzero(m.member_rec)))

    produce = production.produce
    plan = tuple((name, checked if f is produce else f) for name, f in community.STEP_PLAN)
    monkeypatch.setattr(community, "STEP_PLAN", plan)
    CommunityModel("baseline", seed=5, overrides={"community.residents": 900}).run(40)
    assert len(seen) == 40 and max(seen) > 0
