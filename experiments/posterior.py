"""Parameter uncertainty: replicates that draw their calibrated parameters from the posterior.

The calibration (``yingzao calibrate``) keeps a posterior sample: the parameter sets its history
matching did not rule out, best first (``posterior.parquet`` in the record the calibrated
defaults name). With draws on, replicate ``i`` of every scenario runs with posterior set
``order[i mod n]`` (one fixed shuffled order, so replicates are paired across scenarios: the same
seed and the same parameter set), and its intervals cover both the seed noise and what the
calibration leaves unknown about the parameters. A key the scenario, its profile or the user set
keeps that value: only keys still at their calibrated default are drawn.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from yingzao.model.calibrated_defaults import CALIBRATED, RECORD
from yingzao.model.defaults import POLICIES
from yingzao.scenarios import Scenario

from yingzao.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
ORDER_SEED = 20161  # fixes the shuffled order in which replicates take the posterior's sets


def posterior_file() -> Path | None:
    """The posterior sample of the record the calibrated defaults come from (None: no record)."""
    if not CALIBRATED or not RECORD:
        return None
    return ROOT / Path(RECORD.split(" ", 1)[0]).parent / "posterior.parquet"


@cache
def posterior_sets() -> pd.DataFrame | None:
    """The posterior's parameter sets (calibrated keys only), in replicate order; None if none.

    Raises:
        InputError: the calibrated defaults name a record whose posterior file is missing.

    """
    path = posterior_file()
    if path is None:
        return None
    if not path.exists():
        raise InputError(
            f"the calibrated defaults name {RECORD}, but its posterior sample {path} is missing: "
            "restore it, or run without posterior draws"
        )
    df = pd.read_parquet(path)
    keys = [k for k in df.columns if k in CALIBRATED]
    order = np.random.default_rng(ORDER_SEED).permutation(len(df))
    return df[keys].iloc[order].reset_index(drop=True)


def drawn(sc: Scenario, rep: int, sets: pd.DataFrame | None) -> tuple[Scenario, int | None]:
    """Scenario ``sc`` with replicate ``rep``'s posterior set; and that set's row (or None)."""
    if sets is None or sets.empty:
        return sc, None
    row = rep % len(sets)
    keys = [k for k in sets.columns if sc.origins.get(k) == "default"]
    if not keys:
        return sc, row
    ov = {k: float(sets.at[row, k]) for k in keys}
    switches = {f"{k.split('.', 1)[0]}.enabled" for k in keys if k.split(".", 1)[0] in POLICIES}
    ov |= {s: sc.values[s] for s in switches}  # a drawn key switches no policy on
    out = sc.with_overrides(ov, origin="posterior")
    out.origins.update({s: sc.origins[s] for s in switches})
    return out, row


def describe(n_sets: int | None) -> str:
    """One sentence saying what the intervals cover."""
    if n_sets:
        return (
            f"Each replicate draws its calibrated parameters from the calibration's posterior "
            f"({n_sets} sets), so intervals cover seed noise and parameter uncertainty."
        )
    return "Parameters fixed at their defaults: intervals cover seed noise only."
