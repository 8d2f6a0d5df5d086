"""The app's charts (Matplotlib, no pyplot state), with every text in the chosen language."""

from __future__ import annotations

import functools
import io
import textwrap
import unicodedata
from pathlib import Path

import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from yingzao.app.i18n import scenario_name, t
from yingzao.app.outcomes import survival
from yingzao.experiments.compare import Comparison
from yingzao.experiments.compare_stats import t_interval

# Chinese fonts commonly present: Linux packages, Windows, macOS
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Droid Sans Fallback",
)
_FONT_GLOBS = ("wqy*.tt?", "NotoSansCJK*", "NotoSansSC*", "SourceHanSans*", "msyh*", "simhei*")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "C:/Windows/Fonts", "/Library/Fonts")


@functools.cache
def cjk_font() -> str | None:
    """The family name of a Chinese font Matplotlib can use, or None when there is none.

    Fonts installed after Matplotlib built its font cache are found in the usual folders and
    added.
    """
    have = {f.name for f in font_manager.fontManager.ttflist}
    for fam in _CJK_FAMILIES:
        if fam in have:
            return fam
    for d in _FONT_DIRS:
        if not Path(d).is_dir():
            continue
        for pattern in _FONT_GLOBS:
            for path in sorted(Path(d).rglob(pattern)):
                try:
                    font_manager.fontManager.addfont(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue
    have = {f.name for f in font_manager.fontManager.ttflist}
    return next((fam for fam in _CJK_FAMILIES if fam in have), None)


def chart_lang(lang: str) -> str:
    """The language charts can be drawn in: Chinese needs a Chinese font."""
    return "zh" if lang == "zh" and cjk_font() is not None else "en"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of about ``width`` columns (a Chinese character counts two).

    Chinese has no spaces, so ``textwrap`` would leave it on one line that runs into its
    neighbours; a line may break between any two Chinese characters, English at spaces.
    """
    if not any(_wide(c) for c in text):
        return textwrap.fill(text, width)
    lines, cur, w = [], "", 0
    for word in _tokens(text):
        ww = sum(2 if _wide(c) else 1 for c in word)
        if cur and w + ww > width:
            lines.append(cur.rstrip())
            cur, w = word.lstrip(), ww
        else:
            cur, w = cur + word, w + ww
    if cur:
        lines.append(cur.rstrip())
    return "\n".join(lines)


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between.

    Each Chinese character is one (closing punctuation stays with the character before it),
    and each run of other characters up to a space.
    """
    out: list[str] = []
    for ch in text:
        if _wide(ch):
            if out and ch in "，。、；：）」』%":
                out[-1] += ch
            else:
                out.append(ch)
        elif out and not _wide(out[-1][-1]) and not out[-1].endswith(" "):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def participation_column(cmp: Comparison) -> str:
    """The field's measure of participation where the model has it (active residents)."""
    return "active_share" if "active_share" in cmp.series.columns else "participation_rate"


def money_axis(ax, lang: str) -> None:
    """Money ticks as officers read them: 万元 in Chinese (30 not 300000), 300,000 in English."""
    if lang == "zh":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x / 1e4:,.4g}"))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))


def _figure(size: tuple[float, float]) -> Figure:
    return Figure(figsize=size, layout="constrained")


def _fonts(fig: Figure, lang: str) -> None:
    """Set every text of the figure in the Chinese font (per-glyph fallback keeps digits)."""
    if lang != "zh":
        return
    fam = cjk_font()
    for text in fig.findobj(lambda a: hasattr(a, "set_fontfamily")):
        text.set_fontfamily([fam, "DejaVu Sans"])


def _band(ax, cmp: Comparison, label: str, col: str, scale: float, color: str, name: str):
    """Median over the runs and the 10-90% band, against years."""
    g = cmp.series.loc[cmp.series["scenario"] == label].groupby("month")[col]
    q = g.quantile([0.1, 0.5, 0.9]).unstack() * scale
    x = (q.index + 1) / 12  # month index m ends at (m + 1) / 12 years
    ax.fill_between(x, q[0.1], q[0.9], color=color, alpha=0.2, lw=0)
    ax.plot(x, q[0.5], color=color, lw=2, label=name)


