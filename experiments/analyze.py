"""Analysis of a sweep's results: sensitivity, response curves and scenario discovery.

- **Morris** elementary effects (design ``morris``) and **Sobol** first-order and total indices
  with 95% intervals (design ``sobol``), computed by SALib on the mean over replicates at each
  design point. Both need every point of the design; on a sweep that has not finished they are
  skipped with a note naming the missing points.
- **Response curves** (every design): each output against each varied parameter, the median of
  the runs per bin of the parameter and their 10-90% band.
- **Scenario discovery** (every design): the EMA Workbench's PRIM finds the parameter ranges where
  a target such as ``functional_alive_24m_after>=3`` holds (see
  :mod:`~yingzao.experiments.analyze_prim`).

Reading the folder is :mod:`~yingzao.experiments.analyze_results`; the figures are
:mod:`~yingzao.experiments.analyze_figures`; the ``yingzao analyze`` subcommand is
:mod:`~yingzao.experiments.analyze_cli`. SALib and the EMA Workbench are imported only when used.

Example:
    >>> from yingzao.experiments.analyze import analyze, read_results
    >>> res = read_results("results/my-sweep")  # doctest: +SKIP
    >>> res.runs.head()  # one row per run  # doctest: +SKIP
    >>> a = analyze(res, outputs=["orgs_functional"], target="orgs_functional>=3")  # doctest: +SKIP
    >>> a.morris, a.prim_box  # DataFrames  # doctest: +SKIP
    >>> print(a.report()); a.save()  # into results/my-sweep/analysis/  # doctest: +SKIP
    >>> from yingzao.experiments.analyze_figures import morris_figure
    >>> morris_figure(a.morris)  # a Matplotlib figure  # doctest: +SKIP

"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from yingzao.experiments.analyze_prim import PrimResult, discover, parse_target
from yingzao.experiments.analyze_results import SweepResults, ranges, read_results

from yingzao.errors import InputError

__all__ = ["Analysis", "SweepResults", "analyze", "parse_target", "read_results"]

MORRIS_COLUMNS = ["output", "parameter", "mu", "mu_star", "sigma", "mu_star_conf"]
SOBOL_COLUMNS = ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
CURVE_COLUMNS = ["output", "parameter", "bin", "label", "x", "x_min", "x_max", "n"]
CURVE_COLUMNS += ["q10", "q50", "q90"]
PRIM_BOX_COLUMNS = ["parameter", "min", "max", "values", "range_min", "range_max"]
PRIM_BOX_COLUMNS += ["qp_lower", "qp_upper"]
PRIM_TRAJECTORY_COLUMNS = ["id", "coverage", "density", "mass", "res_dim", "n", "k"]


# --- sensitivity (SALib) ---------------------------------------------------------------------


def _why_not_all_points(res: SweepResults, method: str) -> str | None:
    """Why ``method`` cannot run on these results (it needs every point), or None."""
    if res.problem is None:
        return f"{method}: skipped, the sweep varies no numeric parameter"
    if res.missing_points:
        return f"{method}: skipped, it needs every design point; resume the sweep and analyze again"
    names = res.problem["names"]
    if len(res.design) != res.n_points or any(n not in res.design.columns for n in names):
        return f"{method}: skipped, design.parquet does not match the SALib problem in sweep.json"
    return None


def _point_means(res: SweepResults, per_point: pd.DataFrame, out: str, method: str, notes: list):
    """The output's per-point means in design order, or None (with a note) if some are NaN."""
    y = per_point.set_index("point")[out].reindex(range(res.n_points)).to_numpy(dtype=float)
    gaps = np.flatnonzero(np.isnan(y))
    if gaps.size:
        notes.append(
            f"{method} of {out}: skipped, no run has a value at {gaps.size} points "
            f"({ranges(gaps.tolist())}): the output does not apply there"
        )
        return None
    return y


def morris_indices(
    res: SweepResults, per_point: pd.DataFrame, outputs: list[str], notes: list[str]
) -> pd.DataFrame:
    """Morris mu, mu*, sigma and mu*'s 95% interval per output and parameter (SALib)."""
    from SALib.analyze import morris

    frames = []
    x = res.design_matrix()
    for out in outputs:
        y = _point_means(res, per_point, out, "Morris", notes)
        if y is None:
            continue
        try:
            si = morris.analyze(
                copy.deepcopy(res.problem),  # SALib adds keys to the problem it is given
                x,
                y,
                num_resamples=1000,
                conf_level=0.95,
                num_levels=int(res.spec.get("levels") or 4),
                seed=res.spec.get("seed"),
            )
        except (ValueError, RuntimeError) as e:
            notes.append(f"Morris of {out}: SALib could not analyze this design ({e})")
            continue
        df = si.to_df().rename_axis("parameter").reset_index()
        frames.append(df.assign(output=out))
    return (
        pd.concat(frames, ignore_index=True)[MORRIS_COLUMNS] if frames else _empty(MORRIS_COLUMNS)
    )


