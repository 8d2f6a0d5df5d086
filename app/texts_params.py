"""The parameter table for readers: sections, meanings, units and sources in both languages.

The model declares each parameter in English with a terse source note written for its
developers ("MODEL-SKETCH", "DOMAIN.md"). This module says the same for policy staff: sources
by kind (field reports, literature, assumption, calibration) with no internal file names, and
Chinese for every section, unit and meaning it knows. A meaning it does not know (a parameter
added to the model later) is shown in English, so nothing is ever hidden.
"""

from __future__ import annotations

import re

# section: (English, 中文)
SECTIONS: dict[str, tuple[str, str]] = {
    "run": ("Run", "运行"),
    "community": ("Community", "社区"),
    "network": ("Social ties", "社会关系网络"),
    "resident": ("Residents", "居民"),
    "needs": ("Needs", "居民需求"),
    "decide": ("Deciding to take part", "参与决策"),
    "learn": ("Learning to take part", "参与习惯的形成"),
    "group": ("Resident groups", "居民自组织"),
    "found": ("Founding groups", "自组织的成立"),
    "leader": ("Leaders", "骨干/带头人"),
    "trust": ("Trust", "信任"),
    "committee": ("Residents' committee", "居委会"),
    "grants": ("Public-service funds, micro-projects for residents", "公服资金（居民微项目资助）"),
    "procurement": ("Government buys services", "政府购买服务"),
    "training": ("Leader training", "骨干培训"),
    "committee_training": ("Committee staff training", "居委会人员培训"),
    "ngo": ("NGO incubation", "社会组织孵化"),
    "fund": ("Community fund", "社区基金"),
    "withdrawal": ("Withdrawal of outside money", "外部资金撤出"),
    "crisis": ("Crisis", "突发事件"),
    "street": ("Street of several communities", "街道（多个社区）"),
    "mech": ("Mechanism switches", "机制开关"),
}

UNITS: dict[str, str] = {
    "months": "个月",
    "month": "月份",
    "profile": "社区类型",
    "adult residents": "名成年居民",
    "adults per household": "名成年人/户",
    "households": "户",
    "share": "比例",
    "groups per 1,000 residents": "个/千名居民",
    "per month": "每月",
    "ties per resident": "条关系/人",
    "log-sd": "对数标准差",
    "0-1": "0-1 指数",
    "share of a volunteer month": "占一个志愿服务月的比例",
    "yuan per month": "元/月",
    "share per month": "每月比例",
    "pull units": "参与动力单位",
    "per engaged member-month": "每名活跃成员每月",
    "payoff units": "收益单位",
    "probability": "概率",
    "per paid month": "每个有报酬的月",
    "effort units": "投入单位",
    "-": "-",
    "yuan per effort unit": "元/投入单位",
    "yuan per engaged member-month": "元/活跃成员/月",
    "share of purse": "占可支配余钱的比例",
    "per month at full output": "满产出时每月",
    "per coached month": "每个受陪伴的月",
    "multiplier": "倍数",
    "factor": "倍数",
    "per capacity unit": "每单位能力",
    "per core member": "每名核心成员",
    "interested neighbours": "名有意愿的邻居",
    "members": "名成员",
    "per month alone": "独自支撑时每月",
    "share of staff time": "占工作时间的比例",
    "staff per 1,000 residents": "名工作人员/千名居民",
    "cases per staff-month": "件/人/月",
    "on/off": "开/关",
    "yuan": "元",
    "yuan per 100 households per year": "元/百户/年",
    "categories": "类",
    "weight": "权重",
    "relative weight": "相对权重",
    "yuan per resident-month": "元/居民/月",
    "yuan per volunteer-month": "元/志愿者/月",
    "residents": "人",
    "rule": "规则",
    "yuan per staff-month": "元/人/月",
    "residents per staff-month": "名居民/人/月",
    "groups per staff-month": "个组织/人/月",
    "courses": "门课程",
    "groups": "个组织",
    "yuan per coached group-month": "元/受陪伴组织/月",
    "yuan per donated yuan": "元/捐赠每元",
    "share of balance per year": "每年占余额的比例",
    "communities": "个社区",
}

