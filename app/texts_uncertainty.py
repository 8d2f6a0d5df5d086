"""Texts on parameter uncertainty (the switch, the bands, the numbers), in English and Chinese."""

from __future__ import annotations

# key: (English, 中文)
TEXT: dict[str, tuple[str, str]] = {
    "unc.switch": ("Include parameter uncertainty", "计入参数不确定性"),
    "unc.no_record": (
        "There is no calibration record, so the model's parameters are fixed at their defaults "
        "and the ranges cover run-to-run variation only.",
        "没有校准记录，因此模型参数固定为默认值，结果范围只反映各次模拟之间的随机差异。",
    ),
    "unc.on_note": (
        "On: every simulation is done twice on the same seeds, once with parameter sets the "
        "calibration could not rule out and once with the defaults (twice the time).",
        "开启：每次模拟在相同随机种子下做两遍，一遍使用校准无法排除的参数组合，一遍使用默认参数（用时加倍）。",
    ),
    "unc.off_note": (
        "Off: parameters fixed at their calibrated defaults; the ranges cover run-to-run "
        "variation only.",
        "关闭：参数固定为校准后的默认值；结果范围只反映各次模拟之间的随机差异。",
    ),
    "unc.explain": (
        "The darker band shows how much results vary from run to run with the same settings; "
        "the lighter band adds what we do not know about the model's calibrated parameters "
        "({n} parameter set[s] the calibration could not rule out).",
        "深色带表示相同设置下各次模拟结果的波动；浅色带还计入了我们对模型校准参数所知不足带来的"
        "不确定性（校准未能排除的 {n} 组参数）。",
    ),
    "unc.explain_numbers": (
        'Numbers: the first range includes parameter uncertainty; the range marked "run to run '
        'only" uses the calibrated defaults.',
        "数字：第一个区间包含参数不确定性；标注“仅随机差异”的区间使用校准后的默认参数。",
    ),
    "unc.explain_off": (
        "The band shows how much results vary from run to run with the same settings; the "
        "model's parameters are fixed at their calibrated defaults, so what we do not know "
        "about them is not included.",
        "阴影带表示相同设置下各次模拟结果的波动；模型参数固定为校准后的默认值，未计入参数本身的不确定性。",
    ),
    "unc.sentence": (
        "With parameter uncertainty most simulations end with {lo}-{hi} functional groups; "
        "from run-to-run variation alone, {lo2}-{hi2}.",
        "计入参数不确定性时，多数模拟期末有 {lo}-{hi} 个功能型自组织；仅看各次模拟之间的随机差异，"
        "为 {lo2}-{hi2} 个。",
    ),
    "unc.sentence_survival": (
        "Still active two years after the money stops: {lo}-{hi}% with parameter uncertainty, "
        "{lo2}-{hi2}% from run-to-run variation alone.",
        "资金停止两年后仍活跃的比例：计入参数不确定性时为 {lo}-{hi}%，仅看随机差异时为 {lo2}-{hi2}%。",
    ),
    "unc.bar_note": (
        "Thick grey: the interval from run-to-run variation alone.",
        "灰色粗线：仅随机差异时的区间。",
    ),
    "unc.seed_row": ("run to run only", "仅随机差异"),
    "unc.ran_in": (
        "{reps} simulations in {secs:.1f} s ({half} with parameter sets drawn, {half} with the "
        "defaults).",
        "{reps} 次模拟，用时 {secs:.1f} 秒（{half} 次抽取参数组合，{half} 次使用默认参数）。",
    ),
    "unc.chart_both": (
        "Lines: median of the simulations with parameter uncertainty. Lighter band: the middle "
        "80% with parameter uncertainty; darker band: the middle 80% from run-to-run variation "
        "alone.",
        "线：计入参数不确定性的模拟中位数。浅色带：计入参数不确定性时居中 80% 的模拟结果；深色带：仅随机"
        "差异时居中 80% 的模拟结果。",
    ),
    "unc.brief_on": (
        "Parameter uncertainty included: each simulation drew its calibrated parameters from "
        "{n} parameter set[s] the calibration could not rule out (the same set for every mix), "
        "so intervals cover run-to-run variation and parameter uncertainty.",
        "已计入参数不确定性：每次模拟从校准未能排除的 {n} 组参数中抽取校准参数（各方案相同），区间同时"
        "反映随机差异和参数不确定性。",
    ),
    "unc.brief_off": (
        "Parameter uncertainty not included: parameters fixed at their calibrated defaults, "
        "so intervals cover run-to-run variation only.",
        "未计入参数不确定性：参数固定为校准后的默认值，区间只反映各次模拟之间的随机差异。",
    ),
    "col.parameters": ("Parameters", "参数"),
    "col.parameter_set": ("Parameter set", "参数组合"),
    "col.uncertainty": ("Parameter uncertainty", "参数不确定性"),
    "unc.drawn": ("drawn from the calibration", "从校准结果中抽取"),
    "unc.defaults": ("calibrated defaults", "校准默认值"),
    "unc.csv_on": ("included: {n} parameter set[s]", "已计入：{n} 组参数"),
    "unc.csv_off": ("not included (defaults)", "未计入（默认参数）"),
}
