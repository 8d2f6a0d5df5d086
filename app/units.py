"""Numbers with their units as officers read them: 万元 for large sums, months within a year.

Chinese readers count large sums in 万 (10,000): 300,000 yuan is 30 万元. Months are given with
the year they fall in ("第 30 个月（第 3 年年中）"), since plans are made by the year.
"""

from __future__ import annotations

import math

WAN = 10_000.0


def _trim(x: float, digits: int) -> str:
    s = f"{x:,.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def money(x: float, lang: str, digits: int = 1) -> str:
    """A sum of yuan: ``"120,000 yuan"``; in Chinese ``"12 万元"`` from 10,000 up.

    Args:
        x: Yuan.
        lang: ``en`` or ``zh``.
        digits: Decimals of the 万 figure (trailing zeros dropped).

    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    if lang == "zh":
        if abs(x) >= WAN:
            return f"{_trim(x / WAN, digits)} 万元"
        return f"{x:,.0f} 元"
    return f"{x:,.0f} yuan"


def money_number(x: float, lang: str, digits: int = 1) -> str:
    """A sum without its unit, in the unit :func:`money_unit` names (万 in Chinese)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return _trim(x / WAN, digits) if lang == "zh" else f"{x:,.0f}"


def money_unit(lang: str) -> str:
    """The unit of :func:`money_number`."""
    return "万元" if lang == "zh" else "yuan"


_PART = {
    "en": ("start of year {y}", "middle of year {y}", "end of year {y}"),
    "zh": ("第 {y} 年年初", "第 {y} 年年中", "第 {y} 年年末"),
}


def year_part(month: int, lang: str) -> str:
    """Where in which year month ``month`` (counted from 1) falls: "middle of year 3"."""
    y = (month - 1) // 12 + 1
    k = (month - 1) % 12 + 1  # month of the year, 1-12
    part = 0 if k <= 4 else 1 if k <= 8 else 2
    return _PART["zh" if lang == "zh" else "en"][part].format(y=y)


def month_text(month: int, lang: str) -> str:
    """Month ``month`` (counted from 1) with its place in the year.

    ``"month 30 (middle of year 3)"``, ``"第 30 个月（第 3 年年中）"``.
    """
    if lang == "zh":
        return f"第 {month} 个月（{year_part(month, lang)}）"
    return f"month {month} ({year_part(month, lang)})"


def years_text(years: float, lang: str) -> str:
    """A number of years: ``"3 years"``, ``"1 year"``, ``"2.5 years"``, ``"3 年"``."""
    s = f"{years:.0f}" if abs(years - round(years)) < 1e-9 else f"{years:.1f}"
    if lang == "zh":
        return f"{s} 年"
    return f"{s} year" if s == "1" else f"{s} years"
