"""Texts of the results: sentences, metrics and the Compare table (merged into :mod:`.i18n`)."""

TEXT: dict[str, tuple[str, str]] = {
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
        "{b}: about {d} more functional group[s] at the end than {a} (95% interval {lo} to {hi}).",
        "{b}：期末功能型自组织比{a}多约 {d} 个（95% 区间 {lo} 至 {hi}）。",
    ),
    "compare.fewer": (
        "{b}: about {d} fewer functional group[s] at the end than {a} (95% interval {lo} to {hi}).",
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