def sobol_indices(
    res: SweepResults, per_point: pd.DataFrame, outputs: list[str], notes: list[str]
) -> pd.DataFrame:
    """Sobol S1 and ST with 95% intervals per output and parameter (SALib)."""
    from SALib.analyze import sobol

    frames = []
    for out in outputs:
        y = _point_means(res, per_point, out, "Sobol", notes)
        if y is None:
            continue
        if np.ptp(y) == 0:
            notes.append(f"Sobol of {out}: skipped, it is {y[0]:g} at every point (no variance)")
            continue
        try:
            si = sobol.analyze(
                copy.deepcopy(res.problem),
                y,
                calc_second_order=bool(res.spec.get("calc_second_order", False)),
                num_resamples=1000,
                conf_level=0.95,
                seed=res.spec.get("seed"),
            )
        except (ValueError, RuntimeError) as e:
            notes.append(f"Sobol of {out}: SALib could not analyze this design ({e})")
            continue
        total, first = si.to_df()[:2]  # SALib's order: ST, S1 (then S2 if asked for)
        df = first.join(total).rename_axis("parameter").reset_index()
        notes += outside_0_1(out, df, res.spec.get("samples"))
        frames.append(df.assign(output=out))
    return pd.concat(frames, ignore_index=True)[SOBOL_COLUMNS] if frames else _empty(SOBOL_COLUMNS)


def outside_0_1(
    out: str,
    df: pd.DataFrame,
    samples: object,
    more: str = "run the sweep again with more 'samples'",
) -> list[str]:
    """A note when a Sobol index lies outside 0-1, where no share of variance can be.

    Only by more than the half-width of its 95% interval: the noise of an estimate near 0 does
    not count, too few samples do. ``df`` has ``parameter``, ``S1``, ``S1_conf``, ``ST`` and
    ``ST_conf``; ``more`` says how to get more samples.
    """
    rows = []
    for ix in ("S1", "ST"):
        v, half = df[ix], df[f"{ix}_conf"].fillna(0.0)
        off = np.maximum(-v - half, v - half - 1.0)  # > 0: the whole interval is outside 0-1
        rows += [(o, ix, p, x) for o, p, x in zip(off, df["parameter"], v, strict=True) if o > 0]
    if not rows:
        return []
    _, ix, p, x = max(rows)
    return [
        f"Sobol of {out}: {len(rows)} of the indices lie outside 0-1, where no share of variance "
        f"can be, by more than their 95% interval (e.g. {ix} of {p} = {x:.3g}): {samples} base "
        f"samples are too few to estimate them; read them as noise, or {more}"
    ]


# --- response curves -------------------------------------------------------------------------


def response_curves(
    runs: pd.DataFrame, parameters: list[str], outputs: list[str], bins: int = 8
) -> pd.DataFrame:
    """Each output against each parameter: per bin of the parameter, quantiles across runs.

    A numeric parameter with more than ``bins`` distinct values is cut into up to ``bins``
    quantile bins (equal numbers of runs); otherwise (a grid or Morris levels, or categories)
    each value is its own bin. Columns: ``output``, ``parameter``, ``bin`` (0, 1, ...), ``label``
    (the value or the bin's interval), ``x`` (median of the parameter in the bin; NaN for
    categories), ``x_min``, ``x_max``, ``n`` (runs with a value), ``q10``, ``q50``, ``q90``.
    """
    frames = []
    for p in parameters:
        col = runs[p]
        numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        key = pd.qcut(col, bins, duplicates="drop") if numeric and col.nunique() > bins else col
        # categories stay in the order the design has them (a grid's order), numbers ascend
        g = runs.groupby(key.rename("_bin"), observed=True, sort=numeric)
        xs = g[p].agg(["median", "min", "max"]) if numeric else None
        for out in outputs:
            q = g[out].quantile([0.1, 0.5, 0.9]).unstack()
            df = pd.DataFrame(
                {
                    "output": out,
                    "parameter": p,
                    "label": [str(k) for k in q.index],
                    "x": xs["median"].to_numpy(float) if numeric else np.nan,
                    "x_min": xs["min"].to_numpy(float) if numeric else np.nan,
                    "x_max": xs["max"].to_numpy(float) if numeric else np.nan,
                    "n": g[out].count().to_numpy(),
                    "q10": q[0.1].to_numpy(float),
                    "q50": q[0.5].to_numpy(float),
                    "q90": q[0.9].to_numpy(float),
                }
            )
            df.insert(2, "bin", np.arange(len(df)))
            frames.append(df[df["n"] > 0])
    return pd.concat(frames, ignore_index=True)[CURVE_COLUMNS] if frames else _empty(CURVE_COLUMNS)


# --- the analysis ----------------------------------------------------------------------------


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})


