"""The recorded validation checks in words, with the numbers measured and required.

The statements come from ``yingzao validate`` in English; the Chinese is built from a list of
its phrases. A statement with a phrase not in the list stays in English.
"""

from __future__ import annotations

import math
import re
from typing import Any

from yingzao.app.i18n import scenario_name

# English phrase -> Chinese, longest first where one contains another
_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "the withdrawal's own effect at 3 years: survival of the same cohort with support kept "
        "minus withdrawn",
        "3 年时撤资本身的效应：同一批组织继续支持与撤资下的存活比例之差",
    ),
    (
        "the withdrawal's effect at 3 years minus at 8 years (difference in differences)",
        "3 年撤资的效应减 8 年撤资的效应（双重差分）",
    ),
    (
        "median growth of coached functional teams (most members since first coached / members "
        "then)",
        "受陪伴功能型团队的规模增长中位数（首次陪伴以来的最多成员数 / 当时成员数）",
    ),
    ("substitution / incubation, same money: ", "同样的资金，替代式 / 孵化式："),
    ("service (functional) share of registered groups", "备案组织中服务型（功能型）的比例"),
    ("service share of registered groups", "备案组织中服务型的比例"),
    ("functional share of all groups", "全部组织中功能型的比例"),
    (
        "share of functional groups alive 24 months after the NGO's exit (money withdrawn at exit)",
        "社会组织撤出（同时撤资）24 个月后功能型组织的存活比例",
    ),
    (
        "share of functional groups alive 24 months after withdrawal",
        "撤资 24 个月后功能型组织的存活比例",
    ),
    (
        "needs-met gain over baseline kept 12 months after the money stops (month 47 gain / month 35 gain)",
        "资金停止 12 个月后需求满足率相对无外部支持的提升还保留多少（第 48 个月的提升 / 第 36 个月的提升）",
    ),
    (
        "median growth of coached groups (peak / size when first coached)",
        "受陪伴组织的规模增长中位数（峰值 / 首次陪伴时规模）",
    ),
    (
        "functional groups alive at month 119 (7 years after the NGO left)",
        "第 120 个月（社会组织撤出 7 年后）仍存活的功能型组织",
    ),
    ("with minus without federation", "有联合会减无联合会"),
    ("mean functional group size", "功能型组织的平均规模"),
    ("functional share of groups", "功能型组织占比"),
    ("functional share", "功能型占比"),
    ("functional groups", "功能型组织数"),
    ("needs met", "需求满足率"),
    ("that share", "该比例"),
    ("(contract end)", "（项目结束时）"),
    ("(paid)", "（付费期间）"),
    (" minus ", " 减 "),
)
_MONTH = re.compile(r"\bat month (\d+)\b")
_KIND = {"below": ("below", "低于"), "above": ("above", "高于")}
_STAT_ZH = {
    "mean share": "平均比例",
    "mean members": "平均人数",
    "paired diff": "配对差值",
    "ratio": "比值",
    "share kept": "保留比例",
    "ratio of means per replicate": "均值之比",
}


def check_text(text: str, lang: str, scenarios: list[str]) -> str:
    """A check's statement in ``lang`` (English when a phrase is unknown)."""
    if lang != "zh":
        return text
    out = text
    # phrases first: they contain scenario names ("gain over baseline")
    for en, zh in _PHRASES:
        out = out.replace(en, zh)
    for name in sorted(scenarios, key=len, reverse=True):
        out = re.sub(
            rf"(?<![\w-]){re.escape(name)}(?![\w-])", "「" + scenario_name(name, "zh") + "」", out
        )
    # month indexes count from 0: "at month 119" is the 120th month
    out = _MONTH.sub(lambda m: f"在第 {int(m.group(1)) + 1} 个月", out)
    out = out.replace(": ", "：").replace("「", "").replace("」", "")
    return text if re.search(r"[A-Za-z]{3,}", re.sub(r"\([^)]*\)", "", out)) else out


def _num(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{x:.3g}" if abs(x) < 100 else f"{x:,.0f}"


def measured(check: dict[str, Any]) -> str:
    """``mean [95% low, high]`` as recorded."""
    return f"{_num(check.get('mean'))} [{_num(check.get('ci_low'))}, {_num(check.get('ci_high'))}]"


def required(check: dict[str, Any], lang: str) -> str:
    """What the check needs: "below 0.25" (the whole interval, one-sided)."""
    en, zh = _KIND.get(check.get("kind", ""), (check.get("kind", ""),) * 2)
    word = zh if lang == "zh" else en
    return f"{word} {_num(check.get('threshold'))}"


def statistic(check: dict[str, Any], lang: str) -> str:
    """The kind of number measured, in ``lang``."""
    s = str(check.get("statistic", ""))
    return _STAT_ZH.get(s, s) if lang == "zh" else s