def _yearly_money(ax, cmp: Comparison, label: str, color: str) -> None:
    """Outside money per year: median bar and the 10-90% range over the runs."""
    s = cmp.series.loc[cmp.series["scenario"] == label]
    per = (
        s.assign(year=s["month"] // 12 + 1)
        .groupby(["replicate", "year"])["outside_money_month"]
        .sum()
    )
    q = per.groupby("year").quantile([0.1, 0.5, 0.9]).unstack()
    err = np.vstack([q[0.5] - q[0.1], q[0.9] - q[0.5]])
    ax.bar(q.index - 0.5, q[0.5], width=0.8, color=color, alpha=0.8, yerr=err, capsize=2)


def _marks(ax, cmp: Comparison, label: str, lang: str) -> None:
    scn = cmp.scenarios[cmp.labels.index(label)].values
    end = cmp.months_by_scenario()[label]
    if scn["withdrawal.enabled"] and scn["withdrawal.month"] < end:
        x = scn["withdrawal.month"] / 12
        ax.axvline(x, color="k", lw=1)
        ax.text(
            x,
            0.97,
            " " + t("chart.withdrawal", lang),
            fontsize=9,
            transform=ax.get_xaxis_transform(),
            va="top",
        )
    if scn["crisis.enabled"] and scn["crisis.month"] < end:
        x = scn["crisis.month"] / 12
        ax.axvline(x, color="tab:red", lw=1, ls="--")
        ax.text(
            x,
            0.85,
            " " + t("chart.crisis", lang),
            fontsize=9,
            color="tab:red",
            transform=ax.get_xaxis_transform(),
            va="top",
        )


def whatif_figure(cmp: Comparison, label: str, lang: str) -> Figure:
    """Four panels over years for one mix: groups, needs met, participation, outside money."""
    lang = chart_lang(lang)
    fig = _figure((10, 6.6))
    axes = fig.subplots(2, 2, sharex=True).ravel()
    _band(axes[0], cmp, label, "orgs_functional", 1, "tab:green", t("m.orgs_functional", lang))
    _band(axes[0], cmp, label, "orgs_recreational", 1, "tab:gray", t("m.orgs_recreational", lang))
    axes[0].set(title=t("chart.groups_title", lang), ylabel=t("axis.groups", lang))
    _band(axes[1], cmp, label, "needs_met", 100, "tab:blue", t("m.needs_met", lang))
    axes[1].set(title=t("m.needs_met", lang), ylabel="%")
    col = participation_column(cmp)
    _band(axes[2], cmp, label, col, 100, "tab:orange", t(f"m.{col}", lang))
    axes[2].set(title=wrap(t(f"m.{col}", lang), 40), ylabel="%")
    _yearly_money(axes[3], cmp, label, "tab:purple")
    axes[3].set(title=t("m.outside_money_year", lang), ylabel=t("axis.yuan_year", lang))
    money_axis(axes[3], lang)
    for ax in axes:
        _marks(ax, cmp, label, lang)
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
        ax.set_xlim(0, None)
    axes[0].legend(loc="lower right", fontsize=9, framealpha=0.8)
    for ax in axes[2:]:
        ax.set_xlabel(t("axis.year", lang))
    fig.suptitle(t("chart.median_band", lang), fontsize=10)
    _fonts(fig, lang)
    return fig


def compare_figure(cmp: Comparison, lang: str, brief: bool = False) -> Figure:
    """Functional groups and participation over years per mix, and survival after the money.

    ``brief``: a flatter figure for the printed page.
    """
    lang = chart_lang(lang)
    fig = _figure((12, 3.5) if brief else (12, 4.2))
    axes = fig.subplots(1, 3)
    names = [scenario_name(lab, lang) for lab in cmp.labels]
    for k, (lab, name) in enumerate(zip(cmp.labels, names, strict=True)):
        c = f"C{k}"
        _band(axes[0], cmp, lab, "orgs_functional", 1, c, name)
        _band(axes[1], cmp, lab, participation_column(cmp), 100, c, name)
    axes[0].set(title=t("m.orgs_functional", lang), ylabel=t("axis.groups", lang))
    axes[1].set(title=wrap(t(f"m.{participation_column(cmp)}", lang), 40), ylabel="%")
    for ax in axes[:2]:
        ax.set_xlabel(t("axis.year", lang))
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
    axes[0].legend(
        handles=axes[0].get_legend_handles_labels()[0],
        labels=[wrap(n, 30) for n in names],
        loc="upper left",
        fontsize=8,
        framealpha=0.8,
    )
    ax = axes[2]
    means, errs = [], []
    for lab in cmp.labels:
        s = survival(cmp.summaries[cmp.summaries["scenario"] == lab]).dropna() * 100
        mean, lo, hi, n = t_interval(s) if len(s) else (np.nan, np.nan, np.nan, 0)
        means.append(mean)
        errs.append((mean - lo, hi - mean) if n > 1 else (0, 0))
    x = np.arange(len(cmp.labels))
    ax.bar(
        x,
        np.nan_to_num(means),
        color=[f"C{k}" for k in x],
        alpha=0.8,
        yerr=np.array(errs).T if errs else None,
        capsize=4,
    )
    for k, m in enumerate(means):
        if np.isnan(m):
            ax.text(k, 1, "-", ha="center")
    # a label may take as much width as its bar's slot; Chinese wraps between characters
    per = max(8, int(44 / max(len(names), 1)))
    ax.set_xticks(x, [wrap(n, per) for n in names], fontsize=8)
    ax.set(title=wrap(t("m.survival_24m", lang), 44), ylabel="%")
    ax.title.set_fontsize(10)
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3, axis="y")
    ax.set_xlabel(t("chart.survival_note", lang), fontsize=8)
    fig.suptitle(t("chart.median_band", lang), fontsize=9)
    _fonts(fig, lang)
    return fig


def png(fig: Figure, dpi: int = 100, compress_level: int = 6) -> bytes:
    """The figure as PNG bytes (``compress_level`` 0-9: lower is faster and larger)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": compress_level})
    return buf.getvalue()
