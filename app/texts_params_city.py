"""Chinese for the city's parameters (issue 13): meanings, units and sections.

Kept apart from :mod:`yingzao.app.texts_params` and :mod:`yingzao.app.texts_params2`; the latter
merges these tables into its own, and the former merges those.
"""

from __future__ import annotations

SECTIONS: dict[str, tuple[str, str]] = {
    "city": ("City of many communities", "城市（多个街道和社区）"),
    "city_fund": ("City public-service fund", "城市公服资金"),
    "city_training": ("City leader training", "城市骨干培训"),
    "city_demo": ("Demonstration communities", "示范社区"),
    "city_subset": ("Policies for a subset of communities", "部分社区的政策组合"),
    "city_ngo": ("City NGO contracts", "城市社会组织服务合同"),
    "city_spread": ("Spreading between communities", "社区之间的经验扩散"),
}

UNITS: dict[str, str] = {
    "trainees per year": "名学员/年",
    "share of the score": "占评分的比例",
    "contracts": "份合同",
    "groups per month": "个组织/月",
    "trainees": "名学员",
    "districts": "个区县",
    "yuan per year": "元/年",
    "communities per contract": "个社区/合同",
    "functional groups per 1,000 residents": "个功能型组织/千名居民",
    "yuan per contract": "元/合同",
    "scenario": "情景",
    "communities per street": "个社区/街道",
}

_SUPPORT = "a community scenario whose policy settings are applied (a built-in name or a path)"
DOCS: dict[str, str] = {
    "budgets allocated across a city's communities by review": "城市按评审在各社区间分配资金",
    "committees learning facilitation from model communities of their street": "居委会向本街道的示范性社区学习引导工作",
    "city trainees learning from street-mates of model communities in the cohort": "城市培训学员向同期来自本街道示范性社区的学员学习",
    "a federation across the communities of a street coaching their groups": "街道内跨社区的联合会陪伴各社区的组织",
    "an NGO moving on to other communities of its street when its contract ends": "社会组织合同结束后转到本街道的其他社区",
    "communities in the city; 0 = not a city (a community or a street)": "城市中的社区数；0 = 不是城市（单个社区或街道）",
    "districts (区/县) of the city": "城市的区县数",
    "mean communities per street; the city has round(city.communities / this) streets": "每个街道的平均社区数；街道数 = 社区数 ÷ 此值（取整）",
    "fewest communities of a street": "一个街道最少的社区数",
    "most communities of a street": "一个街道最多的社区数",
    "spread of the number of communities per street (lognormal weights)": "各街道社区数的差异（对数正态权重）",
    "spread of the number of streets per district (lognormal weights)": "各区县街道数的差异（对数正态权重）",
    "median community size": "社区规模的中位数",
    "spread of community sizes (lognormal, clipped to city.size_min-city.size_max)": "社区规模的差异（对数正态，限于最小与最大规模之间）",
    "smallest community": "最小的社区规模",
    "largest community": "最大的社区规模",
    "months between synchronization points, where the city reads its communities and decides (a divisor of 12 or a multiple of 12)": "同步点之间的月数：城市在同步点读取各社区情况并作决定（12 的约数或倍数）",
    "rows kept per community: one per month, or one per year (the year's last month)": "每个社区保存的记录：每月一行，或每年一行（年末月份）",
    "public-service fund (公服资金) for every community, spent as participatory grants": "每个社区的公服资金，以参与式微项目方式使用",
    "the fund's rate": "资金标准",
    "the city's yearly cap on the fund (0 = no cap: every community its rate)": "城市每年资金总额上限（0 = 不设上限，每个社区按标准）",
    "how a pool is split: per household, or by review of the communities' results (mech.review_budget)": "资金池的分配方式：按户数，或按社区成效评审",
    "the pool a review splits: each street's, each district's, or the city's money": "评审分配的资金池：各街道、各区县或全市的资金",
    "city leader-training programme with limited places": "名额有限的城市骨干培训项目",
    "whole budget of the programme": "项目的总预算",
    "places in the city's cohorts each year": "城市每年培训的名额",
    "cost of one place": "一个名额的费用",
    "how places go to communities": "名额分配到社区的方式",
    "most places one community gets in a year under need, review or strong": "按需要、评审或择优分配时一个社区每年最多的名额",
    "spread of a community's review score (rule review)": "社区评审分数的随机差异（按评审分配时）",
    "whom a community sends": "社区派谁参加",
    "how far chance decides whom a community sends": "派谁参加在多大程度上取决于偶然",
    "skill a trainee gains (toward 1)": "学员获得的组织能力（趋向 1）",
    "public spirit a trainee gains (toward 1)": "学员获得的公共精神（趋向 1）",
    "demonstration communities (示范社区) with concentrated support": "获得集中支持的示范社区",
    "first month of the support (the support scenario's months count from here)": "支持开始的月份（支持情景的月份从此算起）",
    "month the support stops (exclusive): its policies end here at the latest": "支持结束的月份（不含）：其政策最迟于此结束",
    "demonstration communities per district": "每个区县的示范社区数",
    "which communities are chosen, from their state at month 0": "按第 0 个月的状况选择哪些社区",
    _SUPPORT: "应用其政策设置的社区情景（内置名称或文件路径）",
    "a community-level policy mix applied to a chosen subset of communities": "应用于选定部分社区的社区政策组合",
    "first month (the support scenario's months count from here)": "开始月份（支持情景的月份从此算起）",
    "month its policies end at the latest (exclusive)": "其政策最迟结束的月份（不含）",
    "which communities, from their state at month 0": "按第 0 个月的状况选择哪些社区",
    "share of the eligible communities chosen": "在符合条件的社区中选中的比例",
    "only communities of this profile are eligible": "只有此类型的社区符合条件",
    "NGO contracts that serve several communities of a street with shared staff": "一个社会组织以共享的工作人员服务街道内多个社区的合同",
    "month the programme stops (exclusive): no contract runs past it": "项目结束的月份（不含）：合同不超过此时",
    "contracts the city runs at once": "城市同时执行的合同数",
    "communities one contract serves (its staff shared equally)": "一份合同服务的社区数（工作人员平均分配）",
    "budget of one contract": "一份合同的预算",
    "which streets get contracts, and which communities first": "哪些街道获得合同，哪些社区优先",
    "functional groups per 1,000 residents at which a community is a model for its street": "社区成为本街道示范的功能型组织密度（每千名居民）",
    "share of the gap to the best model committee of the street closed each month (mech.practice_spread)": "每月缩小与本街道最佳示范居委会差距的比例",
    "extra skill gain of a trainee whose street-mates in the cohort all come from model communities (mech.leader_peers)": "同期本街道学员全部来自示范社区时学员额外获得的能力",
    "communities of a street with a federation that form a street federation (mech.city_federation)": "形成街道联合会所需的已有联合会的社区数",
    "weakest groups the street federation coaches each month in a community without an NGO": "街道联合会每月在没有社会组织的社区陪伴的最弱组织数",
    "strength of that coaching": "这种陪伴的强度",
}

_PROFILES_ZH = {
    "old-courtyard": "老旧院落",
    "commodity-estate": "商品房小区",
    "migrant-area": "流动人口聚居区",
    "villa-estate": "别墅区",
    "super-large-estate": "超大型社区",
    "rural-village": "农村社区",
}
DOCS.update(
    {
        f"weight of {p} communities in the city (all 0: every community has community.profile)": (
            f"城市中{zh}类社区的权重（全为 0 时每个社区按社区类型设定）"
        )
        for p, zh in _PROFILES_ZH.items()
    }
)
