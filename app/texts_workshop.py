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
    "ws.month": ("Month {m} (year {y})", "第 {m} 个月（第 {y} 年）"),
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
        "{f} functional groups, {r} recreational groups; {p}% of residents did public work "
        "this month.",
        "{f} 个功能型自组织，{r} 个文体娱乐型自组织；本月 {p}% 的居民参与了公共事务。",
    ),
    "legend.idle": ("not active", "未参与"),
    "legend.member": ("in a recreational group", "参加文体娱乐组织"),
    "legend.public": ("did public work this month", "本月参与公共事务"),
    "legend.leader": ("leader", "骨干/带头人"),
    "legend.functional": ("functional group", "功能型自组织"),
    "legend.recreational": ("recreational group", "文体娱乐型自组织"),
    "ws.network_note": (
        "Each dot is a resident, placed by building; outlines mark groups.",
        "每个点代表一位居民，按楼栋排列；轮廓线标出自组织。",
    ),
}
