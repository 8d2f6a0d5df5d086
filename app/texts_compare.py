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

# streets on the what-if page
TEXT.update(
    {
        "street.controls": (
            "A street: every community has its own kind and size, as the case sets them. The "
            "policies below apply in every community; each simulation runs the whole street.",
            "街道方案：每个社区的类型和规模由方案设定。下面的政策适用于每个社区；每次模拟都运行整个街道。",
        ),
        "street.title": ("The street's {n} communities", "街道的 {n} 个社区"),
        "street.spread": (
            "The street as drawn in the first simulation (each simulation draws its communities' "
            "kinds and sizes afresh): functional groups per 1,000 residents range from {lo} to "
            "{hi} across its communities.",
            "第一次模拟中的街道（每次模拟都会重新抽取各社区的类型和规模）：各社区每千名居民的功能型自组"
            "织从 {lo} 到 {hi} 个不等。",
        ),
        "street.figure_title": (
            "Each tile a community (area: residents; number: functional groups at the end)",
            "每个方块代表一个社区（面积：居民数；数字：期末功能型自组织数）",
        ),
        "street.per_1000": ("Functional groups per 1,000 residents", "每千名居民的功能型自组织"),
        "street.col.community": ("Community", "社区"),
        "street.col.profile": ("Kind", "类型"),
        "street.col.residents": ("Adult residents", "成年居民"),
        "street.col.functional": ("Functional groups", "功能型自组织"),
        "street.col.per_1000": ("Per 1,000 residents", "每千名居民"),
        "street.col.active": ("Active residents (%)", "积极居民（%）"),
        "street.col.registered": ("Registered groups per 1,000", "每千名居民备案组织"),
    }
)
