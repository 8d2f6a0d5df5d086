"""The calibration: spec and targets checked before any run, a record that can also say 'not
found', resume without repeating runs, the emulator's arithmetic, and defaults applied from a
record.

A tiny calibration (300 residents, 3 candidate parameters, one seed per set) runs once for the
module; its figures mean nothing, the machinery is what is tested.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from yingzao.experiments import emulator
from yingzao.experiments.calibrate import calibrate
from yingzao.experiments.calibrate_spec import load_calibration_spec
from yingzao.experiments.calibration_doc import write_calibration_doc
from yingzao.experiments.calibration_record import apply_record
from yingzao.experiments.targets import Target, load_targets, parse_targets

from tests.conftest import assert_one_line_error
from yingzao.cli import main
from yingzao.errors import InputError

TARGETS = """
[[target]]
id = "active-baseline"
scenario = "baseline"
statistic = "active_share"
band = [0.0, 0.06]
source = "test"
role = "calibrate"

[[target]]
id = "functional-chengdu"
scenario = "chengdu"
statistic = "orgs_functional@100"
band = [2, 10]
source = "test"
role = "calibrate"

[[target]]
id = "held-out"
scenario = "chengdu"
statistic = "active_share"
band = [0.0, 0.2]
source = "test"
role = "validate"
"""

SPEC = """
name = "tiny"
targets = "targets.toml"
out = "record"
residents = 300
reps = 1
seed = 3
[screening]
trajectories = 2
levels = 4
keep = 2
[waves]
count = 2
points = 8
cutoff = 3.0
discrepancy = 0.25
candidates = 2048
[posterior]
size = 5
[parameters]
"decide.theta_mean" = [0.35, 0.65]
"decide.w_social" = [0.4, 1.5]
"found.rate_functional" = [0.003, 0.01]
"""


def write(folder: Path, spec: str = SPEC, targets: str = TARGETS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "targets.toml").write_text(targets)
    (folder / "spec.toml").write_text(spec)
    return folder / "spec.toml"


def quiet(_msg: str) -> None:
    pass


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("cal"))
    record = calibrate(path, workers=2, log=quiet)
    return path, record


def test_record_holds_every_stage_and_a_sorted_posterior(done):
    path, record = done
    out = path.parent / "record"
    assert json.loads((out / "record.json").read_text()) == record
    assert record["runs"] == 16  # two waves of 8 sets
    assert record["calibrated"] and set(record["calibrated"]) <= {
        "decide.theta_mean",
        "decide.w_social",
        "found.rate_functional",
    }
    assert len(record["screening"]["ranking"]) == 3
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 16 and {"active-baseline", "implausibility_max"} <= set(runs.columns)
    post = pd.read_parquet(out / "posterior.parquet")
    assert post["implausibility"].is_monotonic_increasing
    assert record["found"] == bool((post["implausibility"] < 3.0).any())
    assert record["best_implausibility"] == pytest.approx(post["implausibility"].iloc[0])
    assert record["validate_targets"] == ["held-out"]
    assert [f["target"] for f in record["fit"]] == ["active-baseline", "functional-chengdu"]
    for k, v in record["best"].items():
        lo, hi = record["ranges"][k]
        assert lo <= v <= hi
    assert (out / "target-fit.png").exists()


def test_a_record_is_kept_unless_resumed_or_forced(done):
    path, _ = done
    with pytest.raises(InputError, match="already exists: --resume"):
        calibrate(path, workers=1, log=quiet)


def test_resume_of_a_finished_calibration_runs_nothing_and_gives_the_same_record(done):
    path, record = done
    lines: list[str] = []
    again = calibrate(path, workers=1, resume=True, log=lines.append)
    for k in ("best", "calibrated", "runs", "non_implausible_runs", "fit", "screening"):
        assert again[k] == record[k], k
    parts = sorted((path.parent / "record").glob("*/*/runs/part-*.parquet"))
    n = sum(len(pd.read_parquet(p)) for p in parts)
    assert n == (8 + 16) * 2  # screening (2 trajectories x 4) and two waves of 8, on two arms


def test_a_target_the_model_cannot_reach_is_reported_not_found(tmp_path):
    impossible = TARGETS.replace("band = [0.0, 0.06]", "band = [0.8, 0.9]", 1)  # 80-90% active
    spec = SPEC.replace("count = 2", "count = 1")
    path = write(tmp_path, spec=spec, targets=impossible)
    record = calibrate(path, workers=2, log=quiet)
    assert record["found"] is False
    assert record["non_implausible_runs"] == 0
    fit = {f["target"]: f for f in record["fit"]}
    assert fit["active-baseline"]["posterior_inside"] == 0


def test_apply_record_writes_importable_calibrated_defaults(done, tmp_path):
    path, record = done
    module = apply_record(path.parent / "record", tmp_path / "calibrated_defaults.py")
    ns: dict = {}
    exec(module.read_text(), ns)
    assert ns["CALIBRATED"] == record["best"]
    assert "record.json (tiny" in ns["RECORD"]


def test_the_report_is_generated_from_the_record(done, tmp_path):
    path, record = done
    doc = write_calibration_doc(path.parent / "record", tmp_path / "calibration.md")
    text = doc.read_text()
    assert f"{record['non_implausible_runs']} of {record['runs']}" in text
    for k in record["calibrated"]:
        assert f"`{k}`" in text
    assert "`held-out`" in text  # the held-out target is listed as such
    assert (tmp_path / "calibration-target-fit.png").exists()
    assert (tmp_path / "calibration-emulator-wave-2.png").exists()


def test_declarations_take_calibrated_values_and_name_the_record(monkeypatch):
    import yingzao.model.defaults as d

    p = d.DECLARATIONS["decide.w_social"]
    raw = next(x for x in d._MODEL + d.GROUPS + d.INSTITUTIONS if x.key == "decide.w_social")
    monkeypatch.setattr(d, "CALIBRATED", {"decide.w_social": 0.77})
    monkeypatch.setattr(d, "RECORD", "calibration/record/record.json (test)")
    q = d._calibrated(raw)
    assert q.default == 0.77 and q.source.startswith("calibrated: calibration/record")
    assert q.unit == p.unit and (q.lo, q.hi) == (p.lo, p.hi)


# --- the emulator -------------------------------------------------------------------------


def test_gp_emulator_learns_a_smooth_function_and_cross_validates():
    rng = np.random.default_rng(0)
    x = rng.random((40, 2))
    y = 3 * x[:, 0] + 0.01 * rng.standard_normal(40)  # the second parameter does nothing
    t = Target("t", None, "s", (1.0, 2.0), "test", "calibrate")  # type: ignore[arg-type]
    emu = emulator.build(t, x, y, seed_var=0.0, reps=1, discrepancy=0.0, seed=0)
    m, var = emu.predict(np.array([[0.5, 0.1], [0.5, 0.9]]))
    assert m == pytest.approx([1.5, 1.5], abs=0.05)
    cv = emulator.cross_validate(emu, x, y, 5, 0)
    assert np.abs(cv["mean"] - cv["y"]).max() < 0.2
    # implausibility by hand: the band [1, 2] gives centre 1.5 and V_obs = (0.5 / 2)^2
    i = emu.implausibility(np.array([[0.9, 0.5]]))[0]
    m9, v9 = emu.predict(np.array([[0.9, 0.5]]))
    assert i == pytest.approx(abs(m9[0] - 1.5) / np.sqrt(v9[0] + 0.0625))
    assert i > 3  # 2.7 is far outside [1, 2]


def test_a_target_without_enough_runs_rules_nothing_out():
    t = Target("t", None, "s", (0.0, 1.0), "test", "calibrate")  # type: ignore[arg-type]
    emu = emulator.build(t, np.zeros((3, 2)), np.array([1.0, np.nan, 2.0]), 0.0, 1, 0.0, 0)
    assert emu.gp is None
    assert (emu.implausibility(np.zeros((4, 2))) == 0).all()


def test_spread_picks_distinct_points_covering_the_region():
    rng = np.random.default_rng(1)
    c = rng.random((500, 2))
    pick = emulator.spread(c, 10, 0)
    assert len(set(pick.tolist())) == 10
    chosen = c[pick]
    gaps = np.linalg.norm(chosen[:, None] - chosen[None], axis=2) + np.eye(10)
    assert gaps.min() > 0.1  # no two of ten spread points are close


# --- bad input ----------------------------------------------------------------------------

BAD_SPECS = {
    "unknown key": ('name = "tiny"', 'name = "tiny"\nnmae = 1', "unknown key 'nmae'"),
    "bad range": ("[0.35, 0.65]", "[0.65, 0.35]", "needs [low, high]"),
    "range past the declaration": ("[0.4, 1.5]", "[0.4, 99.0]", "needs [low, high] within"),
    "unknown parameter": ('"found.rate_functional"', '"found.rate_funktional"', "rate_funktional"),
    "keep too many": ("keep = 2", "keep = 9", "keep is more than"),
    "bad wave count": ("count = 2", "count = 0", "'waves.count' must be a whole number"),
    "missing section key": ("cutoff = 3.0\n", "", "'cutoff' is missing"),
    "missing targets": ('targets = "targets.toml"', 'targets = "nope.toml"', "nope.toml"),
    "bad seed term": (
        "candidates = 2048",
        'candidates = 2048\nseed_term = "both"',
        "'waves.seed_term' must be \"mean\" or \"run\", got 'both'",
    ),
    "seed term run on one seed": (
        "candidates = 2048",
        'candidates = 2048\nseed_term = "run"',
        "'waves.seed_term' = \"run\" needs reps of at least 2",
    ),
    "confirm one seed": (
        "[posterior]",
        "[confirm]\nsets = 4\nreps = 1\n[posterior]",
        "'confirm.reps' must be a whole number from 2 to 1000, got 1",
    ),
    "confirm no sets": (
        "[posterior]",
        "[confirm]\nsets = 0\nreps = 4\n[posterior]",
        "'confirm.sets' must be a whole number from 1 to 10000, got 0",
    ),
    "confirm sets not whole": (
        "[posterior]",
        "[confirm]\nsets = 2.5\nreps = 4\n[posterior]",
        "'confirm.sets' must be a whole number",
    ),
    "confirm unknown key": (
        "[posterior]",
        "[confirm]\nsets = 4\nreps = 4\nseeds = 4\n[posterior]",
        "[confirm] unknown key 'seeds' (its keys: sets, reps)",
    ),
    "confirm missing key": ("[posterior]", "[confirm]\nsets = 4\n[posterior]", "'reps' is missing"),
    "confirm not a table": ('name = "tiny"', 'name = "tiny"\nconfirm = 3', "[confirm]"),
}


@pytest.mark.parametrize("old, new, needle", BAD_SPECS.values(), ids=BAD_SPECS.keys())
def test_bad_calibration_specs_are_one_line_errors(tmp_path, old, new, needle):
    assert old in SPEC
    path = write(tmp_path, spec=SPEC.replace(old, new, 1))
    with pytest.raises(InputError, match=re.escape(needle)) as e:
        load_calibration_spec(path)
    assert "\n" not in str(e.value)


BAD_TARGETS = {
    "no targets": ("[[target]]", "[[nottarget]]", "no [[target]] tables"),
    "bad band": ("band = [2, 10]", "band = [10, 2]", "'band' must be [low, high]"),
    "bad role": ('role = "validate"', 'role = "fit"', "'role' must be one of"),
    "unknown statistic": ('"orgs_functional@100"', '"orgs_funktional@100"', "series column"),
    "unknown scenario": ('scenario = "chengdu"', 'scenario = "atlantis"', "atlantis"),
    "duplicate id": ('id = "held-out"', 'id = "active-baseline"', "'id' must be a new"),
}


@pytest.mark.parametrize("old, new, needle", BAD_TARGETS.values(), ids=BAD_TARGETS.keys())
def test_bad_targets_are_one_line_errors(tmp_path, old, new, needle):
    assert old in TARGETS
    path = tmp_path / "targets.toml"
    path.write_text(TARGETS.replace(old, new))
    with pytest.raises(InputError, match=re.escape(needle)) as e:
        load_targets(path)
    assert "\n" not in str(e.value)


def test_a_target_may_not_set_a_calibrated_key(tmp_path):
    t = TARGETS.replace('role = "validate"', 'role = "validate"\nset = {"decide.w_social" = 1.0}')
    path = write(tmp_path, targets=t)
    with pytest.raises(InputError, match="sets 'decide.w_social', a calibrated key"):
        load_calibration_spec(path)


def test_the_shipped_targets_and_spec_load():
    spec = load_calibration_spec(Path(__file__).parents[1] / "calibration" / "spec.toml")
    assert spec.calibrating and any(t.role == "validate" for t in spec.targets)
    assert len(spec.targets) == len({t.id for t in spec.targets})
    with pytest.raises(InputError, match="no \\[\\[target\\]\\] tables"):
        parse_targets({})


def test_the_v2_spec_loads_with_both_options_and_spec_toml_s_search():
    cal = Path(__file__).parents[1] / "calibration"
    v1 = load_calibration_spec(cal / "spec.toml")
    v2 = load_calibration_spec(cal / "spec-v2.toml")
    assert (v1.seed_term, v1.confirm) == ("mean", None)
    assert v2.seed_term == "run" and v2.confirm == {"sets": 30, "reps": 6}
    assert v2.name == "yingzao-model-2-v2" and v2.out == cal / "record-v2"
    assert v2.parameters == v1.parameters and v2.targets_path == v1.targets_path
    assert [t.id for t in v2.targets] == [t.id for t in v1.targets]
    for k in ("residents", "reps", "seed", "screening", "waves", "posterior"):
        assert getattr(v2, k) == getattr(v1, k), k


def test_cli_bad_calibration_inputs(capsys, tmp_path):
    assert_one_line_error(main, capsys, ["calibrate", str(tmp_path / "no.toml")], "no.toml")
    path = write(tmp_path)
    assert_one_line_error(main, capsys, ["calibrate", str(path), "--resume", "--force"], "give one")
    # nothing to go on with (a calibration not started, or a mistyped out): refused, not started
    assert_one_line_error(main, capsys, ["calibrate", str(path), "--resume"], "no calibration")
    assert_one_line_error(main, capsys, ["calibrate", str(path), "--workers", "0"], "--workers")
