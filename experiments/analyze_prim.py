"""Scenario discovery with PRIM (the EMA Workbench's) on a sweep's design points.

A target such as ``functional_alive_24m_after>=3`` marks every design point whose mean over its
replicates meets it; PRIM then peels the parameter space down to a box of parameter ranges where
most points meet the target (density) while keeping most of the points that do (coverage).

The target is judged per design point, on the mean over replicates, not per run: the question is
which parameter settings lead to the outcome, every replicate of a point shares its parameter
values, and PRIM's peeling cuts at quantiles of the parameters, which identical rows with
conflicting labels would only blur. With one replicate per point the two are the same.
"""

from __future__ import annotations

import contextlib
import logging
import operator
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yingzao.errors import InputError

__all__ = ["PrimResult", "Target", "choose_box", "discover", "parse_target", "run_prim"]

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TARGET = re.compile(rf"^\s*([A-Za-z_][\w.]*)\s*(>=|<=|>|<)\s*({_NUMBER})\s*$")
_OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
_FORM = "OUTPUT OP NUMBER with OP one of >=, >, <=, < (e.g. 'functional_alive_24m_after>=3')"


@dataclass(frozen=True)
class Target:
    """A condition on one output: ``output op value``."""

    output: str
    op: str
    value: float

    def __str__(self) -> str:
        return f"{self.output}{self.op}{self.value:g}"

    def holds(self, values: np.ndarray | pd.Series) -> np.ndarray:
        """Where the condition holds (NaN never does)."""
        return np.asarray(_OPS[self.op](np.asarray(values, dtype=float), self.value), dtype=bool)


def parse_target(expr: str) -> Target:
    """Parse ``"OUTPUT OP NUMBER"``, e.g. ``"functional_alive_24m_after>=3"``.

    Raises:
        InputError: anything else, naming the allowed form.

    """
    m = _TARGET.match(expr) if isinstance(expr, str) else None
    if m is None:
        raise InputError(f"target {expr!r}: expected {_FORM}")
    return Target(m.group(1), m.group(2), float(m.group(3)))


@dataclass(eq=False)
class PrimResult:
    """The box PRIM found and how it was chosen.

    Attributes:
        target: The condition marking the points of interest.
        threshold: The density the chosen box had to reach.
        limits: One row per restricted parameter: ``parameter``, ``min``, ``max`` (the box),
            ``values`` (for a category: the values kept, of all), ``range_min``, ``range_max``
            (the values in the sweep), ``qp_lower``, ``qp_upper`` (PRIM's quasi-p values of
            the restriction; NaN where a side is not restricted).
        trajectory: The peeling and pasting trajectory: ``id``, ``coverage``, ``density``,
            ``mass``, ``res_dim``, ``n`` (points in the box), ``k`` (of these, of interest).
        chosen: Id of the chosen box on the trajectory.
        met: Whether the chosen box reaches the threshold.
        n_points: Points PRIM saw; ``n_interest`` of them meet the target.
        box: The EMA Workbench ``PrimBox`` (for ``inspect``, ``show_pairs_scatter``, ...).

    """

    target: Target
    threshold: float
    limits: pd.DataFrame
    trajectory: pd.DataFrame
    chosen: int
    met: bool
    n_points: int
    n_interest: int
    box: Any

    @property
    def stats(self) -> dict[str, float]:
        """Coverage, density, mass and restricted dimensions of the chosen box."""
        row = self.trajectory.loc[self.trajectory["id"] == self.chosen].iloc[0]
        return {k: float(row[k]) for k in ("coverage", "density", "mass", "res_dim")}


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the EMA Workbench's import warnings (optional packages) and its INFO logging."""
    ema = logging.getLogger("EMA")
    level = ema.level
    ema.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        ema.setLevel(level)


def choose_box(trajectory: pd.DataFrame, threshold: float) -> tuple[int, bool]:
    """The box to report: ``(id, reaches the threshold)``.

    Among the boxes whose density reaches ``threshold``, the one that keeps the most points of
    interest (highest coverage; then the densest, the fewest restricted parameters). Peeling
    goes on while density rises, so its last boxes are small, over-restricted and mostly fit
    noise; the widest box that is dense enough is the usual choice in scenario discovery. If no
    box reaches the threshold, the one with the highest coverage x density.
    """
    t = trajectory
    dense = t[t["density"] >= threshold - 1e-12]
    if len(dense):
        best = dense.sort_values(
            ["coverage", "density", "res_dim", "id"], ascending=[False, False, True, True]
        )
        return int(best["id"].iloc[0]), True
    score = t["coverage"] * t["density"]
    return int(t.loc[score.idxmax(), "id"]), False


