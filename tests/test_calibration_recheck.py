"""The out-of-sample re-check of calibration records: refusals, and a table on a tiny record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from yingzao.experiments.calibration_recheck import main, recheck, used_seeds

from yingzao.errors import InputError

ROOT = Path(__file__).resolve().parents[1]


def _record(tmp_path: Path, seed: int = 0, reps: int = 2, confirm=None) -> Path:
    d = tmp_path / f"rec-{seed}-{reps}"
    d.mkdir()
    rec = {"seed": seed, "reps": reps, "best": {"decide.theta_mean": 0.5}}
    if confirm:
        rec["confirm"] = {"seeds": confirm}
    (d / "record.json").write_text(json.dumps(rec), encoding="utf-8")
    return d


def test_the_seeds_used_include_the_confirm_stage(tmp_path):
    assert used_seeds(_record(tmp_path)) == 1
    assert used_seeds(_record(tmp_path, 3, 2, confirm=[5, 6, 7])) == 7


@pytest.mark.parametrize(
    "args, needle",
    [
        ({"seed": 1}, "used seeds up to 1"),
        ({"seed": 9, "reps": 1}, "at least 2 seeds"),
    ],
)
def test_refusals_are_one_line_errors(tmp_path, args, needle):
    with pytest.raises(InputError, match=needle):
        recheck([_record(tmp_path)], args["seed"], args.get("reps", 3))
    with pytest.raises(InputError, match="no record.json"):
        recheck([tmp_path / "nowhere"], 9, 3)
    with pytest.raises(InputError, match="at least one"):
        recheck([], 9, 3)


def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere"), "--seed", "9"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1


def test_a_tiny_record_gives_a_row_per_target_and_a_total(tmp_path):
    spec = tmp_path / "spec.toml"
    (tmp_path / "targets.toml").write_text(
        '[[target]]\nid = "active-baseline"\nscenario = "baseline"\n'
        'statistic = "active_share"\nband = [0.0, 0.06]\nsource = "test"\nrole = "calibrate"\n',
        encoding="utf-8",
    )
    spec.write_text(
        'name = "tiny"\ntargets = "targets.toml"\nout = "record"\nresidents = 300\nreps = 2\n'
        "seed = 0\n[screening]\ntrajectories = 2\nlevels = 4\nkeep = 1\n"
        "[waves]\ncount = 1\npoints = 4\ncutoff = 3.0\ndiscrepancy = 0.25\ncandidates = 1024\n"
        '[posterior]\nsize = 2\n[parameters]\n"decide.theta_mean" = [0.4, 0.6]\n'
        '"decide.w_social" = [0.4, 1.5]\n',
        encoding="utf-8",
    )
    rec = _record(tmp_path)
    shutil.copyfile(spec, rec / "spec.toml")
    shutil.copyfile(tmp_path / "targets.toml", rec / "targets.toml")
    table = recheck([rec], seed=5, reps=2, workers=1)
    assert list(table["target"]) == ["active-baseline", "inside / largest I"]
    mean = table[f"{rec.name} mean"][0]
    assert 0 <= mean <= 1 and table[f"{rec.name} inside"][0] in ("yes", "no")
    assert table[f"{rec.name} inside"][1] == (1 if mean <= 0.06 else 0)
