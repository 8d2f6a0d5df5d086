"""Gaussian-process emulators of the model's target statistics, and the implausibility measure.

History matching (Craig et al. 1997; Vernon et al. 2010; Andrianakis et al. 2015): for each
target ``t`` an emulator predicts, at a parameter set ``x``, the mean statistic over seeds,
``m_t(x)``, with variance ``s_t(x)^2``. ``x`` is ruled out when ``max_t I_t(x)`` exceeds the
cutoff (3, after Pukelsheim's three-sigma rule), with ``z_t`` the middle of the target's band,
``V_obs = (halfwidth / 2)^2`` (the band read as two standard deviations of what the field's words
allow), ``V_disc = (discrepancy * halfwidth)^2`` (what the model cannot get right whatever its
parameters) and ``V_seed`` the variance between seeds of one parameter set (one run's). The
spec's ``[waves] seed_term`` says how seed noise enters:

``"mean"`` (the default, and the shipped record's)::

    I_t(x) = |m_t(x) - z_t| / sqrt(s_t(x)^2 + V_obs,t + V_disc,t + V_seed,t / reps)

  with ``s_t(x)^2`` the GP's predictive variance, which includes its fitted WhiteKernel nugget
  (itself an estimate of the variance of a set's mean over its ``reps`` seeds): seed noise is
  counted twice.

``"run"``::

    I_t(x) = |m_t(x) - z_t| / sqrt(l_t(x)^2 + V_obs,t + V_disc,t + V_seed,t)

  with ``l_t(x)^2 = max(s_t(x)^2 - nugget, 0)`` the latent variance (``nugget`` the WhiteKernel's
  noise level times the training ``y``'s variance, sklearn's ``normalize_y``), and ``V_seed`` once,
  whole: the field figure is one community, one realization, so the model's stand-in for it is
  one run, not a mean of seeds (Andrianakis et al. 2015, "ensemble variability").

A run set's *simulated* implausibility (from its own mean over ``n`` seeds, no emulator;
:func:`yingzao.experiments.calibrate.simulated_implausibility`) uses ``V_seed / n`` with
``"mean"`` and ``V_seed * (1 + 1 / n)`` with ``"run"`` (the realization's variance plus the
mean's own).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np


@dataclass
class TargetEmulator:
    """One target's emulator and the terms of its implausibility."""

    target_id: str
    center: float
    var_fixed: float  # V_obs + V_disc + V_seed / reps ("mean") or + V_seed ("run")
    gp: object | None  # sklearn GaussianProcessRegressor (None: not enough finite runs)
    fallback_mean: float = np.nan
    latent: bool = False  # predict the latent variance, without the WhiteKernel nugget ("run")

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mean and variance of the statistic at unit-scaled parameter sets ``x``."""
        if self.gp is None:
            return np.full(len(x), self.fallback_mean), np.full(len(x), np.inf)
        m, s = self.gp.predict(x, return_std=True)
        if self.latent:
            return m, np.clip(s**2 - nugget(self.gp), 0.0, None)
        return m, s**2

    def implausibility(self, x: np.ndarray) -> np.ndarray:
        """``I_t`` at unit-scaled parameter sets ``x`` (0 where the target cannot be emulated)."""
        if self.gp is None:
            return np.zeros(len(x))
        m, var = self.predict(x)
        return np.abs(m - self.center) / np.sqrt(var + self.var_fixed)


def fit_gp(x: np.ndarray, y: np.ndarray, seed: int) -> object:
    """A GP regressor (Matern 5/2 with one length per parameter, plus noise) fitted to ``y``."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

    d = x.shape[1]
    kernel = ConstantKernel(1.0, (1e-3, 1e3)) * Matern(
        length_scale=np.full(d, 0.5), length_scale_bounds=(0.02, 50.0), nu=2.5
    ) + WhiteKernel(1e-2, (1e-6, 1.0))
    gp = GaussianProcessRegressor(
        kernel=kernel, normalize_y=True, n_restarts_optimizer=2, random_state=seed
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gp.fit(x, y)
    return gp


def nugget(gp) -> float:
    """The fitted WhiteKernel noise level of :func:`fit_gp`'s kernel, in the data's units.

    sklearn's ``predict(return_std=True)`` returns ``sqrt(kernel_.diag(x) - v'v) * y_std`` with
    ``normalize_y``, and the WhiteKernel (``kernel_.k2``) adds its ``noise_level`` to ``diag``.
    """
    return float(gp.kernel_.k2.noise_level * np.square(gp._y_train_std))


def build(
    target,
    x: np.ndarray,
    y: np.ndarray,
    seed_var: float,
    reps: int,
    discrepancy: float,
    seed: int,
    seed_term: str = "mean",
) -> TargetEmulator:
    """The emulator of ``target`` from unit-scaled sets ``x`` and their mean statistics ``y``.

    ``seed_term`` ``"mean"`` or ``"run"``: how seed noise enters (the module docstring).
    """
    ok = np.isfinite(y)
    hw = target.halfwidth
    run = seed_term == "run"
    seed_part = seed_var if run else seed_var / max(reps, 1)
    var_fixed = (hw / 2) ** 2 + (discrepancy * hw) ** 2 + seed_part
    if ok.sum() < max(8, x.shape[1] + 2) or np.ptp(y[ok]) == 0:
        mean = float(np.mean(y[ok])) if ok.any() else np.nan
        return TargetEmulator(target.id, target.center, var_fixed, None, mean)
    gp = fit_gp(x[ok], y[ok], seed)
    return TargetEmulator(target.id, target.center, var_fixed, gp, latent=run)


def cross_validate(
    emu: TargetEmulator, x: np.ndarray, y: np.ndarray, folds: int, seed: int
) -> dict[str, np.ndarray]:
    """K-fold predictions of ``y`` (refitting the GP without each fold): mean, sd, held-out y."""
    ok = np.flatnonzero(np.isfinite(y))
    if emu.gp is None or ok.size < folds * 2:
        return {"y": y[ok], "mean": np.full(ok.size, np.nan), "sd": np.full(ok.size, np.nan)}
    rng = np.random.default_rng(seed)
    order = rng.permutation(ok)
    mean = np.empty(ok.size)
    sd = np.empty(ok.size)
    pos = {j: i for i, j in enumerate(order)}
    for f in range(folds):
        test = order[f::folds]
        train = np.setdiff1d(order, test)
        gp = fit_gp(x[train], y[train], seed)
        m, s = gp.predict(x[test], return_std=True)
        for j, mj, sj in zip(test, m, s, strict=True):
            mean[pos[j]], sd[pos[j]] = mj, sj
    return {"y": y[order], "mean": mean, "sd": sd}


def max_implausibility(emus: list[TargetEmulator], x: np.ndarray) -> np.ndarray:
    """The largest implausibility over targets at each unit-scaled parameter set."""
    if not emus:
        return np.zeros(len(x))
    return np.max(np.stack([e.implausibility(x) for e in emus]), axis=0)


def spread(candidates: np.ndarray, k: int, seed: int) -> np.ndarray:
    """``k`` of ``candidates`` spread over their region (greedy farthest-point sampling)."""
    if len(candidates) <= k:
        return np.arange(len(candidates))
    rng = np.random.default_rng(seed)
    chosen = [int(rng.integers(len(candidates)))]
    dist = np.linalg.norm(candidates - candidates[chosen[0]], axis=1)
    for _ in range(k - 1):
        j = int(np.argmax(dist))
        chosen.append(j)
        dist = np.minimum(dist, np.linalg.norm(candidates - candidates[j], axis=1))
    return np.array(chosen)