# English meaning (as declared) -> Chinese
DOCS: dict[str, str] = {
    "run length": "模拟时长",
    "community type; sets the defaults marked 'profile'": "社区类型；决定标为“社区类型”的默认值",
    "number of adult residents": "成年居民人数",
    "mean household size": "平均每户人数",
    "households per building": "每栋楼（院落）的户数",
    "share of residents who are retired": "退休居民比例",
    "resident groups existing at month 0": "模拟开始时已有的居民自组织",
    "functional share of the groups existing at month 0": "开始时已有组织中功能型的比例",
    "share of residents who move out and are replaced": "迁出并由新居民替代的居民比例",
    "mean ties within the same building, beyond the household": "同楼（院落）内家庭之外的平均关系数",
    "mean ties to residents of other buildings": "与其他楼栋居民的平均关系数",
    "share of cross-building ties that go to an adjacent building": "跨楼关系中连到相邻楼栋的比例",
    "spread of sociability (who has many cross ties)": "社交性的差异（谁有很多跨楼关系）",
    "mean public spirit": "平均公共精神",
    "mean organizing skill": "平均组织能力",
    "mean trust in neighbours": "对邻居的平均信任",
    "mean trust in the committee": "对居委会的平均信任",
    "free time of a retired resident": "退休居民的空闲时间",
    "free time of a working resident": "在职居民的空闲时间",
    "what a resident can give to community purposes": "居民可用于社区公益的钱",
    "skill at which a resident leads": "居民能够带领组织所需的能力",
    "skill at which a resident can start a recreational group": "居民能够发起文体娱乐组织所需的能力",
    "mean base need for elder care": "助老需求的平均基础水平",
    "mean base need for child care": "儿童照护需求的平均基础水平",
    "mean base need: environment": "环境需求的平均基础水平",
    "mean base need: courtyard quasi-property management": "院落（准物业）管理需求的平均基础水平",
    "mean base need for mutual aid": "邻里互助需求的平均基础水平",
    "mean base need for recreation": "文体娱乐需求的平均基础水平",
    "pull of need back to its base level": "需求回到基础水平的速度",
    "share of need removed per month at full service": "服务充分时每月满足的需求比例",
    "mean participation threshold (Granovetter)": "平均参与门槛（Granovetter 门槛模型）",
    "spread of thresholds": "参与门槛的差异",
    "weight of active neighbours x trust": "活跃邻居（乘以信任）的权重",
    "weight of need x public spirit": "需求（乘以公共精神）的权重",
    "weight of the group's recognition": "组织获得认可的权重",
    "cost of public work per unit of missing free time": "缺少空闲时间时参与公共事务的成本",
    "cost of recreation per missing free time": "缺少空闲时间时参加文体活动的成本",
    "monthly noise in pull": "每月参与动力的随机波动",
    "chance an engaged member invites a neighbour": "活跃成员邀请邻居的概率",
    "learning rate of participation propensity": "参与倾向的学习速度",
    "aspiration level": "期望水平",
    "propensity of a new member": "新成员的参与倾向",
    "a member whose propensity falls below this leaves": "参与倾向低于此值的成员退出",
    "payoff of the group's output": "组织产出带来的收益",
    "warm-glow payoff of public work per unit of spirit": "每单位公共精神从公共事务中获得的满足感",
    "propensity decay when idle": "不活动时参与倾向的衰减",
    "share of public spirit lost per month of paid participation": "有偿参与每月损失的公共精神比例（挤出效应）",
    "effort at which a functional group reaches half output (critical mass)": "功能型组织达到一半产出所需的投入（临界规模）",
    "steepness of the functional production function": "功能型组织产出函数的陡峭程度",
    "effort scale of recreational output": "文体娱乐产出的投入尺度",
    "money that substitutes one effort unit (a full volunteer month)": "可替代一个投入单位（一个完整志愿服务月）的资金",
    "running cost of functional activity": "功能型活动的运行成本",
    "running cost of recreation": "文体娱乐活动的运行成本",
    "dues an engaged member pays each month": "活跃成员每月缴纳的会费",
    "a leader's own money for the group": "带头人为组织自掏的钱",
    "capacity gained by doing": "在实践中获得的能力",
    "capacity gained from accompaniment": "从陪伴中获得的能力",
    "capacity lost per month": "每月流失的能力",
    "output reaches members' buildings; share of full output felt there": "产出惠及成员所在楼栋；在那里感受到的产出比例",
    "baseline monthly hazard": "基础的每月解散风险",
    "extra hazard of a new group": "新组织的额外解散风险",
    "time scale over which newness wears off": "新组织风险消退所需时间",
    "hazard reduction by capacity, exp(-b*capacity)": "能力降低解散风险的程度 exp(-b×能力)",
    "hazard reduction per core member": "每名核心成员降低的解散风险",
    "hazard increase when spending falls below its habit": "支出低于惯常水平时解散风险的增加",
    "hazard reduction for federation members": "联合会成员组织解散风险的降低",
    "hazard reduction when recognized by the committee": "获居委会认可的组织解散风险的降低",
    "months without activity before a group dissolves": "无活动多少个月后组织解散",
    "chance a free leader with a critical mass founds a functional group": "有临界规模支持的空闲骨干成立功能型组织的概率",
    "chance a free organizer with a critical mass founds a recreational group": "有临界规模支持的空闲组织者成立文体娱乐组织的概率",
    "critical mass, functional": "临界规模（功能型）",
    "critical mass, recreational": "临界规模（文体娱乐型）",
    "need at which a neighbour is interested in a group": "邻居对组织产生兴趣的需求水平",
    "chance a recreational group seeds a small public-task team unaided": "无外部引导时文体娱乐组织孵化出公共事务小组的概率",
    "conversion chance when coached": "受陪伴时转型的概率",
    "size above which a functional group may split": "功能型组织可能分化的规模",
    "chance of a split": "分化的概率",
    "fatigue of a leader carrying a group alone": "独自支撑组织的带头人的疲劳",
    "a leader's learning": "带头人的学习",
    "fatigue recovery": "疲劳恢复",
    "speed of trust updating": "信任更新的速度",
    "trust in neighbours added by full local service": "服务充分时增加的邻里信任",
    "administrative load": "行政事务负担",
    "committee staff": "居委会工作人员",
    "initial openness to outside organizations": "对外部组织的初始开放度",
    "initial facilitative mode (0 administrative, 1 facilitator)": "初始工作方式（0 行政型，1 引导型）",
    "problems a full-time staff member handles": "一名专职人员能处理的问题数",
    "chance a resident with a high need brings it to the committee": "需求高的居民向居委会反映的概率",
    "participatory micro-grants": "参与式微项目资助",
    "first month": "开始月份",
    "month it stops (exclusive)": "结束月份（不含该月）",
    "yearly budget": "年度预算",
    "largest single grant": "单个项目的最高资助",
    "residents' share, soft projects": "居民自筹比例（软性项目）",
    "residents' share, courtyard/environment": "居民自筹比例（院落/环境项目）",
    "top wishes turned into calls": "转为项目征集的居民心愿数",
    "weight": "权重",
    "procurement of services": "购买服务",
    "monthly spending on services": "每月购买服务的支出",
    "cost of serving one resident in all chosen categories": "为一位居民提供所选各类服务的成本",
    "stipend paid to resident helpers (can crowd out spirit)": "付给居民帮手的补贴（可能挤出公共精神）",
    "leader training": "骨干培训",
    "total budget": "总预算",
    "trainees per cohort": "每期学员人数",
    "months between cohorts": "两期之间的月数",
    "cost per trainee": "每名学员的成本",
    "who is trained": "培训对象的选择",
    "skill added per cohort": "每期增加的能力",
    "public spirit added": "增加的公共精神",
    "committee staff training": "居委会人员培训",
    "months between sessions": "两次培训之间的月数",
    "cost": "成本",
    "openness and facilitation added per session": "每次培训增加的开放度和引导能力",
    "NGO incubation/substitution": "社会组织孵化/替代服务",
    "contract start": "项目开始月份",
    "contract length": "项目周期",
    "contract budget": "项目经费",
    "salary and overhead of one NGO staff member": "一名社会组织专职人员的工资和管理费",
    "grow groups, or deliver services itself": "培育居民组织，还是自己提供服务",
    "how the NGO enters": "社会组织进入社区的方式",
    "outreach visits": "入户走访",
    "groups one staff member accompanies": "一名专职人员陪伴的组织数",
    "courses of the leaders' academy": "骨干学院的课程数",
    "extra chance that a resident the NGO visited founds a functional group (NGO present)": "社会组织走访过的居民成立功能型组织的额外机会（社会组织在场时）",
    "committee trust gained by visits": "通过走访获得的居委会信任",
    "effectiveness of coaching under endorsement": "街道背书进入时陪伴的效果",
    "build a federation before leaving": "撤出前建立联合会",
    "groups needed to found a federation": "成立联合会所需的组织数",
    "foundation money linked to coached groups": "为受陪伴组织链接的基金会资金",
    "residents one staff serves when substituting": "替代服务时一名专职人员服务的居民数",
    "community fund": "社区基金",
    "outside seed money": "外部启动资金",
    "outside matching of resident donations": "外部对居民捐赠的配捐",
    "share of purse a trusting resident donates monthly": "信任社区的居民每月捐出的余钱比例",
    "social-enterprise income": "社会企业收入",
    "share of the balance granted each year": "每年资助出去的余额比例",
    "end of all outside money": "全部外部资金的终止",
    "month outside money stops": "外部资金停止的月份",
    "crisis shock": "突发事件冲击",
    "month the crisis starts": "突发事件开始的月份",
    "duration": "持续时间",
    "need added in elder care, mutual aid and environment": "助老、互助和环境需求的增加",
    "pull of the call for volunteers": "志愿者召集的动员力",
    "communities in the street; 1 = a single community, more = a street run": "街道中的社区数；1 = 单个社区，更多 = 街道模拟",
    "residents of the whole street; 0 = street.communities x community.residents": "整个街道的居民数；0 = 社区数 × 每社区居民数",
    "spread of community sizes (lognormal; at least 200 residents each)": "社区规模的差异（对数正态；每个社区至少 200 人）",
    "how the street splits the grants budget among its communities": "街道在各社区间分配项目资金的方式",
}
_MIX_WEIGHT = re.compile(
    r"^weight of (?P<p>[a-z-]+) communities in the street \(all 0: every community has "
    r"community\.profile\)$"
)
_PROFILE_ZH = {
    "old-courtyard": "老旧院落",
    "commodity-estate": "商品房小区",
    "migrant-area": "流动人口聚居区",
    "villa-estate": "别墅区",
    "super-large-estate": "超大型社区",
    "rural-village": "农村社区",
}