@dataclass(eq=False)
class Analysis:
    """Results of :func:`analyze`.

    Attributes:
        results: The sweep's results as read.
        outputs: The outputs analyzed.
        per_point: One row per finished design point: ``point``, the used parameter values,
            ``n_runs`` and the mean of each output over its replicates.
        morris: Morris indices (``output``, ``parameter``, ``mu``, ``mu_star``, ``sigma``,
            ``mu_star_conf``); empty unless the design is ``morris`` and every point finished.
        sobol: Sobol indices (``output``, ``parameter``, ``S1``, ``S1_conf``, ``ST``,
            ``ST_conf``); empty unless the design is ``sobol`` and every point finished.
        curves: Response-curve data (see :func:`response_curves`).
        prim: The PRIM result, or None when no target was given or PRIM was skipped.
        notes: What was skipped or left out, and why.

    """

    results: SweepResults
    outputs: list[str]
    per_point: pd.DataFrame
    morris: pd.DataFrame
    sobol: pd.DataFrame
    curves: pd.DataFrame
    prim: PrimResult | None
    notes: list[str]

    @property
    def prim_box(self) -> pd.DataFrame:
        """The chosen PRIM box: one row per restricted parameter (empty without PRIM)."""
        return self.prim.limits if self.prim else _empty(PRIM_BOX_COLUMNS)

    @property
    def prim_trajectory(self) -> pd.DataFrame:
        """PRIM's peeling and pasting trajectory (empty without PRIM)."""
        return self.prim.trajectory if self.prim else _empty(PRIM_TRAJECTORY_COLUMNS)

    def report(self) -> str:
        """The analysis as plain text: notes, then one table per analysis."""
        from yingzao.experiments.analyze_report import report_text

        return report_text(self)

    def save(self, out: str | os.PathLike | None = None) -> list[Path]:
        """Write CSV tables, PNG figures and ``report.md``.

        Args:
            out: The folder (default: ``analysis`` inside the results folder).

        Returns:
            The files written.

        """
        from yingzao.experiments.analyze_report import save

        return save(self, Path(out) if out is not None else self.results.folder / "analysis")


def analyze(
    results: str | os.PathLike | SweepResults,
    outputs: list[str] | None = None,
    target: str | None = None,
    out: str | os.PathLike | None = None,
    *,
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
    bins: int = 8,
) -> Analysis:
    """Analyze a sweep's results folder.

    Args:
        results: The results folder, or results already read with :func:`read_results`.
        outputs: Summary keys to analyze (default: every output the sweep kept).
        target: PRIM target ``"OUTPUT OP NUMBER"`` (OP: >=, >, <=, <), judged on each design
            point's mean over replicates; None skips PRIM.
        out: If given, save the analysis there (see :meth:`Analysis.save`).
        threshold: Density the reported PRIM box must reach (0 < threshold <= 1).
        peel_alpha: Share of points PRIM peels off per step.
        bins: Most bins per parameter in the response curves.

    Returns:
        The :class:`Analysis`.

    Raises:
        InputError: unreadable or unfinished folder, unknown output, bad target or threshold.

    """
    if not isinstance(results, SweepResults | str | os.PathLike):
        raise TypeError(
            f"results: must be a results folder or SweepResults, not {type(results).__name__}"
        )
    res = results if isinstance(results, SweepResults) else read_results(results)
    if outputs is None:  # every kept output the runs carry
        outputs = [k for k in res.outputs if k in res.runs.columns]
    outs = res.check_outputs(list(outputs))
    if not outs:
        raise InputError("no outputs to analyze")
    if not 0 < threshold <= 1:
        raise InputError(f"threshold {threshold}: must be above 0 and at most 1")
    if bins < 1:
        raise InputError(f"bins {bins}: must be at least 1")
    tgt = parse_target(target) if target is not None else None
    wanted = outs if tgt is None else list(dict.fromkeys([*outs, *res.check_outputs([tgt.output])]))
    per_point = res.per_point(wanted)
    notes: list[str] = []
    if res.missing_points:
        miss = res.missing_points
        notes.append(
            f"partial results: {len(miss)} of {res.n_points} design points have no finished run "
            f"yet (points {ranges(miss)})"
        )
    if res.incomplete_points:
        k = len(res.incomplete_points)
        notes.append(
            f"{k} points have fewer than {res.reps} finished replicates; their means "
            "use the runs there are"
        )
    morris = _empty(MORRIS_COLUMNS)
    sobol = _empty(SOBOL_COLUMNS)
    if res.design_kind in ("morris", "sobol"):
        method = res.design_kind.capitalize()
        why = _why_not_all_points(res, method)
        if why:
            notes.append(why)
        elif res.design_kind == "morris":
            morris = morris_indices(res, per_point, outs, notes)
        else:
            sobol = sobol_indices(res, per_point, outs, notes)
    else:
        notes.append(
            f"Morris and Sobol indices need a morris or sobol design (this one is "
            f"{res.design_kind}): response curves and PRIM only"
        )
    runs = res.runs
    if any(p not in runs.columns for p in res.parameters):
        runs = runs.drop(columns=[p for p in res.parameters if p in runs.columns])
        runs = runs.join(res.used_values(), on="point")
    curves = response_curves(runs, res.parameters, outs, bins)
    prim = None
    if tgt is None:
        notes.append("PRIM: skipped, no target given (e.g. --target 'orgs_functional>=3')")
    else:
        prim = discover(per_point, res.parameters, tgt, threshold, peel_alpha, notes)
    a = Analysis(res, outs, per_point, morris, sobol, curves, prim, notes)
    if out is not None:
        a.save(out)
    return a
