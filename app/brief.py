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
from yingzao.app.i18n import scenario_name, t
from yingzao.app.mix import from_scenario
from yingzao.app.settings_text import ORDER, label, shown, value_text
from yingzao.experiments.compare import Comparison

import yingzao

_CSS = """
@page { size: A4; margin: 11mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei",
       Arial, sans-serif; font-size: 8.6pt; line-height: 1.28; color: #222; max-width: 186mm;
       margin: auto; }
h1 { font-size: 13pt; margin: 0 0 2pt; } h2 { font-size: 9.8pt; margin: 6pt 0 2pt; }
table { border-collapse: collapse; width: 100%; font-size: 7.8pt; table-layout: fixed; }
th, td { border: 1px solid #bbb; padding: 1pt 3pt; text-align: right; vertical-align: top;
         overflow-wrap: anywhere; }
th:first-child, td:first-child { text-align: left; width: 27%; }
table.settings td { text-align: left; }
td.same { text-align: center; color: #444; }
b.changed { color: #000; }
img { width: 100%; max-height: 58mm; object-fit: contain; }
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
    n = len(cmp.labels)
    out = []
    base = [scenario_name(sources.get(lab, MixSource(lab)).case, lang) for lab in cmp.labels]
    out.append(_row(t("brief.base_case", lang), base, [False] * n))
    for name in ORDER:
        if not any(shown(name, c) for c in controls):
            continue
        cells = [value_text(name, c[name], lang) if shown(name, c) else "-" for c in controls]
        bold = [name in sources.get(lab, MixSource(lab)).changed for lab in cmp.labels]
        out.append(_row(label(name, lang), cells, bold))
    extra = [
        ", ".join(f"{k} = {v}" for k, v in sorted(sources.get(lab, MixSource(lab)).extra.items()))
        for lab in cmp.labels
    ]
    if any(extra):
        out.append(
            _row(t("brief.other", lang), [e or "-" for e in extra], [bool(e) for e in extra])
        )
    head = "".join(f"<th>{escape(scenario_name(lab, lang))}</th>" for lab in cmp.labels)
    return (
        f'<table class="settings"><tr><th>{escape(t("brief.setting", lang))}</th>{head}</tr>'
        + "".join(out)
        + "</table>"
    )


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
    table = rows(cmp, lang)
    name = {lab: scenario_name(lab, lang) for lab in cmp.labels}
    head = "".join(f"<th>{escape(name[lab])}</th>" for lab in cmp.labels)
    head += "".join(
        f"<th>{escape(t('compare.col.diff', lang, a=name[ref], b=name[lab]))}</th>"
        for lab in cmp.labels[1:]
    )
    body = "".join(
        "<tr><td>"
        + escape(r["name"])
        + "</td>"
        + "".join(f"<td>{escape(c)}</td>" for c in r["cells"])
        + "".join(f"<td>{escape(c)}</td>" for c in r["diffs"])
        + "</tr>"
        for r in table
    )
    mixes = "".join(
        f"<li><b>{escape(name[lab])}</b>: {escape(descriptions[lab])}</li>"
        for lab in cmp.labels
        if descriptions.get(lab)
    )
    finds = "".join(f"<li>{escape(s)}</li>" for s in findings(cmp, lang))
    basis = "".join(f"<li>{escape(s)}</li>" for s in survival_basis(cmp, lang))
    fig = base64.b64encode(png(compare_figure(cmp, lang, brief=True), dpi=110)).decode()
    caveats = "".join(f"<li>{escape(t(f'brief.caveat{i}', lang))}</li>" for i in (1, 2, 3))
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
<h2>{escape(t("brief.scenarios", lang))}</h2>{f"<ul>{mixes}</ul>" if mixes else ""}
{_settings_table(cmp, lang, sources)}
<p class="small">{escape(t("brief.bold", lang))}</p>
<h2>{escape(t("brief.findings", lang))}</h2><ul>{finds}</ul>
<h2>{escape(t("brief.outcomes", lang))}</h2>
<table class="outcomes"><tr><th>{escape(t("compare.col.metric", lang))}</th>{head}</tr>
{body}</table>
<p class="small">{escape(t("compare.table", lang))}. * = {escape(t("compare.star", lang))}.
{escape(t("compare.cost_note", lang))}</p>
<ul class="small">{basis}</ul>
<img alt="" src="data:image/png;base64,{fig}">
<h2>{escape(t("brief.caveats", lang))}</h2>
<ul class="small">{caveats}<li>{escape(t("caveat", lang))}</li></ul>
</body></html>
"""