# a source note's detail (after its kind) -> Chinese
DETAILS: dict[str, str] = {
    "runs of 120-240 months": "模拟 120-240 个月",
    "1,000-20,000 per community (upper bound admits estates like Changqing)": "每个社区 1,000-20,000 人（上限可容纳长青花园这样的大型社区）",
    "about 2.6 people per household": "每户约 2.6 人",
    "buildings/courtyards of 30-120 households": "每栋楼/院落 30-120 户",
    "Changqing about 1 registered group per 1,000; unregistered ones several times more": "长青花园约每千人 1 个备案组织；未备案的多出数倍",
    "before incubation almost all groups were recreational": "孵化前几乎全是文体娱乐组织",
    "migrant areas turn over fastest": "流动人口聚居区人员流动最快",
    "dense local ties in courtyards, weak in estates of strangers": "院落邻里关系紧密，陌生人小区关系薄弱",
    "most ties are near": "大多数关系在附近",
    "heavy-tailed sociability": "社交性分布有长尾",
    "most residents are passive ('the committee solves it')": "多数居民被动（“居委会会解决”）",
    "leaders are few; 'don't know how to mobilize residents'": "骨干很少；“不知道如何动员居民”",
    "retirees have much free time": "退休居民空闲时间多",
    "commuters have little": "通勤族空闲时间少",
    "courtyard projects raise >= 50% from residents": "院落项目至少 50% 由居民自筹",
    "(about 3% of residents at default skill)": "（默认能力下约 3% 的居民）",
    "problems recur within about a year": "问题约一年内会再次出现",
    "the six field patterns appear over 20+ simulations": "取值使 6 条实地规律在 20 次以上模拟中出现",
    "recreational joining is cheap": "参加文体娱乐的成本低",
    "a leader paid >10,000 yuan over about 20 years": "一位骨干约 20 年自掏超过 1 万元",
    "functional work needs a critical mass": "功能型工作需要临界规模",
    "recreational groups form easily": "文体娱乐组织容易形成",
    "rare without guidance": "没有引导时很少见",
    "groups guided from recreation to service": "组织在引导下从文体娱乐转向服务",
    "a functional group seeds others": "功能型组织会孵化出其他组织",
    "leaders tire": "骨干会疲惫",
    "skill is raised by training, coaching and doing": "能力通过培训、陪伴和实践提高",
    "about 90% of committee work is administrative": "居委会约 90% 的工作是行政事务",
    "about 9 staff for 5,000 residents": "每 5,000 名居民约 9 名工作人员",
    "secretaries distrust outsiders": "书记不信任外来者",
    "mostly 'the government's legs'": "多为“政府的腿”",
    "Chengdu >= 4,000 yuan per 100 urban households per year": "成都：城市社区每百户每年不低于 4,000 元",
    "Qingyuan grants about 10,000 yuan": "清源：资助约 1 万元",
    "courtyard projects raise at least 50%": "院落项目至少自筹 50%",
    "council turns top wishes into projects": "议事会把居民最迫切的心愿转为项目",
    "review on public benefit": "按公益性评审",
    "review on feasibility": "按可行性评审",
    "review on sustainability": "按可持续性评审",
    "Chengdu city-level training": "成都市级培训",
    "committee lists vs NGO outreach": "居委会名单与社会组织走访",
    "contracts typically a 3-year plan": "项目通常为 3 年计划",
    "1.5 staff x 36 months x 10,000": "1.5 名人员 × 36 个月 × 1 万元",
    "incubate vs substitute": "孵化与替代",
    "trust by visits vs street endorsement": "入户建立信任与街道背书",
    "outreach visits find leaders": "入户走访发现骨干",
    "a leaders' academy runs 23 courses": "一所骨干学院开设 23 门课程",
    "outreach visits find leaders; NGOs help write first proposals": "入户走访发现骨干；社会组织帮助写第一份项目书",
    "endorsement yields passive compliance": "背书带来被动服从",
    "federation before exit": "撤出前建立联合会",
    "42 of about 120 groups joined": "约 120 个组织中有 42 个加入",
    "NGOs link foundation money": "社会组织链接基金会资金",
    "several hundred funds in Chengdu": "成都有数百个社区基金",
    "social-enterprise profits": "社会企业利润",
    "withdrawal after 2-3 vs 8 years": "支持 2-3 年与 8 年后撤出",
    "an epidemic lockdown": "疫情封控",
    "a street is 6-30 communities (Qingyuan 28, Changqing 6)": "一个街道 6-30 个社区（清源 28 个，长青 6 个）",
    "Qingyuan street about 130,000 residents": "清源街道约 13 万居民",
    "communities differ several-fold (field: 1,000-20,000 each)": "各社区规模相差数倍（实地：每个 1,000-20,000 人）",
    "Chengdu budget per 100 households; Qingyuan competitive review": "成都按每百户拨付；清源竞争性评审",
    "the community types of the field reports": "实地案例报告中的社区类型",
    "(field reports)": "（实地案例报告）",
    "recognition": "认可",
    "spread decides cascades": "门槛的分布决定能否连锁参与",
    "typical 0.1-0.5": "典型值 0.1-0.5",
    "intrinsic motive": "内在动机",
    "may be 0": "可为 0",
    "accelerating": "加速型生产函数",
    "decel.": "减速型生产函数",
    "adolescence": "“青春期”风险",
    "principle 8 (nesting)": "原则 8（嵌套）",
    "principle 7": "原则 7",
}

