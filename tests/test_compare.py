"""Paired scenario comparison (experiments/compare.py) and its progress bar."""

from __future__ import annotations

import io
import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from conftest import assert_one_line_error
from yingzao.experiments.compare import Comparison, compare, t_interval
from yingzao.experiments.progress import Progress
from yingzao.experiments.replicate import replicate
from yingzao.model.metrics import SERIES_COLUMNS
from yingzao.scenarios import load

from yingzao.cli import main
from yingzao.errors import InputError

TINY = {"community.residents": 400}
MONTHS = 18
REPS = 3
# baseline twice: a scenario compared with itself must differ by exactly nothing
SCENARIOS = ["baseline", "incubation", "baseline"]
LABELS = ["baseline", "incubation", "baseline (2)"]


def _compare(workers: int) -> Comparison:
    # the calibrated defaults only: these tests are about pairing and assembly; the posterior
    # draws have their own tests (test_posterior.py) and one below
    return compare(
        SCENARIOS,
        reps=REPS,
        overrides=TINY,
        months=MONTHS,
        workers=workers,
        progress=False,
        posterior=False,
    )


@pytest.fixture(scope="module")
def cmp() -> Comparison:
    return _compare(workers=1)


# --- pairing and assembly ---------------------------------------------------------------------


def test_labels_are_scenario_names_made_unique(cmp):
    assert cmp.labels == LABELS
    assert cmp.series["scenario"].unique().tolist() == LABELS
    assert cmp.summaries["scenario"].tolist() == [lab for lab in LABELS for _ in range(REPS)]


def test_replicate_i_has_the_same_seed_in_every_scenario(cmp):
    assert cmp.seeds == list(range(REPS))
    seeds = cmp.summaries.groupby("replicate")["seed"].agg(["nunique", "first"])
    assert (seeds["nunique"] == 1).all()
    assert seeds["first"].tolist() == cmp.seeds
    per_month = cmp.series.groupby(["replicate"])["seed"].nunique()
    assert (per_month == 1).all()


def test_a_scenario_compared_with_itself_differs_by_exactly_zero(cmp):
    s = cmp.summaries.set_index(["scenario", "replicate"])
    pd.testing.assert_frame_equal(s.loc["baseline"], s.loc["baseline (2)"])
    rows = cmp.stats[cmp.stats["scenario"] == "baseline (2)"]
    ref = cmp.stats[cmp.stats["scenario"] == "baseline"].set_index("metric")
    assert len(rows) > 10
    for r in rows.itertuples():
        if ref.loc[r.metric, "n"] == 0:  # no value in the reference: nothing to pair
            assert r.n_pairs == 0 and math.isnan(r.diff)
            continue
        assert r.n_pairs == ref.loc[r.metric, "n"], r.metric  # every run with a value pairs
        assert r.diff == 0.0, r.metric
        if r.n_pairs > 1:  # one pair has no interval
            assert (r.diff_low, r.diff_high) == (0.0, 0.0), r.metric


def test_workers_2_gives_exactly_the_results_of_workers_1(cmp):
    par = _compare(workers=2)
    assert par.labels == cmp.labels and par.seeds == cmp.seeds
    pd.testing.assert_frame_equal(par.series, cmp.series)
    pd.testing.assert_frame_equal(par.summaries, cmp.summaries)
    pd.testing.assert_frame_equal(par.stats, cmp.stats)


def test_results_equal_single_runs():
    # each (scenario, replicate) is exactly the run `simulate` gives for that seed
    from yingzao import simulate

    kw = dict(seeds=[4, 1], overrides=TINY, months=6, workers=1, progress=False)
    c = compare(["incubation"], posterior=False, **kw)
    for rep, seed in enumerate([4, 1]):
        res = simulate("incubation", seed=seed, months=6, overrides=TINY)
        got = c.series[c.series["replicate"] == rep].drop(columns=["scenario", "replicate", "seed"])
        pd.testing.assert_frame_equal(got.reset_index(drop=True), res.series)
        assert c.summaries.loc[rep, "orgs_functional"] == res.summary["orgs_functional"]


def test_with_the_posterior_a_replicate_is_the_single_run_with_its_drawn_set():
    from yingzao.experiments.posterior import drawn, posterior_sets

    from yingzao import simulate

    sets = posterior_sets()
    c = compare(["incubation"], seeds=[4, 1], overrides=TINY, months=6, workers=1, progress=False)
    assert list(c.summaries["posterior_set"]) == [0, 1]
    for rep, seed in enumerate([4, 1]):
        sc = drawn(load("incubation"), rep, sets)[0]
        res = simulate(sc, seed=seed, months=6, overrides=TINY)
        got = c.series[c.series["replicate"] == rep].drop(
            columns=["scenario", "replicate", "seed", "posterior_set"]
        )
        pd.testing.assert_frame_equal(got.reset_index(drop=True), res.series)


