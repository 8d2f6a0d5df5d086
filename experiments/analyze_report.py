"""The plain-text report of an analysis and the files :meth:`Analysis.save` writes."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from yingzao.errors import InputError

if TYPE_CHECKING:
    from yingzao.experiments.analyze import Analysis

__all__ = ["report_text", "save"]

WIDTH = 100  # of the prose; tables are as wide as their columns
# a peeling trajectory longer than _MAX_BOXES is thinned out to _SHOWN_BOXES in the text (the CSV
# has it all): with many points PRIM peels a hundred small steps
_MAX_BOXES, _SHOWN_BOXES = 30, 20


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, subsequent_indent=indent, break_on_hyphens=False)


def _num(v: float) -> str:
    if isinstance(v, float) and not math.isfinite(v):
        return "-"
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def _table(df: pd.DataFrame) -> str:
    text = df.to_string(index=False, float_format=_num, na_rep="-")
    return "\n".join(("  " + line).rstrip() for line in text.splitlines())


def _header(a: Analysis) -> list[str]:
    r = a.results
    sp = r.spec
    done = r.n_points - len(r.missing_points)
    seed = f", seed {sp['seed']}" if sp.get("seed") is not None else ""
    return [
        _wrap(
            f"Sweep {sp.get('name', r.folder.name)!r} (scenario {sp.get('scenario', '?')}, design "
            f"{r.design_kind}): {done} of {r.n_points} design points finished, {len(r.runs)} runs "
            f"({r.reps} replicate{'s' if r.reps != 1 else ''} per point){seed}."
        ),
        _wrap(
            f"Outputs: {', '.join(a.outputs)}. Morris, Sobol and PRIM use each point's mean over "
            "its replicates; response curves use every run."
        ),
    ]


def _morris(a: Analysis) -> list[str]:
    lines = []
    for out, d in a.morris.groupby("output", sort=False):
        d = d.sort_values("mu_star", ascending=False).drop(columns="output")
        lines += [
            "",
            _wrap(
                f"Morris elementary effects of {out} (mu_star ranks influence; sigma large next "
                "to mu_star: non-linear or interacting; mu_star_conf: half-width of its 95% "
                "interval):"
            ),
            _table(d),
        ]
    return lines


def _sobol(a: Analysis) -> list[str]:
    lines = []
    for out, d in a.sobol.groupby("output", sort=False):
        d = d.sort_values("ST", ascending=False).drop(columns="output")
        lines += [
            "",
            _wrap(
                f"Sobol indices of {out} (S1: share of variance by the parameter alone; ST: with "
                "all its interactions; _conf: half-width of the 95% interval):"
            ),
            _table(d),
        ]
    return lines


def _curves(a: Analysis) -> list[str]:
    c = a.curves
    if c.empty:
        return []
    g = c.groupby(["parameter", "output"], sort=False)["q50"]
    ends = (g.first().map(_num) + " -> " + g.last().map(_num)).unstack("output")
    ends = ends.reindex(columns=a.outputs).dropna(axis=1, how="all").fillna("-")
    return [
        "",
        "Response curves: median of the runs in the lowest -> the highest bin of each parameter",
        "(the figures show every bin with the 10-90% band):",
        _table(ends.rename_axis(None, axis=1).reset_index()),
    ]


def _prim(a: Analysis) -> list[str]:
    p = a.prim
    if p is None:
        return []
    st = p.stats
    how = (
        f"the widest box with density >= {p.threshold:g}"
        if p.met
        else f"no box reaches density {p.threshold:g}: the box with the highest coverage x density"
    )
    lines = [
        "",
        _wrap(
            f"Scenario discovery (PRIM), target {p.target} on each point's mean: {p.n_interest} "
            f"of {p.n_points} points meet it."
        ),
        _wrap(
            f"Chosen box {p.chosen} of 0-{int(p.trajectory['id'].max())} on the peeling "
            f"trajectory ({how}):"
        ),
        f"  coverage {st['coverage']:.3f} (share of the points meeting the target that are in it)",
        f"  density  {st['density']:.3f} (share of the points in it that meet the target)",
        f"  mass     {st['mass']:.3f} (share of all points in it), "
        f"{int(st['res_dim'])} restricted parameter{'s' if st['res_dim'] != 1 else ''}",
    ]
    if p.limits.empty:
        lines.append("  (it restricts no parameter: the target holds widely enough everywhere)")
    else:
        lines += ["Parameter ranges of the box (range_*: the sweep's; qp: quasi-p values):"]
        lines.append(_table(p.limits))
    t = p.trajectory.assign(chosen=np.where(p.trajectory["id"] == p.chosen, "<-", ""))
    title = "Peeling trajectory:"
    if len(t) > _MAX_BOXES:
        keep = set(np.linspace(0, len(t) - 1, _SHOWN_BOXES - 1).round().astype(int).tolist())
        t = t[t["id"].isin(keep | {p.chosen})]
        title = f"Peeling trajectory ({len(t)} of {len(p.trajectory)} boxes; all in the CSV):"
    lines += [title, _table(t.rename(columns={"chosen": ""}))]
    return lines


def report_text(a: Analysis) -> str:
    """The report of :meth:`Analysis.report`."""
    lines = _header(a)
    if a.notes:
        lines += ["", "Notes:"] + [_wrap(f"- {n}", "  ") for n in a.notes]
    lines += _morris(a) + _sobol(a) + _prim(a) + _curves(a)
    return "\n".join(lines)


def _file_name(output: str) -> str:
    import re

    return "response_" + re.sub(r"[^\w.-]+", "_", output) + ".png"


# The files an analysis may write (response_*.png: one per output); see save().
ANALYSIS_FILES = (
    "per_point.csv",
    "morris.csv",
    "morris.png",
    "sobol.csv",
    "sobol.png",
    "prim_box.csv",
    "prim_trajectory.csv",
    "prim_tradeoff.png",
    "response_curves.csv",
    "report.md",
)
REPORT_HEAD = "# Analysis of sweep "


def _holds_analysis(out: Path) -> bool:
    """Whether ``out`` holds an analysis (its report.md), or raise if it holds another report."""
    report = out / "report.md"
    if not report.exists():
        return False
    try:
        head = report.read_text("utf-8")[: len(REPORT_HEAD)] if report.is_file() else ""
    except (OSError, UnicodeDecodeError):
        head = ""
    if head != REPORT_HEAD:
        raise InputError(
            f"{out}: holds a report.md that is not a sweep analysis; give another folder (--out)"
        )
    return True


def check_analysis_folder(out: Path) -> None:
    """Refuse a folder whose report.md an analysis would overwrite but did not write."""
    if out.is_dir():
        _holds_analysis(out)


def _remove_last_analysis(out: Path) -> None:
    """Remove an earlier analysis's files from ``out`` (where its report.md says it is one).

    A new analysis may write fewer files (no PRIM box without --target, other outputs); left in
    place, the last one's would stand beside the new report as if they were part of it.
    """
    if not _holds_analysis(out):
        return
    for name in ANALYSIS_FILES:
        (out / name).unlink(missing_ok=True)
    for path in out.glob("response_*.png"):
        path.unlink(missing_ok=True)


def save(a: Analysis, out: Path) -> list[Path]:
    """Write the tables (CSV), figures (PNG) and ``report.md`` of ``a`` into ``out``.

    An earlier analysis in ``out`` is replaced as a whole: none of its files stay behind.
    """
    from yingzao.experiments import analyze_figures as figs

    out.mkdir(parents=True, exist_ok=True)
    _remove_last_analysis(out)
    paths: list[Path] = []
    figures: list[tuple[str, Path]] = []

    def table(df: pd.DataFrame, name: str) -> None:
        df.to_csv(out / name, index=False)
        paths.append(out / name)

    def figure(draw, data, name: str, title: str) -> None:
        draw(data, out / name)
        paths.append(out / name)
        figures.append((title, out / name))

    table(a.per_point, "per_point.csv")
    if not a.morris.empty:
        table(a.morris, "morris.csv")
        figure(figs.morris_figure, a.morris, "morris.png", "Morris mu*-sigma")
    if not a.sobol.empty:
        table(a.sobol, "sobol.csv")
        figure(figs.sobol_figure, a.sobol, "sobol.png", "Sobol indices")
    if a.prim is not None:
        table(a.prim.limits, "prim_box.csv")
        table(a.prim.trajectory, "prim_trajectory.csv")
        figure(figs.prim_figure, a.prim, "prim_tradeoff.png", "PRIM coverage-density trade-off")
    if not a.curves.empty:
        table(a.curves, "response_curves.csv")
        for o in a.outputs:
            if (a.curves["output"] == o).any():
                draw = lambda c, path, o=o: figs.response_figure(c, o, path)  # noqa: E731
                figure(draw, a.curves, _file_name(o), f"Response curves of {o}")
    md = [f"{REPORT_HEAD}{a.results.spec.get('name', a.results.folder.name)}", ""]
    md += ["```text", a.report(), "```", ""]
    for title, path in figures:
        md += [f"## {title}", "", f"![{title}]({path.name})", ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    paths.append(out / "report.md")
    return paths
