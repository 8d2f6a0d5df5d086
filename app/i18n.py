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
    # --- sentences -----------------------------------------------------------------------------
    "s.functional": (
        "After {years} year[s] about {n} functional group[s] (resident groups that solve "
        "public problems) [is|are] active (most simulations {lo}-{hi}); they are {share}% of "
        "all resident groups.",
        "{years} 年后，约有 {n} 个功能型自组织（解决公共问题的居民组织）保持活跃（多数"
        "模拟结果在 {lo}-{hi} 个之间），占全部居民自组织的 {share}%。",
    ),
    "s.survival_withdrawal": (
        "When all outside money stops after {when}, about {k} functional group[s] [is|are] active; "
        "about {pct}% of them are still active two years later (most simulations {lo}-{hi}%).",
        "{when}之后外部资金全部撤出时，约有 {k} 个功能型自组织保持活跃；两年后其中约 {pct}% "
        "仍然活跃（多数模拟结果在 {lo}%-{hi}% 之间）。",
    ),
    "s.survival_end": (
        "No withdrawal is set, so survival is counted from the end of outside support, after "
        "{when}: about {k} functional group[s] [is|are] active then, and about {pct}% of them are "
        "still active two years later (most simulations {lo}-{hi}%).",
        "未设置撤资，因此从外部支持结束（{when}之后）起计算存活：届时约有 {k} 个功能型自组织"
        "保持活跃，两年后其中约 {pct}% 仍然活跃（多数模拟结果在 {lo}%-{hi}% 之间）。",
    ),
    "s.no_withdrawal": (
        "Outside money never stops in this mix, so survival without money is not tested. Set "
        "the year all outside money stops to see it.",
        "该方案中外部资金一直没有撤出，因此未检验无资金后的存活情况。设置外部资金撤出的年份即可查看。",
    ),
    "s.support_past_run": (
        "Outside support lasts past the end of the run (year {years}), so survival without it "
        "is not tested. Set the year all outside money stops, or simulate more years.",
        "外部支持一直持续到模拟结束（第 {years} 年）之后，因此未检验失去支持后的存活情况。"
        "请设置外部资金撤出的年份，或增加模拟年数。",
    ),
    "s.no_outside": (
        "This mix has no outside money, so there is no end of support to survive.",
        "该方案没有外部资金，因此不存在“支持结束后能否存活”的问题。",
    ),
    "s.too_late": (
        "The run ends less than two years after the money stops, so two-year survival is not "
        "known. Simulate more years to see it.",
        "资金撤出后不足两年模拟就结束了，无法得知两年存活率。请增加模拟年数。",
    ),
    "s.too_late_withdrawal": (
        "All outside money stops after {when}, less than two years before the run ends, so "
        "two-year survival is not known. Simulate more years to see it.",
        "外部资金在{when}之后撤出，距模拟结束不足两年，无法得知两年存活率。请增加模拟年数。",
    ),
    "s.too_late_end": (
        "Outside support ends after {when}, less than two years before the run ends, so "
        "two-year survival is not known. Simulate more years to see it.",
        "外部支持在{when}之后结束，距模拟结束不足两年，无法得知两年存活率。请增加模拟年数。",
    ),
    "s.no_functional_at_withdrawal": (
        "When all outside money stops after {when}, no functional group is active.",
        "{when}之后外部资金全部撤出时，没有功能型自组织保持活跃。",
    ),
    "s.no_functional_at_end": (
        "When outside support ends after {when}, no functional group is active.",
        "{when}之后外部支持结束时，没有功能型自组织保持活跃。",
    ),
    "s.crisis": (
        "A crisis strikes in {when}: about {v} resident[s] ({pct}% of adults) volunteer in its "
        "first month, and needs met fall from {before}% to {worst}% at worst during its "
        "{months} month[s].",
        "{when}发生突发事件：第一个月约有 {v} 位居民（占成年居民的 {pct}%）参与志愿服务；"
        "在持续的 {months} 个月里，需求满足率从 {before}% 最低降至 {worst}%。",
    ),
    "s.crisis_after_run": (
        "The crisis is set for {when}, after the run ends (year {years}): it does not happen in "
        "these simulations. Simulate more years to see it.",
        "突发事件设定在{when}，晚于模拟结束（第 {years} 年）：本次模拟中不会发生。请增加模拟年数。",
    ),
    "s.cost": (
        "Outside money per functional group active at the end: about {per_f}; per functional "
        "group still active two years after the money stops: {per_s}.",
        "每个期末活跃的功能型自组织对应的外部资金约 {per_f}；每个资金停止两年后仍活跃的"
        "功能型自组织对应 {per_s}。",
    ),
    "s.cost_none": (
        "not known (no such group, or survival not tested)",
        "无法计算（没有这样的组织，或未检验存活）",
    ),
    "s.participation": (
        "About {p}% of adult residents volunteered for the community in the last three "
        "months. The model counts only work in groups, residents' councils, co-funding "
        "and crisis help, so this is lower than field surveys that count all "
        "volunteering (under 10% in most communities, 10-20% in the best).",
        "最后三个月约 {p}% 的成年居民参与了社区公共事务。模型只计算组织活动、居民议事、自筹出"
        "资和危机互助，因此低于统计所有志愿活动的实地调研数字（多数社区低于 10%，最好的为 10"
        "%-20%）。",
    ),
    "s.needs": (
        "Residents' needs for these services that are met at the end: {p}%. Outside "
        "money spent: {money} over {k} year[s] of support, about {per} yuan per "
        "resident per year of support.",
        "模拟结束时居民相关服务需求的满足率：{p}%。外部资金在 {k} 年支持期内共投入 {money}，"
        "约合每位居民每个支持年 {per} 元。",
    ),
    "s.active": (
        "About {a}% of adults are active residents (took part as a volunteer or more in the "
        "last 12 months; the field's figure: under 10% in most communities, 10-20% in the best is "
        "“very, very optimistic”); {p}% did public work in the last three months.",
        "约 {a}% 的成年居民是积极居民（近 12 个月以志愿者或更深程度参与；实地数据：多数社区低于 "
        "10%，最好的社区 10%-20% 已属“非常非常乐观”）；最后三个月 {p}% 的居民参与了公共事务。",
    ),
    "s.registered": (
        "Registered groups (备案): about {n} per 1,000 residents, {s}% of them service groups "
        "(Changqing Garden: about 1 per 1,000, about 30% service groups after incubation).",
        "备案自组织：每千名居民约 {n} 个，其中服务型占 {s}%（武汉长青花园：约每千人 1 个，孵化后服"
        "务型约占 30%）。",
    ),
    "s.reps_street": (
        "Based on {reps} simulation[s] of a street of {k} communities with {n} adults in all.",
        "基于对一个共有 {n} 名成年居民、{k} 个社区的街道的 {reps} 次模拟。",
    ),
    "s.reps": (
        "Based on {reps} simulation[s] of a community of {n} adults ({profile}).",
        "基于对一个 {n} 名成年居民的社区（{profile}）的 {reps} 次模拟。",
    ),
    # --- metrics (charts, tables) ---------------------------------------------------------------
    "m.orgs_functional": ("Functional groups", "功能型自组织"),
    "m.orgs_recreational": ("Recreational groups", "文体娱乐型自组织"),
    "m.functional_share": ("Functional share of groups", "功能型占比"),
    "m.survival_24m": (
        "Functional groups still active 2 years after the money stops",
        "外部资金停止两年后功能型自组织的存活率",
    ),
    "m.participation_rate": (
        "Residents volunteering for the community",
        "参与社区公共事务的居民比例",
    ),
    "m.needs_met": ("Needs met", "需求满足率"),
    "m.active_share": (
        "Active residents (volunteer or more, last 12 months)",
        "积极居民（近 12 个月志愿者及以上）",
    ),
    "m.registered_per_1000": ("Registered groups per 1,000 residents", "每千名居民的备案组织数"),
    "m.outside_money_spent": ("Outside money spent (yuan)", "外部资金投入（万元）"),
    "m.outside_money_month": ("Outside money per month (yuan)", "每月外部资金（元）"),
    "m.federation_members": ("Groups in the federation", "联合会成员组织数"),
    "axis.month": ("Month", "月份"),
    "axis.groups": ("Groups", "组织数"),
    "axis.share": ("Share (%)", "比例（%）"),
    "axis.yuan": ("Yuan per month", "元/月"),
    "chart.median_band": (
        "Lines: median of the simulations; shaded: the middle 80% of simulations.",
        "线：各次模拟的中位数；阴影：居中 80% 的模拟结果。",
    ),
    "chart.withdrawal": ("money stops", "资金撤出"),
    "chart.crisis": ("crisis", "危机"),
    "chart.groups_title": ("Resident groups", "居民自组织"),
    "chart.people_title": ("Residents", "居民"),
    "chart.money_title": ("Outside money", "外部资金"),
    "font.missing": (
        "No Chinese font was found on this computer, so chart text is in English. Install one "
        "(e.g. Noto Sans CJK, WenQuanYi, Microsoft YaHei) and restart.",
        "本机未找到中文字体，图表文字以英文显示。请安装中文字体（如思源黑体、文泉驿、微软雅黑）后重启。",
    ),
    # --- compare -------------------------------------------------------------------------------
    "compare.title": ("Compare policy mixes", "比较不同政策组合"),
    "compare.intro": (
        "Choose two to four mixes. Every mix is simulated with the same chance events "
        "(paired simulations), so differences come from the policies, not from luck.",
        "选择 2 至 4 个方案。每个方案使用相同的随机因素（配对模拟），因此差异来自政策而非运气。",
    ),
    "compare.slot": ("Mix {i}", "方案 {i}"),
    "compare.star": (
        "clear difference (the 95% interval does not include 0)",
        "差异明确（95% 区间不含 0）",
    ),
    "compare.residents": ("Adult residents in every mix", "各方案的成年居民人数"),
    "compare.reps": ("Paired simulations per mix", "每个方案的配对模拟次数"),
    "compare.run": ("Compare", "开始比较"),
    "compare.my_mix": ("My what-if mix", "我的推演方案"),
    "compare.my_mix_desc": (
        "the What-if page's mix, based on “{case}” ({desc}), with the changes in bold below",
        "“政策推演”页的方案，基于“{case}”（{desc}），修改之处在下表中以粗体显示",
    ),
    "cancel": ("Cancel", "取消"),
    "compare.none": ("(none)", "（无）"),
    "compare.table": (
        "Outcomes at the end: mean of the paired simulations and its 95% interval (the "
        "What-if page shows the spread of single simulations instead, so its ranges are "
        "wider)",
        "模拟结束时的结果：配对模拟的均值及其 95% 区间（“政策推演”页显示的是单次模拟的分布范"
        "围，因此范围更宽）",
    ),
    "compare.diffs": ("Differences from {ref}", "与“{ref}”的差异"),
    "compare.col.metric": ("Outcome", "指标"),
    "compare.col.diff": ("{b} minus {a}", "{b} 减 {a}"),
    "compare.more": (
        "{b}: about {d} more functional groups at the end than {a} (95% interval {lo} to {hi}).",
        "{b}：期末功能型自组织比{a}多约 {d} 个（95% 区间 {lo} 至 {hi}）。",
    ),
    "compare.fewer": (
        "{b}: about {d} fewer functional groups at the end than {a} (95% interval {lo} to {hi}).",
        "{b}：期末功能型自组织比{a}少约 {d} 个（95% 区间 {lo} 至 {hi}）。",
    ),
    "compare.same": (
        "{b}: no clear difference from {a} in functional groups at the end (95% interval {lo} "
        "to {hi}).",
        "{b}：期末功能型自组织数与{a}无明显差异（95% 区间 {lo} 至 {hi}）。",
    ),
    "compare.surv_more": (
        "{b}: about {d} percentage points more of the functional groups survive two years without "
        "money than in {a} (95% interval {lo} to {hi}).",
        "{b}：撤资两年后功能型自组织存活率比{a}高约 {d} 个百分点（95% 区间 {lo} 至 {hi}）。",
    ),
    "compare.surv_fewer": (
        "{b}: about {d} percentage points fewer of the functional groups survive two years "
        "without money than in {a} (95% interval {lo} to {hi}).",
        "{b}：撤资两年后功能型自组织存活率比{a}低约 {d} 个百分点（95% 区间 {lo} 至 {hi}）。",
    ),
    "compare.surv_same": (
        "{b}: no clear difference from {a} in survival two years without money (95% interval "
        "{lo} to {hi} percentage points).",
        "{b}：撤资两年后的存活率与{a}无明显差异（95% 区间 {lo} 至 {hi} 个百分点）。",
    ),
    "unit.pts": (" pts", " 个百分点"),
    "brief.title": (
        "Policy brief: comparison of community policy mixes",
        "政策简报：社区政策组合比较",
    ),
    "brief.scenarios": ("Mixes compared", "比较的方案"),
    "brief.outcomes": ("Outcomes", "结果"),
    "brief.findings": ("Main findings", "主要发现"),
    "brief.caveats": ("What the model does not tell you", "模型的局限"),
    "brief.caveat1": (
        "The model is calibrated to qualitative field patterns (Chengdu, Beijing Qingyuan, Wuhan "
        "Changqing), not fitted to one community's data.",
        "模型依据实地定性规律（成都、北京清源、武汉长青）校准，并非拟合某一社区的数据。",
    ),
    "brief.caveat2": (
        "Participation is counted on the field's ladder (passive, occasional, volunteer, member, "
        "core); the numbers are the model's tendencies, not survey estimates for a community.",
        "参与按实地的参与阶梯计算（未参与、偶尔参与、志愿者、成员、核心）；数字是模型中的趋势，"
        "不是对某一社区的调查估计。",
    ),
    "brief.caveat3": (
        "Intervals show the spread of chance events in the model, not uncertainty about "
        "the model's own assumptions.",
        "区间反映模型中随机因素带来的波动，不包括对模型假设本身的不确定性。",
    ),
    "help.crisis_year": ("0 = no crisis.", "0 = 不发生。"),
    "help.reps": (
        "Each run has different chance events; more runs, steadier ranges.",
        "每次模拟的随机因素不同；次数越多，范围越稳定。",
    ),
    "s.no_money": (
        "Residents' needs for these services that are met at the end: {p}%. No outside "
        "money was spent.",
        "模拟结束时居民相关服务需求的满足率：{p}%。没有投入外部资金。",
    ),
    "glossary": (
        "**Functional group**: residents organised to solve a public problem (help for "
        "elders, child care, environment, courtyard affairs, mutual aid). **Recreational "
        "group**: dancing, singing, sports. **Needs met**: share of residents' needs for "
        "those services that someone covers. **Most simulations**: the middle 80% of the "
        "simulations.",
        "**功能型自组织**：居民为解决公共问题组织起来（助老、儿童照护、环境、院落事务、邻里互助"
        "）。**文体娱乐型自组织**：广场舞、合唱、体育等。**需求满足率**：居民对上述服务的需"
        "求中得到满足的比例。**多数模拟结果**：居中 80% 的模拟结果。",
    ),
    "stale": (
        "The settings have changed since these results: press Run simulation to update them.",
        "设置已修改，以下为旧结果：请点击“开始模拟”更新。",
    ),
    "axis.year": ("Year", "年"),
    "axis.yuan_year": ("Yuan per year", "万元/年"),
    "m.outside_money_year": ("Outside money per year", "每年外部资金"),
    "chart.survival_note": ("Bars: mean; whiskers: 95% interval.", "柱：均值；误差线：95% 区间。"),
    "compare.empty": (
        "Choose the mixes above, then press Compare.",
        "请在上方选择方案，然后点击“开始比较”。",
    ),
    "download.events": ("Event log (CSV)", "事件记录（CSV）"),
    "compare.same_length": (
        "Every mix was simulated for {years} years, so all end at the same time.",
        "每个方案都模拟了 {years} 年，结束时间相同。",
    ),
    "s.after_run": (
        "Outside money would stop in year {year}, after the simulated period ends; "
        "simulate more years to see what happens then.",
        "外部资金在第 {year} 年才撤出，晚于模拟结束时间；请增加模拟年数以观察撤出后的情况。",
    ),
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
    texts_compare,
    texts_share,
    texts_why,
    texts_workshop,
)

_merge(
    texts_about.TEXT,
    texts_brief.TEXT,
    texts_compare.TEXT,
    texts_share.TEXT,
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
