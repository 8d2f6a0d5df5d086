"""The Yingzao browser app: four pages, an English / Chinese switch, per-session state.

Served by ``yingzao app`` (see :mod:`yingzao.app.serve`); Solara loads this module's ``Page``.
"""

from __future__ import annotations

import solara
from yingzao.app import state
from yingzao.app.i18n import t
from yingzao.app.pages.about import About
from yingzao.app.pages.compare import Compare
from yingzao.app.pages.whatif import WhatIf
from yingzao.app.pages.workshop import Workshop
from yingzao.app.widgets import MD

PAGES = (("whatif", WhatIf), ("compare", Compare), ("workshop", Workshop), ("model", About))

CSS = """
.yz-big { font-size: 1.45em; }
.yz-big .v-btn { font-size: 1.1em !important; height: 48px !important; }
.yz-big .yz-network { width: 100%; }
.yz-sentences p { font-size: 1.12em; margin-bottom: 0.4em; }
.yz-network, .yz-whatif-figure, .yz-compare-figure { max-width: 100%; }
.v-messages__message { line-height: 1.3; }
.v-text-field { margin-bottom: 8px; }
.yz-md table { border-collapse: collapse; margin: 6px 0; }
.yz-md th, .yz-md td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; }
.yz-md h1 { font-size: 1.6em; margin: 4px 0; } .yz-md h2 { font-size: 1.35em; margin: 10px 0 4px; }
.yz-md h3 { font-size: 1.15em; margin: 10px 0 4px; }
"""


@solara.component
def Page():
    """The whole app: a title bar with the language switch, tabs for the pages."""
    lang = state.lang.value
    tab, set_tab = solara.use_state(0)
    solara.Title(t("app.title", lang))
    solara.Style(CSS)
    big = state.presentation.value and PAGES[tab][0] == "workshop"
    with solara.Column(classes=["yz-big"] if big else [], style={"padding": "8px 18px"}):
        with solara.Row(style={"align-items": "center", "justify-content": "space-between"}):
            with solara.Column(gap="0px"):
                if not big:  # a projector shows the community, not the app's name
                    MD(f"# {t('app.title', lang)}")
                    solara.Text(t("app.tagline", lang))
            solara.Button(
                t("lang.switch", lang),
                outlined=True,
                classes=["yz-lang"],
                on_click=lambda: state.lang.set("zh" if lang == "en" else "en"),
            )
        with solara.lab.Tabs(value=tab, on_value=set_tab):
            for key, _ in PAGES:
                solara.lab.Tab(t(f"nav.{key}", lang), classes=[f"yz-tab-{key}"])
        PAGES[tab][1]()
