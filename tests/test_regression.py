"""Fixed-seed regression baseline, with a negative control that shows it can fail.

A few small runs' headline figures are kept in tests/data/regression.json. Any change to the
model's rules, defaults or random streams changes them; that is the point: an intended change
regenerates the file (``YINGZAO_UPDATE_REGRESSION=1 pytest tests/test_regression.py``) in the
same commit, so every change of results is visible in review. The negative control nudges one
parameter by 1% and must move at least one figure, or the baseline could not catch anything.
These are not field targets: nothing here says the figures are right, only that they are the same.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from yingzao import simulate

FILE = Path(__file__).parent / "data" / "regression.json"
CASES = {
    "baseline-s1": ("baseline", 1, {"community.residents": 800, "run.months": 60}),
    "chengdu-s2": ("chengdu", 2, {"community.residents": 800, "run.months": 60}),
    "incubation-s3": ("incubation", 3, {"community.residents": 800, "run.months": 60}),
    "support-3y-s4": ("support-3y", 4, {"community.residents": 800}),
}
KEYS = (
    "orgs_functional",
    "orgs_recreational",
    "orgs_founded_total",
    "functional_share",
    "participation_rate",
    "active_share",
    "registered_per_1000",
    "needs_met",
    "trust_mean",
    "outside_money_spent",
    "functional_alive_24m_after",
)


def figures(scenario: str, seed: int, overrides: dict) -> dict[str, float | None]:
    s = simulate(scenario, seed=seed, overrides=overrides).summary
    return {k: None if s.get(k) is None else float(s[k]) for k in KEYS}


def same(a: dict, b: dict) -> list[str]:
    """Keys whose values differ (None must match None; numbers to 1e-9 relative)."""
    out = []
    for k in KEYS:
        x, y = a.get(k), b.get(k)
        if (x is None) != (y is None):
            out.append(k)
        elif x is not None and not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
            out.append(k)
    return out


def test_regression_baseline():
    got = {name: figures(*case) for name, case in CASES.items()}
    if os.environ.get("YINGZAO_UPDATE_REGRESSION") == "1":
        FILE.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
        pytest.skip("regression baseline regenerated")
    want = json.loads(FILE.read_text())
    assert sorted(want) == sorted(CASES)
    diffs = {name: same(want[name], got[name]) for name in CASES}
    assert not any(diffs.values()), (
        f"results changed: {diffs}; if the change is intended, regenerate with "
        "YINGZAO_UPDATE_REGRESSION=1 and say so in the commit"
    )


def test_negative_control_a_1_percent_nudge_is_caught():
    scenario, seed, ov = CASES["chengdu-s2"]
    from yingzao.model.defaults import DECLARATIONS

    nudged = DECLARATIONS["decide.theta_mean"].default * 1.01
    want = json.loads(FILE.read_text())["chengdu-s2"]
    got = figures(scenario, seed, {**ov, "decide.theta_mean": nudged})
    assert same(want, got), "a 1% change of the mean threshold moved nothing the baseline keeps"
