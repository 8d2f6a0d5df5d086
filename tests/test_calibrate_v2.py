"""The calibration's two options: ``[waves] seed_term`` and the ``[confirm]`` stage.

``seed_term = "run"`` takes the emulator's latent variance (without its noise term) and one
run's seed variance; ``[confirm]`` runs the best sets again at new seeds and draws the posterior
and the best set from them. A tiny calibration with both runs once for the module (as the
``done`` fixture of test_calibrate.py, at 2 seeds per set so that seed variance exists).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from yingzao.experiments import emulator
from yingzao.experiments.calibrate import calibrate, simulated_implausibility, target_means
from yingzao.experiments.calibrate_confirm import confirm_seeds
from yingzao.experiments.calibration_doc import calibration_markdown
from yingzao.experiments.sweep_store import load_results
from yingzao.experiments.targets import Target, load_targets

from tests.test_calibrate import SPEC, quiet, write

ROOT = Path(__file__).parents[1]

SPEC_V2 = (
    SPEC.replace("reps = 1", "reps = 2")
    .replace("candidates = 2048", 'candidates = 2048\nseed_term = "run"')
    .replace("[posterior]", "[confirm]\nsets = 3\nreps = 3\n[posterior]")
)


def _toy_target() -> Target:
    return Target("t", None, "s", (1.0, 2.0), "test", "calibrate")  # type: ignore[arg-type]


# --- the emulator's variance --------------------------------------------------------------


def test_run_variance_is_the_latent_one_the_predictive_less_the_nugget():
    rng = np.random.default_rng(4)
    x = rng.random((40, 2))
    y = np.sin(3 * x[:, 0]) + 0.3 * rng.standard_normal(40)  # noisy: a clear nugget
    t = _toy_target()
    mean = emulator.build(t, x, y, seed_var=0.2, reps=4, discrepancy=0.5, seed=0)
    run = emulator.build(t, x, y, 0.2, 4, 0.5, 0, seed_term="run")
    gp = mean.gp
    nugget = gp.kernel_.k2.noise_level * gp._y_train_std**2
    assert emulator.nugget(gp) == pytest.approx(nugget) and nugget > 1e-3
    xt = rng.random((25, 2))
    m1, v_mean = mean.predict(xt)
    m2, v_run = run.predict(xt)
    assert m1 == pytest.approx(m2)
    assert (v_run < v_mean).all()
    assert v_mean - v_run == pytest.approx(np.full(25, nugget))
    # the latent variance by hand: the fitted signal kernel's GP variance, in the data's units
    k1 = gp.kernel_.k1
    xs = gp.X_train_
    k = k1(xs) + gp.kernel_.k2.noise_level * np.eye(len(xs)) + gp.alpha * np.eye(len(xs))
    ks = k1(xt, xs)
    latent = np.diag(k1(xt)) - np.einsum("ij,ji->i", ks, np.linalg.solve(k, ks.T))
    assert v_run == pytest.approx(latent * gp._y_train_std**2, rel=1e-6, abs=1e-12)
    # the fixed terms: V_obs = (0.5 / 2)^2, V_disc = (0.5 * 0.5)^2, and V_seed / reps or V_seed
    assert mean.var_fixed == 0.0625 + 0.0625 + 0.2 / 4
    assert run.var_fixed == pytest.approx(0.0625 + 0.0625 + 0.2)
    i = run.implausibility(xt)
    assert i == pytest.approx(np.abs(m2 - 1.5) / np.sqrt(v_run + run.var_fixed))


def test_the_mean_formula_is_the_one_before_the_option():
    """The default keeps the old arithmetic, bit for bit (so the shipped record stands)."""
    rng = np.random.default_rng(5)
    x = rng.random((30, 2))
    y = x[:, 0] + 0.1 * rng.standard_normal(30)
    t = _toy_target()
    hw = t.halfwidth
    e = emulator.build(t, x, y, 0.03, 2, 0.25, 0)
    assert e.var_fixed == (hw / 2) ** 2 + (0.25 * hw) ** 2 + (0.03 / max(2, 1))
    assert not e.latent
    m, s = e.gp.predict(x[:5], return_std=True)
    assert e.predict(x[:5])[1] == pytest.approx(s**2, rel=0, abs=0)


def test_simulated_implausibility_of_a_mean_of_n_seeds():
    t = _toy_target()
    means = pd.DataFrame({"t": [1.5, 2.5, np.nan]})
    v = {"t": 0.12}
    for term, seed_part in (("mean", 0.12 / 3), ("run", 0.12 * (1 + 1 / 3))):
        spec = SimpleNamespace(reps=3, waves={"discrepancy": 0.25}, seed_term=term)
        imp = simulated_implausibility([t], means, v, spec)
        sd = np.sqrt(0.0625 + 0.125**2 + seed_part)
        assert imp["t"].iloc[:2].to_numpy() == pytest.approx([0.0, 1.0 / sd])
        assert imp["max"].iloc[2] == np.inf
        again = simulated_implausibility(
            [t], means, v, SimpleNamespace(**{**vars(spec), "reps": 1}), reps=3
        )
        assert again["max"].iloc[1] == imp["max"].iloc[1]  # reps given beats the spec's


def test_confirm_seeds_follow_every_seed_the_waves_use():
    for seed, reps, creps in ((0, 2, 8), (3, 2, 3), (10**9, 7, 2)):
        spec = SimpleNamespace(seed=seed, reps=reps, confirm={"reps": creps})
        waves = set(range(seed, seed + reps))  # a sweep's replicate r has seed + r
        got = confirm_seeds(spec)
        assert len(set(got)) == creps and not waves & set(got)


# --- a tiny calibration with both options -------------------------------------------------


def _runs(folder: Path) -> pd.DataFrame:
    parts = sorted(folder.glob("*/runs/part-*.parquet"))
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


@pytest.fixture(scope="module")
def confirmed(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("cal2"), spec=SPEC_V2)
    record = calibrate(path, workers=2, log=quiet)
    return path, record


def test_the_confirm_stage_runs_new_seeds_and_is_recorded(confirmed):
    path, record = confirmed
    out = path.parent / "record"
    assert json.loads((out / "record.json").read_text()) == record
    assert record["seed_term"] == "run"
    c = record["confirm"]
    assert c["reps"] == 3 and c["seeds"] == [5, 6, 7]  # seed 3, 2 seeds per set in the waves
    assert 1 <= c["sets"] <= 3 and len(c["table"]) == c["sets"]
    confirm = _runs(out / "confirm")
    assert len(confirm) == c["sets"] * 3 * 2  # sets x seeds x two arms
    assert set(confirm["seed"]) == set(c["seeds"])
    earlier = pd.concat([_runs(out / "screening"), _runs(out / "wave-1"), _runs(out / "wave-2")])
    assert set(earlier["seed"]) == {3, 4}
    assert not set(earlier["seed"]) & set(confirm["seed"])
    # the confirmed sets are the best of the waves (by the waves' implausibility)
    runs = pd.read_parquet(out / "runs.parquet")
    wave_imp = [s["wave_implausibility"] for s in c["table"]]
    best_wave = runs["implausibility_max"].sort_values(kind="stable")
    good = best_wave[best_wave < 3.0]
    chosen = (good if len(good) else best_wave).index[: c["sets"]]
    assert sorted(s["wave_run"] for s in c["table"]) == sorted(chosen.tolist())
    assert wave_imp == pytest.approx(
        runs["implausibility_max"].iloc[[s["wave_run"] for s in c["table"]]].to_list()
    )
    for s in c["table"]:
        row = runs.iloc[s["wave_run"]]
        assert s["parameters"] == {k: pytest.approx(row[k]) for k in record["calibrated"]}


def test_confirmed_implausibility_comes_from_the_confirm_runs(confirmed):
    path, record = confirmed
    out = path.parent / "record"
    targets = [t for t in load_targets(path.parent / "targets.toml") if t.role == "calibrate"]
    runs = {}
    for folder in (out / "confirm").iterdir():
        if (folder / "sweep.json").exists():
            info = json.loads((folder / "sweep.json").read_text())
            runs[folder.name] = load_results(folder)[1]
            assert info["reps"] == 3
    by_arm = {a.key: runs[_slug(a.key)] for t in targets for a in t.arms}
    design = pd.read_parquet(out / "confirm" / "design.parquet")
    means, seed_var = target_means(targets, by_arm, len(design))
    spec = SimpleNamespace(reps=3, waves={"discrepancy": 0.25}, seed_term="run")
    imp = simulated_implausibility(targets, means, seed_var, spec)
    table = {s["wave_run"]: s["confirmed_implausibility"] for s in record["confirm"]["table"]}
    stage = pd.read_parquet(out / "confirm" / "means.parquet")
    assert stage["implausibility_max"].to_numpy() == pytest.approx(imp["max"].to_numpy())
    assert [table[r] for r in stage["wave_run"]] == pytest.approx(imp["max"].to_list())


def _slug(key: str) -> str:
    from yingzao.experiments.calibrate import _slug as slug

    return slug(key)


def test_the_posterior_and_the_best_set_come_from_the_confirmed_sets(confirmed):
    path, record = confirmed
    c = record["confirm"]
    post = pd.read_parquet(path.parent / "record" / "posterior.parquet")
    table = c["table"]  # best (confirmed) first
    below = [s for s in table if s["confirmed_implausibility"] < 3.0]
    expect = below or table
    assert len(post) == min(len(expect), 5)
    assert (
        post["implausibility"].to_list()
        == [s["confirmed_implausibility"] for s in expect][: len(post)]
    )
    for (_, row), s in zip(post.iterrows(), expect, strict=False):
        assert {k: row[k] for k in record["calibrated"]} == pytest.approx(s["parameters"])
    assert record["best"] == pytest.approx(table[0]["parameters"])
    assert record["best_implausibility"] == table[0]["confirmed_implausibility"]
    assert record["found"] == bool(below)


def test_resume_of_the_confirmed_record_runs_nothing(confirmed):
    path, record = confirmed
    out = path.parent / "record"
    before = {p: len(pd.read_parquet(p)) for p in out.glob("*/*/runs/part-*.parquet")}
    again = calibrate(path, workers=1, resume=True, log=quiet)
    after = {p: len(pd.read_parquet(p)) for p in out.glob("*/*/runs/part-*.parquet")}
    assert after == before
    for k in ("best", "best_implausibility", "runs", "fit", "confirm", "found"):
        assert again[k] == record[k], k


def test_the_report_says_the_confirm_stage_only_when_there_is_one(confirmed):
    path, record = confirmed
    text = calibration_markdown(path.parent / "record", ".")
    assert "### Confirmation: wave implausibility vs confirmed" in text
    assert "ran again at 3 new seeds (5 to 7" in text
    assert "sqrt(l(x)^2 + V_obs + V_disc + V_seed)" in text
    assert "both count seed noise" not in text
    shipped = calibration_markdown(ROOT / "calibration" / "record", ".")
    assert "Confirmation" not in shipped and "new seeds" not in shipped
    assert "V_seed / reps" in shipped and "both count seed noise" in shipped


def test_the_report_names_the_spec_whose_out_is_the_record(tmp_path):
    from yingzao.experiments.calibration_doc import _spec_file

    d = tmp_path / "calibration"
    (d / "record-v2").mkdir(parents=True)
    (d / "spec.toml").write_text('out = "record"\n', encoding="utf-8")
    (d / "spec-v2.toml").write_text('out = "record-v2"\n', encoding="utf-8")
    (d / "broken.toml").write_text("out = [", encoding="utf-8")
    assert _spec_file(d / "record-v2") == "calibration/spec-v2.toml"
    assert _spec_file(d / "record-v3") == "SPEC"