# --- tidy frames ------------------------------------------------------------------------------


def test_tidy_shapes_and_columns(cmp):
    n_sc = len(SCENARIOS)
    assert len(cmp.series) == n_sc * REPS * MONTHS
    assert list(cmp.series.columns) == ["scenario", "replicate", "seed", *SERIES_COLUMNS]
    keys = ["scenario", "replicate", "month"]
    assert not cmp.series.duplicated(keys).any()
    assert (
        cmp.series.groupby(["scenario", "replicate"])["month"]
        .apply(list)
        .map(lambda m: m == list(range(MONTHS)))
        .all()
    )
    assert len(cmp.summaries) == n_sc * REPS
    assert list(cmp.summaries.columns[:3]) == ["scenario", "replicate", "seed"]
    assert "orgs_functional" in cmp.summaries and "functional_alive_24m_after" in cmp.summaries


def test_none_in_summaries_becomes_nan(cmp):
    for c in ("withdrawal_month", "functional_alive_24m_after", "crisis_volunteers_first_month"):
        col = cmp.summaries[c]
        assert col.dtype == float and col.isna().all(), c


def test_summary_is_the_last_month_of_the_series(cmp):
    last = cmp.series[cmp.series["month"] == MONTHS - 1].reset_index(drop=True)
    assert (last["orgs_functional"] == cmp.summaries["orgs_functional"]).all()


# --- statistics -------------------------------------------------------------------------------


def test_stats_one_row_per_scenario_and_metric(cmp):
    st = cmp.stats
    assert not st.duplicated(["scenario", "metric"]).any()
    assert set(st["scenario"]) == set(LABELS)
    assert st.groupby("metric").size().eq(len(LABELS)).all()
    for m in ("orgs_functional", "functional_share", "participation_rate", "needs_met"):
        assert m in set(st["metric"])
    # settings and metrics without any value are not statistics
    assert not {"residents", "withdrawal_month", "functional_alive_24m_after"} & set(st["metric"])
    first = st[st["scenario"] == "baseline"]
    assert first["diff"].isna().all() and (first["n_pairs"] == 0).all()


def test_interval_contains_the_mean(cmp):
    st = cmp.stats.dropna(subset=["ci_low"])
    assert len(st) > 0
    assert (st["ci_low"] <= st["mean"]).all() and (st["mean"] <= st["ci_high"]).all()
    d = cmp.stats.dropna(subset=["diff_low"])
    assert (d["diff_low"] <= d["diff"]).all() and (d["diff"] <= d["diff_high"]).all()


def test_stats_match_a_hand_computation(cmp):
    from scipy import stats

    s = cmp.summaries.set_index(["scenario", "replicate"])["orgs_functional"].astype(float)
    a, b = s.loc["baseline"].to_numpy(), s.loc["incubation"].to_numpy()
    d = b - a
    half = stats.t.ppf(0.975, REPS - 1) * d.std(ddof=1) / np.sqrt(REPS)
    row = cmp.stats.set_index(["scenario", "metric"]).loc[("incubation", "orgs_functional")]
    assert row["mean"] == pytest.approx(b.mean())
    assert row["diff"] == pytest.approx(d.mean())
    assert row["diff_low"] == pytest.approx(d.mean() - half)
    assert row["diff_high"] == pytest.approx(d.mean() + half)


def test_a_scenario_that_differs_gives_a_nonzero_difference(cmp):
    # an NGO on contract spends outside money; 400 residents over 18 months may found no
    # functional group at all, so the group counts can tie
    row = cmp.stats.set_index(["scenario", "metric"]).loc[("incubation", "outside_money_spent")]
    assert row["diff"] != 0
    assert row["n_pairs"] == REPS


def test_t_interval_edge_cases():
    m, lo, hi, n = t_interval([2.0])
    assert (m, n) == (2.0, 1) and math.isnan(lo) and math.isnan(hi)
    m, lo, hi, n = t_interval([np.nan, np.nan])
    assert n == 0 and math.isnan(m)
    assert t_interval([3.0, 3.0, 3.0]) == (3.0, 3.0, 3.0, 3)
    assert t_interval([1.0, np.nan, 3.0])[3] == 2


def test_one_replicate_gives_no_interval():
    c = compare(
        ["baseline", "incubation"], reps=1, overrides=TINY, months=4, workers=1, progress=False
    )
    assert c.stats["ci_low"].isna().all() and c.stats["diff_low"].isna().all()
    assert "[no interval]" in c.table()


# --- people's table ---------------------------------------------------------------------------


