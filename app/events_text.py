"""The model's plain-language event log, in English (as logged) or Chinese.

The model logs English sentences from a small set of templates; each template has a rule here. A
test runs every built-in scenario and every live intervention and checks that every event it
logs has a rule, so a new template without a translation fails the tests.
"""

from __future__ import annotations

import re

_CAT = {
    "elder care": "助老",
    "child care": "儿童照护",
    "environment": "环境",
    "courtyard": "院落治理",
    "mutual aid": "邻里互助",
    "recreational": "文体娱乐",
}
_WHO = {"retired": "退休", "working": "在职"}
_STRATEGY = {"incubate": "孵化居民自组织", "substitute": "直接提供服务"}
_HOW = {"by building trust": "通过入户建立信任", "by street endorsement": "凭街道背书"}
_PROFILE = {
    "old-courtyard": "老旧院落",
    "commodity-estate": "商品房小区",
    "migrant-area": "流动人口聚居区",
    "villa-estate": "别墅区",
    "super-large-estate": "超大型社区",
    "rural-village": "农村社区",
}
_ALLOC = {"per household": "按户数", "review": "竞争性评审"}

_RULES: list[tuple[re.Pattern[str], str]] = [
    (r"An? (?P<cat>.+) group dissolved in its first month\.", "一个{cat}组织在成立当月就解散了。"),
    (
        r"An? (?P<cat>.+) group dissolved after (?P<n>\d+) months\.",
        "一个{cat}组织在成立 {n} 个月后解散。",
    ),
    (
        r"A (?P<who>retired|working) resident founded an? (?P<cat>.+) group with (?P<n>\d+) "
        r"neighbours\.",
        "一位{who}居民和 {n} 位邻居成立了一个{cat}组织。",
    ),
    (
        r"A recreational group took on a public task with the NGO's guidance: (?P<cat>.+)\.",
        "在社会组织引导下，一个文体娱乐组织承担起公共事务：{cat}。",
    ),
    (
        r"A recreational group took on a funded public project: (?P<cat>.+)\.",
        "一个文体娱乐组织承接了获资助的公共项目：{cat}。",
    ),
    (
        r"Members of a recreational group formed an? (?P<cat>.+) team\.",
        "一个文体娱乐组织的成员组建了{cat}小组。",
    ),
    (
        r"An? (?P<cat>.+) group seeded a new (?P<cat2>.+) group\.",
        "一个{cat}组织孵化出一个新的{cat2}组织。",
    ),
    (
        r"A tired leader handed the group to another member\.",
        "一位疲惫的带头人把组织交给了另一位成员。",
    ),
    (r"A leader moved away; another member took over\.", "一位带头人搬走了，另一位成员接手。"),
    (r"A community fund was set up\.", "社区基金成立了。"),
    (
        r"The community fund granted (?P<x>[\d,]+) yuan to (?P<n>\d+) groups\.",
        "社区基金向 {n} 个组织资助了 {x} 元。",
    ),
    (r"All outside money stopped\.", "外部资金全部停止。"),
    (
        r"A crisis struck: needs jumped and volunteers were called\.",
        "危机发生：居民需求骤增，社区发出志愿者召集。",
    ),
    (
        r"The yearly grant review funded (?P<n>\d+) projects\.",
        "年度居民项目评审资助了 {n} 个项目。",
    ),
    (
        r"An NGO entered (?P<how>by building trust|by street endorsement), to "
        r"(?P<strategy>incubate|substitute)\.",
        "一家社会组织{how}进入社区，目标是{strategy}。",
    ),
    (r"The NGO left; the federation took over coaching\.", "社会组织撤出；联合会接手陪伴指导。"),
    (r"The NGO left; no federation carries its work on\.", "社会组织撤出；没有联合会延续其工作。"),
    (r"A federation of (?P<n>\d+) groups was founded\.", "由 {n} 个组织组成的联合会成立了。"),
    (
        r"An urgent task from above took the committee's time\.",
        "上级交办的紧急任务占用了居委会的时间。",
    ),
    (
        r"The funder ended the NGO's contract after its review\.",
        "出资方评估后终止了社会组织的合同。",
    ),
    (r"A group started a social enterprise\.", "一个组织办起了社会企业。"),
    (r"(?P<n>\d+) groups started a social enterprise\.", "{n} 个组织办起了社会企业。"),
    (r"Volunteers formed a mutual-aid team in the crisis\.", "危机中志愿者组建了一支邻里互助队。"),
    (
        r"Volunteers formed (?P<n>\d+) mutual-aid teams in the crisis\.",
        "危机中志愿者组建了 {n} 支邻里互助队。",
    ),
    (
        r"Live: the trainer withdrew all outside money now\.",
        "现场操作：培训师现在撤出了全部外部资金。",
    ),
    (
        r"Live: outside money had already stopped; nothing changed\.",
        "现场操作：外部资金早已撤出，没有变化。",
    ),
    (
        r"Live: leader training started now \(cohorts of (?P<n>\d+) every (?P<k>\d+) months\)\.",
        "现场操作：骨干培训现在开始（每 {k} 个月一期，每期 {n} 人）。",
    ),
    (r"Live: the trainer set off a crisis now\.", "现场操作：培训师让危机现在发生。"),
    (
        r"The street allocated (?P<x>[\d,]+) yuan of grants \((?P<alloc>.+)\): (?P<lo>[\d,]+) to "
        r"(?P<hi>[\d,]+) yuan per community\.",
        "街道分配居民项目资金 {x} 元（{alloc}）：每个社区 {lo} 至 {hi} 元。",
    ),
]
RULES = [(re.compile(f"^{p}$"), zh) for p, zh in _RULES]
_COMMUNITY = re.compile(r"^Community (?P<i>\d+) \((?P<p>[a-z-]+)\): (?P<rest>.+)$")
_MAPS = {"cat": _CAT, "cat2": _CAT, "who": _WHO, "strategy": _STRATEGY, "how": _HOW}
_MAPS["alloc"] = _ALLOC


def to_chinese(text: str) -> str | None:
    """The Chinese version of a logged event, or None when no rule matches."""
    m = _COMMUNITY.match(text)
    if m:
        rest = to_chinese(m["rest"])
        p = _PROFILE.get(m["p"])
        return None if rest is None or p is None else f"社区 {m['i']}（{p}）：{rest}"
    for pat, zh in RULES:
        m = pat.match(text)
        if m is None:
            continue
        parts = m.groupdict()
        for k, table in _MAPS.items():
            if k in parts:
                if parts[k] not in table:
                    return None
                parts[k] = table[parts[k]]
        return zh.format(**parts)
    return None


def event_text(text: str, lang: str) -> str:
    """An event in ``lang``; an event without a rule stays in English (the tests prevent it)."""
    if lang != "zh":
        return text
    zh = to_chinese(text)
    return text if zh is None else zh
