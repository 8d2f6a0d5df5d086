"""Texts of saving, opening and sharing a mix, in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "share.title": ("Save and share this mix", "保存与分享此方案"),
    "share.link_note": (
        "The address in the browser's address bar holds this mix and the language: copy it "
        "to share the mix or to come back to it.",
        "浏览器地址栏中的网址包含此方案和界面语言：复制该网址即可分享方案或稍后再打开。",
    ),
    "share.copy": ("Copy link", "复制链接"),
    "share.copied": ("Link copied.", "链接已复制。"),
    "share.copy_failed": (
        "This browser did not allow copying; copy the address from the address bar.",
        "浏览器不允许自动复制；请从地址栏复制网址。",
    ),
    "share.download": ("Download as scenario file (TOML)", "下载为方案文件（TOML）"),
    "share.upload": ("Open a scenario file (TOML)", "打开方案文件（TOML）"),
    "share.file_note": (
        "The file runs unchanged on the command line: yingzao run FILE.toml --seed 0 gives "
        "the first of the app's simulations.",
        "该文件可直接在命令行运行：yingzao run 文件名.toml --seed 0 得到与本页第一次模拟相同的结果。",
    ),
    "share.opened": ("Opened {name}: based on “{case}”.", "已打开 {name}：基于“{case}”。"),
    "share.open_failed": ("{name} could not be opened: {msg}", "无法打开 {name}：{msg}"),
    "share.too_big": (
        "{name} is larger than 100 kB; a scenario file is much smaller.",
        "{name} 超过 100 kB；方案文件应远小于此。",
    ),
    "share.kept": (
        "Also from the file (no control shows them): {items}",
        "文件中的其他设置（页面上没有对应的输入框）：{items}",
    ),
    "share.drop_extra": ("Drop these settings", "删除这些设置"),
    "share.problems": (
        "Not everything in the file could be used: {items}",
        "文件中部分内容无法使用：{items}",
    ),
    "lib.title": ("Saved in this browser", "保存在本浏览器中的方案"),
    "lib.name": ("Name for this mix", "方案名称"),
    "lib.save": ("Save in this browser", "保存到本浏览器"),
    "lib.saved": ("Saved “{name}”.", "已保存“{name}”。"),
    "lib.empty": (
        "No mixes saved yet. Saved mixes stay in this browser only (not on the server).",
        "尚未保存方案。方案只保存在本浏览器中（不在服务器上）。",
    ),
    "lib.open": ("Open", "打开"),
    "lib.delete": ("Delete", "删除"),
    "lib.need_name": ("Give the mix a name first.", "请先为方案命名。"),
    "lib.full": (
        "The library holds {n} mixes at most; delete one first.",
        "最多保存 {n} 个方案；请先删除一个。",
    ),
    "lib.opened": ("Opened “{name}”.", "已打开“{name}”。"),
    "link.problems": (
        "Parts of this link could not be used: {items}",
        "此链接中的部分内容无法使用：{items}",
    ),
    "link.bad_choice": (
        "{name}={value} is not a choice the app has",
        "{name}={value} 不是可选的值",
    ),
    "link.bad_case": ("no case is called “{value}”", "没有名为“{value}”的基础方案"),
    "link.bad_extra": ("a setting could not be used ({msg})", "某项设置无法使用（{msg}）"),
    "link.unknown": ("“{name}” is not a setting of the app", "“{name}”不是本应用的设置"),
}

# CSV exports: column names with their units
TEXT.update(
    {
        "download.settings": ("Settings (CSV)", "设置（CSV）"),
        "col.case": ("Case", "方案"),
        "col.simulation": ("Simulation", "模拟序号"),
        "col.seed": ("Seed", "随机种子"),
        "col.setting": ("Setting", "设置"),
        "col.runs": ("Simulations", "模拟次数"),
        "col.seeds": ("Seeds", "随机种子"),
        "col.version": ("Model version", "模型版本"),
        "col.orgs_functional": ("Functional groups at the end (number)", "期末功能型自组织（个）"),
        "col.orgs_recreational": (
            "Recreational groups at the end (number)",
            "期末文体娱乐型自组织（个）",
        ),
        "col.functional_share": ("Functional share of groups (%)", "功能型占比（%）"),
        "col.participation_rate": (
            "Adults who did public work in the last 3 months (%)",
            "最后三个月参与公共事务的成年居民（%）",
        ),
        "col.active_share": ("Active residents, last 12 months (%)", "积极居民（最近 12 个月，%）"),
        "col.registered_groups": ("Registered groups (number)", "备案自组织（个）"),
        "col.registered_per_1000": (
            "Registered groups per 1,000 residents",
            "每千名居民的备案自组织（个）",
        ),
        "col.registered_service_share": (
            "Service share of registered groups (%)",
            "备案自组织中服务型占比（%）",
        ),
        "col.needs_met": ("Needs met at the end (%)", "期末需求满足率（%）"),
        "col.outside_money_spent": ("Outside money spent (yuan)", "外部资金投入（元）"),
        "col.resident_money_raised": ("Money raised by residents (yuan)", "居民自筹资金（元）"),
        "col.money_per_functional": (
            "Outside money per functional group at the end (yuan)",
            "每个期末功能型自组织对应的外部资金（元）",
        ),
        "col.support_end_month": (
            "Outside support ended after month",
            "外部支持结束于第几个月之后",
        ),
        "col.functional_at_support_end": (
            "Functional groups when support ended (number)",
            "支持结束时的功能型自组织（个）",
        ),
        "col.alive_24m": (
            "Of them still active 2 years later (number)",
            "其中两年后仍活跃的（个）",
        ),
        "col.survival_24m": (
            "Two-year survival without support (%)",
            "失去支持两年后的存活率（%）",
        ),
        "col.crisis_volunteers": (
            "Crisis volunteers in its first month (residents)",
            "突发事件第一个月的志愿者（人）",
        ),
        "col.federation_members": ("Groups in the federation (number)", "联合会成员组织（个）"),
    }
)
