"""Sweep designs: the points at which a sweep runs the model.

Design point ``p`` is row ``p`` of the sampler's matrix: SALib's row order is kept, because its
analysis functions (Sobol, Morris) pair outputs with sample rows by position. Integer parameters
are sampled on their continuous range and rounded half-up for the runs; the design keeps both the
sampled value (column ``<key>``, what an analysis must see) and the used one (``<key>__used``).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from yingzao.model.defaults import DECLARATIONS
from yingzao.model.params import Param

if TYPE_CHECKING:
    from yingzao.experiments.sweep_spec import SweepSpec

__all__ = ["MAX_POINTS", "MAX_RUNS", "build_design", "expected_points", "is_numeric"]

# A typo in a grid (say 100 levels of 8 parameters) or in the replicates (reps = 1e9) must fail at
# once, not enumerate and check billions of runs: a million runs is days of work on a workstation
# and hours on a cluster; larger studies are several sweeps.
MAX_RUNS = 1_000_000
MAX_POINTS = MAX_RUNS


def is_numeric(p: Param) -> bool:
    """Whether a parameter is a number (int or float), i.e. can be given a [low, high] range."""
    return p.kind in (int, float)


def _round(x: np.ndarray) -> np.ndarray:
    """Half-up rounding (numpy's round is half-to-even, which would favour even integers)."""
    return np.floor(np.asarray(x, dtype=float) + 0.5).astype(np.int64)


def expected_points(design: str, samples: int, parameters: dict[str, list]) -> int:
    """Number of points of a design (for a grid of integers, an upper bound), without sampling."""
    d = sum(is_numeric(DECLARATIONS[k]) for k in parameters)
    if design == "grid":
        n = 1
        for k, rng in parameters.items():
            p = DECLARATIONS[k]
            if not is_numeric(p):
                n *= len(rng)
            elif p.kind is int:
                n *= min(samples, int(rng[1]) - int(rng[0]) + 1)  # rounding merges close levels
            else:
                n *= samples
        return n
    if design in ("lhs", "table"):
        return samples
    if design == "sobol":
        return samples * (d + 2)  # Saltelli without second-order terms
    return samples * (d + 1)  # morris: trajectories of d steps


def _sample(spec: SweepSpec) -> np.ndarray:
    """The sampled matrix (points x numeric parameters) of an lhs, sobol or morris design."""
    problem = spec.problem
    if spec.design == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(problem["num_vars"], rng=spec.seed).random(spec.samples)
        bounds = np.asarray(problem["bounds"], dtype=float)
        return qmc.scale(unit, bounds[:, 0], bounds[:, 1])
    if spec.design == "sobol":
        from SALib.sample import sobol

        return sobol.sample(problem, spec.samples, calc_second_order=False, seed=spec.seed)
    from SALib.sample import morris

    return morris.sample(problem, N=spec.samples, num_levels=spec.levels, seed=spec.seed)


def build_design(spec: SweepSpec) -> pd.DataFrame:
    """The design of ``spec``: ``point``, each varied key (sampled), each ``<key>__used``.

    Grid: every combination of ``samples`` evenly spaced levels per numeric parameter (integer
    levels rounded and deduplicated, so sampled and used values are equal) and the listed values
    of bool/text parameters, the first parameter varying slowest. Other designs: row ``p`` of the
    sampler's matrix, integers rounded half-up in ``__used``.
    """
    keys = list(spec.parameters)
    sampled: dict[str, Any] = {}
    used: dict[str, Any] = {}
    if spec.design == "table":
        for k in keys:
            col = [pt[k] for pt in spec.table]
            sampled[k] = col
            used[k] = col  # given values are used as they are (already of the key's type)
    elif spec.design == "grid":
        axes = []
        for k in keys:
            p, rng = DECLARATIONS[k], spec.parameters[k]
            if not is_numeric(p):
                axes.append(list(rng))
                continue
            xs = np.linspace(rng[0], rng[1], spec.samples)
            axes.append(np.unique(_round(xs)).tolist() if p.kind is int else xs.tolist())
        combos = list(itertools.product(*axes))
        for j, k in enumerate(keys):
            col = [c[j] for c in combos]
            sampled[k] = col
            used[k] = col
    else:
        x = _sample(spec)
        for j, k in enumerate(keys):
            sampled[k] = x[:, j]
            used[k] = _round(x[:, j]) if DECLARATIONS[k].kind is int else x[:, j]
    n = len(next(iter(sampled.values())))
    df = pd.DataFrame({"point": np.arange(n, dtype=np.int64)})
    for k in keys:
        df[k] = sampled[k]
    for k in keys:
        df[f"{k}__used"] = used[k]
    return df
