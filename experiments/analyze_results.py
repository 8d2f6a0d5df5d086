"""Reading a sweep's results folder into DataFrames (for ``yingzao analyze`` and notebooks).

The sweep engine writes the folder; this module only reads it:

- ``sweep.json``: the sweep's specification (design, parameters, kept outputs, SALib problem, ...);
- ``design.parquet``: one row per design point: ``point``, the sampled value of each varied
  parameter (column named by its key) and the value used (``<key>__used``, integers rounded);
- ``runs/part-*.parquet``: one row per finished run: ``run_id``, ``point``, ``rep``, ``seed``, the
  used value of each varied parameter, every kept output, ``seconds``;
- ``series/part-*.parquet`` (optional): ``run_id``, ``month`` and the monthly series.

A sweep that crashed and resumed may have written a run twice (the first copy is kept), and a part
still being written has a name that does not end in ``.parquet`` (it is not read).

Example:
    >>> from yingzao.experiments.analyze_results import read_results
    >>> res = read_results("results/my-sweep")  # doctest: +SKIP
    >>> res.per_point(["orgs_functional"]).head()  # doctest: +SKIP

"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from yingzao.errors import InputError

__all__ = ["SweepResults", "ranges", "read_results"]

_IDS = ("run_id", "point", "rep", "seed", "seconds")


def _part_order(path: Path) -> tuple[int, str]:
    m = re.fullmatch(r"part-(\d+)\.parquet", path.name)
    return (int(m.group(1)) if m else -1, path.name)


def _read_parts(folder: Path) -> pd.DataFrame | None:
    """All ``part-*.parquet`` files of ``folder`` in name order, concatenated (None if none)."""
    if not folder.is_dir():
        return None
    # only whole parts: one still being written has another name and must not be read half-done;
    # numbered parts in number order (oldest first), so that the first copy of a run wins
    paths = sorted(folder.glob("part-*.parquet"), key=_part_order)
    frames = []
    for p in paths:
        try:
            frames.append(pd.read_parquet(p))
        except (OSError, ValueError) as e:  # pyarrow's errors derive from these
            raise InputError(f"{p}: cannot read this results part ({e})") from None
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else None


def ranges(points: list[int]) -> str:
    """Whole numbers as compact ranges: ``[0, 1, 2, 5, 7, 8]`` -> ``'0-2, 5, 7-8'``."""
    out: list[list[int]] = []
    for p in sorted(points):
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in out)


@dataclass(eq=False)
class SweepResults:
    """A sweep's results folder as DataFrames.

    Attributes:
        folder: The results folder.
        spec: The contents of ``sweep.json``.
        design: One row per design point, sorted by ``point``.
        runs: One row per finished run (duplicates removed), sorted by ``point`` and ``rep``.

    """

    folder: Path
    spec: dict[str, Any]
    design: pd.DataFrame
    runs: pd.DataFrame

    @property
    def design_kind(self) -> str:
        """The design: ``"grid"``, ``"lhs"``, ``"sobol"`` or ``"morris"``."""
        return str(self.spec["design"])

    @property
    def parameters(self) -> list[str]:
        """Keys of the varied parameters, in the specification's order."""
        return list(self.spec["parameters"])

    @property
    def outputs(self) -> list[str]:
        """The summary keys the sweep kept."""
        return list(self.spec["outputs"])

    @property
    def problem(self) -> dict[str, Any] | None:
        """The SALib problem of the numeric varied parameters (None if the sweep has none)."""
        pr = self.spec.get("problem")
        return pr if pr and pr.get("names") else None

    @property
    def n_points(self) -> int:
        """Points in the design."""
        return int(self.spec.get("n_points") or len(self.design))

    @property
    def reps(self) -> int:
        """Replicates per design point."""
        return int(self.spec.get("reps") or 1)

    @cached_property
    def missing_points(self) -> list[int]:
        """Design points without any finished run."""
        done = set(self.runs["point"].astype(int).tolist())
        return [p for p in range(self.n_points) if p not in done]

    @cached_property
    def incomplete_points(self) -> list[int]:
        """Design points with some but fewer than ``reps`` finished runs."""
        n = self.runs.groupby("point").size()
        return sorted(int(p) for p in n.index[n < self.reps])

    @cached_property
    def series(self) -> pd.DataFrame | None:
        """The monthly series of the finished runs (None if the sweep kept none)."""
        ser = _read_parts(self.folder / "series")
        if ser is None:
            return None
        ser = ser.drop_duplicates(["run_id", "month"], keep="first")
        return ser.sort_values(["run_id", "month"], kind="stable").reset_index(drop=True)

    def used_values(self) -> pd.DataFrame:
        """Per design point (index ``point``) the parameter values actually used, by key."""
        d = self.design.set_index("point")
        cols = {k: f"{k}__used" if f"{k}__used" in d.columns else k for k in self.parameters}
        return d[list(cols.values())].set_axis(list(cols), axis=1)

    def check_outputs(self, outputs: list[str]) -> list[str]:
        """``outputs`` validated against the kept, numeric output columns of the runs.

        Raises:
            InputError: an output the sweep did not keep, or one that is not a number.

        """
        kept = [k for k in self.outputs if k in self.runs.columns]
        for k in outputs:
            if k not in kept:
                raise InputError(f"unknown output {k!r}; outputs in this sweep: {', '.join(kept)}")
            col = self.runs[k]
            if not (pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)):
                raise InputError(f"output {k!r} is not a number (dtype {col.dtype})")
        return list(outputs)

    def per_point(self, outputs: list[str] | None = None) -> pd.DataFrame:
        """One row per design point with at least one finished run.

        Columns: ``point``, the used value of each varied parameter, ``n_runs``, then per output
        the mean over the point's replicates; NaN (output not applicable in a run) is left out of
        the mean, and a point where no run has a value is NaN.
        """
        outs = self.check_outputs(self.outputs if outputs is None else list(outputs))
        g = self.runs.groupby("point")
        agg = g[outs].mean().join(g.size().rename("n_runs"))[["n_runs", *outs]]
        out = self.used_values().join(agg, how="inner")
        return out.reset_index()

    def design_matrix(self) -> np.ndarray:
        """The sampled values (rows = points, columns = the SALib problem's names) as floats."""
        names = (self.problem or {}).get("names", [])
        return self.design[names].to_numpy(dtype=float)


