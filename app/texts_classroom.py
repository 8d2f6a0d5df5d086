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
    "dec.patient": (
        "Give the NGO time: do not press it for quick showcase groups",
        "给社会组织时间：不催促它尽快做出示范团队",
    ),
    "dec.no_council": (
        "Do not convene the residents' council this year (its members do no public work; the "
        "household vote still sets the calls)",
        "今年不召开居民议事会（议事会成员不参与公共事务；项目方向仍由居民投票决定）",
    ),
    "dec.substitute_share": (
        "Share of staff time delivering services yourselves (the rest: growing resident groups)",
        "员工时间中自己提供服务的比例（其余用于孵化居民团队）",
    ),
    "dec.accompany": ("Groups to accompany first", "优先陪伴的团队"),
    "dec.federation_now": ("Start the federation of groups now", "现在成立社区社会组织联合会"),
    "dec.leave_now": (
        "Leave the community now (end the contract early)",
        "现在撤出社区（提前结束合同）",
    ),
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
    "dec.unavailable.no_federation": (
        "This case has no federation of groups.",
        "本方案没有社区社会组织联合会。",
    ),
    "dec.unavailable.withdrawn": (
        "The outside money has been withdrawn.",
        "外部资金已经撤出。",
    ),
    "dec.unavailable.dropped": (
        "The funder has ended the NGO's contract.",
        "资助方已终止社会组织的合同。",
    ),
    "dec.unavailable.endorsed": (
        "The street sent the NGO in: the committee cannot keep it out.",
        "社会组织由街道派驻：居委会不能拒之门外。",
    ),
    "dec.unavailable.skill": (
        "You cannot found a group yet: it takes more organizing skill, a rest, or more "
        "neighbours interested in it.",
        "你现在还不能成立团队：需要更强的组织能力、先休息一下，或有更多感兴趣的邻居。",
    ),
    "err.choice": ("'{value}' is not one of the choices.", "“{value}”不是可选项。"),
    "err.decision": ("Your role has no decision '{what}'.", "你的角色没有“{what}”这项决定。"),
    "err.round_open": (
        "The round length can be changed between rounds, not while a round is open.",
        "轮次长度只能在两轮之间修改，不能在一轮进行中修改。",
    ),
    "err.not_now": ("This decision cannot be made now.", "现在不能做这项决定。"),
    "err.code": ("That code is not right.", "加入码不对。"),
    "err.name": ("Type a name of 1 to 24 characters.", "请输入 1 至 24 个字的名字。"),
    "err.full": ("The session is full.", "本场人数已满。"),
    "err.closed": ("The round is not open for decisions.", "本轮不在决策时间。"),
    "err.not_in": (
        "You are not in this session: join again with the code.",
        "你不在本场推演中：请用加入码重新加入。",
    ),
    # --- what the decisions did (the log) ------------------------------------------------------
    "did.facilitation": (
        "{who} (secretary) gave {pct}% of free staff time to facilitation.",
        "{who}（书记）把 {pct}% 的空余工作时间用于支持居民。",
    ),
    "did.recognize": (
        "{who} (secretary) recognized {names} first.",
        "{who}（书记）优先认可了{names}。",
    ),
    "did.ngo_door.closed": (
        "{who} (secretary) kept the NGO out.",
        "{who}（书记）没有让社会组织进入。",
    ),
    "did.ngo_door.open": (
        "{who} (secretary) let the NGO in fully.",
        "{who}（书记）让社会组织完全进入。",
    ),
    "did.patient": (
        "{who} (secretary) gave the NGO time, without pressing for showcase groups.",
        "{who}（书记）给社会组织时间，不催示范团队。",
    ),
    "did.no_council": (
        "{who} (secretary) did not convene the council.",
        "{who}（书记）没有召开议事会。",
    ),
    "did.substitute_share": (
        "{who} (NGO) spent {pct}% of staff time delivering services itself.",
        "{who}（社会组织）把 {pct}% 的员工时间用于自己提供服务。",
    ),
    "did.accompany": (
        "{who} (NGO) accompanied {names} first.",
        "{who}（社会组织）优先陪伴了{names}。",
    ),
    "did.federation_now": ("{who} (NGO) started a federation.", "{who}（社会组织）成立了联合会。"),
    "did.federation_few": (
        "{who} (NGO) wanted a federation, but fewer than {n} accompanied groups are alive.",
        "{who}（社会组织）想成立联合会，但受陪伴且仍存在的团队不足 {n} 个。",
    ),
    "did.leave_now": (
        "{who} (NGO) ended the contract and left.",
        "{who}（社会组织）提前结束合同并撤出。",
    ),
    "did.budget": (
        "{who} (street) set the grants budget to {yuan} yuan a year.",
        "{who}（街道）把微项目资金定为每年{yuan}元。",
    ),
    "did.contract_months": (
        "{who} (street) set the NGO contract to {n} months in all.",
        "{who}（街道）把社会组织合同定为共{n}个月。",
    ),
    "did.withdraw_now": (
        "{who} (street) stopped all outside money.",
        "{who}（街道）撤出了全部外部资金。",
    ),
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
    "did.hand_over_ended": (
        "{who} stepped down from {name}; nobody could take over and the group ended.",
        "{who}不再带领{name}；没有人能接手，团队解散了。",
    ),
    "did.rule": ("By rule: {roles}.", "按规则决定：{roles}。"),
}

