"""The what-if controls: a policy mix in plain terms, its ranges and units, and its scenario keys.

A mix starts from a built-in scenario (a preset). Each control is read off the preset's resolved
values; only the controls a user changes become overrides, so an unchanged preset runs exactly as
the same scenario does on the command line.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from yingzao.model.defaults import PROFILES
from yingzao.scenarios import Scenario, builtin_names, load

STRATEGIES = ("none", "incubate", "substitute")
CHOICES = ("profile", "ngo_strategy", "federation")  # controls that are not numbers
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")  # thousands separators


@dataclass(frozen=True)
class Field:
    """One numeric control: its range, step and unit (an i18n key).

    Attributes:
        name: Control id; its label and help are ``field.<name>`` and ``help.<name>`` in i18n.
        lo: Smallest allowed value.
        hi: Largest allowed value.
        unit: i18n key of the unit ("" where the label says it).
        integer: Whether only whole numbers are allowed.
        group: Which panel the control sits in.

    """

    name: str
    lo: float
    hi: float
    unit: str
    integer: bool = True
    group: str = "community"


FIELDS: tuple[Field, ...] = (
    Field("residents", 200, 20_000, "unit.adults"),
    Field("years", 1, 20, "unit.years"),
    Field("grants", 0, 20_000, "unit.yuan_per_100hh_year", group="money"),
    Field("co_funding", 0, 90, "unit.percent", group="money"),
    # per year like the other money controls; the model's key is per month
    Field("procurement", 0, 1_200_000, "unit.yuan_per_year", group="money"),
    Field("fund_seed", 0, 1_000_000, "unit.yuan", group="money"),
    Field("training_cohort", 0, 100, "unit.residents", group="people"),
    Field("training_every", 1, 24, "unit.months", group="people"),
    Field("ngo_years", 1, 10, "unit.years", group="people"),
    Field("ngo_budget", 0, 1_000_000, "unit.yuan_per_year", group="people"),
    # "in year" is in the label; a unit would repeat it
    Field("withdrawal_year", 0, 20, "", integer=False, group="timing"),
    Field("crisis_year", 0, 20, "", integer=False, group="timing"),
    Field("reps", 1, 30, "", group="runs"),
)
FIELD = {f.name: f for f in FIELDS}
# the Compare page's runs per mix: a paired interval needs two
COMPARE_REPS = Field("compare_reps", 2, 30, "", group="compare")
# scenario keys the controls set (see to_overrides); other keys of a file are kept as "extra"
CONTROLLED = frozenset(
    """community.profile community.residents run.months grants.enabled grants.per_100_households
    grants.co_funding procurement.enabled procurement.budget fund.enabled fund.seed
    training.enabled training.cohort training.every training.budget ngo.enabled ngo.strategy
    ngo.months ngo.budget ngo.federation withdrawal.enabled withdrawal.month crisis.enabled
    crisis.month""".split()
)


@functools.cache
def presets() -> tuple[str, ...]:
    """Built-in scenarios a mix can start from (single communities only).

    Cached: the files ship with the package, and the workshop asks on every month it draws.
    """
    return tuple(n for n in builtin_names() if load(n).values["street.communities"] == 1)


def parse(name: str | Field, raw: Any) -> tuple[float | None, tuple[str, dict] | None]:
    """Check one control's input.

    Args:
        name: Control id (a key of :data:`FIELD`), or a :class:`Field`.
        raw: What was typed (text) or a number.

    Returns:
        ``(value, None)`` when valid, else ``(None, (i18n key, format arguments))``.

    """
    f = name if isinstance(name, Field) else FIELD[name]
    if isinstance(raw, str):
        text = raw.strip().replace("，", ",").replace(" ", "")
        if not text:
            return None, ("err.empty", {})
        if "," in text:
            if not _GROUPED.match(text):  # "1,5" is a decimal comma or a typo, not 15
                return None, ("err.not_number", {"raw": raw.strip()[:20]})
            text = text.replace(",", "")
        try:
            value = float(text)
        except ValueError:
            return None, ("err.not_number", {"raw": raw.strip()[:20]})
    else:
        value = float(raw)
    if not math.isfinite(value):
        return None, ("err.not_number", {"raw": str(raw)[:20]})
    if f.integer and value != int(value):
        return None, ("err.whole", {})
    if not f.lo <= value <= f.hi:
        return None, ("err.range", {"lo": f.lo, "hi": f.hi, "unit": f.unit})
    return (int(value) if f.integer else value), None


def disabled(name: str, mix: dict[str, Any]) -> bool:
    """Whether control ``name`` has no effect in ``mix`` (NGO settings without an NGO)."""
    return name.startswith("ngo_") and name != "ngo_strategy" and mix["ngo_strategy"] == "none"


def active_errors(errors: dict[str, Any], mix: dict[str, Any]) -> dict[str, Any]:
    """The input errors that matter: those of controls that are not disabled."""
    return {k: e for k, e in errors.items() if not disabled(k, mix)}


def from_scenario(scn: Scenario) -> dict[str, Any]:
    """The controls' values read off a resolved scenario."""
    v = scn.values
    ngo_years = max(1, math.ceil(v["ngo.months"] / 12))
    out: dict[str, Any] = {
        "profile": v["community.profile"],
        "residents": int(v["community.residents"]),
        "years": max(1, round(v["run.months"] / 12)),
        "grants": round(v["grants.per_100_households"]) if v["grants.enabled"] else 0,
        "co_funding": round(100 * v["grants.co_funding"]),
        "procurement": round(12 * v["procurement.budget"]) if v["procurement.enabled"] else 0,
        "fund_seed": round(v["fund.seed"]) if v["fund.enabled"] else 0,
        "training_cohort": int(v["training.cohort"]) if v["training.enabled"] else 0,
        "training_every": int(v["training.every"]),
        "ngo_strategy": v["ngo.strategy"] if v["ngo.enabled"] else "none",
        "ngo_years": ngo_years,
        "ngo_budget": round(v["ngo.budget"] / (v["ngo.months"] / 12)),
        "federation": bool(v["ngo.federation"]),
        "withdrawal_year": v["withdrawal.month"] / 12 if v["withdrawal.enabled"] else 0,
        "crisis_year": v["crisis.month"] / 12 if v["crisis.enabled"] else 0,
        "reps": 10,
    }
    for name in ("co_funding", "training_every", "ngo_budget", "residents", "years"):
        f = FIELD[name]
        out[name] = min(max(out[name], f.lo), f.hi)
    return out