def read_results(results: str | os.PathLike) -> SweepResults:
    """Read a sweep's results folder.

    Args:
        results: The folder the sweep engine wrote.

    Returns:
        The :class:`SweepResults`.

    Raises:
        InputError: missing folder, not a sweep results folder, or no finished run yet.

    """
    folder = Path(results)
    if not folder.exists():
        raise InputError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    sj = folder / "sweep.json"
    if not sj.is_file():
        raise InputError(f"{folder}: not a sweep results folder (no sweep.json)")
    try:
        spec = json.loads(sj.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(f"{sj}: cannot read ({e})") from None
    if not isinstance(spec, dict) or not {"design", "parameters", "outputs"} <= set(spec):
        raise InputError(f"{sj}: not a sweep description (needs design, parameters, outputs)")
    dp = folder / "design.parquet"
    if not dp.is_file():
        raise InputError(f"{folder}: not a sweep results folder (no design.parquet)")
    try:
        design = pd.read_parquet(dp)
    except (OSError, ValueError) as e:
        raise InputError(f"{dp}: cannot read ({e})") from None
    missing = [c for c in ("point", *spec["parameters"]) if c not in design.columns]
    if missing:
        raise InputError(f"{dp}: no column {missing[0]!r}")
    design = design.sort_values("point", kind="stable").reset_index(drop=True)
    runs = _read_parts(folder / "runs")
    if runs is None:
        raise InputError(f"{folder}: no finished runs yet (no rows in runs/part-*.parquet)")
    missing = [c for c in ("run_id", "point", "rep") if c not in runs.columns]
    if missing:
        raise InputError(f"{folder / 'runs'}: no column {missing[0]!r} in the runs")
    # a crash between writing a part and recording it re-runs those runs: keep the first copy
    runs = runs.drop_duplicates("run_id", keep="first")
    runs = runs.sort_values(["point", "rep"], kind="stable").reset_index(drop=True)
    return SweepResults(folder, spec, design, runs)
