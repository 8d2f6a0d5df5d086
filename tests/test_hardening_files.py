"""Hostile scenario and spec files: encodings, nesting, sizes, paths that are not scenario files."""

from __future__ import annotations

import os
import sys

import pytest
from yingzao.experiments.sweep import load_spec
from yingzao.scenarios import load
from yingzao.scenarios.files import MAX_BYTES

from yingzao.cli import main as cli
from yingzao.errors import InputError

SPEC = """scenario = "baseline"
design = "lhs"
samples = 2
[set]
"community.residents" = 300
"run.months" = 6
[parameters]
"ngo.months" = [12, 24]
"""


def one_line_error(capsys, argv: list[str]) -> str:
    """Run the CLI; it must fail with status 2 and one line on standard error."""
    assert cli(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("yingzao: error: "), err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("what", ["scenario", "spec"])
def test_invalid_utf8_is_one_line_naming_the_place(tmp_path, capsys, what):
    f = tmp_path / "bad.toml"
    text = SPEC if what == "spec" else 'description = "x"\n[community]\nresidents = 600\n'
    f.write_bytes(text.encode() + b"# caf\xe9 latin-1\n")
    argv = ["sweep", str(f), "--out", str(tmp_path / "o")] if what == "spec" else ["params", str(f)]
    err = one_line_error(capsys, argv)
    assert "not UTF-8" in err and "0xe9" in err and "line" in err


def test_a_byte_order_mark_is_accepted(tmp_path):
    f = tmp_path / "bom.toml"
    f.write_bytes(b"\xef\xbb\xbf" + b'extends = "baseline"\n[community]\nresidents = 700\n')
    assert load(str(f)).values["community.residents"] == 700
    s = tmp_path / "bom-spec.toml"
    s.write_bytes(b"\xef\xbb\xbf" + SPEC.encode())
    assert load_spec(s).n_points == 2


@pytest.mark.parametrize("nest", ["[" * 50_000 + "]" * 50_000, "{a=" * 5000 + "1" + "}" * 5000])
def test_deep_nesting_is_an_input_error(tmp_path, nest):
    f = tmp_path / "deep.toml"
    f.write_text(f"[community]\nresidents = {nest}\n")
    with pytest.raises(InputError, match="nested too deeply"):
        load(str(f))


def test_deep_dotted_tables_in_a_spec_are_an_input_error(tmp_path, capsys):
    f = tmp_path / "deep.toml"
    f.write_text(SPEC + "[set." + ".".join(["a"] * 5000) + "]\nx = 1\n")
    err = one_line_error(capsys, ["sweep", str(f), "--out", str(tmp_path / "o")])
    assert "deep" in err


def test_a_number_with_too_many_digits_is_an_input_error(tmp_path):
    f = tmp_path / "long.toml"
    f.write_text("[community]\nresidents = " + "9" * 5000 + "\n")
    with pytest.raises(InputError, match="too many digits"):
        load(str(f))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd", "../..", "/dev/zero.toml"])
def test_extends_reads_only_toml_scenario_files(tmp_path, target):
    if target == "/dev/zero.toml":  # a device behind a .toml name
        (tmp_path / "dev.toml").symlink_to("/dev/zero")
        target = str(tmp_path / "dev.toml")
    f = tmp_path / "s.toml"
    f.write_text(f'extends = "{target}"\n')
    with pytest.raises(InputError) as e:
        load(str(f))
    msg = str(e.value)
    assert ".toml" in msg
    assert "root:" not in msg and "\n" not in msg  # nothing of the other file is shown


def test_a_fifo_is_not_waited_on(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load(str(fifo))


def test_a_file_too_large_to_be_a_scenario_is_refused(tmp_path):
    f = tmp_path / "big.toml"
    f.write_text("# " + "x" * MAX_BYTES + "\n")
    with pytest.raises(InputError, match="more than"):
        load(str(f))


def test_a_toml_file_with_foreign_keys_names_them_cut(tmp_path):
    f = tmp_path / "os-release.toml"  # valid TOML that is not a scenario
    f.write_text("K" * 3000 + ' = "v"\nNAME="Debian GNU/Linux"\n')
    with pytest.raises(InputError) as e:
        load(str(f))
    assert len(str(e.value)) < 400


@pytest.mark.parametrize(
    "value",
    ["-5", '"lots"', "true", "1e26", "1e309", "nan", "5.5"],
)
def test_a_bad_value_in_a_file_fails_even_when_set_overrides_it(tmp_path, capsys, value):
    f = tmp_path / "s.toml"
    f.write_text(f'extends = "baseline"\n[community]\nresidents = {value}\n')
    with pytest.raises(InputError, match="community.residents"):
        load(str(f), {"community.residents": 600})
    err = one_line_error(capsys, ["params", str(f), "--set", "community.residents=600"])
    assert "s.toml" in err


def test_a_bad_value_in_a_parent_file_fails_even_when_the_child_sets_it(tmp_path):
    (tmp_path / "parent.toml").write_text("[ngo]\nmonths = -1\n")
    child = tmp_path / "child.toml"
    child.write_text('extends = "parent.toml"\n[ngo]\nmonths = 24\n')
    with pytest.raises(InputError, match="parent.toml.*ngo.months"):
        load(str(child))


def test_a_long_value_is_cut_in_the_error(capsys):
    err = one_line_error(capsys, ["run", "baseline", "--set", "ngo.months=" + "7" * 5000])
    assert len(err) < 300 and "(5,002 characters)" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
def test_a_directory_as_scenario_is_one_line(tmp_path, capsys):
    d = tmp_path / "dir.toml"
    d.mkdir()
    err = one_line_error(capsys, ["params", str(d)])
    assert "folder" in err
