"""Texts of the "why" and "what matters most" views, in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "why.title": ("Why this result?", "为什么是这个结果？"),
    "why.intro": (
        "Runs the mix again with each of the model's mechanisms switched off in turn, on the same "
        "chance events, and says which of them the result depends on.",
        "在相同的随机因素下，逐一关闭模型中的每个机制重新运行此方案，说明结果依赖哪些机制。",
    ),
    "why.run": ("Find the mechanisms behind it", "找出背后的机制"),
    "why.running": (
        "Running without each mechanism: {done} of {total}...",
        "逐一关闭机制运行中：已完成 {done}/{total}……",
    ),
    "why.note": (
        "{n} mechanisms x {reps} paired simulations of {people} adults; a difference counts when "
        "its 95% interval excludes 0.",
        "{n} 个机制 × {reps} 次配对模拟（{people} 名成年居民）；95% 区间不含 0 的差异才算明确。",
    ),
    "why.fewer": (
        "Without {mech}, about {d} fewer functional group[s] [is|are] active at the end (95% interval "
        "{lo} to {hi}).",
        "如果没有{mech}，期末活跃的功能型自组织约少 {d} 个（95% 区间 {lo} 至 {hi}）。",
    ),
    "why.more": (
        "Without {mech}, about {d} more functional group[s] [is|are] active at the end (95% interval "
        "{lo} to {hi}).",
        "如果没有{mech}，期末活跃的功能型自组织约多 {d} 个（95% 区间 {lo} 至 {hi}）。",
    ),
    "why.fewer_surv": (
        "Without {mech}, about {d} percentage points fewer of the functional groups survive two "
        "years after the money stops (95% interval {lo} to {hi}).",
        "如果没有{mech}，资金停止两年后功能型自组织的存活率约低 {d} 个百分点（95% 区间 {lo} 至 {hi}）。",
    ),
    "why.more_surv": (
        "Without {mech}, about {d} percentage points more of the functional groups survive two "
        "years after the money stops (95% interval {lo} to {hi}).",
        "如果没有{mech}，资金停止两年后功能型自组织的存活率约高 {d} 个百分点（95% 区间 {lo} 至 {hi}）。",
    ),
    "why.no_clear": (
        "No clear effect on these outcomes: {mechs}.",
        "对这些结果没有明确影响的机制：{mechs}。",
    ),
    "why.nothing_clear": (
        "No mechanism on its own changes the result clearly with this many simulations.",
        "在当前模拟次数下，没有哪个机制单独明确改变结果。",
    ),
    "why.none": (
        "This model declares no mechanism switches (mech.* settings), so the view cannot run.",
        "当前模型没有声明机制开关（mech.* 设置），无法进行此分析。",
    ),
    "matters.title": ("What matters most?", "什么最重要？"),
    "matters.intro_short": (
        "Screens the model's least certain numbers (set by hand to reproduce the field patterns): "
        "which of them the mix's functional groups depend on most.",
        "筛查模型中最不确定的数值（为复现实地规律而人工设定的参数）：此方案的功能型自组织数最依赖哪些。",
    ),
    "matters.run": ("Screen the uncertain assumptions", "筛查不确定的假设"),
    "matters.running": (
        "Screening: {done} of {total} runs...",
        "筛查中：已完成 {done}/{total} 次运行……",
    ),
    "matters.intro": (
        "A Morris screening: {runs} runs of a community of {n} adults, each of {k} hand-set "
        "parameters moved within ±25% of the mix's value. The result depends most on:",
        "Morris 筛查：对 {n} 名成年居民的社区运行 {runs} 次，{k} 个人工设定的参数各在方案取值的 ±25% "
        "内变动。结果最依赖：",
    ),
    "matters.line": (
        "{what} ({param}): moving it across its range changes the functional groups at the end "
        "by about {d} on average, mostly {way}.",
        "{what}（{param}）：在其范围内变动平均使期末功能型自组织数变化约 {d} 个，多为{way}。",
    ),
    "matters.up": ("up as it rises", "随其增大而增加"),
    "matters.down": ("down as it rises", "随其增大而减少"),
    # mechanisms in a few words
    "mech.social_influence": (
        "the pull of active neighbours (contagion)",
        "活跃邻居的带动（社会传染）",
    ),
    "mech.span": ("the limit of what a group can organize", "组织幅度的限制"),
    "mech.events": ("groups' open events for all residents", "组织面向全体居民的公开活动"),
    "mech.building_heads": (
        "building heads' meetings and door-to-door work",
        "楼栋长的会议和入户工作",
    ),
    "mech.coaching": ("the NGO's accompaniment", "社会组织的陪伴"),
    "mech.founding_help": (
        "the NGO's help for new groups' leaders",
        "社会组织对新组织带头人的帮助",
    ),
    "mech.linked_money": ("foundation money the NGO links", "社会组织链接的基金会资金"),
    "mech.federation_coaching": (
        "the federation's coaching after the NGO leaves",
        "社会组织撤出后联合会的陪伴",
    ),
    "mech.federation": ("the federation of groups", "自组织联合会"),
    "mech.registration": ("registration (备案)", "备案"),
    "mech.public_space": ("the limit of public space for recreation", "公共空间对文体活动的限制"),
    "mech.funder_review": ("the funder's review of the NGO contract", "出资方对社会组织项目的评估"),
    "mech.committee_time": ("the committee's time budget", "居委会的时间预算"),
    "mech.gatekeeping": (
        "a distrustful committee keeping the NGO out",
        "不信任的居委会拒绝社会组织进入",
    ),
    "mech.ngo_drift": (
        "the NGO's drift toward delivering services itself",
        "社会组织滑向直接提供服务",
    ),
    "mech.money_shock": ("the shock of money that stops unexpectedly", "资金意外中断的冲击"),
    "mech.materials": ("money for materials", "材料经费"),
    "mech.crisis_teams": ("crisis volunteers forming lasting teams", "危机志愿者组成持续的团队"),
    "mech.enterprise": ("groups' social enterprises", "组织开办的社会企业"),
    "mech.learning": ("learning by doing", "在实践中学习"),
}
