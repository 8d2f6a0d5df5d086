"""A one-page brief of a comparison: a self-contained HTML page that prints to one PDF page."""

from __future__ import annotations

import base64
import datetime as _dt
from html import escape

from yingzao.app.charts import compare_figure, png
from yingzao.app.compare_view import findings, rows
from yingzao.app.i18n import scenario_name, t
from yingzao.experiments.compare import Comparison

import yingzao

_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei",
       Arial, sans-serif; font-size: 10.5pt; color: #222; max-width: 190mm; margin: auto; }
h1 { font-size: 15pt; margin: 0 0 4pt; } h2 { font-size: 11.5pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { width: 100%; } .small { font-size: 8.5pt; color: #555; }
ul { margin: 2pt 0 2pt 14pt; padding: 0; }
"""


def brief_html(cmp: Comparison, lang: str, descriptions: dict[str, str] | None = None) -> str:
    """The brief in ``lang``: mixes, outcomes with intervals, differences, a figure, caveats."""
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
        f"<li><b>{escape(name[lab])}</b>: {escape(descriptions.get(lab, ''))}</li>"
        for lab in cmp.labels
    )
    finds = "".join(f"<li>{escape(s)}</li>" for s in findings(cmp, lang))
    fig = base64.b64encode(png(compare_figure(cmp, lang), dpi=90)).decode()
    caveats = "".join(f"<li>{escape(t(f'brief.caveat{i}', lang))}</li>" for i in (1, 2, 3))
    gen = t(
        "brief.generated",
        lang,
        version=yingzao.__version__,
        date=_dt.date.today().isoformat(),
        reps=cmp.reps,
    )
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{escape(t("brief.title", lang))}</title><style>{_CSS}</style></head><body>
<h1>{escape(t("brief.title", lang))}</h1>
<p class="small">{escape(gen)}</p>
<h2>{escape(t("brief.scenarios", lang))}</h2><ul>{mixes}</ul>
<h2>{escape(t("brief.findings", lang))}</h2><ul>{finds}</ul>
<h2>{escape(t("brief.outcomes", lang))}</h2>
<table><tr><th>{escape(t("compare.col.metric", lang))}</th>{head}</tr>{body}</table>
<p class="small">{escape(t("compare.table", lang))}. * = {escape(t("compare.star", lang))}</p>
<img alt="" src="data:image/png;base64,{fig}">
<h2>{escape(t("brief.caveats", lang))}</h2><ul>{caveats}<li>{escape(t("caveat", lang))}</li></ul>
</body></html>
"""
