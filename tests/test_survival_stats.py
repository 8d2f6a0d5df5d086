"""Hazard-by-age measures count deaths and months at risk the way organizational ecology does."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from yingzao.model.survival_stats import hazards


def run_of(founded, ended, month):
    f, e = np.array(founded), np.array(ended)
    return SimpleNamespace(orgs=SimpleNamespace(n=len(f), founded=f, ended=e), month=month)


def test_hand_counted_hazards():
    # month 100; groups: died at age 3, died at age 10, alive at age 40, founded before the start
    # (age 20 at month 0) and died at age 70, a founding attempt that ended at once (ignored)
    m = run_of([10, 20, 60, -20, 50], [13, 30, -1, 50, 50], 100)
    h = hazards(m)
    # 0-6: at risk 3 + 6 + 6 = 15 months (the old group is followed from age 20), 1 death
    assert h["hazard_0_6"] == pytest.approx(1 / 15)
    # 6-24: 4 (age 6-10) + 18 + 4 (old group, ages 20-24) = 26 months, 1 death
    assert h["hazard_6_24"] == pytest.approx(1 / 26)
    # 24-60: 16 (alive group, 24-40) + 36 = 52 months, no death
    assert h["hazard_24_60"] == 0
    # 60+: 10 months (old group, 60-70), 1 death
    assert h["hazard_60_plus"] == pytest.approx(1 / 10)
    assert h["hazard_adolescence"] == pytest.approx((1 / 26) / (1 / 10))
    # established (36+): 4 (alive, 36-40) + 34 (old, 36-70) = 38 months, 1 death
    assert h["established_dissolution_yearly"] == pytest.approx(1 - (1 - 1 / 38) ** 12)


def test_no_groups_gives_none_not_an_error():
    h = hazards(run_of([], [], 12))
    assert all(v is None for v in h.values())
