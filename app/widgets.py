"""Small shared components: a checked number input, the browser bridge, markdown, upload."""

from __future__ import annotations

from collections.abc import Callable

import markdown
import solara
from yingzao.app import state
from yingzao.app.i18n import TEXT, num, t
from yingzao.app.mix import FIELD, Field, parse


def fmt_value(x: float) -> str:
    """A control's value as shown in its box: ``12,000`` or ``2.5``."""
    return num(x) if float(x) == int(x) else f"{x:g}"


def error_text(err: tuple[str, dict], lang: str) -> str:
    """An input error in ``lang``."""
    key, args = err
    args = dict(args)
    if "unit" in args:
        unit = t(args["unit"], lang) if args["unit"] else ""
        sep = "" if not unit or lang == "zh" and not unit[0].isascii() else " "
        args.update(lo=fmt_value(args["lo"]), hi=fmt_value(args["hi"]), unit=sep + unit)
    return t(key, lang, **args)


def field_label(f: Field, lang: str) -> str:
    """A control's label with its unit, unless the label already says it."""
    label = t("field." + f.name, lang)
    unit = t(f.unit, lang) if f.unit else ""
    if not unit:
        return label
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"


@solara.component_vue("vue/number_box.vue")
def _NumberBox(
    label: str,
    answer: dict,
    hint: str,
    error: str,
    disabled: bool,
    box_class: str,
    live: bool,
    event_commit: Callable[[dict], None],
):
    pass


@solara.component
def TextBox(
    label: str,
    text: str,
    on_commit: Callable[[str], str | None],
    error: str = "",
    hint: str = "",
    disabled: bool = False,
    cls: str = "",
    live: bool = False,
):
    """A text input that sends what was typed, with the Enter or blur event that ends it.

    ``live``: also send a moment after typing stops (for a search box).

    ``on_commit(text)`` takes what was typed (its return value is not used: the box then shows
    ``text`` as the server has it, e.g. ``8,000`` for ``8000``).

    The box numbers its sends; the answer carries the number of the last one taken in with the
    text, in one value, so that the browser can tell a late answer from a new one.
    """
    ack, set_ack = solara.use_state(0)

    def commit(sent: dict) -> None:
        on_commit(str(sent.get("text", "")))
        set_ack(int(sent.get("seq", 0)))  # a new answer even where the server's text is unchanged

    _NumberBox(
        label=label,
        answer={"text": text, "ack": ack},
        hint=hint,
        error=error,
        disabled=disabled,
        box_class=cls,
        live=live,
        event_commit=commit,
    )


@solara.component
def NumberField(name: str, disabled: bool = False):
    """A number input for control ``name`` with its unit, range, help and inline error."""
    lang = state.lang.value
    f = FIELD[name]
    value = state.mix.value[name]
    text = state.raw.value.get(name, fmt_value(value))
    err = None if disabled else state.errors.value.get(name)

    def on_commit(s: str) -> str:
        v, e = parse(name, s)
        errs = dict(state.errors.value)
        if e is None:
            errs.pop(name, None)
            state.mix.set({**state.mix.value, name: v})
            state.raw.set({k: x for k, x in state.raw.value.items() if k != name})
            state.errors.set(errs)
            return fmt_value(v)
        errs[name] = e
        state.raw.set({**state.raw.value, name: s})
        state.errors.set(errs)
        return s

    rng = t("range", lang, lo=fmt_value(f.lo), hi=fmt_value(f.hi))
    help_key = f"help.{name}"
    hint = (t(help_key, lang) + " " if help_key in TEXT else "") + rng
    TextBox(
        label=field_label(f, lang),
        text=text,
        on_commit=on_commit,
        error=error_text(err, lang) if err else "",
        hint=hint,
        disabled=disabled,
        cls=f"yz-field yz-field-{name}",
    )


@solara.component_vue("vue/bridge.vue")
def Bridge(
    query: str | None,
    library_json: str | None,
    copy_rev: int,
    scroll_to: str,
    event_opened: Callable[[dict], None],
    event_copied: Callable[[bool], None],
):
    """The page's address and this browser's saved mixes (see ``vue/bridge.vue``)."""


@solara.component_vue("vue/upload.vue")
def Upload(
    label: str,
    accept: str,
    max_bytes: int,
    box_class: str,
    event_got: Callable[[dict], None],
):
    """A button that reads a small text file in the browser and sends it to the server."""


@solara.component
def MD(text: str, style: dict | None = None, classes: list[str] | None = None):
    """Markdown rendered on the server.

    ``solara.Markdown`` loads KaTeX from a CDN in the page, which an offline intranet cannot reach.
    """
    html = solara.use_memo(
        lambda: markdown.markdown(text, extensions=["tables"]), dependencies=[text]
    )
    css = "; ".join(f"{k}: {v}" for k, v in (style or {}).items())
    solara.HTML(tag="div", unsafe_innerHTML=html, style=css, classes=["yz-md", *(classes or [])])


MIME = {"png": "image/png", "csv": "text/csv", "html": "text/html", "md": "text/markdown"}


@solara.component
def Downloads(items: list[tuple[Callable | bytes | str, str, str]], lang: str):
    """A wrapping row of download buttons, one per ``(data, filename, label key)``.

    The file type follows the filename's ending. Pass stable ``data`` (memoized callables or
    values): FileDownload forgets a click when its data argument changes identity.
    """
    with solara.Row(style={"flex-wrap": "wrap"}):
        for data, filename, label in items:
            solara.FileDownload(
                data,
                filename=filename,
                label=t(label, lang),
                mime_type=MIME[filename.rsplit(".", 1)[-1]],
            )
