"""Texts of the workshop page, in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "ws.title": ("Workshop: watch a community month by month", "培训演示：逐月观察社区"),
    "ws.scenario": ("Case", "基础方案"),
    "ws.new": ("Restart with this case", "按所选方案重新开始"),
    "ws.step": ("Step one month", "前进一个月"),
    "ws.play": ("Play", "播放"),
    "ws.pause": ("Pause", "暂停"),
    "ws.speed": ("Speed (months per second)", "速度（每秒月数）"),
    "ws.live": ("Intervene now", "现在介入"),
    "ws.training": ("Start leader training now", "现在开始骨干培训"),
    "ws.withdraw": ("Withdraw all outside money now", "现在撤出全部外部资金"),
    "ws.crisis": ("A crisis strikes now", "现在发生突发事件"),
    "ws.present": ("Presentation mode (large type)", "演示模式（大字体）"),
    "ws.log_line": ("Month {m}: {text}", "第 {m} 个月：{text}"),
    "ws.residents": ("Adult residents", "成年居民人数"),
    "ws.step_ms": (
        "Last month computed and drawn in {ms:.0f} ms.",
        "上个月的计算和绘图用时 {ms:.0f} 毫秒。",
    ),
    "ws.log": ("What happened", "发生了什么"),
    "ws.log_empty": ("Nothing yet: press Step or Play.", "暂无事件：请点击“前进”或“播放”。"),
    "ws.counts": (
        "{f} functional group[s], {r} recreational group[s]; {p}% of residents did public work "
        "this month.",
        "{f} 个功能型自组织，{r} 个文体娱乐型自组织；本月 {p}% 的居民参与了公共事务。",
    ),
    "ws.network_note": (
        "Each block is a building, each dot a resident living there, coloured by how far they "
        "take part. A badge is a functional group, on the building most of its members live "
        "in; ♪ counts recreational groups. Click a building or a badge to see who is in it.",
        "每个方块是一栋楼，每个点是住在楼里的一位居民，颜色表示参与程度。标签是功能型自组织，"
        "位于多数成员居住的楼栋；♪ 表示文体娱乐组织的数量。点击楼栋或标签可查看详情。",
    ),
    # the participation ladder
    "level.passive": ("passive", "未参与"),
    "level.occasional": ("takes part now and then", "偶尔参与"),
    "level.volunteer": ("volunteer (last 3 months)", "志愿者（近 3 个月）"),
    "level.member": ("member of a functional group", "功能型组织成员"),
    "level.core": ("core: leads or organizes", "核心：带头或组织"),
    "legend.title": ("Residents", "居民"),
    "legend.groups": ("Groups", "自组织"),
    "legend.badge": ("functional group (name)", "功能型自组织（名称）"),
    "legend.rec": ("♪ recreational groups", "♪ 文体娱乐组织"),
    # categories of groups
    "cat.elder_care": ("elder care", "助老"),
    "cat.child_care": ("child care", "儿童照护"),
    "cat.environment": ("environment", "环境"),
    "cat.courtyard": ("courtyard affairs", "院落治理"),
    "cat.mutual_aid": ("mutual aid", "邻里互助"),
    "cat.recreation": ("recreation", "文体娱乐"),
    # a group's story
    "story.initial": (
        "Already active when the simulation began.",
        "模拟开始时已在活动。",
    ),
    "story.by_retired": ("a retired resident", "一位退休居民"),
    "story.by_working": ("a working resident", "一位在职居民"),
    "story.founded": (
        "Founded by {who} of {building}, {n} member[s] at the start ({cat}).",
        "由{building}的{who}发起成立，起初 {n} 名成员（{cat}）。",
    ),
    "story.split": (
        "Started by members of another group, led by {who} of {building}, {n} member[s] ({cat}).",
        "由另一个组织的成员发起，{building}的{who}带头，{n} 名成员（{cat}）。",
    ),
    "story.dissolved": ("Dissolved after {n} month[s].", "成立 {n} 个月后解散。"),
    "story.dissolved_first": ("Dissolved in its first month.", "成立当月就解散了。"),
    "story.dissolved_initial": (
        "Dissolved; it had existed since before the simulation began (about {n} month[s]).",
        "解散；它在模拟开始前就已存在（约 {n} 个月）。",
    ),
    "story.converted": ("Took on a public task: {cat}.", "承担起公共事务：{cat}。"),
    "story.coached": (
        "First accompanied by the NGO, with {n} member[s].",
        "首次得到社会组织陪伴，当时 {n} 名成员。",
    ),
    "story.federated": ("Joined the federation of groups.", "加入了自组织联合会。"),
    "story.money": ("Received {x} of outside money.", "获得外部资金 {x}。"),
    "story.grew": ("Grew to {n} members.", "发展到 {n} 名成员。"),
    "story.new_leader": ("A new leader took over.", "换了新的带头人。"),
    # the grouped log
    "log.times": ("{n} times", "{n} 次"),
    "log.and_more": (" and {n} more", " 等另外 {n} 个"),
    "log.new_functional": (
        "{n} new functional group[s]: {names}.",
        "新成立 {n} 个功能型自组织：{names}。",
    ),
    "log.new_recreational": (
        "{n} new recreational group[s].",
        "新成立 {n} 个文体娱乐组织。",
    ),
    "log.gone_functional": (
        "{n} functional group[s] dissolved: {names}.",
        "{n} 个功能型自组织解散：{names}。",
    ),
    "log.attempts": (
        "{n} attempt[s] to start a group came to nothing: too few neighbours joined.",
        "{n} 次组建自组织的尝试没有成功：响应加入的邻居太少。",
    ),
    "log.gone_recreational": ("{n} recreational group[s] dissolved.", "{n} 个文体娱乐组织解散。"),
    "log.converted": (
        "{n} recreational group[s] took on a public task: {names}.",
        "{n} 个文体娱乐组织承担起公共事务：{names}。",
    ),
    "log.coached": (
        "The NGO began to accompany {n} group[s]: {names}.",
        "社会组织开始陪伴 {n} 个组织：{names}。",
    ),
    "log.coached_federation": (
        "The federation began to accompany {n} group[s]: {names}.",
        "联合会开始陪伴 {n} 个组织：{names}。",
    ),
    "log.grew": ("{name} grew to {n} members.", "{name}发展到 {n} 名成员。"),
    "log.cohort": (
        "Leader training: a cohort of {n} resident[s] was trained (cohort {k}).",
        "骨干培训：第 {k} 期培训了 {n} 名居民。",
    ),
    # live buttons that change nothing
    "live.training_running": (
        "Leader training is already running: nothing changed.",
        "骨干培训已在进行：没有变化。",
    ),
    "live.crisis_running": (
        "A crisis is already under way: nothing changed.",
        "突发事件正在发生：没有变化。",
    ),
    "live.no_money": (
        "No outside money flows or is still to come: there is nothing to withdraw.",
        "没有正在投入或将要投入的外部资金：无可撤出。",
    ),
    # marks on the chart
    "mark.live_training": ("training (live)", "现场：培训"),
    "mark.live_withdraw": ("money stops (live)", "现场：撤资"),
    "mark.live_crisis": ("crisis (live)", "现场：突发事件"),
    "mark.withdrawal": ("money stops", "撤资"),
    "mark.crisis": ("crisis", "突发事件"),
    "mark.ngo_start": ("NGO arrives", "社会组织进入"),
    "mark.ngo_end": ("NGO leaves", "社会组织撤出"),
    "chart.live_title": ("Over time", "随时间变化"),
    "chart.active": ("active residents (%)", "积极居民（%）"),
    "chart.public": (
        "residents doing public work, last 3 months (%)",
        "近 3 个月参与公共事务的居民（%）",
    ),
    "ws.month0": ("month 0 (before the first month)", "第 0 个月（第一个月之前）"),
    "ws.building_fmt": ("Building {n}", "{n} 号楼"),
    "ws.rebuilding": (
        "Rebuilding the run from its start with the same interventions...",
        "正在按相同的介入从头重建这次模拟……",
    ),
    "ws.back_to": ("Month to go back to", "要回到的月份"),
    "ws.back_range": (
        "Choose a month before this one (0 to {m}).",
        "请选择此前的月份（0 至 {m}）。",
    ),
    "ws.go_back": ("Go back to month {m}", "回到第 {m} 个月"),
    "ws.branch": ("Branch here: play two futures side by side", "从此处分叉：并排推演两种未来"),
    "ws.branched": (
        "Two runs, identical up to the branch: intervene in one (choose A or B) and play both.",
        "两次模拟在分叉前完全相同：选择 A 或 B 进行介入，然后同时播放。",
    ),
    "ws.keep": ("Keep only {r}", "只保留 {r}"),
    "ws.g.kind": ("Works on: {cat}", "工作领域：{cat}"),
    "ws.g.gone": ("Dissolved in {when}.", "已于{when}解散。"),
    "ws.g.age": ("Founded in {when}: {n} month[s] old.", "成立于{when}：已 {n} 个月。"),
    "ws.g.age_initial": (
        "Existed before the simulation began (about {n} month[s] old).",
        "模拟开始前已存在（约 {n} 个月）。",
    ),
    "ws.g.leader": (
        "Leader: {who} of {building} (organizing skill {skill} of 1).",
        "带头人：{building}的{who}（组织能力 {skill}，满分 1）。",
    ),
    "ws.g.members": ("Members: {n} now, {peak} at most.", "成员：现有 {n} 人，最多时 {peak} 人。"),
    "ws.g.serves": ("Serves: {b}.", "服务楼栋：{b}。"),
    "ws.g.money": (
        "Money: {out} of outside money and {own} of its own left.",
        "资金：剩余外部资金 {out}，自有资金 {own}。",
    ),
    "ws.g.coached": (
        "Accompanied by the NGO or federation for {n} month[s].",
        "受社会组织或联合会陪伴 {n} 个月。",
    ),
    "ws.g.federated": ("A member of the federation.", "联合会成员。"),
    "ws.g.story": ("Its story so far", "它的故事"),
    "ws.g.before": ("Before the start", "模拟开始前"),
    "ws.b.residents": ("{n} adult resident[s].", "{n} 名成年居民。"),
    "ws.b.based": ("Groups based here: {names}.", "以本楼为主的组织：{names}。"),
    "ws.b.serving": (
        "Groups from elsewhere serving it: {names}.",
        "来自其他楼栋、服务本楼的组织：{names}。",
    ),
    "ws.b.rec": ("{n} recreational group[s]", "{n} 个文体娱乐组织"),
    "download.picture": ("Neighbourhood picture (PNG)", "社区图（PNG）"),
    "col.month": ("Month", "月份"),
    "col.kind": ("Kind", "类别"),
    "col.event": ("What happened", "发生了什么"),
}
