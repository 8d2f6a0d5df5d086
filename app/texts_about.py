"""Texts of the model page (About), in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "model.title": ("About the model", "关于模型"),
    "model.is": ("What it is", "模型是什么"),
    "model.is_text": (
        "A multi-agent simulation: every adult resident is a virtual resident on a "
        "social network of households and buildings. Residents decide each month whether "
        "to take part; leaders found groups; a residents' committee and, if contracted, "
        "an NGO act; policies (grants, service purchase, leader training, NGO "
        "incubation, a community fund, withdrawal of money, a crisis) change their "
        "conditions. Groups grow, turn from recreation to public service, split and "
        "dissolve.",
        "多主体仿真模型：每位成年居民都是由家庭和楼栋组成的社会网络上的一个虚拟居民。居民每月决定是"
        "否参与；骨干发起组织；居委会以及（如签约）社会组织采取行动；政策（公服资金、购买服务、骨干培"
        "训、社会组织孵化、社区基金、资金撤出、突发事件）改变他们的条件。组织会成长、从文体娱乐转向"
        "公共服务、分化和解散。",
    ),
    "model.isnt": ("What it is not", "模型不是什么"),
    "model.isnt_text": (
        "Not a forecast for a named community, not a budget tool, and not fitted to survey data. "
        "It compares policy mixes under the same assumptions and shows which patterns the field "
        "reports it reproduces.",
        "它不是对某一具体社区的预测，不是预算工具，也没有用调查数据拟合。它在相同假设下比较政策组合，"
        "并说明它能复现哪些实地规律。",
    ),
    "model.patterns": ("Field patterns and validation status", "实地规律与验证情况"),
    "model.patterns_note": (
        "Checked with {reps} paired runs per arm on {date} (yingzao validate).",
        "于 {date} 以每组 {reps} 次配对运行检验（yingzao validate）。",
    ),
    "model.no_status": (
        "No recorded validation was found. Run: yingzao validate --reps 30 --out "
        "docs/validation.md",
        "未找到验证记录。请运行：yingzao validate --reps 30 --out docs/validation.md",
    ),
    "pattern.1": (
        "With no outside support, groups are mostly recreational and functional groups stay "
        "few and small.",
        "没有外部支持时，自组织以文体娱乐型为主，功能型组织少而小。",
    ),
    "pattern.2": (
        "Incubation with accompaniment over about 3 years raises the functional share of "
        "groups to roughly a third and grows coached groups several-fold.",
        "约 3 年的孵化陪伴使功能型组织占比升至约三分之一，受陪伴的组织规模成倍增长。",
    ),
    "pattern.3": (
        "Procurement alone meets needs while it is paid for, grows few groups, and the service "
        "collapses when the money stops.",
        "单纯购买服务在付费期间能满足需求，但培育的组织很少，资金停止后服务随之瓦解。",
    ),
    "pattern.4": (
        "Withdrawing outside money after 2-3 years of support loses most functional groups; "
        "withdrawing after about 8 years loses far fewer.",
        "支持 2-3 年后撤出外部资金，多数功能型组织消失；支持约 8 年后再撤出，损失少得多。",
    ),
    "pattern.5": (
        "Where a federation has formed before the NGO leaves, more functional groups survive "
        "its exit.",
        "社会组织撤出前已形成联合会的社区，撤出后存活的功能型组织更多。",
    ),
    "pattern.6": (
        "NGOs that substitute grow clearly fewer lasting groups than NGOs that incubate, for the "
        "same money.",
        "同样的资金，替代式服务的社会组织培育出的持久组织明显少于孵化式的。",
    ),
    "model.pass": ("reproduced", "能复现"),
    "model.fail": ("not reproduced", "未能复现"),
    "model.params": ("Parameters", "参数"),
    "model.params_filter": ("Filter (key or words)", "筛选（参数名或关键词）"),
    "model.col.key": ("Key", "参数"),
    "model.col.default": ("Default", "默认值"),
    "model.col.unit": ("Unit", "单位"),
    "model.col.range": ("Range", "范围"),
    "model.col.source": ("Source", "来源"),
    "model.col.doc": ("Meaning", "含义"),
    "model.col.pattern": ("Pattern", "规律"),
    "model.col.status": ("Status", "状态"),
    "model.shown": ("{n} of {total} parameters shown.", "显示 {n}/{total} 个参数。"),
    "model.params_note": (
        "Technical parameters (for researchers): every value the model uses, with its "
        "unit, allowed range and source.",
        "技术参数（供研究人员参考）：模型使用的每个数值及其单位、允许范围和来源。",
    ),
    "model.col.section": ("Part of the model", "模型部分"),
    "model.col.check": ("Check", "检验"),
    "model.col.statistic": ("Measured as", "统计量"),
    "model.col.measured": ("Measured (mean [95% interval])", "测得值（均值 [95% 区间]）"),
    "model.col.required": ("Must be (whole interval)", "要求（整个区间）"),
    "model.check_pass": ("passed", "通过"),
    "model.check_fail": ("failed", "未通过"),
}
