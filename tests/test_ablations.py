"""Ablations and robustness: the machinery, on few seeds (the report runs 20-30)."""

from __future__ import annotations

import pandas as pd
from yingzao.experiments import ablations as ab
from yingzao.experiments.pattern_checks import ARMS, patterns
from yingzao.experiments.target_checks import check_targets, targets_markdown
from yingzao.model.defaults import DECLARATIONS


def test_every_pattern_names_a_declared_mechanism_switch_or_says_why_not():
    assert sorted(ab.MECHANISM) == [p.number for p in patterns()]
    for n, (switches, why) in ab.MECHANISM.items():
        assert why
        for k, v in switches.items():
            assert k in DECLARATIONS, (n, k)
            # a switch off, or a mechanism's strength set to 0 or to its declared bound
            d = DECLARATIONS[k]
            assert (k.startswith("mech.") and v is False) or v in (0.0, d.lo, d.hi), (n, k)
    for n, parts in ab.PARTS.items():
        assert n in ab.MECHANISM and parts
        for switches, what in parts:
            assert what and switches
            for k, v in switches.items():
                d = DECLARATIONS[k]
                assert (k.startswith("mech.") and v is False) or d.lo <= v <= d.hi, (n, k)
    # pattern 5's arms differ by the federation: its ablation must keep the federation forming
    assert "mech.federation" not in ab.MECHANISM[5][0]


def test_the_arms_a_pattern_reads_are_found_from_its_checks():
    by = {p.number: ab.arms_read(p) for p in patterns()}
    assert by[5] == ["exit+federation", "exit-no-federation"]
    assert by[6] == ["incubation same money", "substitution same money"]
    assert set(by[4]) == {"support-3y", "support-3y kept", "support-8y", "support-8y kept"}
    assert all(set(a) <= set(ARMS) for a in by.values())


def test_ablation_changes_the_runs_and_reports_undefined_checks(monkeypatch):
    # pattern 2 without accompaniment: coached growth has no value (nothing is coached), so it
    # is left out of the verdict instead of failing for want of a number
    monkeypatch.setattr(ab, "patterns", lambda: [p for p in patterns() if p.number == 2])
    (row,) = ab.ablations([0, 1], workers=2)
    growth = [c for c in row["checks"] if "growth" in c["text"]]
    assert growth and growth[0]["off"]["n"] == 0 and growth[0]["on"]["n"] > 0
    assert row["undefined"] == [growth[0]["text"]]
    diffs = [c for c in row["checks"] if c["off"]["n"] > 0]
    assert any(c["on"]["mean"] != c["off"]["mean"] for c in diffs)


def test_verdicts():
    from yingzao.experiments.ablation_report import _verdict

    assert _verdict({"with": True, "without": False}).startswith("explained")
    assert _verdict({"with": True, "without": True}).startswith("NOT EXPLAINED")
    assert _verdict({"with": False, "without": False}).startswith("does not hold")
    assert _verdict({"with": True, "without": None}).startswith("cannot be judged")
    assert _verdict({"with": None, "without": None}).startswith("no mechanism")


def test_robustness_runs_each_posterior_set_and_gives_shares(monkeypatch):
    sets = pd.DataFrame({"decide.w_social": [0.9]})
    monkeypatch.setattr(ab, "posterior_sets", lambda: sets)
    rob = ab.robustness(1, [0], workers=2)
    assert rob["sets"] == 1 and rob["seeds"] == 1
    assert set(rob["patterns"]) == {1, 2, 3, 4, 5, 6}
    assert all(
        v in (0.0, 1.0) for v in list(rob["patterns"].values()) + list(rob["rankings"].values())
    )


def test_robustness_without_a_posterior_says_so(monkeypatch):
    monkeypatch.setattr(ab, "posterior_sets", lambda: None)
    assert ab.robustness(5, [0]) == {"sets": 0, "patterns": {}, "rankings": {}}


TARGETS = """
[[target]]
id = "a"
scenario = "baseline"
set = {"community.residents" = 300}
statistic = "active_share"
band = [0.0, 0.5]
source = "test"
role = "calibrate"

[[target]]
id = "b"
scenario = "chengdu"
set = {"community.residents" = 300}
statistic = "orgs_functional@100"
minus = "baseline|community.residents=300"
band = [-100, -99]
source = "test"
caveat = "a difference no run can have"
role = "validate"
"""


def test_targets_are_checked_two_sided_and_reported_by_role(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(TARGETS)
    a, b = check_targets([0, 1], workers=1, path=path)
    assert a.result["n"] == 2 and a.result["inside"]
    assert b.result["inside"] is False  # far below any possible difference
    text = "\n".join(targets_markdown([a, b]))
    assert "Held-out targets" in text and "OUTSIDE" in text
    assert "- **b**: a difference no run can have" in text
    assert b.caveat and not a.caveat


def test_a_caveat_that_is_not_text_is_a_clear_error():
    import tomllib

    import pytest
    from yingzao.experiments.targets import parse_targets

    from yingzao.errors import InputError

    doc = tomllib.loads(TARGETS)
    doc["target"][0]["caveat"] = 3
    with pytest.raises(InputError, match="'caveat' must be text"):
        parse_targets(doc)


def test_parts_are_run_alone_and_an_inert_one_is_reported(monkeypatch):
    # pattern 5: the federation's coaching off alone; a part that changes nothing is said to be
    # inert, one that changes the checks is not
    monkeypatch.setattr(ab, "patterns", lambda: [p for p in patterns() if p.number == 5])
    monkeypatch.setattr(
        ab,
        "PARTS",
        {
            5: [
                ({"mech.federation_coaching": False}, "coaching alone"),
                ({"group.federation_protect": 0.0}, "protection alone"),
                ({"mech.crisis_teams": False}, "a rule with no crisis in these arms"),
            ]
        },
    )
    (row,) = ab.ablations([0, 1], workers=2)
    parts = {q["what"]: q for q in row["parts"]}
    assert parts["a rule with no crisis in these arms"]["inert"]
    assert not parts["protection alone"]["inert"]
    assert all(len(q["means"]) == len(row["checks"]) for q in row["parts"])
    from yingzao.experiments.ablation_report import ablation_markdown

    text = "\n".join(ablation_markdown([row], 2))
    assert "| 5 | a rule with no crisis in these arms |" in text
    assert "changes nothing (never acts in these arms)" in text
