"""Texts of the Compare page and its survival question, in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "m.cost_per_functional": (
        "Outside money per functional group at the end (yuan)",
        "每个期末功能型自组织的外部资金（万元）",
    ),
    "m.cost_per_survivor": (
        "Outside money per functional group still active 2 years after the money stops (yuan)",
        "每个资金停止两年后仍活跃的功能型自组织的外部资金（万元）",
    ),
    "compare.basis_title": ("When the money stops", "资金何时停止"),
    "compare.basis_withdrawal": (
        "{name}: counted from the withdrawal of all outside money after {when}.",
        "{name}：从{when}之后外部资金全部撤出时起计算。",
    ),
    "compare.basis_end": (
        "{name}: no withdrawal is set, so counted from the end of outside support (the last "
        "outside-funded policy, such as the NGO contract) after {when}.",
        "{name}：未设置撤资，因此从外部支持结束（最后一项外部资助政策结束，如社会组织项目到期）"
        "即{when}之后起计算。",
    ),
    "compare.cost_note": (
        "Differences of percentages are in percentage points. Money per group: the mean outside "
        "money over the simulations divided by the mean number of such groups (no interval).",
        "百分比之差以百分点计。每个组织的资金：各次模拟外部资金投入的均值除以此类组织数的均值（无区间）。",
    ),
    "compare.survival_needs": (
        "Survival needs the model's end-of-support figures; this model reports survival after a "
        "withdrawal only.",
        "存活率需要模型提供“支持结束”数据；当前模型只报告撤资后的存活情况。",
    ),
}
