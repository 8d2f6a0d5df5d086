"""The needs stage's speed paths (by chunks; covered buildings by index or every resident in one
pass) give the bits of the stage's plain formula, whichever path a month takes."""

from __future__ import annotations

import numpy as np
import pytest
from yingzao.model import needs
from yingzao.model.community import CommunityModel
from yingzao.model.state import REC


def _plain(m) -> np.ndarray:
    """need after one needs stage, by the module's formula over whole arrays."""
    r, v = m.res, m.v
    target = np.minimum(r.base_need + m.crisis_add, 1.0) if m.crisis_add.any() else r.base_need
    need = r.need + v["needs.recurrence"] * (target - r.need)
    keep = m.per_resident(
        1.0
        - v["needs.service_effect"] * np.minimum(m.service + m.service_bld + m.service_extra, 1.0)
    )
    keep[:, REC] = 1.0 - v["needs.service_effect"] * m.member_rec
    return need * keep


@pytest.mark.parametrize("scenario", ["baseline", "support-8y"])
@pytest.mark.parametrize(("chunk", "dense"), [(7, 0.0), (7, 2.0), (4096, 0.0), (4096, 2.0)])
def test_every_path_gives_the_plain_formulas_bits(monkeypatch, scenario, chunk, dense):
    m = CommunityModel(scenario, seed=3, overrides={"community.residents": 900})
    m.run(30)
    m.begin_month()
    m.crisis_add[0] = 0.2  # a crisis month too: the target is capped at 1
    m.service_bld[[1, 4], 0] = 0.3  # volunteer help in two buildings
    covered = (np.minimum(m.service + m.service_bld + m.service_extra, 1.0)[:, :REC] > 0).any(1)
    assert covered.any() and m.member_rec.any()  # both the index path's parts have work
    want = _plain(m)
    monkeypatch.setattr(needs, "CHUNK_ROWS", chunk)
    monkeypatch.setattr(needs, "DENSE_SHARE", dense)
    needs.update(m)
    assert np.array_equal(m.res.need, want)


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
