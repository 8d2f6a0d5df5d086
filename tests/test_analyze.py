"""Sweep analysis (experiments/analyze*.py) on synthetic results folders of known structure.

The fixtures are written in the sweep engine's folder format from SALib's own samplers and a model
``y = 3 a + 0 b + 0 k + noise``, so the right answers are known: ``a`` matters, ``b`` and ``k``
do not, and ``y >= 2`` holds exactly where ``a`` is above about 2/3.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from yingzao.experiments.analyze import CURVE_COLUMNS, MORRIS_COLUMNS, SOBOL_COLUMNS, analyze
from yingzao.experiments.analyze_cli import add_parser
from yingzao.experiments.analyze_prim import choose_box, parse_target
from yingzao.experiments.analyze_results import ranges, read_results

from yingzao.errors import InputError

PROBLEM = {
    "num_vars": 3,
    "names": ["a", "b", "k"],
    "bounds": [[0.0, 1.0], [0.0, 1.0], [1.0, 5.0]],
}
REPS = 2
NOISE = 0.05


def _sample(design: str, sobol_n: int = 128) -> np.ndarray:
    if design == "morris":
        from SALib.sample import morris

        return morris.sample(PROBLEM, 12, num_levels=4, seed=3)
    if design == "sobol":
        from SALib.sample import sobol

        return sobol.sample(PROBLEM, sobol_n, calc_second_order=False, seed=3)
    from SALib.sample import latin

    return latin.sample(PROBLEM, 160, seed=3)


def write_sweep(
    folder: Path, design: str, drop_points=(), reps: int = REPS, sobol_n: int = 128
) -> pd.DataFrame:
    """A results folder in the sweep engine's format; returns the runs as they should be read.

    Runs are split over two parts; the second part repeats some runs of the first with other
    values (a resumed crash: the first copy counts), and a half-written temp part lies beside.
    """
    x = _sample(design, sobol_n)
    n = len(x)
    k_used = np.rint(x[:, 2]).astype(np.int64)
    dsg = pd.DataFrame({"point": np.arange(n), "a": x[:, 0], "b": x[:, 1], "k": x[:, 2]})
    dsg = dsg.assign(a__used=x[:, 0], b__used=x[:, 1], k__used=k_used)
    rows = []
    for p in range(n):
        if p in drop_points:
            continue
        a, b = x[p, 0], x[p, 1]
        for rep in range(reps):
            seed = 1000 * p + rep
            y = 3 * a + np.random.default_rng(seed).normal(0, NOISE)
            rows.append(
                {
                    "run_id": f"p{p:05d}-r{rep:03d}",
                    "point": p,
                    "rep": rep,
                    "seed": seed,
                    "a": a,
                    "b": b,
                    "k": k_used[p],
                    "y": y,
                    # an output that does not apply everywhere (like survival after withdrawal)
                    "late": math.nan if a < 0.25 else 2 * b,
                    "seconds": 0.01,
                }
            )
    runs = pd.DataFrame(rows)
    folder.mkdir(parents=True)
    (folder / "runs").mkdir()
    spec = {
        "name": f"test-{design}",
        "scenario": "baseline",
        "design": design,
        "samples": sobol_n if design == "sobol" else 12,
        "levels": 4,
        "reps": reps,
        "seed": 7,
        "outputs": ["y", "late"],
        "series": False,
        "parameters": {"a": [0.0, 1.0], "b": [0.0, 1.0], "k": [1, 5]},
        "set": {},
        "problem": PROBLEM,
        "calc_second_order": False,
        "n_points": n,
        "n_runs": n * reps,
        "spec_hash": "abc",
    }
    (folder / "sweep.json").write_text(json.dumps(spec))
    dsg.to_parquet(folder / "design.parquet", index=False)
    # the second part first on disk order? no: parts are read in name order, part-00000 first
    half = len(runs) // 2
    first, second = runs.iloc[:half], runs.iloc[half:]
    stale = first.iloc[:5].assign(y=-99.0)  # re-written copies of runs already recorded
    first.to_parquet(folder / "runs" / "part-00000.parquet", index=False)
    pd.concat([second, stale]).to_parquet(folder / "runs" / "part-00001.parquet", index=False)
    (folder / "runs" / "part-00002.parquet.tmp").write_bytes(b"half-written")
    return runs


@pytest.fixture(scope="module")
def morris_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("m") / "sweep"
    write_sweep(d, "morris")
    return d


@pytest.fixture(scope="module")
def morris_an(morris_dir):
    return analyze(morris_dir, target="y>=2")


@pytest.fixture(scope="module")
def sobol_an(tmp_path_factory):
    d = tmp_path_factory.mktemp("s") / "sweep"
    write_sweep(d, "sobol")
    return analyze(d, outputs=["y"])


@pytest.fixture(scope="module")
def lhs_an(tmp_path_factory):
    d = tmp_path_factory.mktemp("l") / "sweep"
    write_sweep(d, "lhs", reps=1)
    return analyze(d, outputs=["y"], target="y>=2")


# --- loading ---------------------------------------------------------------------------------


def test_load_dedupes_by_run_id_keeps_the_first_and_ignores_temp_files(tmp_path):
    expected = write_sweep(tmp_path / "s", "morris")
    res = read_results(tmp_path / "s")
    assert len(res.runs) == len(expected)
    assert res.runs["run_id"].is_unique
    assert (res.runs["y"] > -99).all()  # the stale copies were dropped
    assert list(res.runs[["point", "rep"]].itertuples(index=False, name=None)) == sorted(
        zip(expected["point"], expected["rep"], strict=True)
    )
    assert res.missing_points == [] and res.incomplete_points == []
    assert list(res.used_values().columns) == ["a", "b", "k"]
    assert res.used_values()["k"].dtype == np.int64


def test_per_point_is_the_nan_aware_mean_over_replicates(morris_an):
    pp = morris_an.per_point
    runs = morris_an.results.runs
    assert list(pp.columns) == ["point", "a", "b", "k", "n_runs", "y", "late"]
    assert (pp["n_runs"] == REPS).all()
    for p in (0, 5, len(pp) - 1):
        r = runs[runs["point"] == p]
        assert pp.loc[p, "y"] == pytest.approx(r["y"].mean())
    low = pp["a"] < 0.25
    assert pp.loc[low, "late"].isna().all() and pp.loc[~low, "late"].notna().all()


def test_ranges_text():
    assert ranges([8, 0, 1, 2, 5, 7]) == "0-2, 5, 7-8"


@pytest.mark.parametrize("setup", ["missing", "file", "empty", "bad_json", "no_design", "no_runs"])
def test_not_a_sweep_folder_is_an_input_error(tmp_path, setup):
    d = tmp_path / "x"
    if setup == "file":
        d.write_text("hi")
    elif setup != "missing":
        d.mkdir()
    if setup == "bad_json":
        (d / "sweep.json").write_text("{not json")
    if setup in ("no_design", "no_runs"):
        (d / "sweep.json").write_text(
            json.dumps({"design": "lhs", "parameters": {}, "outputs": []})
        )
    if setup == "no_runs":
        pd.DataFrame({"point": [0, 1]}).to_parquet(d / "design.parquet")
        (d / "runs").mkdir()
        (d / "runs" / "part-00000.parquet.tmp").write_text("")
    words = {
        "missing": "no such folder",
        "file": "not a folder",
        "empty": "not a sweep results folder",
        "bad_json": "cannot read",
        "no_design": "no design.parquet",
        "no_runs": "no finished runs",
    }
    with pytest.raises(InputError, match=words[setup]):
        analyze(d)


# --- sensitivity -----------------------------------------------------------------------------


def test_morris_ranks_a_above_b_and_k(morris_an):
    m = morris_an.morris
    assert list(m.columns) == MORRIS_COLUMNS
    y = m[m["output"] == "y"].set_index("parameter")
    assert y.loc["a", "mu_star"] == pytest.approx(3, rel=0.1)
    assert y.loc["a", "mu_star"] > 10 * max(y.loc["b", "mu_star"], y.loc["k", "mu_star"])
    assert (y["mu_star_conf"] >= 0).all() and y["mu_star_conf"].notna().all()
    # 'late' has no value where a < 0.25: it cannot be screened, and the report says why
    assert set(m["output"]) == {"y"}
    assert any(n.startswith("Morris of late: skipped") for n in morris_an.notes)
    assert morris_an.sobol.empty and list(morris_an.sobol.columns) == SOBOL_COLUMNS


def test_sobol_total_index_of_a_dominates(sobol_an):
    s = sobol_an.sobol.set_index("parameter")
    assert list(sobol_an.sobol.columns) == SOBOL_COLUMNS
    assert s.loc["a", "ST"] > 0.9 and s.loc["a", "S1"] > 0.8
    assert s.loc["a", "ST"] > 10 * max(s.loc["b", "ST"], s.loc["k", "ST"])
    assert s[["S1_conf", "ST_conf"]].notna().all().all()
    assert sobol_an.morris.empty


def test_sobol_from_too_few_samples_says_its_indices_are_noise(tmp_path, sobol_an):
    write_sweep(tmp_path / "s", "sobol", sobol_n=2)
    a = analyze(tmp_path / "s", outputs=["y"])
    s = a.sobol[["S1", "ST"]].to_numpy()
    assert ((s < 0) | (s > 1)).any()  # what the note is about: kept as SALib gave them
    (note,) = [n for n in a.notes if "outside 0-1" in n]
    assert "2 base samples are too few" in note and "more 'samples'" in note
    assert not [n for n in sobol_an.notes if "outside 0-1" in n]  # 128 samples: all within


def test_lhs_design_has_no_indices_but_says_why(lhs_an):
    assert lhs_an.morris.empty and lhs_an.sobol.empty
    assert any("need a morris or sobol design" in n for n in lhs_an.notes)


# --- response curves -------------------------------------------------------------------------


def test_response_curves_quantile_bins_for_continuous_parameters(lhs_an):
    c = lhs_an.curves
    assert list(c.columns) == CURVE_COLUMNS
    a = c[(c["parameter"] == "a") & (c["output"] == "y")]
    assert a["bin"].tolist() == list(range(8))
    assert a["n"].sum() == len(lhs_an.results.runs) and a["n"].min() == 160 // 8
    assert a["x"].is_monotonic_increasing and a["q50"].is_monotonic_increasing
    assert (a["q10"] <= a["q50"]).all() and (a["q50"] <= a["q90"]).all()
    b = c[(c["parameter"] == "b") & (c["output"] == "y")]
    assert b["q50"].max() - b["q50"].min() < a["q50"].max() - a["q50"].min() / 2
    # k takes 5 whole values: one bin each
    k = c[(c["parameter"] == "k") & (c["output"] == "y")]
    assert k["x"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_response_curves_one_bin_per_morris_level(morris_an):
    c = morris_an.curves
    a = c[(c["parameter"] == "a") & (c["output"] == "y")]
    assert a["x"].to_numpy() == pytest.approx([0, 1 / 3, 2 / 3, 1])
    late = c[(c["parameter"] == "a") & (c["output"] == "late")]
    assert late["x"].min() > 0.25  # the level a = 0 has no value of 'late': no bin


# --- scenario discovery ----------------------------------------------------------------------


@pytest.mark.parametrize("an", ["morris_an", "lhs_an"])
def test_prim_box_restricts_a_only(an, request):
    a = request.getfixturevalue(an)
    box = a.prim_box
    assert box["parameter"].tolist() == ["a"]
    assert 0.3 < box.loc[0, "min"] <= 2 / 3 + 0.01
    st = a.prim.stats
    assert a.prim.met and st["density"] >= 0.8 and st["coverage"] >= 0.9
    assert st["res_dim"] == 1
    t = a.prim_trajectory
    assert list(t.columns) == ["id", "coverage", "density", "mass", "res_dim", "n", "k"]
    assert t.loc[0, "mass"] == 1.0 and a.prim.chosen in set(t["id"])


def test_choose_box_widest_dense_box_else_best_coverage_times_density():
    t = pd.DataFrame(
        {
            "id": [0, 1, 2, 3],
            "coverage": [1.0, 0.95, 0.8, 0.4],
            "density": [0.4, 0.82, 0.9, 1.0],
            "res_dim": [0, 1, 1, 2],
        }
    )
    assert choose_box(t, 0.8) == (1, True)
    assert choose_box(t, 0.95) == (3, True)
    assert choose_box(t.iloc[:2], 0.9) == (1, False)  # 0.95 * 0.82 > 1.0 * 0.4


@pytest.mark.parametrize("expr", ["y>=100", "y>-100"])
def test_prim_target_never_or_always_true_is_a_note(morris_dir, expr):
    a = analyze(morris_dir, outputs=["y"], target=expr)
    assert a.prim is None and a.prim_box.empty
    assert any(n.startswith("PRIM: skipped, the target") for n in a.notes)


@pytest.mark.parametrize("expr", ["y>>2", "y=2", "y==2", "y>=abc", "2<=y", "", "y >= 2 and b<1"])
def test_bad_target_names_the_allowed_form(morris_dir, expr):
    with pytest.raises(InputError, match="OUTPUT OP NUMBER"):
        analyze(morris_dir, target=expr)


def test_target_parsing():
    t = parse_target(" late < -1.5e1 ")
    assert (t.output, t.op, t.value) == ("late", "<", -15.0)
    assert t.holds([-20.0, math.nan, 0]).tolist() == [True, False, False]


@pytest.mark.parametrize("kw", [{"outputs": ["nope"]}, {"target": "nope>=1"}])
def test_unknown_output_is_an_input_error(morris_dir, kw):
    with pytest.raises(InputError, match="unknown output 'nope'; outputs in this sweep: y, late"):
        analyze(morris_dir, **kw)


# --- partial results -------------------------------------------------------------------------


def test_partial_results_skip_morris_but_prim_and_curves_run(tmp_path):
    d = tmp_path / "s"
    write_sweep(d, "morris", drop_points={3, 4, 5, 9})
    a = analyze(d, outputs=["y"], target="y>=2")
    assert a.morris.empty
    assert any(
        "4 of 48 design points have no finished run yet (points 3-5, 9)" in n for n in a.notes
    )
    assert any(n.startswith("Morris: skipped, it needs every design point") for n in a.notes)
    assert a.prim is not None and a.prim_box["parameter"].tolist() == ["a"]
    assert a.prim.n_points == 44 and len(a.per_point) == 44
    assert not a.curves.empty
    assert "Morris: skipped" in a.report()


def test_grid_with_categories_and_booleans(tmp_path):
    d = tmp_path / "g"
    (d / "runs").mkdir(parents=True)
    values = {"kind": ["none", "train", "incubate"], "open": [False, True], "x": [0.0, 0.5, 1.0]}
    pts = pd.MultiIndex.from_product(list(values.values()), names=list(values)).to_frame(
        index=False
    )
    dsg = pts.assign(**{f"{k}__used": pts[k] for k in values}).reset_index(names="point")
    runs = pts.reset_index(names="point").loc[lambda t: t.index.repeat(2)].reset_index(drop=True)
    runs["rep"] = runs.groupby("point").cumcount()
    runs["run_id"] = [f"p{p:05d}-r{r:03d}" for p, r in zip(runs["point"], runs["rep"], strict=True)]
    noise = np.random.default_rng(1).normal(0, 0.1, len(runs))
    runs["y"] = 3 * (runs["kind"] == "incubate") + runs["x"] + noise
    runs.to_parquet(d / "runs" / "part-000001.parquet")
    dsg.to_parquet(d / "design.parquet")
    spec = {"name": "g", "scenario": "baseline", "design": "grid", "reps": 2, "seed": 0}
    spec |= {"outputs": ["y"], "parameters": values, "n_points": len(pts)}
    spec |= {"problem": {"num_vars": 1, "names": ["x"], "bounds": [[0.0, 1.0]]}}
    (d / "sweep.json").write_text(json.dumps(spec))
    a = analyze(d, target="y>=2.5")
    box = a.prim_box
    assert box["parameter"].tolist() == ["kind"]
    assert box.loc[0, "values"] == "incubate (of incubate, none, train)"
    c = a.curves
    assert c.loc[c["parameter"] == "kind", "label"].tolist() == values["kind"]  # the grid's order
    assert c.loc[c["parameter"] == "open", "label"].tolist() == ["False", "True"]
    assert c.loc[c["parameter"] == "x", "x"].tolist() == [0.0, 0.5, 1.0]
    assert (c["n"] == 12).sum() == 6 and (c["n"] == 18).sum() == 2  # 36 runs
    assert {p.name for p in a.save()} >= {"prim_box.csv", "response_y.png", "report.md"}


def test_series_are_read_without_duplicates(tmp_path):
    d = tmp_path / "s"
    write_sweep(d, "lhs", reps=1)
    (d / "series").mkdir()
    ser = pd.DataFrame({"run_id": ["p00001-r000"] * 3, "month": [0, 1, 2], "orgs": [1, 2, 3]})
    ser.to_parquet(d / "series" / "part-000001.parquet")
    ser.assign(orgs=-1).to_parquet(d / "series" / "part-000002.parquet")  # a rerun's copy
    got = read_results(d).series
    assert got["orgs"].tolist() == [1, 2, 3]
    assert read_results(tmp_path / "s").per_point(["y"]).shape[0] == 160


# --- report, files, command line -------------------------------------------------------------


def test_report_has_every_section(morris_an):
    text = morris_an.report()
    for words in (
        "Sweep 'test-morris' (scenario baseline, design morris): 48 of 48 design points",
        "Morris elementary effects of y",
        "Scenario discovery (PRIM), target y>=2",
        "Parameter ranges of the box",
        "Peeling trajectory:",
        "Response curves:",
        "Morris of late: skipped",
    ):
        assert words in text, words


def _cli(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="yingzao")
    add_parser(p.add_subparsers(dest="cmd"))
    a = p.parse_args(argv)
    return a.fn(a)


def test_cli_writes_report_tables_and_figures(morris_dir, capsys):
    assert _cli(["analyze", str(morris_dir), "--outputs", "y, late", "--target", "y>=2"]) == 0
    printed = capsys.readouterr().out
    out = morris_dir / "analysis"
    assert "Morris elementary effects of y" in printed and f"wrote {out}" in printed
    names = {p.name for p in out.iterdir()}
    assert {"report.md", "per_point.csv", "morris.csv", "morris.png"} <= names
    assert {"prim_box.csv", "prim_trajectory.csv", "prim_tradeoff.png"} <= names
    assert {"response_curves.csv", "response_y.png", "response_late.png"} <= names
    for png in ("morris.png", "prim_tradeoff.png", "response_y.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = (out / "report.md").read_text()
    assert "![Morris mu*-sigma](morris.png)" in md and "Chosen box" in md
    assert pd.read_csv(out / "prim_box.csv")["parameter"].tolist() == ["a"]


def test_a_new_analysis_replaces_the_last_one_whole(morris_dir, tmp_path, capsys):
    out = tmp_path / "an"
    assert _cli(["analyze", str(morris_dir), "--target", "y>=2", "--out", str(out)]) == 0
    assert (out / "prim_box.csv").exists() and (out / "response_late.png").exists()
    (out / "notes.txt").write_text("mine")
    assert _cli(["analyze", str(morris_dir), "--outputs", "y", "--out", str(out)]) == 0
    capsys.readouterr()
    names = {p.name for p in out.iterdir()}
    # no PRIM box and no curves of 'late' from the last analysis beside the new report
    assert not names & {"prim_box.csv", "prim_trajectory.csv", "prim_tradeoff.png"}
    assert "response_late.png" not in names and "response_y.png" in names
    assert (out / "notes.txt").read_text() == "mine"  # a file of the user's stays
    # a folder whose report.md is not an analysis: refused, nothing of it replaced or removed
    other = tmp_path / "other"
    other.mkdir()
    (other / "report.md").write_text("# my report")
    (other / "response_x.png").write_bytes(b"mine")
    with pytest.raises(InputError, match="report.md that is not a sweep analysis"):
        _cli(["analyze", str(morris_dir), "--outputs", "y", "--out", str(other)])
    assert (other / "report.md").read_text() == "# my report"
    assert sorted(p.name for p in other.iterdir()) == ["report.md", "response_x.png"]


def test_cli_sobol_to_chosen_folder(sobol_an, tmp_path, capsys):
    out = tmp_path / "o"
    assert _cli(["analyze", str(sobol_an.results.folder), "--outputs", "y", "--out", str(out)]) == 0
    assert "PRIM: skipped, no target given" in capsys.readouterr().out
    assert (out / "sobol.png").is_file() and (out / "sobol.csv").is_file()
    assert not (out / "prim_box.csv").exists()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--threshold", "1.5"], "--threshold 1.5"),
        (["--outputs", " , "], "--outputs"),
        (["--target", "y=>2"], "OUTPUT OP NUMBER"),
    ],
)
def test_cli_bad_arguments(morris_dir, argv, words):
    with pytest.raises(InputError, match=words):
        _cli(["analyze", str(morris_dir), *argv])


# --- with the real sweep engine --------------------------------------------------------------


def test_a_real_tiny_sweep_analyzes(tmp_path):
    sweep = pytest.importorskip("yingzao.experiments.sweep")
    if not hasattr(sweep, "run_sweep"):
        pytest.skip("the sweep engine has no run_sweep yet")
    spec = sweep.spec_from_dict(
        {
            "name": "tiny",
            "scenario": "baseline",
            "design": "morris",
            "samples": 3,
            "levels": 4,
            "reps": 2,
            "seed": 1,
            "set": {"community.residents": 300, "run.months": 18},
            "parameters": {"resident.spirit_mean": [0.1, 0.6], "decide.theta_mean": [0.3, 0.9]},
            "outputs": ["orgs_alive", "participation_rate", "functional_alive_24m_after"],
        }
    )
    out = tmp_path / "tiny"
    sweep.run_sweep(spec, out, workers=1, progress=False)
    res = read_results(out)
    assert len(res.runs) == spec.n_runs and res.missing_points == []
    mid = res.per_point(["orgs_alive"])["orgs_alive"].median()
    a = analyze(res, target=f"orgs_alive>={mid}")
    m = a.morris
    assert set(m["parameter"]) == set(spec.parameters)
    assert set(m["output"]) == {"orgs_alive", "participation_rate"}
    # no withdrawal in 18 months: survival after it does not apply anywhere
    assert any(n.startswith("Morris of functional_alive_24m_after: skipped") for n in a.notes)
    assert a.prim is not None or any(n.startswith("PRIM: skipped") for n in a.notes)
    paths = a.save()
    assert out / "analysis" / "morris.png" in paths and (out / "analysis" / "report.md").is_file()
