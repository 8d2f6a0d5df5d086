"""Texts of the classroom pages (projector and phones), in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    # --- both pages ----------------------------------------------------------------------------
    "cu.title": ("Yingzao classroom", "营造课堂推演"),
    "cu.time_left": ("Time left", "剩余时间"),
    "cu.err.other": ("{msg}", "操作未完成：{msg}"),
    "cu.err.settings": (
        "The classroom session cannot start: {msg}. Restart `yingzao classroom` with other options.",
        "课堂推演无法开始：{msg}。请用其他选项重新启动 `yingzao classroom`。",
    ),
    "cu.bad_trainer": (
        "That trainer link is not right: this is the participants' page.",
        "培训者链接不对：这是学员页面。",
    ),
    # --- phone ---------------------------------------------------------------------------------
    "cu.phone.title": ("Yingzao classroom", "营造课堂推演"),
    "cu.join.title": ("Join the session", "加入本场推演"),
    "cu.join.intro": (
        "Type the join code shown on the projector and the name the others will see.",
        "请输入投影上显示的加入码，以及其他人会看到的名字。",
    ),
    "cu.join.code": ("Join code", "加入码"),
    "cu.join.name": ("Your name", "你的名字"),
    "cu.join.button": ("Join", "加入"),
    "cu.join.removed": (
        "The trainer took you out of the session. Join again to play.",
        "培训者已将你移出本场推演。如需继续，请重新加入。",
    ),
    "cu.you_are": ("{name}: {role}", "{name}：{role}"),
    "cu.watching": (
        "You are watching: every role is taken. The trainer can give you one.",
        "你在旁观：角色已满。培训者可以给你分配角色。",
    ),
    "cu.phone.when": ("The community is at {when}.", "社区现在处于{when}。"),
    "cu.phase.lobby": (
        "Round {n} of {rounds} opens soon: wait for the trainer.",
        "第 {n}/{rounds} 轮即将开始：请等待培训者。",
    ),
    "cu.phase.deciding": (
        "Round {n} of {rounds} ({months} months): decide before the time is up.",
        "第 {n}/{rounds} 轮（{months} 个月）：请在时间结束前做出决定。",
    ),
    "cu.phase.paused": (
        "Round {n} of {rounds} is paused by the trainer.",
        "第 {n}/{rounds} 轮已被培训者暂停。",
    ),
    "cu.phase.done": (
        "All {rounds} rounds are played: the debrief is on the projector.",
        "全部 {rounds} 轮已结束：请看投影上的复盘。",
    ),
    "cu.decided": (
        "Your decision is in ({n}). You can change it until the time is up.",
        "你的决定已提交（{n} 项）。时间结束前仍可修改。",
    ),
    "cu.all_rule": (
        "Everything is left to the model's rule until you decide.",
        "在你做出决定之前，一切按模型规则进行。",
    ),
    "cu.rule_short": ("Rule", "按规则"),
    "cu.choose": ("Choose", "请选择"),
    "cu.choose_groups": ("Choose groups (none: the rule)", "选择团队（不选：按规则）"),
    "cu.yes_do": ("Yes, do it", "是，执行"),
    "cu.left_to_rule": ("Left to the rule.", "按规则决定。"),
    "cu.your_decision": ("Your decision is in: {what}", "你的决定已提交：{what}"),
    "cu.n_groups": ("{n} group[s]", "{n} 个团队"),
    "cu.results": ("Your results", "你的结果"),
    # --- projector -----------------------------------------------------------------------------
    "cu.round_of": ("Round {n} of {rounds}", "第 {n}/{rounds} 轮"),
    "cu.all_played": ("All {rounds} rounds played", "全部 {rounds} 轮已结束"),
    "cu.join_with": ("Join on your phone with the code", "用手机加入，加入码"),
    "cu.decided_of": ("{n} of {total} have decided", "已有 {n}/{total} 人做出决定"),
    "cu.open": ("Open round {n}", "开始第 {n} 轮"),
    "cu.pause": ("Pause", "暂停"),
    "cu.resume": ("Resume", "继续"),
    "cu.run": ("Run the round now", "立即运行本轮"),
    "cu.replay": ("Replay round {n}", "重玩第 {n} 轮"),
    "cu.round_length": ("Round length", "每轮时长"),
    "cu.no_round_yet": (
        "No round played yet: open round 1 when everyone has joined.",
        "还没有进行任何一轮：所有人加入后请开始第 1 轮。",
    ),
    "cu.last_round": (
        "Round {n} (months {a}-{b}): what was decided",
        "第 {n} 轮（第 {a}-{b} 个月）的决定",
    ),
    "cu.people": ("Participants: {n}", "学员：{n} 人"),
    "cu.nobody": ("Nobody has joined yet.", "还没有人加入。"),
    "cu.col.name": ("Name", "名字"),
    "cu.col.role": ("Role", "角色"),
    "cu.manage": ("Change a participant", "调整学员"),
    "cu.assign": ("Give this role", "分配该角色"),
    "cu.remove": ("Remove", "移出"),
    "cu.err.round": (
        "The round could not be run ({msg}); the session is paused. Resume to try again.",
        "本轮无法运行（{msg}）；推演已暂停。点击“继续”重试。",
    ),
    # --- debrief -------------------------------------------------------------------------------
    "cu.debrief": (
        "Debrief: the class's run beside the model's own",
        "复盘：学员的运行与模型自身的运行",
    ),
    "cu.debrief_wait": (
        "Rerunning the session without each role's decisions...",
        "正在重新运行（去掉每个角色的决定）……",
    ),
    "cu.run.class": ("The class's run", "学员的运行"),
    "cu.run.own": ("The model's own run (no one playing)", "模型自身的运行（无人决策）"),
    "cu.download.csv": ("The session (CSV)", "本场数据（CSV）"),
    "cu.download.summary": ("One-page summary (Markdown)", "一页总结（Markdown）"),
}
