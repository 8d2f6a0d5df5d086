"""Small shared components: a checked number input and the page frame's pieces."""

from __future__ import annotations

import markdown
import solara
from yingzao.app import state
from yingzao.app.i18n import num, t
from yingzao.app.mix import FIELD, parse


def _fmt(x: float) -> str:
    return num(x) if float(x) == int(x) else f"{x:g}"


def error_text(err: tuple[str, dict], lang: str) -> str:
    """An input error in ``lang``."""
    key, args = err
    args = dict(args)
    if "unit" in args:
        args.update(lo=_fmt(args["lo"]), hi=_fmt(args["hi"]), unit=t(args["unit"], lang))
    return t(key, lang, **args)


@solara.component
def NumberField(name: str, disabled: bool = False):
    """A number input for control ``name`` with its unit, range, help and inline error."""
    lang = state.lang.value
    f = FIELD[name]
    value = state.mix.value[name]
    text = state.raw.value.get(name, _fmt(value))
    err = None if disabled else state.errors.value.get(name)

    def on_value(s: str | None) -> None:
        s = s or ""
        v, e = parse(name, s)
        errs = dict(state.errors.value)
        if e is None:
            errs.pop(name, None)
            state.mix.set({**state.mix.value, name: v})
            state.raw.set({k: x for k, x in state.raw.value.items() if k != name})
        else:
            errs[name] = e
            state.raw.set({**state.raw.value, name: s})
        state.errors.set(errs)

    rng = t("range", lang, lo=_fmt(f.lo), hi=_fmt(f.hi))
    help_key = f"help.{name}"
    from yingzao.app.i18n import TEXT

    hint = (t(help_key, lang) + " " if help_key in TEXT else "") + rng
    solara.InputText(
        label=f"{t('field.' + name, lang)} ({t(f.unit, lang)})",
        value=text,
        on_value=on_value,
        continuous_update=False,
        error=error_text(err, lang) if err else False,
        message=hint,
        disabled=disabled,
        classes=[f"yz-field-{name}"],
    )


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