def test_table_shows_headline_metrics_and_skips_empty_ones(cmp):
    t = cmp.table()
    for words in ("functional groups alive at the end", "needs met", "federation members"):
        assert words in t
    assert "24 months after withdrawal" not in t  # no withdrawal in these scenarios
    for lab in LABELS:
        assert f"\n  {lab} " in t
    assert "difference to baseline" in t
    line = next(x for x in t.splitlines() if x.startswith("  baseline (2)"))
    assert re.search(r"\+0(\.0+)?( pp)? \[\+0(\.0+)?, \+0(\.0+)?\]$", line), line
    assert cmp.table(["trust_mean"]).count("\n  ") == len(LABELS)
    with pytest.raises(InputError, match="orgs_functionl"):
        cmp.table(["orgs_functionl"])


def test_table_cuts_intervals_at_what_a_measure_can_take(cmp):
    # two replicates far apart: the raw t-intervals (t = 12.7) reach far past 0-100% and 0
    summ = cmp.summaries[cmp.summaries["replicate"] < 2].copy()
    first = (summ["replicate"] == 0) == (summ["scenario"] == cmp.labels[0])
    summ["functional_share"] = np.where(first, 0.1, 0.9)  # and the pairs differ by -80 and +80
    summ["orgs_functional"] = np.where(summ["replicate"] == 0, 0.0, 4.0)
    two = Comparison(cmp.labels, cmp.seeds[:2], cmp.series, summ)
    raw = two.stats.set_index(["metric", "scenario"]).loc["functional_share"]
    assert (raw["ci_low"] < 0).all() and (raw["ci_high"] > 1).all()  # what the table must cut
    t = two.table()
    block = t[t.index("share of groups that are functional") :].splitlines()[1:4]
    for line in block:
        assert "[0.0, 100.0]" in line, line
    assert "[-100.0, +100.0]" in block[1]  # two shares differ by 100 points at most
    counts = t[t.index("functional groups alive at the end") :].splitlines()[1]
    assert "[0.00, " in counts, counts
    assert "are cut there" in t
    # close together, the intervals fit: shown as computed, and no word of cutting
    summ["functional_share"] = np.where(summ["replicate"] == 0, 0.50, 0.52)
    summ["orgs_functional"] = np.where(summ["replicate"] == 0, 30.0, 31.0)
    near = Comparison(cmp.labels, cmp.seeds[:2], cmp.series, summ)
    t = near.table(["functional_share", "orgs_functional"])
    assert "51.0% [38.3, 63.7]" in t and "30.5 [24.1, 36.9]" in t, t
    assert "cut" not in t


# --- inputs -----------------------------------------------------------------------------------


def test_scenario_objects_and_explicit_seeds():
    sc = load("baseline", TINY)
    other = sc.with_overrides({"procurement.budget": 1000.0})
    calls = []
    c = compare(
        [sc, other],
        seeds=[7, 3],
        months=5,
        workers=1,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert c.labels == ["baseline", "baseline (2)"]
    assert c.seeds == [7, 3] and c.summaries["seed"].tolist() == [7, 3, 7, 3]
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    c = compare([sc, other], reps=1, months=5, workers=1, progress=False, labels=["a", "b"])
    assert c.labels == ["a", "b"]


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"scenarios": ["baseline", "no-such-scenario"]}, "no-such-scenario"),
        ({"overrides": {"community.residentz": 5}}, "community.residentz"),
        ({"reps": 0}, "reps"),
        ({"seeds": [1, 1]}, "seed 1"),
        ({"seeds": [-1]}, "seed -1"),
        ({"workers": 0}, "workers"),
        ({"months": 0}, "run.months"),
        ({"scenarios": []}, "at least one"),
    ],
)
def test_bad_inputs_fail_before_any_run(kwargs, needle):
    calls = []
    args = {"scenarios": ["baseline", "incubation"], "overrides": TINY, "months": 3, "workers": 1}
    args.update(kwargs)
    with pytest.raises(InputError, match=needle):
        compare(**args, progress=lambda *a: calls.append(a))
    assert calls == []


def test_replicate_keeps_its_shape():
    summ, ser = replicate("baseline", range(2), TINY | {"run.months": 4}, workers=1)
    assert summ["seed"].tolist() == [0, 1] and (summ["scenario"] == "baseline").all()
    assert list(summ.columns[-2:]) == ["scenario", "seed"]
    assert list(ser.columns[-2:]) == ["scenario", "seed"] and len(ser) == 8
    assert summ["withdrawal_month"].isna().all()


# --- progress bar -----------------------------------------------------------------------------


def test_progress_in_a_log_prints_plain_lines():
    out = io.StringIO()
    with Progress(3, label="compare", stream=out, interval=0.0) as bar:
        for _ in range(3):
            bar.update()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[-1].startswith("compare: 3/3 runs (100%)") and lines[-1].endswith("done")
    assert "1/3 runs" in lines[0] and "eta" in lines[0] and "runs/s" in lines[0]


