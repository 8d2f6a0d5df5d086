"""Scenario files, their loader, overrides and the errors for bad input (scenarios/)."""

from __future__ import annotations

import pytest
from yingzao.model.defaults import DECLARATIONS, POLICIES
from yingzao.model.profiles import PROFILE_VALUES
from yingzao.scenarios import Scenario, builtin_names, describe_all, load, resolve

from yingzao.errors import InputError


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_builtins_exist_and_all_load():
    names = builtin_names()
    assert "baseline" in names
    assert names == sorted(names)
    for name in names:
        sc = load(name)
        assert isinstance(sc, Scenario)
        assert sc.name == name
        assert sc.description, f"{name} has no description"
        assert set(sc.values) == set(DECLARATIONS)
        assert set(sc.origins) == set(DECLARATIONS)


def test_describe_all_lists_every_builtin():
    rows = describe_all()
    assert sorted(n for n, _ in rows) == builtin_names()
    assert all(desc and "\n" not in desc for _, desc in rows)


def test_resolution_order_defaults_profile_file_overrides():
    sc = load("baseline")
    prof = sc["community.profile"]
    for key, v in PROFILE_VALUES[prof].items():
        if key not in sc.explicit:
            assert sc[key] == v
            assert sc.origins[key] == f"profile {prof}"
    untouched = "decide.theta_mean"
    assert sc[untouched] == DECLARATIONS[untouched].default
    assert sc.origins[untouched] == "default"
    over = load("baseline", {"community.residents": "700", "decide.theta_mean": 0.4})
    assert over["community.residents"] == 700
    assert over.origins["community.residents"] == "--set"
    assert over["decide.theta_mean"] == 0.4


def test_profile_override_changes_profile_values():
    sc = load("baseline", {"community.profile": "villa-estate"})
    for key, v in PROFILE_VALUES["villa-estate"].items():
        if key not in sc.explicit:
            assert sc[key] == v, key


def test_child_scenario_inherits_and_overrides_its_parent():
    parent = load("incubation")
    child = load("substitution")
    assert parent["ngo.strategy"] == "incubate"
    assert child["ngo.strategy"] == "substitute"
    assert child["ngo.months"] == parent["ngo.months"]
    assert child["ngo.enabled"] and parent["ngo.enabled"]


def test_with_overrides_turns_a_policy_on():
    base = load("baseline")
    assert base.policies() == []
    for pol in POLICIES:
        key = next(
            k for k in DECLARATIONS if k.startswith(pol + ".") and not k.endswith(".enabled")
        )
        sc = base.with_overrides({key: DECLARATIONS[key].default})
        assert sc[f"{pol}.enabled"] is True, pol
        assert sc.policies() == [pol]
        assert not base[f"{pol}.enabled"], "with_overrides changed the original"


def test_explicit_enabled_false_wins_over_a_policy_key():
    sc = load("baseline").with_overrides({"ngo.months": 12, "ngo.enabled": False})
    assert sc["ngo.enabled"] is False
    assert sc["ngo.months"] == 12
    sc = load("incubation", {"ngo.enabled": "false"})
    assert sc["ngo.enabled"] is False


def test_with_overrides_validates():
    with pytest.raises(InputError, match="community.residentz"):
        load("baseline").with_overrides({"community.residentz": 5})


def test_file_extending_baseline_with_policy_table(tmp_path):
    f = write(
        tmp_path / "mine.toml",
        'description = "mine"\nextends = "baseline"\n\n'
        "[grants]\nper_100_households = 8000.0\n\n[fund]\n\n"
        "[community]\nresidents = 800\n",
    )
    sc = load(str(f))
    assert sc.name == "mine"
    assert sc.description == "mine"
    assert sc["grants.enabled"] and sc["grants.per_100_households"] == 8000.0
    assert sc["fund.enabled"], "an empty policy table turns the policy on"
    assert sc["community.residents"] == 800
    assert sc.policies() == ["grants", "fund"]
    assert sc.origins["grants.per_100_households"] == "scenario mine"


