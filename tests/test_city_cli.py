"""`yingzao run CITY` and `yingzao compare CITY_A CITY_B` on the command line."""

import json

import pandas as pd
import pytest

from yingzao.cli import main

SMALL = [
    "--set",
    "city.communities=6",
    "--set",
    "city.districts=1",
    "--months",
    "12",
    "--no-progress",
]


def test_run_a_city_prints_its_distribution_and_writes_its_tables(tmp_path, capsys):
    out = tmp_path / "c"
    assert main(["run", "city-small", "--out", str(out), "--workers", "1", *SMALL]) == 0
    text = capsys.readouterr().out
    assert "6 communities" in text and "communities reaching >= 0.25" in text
    for name in ("by_community.csv", "by_street.parquet", "by_district.parquet", "city.png"):
        assert (out / name).is_file(), name
    dist = pd.read_csv(out / "distribution.csv")
    assert set(dist["by"]) == {"city", "profile", "district", "street"}
    assert main(["run", "city-small", "--out", str(out), "--workers", "1", *SMALL]) == 2
    assert "--resume" in capsys.readouterr().err
    args = ["run", "city-small", "--out", str(out), "--resume", "--json", *SMALL]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["communities"] == 6


def test_compare_cities_pairs_seeds_and_resumes(tmp_path, capsys):
    out = tmp_path / "cmp"
    args = ["compare", "city-small", "city-small-demo", "--reps", "2", "--workers", "1"]
    args += ["--out", str(out), *SMALL]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "share of communities reaching 1 per 1,000" in text and "city-small-demo" in text
    sums = pd.read_csv(out / "summaries.csv")
    assert sorted(sums["seed"]) == [0, 0, 1, 1] and len(pd.read_csv(out / "stats.csv"))
    assert main(args) == 2  # this comparison is there already
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    again = pd.read_csv(out / "summaries.csv")
    pd.testing.assert_frame_equal(sums, again)
    mine = [out / "city-small" / "notes.txt", out / "city-small" / "seed-0" / "monthly" / "a.png"]
    for f in mine:
        f.write_text("the user's")
    stale = out / "city-small-demo" / "seed-1" / "monthly" / "s099-b00099.parquet"
    stale.write_bytes(b"")
    assert main([*args, "--force"]) == 0  # runs again from scratch: the same, paired seeds
    pd.testing.assert_frame_equal(sums, pd.read_csv(out / "summaries.csv"))
    assert all(f.read_text() == "the user's" for f in mine)
    assert not stale.exists()  # a file of the old run's, by its name: cleared, not resumed


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["compare", "city-small", "baseline"], "not a city"),
        (["compare", "city-small", "city-small"], "must differ"),
        (["compare", "baseline", "incubation", "--resume"], "only for city runs"),
        (["run", "baseline", "--workers", "2"], "only for city runs"),
        # 0 would quietly run one community of the city's size instead of the city
        (["run", "city-small", "--set", "city.communities=0"], "city-small is a city"),
        # a mistyped --out with --resume would start the whole run again elsewhere
        (["run", "city-small", "--resume"], "no city run to go on with"),
        (["compare", "city-small", "city-small-demo", "--resume"], "no city comparison to go"),
    ],
)
def test_city_options_and_mixed_comparisons_are_one_line_errors(args, needle, tmp_path, capsys):
    assert main([*args, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def _two_files_named_mine(tmp_path):
    """Two different cities, each in a file ``mine.toml`` of its own folder."""
    files = tmp_path / "a" / "mine.toml", tmp_path / "b" / "mine.toml"
    for f, size in zip(files, (300, 500), strict=True):
        f.parent.mkdir()
        f.write_text(f'extends = "city-small"\n[city]\nsize_median = {size}\n', encoding="utf-8")
    return files


def test_two_city_files_of_one_name_are_labelled_apart_and_the_same_city_is_refused(tmp_path):
    from yingzao.experiments.city_compare import _labels

    from yingzao.errors import InputError

    a, b = _two_files_named_mine(tmp_path)
    assert _labels([str(a), str(b)]) == ["mine", "mine (2)"]
    with pytest.raises(InputError, match="must differ"):
        _labels([str(a), str(tmp_path / "a" / ".." / "a" / "mine.toml")])
    with pytest.raises(InputError, match="must differ"):
        _labels(["city-small", "city-small"])


def test_compare_runs_two_city_files_of_one_name(tmp_path, capsys):
    a, b = _two_files_named_mine(tmp_path)
    out = tmp_path / "cmp"
    args = ["compare", str(a), str(b), "--reps", "2", "--workers", "1", "--out", str(out)]
    assert main([*args, *SMALL]) == 0
    sums = pd.read_csv(out / "summaries.csv")
    assert sorted(set(sums["scenario"])) == ["mine", "mine (2)"]
    assert (out / "mine (2)" / "seed-0" / "summary.json").is_file()