# Model 2.0's parameters (a file of their own)
from yingzao.app import texts_params2 as _two  # noqa: E402

SECTIONS.update(_two.SECTIONS)
UNITS.update(_two.UNITS)
DOCS.update(_two.DOCS)
DETAILS.update(_two.DETAILS)

# how a source note starts -> (English, 中文) kind of source
_KINDS: tuple[tuple[str, str, str], ...] = (
    ("field", "Field reports", "实地案例报告"),
    ("calibrated", "Calibrated", "校准"),
    ("assumption", "Assumption", "模型假设"),
    ("profile", "Set by the kind of community", "由社区类型设定"),
    ("scenario", "Set by the case (scenario)", "由方案设定"),
    ("model-sketch", "Model design", "模型设计"),
    ("domain.md", "Field case reports", "实地案例报告"),
)
# internal names in the notes, said for readers
_INTERNAL = (
    (
        "patterns 1-6 of DOMAIN.md over 20+ seeds",
        "the six field patterns appear over 20+ simulations",
    ),
    ("DOMAIN.md community profiles", "the community types of the field reports"),
    ("(DOMAIN.md)", "(field reports)"),
    ("DOMAIN.md", "the field reports"),
    ("MODEL-SKETCH", "model design"),
)


def section_name(section: str, lang: str) -> str:
    """A section's name in ``lang`` (the key itself when unknown)."""
    pair = SECTIONS.get(section)
    return section if pair is None else pair[1 if lang == "zh" else 0]


