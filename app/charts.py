"""The app's charts (Matplotlib, no pyplot state), with every text in the chosen language."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import numpy as np
from matplotlib import font_manager
from matplotlib.figure import Figure
from yingzao.app.i18n import t
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
    g = cmp.series.loc[cmp.series["scenario"] == label].groupby("month")[col]
    q = g.quantile([0.1, 0.5, 0.9]).unstack() * scale
    ax.fill_between(q.index, q[0.1], q[0.9], color=color, alpha=0.2, lw=0)
    ax.plot(q.index, q[0.5], color=color, lw=2, label=name)


def _marks(ax, cmp: Comparison, label: str, lang: str) -> None:
    scn = cmp.scenarios[cmp.labels.index(label)].values
    if scn["withdrawal.enabled"]:
        ax.axvline(scn["withdrawal.month"], color="k", lw=1)
        ax.text(
            scn["withdrawal.month"],
            1.0,
            " " + t("chart.withdrawal", lang),
            fontsize=8,
            transform=ax.get_xaxis_transform(),
            va="top",
        )
    if scn["crisis.enabled"]:
        ax.axvline(scn["crisis.month"], color="tab:red", lw=1, ls="--")
        ax.text(
            scn["crisis.month"],
            0.9,
            " " + t("chart.crisis", lang),
            fontsize=8,
            color="tab:red",
            transform=ax.get_xaxis_transform(),
            va="top",
        )


def whatif_figure(cmp: Comparison, label: str, lang: str) -> Figure:
    """Three panels over months for one mix: groups, residents, outside money."""
    lang = chart_lang(lang)
    fig = _figure((12, 3.6))
    axes = fig.subplots(1, 3)
    _band(axes[0], cmp, label, "orgs_functional", 1, "tab:green", t("m.orgs_functional", lang))
    _band(axes[0], cmp, label, "orgs_recreational", 1, "tab:gray", t("m.orgs_recreational", lang))
    axes[0].set(title=t("chart.groups_title", lang), ylabel=t("axis.groups", lang))
    _band(
        axes[1],
        cmp,
        label,
        "participation_rate",
        100,
        "tab:orange",
        t("m.participation_rate", lang),
    )
    _band(axes[1], cmp, label, "needs_met", 100, "tab:blue", t("m.needs_met", lang))
    axes[1].set(title=t("chart.people_title", lang), ylabel=t("axis.share", lang))
    _band(
        axes[2],
        cmp,
        label,
        "outside_money_month",
        1,
        "tab:purple",
        t("m.outside_money_month", lang),
    )
    axes[2].set(title=t("chart.money_title", lang), ylabel=t("axis.yuan", lang))
    for ax in axes:
        _marks(ax, cmp, label, lang)
        ax.set_xlabel(t("axis.month", lang))
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=8, framealpha=0.7)
        ax.set_ylim(bottom=0)
    fig.suptitle(t("chart.median_band", lang), fontsize=9)
    _fonts(fig, lang)
    return fig


def compare_figure(cmp: Comparison, lang: str) -> Figure:
    """Functional groups and participation over months per mix, and survival after withdrawal."""
    lang = chart_lang(lang)
    fig = _figure((12, 3.8))
    axes = fig.subplots(1, 3)
    for k, lab in enumerate(cmp.labels):
        c = f"C{k}"
        _band(axes[0], cmp, lab, "orgs_functional", 1, c, lab)
        _band(axes[1], cmp, lab, "participation_rate", 100, c, lab)
    axes[0].set(title=t("m.orgs_functional", lang), ylabel=t("axis.groups", lang))
    axes[1].set(title=t("m.participation_rate", lang), ylabel=t("axis.share", lang))
    for ax in axes[:2]:
        ax.set_xlabel(t("axis.month", lang))
        ax.grid(alpha=0.3)
        ax.set_ylim(bottom=0)
    axes[0].legend(loc="upper left", fontsize=8, frameon=False)
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
    ax.set_xticks(x, cmp.labels, rotation=15, fontsize=8)
    ax.set(title=t("m.survival_24m", lang), ylabel="%")
    ax.title.set_fontsize(9)
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3, axis="y")
    fig.suptitle(t("chart.median_band", lang), fontsize=9)
    _fonts(fig, lang)
    return fig


def png(fig: Figure, dpi: int = 100, compress_level: int = 6) -> bytes:
    """The figure as PNG bytes (``compress_level`` 0-9: lower is faster and larger)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": compress_level})
    return buf.getvalue()