def test_progress_on_a_terminal_redraws_in_place():
    out = io.StringIO()
    bar = Progress(2, stream=out, tty=True)
    bar.update()
    bar.update()
    bar.close()
    bar.close()  # idempotent
    text = out.getvalue()
    assert text.startswith("\r") and text.endswith("\n") and text.count("\n") == 1
    assert "[" + "#" * bar.width + "]" in text


def test_progress_disabled_writes_nothing():
    out = io.StringIO()
    with Progress(2, stream=out, enabled=False) as bar:
        bar.update(2)
    assert out.getvalue() == "" and bar.done == 2


# --- command line -----------------------------------------------------------------------------

CLI = ["compare", "baseline", "incubation", "--reps", "2", "--months", "12"]
CLI_SMALL = ["--set", "community.residents=400", "--no-progress"]
# incubation's 3-year NGO contract in a 12-month run: the one line standard error gets
NGO_WARNING = (
    "yingzao: warning: incubation: ngo.months = 36: the contract runs past the end of the run "
    "(run.months = 12); its staff are sized for all 36 months, so only 12 of them (33% of the "
    "budget) are simulated\n"
)


def test_cli_compare_prints_the_table_and_writes_files(capsys, tmp_path):
    assert main(CLI + CLI_SMALL + ["--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert err == NGO_WARNING
    assert out.startswith("2 scenarios x 2 replicates (seeds 0-1), 12 months.")
    assert "functional groups alive at the end" in out and "wrote" in out
    names = [
        "series.parquet",
        "series.csv",
        "summaries.parquet",
        "summaries.csv",
        "stats.csv",
        "comparison.png",
    ]
    for name in names:
        assert (tmp_path / name).is_file() and (tmp_path / name).stat().st_size > 0, name
        assert str(tmp_path / name) in out
    pq, csv = pd.read_parquet(tmp_path / "series.parquet"), pd.read_csv(tmp_path / "series.csv")
    assert len(pq) == len(csv) == 2 * 2 * 12
    assert list(pq.columns) == list(csv.columns)
    assert len(pd.read_parquet(tmp_path / "summaries.parquet")) == 4
    assert {"mean", "ci_low", "diff", "diff_high"} <= set(pd.read_csv(tmp_path / "stats.csv"))
    assert (tmp_path / "comparison.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_compare_json_and_seed_start(capsys):
    assert main(CLI + CLI_SMALL + ["--json", "--seeds", "5", "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    recs = json.loads(out)
    assert err == NGO_WARNING
    assert {r["scenario"] for r in recs} == {"baseline", "incubation"}
    inc = next(r for r in recs if r["scenario"] == "incubation" and r["metric"] == "needs_met")
    assert inc["n"] == 2 and inc["diff"] is not None
    base = next(r for r in recs if r["scenario"] == "baseline")
    assert base["diff"] is None


def test_cli_compare_progress_goes_to_stderr(capsys):
    assert main(CLI[:4] + ["1", "--months", "3", "--set", "community.residents=400"]) == 0
    out, err = capsys.readouterr()
    assert "compare: 2/2 runs (100%)" in err and "compare:" not in out


CLI_ERRORS = {
    "one scenario": (["compare", "baseline"], "at least two"),
    "--reps 0": (CLI[:3] + ["--reps", "0"], "--reps"),
    "unknown scenario": (["compare", "baseline", "no-such-scenario"], "no-such-scenario"),
    "--set without =": (CLI[:3] + ["--set", "community.residents"], "KEY=VALUE"),
    "unknown --set key": (CLI[:3] + ["--set", "ngo.budgt=5"], "ngo.budgt"),
    "bad --set value": (CLI[:3] + ["--set", "community.residents=abc"], "community.residents"),
    "--workers 0": (CLI[:3] + ["--workers", "0"], "--workers"),
    "--months 0": (CLI[:3] + ["--months", "0"], "--months"),
    "--seeds -1": (CLI[:3] + ["--seeds", "-1"], "--seeds"),
    "--reps x": (CLI[:3] + ["--reps", "x"], "--reps"),
    "no scenarios": (["compare"], "SCENARIO"),
}


@pytest.mark.parametrize("argv, needle", CLI_ERRORS.values(), ids=CLI_ERRORS.keys())
def test_cli_compare_errors_exit_2_with_one_line(capsys, argv, needle):
    assert_one_line_error(main, capsys, argv, needle)


def test_cli_compare_out_is_a_file(capsys, tmp_path):
    f = tmp_path / "taken"
    f.write_text("x")
    assert main(CLI + CLI_SMALL + ["--out", str(f)]) == 2
    assert capsys.readouterr().err.startswith("yingzao: error: --out")