def _prim_ready(x: pd.DataFrame) -> pd.DataFrame:
    """Columns typed as PRIM reads them: it looks only at float64/int64 numbers and categories."""
    x = x.reset_index(drop=True).copy()
    for c in x.columns:
        col = x[c]
        if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
            x[c] = col.astype(str).astype("category")
        elif pd.api.types.is_integer_dtype(col):
            x[c] = col.astype(np.int64)
        else:
            x[c] = col.astype(np.float64)
    return x


def _limits(lim: pd.DataFrame, init: pd.DataFrame, qp: dict[str, list[float]]) -> pd.DataFrame:
    """The box's restricted parameters as a table (see :class:`PrimResult`).

    Assembled from the box's own limits and quasi-p values rather than ``PrimBox.inspect``, whose
    table cannot hold a categorical parameter's set of values under pandas 3.
    """
    rows = []
    for c in init.columns:
        if c not in qp:  # the quasi-p values are keyed by the restricted parameters
            continue
        row = {"parameter": c, "min": np.nan, "max": np.nan, "values": ""}
        row.update(range_min=np.nan, range_max=np.nan)
        if isinstance(lim.loc[0, c], set):  # a category: PRIM keeps a subset of its values
            kept, every = sorted(map(str, lim.loc[0, c])), sorted(map(str, init.loc[0, c]))
            row["values"] = f"{', '.join(kept)} (of {', '.join(every)})"
        else:
            row.update(min=lim.loc[0, c], max=lim.loc[1, c])
            row.update(range_min=init.loc[0, c], range_max=init.loc[1, c])
        lower, upper = (np.nan if v == -1 else v for v in qp[c])  # -1: that side not restricted
        rows.append({**row, "qp_lower": lower, "qp_upper": upper})
    cols = ["parameter", "min", "max", "values", "range_min", "range_max", "qp_lower", "qp_upper"]
    return pd.DataFrame(rows, columns=cols)


def run_prim(
    x: pd.DataFrame,
    y: np.ndarray,
    target: Target,
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
) -> PrimResult:
    """Find one PRIM box for the points where ``y`` is true.

    Args:
        x: The parameter values, one row per point (numbers or categories).
        y: True for points of interest; must hold for some but not all points.
        target: The condition ``y`` came from (for the report).
        threshold: Density the reported box must reach (see :func:`choose_box`).
        peel_alpha: Share of points peeled off per step.

    Returns:
        The :class:`PrimResult`.

    """
    y = np.asarray(y, dtype=bool)
    if y.all() or not y.any():
        raise ValueError("PRIM needs points both meeting and missing the target")
    with _quiet():
        from ema_workbench.analysis import prim

        p = prim.Prim(_prim_ready(x), y.astype(int), peel_alpha=peel_alpha)
        box = p.find_box()
        traj = box.peeling_trajectory.astype({"id": int, "n": int, "k": int, "res_dim": int})
        chosen, met = choose_box(traj, threshold)
        box.select(chosen)
    lims = _limits(box.box_lims[chosen], p.box_init, box.p_values[chosen])
    cols = ["id", "coverage", "density", "mass", "res_dim", "n", "k"]
    return PrimResult(
        target=target,
        threshold=threshold,
        limits=lims,
        trajectory=traj[cols].reset_index(drop=True),
        chosen=chosen,
        met=met,
        n_points=len(y),
        n_interest=int(y.sum()),
        box=box,
    )


def discover(
    per_point: pd.DataFrame,
    parameters: list[str],
    target: Target,
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
    notes: list[str] | None = None,
) -> PrimResult | None:
    """PRIM on the design points for ``target``, or None (with a note) when it cannot separate.

    Points where the target's output has no value (it does not apply there) are left out; a
    target that holds at every point or at none leaves nothing to separate.

    Args:
        per_point: One row per design point: the parameters' used values and the output's mean.
        parameters: The columns of ``per_point`` that PRIM may restrict.
        target: The condition on the output.
        threshold: Density the reported box must reach (see :func:`choose_box`).
        peel_alpha: Share of points peeled off per step.
        notes: Where to add what was left out or skipped, and why.

    """
    notes = [] if notes is None else notes
    vals = per_point[target.output]
    ok = vals.notna().to_numpy()
    if not ok.any():
        notes.append(f"PRIM: skipped, {target.output} has no value at any finished point")
        return None
    if not ok.all():
        notes.append(
            f"PRIM: {int((~ok).sum())} points left out, where no run has a value of "
            f"{target.output} (it does not apply there)"
        )
    y = target.holds(vals[ok])
    if y.all() or not y.any():
        notes.append(
            f"PRIM: skipped, the target {target} holds at {'every one' if y.all() else 'none'} "
            f"of the {len(y)} points ({target.output} from {np.nanmin(vals):g} to "
            f"{np.nanmax(vals):g}), so no parameter range separates it"
        )
        return None
    return run_prim(per_point.loc[ok, parameters], y, target, threshold, peel_alpha)