def unit_text(unit: str, lang: str) -> str:
    """A unit in ``lang`` (unknown units stay as declared)."""
    return UNITS.get(unit, unit) if lang == "zh" else unit


def doc_text(doc: str, lang: str) -> str:
    """A parameter's meaning in ``lang``; English when no translation is known."""
    if lang != "zh":
        return doc
    m = _MIX_WEIGHT.match(doc)
    if m and m["p"] in _PROFILE_ZH:
        return f"街道中{_PROFILE_ZH[m['p']]}类社区的权重（全为 0 时每个社区按社区类型设定）"
    return DOCS.get(doc, doc)


def has_chinese(doc: str) -> bool:
    """Whether :func:`doc_text` knows a Chinese meaning for ``doc``."""
    return doc_text(doc, "zh") != doc


def source_text(source: str, lang: str) -> str:
    """A source note for readers: its kind first, no internal file names.

    ``"field: Chengdu >= 4,000 yuan ..."`` reads "Field reports: Chengdu >= 4,000 yuan ...";
    a literature reference ("Granovetter 1978: ...") reads "Literature: Granovetter 1978: ...".
    """
    text = source.strip()
    if text in _two.NOTES:
        return _two.NOTES[text][1 if lang == "zh" else 0]
    for old, new in _INTERNAL:
        text = text.replace(old, new)
    low = source.strip().lower()
    zh = lang == "zh"
    for prefix, en_kind, zh_kind in _KINDS:
        if low.startswith(prefix):
            rest = text[len(prefix) :].lstrip(" :;")
            if prefix in ("model-sketch", "domain.md"):
                rest = text.split(":", 1)[1].strip() if ":" in text else ""
            kind = zh_kind if zh else en_kind
            if zh:
                rest = _detail_zh(rest)
                if rest.startswith("（"):
                    return kind + rest
                return f"{kind}：{rest}" if rest else kind
            return f"{kind}: {rest}" if rest else kind
    if lang == "zh" and text in DETAILS:  # a note without a kind ("foot in the door (...)")
        return ("文献：" if re.search(r"\d{4}", text) else "") + DETAILS[text]
    m = re.match(
        r"^(?P<who>[A-Z][A-Za-z]+(?: ?[&,;] ?[A-Z][A-Za-z]+| \d{4}| et al\.)*)(?P<rest>.*)$", text
    )
    if m and (re.search(r"\d{4}", m["who"]) or "&" in m["who"]):  # "Author 1990 ...", "A & B: ..."
        if not zh:
            return f"Literature: {text}"
        rest = m["rest"].strip()
        detail = rest.lstrip(":").strip()
        if detail.startswith("(") and detail.endswith(")"):
            inner = detail[1:-1]
            return f"文献：{m['who']}（{DETAILS.get(inner, inner)}）"
        return f"文献：{m['who']}" + (f"：{DETAILS.get(detail, detail)}" if detail else "")
    return text


def _detail_zh(rest: str) -> str:
    """A source detail in Chinese; parts separated by "; field: " are translated one by one."""
    if rest in DETAILS:
        return DETAILS[rest]
    if rest.startswith("field:"):
        return "实地案例报告：" + _detail_zh(rest[6:].strip())
    parts = re.split(r";\s*field:\s*", rest)
    if len(parts) > 1:
        return "；实地案例报告：".join(DETAILS.get(x, x) for x in parts)
    return rest
