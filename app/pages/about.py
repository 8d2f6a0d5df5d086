"""Model page: what the model is and is not, the patterns' checks, the parameter table.

The validation table shows each check's measured number; the parameter table is in either
language and searchable in either.
"""

from __future__ import annotations

import json
from pathlib import Path

import solara
from yingzao.app import state
from yingzao.app.i18n import t
from yingzao.app.texts_params import doc_text, section_name, source_text, unit_text
from yingzao.app.texts_validation import check_text, measured, required, statistic
from yingzao.app.widgets import MD, TextBox
from yingzao.model.defaults import DECLARATIONS
from yingzao.scenarios import builtin_names

# written by `yingzao validate --reps 30 --out docs/validation.md` beside the report
STATUS = Path(__file__).resolve().parents[2] / "docs" / "validation.json"
COLS = ("section", "key", "default", "unit", "range", "doc", "source")


def load_status(path: Path = STATUS) -> dict | None:
    """The recorded validation verdicts, or None when there is no record."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def param_rows(query: str = "", lang: str = "en") -> list[dict[str, str]]:
    """The parameter table in ``lang``, filtered by words found in either language.

    A word matches the key, the section, the meaning, the unit or the source, in English or in
    Chinese, so "微" and "grants" both find the micro-project funds. Chinese words need no
    spaces: each run of Chinese characters must appear as written.
    """
    words = query.lower().split()
    out = []
    for p in DECLARATIONS.values():
        rng = f"{p.lo:g} - {p.hi:g}" if p.lo is not None and p.hi is not None else ""
        if getattr(p, "choices", None):
            rng = ", ".join(map(str, p.choices))
        row = {
            "section": section_name(p.section, lang),
            "key": p.key,
            "default": str(p.default),
            "unit": unit_text(p.unit, lang),
            "range": rng,
            "source": source_text(p.source, lang),
            "doc": doc_text(p.doc, lang),
        }
        other = "zh" if lang == "en" else "en"
        hay = " ".join(
            [
                *row.values(),
                section_name(p.section, other),
                doc_text(p.doc, other),
                unit_text(p.unit, other),
                source_text(p.source, other),
            ]
        ).lower()
        if all(w in hay for w in words):
            out.append(row)
    return out


def _cell(s: str) -> str:
    return s.replace("|", "/").replace("\n", " ")


def pattern_table(status: dict, lang: str) -> str:
    """The six patterns, each with its checks: measured number, what it must pass, result."""
    names = builtin_names()
    cols = ("pattern", "check", "statistic", "measured", "required", "status")
    md = [
        "| # | " + " | ".join(t(f"model.col.{c}", lang) for c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for p in status["patterns"]:
        claim = _cell(t(f"pattern.{p['number']}", lang))
        ok = t("model.pass", lang) if p["passed"] else t("model.fail", lang)
        for i, c in enumerate(p.get("checks", [])):
            passed = t("model.check_pass" if c.get("pass") else "model.check_fail", lang)
            md.append(
                "| "
                + " | ".join(
                    [
                        str(p["number"]) if i == 0 else "",
                        f"{claim} **{ok}**" if i == 0 else "",
                        _cell(check_text(c["text"], lang, names)),
                        _cell(statistic(c, lang)),
                        measured(c),
                        required(c, lang),
                        passed,
                    ]
                )
                + " |"
            )
        if not p.get("checks"):
            md.append(f"| {p['number']} | {claim} **{ok}** | | | | | |")
    return "\n".join(md)


@solara.component
def About():
    """The page."""
    lang = state.lang.value
    query, set_query = solara.use_state("")
    MD(f"## {t('model.title', lang)}")
    MD(f"### {t('model.is', lang)}\n\n{t('model.is_text', lang)}")
    MD(f"### {t('model.isnt', lang)}\n\n{t('model.isnt_text', lang)}")
    MD(f"### {t('model.patterns', lang)}")
    status = load_status()
    if status is None:
        solara.Warning(t("model.no_status", lang))
    else:
        solara.Text(t("model.patterns_note", lang, reps=status["reps"], date=status["date"]))
        with solara.Column(style={"font-size": "0.85em"}):
            MD(pattern_table(status, lang), classes=["yz-patterns"])
    MD(f"### {t('model.params', lang)}")
    solara.Text(t("model.params_note", lang))
    TextBox(
        t("model.params_filter", lang),
        query,
        lambda s: set_query(s) or s,
        live=True,
        cls="yz-param-filter",
    )
    rows = param_rows(query, lang)
    solara.Text(t("model.shown", lang, n=len(rows), total=len(DECLARATIONS)), classes=["yz-shown"])
    md = [
        "| " + " | ".join(t(f"model.col.{c}", lang) for c in COLS) + " |",
        "|" + "---|" * len(COLS),
    ]
    md += ["| " + " | ".join(_cell(r[c]) for c in COLS) + " |" for r in rows]
    with solara.Column(style={"font-size": "0.85em"}):
        MD("\n".join(md), classes=["yz-params"])