def to_overrides(mix: dict[str, Any], base: Scenario) -> dict[str, Any]:
    """Scenario overrides for the controls that differ from the preset ``base``."""
    old = from_scenario(base)
    ch = {k for k in mix if k != "reps" and mix[k] != old.get(k)}
    v = base.values
    ov: dict[str, Any] = {}
    if "profile" in ch:
        if mix["profile"] not in PROFILES:
            raise ValueError(f"unknown profile {mix['profile']!r}")
        ov["community.profile"] = mix["profile"]
    if "residents" in ch:
        ov["community.residents"] = int(mix["residents"])
    if "years" in ch:
        ov["run.months"] = int(mix["years"]) * 12
    if "grants" in ch:
        ov["grants.enabled"] = mix["grants"] > 0
        if mix["grants"] > 0:
            ov["grants.per_100_households"] = float(mix["grants"])
    if "co_funding" in ch:
        ov["grants.co_funding"] = mix["co_funding"] / 100
    if "procurement" in ch:
        ov["procurement.enabled"] = mix["procurement"] > 0
        if mix["procurement"] > 0:
            ov["procurement.budget"] = float(mix["procurement"]) / 12
    if "fund_seed" in ch:
        ov["fund.enabled"] = mix["fund_seed"] > 0
        if mix["fund_seed"] > 0:
            ov["fund.seed"] = float(mix["fund_seed"])
    if ch & {"training_cohort", "training_every"} and mix["training_cohort"] > 0:
        rate = mix["training_cohort"] / mix["training_every"]  # trainees per month
        if old["training_cohort"] > 0:
            # the preset's budget lasts as many months as before at the new rate of training
            budget = v["training.budget"] * rate / (old["training_cohort"] / old["training_every"])
        else:
            # training was off: pay every cohort of the run
            cohorts = math.ceil(int(mix["years"]) * 12 / int(mix["training_every"]))
            budget = cohorts * mix["training_cohort"] * v["training.cost_per_trainee"]
        ov["training.enabled"] = True
        ov["training.cohort"] = int(mix["training_cohort"])
        ov["training.every"] = int(mix["training_every"])
        ov["training.budget"] = float(budget)
    elif "training_cohort" in ch:
        ov["training.enabled"] = False
    if "ngo_strategy" in ch:
        ov["ngo.enabled"] = mix["ngo_strategy"] != "none"
        if mix["ngo_strategy"] != "none":
            ov["ngo.strategy"] = mix["ngo_strategy"]
    if ch & {"ngo_years", "ngo_budget", "ngo_strategy"} and mix["ngo_strategy"] != "none":
        ov["ngo.months"] = int(mix["ngo_years"]) * 12
        ov["ngo.budget"] = float(mix["ngo_budget"]) * int(mix["ngo_years"])
    if "federation" in ch:
        ov["ngo.federation"] = bool(mix["federation"])
    if "withdrawal_year" in ch:
        ov["withdrawal.enabled"] = mix["withdrawal_year"] > 0
        if mix["withdrawal_year"] > 0:
            ov["withdrawal.month"] = max(1, round(mix["withdrawal_year"] * 12))
    if "crisis_year" in ch:
        ov["crisis.enabled"] = mix["crisis_year"] > 0
        if mix["crisis_year"] > 0:
            ov["crisis.month"] = max(1, round(mix["crisis_year"] * 12))
    # setting any key of a policy turns it on: keep the preset's on/off where not changed
    for sec in ("grants", "procurement", "fund", "training", "ngo", "withdrawal", "crisis"):
        if any(k.startswith(sec + ".") for k in ov):
            ov.setdefault(f"{sec}.enabled", v[f"{sec}.enabled"])
    return ov


def build(preset: str, mix: dict[str, Any], extra: dict[str, Any] | None = None) -> Scenario:
    """The resolved scenario of a mix: the preset with the changed controls as overrides.

    Args:
        preset: Built-in scenario the mix starts from.
        mix: The controls' values.
        extra: Further scenario keys (from an uploaded file or a link), applied last.

    """
    base = load(preset)
    ov = {**to_overrides(mix, base), **(extra or {})}
    return base.with_overrides(ov) if ov else base


def changed(preset: str, mix: dict[str, Any]) -> list[str]:
    """Names of the controls whose value differs from the preset's (the run count aside)."""
    old = from_scenario(load(preset))
    return [f for f in (*CHOICES, *FIELD) if f != "reps" and mix.get(f) != old.get(f)]
