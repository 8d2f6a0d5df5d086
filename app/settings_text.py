"""A mix's settings in plain words: each control's value with its unit, and what a mix changed.

Used by the brief (every setting that differs from the mix's base case), the scenario file's
comment lines and the CSV exports' settings file.
"""

from __future__ import annotations

from typing import Any

from yingzao.app.i18n import t
from yingzao.app.mix import changed
from yingzao.app.units import money, month_text, years_text

# the order settings are listed in (the page's order)
ORDER = (
    "profile",
    "residents",
    "years",
    "grants",
    "co_funding",
    "procurement",
    "fund_seed",
    "training_cohort",
    "training_every",
    "ngo_strategy",
    "ngo_years",
    "ngo_budget",
    "federation",
    "withdrawal_year",
    "crisis_year",
)
_NGO = ("ngo_years", "ngo_budget", "federation")


def value_text(name: str, v: Any, lang: str) -> str:
    """Control ``name``'s value ``v`` in words, with its unit."""
    zh = lang == "zh"
    if name == "profile":
        return t(f"profile.{v}", lang)
    if name == "ngo_strategy":
        return t(f"strategy.{v}", lang)
    if name == "federation":
        return t("yes" if v else "no", lang)
    if name == "years":
        return years_text(v, lang)
    if name == "residents":
        return f"{v:,}" + (" 人" if zh else " adults")
    if name == "grants":
        if not v:
            return t("none", lang)
        return f"{v:,.0f} 元/百户/年" if zh else f"{v:,.0f} yuan per 100 households a year"
    if name == "co_funding":
        return f"{v:g}%"
    if name in ("procurement", "ngo_budget"):
        return money(v, lang) + ("/年" if zh else " a year") if v else t("none", lang)
    if name == "fund_seed":
        return money(v, lang) if v else t("none", lang)
    if name == "training_cohort":
        return (f"{v} 人/期" if zh else f"{v} residents per cohort") if v else t("none", lang)
    if name == "training_every":
        return f"每 {v} 个月一期" if zh else f"every {v} months"
    if name == "ngo_years":
        return years_text(v, lang)
    if name in ("withdrawal_year", "crisis_year"):
        if not v:
            return t("never" if name == "withdrawal_year" else "none", lang)
        return month_text(max(1, round(v * 12)), lang)
    return str(v)


def label(name: str, lang: str) -> str:
    """The control's name as a row label."""
    return t(f"field.{name}", lang)


def shown(name: str, m: dict[str, Any]) -> bool:
    """Whether a setting means anything in mix ``m`` (NGO details need an NGO, etc.)."""
    if name in _NGO and m["ngo_strategy"] == "none":
        return False
    if name == "federation" and m["ngo_strategy"] != "incubate":
        return False
    return not (name == "training_every" and not m["training_cohort"])


def mix_lines(
    preset: str, mix: dict[str, Any], extra: dict[str, Any] | None = None, lang: str = "en"
) -> list[str]:
    """Lines "label: value" for every setting of ``mix`` that differs from its case ``preset``."""
    ch = set(changed(preset, mix))
    out = [
        f"{label(n, lang)}: {value_text(n, mix[n], lang)}"
        for n in ORDER
        if n in ch and shown(n, mix)
    ]
    out += [f"{k} = {v}" for k, v in sorted((extra or {}).items())]
    return out
