"""A one-page brief of a comparison: a self-contained HTML page that prints to one A4 page.

It answers a superior's first questions: what was assumed (every setting of every mix, the
ones changed from the mix's base case in bold, the community, its size and the run length),
how sure (simulations, seeds, model version), what came out (outcomes with intervals, paired
differences, findings), and what it cost (outside money per functional group, and per one
still active two years after the money stops).
"""

from __future__ import annotations

import base64
import datetime as _dt
from dataclasses import dataclass, field
from html import escape
from typing import Any

from yingzao.app.charts import compare_figure, png
from yingzao.app.compare_view import findings, rows, survival_basis
from yingzao.app.i18n import TEXT, scenario_name, t
from yingzao.app.mix import from_scenario
from yingzao.app.settings_text import ORDER, label, shown, value_text
from yingzao.experiments.compare import Comparison

import yingzao

_SHARED = ("residents", "years")
# settings read together, one row each on the printed page
_TRAINING = ("training_cohort", "training_every")
_NGO = ("ngo_strategy", "ngo_years", "ngo_budget", "federation")
_LETTERS = "ABCD"
_CSS = """
@page { size: A4; margin: 11mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei",
       Arial, sans-serif; font-size: 8.4pt; line-height: 1.25; color: #222; max-width: 186mm;
       margin: auto; }
h1 { font-size: 13pt; margin: 0 0 2pt; } h2 { font-size: 9.6pt; margin: 5pt 0 2pt; }
table { border-collapse: collapse; width: 100%; font-size: 7.6pt; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 0.5pt 3pt; text-align: right; vertical-align: top;
         overflow-wrap: anywhere; }
th:first-child, td:first-child { text-align: left; width: 23%; }
table.outcomes { font-size: 7.1pt; }
table.outcomes th:first-child, table.outcomes td:first-child { width: 21%; }
table.settings td { text-align: left; }
td.same { text-align: center; color: #444; }
b.changed { color: #000; }
img { width: 100%; max-height: 40mm; object-fit: contain; }
.small { font-size: 7.4pt; color: #555; margin: 1pt 0; }
ul { margin: 1pt 0 1pt 12pt; padding: 0; } li { margin: 0; }
"""


@dataclass
class MixSource:
    """What a compared mix is, for the brief.

    Attributes:
        case: The built-in case it starts from.
        changed: Controls changed from that case (the what-if mix), else empty.
        extra: Scenario keys set beyond the controls.

    """

    case: str
    changed: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _settings_table(cmp: Comparison, lang: str, sources: dict[str, MixSource]) -> str:
    """Every setting, one column per mix; a row the same for all mixes is one merged cell."""
    controls = [from_scenario(s) for s in cmp.scenarios]
    out = []
    for names, row_label in _rows(lang):
        if not any(shown(n, c) for n in names for c in controls):
            continue
        cells = [_cell(names, c, lang) for c in controls]
        # Compare sets the size and the run length for every mix: not a change of one mix
        bold = [
            any(n in sources.get(lab, MixSource(lab)).changed and n not in _SHARED for n in names)
            for lab in cmp.labels
        ]
        out.append(_row(row_label, cells, bold))
    extra = [
        ", ".join(f"{k} = {v}" for k, v in sorted(sources.get(lab, MixSource(lab)).extra.items()))
        for lab in cmp.labels
    ]
    if any(extra):
        out.append(
            _row(t("brief.other", lang), [e or "-" for e in extra], [bool(e) for e in extra])
        )
    head = "".join(
        f"<th>{_LETTERS[k]} · {escape(scenario_name(lab, lang))}</th>"
        for k, lab in enumerate(cmp.labels)
    )
    return (
        f'<table class="settings"><tr><th>{escape(t("brief.setting", lang))}</th>{head}</tr>'
        + "".join(out)
        + "</table>"
    )


def _cell(names: tuple[str, ...], c: dict[str, Any], lang: str) -> str:
    """A setting's value, or a merged row's values in short words."""
    if names == _NGO and c["ngo_strategy"] != "none":
        parts = [
            t(f"brief.ngo.{c['ngo_strategy']}", lang),
            value_text("ngo_years", c["ngo_years"], lang),
        ]
        parts.append(value_text("ngo_budget", c["ngo_budget"], lang))
        if c["ngo_strategy"] == "incubate":
            parts.append(t("brief.ngo.federation" if c["federation"] else "brief.ngo.no_fed", lang))
        return ", ".join(parts)
    return ", ".join(value_text(n, c[n], lang) for n in names if shown(n, c)) or "-"


def _rows(lang: str) -> list[tuple[tuple[str, ...], str]]:
    """The settings table's rows: one per setting, one for leader training, one for the NGO."""
    merged = {"training_cohort": _TRAINING, "ngo_strategy": _NGO}
    out = []
    for name in ORDER:
        if name in merged:
            out.append((merged[name], t(f"brief.row.{name}", lang)))
        elif not any(name in m for m in merged.values()):
            short = f"brief.label.{name}"  # a page's width is narrow for the controls' labels
            out.append(((name,), t(short, lang) if short in TEXT else label(name, lang)))
    return out


