"""Model page: what the model is and is not, the field patterns' status, the parameter table."""

from __future__ import annotations

import json
from pathlib import Path

import solara
from yingzao.app import state
from yingzao.app.i18n import t
from yingzao.app.widgets import MD
from yingzao.model.defaults import DECLARATIONS

# written by `yingzao validate --reps 30 --out docs/validation.md` beside the report
STATUS = Path(__file__).resolve().parents[2] / "docs" / "validation.json"


def load_status(path: Path = STATUS) -> dict | None:
    """The recorded validation verdicts, or None when there is no record."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def param_rows(query: str = "") -> list[dict[str, str]]:
    """The parameter table, filtered by words in key, meaning, unit or source."""
    words = query.lower().split()
    out = []
    for p in DECLARATIONS.values():
        rng = f"{p.lo:g} - {p.hi:g}" if p.lo is not None and p.hi is not None else ""
        if getattr(p, "choices", None):
            rng = ", ".join(map(str, p.choices))
        row = {
            "key": p.key,
            "default": str(p.default),
            "unit": p.unit,
            "range": rng,
            "source": p.source,
            "doc": p.doc,
        }
        hay = " ".join(row.values()).lower()
        if all(w in hay for w in words):
            out.append(row)
    return out


def _cell(s: str) -> str:
    return s.replace("|", "/").replace("\n", " ")


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
        md = [
            f"| # | {t('model.col.pattern', lang)} | {t('model.col.status', lang)} |",
            "|---|---|---|",
        ]
        for p in status["patterns"]:
            ok = t("model.pass", lang) if p["passed"] else t("model.fail", lang)
            claim = t(f"pattern.{p['number']}", lang)
            md.append(f"| {p['number']} | {_cell(claim)} | **{ok}** |")
        MD("\n".join(md), classes=["yz-patterns"])
    MD(f"### {t('model.params', lang)}")
    solara.Text(t("model.params_note", lang))
    solara.InputText(
        t("model.params_filter", lang),
        value=query,
        on_value=set_query,
        continuous_update=True,
        classes=["yz-param-filter"],
    )
    rows = param_rows(query)
    solara.Text(t("model.shown", lang, n=len(rows), total=len(DECLARATIONS)))
    cols = ("key", "default", "unit", "range", "doc", "source")
    md = [
        "| " + " | ".join(t(f"model.col.{c}", lang) for c in cols) + " |",
        "|" + "---|" * len(cols),
    ]
    md += ["| " + " | ".join(_cell(r[c]) for c in cols) + " |" for r in rows]
    with solara.Column(style={"font-size": "0.85em"}):
        MD("\n".join(md))
