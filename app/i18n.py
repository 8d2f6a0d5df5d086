"""Every text the app shows, in English and Chinese; :func:`t` picks one and fills it in.

A test checks that both languages have every key and the same ``{placeholders}``.
"""

from __future__ import annotations

import re
from typing import Any

LANGS = ("en", "zh")

# key: (English, 中文); the texts of the pages with many are in texts_*.py, merged below
TEXT: dict[str, tuple[str, str]] = {
    # --- frame -------------------------------------------------------------------------------
    "app.title": ("Yingzao: community self-organization simulator", "营造：社区自组织模拟器"),
    "app.tagline": (
        "Try a policy mix on a simulated community and see which resident groups form and last.",
        "在模拟社区中尝试一组政策，看哪些居民自组织会出现、能否持续。",
    ),
    "nav.whatif": ("What-if", "政策推演"),
    "nav.compare": ("Compare", "方案比较"),
    "nav.workshop": ("Workshop", "培训演示"),
    "nav.model": ("About the model", "关于模型"),
    "lang.switch": ("中文", "English"),
    "caveat": (
        "These are simulation results: tendencies under stated assumptions, not forecasts for a "
        "real community.",
        "以下为模拟结果：在给定假设下的趋势，而非对真实社区的预测。",
    ),
    # --- units ---------------------------------------------------------------------------------
    "unit.adults": ("adult residents", "名成年居民"),
    "unit.years": ("years", "年"),
    "unit.yuan": ("yuan", "元"),
    "unit.yuan_per_100hh_year": ("yuan per 100 households per year", "元/百户/年"),
    "unit.yuan_per_month": ("yuan per month", "元/月"),
    "unit.yuan_per_year": ("yuan per year", "元/年"),
    "unit.percent": ("%", "%"),
    "unit.residents": ("residents", "人"),
    "unit.months": ("months", "个月"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "none": ("none", "无"),
    "never": ("never", "不撤出"),
    "range": ("allowed {lo} to {hi}", "允许范围 {lo} 至 {hi}"),
    # --- errors --------------------------------------------------------------------------------
    "err.empty": ("Enter a number.", "请输入数字。"),
    "err.not_number": ("'{raw}' is not a number.", "“{raw}”不是数字。"),
    "err.whole": ("Enter a whole number.", "请输入整数。"),
    "err.range": ("Must be between {lo} and {hi}{unit}.", "必须在 {lo} 至 {hi}{unit}之间。"),
    "err.fix_first": (
        "Fix the marked input[s] first (click to go there); the last results stay on screen:",
        "请先修正标红的输入（点击即可跳转）；上一次的结果仍保留在页面上：",
    ),
    "err.run_failed": ("The run could not be done: {msg}", "无法完成运行：{msg}"),
    "err.need_two": ("Choose at least two scenarios.", "请至少选择两个方案。"),
    # --- what-if controls ----------------------------------------------------------------------
    "whatif.title": ("What if we tried this policy mix?", "如果采用这组政策，会怎样？"),
    "whatif.intro": (
        "Start from a ready-made case, change what you like, and press Run simulation. "
        "Each simulation follows the community month by month; several simulations with "
        "different chance events show the range of likely outcomes.",
        "从一个基础方案开始，修改您想调整的设置，然后点击“开始模拟”。每次模拟逐月推演社区变化；多"
        "次模拟（随机因素不同）显示可能结果的范围。",
    ),
    "preset": ("Start from this case", "基础方案"),
    "panel.community": ("The community", "社区"),
    "panel.money": ("Money", "资金"),
    "panel.people": ("People: training and NGO", "人：培训与社会组织"),
    "panel.timing": ("When money stops, shocks", "撤资与冲击"),
    "panel.runs": ("Runs", "运行"),
    "field.profile": ("Kind of community", "社区类型"),
    "field.residents": ("Size of the community", "社区规模"),
    "field.years": ("How long to simulate", "模拟时长"),
    "field.grants": ("Public-service funds for resident projects", "公服资金：居民项目资金"),
    "field.co_funding": ("Residents' own share of project costs", "居民自筹比例"),
    "field.procurement": ("Government buys services", "政府购买服务"),
    "field.fund_seed": ("Seed money for a community fund", "社区基金启动资金"),
    "field.training_cohort": ("Leader training: cohort size", "骨干培训：每期规模"),
    "field.training_every": ("Leader training: time between cohorts", "骨干培训：两期间隔"),
    "field.ngo_strategy": ("NGO contract", "社会组织项目"),
    "field.ngo_years": ("NGO contract length", "社会组织项目周期"),
    "field.ngo_budget": ("NGO contract budget", "社会组织项目经费"),
    "field.federation": (
        "NGO builds a federation of groups before leaving",
        "社会组织撤出前建立自组织联合会",
    ),
    "field.withdrawal_year": ("All outside money stops in year", "外部资金全部撤出的年份"),
    "field.crisis_year": (
        "A sudden crisis (e.g. an epidemic) strikes in year",
        "突发事件（如疫情）发生的年份",
    ),
    "field.reps": ("Number of simulations", "模拟次数"),
    "help.grants": (
        "0 = no grants. Chengdu's public-service funds: at least 4,000 per 100 households.",
        "0 = 不设。成都公服资金标准：每百户不低于 4000 元。",
    ),
    "help.co_funding": ("Share residents raise themselves.", "居民自己筹集的比例。"),
    "help.procurement": (
        "0 = none. Paid professionals serve residents.",
        "0 = 不购买。由专业人员提供服务。",
    ),
    "help.fund_seed": ("0 = no community fund.", "0 = 不设社区基金。"),
    "help.training_cohort": ("0 = no leader training.", "0 = 不培训。"),
    "help.ngo_budget": ("About 120,000 pays one staff member.", "约 12 万元可支付一名专职人员。"),
    "help.withdrawal_year": (
        "0 = money never stops. Set it to see which groups survive without money.",
        "0 = 不撤出。设置后可观察没有资金后哪些组织能存活。",
    ),
    "strategy.none": ("No NGO", "不引入社会组织"),
    "strategy.incubate": ("NGO incubates resident groups", "社会组织孵化居民自组织"),
    "strategy.substitute": ("NGO delivers services itself", "社会组织直接提供服务（代替居民组织）"),
    "profile.old-courtyard": ("Old courtyard neighbourhood", "老旧院落社区"),
    "profile.commodity-estate": ("Commodity-housing estate", "商品房小区"),
    "profile.migrant-area": ("Migrant bungalow area", "流动人口聚居区"),
    "profile.villa-estate": ("Villa estate", "别墅区"),
    "profile.super-large-estate": ("Super-large estate", "超大型社区"),
    "profile.rural-village": ("Rural village", "农村社区"),
    "run": ("Run simulation", "开始模拟"),
    "running": ("Simulating: {done} of {total} done...", "正在模拟：已完成 {done}/{total} 次..."),
    "ran_in": ("{reps} simulations in {secs:.1f} s.", "{reps} 次模拟，用时 {secs:.1f} 秒。"),
    "results.title": ("What happens", "结果"),
    "results.none": ("Press Run simulation to see what happens.", "点击“开始模拟”查看结果。"),
    "charts.title": ("Over time", "随时间变化"),
    "download.png": ("Figure (PNG)", "图表（PNG）"),
    "download.csv": ("Results (CSV)", "结果数据（CSV）"),
    "download.brief": ("One-page brief (HTML, print to PDF)", "一页简报（HTML，可打印为 PDF）"),
}


def _merge(*tables: dict[str, tuple[str, str]]) -> None:
    """Add the pages' tables to :data:`TEXT`; a key defined twice is a programming error."""
    for table in tables:
        twice = sorted(set(table) & set(TEXT))
        if twice:
            raise KeyError(f"texts defined twice: {twice}")
        TEXT.update(table)


# after TEXT: the page modules import nothing from here
from yingzao.app import (  # noqa: E402
    texts_about,
    texts_brief,
    texts_classroom,
    texts_classroom_ui,
    texts_compare,
    texts_results,
    texts_share,
    texts_uncertainty,
    texts_why,
    texts_workshop,
)

_merge(
    texts_about.TEXT,
    texts_brief.TEXT,
    texts_classroom.TEXT,
    texts_classroom_ui.TEXT,
    texts_compare.TEXT,
    texts_results.TEXT,
    texts_share.TEXT,
    texts_uncertainty.TEXT,
    texts_why.TEXT,
    texts_workshop.TEXT,
)

# English plurals: "group[s]" is "group" after the number 1 and "groups" after any other
_PLURAL = re.compile(r"\[(\w*)\|?(\w*)\]")
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d[\d,]*(?:\.\d+)?(?![\w.])")


def _plurals(text: str) -> str:
    out, last = [], 0
    for m in _PLURAL.finditer(text):
        before = text[: m.start()]
        nums = _NUMBER.findall(before)
        one = bool(nums) and nums[-1].replace(",", "") in ("1", "1.0", "+1", "-1")
        many, single = (m[1], "") if not m[2] else (m[2], m[1])
        # "[s]": plural suffix; "[y|ies]": singular / plural endings
        out.append(text[last : m.start()] + (single if one else many))
        last = m.end()
    return "".join(out) + text[last:]


def t(key: str, lang: str = "en", **kw: Any) -> str:
    """The text ``key`` in ``lang`` (``"en"`` or ``"zh"``), with ``{placeholders}`` filled.

    English texts may mark plurals: ``group[s]`` reads "group" when the last number before it
    is 1, else "groups" (``cohort[y|ies]``-style pairs give singular and plural endings).

    Raises:
        KeyError: unknown key (a programming error, caught by the tests).

    """
    en, zh = TEXT[key]
    text = zh if lang == "zh" else en
    text = text.format(**kw) if kw else text
    return _plurals(text) if lang != "zh" and "[" in text else text


def num(x: float, digits: int = 0) -> str:
    """A number with thousands separators, e.g. ``12,300`` (never ``-0``)."""
    return f"{round(x, digits) + 0.0:,.{digits}f}"


# Chinese descriptions of the built-in scenarios (the English ones are in the scenario files)
SCENARIO_ZH: dict[str, str] = {
    "aiyouxi": "爱有戏（成都）：骨干学院、陪伴成长、互助文化，社会组织撤出前建立联合会",
    "baseline": "无外部支持：老旧院落社区自行发展",
    "chengdu": "成都：按每百户拨付的年度公服资金（公共服务资金）、居民议事会、居民自筹、市级骨干培训",
    "crisis": "无外部支持的社区在第 4 年遭遇危机（疫情封控）",
    "five-society": "五社联动：社区、社会组织、社会工作者、志愿者和慈善资源协同",
    "incubation": "社会组织孵化居民自组织 3 年（入户走访、骨干学院、陪伴、联合会）",
    "npi-changqing": "恩派在武汉长青花园：在大型社区以入户建立信任孵化 3 年，之后设立社区基金",
    "procurement": "政府购买专业服务 3 年，之后资金停止",
    "qingyuan": "北京大兴清源：居委会人员培训、非正式骨干工作坊、竞争性评审、小额资助",
    "street-qingyuan": "北京大兴清源街道：28 个社区约 13 万居民，一笔居民项目资金按竞争性评审分配",
    "substitution": "同样的资金，但社会组织 3 年里自己提供服务（替代）",
    "support-3y": "全面支持（公服资金、骨干培训、社会组织孵化）3 年后撤出",
    "support-8y": "全面支持（公服资金、骨干培训、社会组织孵化）8 年后撤出",
    "crisis-year4": "示例：五社联动的社区在第 4 年遭遇危机（疫情封控）",
    "endorsement": "示例：恩派式孵化，但社会组织凭街道背书而非入户走访进入社区",
    "withdraw-3y": "示例：五社联动，3 年后撤出全部外部资金",
    "withdraw-8y": "示例：五社联动持续 8 年，之后撤出全部外部资金",
}


def scenario_description(name: str, description: str, lang: str) -> str:
    """A built-in scenario's one-line description in ``lang`` (files keep the English one)."""
    return SCENARIO_ZH.get(name, description) if lang == "zh" else description


# Short names of the built-in scenarios for menus, tables and charts: (English, 中文)
SCENARIO_NAMES: dict[str, tuple[str, str]] = {
    "aiyouxi": ("Ai You Xi (Chengdu): academy and federation", "爱有戏（成都）：骨干学院与联合会"),
    "baseline": ("No outside support", "无外部支持"),
    "chengdu": ("Chengdu: public-service funds and training", "成都：公服资金与骨干培训"),
    "crisis": ("No support, crisis in year 4", "无外部支持，第 4 年突发事件"),
    "five-society": ("Five-society linkage", "五社联动"),
    "incubation": ("NGO incubation, 3 years", "社会组织孵化 3 年"),
    "npi-changqing": (
        "NPI in Wuhan Changqing: visits, then a fund",
        "恩派武汉长青：入户孵化后设基金",
    ),
    "procurement": ("Service purchase only, 3 years", "仅政府购买服务 3 年"),
    "qingyuan": ("Beijing Qingyuan: review and small grants", "北京清源：评审与小额资助"),
    "street-qingyuan": ("Qingyuan street, 28 communities", "清源街道 28 个社区"),
    "substitution": ("NGO delivers services itself, 3 years", "社会组织直接服务 3 年"),
    "support-3y": ("Full support, stops after 3 years", "全面支持 3 年后撤出"),
    "support-8y": ("Full support, stops after 8 years", "全面支持 8 年后撤出"),
    "crisis-year4": ("Five-society linkage, crisis in year 4", "五社联动，第 4 年突发事件"),
    "endorsement": ("NGO enters by street endorsement", "社会组织凭街道背书进入"),
    "withdraw-3y": ("Five-society linkage, stops after 3 years", "五社联动 3 年后撤出"),
    "withdraw-8y": ("Five-society linkage, stops after 8 years", "五社联动 8 年后撤出"),
}
MY_MIX = "@my-mix"


def scenario_name(name: str, lang: str) -> str:
    """A scenario's short name in ``lang`` (the what-if mix, a built-in, or the id itself)."""
    if name == MY_MIX:
        return t("compare.my_mix", lang)
    pair = SCENARIO_NAMES.get(name)
    return name if pair is None else pair[1 if lang == "zh" else 0]
