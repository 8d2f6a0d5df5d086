"""The command line (yingzao/cli.py): exit codes, one-line errors, outputs."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import SUMMARY_KEYS, assert_one_line_error
from yingzao.model.defaults import DECLARATIONS, POLICIES
from yingzao.scenarios import builtin_names

from yingzao.cli import main

OPTIONAL = (
    "withdrawal_month",
    "functional_at_withdrawal",
    "functional_alive_12m_after",
    "functional_alive_24m_after",
    "crisis_volunteers_first_month",
)
SMALL_SET = ["--set", "community.residents=600"]


def run_json(capsys, argv) -> dict:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    return json.loads(out)


# --- errors: exit 2, one line on stderr, no traceback --------------------------------------------

ERROR_CASES = {
    "unknown scenario": (["run", "no-such-scenario"], "no-such-scenario"),
    "unknown --set key": (["run", "baseline", "--set", "ngo.budgt=5"], "ngo.budgt"),
    "bad value": (["run", "baseline", "--set", "community.residents=abc"], "community.residents"),
    "out of range": (["run", "baseline", "--set", "community.residents=5"], "100 to 200000"),
    "--set without =": (["run", "baseline", "--set", "ngo.budget"], "KEY=VALUE"),
    "--seed x": (["run", "baseline", "--seed", "x"], "--seed"),
    "negative seed": (["run", "baseline", "--seed", "-1"], "--seed"),
    "--months 0": (["run", "baseline", "--months", "0"], "run.months"),
    "unknown subcommand": (["frobnicate"], "frobnicate"),
    "missing scenario": (["run"], "scenario"),
    "no subcommand": ([], "required"),
    "params unknown scenario": (["params", "no-such-scenario"], "no-such-scenario"),
    "params bad --set": (["params", "baseline", "--set", "x.y=1"], "x.y"),
    "unknown option": (["run", "baseline", "--frobnicate"], "--frobnicate"),
    "patterns --reps 0": (["patterns", "--reps", "0"], "--reps"),
    "patterns --reps -1": (["patterns", "--reps", "-1"], "--reps"),
}


@pytest.mark.parametrize("argv, needle", ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_user_errors_exit_2_with_one_line(capsys, argv, needle):
    assert_one_line_error(main, capsys, argv, needle)


def test_unknown_scenario_error_lists_builtins(capsys):
    assert main(["run", "nope"]) == 2
    err = capsys.readouterr().err
    for name in builtin_names():
        assert name in err
    assert "cities, for `yingzao run` and `compare`: " in err and "city-small" in err


def test_a_city_where_only_a_community_goes_is_named_a_city(tmp_path, capsys):
    spec = tmp_path / "s.toml"
    spec.write_text(
        'scenario = "city-small"\ndesign = "lhs"\nsamples = 2\n'
        '[parameters]\n"ngo.months" = [12, 60]\n'
    )
    assert main(["sweep", str(spec), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "'city-small' is a city; only `yingzao run` and `compare` take it" in err


@pytest.mark.parametrize(
    "text",
    [
        "[community\nresidents = 5\n",  # malformed TOML
        "community = 5\n",  # a non-table section
        'extends = "bad.toml"\n',  # extends itself
        'extends = "missing.toml"\n',  # missing parent
        "[grants]\nstart = 12\nend = 6\n",  # end before start
    ],
)
def test_bad_scenario_files_exit_2_with_one_line(capsys, tmp_path, text):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    assert main(["run", str(f), "--months", "2"] + SMALL_SET) == 2
    out, err = capsys.readouterr()
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("yingzao: error:"), err
    assert "Traceback" not in err + out


# --- happy paths ------------------------------------------------------------------------------


def test_scenarios_lists_every_builtin(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    scen, cities = out.split("\nCities")
    listed = [line.split()[0] for line in scen.splitlines() if line.strip()]
    assert sorted(listed) == builtin_names()  # field cases first, then example variants
    from yingzao.model.city_spec import city_names

    named = [line.split()[0] for line in cities.splitlines()[1:] if line.strip()]
    assert set(named) < set(city_names())  # the cities, not their support packages


def _listed_keys(out: str) -> set[str]:
    return {line.split()[0] for line in out.splitlines() if line and not line.startswith("#")}


def test_params_prints_every_declared_key(capsys):
    # keys of policies that are off are listed with --all; their on/off switch always is
    assert main(["params", "baseline", "--all"]) == 0
    listed = _listed_keys(capsys.readouterr().out)
    missing = sorted(set(DECLARATIONS) - listed)
    assert not missing, f"`yingzao params baseline --all` omits {missing}"
    assert main(["params", "baseline"]) == 0
    listed = _listed_keys(capsys.readouterr().out)
    expected = {
        k
        for k, p in DECLARATIONS.items()
        if p.section not in POLICIES or k == f"{p.section}.enabled"
    }
    assert expected <= listed, sorted(expected - listed)
    assert "ngo.budget" not in listed, "keys of a policy that is off are listed without --all"


def test_params_shows_overrides_and_turns_policies_on(capsys):
    assert main(["params", "baseline", "--set", "ngo.months=48"]) == 0
    out = capsys.readouterr().out
    assert "# policies on: ngo" in out
    row = next(line for line in out.splitlines() if line.startswith("ngo.months "))
    assert "48" in row and "--set" in row


def test_params_json_has_every_key(capsys):
    data = run_json(capsys, ["params", "baseline", "--json"])
    assert set(data) == set(DECLARATIONS)
    assert isinstance(data["community.residents"]["value"], int)
    assert data["community.residents"]["set_by"] == "scenario baseline"
    for entry in data.values():
        assert {"value", "unit", "allowed", "source", "set_by", "meaning"} <= set(entry)


def test_params_markdown_has_every_key(capsys):
    assert main(["params", "baseline", "--markdown"]) == 0
    out = capsys.readouterr().out
    for key in DECLARATIONS:
        assert f"| {key} |" in out


def test_run_writes_outputs(capsys, tmp_path):
    out_dir = tmp_path / "out"
    argv = ["run", "baseline", "--seed", "3", "--months", "24", "--out", str(out_dir)] + SMALL_SET
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "wrote" in out
    for name in ("series.parquet", "series.csv", "summary.json", "figure.png"):
        assert (out_dir / name).is_file() and (out_dir / name).stat().st_size > 0, name
    summary = json.loads((out_dir / "summary.json").read_text())
    assert {"scenario", "seed", "months", "summary"} <= set(summary)
    assert summary["scenario"] == "baseline"
    assert summary["seed"] == 3 and summary["months"] == 24
    pq = pd.read_parquet(out_dir / "series.parquet")
    csv = pd.read_csv(out_dir / "series.csv")
    assert len(pq) == len(csv) == 24
    assert list(pq.columns) == list(csv.columns)
    assert pq["month"].tolist() == list(range(24))
    assert (out_dir / "figure.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_text_summary(capsys):
    assert main(["run", "baseline", "--months", "6"] + SMALL_SET) == 0
    out = capsys.readouterr().out
    assert out.startswith("Scenario baseline")
    assert "seed 0, 6 months" in out
    assert "groups alive" in out


def test_run_file_with_set_and_json(capsys, tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(
        'description = "test scenario"\nextends = "baseline"\n\n'
        "[community]\nresidents = 600\n\n[training]\ncohort = 10\n"
    )
    data = run_json(
        capsys,
        [
            "run",
            str(f),
            "--seed",
            "2",
            "--months",
            "18",
            "--set",
            "grants.per_100_households=6000",
            "--json",
        ],
    )
    assert data["scenario"] == "mine" and data["seed"] == 2 and data["months"] == 18
    s = data["summary"]
    missing = [k for k in SUMMARY_KEYS if k not in s]
    assert not missing, missing
    assert s["residents"] == 600
    for k in OPTIONAL:
        assert s[k] is None, f"{k} should be null without withdrawal or crisis"
    for k in SUMMARY_KEYS:
        if k not in OPTIONAL:
            assert isinstance(s[k], int | float) and not isinstance(s[k], bool), k
    assert s["orgs_alive"] == s["orgs_functional"] + s["orgs_recreational"]
    assert s["outside_money_spent"] > 0, "training (from the file) pays for trainees"


def test_run_json_withdrawal_and_crisis_fields_are_ints(capsys):
    data = run_json(
        capsys,
        [
            "run",
            "support-3y",
            "--months",
            "48",
            "--set",
            "withdrawal.month=12",
            "--set",
            "crisis.month=6",
            "--json",
        ]
        + SMALL_SET,
    )
    s = data["summary"]
    assert s["withdrawal_month"] == 12
    for k in (
        "functional_at_withdrawal",
        "functional_alive_12m_after",
        "functional_alive_24m_after",
        "crisis_volunteers_first_month",
    ):
        assert isinstance(s[k], int) and not isinstance(s[k], bool), (k, s[k])
    assert (
        0
        <= s["functional_alive_24m_after"]
        <= s["functional_alive_12m_after"]
        <= s["functional_at_withdrawal"]
    )


def test_run_json_withdrawal_after_the_run_is_null(capsys):
    # 12 and 24 months after a withdrawal at month 30 lie beyond a 36-month run
    s = run_json(
        capsys,
        ["run", "support-3y", "--months", "36", "--set", "withdrawal.month=30", "--json"]
        + SMALL_SET,
    )["summary"]
    assert s["withdrawal_month"] == 30
    assert isinstance(s["functional_at_withdrawal"], int)
    assert s["functional_alive_12m_after"] is None
    assert s["functional_alive_24m_after"] is None


def test_show_is_an_alias_of_params(capsys):
    assert main(["show", "baseline"]) == 0
    a = capsys.readouterr().out
    assert main(["params", "baseline"]) == 0
    assert capsys.readouterr().out == a


def test_module_entry_point_runs(tmp_path):
    import subprocess
    import sys

    p = subprocess.run(
        [sys.executable, "-m", "yingzao", "run", "nope"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert p.returncode == 2
    assert p.stderr.startswith("yingzao: error:") and "Traceback" not in p.stderr


def test_patterns_runs_with_few_replicates(tmp_path):
    # in a fresh process: the pattern table forks workers, which pytest's threads make unsafe
    import subprocess
    import sys

    p = subprocess.run(
        [sys.executable, "-m", "yingzao", "patterns", "--reps", "2"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert p.returncode == 0, p.stderr
    for k in range(1, 7):
        assert f"{k}. " in p.stdout, f"pattern {k} missing"
