"""The what-if page's save-and-share panel: link, scenario file down and up, saved mixes."""

from __future__ import annotations

import solara
from yingzao.app import library, state
from yingzao.app.i18n import scenario_name, t
from yingzao.app.scenario_file import MAX_BYTES, from_toml, to_toml
from yingzao.app.settings_text import mix_lines
from yingzao.app.share import Settings, from_query, to_query
from yingzao.app.widgets import TextBox, Upload

from yingzao.errors import InputError


def _query_of_mix() -> str:
    """The current what-if mix alone as a query (what a saved mix keeps)."""
    s = state.settings()
    only = Settings(preset=s.preset, mix=s.mix, raw=s.raw, errors=s.errors, extra=s.extra)
    return to_query(only, state.default_mix(s.preset), state.DEFAULT_PRESET)


def open_file(data: dict) -> None:
    """A scenario file chosen in the browser: its mix goes on the page, or an inline message."""
    name = str((data or {}).get("name") or "file.toml")[:80]
    text = (data or {}).get("text")
    if not isinstance(text, str):
        state.notice.set(("error", "share.too_big", {"name": name}))
        return
    try:
        o = from_toml(text, reps=int(state.mix.value.get("reps", 10)))
    except InputError as e:
        state.notice.set(("error", "share.open_failed", {"name": name, "msg": str(e)[:300]}))
        return
    state.apply_mix(Settings(preset=o.preset, mix=o.mix, extra=o.extra))
    state.notice.set(("success", "share.opened", {"name": name, "case": o.preset}))
    if o.problems:
        state.link_problems.set([("share.problems", {"items": "; ".join(o.problems)})])


@solara.component
def SharePanel():
    """Link, download, upload and the library of saved mixes."""
    lang = state.lang.value
    name, set_name = solara.use_state("")
    m = state.mix.value
    toml_data = solara.use_memo(
        lambda: (
            lambda: to_toml(
                state.preset.value,
                dict(state.mix.value),
                dict(state.extra.value),
                notes=mix_lines(state.preset.value, dict(state.mix.value), dict(state.extra.value)),
            )
        ),
        dependencies=[],
    )
    # folded: it is for the end of the work, and the controls come first
    with solara.Column(classes=["yz-share"]), solara.Details(t("share.title", lang)):
        solara.Text(t("share.link_note", lang), style={"font-size": "0.85em"})
        with solara.Row(style={"flex-wrap": "wrap", "align-items": "center"}):
            solara.Button(
                t("share.copy", lang),
                outlined=True,
                on_click=lambda: state.copy_rev.set(state.copy_rev.value + 1),
                classes=["yz-copy-link"],
            )
            solara.FileDownload(
                toml_data,
                filename="yingzao-mix.toml",
                label=t("share.download", lang),
                mime_type="application/toml",
            )
            Upload(
                label=t("share.upload", lang),
                accept=".toml,text/plain",
                max_bytes=MAX_BYTES,
                box_class="yz-upload-toml",
                event_got=open_file,
            )
        solara.Text(t("share.file_note", lang), style={"font-size": "0.8em", "color": "#666"})
        Notice(lang)
        extra = state.extra.value
        if extra:
            items = ", ".join(f"{k} = {v}" for k, v in sorted(extra.items()))
            with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                solara.Info(t("share.kept", lang, items=items), dense=True, classes=["yz-extra"])
                solara.Button(
                    t("share.drop_extra", lang), text=True, on_click=lambda: state.extra.set({})
                )
        Library(lang, name, set_name, m)


@solara.component
def Notice(lang: str):
    """What the last save, open or copy did."""
    n = state.notice.value
    if n is None:
        return
    kind, key, args = n
    args = dict(args)
    if "case" in args:
        args["case"] = scenario_name(args["case"], lang)
    show = {"success": solara.Success, "warning": solara.Warning}.get(kind, solara.Error)
    show(t(key, lang, **args), dense=True, classes=["yz-notice"])


@solara.component
def Library(lang: str, name: str, set_name, m: dict):
    """Save the mix under a name in this browser; open or delete a saved one."""
    items = state.library.value or []

    def save() -> None:
        new, err = library.save(items, name, _query_of_mix())
        if err:
            state.notice.set(("error", err, {"n": library.MAX_ITEMS}))
            return
        state.library.set(new)
        state.notice.set(("success", "lib.saved", {"name": new[0]["name"]}))

    def open_saved(it: dict) -> None:
        s = from_query(it["query"], state.DEFAULT_PRESET, state.default_mix)
        s.mix["reps"] = s.mix.get("reps", m["reps"])
        state.apply_mix(s)
        state.notice.set(("success", "lib.opened", {"name": it["name"]}))

    solara.Text(t("lib.title", lang), style={"font-weight": "bold", "margin-top": "8px"})
    with solara.Row(style={"align-items": "center"}):
        TextBox(t("lib.name", lang), name, lambda s: set_name(s) or s, cls="yz-lib-name")
        solara.Button(t("lib.save", lang), on_click=save, outlined=True, classes=["yz-lib-save"])
    if not items:
        solara.Text(t("lib.empty", lang), style={"font-size": "0.8em", "color": "#666"})
    with solara.Column(gap="0px", classes=["yz-library"]):
        for it in items:
            with solara.Row(style={"align-items": "center"}, classes=["yz-lib-item"]):
                solara.Text(f"{it['name']} ({it['saved']})", style={"min-width": "12em"})
                solara.Button(t("lib.open", lang), text=True, on_click=lambda it=it: open_saved(it))
                solara.Button(
                    t("lib.delete", lang),
                    text=True,
                    on_click=lambda it=it: state.library.set(
                        library.delete(state.library.value or [], it["name"])
                    ),
                )