def _row(name: str, cells: list[str], bold: list[bool]) -> str:
    if len(set(cells)) == 1 and not any(bold) and len(cells) > 1:
        return (
            f"<tr><td>{escape(name)}</td>"
            f'<td class="same" colspan="{len(cells)}">{escape(cells[0])}</td></tr>'
        )
    tds = "".join(
        f'<td><b class="changed">{escape(c)}</b></td>' if b else f"<td>{escape(c)}</td>"
        for c, b in zip(cells, bold, strict=True)
    )
    return f"<tr><td>{escape(name)}</td>{tds}</tr>"


def brief_html(
    cmp: Comparison,
    lang: str,
    sources: dict[str, MixSource] | None = None,
    descriptions: dict[str, str] | None = None,
) -> str:
    """The brief in ``lang``.

    Args:
        cmp: The comparison.
        lang: ``en`` or ``zh``.
        sources: Per label, the case it starts from and what was changed (default: the label
            is a built-in case, unchanged).
        descriptions: Per label, a line on what the mix is.

    """
    sources = sources or {}
    descriptions = descriptions or {}
    ref = cmp.labels[0]
    table = rows(cmp, lang, compact=True)
    if any(r["metric"] == "active_share" for r in table):  # the field's measure says it
        table = [r for r in table if r["metric"] != "participation_rate"]
    name = {lab: scenario_name(lab, lang) for lab in cmp.labels}
    # mixes by letter after the settings table names them: four names in every sentence
    # and three "B minus A" headers would not fit on a page
    letter = {lab: _LETTERS[k] for k, lab in enumerate(cmp.labels)}
    head = "".join(f"<th>{letter[lab]}</th>" for lab in cmp.labels)
    head += "".join(
        f"<th>{escape(t('compare.col.diff', lang, a=letter[ref], b=letter[lab]))}</th>"
        for lab in cmp.labels[1:]
    )
    key = "; ".join(f"{letter[lab]} = {name[lab]}" for lab in cmp.labels)
    body = "".join(
        "<tr><td>"
        + escape(r["name"])
        + "</td>"
        + "".join(f"<td>{escape(c)}</td>" for c in r["cells"])
        + "".join(f"<td>{escape(c)}</td>" for c in r["diffs"])
        + "</tr>"
        for r in table
    )
    # the settings table says what a built-in case is; a changed mix needs its base named
    mixes = " ".join(
        f"<b>{letter[lab]}</b>: {escape(descriptions[lab])}."
        for lab in cmp.labels
        if descriptions.get(lab) and sources.get(lab, MixSource(lab)).case != lab
    )
    finds = "".join(f"<li>{escape(s)}</li>" for s in findings(cmp, lang, letter))
    basis = " ".join(escape(s) for s in survival_basis(cmp, lang, letter))
    fig = base64.b64encode(png(compare_figure(cmp, lang, brief=True), dpi=110)).decode()
    caveats = " ".join(escape(t(f"brief.caveat{i}", lang)) for i in (1, 2, 3))
    seeds = f"{min(cmp.seeds)}-{max(cmp.seeds)}" if len(cmp.seeds) > 1 else str(cmp.seeds[0])
    gen = t(
        "brief.generated",
        lang,
        version=yingzao.__version__,
        date=_dt.date.today().isoformat(),
        reps=cmp.reps,
        seeds=seeds,
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{escape(t("brief.title", lang))}</title><style>{_CSS}</style></head><body>
<h1>{escape(t("brief.title", lang))}</h1>
<p class="small">{escape(gen)}</p>
<h2>{escape(t("brief.scenarios", lang))}</h2>
{_settings_table(cmp, lang, sources)}
{f'<p class="small">{mixes}</p>' if mixes else ""}
<p class="small">{escape(t("brief.bold", lang))}</p>
<h2>{escape(t("brief.findings", lang))}</h2><ul>{finds}</ul>
<h2>{escape(t("brief.outcomes", lang))}</h2>
<table class="outcomes"><tr><th>{escape(t("compare.col.metric", lang))}</th>{head}</tr>
{body}</table>
<p class="small">{escape(key)}. {escape(t("brief.table_note", lang))}
* = {escape(t("compare.star", lang))}.
{escape(t("compare.cost_note", lang))}</p>
<p class="small"><b>{escape(t("compare.basis_title", lang))}</b>: {basis}</p>
<img alt="" src="data:image/png;base64,{fig}">
<p class="small"><b>{escape(t("brief.caveats", lang))}</b>: {caveats}
{escape(t("caveat", lang))}</p>
</body></html>
"""
