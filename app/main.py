"""The Yingzao browser app: four pages, an English / Chinese switch, per-session state.

Served by ``yingzao app`` (see :mod:`yingzao.app.serve`); Solara loads this module's ``Page``.
The page waits for the browser to say which address it opened, so that a shared link's
settings are in place before the first run starts. A classroom server (``yingzao classroom``)
shows the classroom pages instead (:mod:`yingzao.app.pages.classroom`), and nothing else.
"""

from __future__ import annotations

import solara
from yingzao.app import classroom_hub, library, state
from yingzao.app.i18n import t
from yingzao.app.pages.about import About
from yingzao.app.pages.compare import Compare
from yingzao.app.pages.whatif import WhatIf
from yingzao.app.pages.workshop import Workshop
from yingzao.app.share import from_query, to_query
from yingzao.app.style import CSS
from yingzao.app.widgets import MD, Bridge

PAGES = (("whatif", WhatIf), ("compare", Compare), ("workshop", Workshop), ("model", About))
KEYS = [k for k, _ in PAGES]


def on_opened(data: dict) -> None:
    """The browser's address and saved mixes, once, at start."""
    search = str((data or {}).get("search") or "")[:4000]
    state.apply(from_query(search, state.DEFAULT_PRESET, state.default_mix))
    state.library.set(library.parse((data or {}).get("library")))
    state.opened.set(True)


def on_copied(ok: bool) -> None:
    """Whether the link reached the clipboard."""
    state.notice.set(
        ("success" if ok else "warning", "share.copied" if ok else "share.copy_failed", {})
    )


@solara.component
def Page():
    """The whole app: a title bar with the language switch, tabs for the pages."""
    if classroom_hub.enabled():  # fixed for the server's life: the same hooks on every render
        from yingzao.app.pages.classroom import Root

        Root()
        return
    lang = state.lang.value
    tab = state.tab.value if state.tab.value in KEYS else "whatif"
    solara.Title(t("app.title", lang))
    solara.Style(CSS)
    s = state.settings()
    query = to_query(s, state.default_mix(s.preset), state.DEFAULT_PRESET)
    lib = state.library.value
    Bridge(
        query=query if state.opened.value else None,
        library_json=library.dump(lib) if lib is not None else None,
        copy_rev=state.copy_rev.value,
        scroll_to=state.scroll_to.value,
        event_opened=on_opened,
        event_copied=on_copied,
    )
    if not state.opened.value:
        solara.ProgressLinear(True)
        return
    big = state.presentation.value and tab == "workshop"
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
        if state.link_problems.value:
            items = "; ".join(t(k, lang, **a) for k, a in state.link_problems.value)
            solara.Warning(t("link.problems", lang, items=items), classes=["yz-link-problems"])
        with solara.lab.Tabs(value=KEYS.index(tab), on_value=lambda i: state.tab.set(KEYS[i])):
            for key, _ in PAGES:
                solara.lab.Tab(t(f"nav.{key}", lang), classes=[f"yz-tab-{key}"])
        dict(PAGES)[tab]()
