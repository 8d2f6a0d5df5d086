"""Sweeps over a given table of points, and outputs read from a series at a month.

The calibration evaluates its design points as a 'table' sweep and compares series values at
given months with field targets (``COLUMN@MONTH``), so both must do exactly what they say.
"""

from __future__ import annotations

import copy

import pytest
from yingzao.experiments.sweep import load_results, run_sweep
from yingzao.experiments.sweep_design import build_design
from yingzao.experiments.sweep_spec import spec_from_dict, to_toml

from yingzao import simulate
from yingzao.errors import InputError

SPEC = {
    "name": "table",
    "scenario": "chengdu",
    "design": "table",
    "reps": 2,
    "seed": 7,
    "outputs": ["orgs_functional", "participation_rate@6", "orgs_functional@11"],
    "set": {"community.residents": 300, "run.months": 12},
    "parameters": {"grants.per_100_households": [0.0, 8000.0], "ngo.months": [12, 60]},
    "points": [
        {"grants.per_100_households": 0.0, "ngo.months": 12},
        {"grants.per_100_households": 5000.0, "ngo.months": 40},
        {"grants.per_100_households": 8000.0, "ngo.months": 60},
    ],
}


def spec_of(**changes):
    doc = copy.deepcopy(SPEC) | changes
    return spec_from_dict({k: v for k, v in doc.items() if v is not None})


def test_table_design_uses_the_points_as_given_in_order():
    d = build_design(spec_of())
    assert len(d) == 3
    assert d["grants.per_100_households"].tolist() == [0.0, 5000.0, 8000.0]
    assert d["ngo.months"].tolist() == [12, 40, 60]


def test_table_sweep_rows_equal_single_runs_and_month_outputs_read_the_series(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(to_toml(SPEC))
    run_sweep(spec, out=tmp_path / "out", workers=1, progress=False)
    _, runs, _ = load_results(tmp_path / "out")
    assert len(runs) == 6
    row = runs.sort_values("run_id").iloc[3]  # point 1, rep 1
    over = SPEC["set"] | SPEC["points"][int(row["point"])]
    res = simulate("chengdu", seed=int(row["seed"]), overrides=over)
    ser = res.series.set_index("month")
    assert row["participation_rate@6"] == float(ser.loc[6, "participation_rate"])
    assert row["orgs_functional@11"] == float(ser.loc[11, "orgs_functional"])
    assert row["orgs_functional"] == float(res.summary["orgs_functional"])


BAD = {
    "no points": ({"points": None}, r"tables like \{key = value, \.\.\.\} \(one"),
    "empty points": ({"points": []}, "needs 'points'"),
    "point misses a key": ({"points": [{"ngo.months": 12}]}, "point 0 must give exactly"),
    "point out of range": (
        {"points": [{"grants.per_100_households": 9000.0, "ngo.months": 12}]},
        "outside its range",
    ),
    "points in lhs": ({"design": "lhs", "samples": 4}, "'points' applies to design 'table'"),
    "month after the end": ({"outputs": ["orgs_functional@12"]}, "after the run's last month"),
    "month not a number": ({"outputs": ["orgs_functional@x"]}, "whole number"),
    "not a series column": ({"outputs": ["orgs_funktional@3"]}, "not a series column"),
}


@pytest.mark.parametrize("changes, needle", BAD.values(), ids=BAD.keys())
def test_bad_table_specs_are_one_line_errors(changes, needle):
    with pytest.raises(InputError, match=needle) as e:
        spec_of(**changes)
    assert "\n" not in str(e.value)
