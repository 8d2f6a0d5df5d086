"""Output paths are checked before anything is computed; results folders follow one rule."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from yingzao.experiments import compare as compare_mod
from yingzao.experiments import validate as validate_mod
from yingzao.experiments.sweep import load_results, run_sweep

import yingzao
from yingzao.cli import main as cli
from yingzao.errors import InputError
from yingzao.outputs import check_report_file, check_results_folder

SMALL = ["--set", "community.residents=300", "--months", "6"]
SPEC = """name = "t"
scenario = "baseline"
design = "lhs"
samples = 3
outputs = ["orgs_functional"]
[set]
"community.residents" = 300
"run.months" = 6
[parameters]
"ngo.months" = [12, 24]
"""


@pytest.fixture
def readonly(tmp_path):
    """A folder nothing can be written in, even by root (chattr +i), or a skip."""
    d = tmp_path / "ro"
    d.mkdir()
    (d / "old.txt").write_text("x")
    if os.geteuid() == 0:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", d]).returncode:
            pytest.skip("root without chattr +i: no folder is read-only for this process")
    else:
        d.chmod(0o555)
    try:
        yield d
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", d])
        else:
            d.chmod(0o755)


@pytest.fixture
def no_runs(monkeypatch):
    """Make any simulation fail loudly: the checks must come before it."""

    def boom(*a, **k):
        raise AssertionError("a simulation ran before the output path was checked")

    monkeypatch.setattr(yingzao, "simulate", boom)
    monkeypatch.setattr(compare_mod, "run_many", boom)
    monkeypatch.setattr(validate_mod, "run_validation", boom)


def error_line(capsys, argv: list[str]) -> str:
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("yingzao: error: "), err
    return err


def bad_paths(tmp_path: Path) -> dict[str, Path]:
    f = tmp_path / "file.txt"
    f.write_text("not a folder")
    return {"an existing file": f, "below a file": f / "sub"}


@pytest.mark.parametrize("kind", ["an existing file", "below a file"])
def test_run_and_compare_check_out_before_running(tmp_path, capsys, no_runs, kind):
    out = bad_paths(tmp_path)[kind]
    err = error_line(capsys, ["run", "baseline", "--out", str(out), *SMALL])
    assert "--out" in err
    err = error_line(capsys, ["compare", "baseline", "incubation", "--out", str(out), *SMALL])
    assert "--out" in err


def test_unwritable_folders_are_refused_before_running(readonly, capsys, no_runs):
    for argv in (
        ["run", "baseline", "--out", str(readonly / "new")],
        ["compare", "baseline", "incubation", "--out", str(readonly / "new")],
        ["validate", "--reps", "2", "--out", str(readonly / "v.md")],
    ):
        err = error_line(capsys, argv + (SMALL if argv[0] != "validate" else []))
        assert "cannot write" in err, err


def test_a_sweep_into_an_unwritable_or_read_only_folder_is_one_line(tmp_path, readonly, capsys):
    spec = tmp_path / "t.toml"
    spec.write_text(SPEC)
    err = error_line(capsys, ["sweep", str(spec), "--out", str(readonly / "new"), "--no-progress"])
    assert "cannot write" in err
    # a finished sweep's folder made read-only, then resumed: no traceback from the lock file
    out = tmp_path / "done"
    run_sweep(spec, out, workers=1, progress=False)
    subprocess.run(["chattr", "+i", out]) if os.geteuid() == 0 else out.chmod(0o555)
    try:
        err = error_line(capsys, ["sweep", str(spec), "--out", str(out), "--resume"])
        assert "cannot" in err and str(out) in err
    finally:
        subprocess.run(["chattr", "-i", out]) if os.geteuid() == 0 else out.chmod(0o755)


def test_validate_json_out_would_clobber_its_report(tmp_path, capsys, no_runs):
    err = error_line(capsys, ["validate", "--reps", "2", "--out", str(tmp_path / "x.json")])
    assert ".md" in err
    with pytest.raises(InputError, match=".md"):
        validate_mod.validate(reps=2, out=tmp_path / "x.JSON")
    (tmp_path / "r.json").mkdir()  # the record's place is a folder
    with pytest.raises(InputError, match="folder"):
        check_report_file(tmp_path / "r.md")


def test_run_and_compare_refuse_a_results_folder_unless_forced(tmp_path, capsys):
    out = tmp_path / "res"
    assert cli(["run", "baseline", "--out", str(out), *SMALL]) == 0
    first = (out / "summary.json").read_text()
    capsys.readouterr()
    err = error_line(capsys, ["run", "baseline", "--out", str(out), *SMALL, "--seed", "4"])
    assert "already holds results" in err and "--force" in err
    assert (out / "summary.json").read_text() == first  # nothing replaced
    err = error_line(capsys, ["compare", "baseline", "incubation", "--out", str(out), *SMALL])
    assert "already holds results" in err
    # --force replaces them, and removes the files of the other kind of results
    argv = ["compare", "baseline", "incubation", "--out", str(out), *SMALL, "--reps", "2"]
    assert cli([*argv, "--force"]) == 0
    assert not (out / "summary.json").exists() and (out / "stats.csv").exists()
    assert cli(["run", "baseline", "--out", str(out), *SMALL, "--force"]) == 0
    assert not (out / "stats.csv").exists() and (out / "summary.json").exists()


def test_an_empty_or_foreign_folder_is_a_fine_out(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert check_results_folder(tmp_path) == tmp_path
    assert cli(["run", "baseline", "--out", str(tmp_path), *SMALL]) == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_sweep_force_starts_again_and_keeps_other_files(tmp_path, capsys):
    spec = tmp_path / "t.toml"
    spec.write_text(SPEC)
    out = tmp_path / "o"
    run_sweep(spec, out, workers=1, progress=False)
    (out / "notes.txt").write_text("mine")
    err = error_line(capsys, ["sweep", str(spec), "--out", str(out), "--no-progress"])
    assert "--force" in err
    err = error_line(capsys, ["sweep", str(spec), "--out", str(out), "--force", "--resume"])
    assert "give one" in err
    other = tmp_path / "other.toml"
    other.write_text(SPEC.replace("samples = 3", "samples = 2"))
    assert cli(["sweep", str(other), "--out", str(out), "--force", "--no-progress"]) == 0
    assert len(load_results(out)[1]) == 2 and (out / "notes.txt").read_text() == "mine"


def test_a_failed_save_still_prints_the_summary(tmp_path, capsys, monkeypatch):
    def full_disk(self, out):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(yingzao.Result, "save", full_disk)
    assert cli(["run", "baseline", "--out", str(tmp_path / "r"), *SMALL]) == 2
    out, err = capsys.readouterr()
    assert "groups alive" in out  # the run is not lost
    assert err.strip().endswith("the summary is printed above") and "No space left" in err


def test_a_run_does_not_overwrite_group_tables_it_did_not_write(tmp_path, capsys):
    # groups.* and group_sizes.* are results of `run` too: an earlier run's are not replaced
    for name in ("groups.csv", "group_sizes.parquet"):
        out = tmp_path / name.replace(".", "-")
        out.mkdir()
        (out / name).write_text("mine\n")
        err = error_line(capsys, ["run", "baseline", "--out", str(out), *SMALL])
        assert "already holds results" in err and name in err
        assert (out / name).read_text() == "mine\n"


def test_validate_refuses_too_many_replicates_at_once(tmp_path, capsys):
    t0 = time.monotonic()
    err = error_line(capsys, ["validate", "--reps", "2000000000", "--out", str(tmp_path / "v.md")])
    assert "--reps 2000000000" in err and "10000" in err
    assert time.monotonic() - t0 < 5  # no list of two billion seeds is built first
    with pytest.raises(InputError, match="at most 10,000"):
        validate_mod.collect(reps=20_000)