# --- results on a phone, the debrief, the export --------------------------------------------------
TEXT.update(
    {
        "res.group": ("Your group", "你的团队"),
        "res.no_group": ("You lead no group now.", "你现在没有带领团队。"),
        "res.members": ("Members", "成员"),
        "res.money": ("Money it holds (own / outside)", "团队资金（自筹 / 外部）"),
        "res.output": (
            "Output last month (share of its full potential)",
            "上月产出（占其潜力的比例）",
        ),
        "res.reached": ("Residents it reached last month", "上月服务的居民"),
        "res.status": ("Standing", "状态"),
        "res.status.coached": ("accompanied by the NGO", "受社会组织陪伴"),
        "res.status.recognized": ("recognized by the committee", "获居委会认可"),
        "res.status.registered": ("registered", "已备案"),
        "res.status.federated": ("in the federation", "已加入联合会"),
        "res.status.none": ("on its own", "独立运作"),
        "res.support": ("Committee's support to residents (0-100)", "居委会对居民的支持（0-100）"),
        "res.free_time": (
            "Staff time left after paperwork and complaints",
            "完成行政和投诉后剩余的工作时间",
        ),
        "res.recognized": ("Groups recognized", "获认可的团队"),
        "res.trust": ("Residents' trust in the committee (0-100)", "居民对居委会的信任（0-100）"),
        "res.ngo_present": ("The NGO", "社会组织"),
        "res.ngo.in": ("in the community", "在社区中"),
        "res.ngo.out": ("not in the community", "不在社区中"),
        "res.substitute": ("Staff time delivering services itself", "自己提供服务的员工时间"),
        "res.coached": ("Groups accompanied this month", "本月陪伴的团队"),
        "res.federation": ("Groups in the federation", "联合会中的团队"),
        "res.functional": ("Functional groups", "功能型团队"),
        "res.registered": ("Registered groups per 1,000 residents", "每千名居民的备案团队数"),
        "res.active": ("Residents active (volunteer or more)", "积极参与的居民（志愿者及以上）"),
        "res.outside": ("Outside money spent so far", "已花费的外部资金"),
        "res.budget": ("Grants budget this year", "今年的微项目资金"),
        "deb.same": (
            "The class's run and the model's own run are still the same.",
            "学员的运行与模型自身的运行仍然相同。",
        ),
        "deb.diverged": (
            "The two runs first differed in round {n} (months {a}-{b}), after these decisions:",
            "两次运行在第 {n} 轮（第 {a}-{b} 个月）开始出现差别，当轮的决定是：",
        ),
        "deb.end": (
            "At the end: {fc} functional group[s] in the class's run, {fo} in the model's own; "
            "{pc}% of residents active against {po}%.",
            "最终：学员的运行有 {fc} 个功能型团队，模型自身的运行有 {fo} 个；积极参与的居民为 {pc}%，"
            "模型为 {po}%。",
        ),
        "deb.role_effect": (
            "Without the {role}'s decisions (the rest as played), the class would have ended with "
            "{n} functional group[s] ({d:+d}).",
            "如果没有{role}的决定（其他人照旧），学员的运行最终会有 {n} 个功能型团队（{d:+d}）。",
        ),
        "deb.interaction": (
            "Against the model's own run the class ended with {gap:+d} functional groups; taken one "
            "role at a time, the roles' decisions account for {alone:+d}, so acting together they "
            "made {n:+d} of difference beyond that.",
            "与模型自身运行相比，学员的运行最终相差 {gap:+d} 个；逐个角色去掉时，各角色决定的作用"
            "合计 {alone:+d} 个，因此它们共同作用又带来 {n:+d} 个差别。",
        ),
        "deb.class": ("Class", "学员"),
        "deb.own": ("Model alone", "模型自身"),
        "deb.round": ("Round", "轮次"),
        "deb.month": ("Month", "月份"),
        "deb.title": ("Classroom session: what the class did", "课堂推演：学员做了什么"),
        "deb.setup": (
            "Case {case}, {n} adult residents, seed {seed}; {r} rounds of {m} months; {p} "
            "participant[s].",
            "方案 {case}，{n} 名成年居民，随机种子 {seed}；共 {r} 轮，每轮 {m} 个月；{p} 名学员。",
        ),
        "deb.no_decisions": (
            "No one decided; every role was left to the rules.",
            "无人决策，所有角色按规则运行。",
        ),
    }
)