def test_relative_extends_is_resolved_against_the_file(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    write(tmp_path / "parent.toml", 'extends = "baseline"\n[ngo]\nmonths = 12\n')
    f = write(sub / "child.toml", 'extends = "../parent.toml"\n[ngo]\nbudget = 1000.0\n')
    sc = load(str(f))
    assert sc["ngo.months"] == 12 and sc["ngo.budget"] == 1000.0


# --- bad input -------------------------------------------------------------------------------


def test_unknown_key_names_the_key():
    with pytest.raises(InputError) as e:
        load("baseline", {"ngo.budgt": 5})
    assert "'ngo.budgt'" in str(e.value)
    assert "ngo.budget" in str(e.value)


def test_wrong_type_names_key_and_value():
    with pytest.raises(InputError) as e:
        load("baseline", {"community.residents": "abc"})
    assert "community.residents" in str(e.value) and "abc" in str(e.value)


def test_out_of_range_names_the_allowed_range():
    with pytest.raises(InputError) as e:
        load("baseline", {"run.months": 0})
    msg = str(e.value)
    assert "run.months" in msg and "out of range" in msg and "from 1 to 600" in msg


def test_unknown_scenario_lists_builtins():
    with pytest.raises(InputError) as e:
        load("no-such-scenario")
    msg = str(e.value)
    assert "no-such-scenario" in msg
    for name in builtin_names():
        assert name in msg


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load(str(tmp_path / "nope.toml"))


def test_malformed_toml(tmp_path):
    f = write(tmp_path / "bad.toml", "[community\nresidents = = 5\n")
    with pytest.raises(InputError) as e:
        load(str(f))
    assert "bad.toml" in str(e.value) and "TOML" in str(e.value)


@pytest.mark.parametrize(
    "text, name",
    [
        ("community = 5\n", "community"),
        ('extends = "baseline"\nngo = "yes"\n', "ngo"),
        ("stray = [1, 2]\n", "stray"),
    ],
)
def test_non_table_section(tmp_path, text, name):
    f = write(tmp_path / "s.toml", text)
    with pytest.raises(InputError) as e:
        load(str(f))
    assert f"'{name}'" in str(e.value) and "table" in str(e.value)


def test_nested_table_is_rejected(tmp_path):
    f = write(tmp_path / "s.toml", "[ngo.inner]\nx = 1\n")
    with pytest.raises(InputError, match="nested"):
        load(str(f))


def test_unknown_key_in_file(tmp_path):
    f = write(tmp_path / "s.toml", "[community]\nresidentz = 5\n")
    with pytest.raises(InputError, match="community.residentz"):
        load(str(f))


def test_wrong_type_in_file(tmp_path):
    f = write(tmp_path / "s.toml", '[community]\nresidents = "many"\n')
    with pytest.raises(InputError, match="community.residents"):
        load(str(f))
    f = write(tmp_path / "t.toml", "[community]\nresidents = 1.5\n")
    with pytest.raises(InputError, match="whole number"):
        load(str(f))


def test_file_that_extends_itself(tmp_path):
    f = write(tmp_path / "loop.toml", 'extends = "loop.toml"\n')
    with pytest.raises(InputError, match="extends itself"):
        load(str(f))


def test_two_files_that_extend_each_other(tmp_path):
    write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(InputError, match="extends itself"):
        load(str(tmp_path / "a.toml"))


def test_file_extending_a_missing_parent(tmp_path):
    f = write(tmp_path / "orphan.toml", 'extends = "missing-parent.toml"\n')
    with pytest.raises(InputError, match="missing-parent.toml"):
        load(str(f))
    f = write(tmp_path / "orphan2.toml", 'extends = "no-such-builtin"\n')
    with pytest.raises(InputError, match="no-such-builtin"):
        load(str(f))


def test_extends_must_be_text(tmp_path):
    f = write(tmp_path / "s.toml", "extends = 3\n")
    with pytest.raises(InputError, match="extends"):
        load(str(f))


@pytest.mark.parametrize("pol", ["grants", "procurement", "training", "committee_training", "fund"])
def test_end_before_start(pol):
    with pytest.raises(InputError) as e:
        load("baseline", {f"{pol}.start": 10, f"{pol}.end": 5})
    assert f"{pol}.end" in str(e.value) and f"{pol}.start" in str(e.value)


def test_end_before_start_in_file(tmp_path):
    f = write(tmp_path / "s.toml", "[grants]\nstart = 24\nend = 12\n")
    with pytest.raises(InputError, match="grants.end"):
        load(str(f))


def test_all_review_weights_zero_is_rejected():
    with pytest.raises(InputError, match="weights"):
        load(
            "baseline",
            {"grants.w_benefit": 0, "grants.w_feasibility": 0, "grants.w_sustainability": 0},
        )


def test_resolve_rejects_unknown_keys_directly():
    with pytest.raises(InputError, match="nope.key"):
        resolve("x", "", {"nope.key": (1, "test")})
