"""Parameter declarations and validation (model/params.py, model/defaults.py, profiles)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from yingzao.model.defaults import DECLARATIONS, POLICIES, PROFILES
from yingzao.model.params import Param, coerce, unknown_key_error
from yingzao.model.profiles import PROFILE_VALUES

from yingzao.errors import InputError

NUMERIC = [p for p in DECLARATIONS.values() if p.kind in (int, float)]


def test_every_declaration_is_complete_and_its_default_is_allowed():
    assert DECLARATIONS, "no parameters declared"
    for key, p in DECLARATIONS.items():
        assert key == p.key
        assert "." in key, key
        assert p.unit, f"{key} has no unit"
        assert p.source, f"{key} has no source"
        assert p.doc, f"{key} has no meaning"
        assert p.kind in (bool, int, float, str), key
        if p.kind in (int, float):
            assert p.lo is not None and p.hi is not None, f"{key} has no range"
            assert p.lo <= p.default <= p.hi, f"{key}: default {p.default} outside range"
        if p.kind is str and p.unit != "scenario":
            assert p.default in p.choices, key
        if p.unit == "scenario":  # a scenario named or a path: checked when the city loads it
            assert key.endswith(".support") and not p.choices, key
        assert coerce(p, p.default) == p.default


def test_every_policy_has_an_enabled_switch_that_is_off_by_default():
    for pol in POLICIES:
        p = DECLARATIONS[f"{pol}.enabled"]
        assert p.default is False, pol


def test_every_profile_sets_declared_keys_to_allowed_values():
    assert set(PROFILE_VALUES) == set(PROFILES)
    for prof, values in PROFILE_VALUES.items():
        for key, v in values.items():
            assert key in DECLARATIONS, f"profile {prof} sets unknown {key}"
            assert coerce(DECLARATIONS[key], v) == v, (prof, key)


@pytest.mark.parametrize("p", NUMERIC, ids=lambda p: p.key)
def test_out_of_range_is_rejected_with_key_and_range(p: Param):
    span = max(abs(p.hi - p.lo), 1)
    for bad in (p.lo - span, p.hi + span):
        value = int(bad) if p.kind is int else float(bad)
        with pytest.raises(InputError) as e:
            coerce(p, value)
        msg = str(e.value)
        assert p.key in msg
        assert "out of range" in msg
        assert p.allowed() in msg
        # the same through text, as from the command line
        with pytest.raises(InputError, match="out of range"):
            coerce(p, str(value))


def test_allowed_names_the_range():
    p = DECLARATIONS["community.residents"]
    assert p.allowed() == "int from 100 to 200000"
    with pytest.raises(InputError) as e:
        coerce(p, 50)
    assert "community.residents" in str(e.value)
    assert "100" in str(e.value) and "200000" in str(e.value)


@pytest.mark.parametrize("key", ["community.residents", "run.months", "training.cohort"])
def test_text_for_an_int_is_rejected(key):
    with pytest.raises(InputError) as e:
        coerce(DECLARATIONS[key], "abc")
    assert key in str(e.value)
    assert "'abc'" in str(e.value)
    assert "whole number" in str(e.value)


@pytest.mark.parametrize("value", [1.5, True, [1], None, float("nan")])
def test_wrong_types_for_an_int_are_rejected(value):
    with pytest.raises(InputError, match="community.residents"):
        coerce(DECLARATIONS["community.residents"], value)


@pytest.mark.parametrize("value", ["x", True, None, float("nan"), "nan", float("inf")])
def test_wrong_values_for_a_float_are_rejected(value):
    with pytest.raises(InputError, match="grants.co_funding"):
        coerce(DECLARATIONS["grants.co_funding"], value)


def test_bool_and_choice_parameters():
    b = DECLARATIONS["ngo.federation"]
    for text, want in [("true", True), ("Yes", True), ("0", False), ("off", False)]:
        assert coerce(b, text) is want
    for bad in ("maybe", 1, 0.0):
        with pytest.raises(InputError, match="ngo.federation"):
            coerce(b, bad)
    c = DECLARATIONS["ngo.strategy"]
    assert coerce(c, "substitute") == "substitute"
    with pytest.raises(InputError) as e:
        coerce(c, "outsource")
    assert "ngo.strategy" in str(e.value) and "incubate" in str(e.value)
    with pytest.raises(InputError):
        coerce(c, 3)


def test_whole_floats_and_underscores_are_accepted_for_ints():
    p = DECLARATIONS["community.residents"]
    assert coerce(p, 600.0) == 600 and isinstance(coerce(p, 600.0), int)
    assert coerce(p, "1_000") == 1000
    assert coerce(p, "1e3") == 1000
    assert isinstance(coerce(DECLARATIONS["grants.co_funding"], 0), float)


def test_unknown_key_error_names_the_key_and_suggests():
    err = unknown_key_error("ngo.budgt", list(DECLARATIONS))
    assert isinstance(err, InputError)
    assert "'ngo.budgt'" in str(err)
    assert "ngo.budget" in str(err)


@settings(max_examples=60)
@given(data=st.data())
def test_values_in_range_round_trip(data):
    p = data.draw(st.sampled_from(NUMERIC))
    if p.kind is int:
        v = data.draw(st.integers(int(p.lo), int(p.hi)))
    else:
        v = data.draw(st.floats(p.lo, p.hi, allow_nan=False))
    assert coerce(p, v) == v
    back = coerce(p, repr(v))  # text, as from --set
    assert back == v and type(back) is p.kind
    assert not (isinstance(back, float) and math.isnan(back))
