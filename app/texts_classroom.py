"""Texts of the classroom session (roles, decisions, rounds, debrief), in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    # --- roles ---------------------------------------------------------------------------------
    "role.secretary": ("Committee secretary", "社区书记"),
    "role.ngo": ("NGO director", "社会组织负责人"),
    "role.street": ("Street official", "街道干部"),
    "role.leader": ("Resident leader", "居民骨干"),
    "role.secretary.about": (
        "You run the residents' committee: its staff time, its door to the NGO, which groups it "
        "recognizes, and the residents' council.",
        "你负责社区居委会：工作人员的时间安排、是否让社会组织进入、认可哪些团队，以及居民议事会。",
    ),
    "role.ngo.about": (
        "You direct the support organization on contract: grow resident groups or deliver services "
        "yourselves, whom to accompany, when to start a federation, when to leave.",
        "你负责签约的支持型社会组织：孵化居民团队还是自己提供服务、陪伴哪些团队、何时成立联合会、何时撤出。",
    ),
    "role.street.about": (
        "You hold the street's money: the yearly grants budget, the NGO contract's length, and "
        "whether to stop outside money.",
        "你掌握街道的资金：每年的微项目资金、社会组织合同期限，以及是否撤出外部资金。",
    ),
    "role.leader.about": (
        "You are {name}, a resident of {building}. Found a group, apply for a grant, pay out of "
        "your own pocket, or hand over to another member.",
        "你是{building}的居民{name}。你可以成立团队、申请项目资金、自掏腰包，或把团队交给其他成员。",
    ),
    "role.none": ("Watching", "旁观"),
    # --- decisions -----------------------------------------------------------------------------
    "rule": ("Leave it to the rule", "按模型规则"),
    "now": ("Now: {what}", "目前：{what}"),
    "dec.facilitation": (
        "Share of free staff time for facilitating residents (the rest: paperwork)",
        "空余工作时间中用于支持居民的比例（其余用于行政事务）",
    ),
    "dec.recognize": ("Groups the committee recognizes first", "居委会优先认可的团队"),
    "dec.ngo_door": ("The NGO's access to residents", "社会组织接触居民的渠道"),
    "dec.ngo_door.closed": ("Keep the NGO out", "不让社会组织进入"),
    "dec.ngo_door.open": ("Let the NGO in fully", "完全放开让社会组织进入"),
    "dec.showcase": ("Press the NGO for quick showcase groups", "要求社会组织尽快做出示范团队"),
    "dec.council": ("Convene the residents' council this year", "今年召开居民议事会"),
    "dec.substitute_share": (
        "Share of staff time delivering services yourselves (the rest: growing resident groups)",
        "员工时间中自己提供服务的比例（其余用于孵化居民团队）",
    ),
    "dec.accompany": ("Groups to accompany first", "优先陪伴的团队"),
    "dec.federation_now": ("Start the federation of groups now", "现在成立社区社会组织联合会"),
    "dec.leave_now": ("Leave the community now (end the contract early)", "现在撤出社区（提前结束合同）"),
    "dec.budget": ("Yearly grants budget", "每年微项目资金"),
    "dec.budget.factor": ("{x} of the plan ({yuan} yuan a year)", "计划的{x}（每年{yuan}元）"),
    "dec.contract_months": ("Length of the NGO contract", "社会组织合同期限"),
    "dec.contract_months.value": ("{n} months in all", "共{n}个月"),
    "dec.withdraw_now": ("Stop all outside money now", "现在撤出全部外部资金"),
    "dec.found": ("Found a group", "成立一个团队"),
    "dec.found.no": ("Not now", "暂不成立"),
    "dec.apply": ("Apply for a grant in this year's cycle", "参加今年的微项目申请"),
    "dec.pay": ("Pay out of your own pocket", "自掏腰包"),
    "dec.pay.value": ("{yuan} yuan", "{yuan}元"),
    "dec.hand_over": ("Hand the group over to another member", "把团队交给其他成员"),
    "dec.unavailable.no_ngo": ("There is no NGO on contract now.", "目前没有签约的社会组织。"),
    "dec.unavailable.no_grants": (
        "No grant cycle runs in this round.",
        "本轮没有微项目申请。",
    ),
    "dec.unavailable.leads": ("You lead a group already.", "你已经在带领一个团队。"),
    "dec.unavailable.no_group": ("You lead no group.", "你没有带领团队。"),
    "dec.unavailable.federation": ("A federation exists already.", "联合会已经成立。"),
    "err.choice": ("'{value}' is not one of the choices.", "“{value}”不是可选项。"),
    "err.decision": ("Your role has no decision '{key}'.", "你的角色没有“{key}”这项决定。"),
    "err.not_now": ("This decision cannot be made now.", "现在不能做这项决定。"),
    "err.code": ("That code is not right.", "加入码不对。"),
    "err.name": ("Type a name of 1 to 24 characters.", "请输入 1 至 24 个字的名字。"),
    "err.full": ("The session is full.", "本场人数已满。"),
    "err.closed": ("The round is not open for decisions.", "本轮不在决策时间。"),
    # --- what the decisions did (the log) ------------------------------------------------------
    "did.facilitation": (
        "{who} (secretary) gave {pct}% of free staff time to facilitation.",
        "{who}（书记）把 {pct}% 的空余工作时间用于支持居民。",
    ),
    "did.recognize": ("{who} (secretary) recognized {names} first.", "{who}（书记）优先认可了{names}。"),
    "did.ngo_door.closed": ("{who} (secretary) kept the NGO out.", "{who}（书记）没有让社会组织进入。"),
    "did.ngo_door.open": ("{who} (secretary) let the NGO in fully.", "{who}（书记）让社会组织完全进入。"),
    "did.showcase.yes": (
        "{who} (secretary) pressed the NGO for quick showcase groups.",
        "{who}（书记）要求社会组织尽快做出示范团队。",
    ),
    "did.showcase.no": (
        "{who} (secretary) gave the NGO time, without pressing for showcase groups.",
        "{who}（书记）给社会组织时间，不催示范团队。",
    ),
    "did.council.yes": ("{who} (secretary) convened the council.", "{who}（书记）召开了议事会。"),
    "did.council.no": ("{who} (secretary) did not convene the council.", "{who}（书记）没有召开议事会。"),
    "did.substitute_share": (
        "{who} (NGO) spent {pct}% of staff time delivering services itself.",
        "{who}（社会组织）把 {pct}% 的员工时间用于自己提供服务。",
    ),
    "did.accompany": ("{who} (NGO) accompanied {names} first.", "{who}（社会组织）优先陪伴了{names}。"),
    "did.federation_now": ("{who} (NGO) started a federation.", "{who}（社会组织）成立了联合会。"),
    "did.federation_few": (
        "{who} (NGO) wanted a federation, but fewer than two accompanied groups are alive.",
        "{who}（社会组织）想成立联合会，但受陪伴且仍存在的团队不足两个。",
    ),
    "did.leave_now": ("{who} (NGO) ended the contract and left.", "{who}（社会组织）提前结束合同并撤出。"),
    "did.budget": (
        "{who} (street) set the grants budget to {yuan} yuan a year.",
        "{who}（街道）把微项目资金定为每年{yuan}元。",
    ),
    "did.contract_months": (
        "{who} (street) set the NGO contract to {n} months in all.",
        "{who}（街道）把社会组织合同定为共{n}个月。",
    ),
    "did.withdraw_now": ("{who} (street) stopped all outside money.", "{who}（街道）撤出了全部外部资金。"),
    "did.found": (
        "{who} founded {name} with {n} neighbours.",
        "{who}成立了{name}，有 {n} 位邻居加入。",
    ),
    "did.found_alone": (
        "{who} tried to found a {cat} group; no neighbour joined yet.",
        "{who}想成立{cat}团队，但还没有邻居加入。",
    ),
    "did.apply.yes": ("{who} applied for a grant for {name}.", "{who}为{name}申请了项目资金。"),
    "did.apply.no": ("{who} did not apply for a grant.", "{who}没有申请项目资金。"),
    "did.pay": ("{who} paid {yuan} yuan to {name}.", "{who}为{name}自掏腰包{yuan}元。"),
    "did.hand_over": ("{who} handed {name} over.", "{who}把{name}交给了其他成员。"),
    "did.rule": ("By rule: {roles}.", "按规则决定：{roles}。"),
}
