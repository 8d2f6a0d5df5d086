"""Yingzao (营造): a simulator of community self-organization.

Example:
    >>> from yingzao import simulate
    >>> res = simulate("baseline", seed=3, months=24)
    >>> res.series.shape[0]
    24

"""

from __future__ import annotations

from typing import Any

from yingzao.model.community import CommunityModel
from yingzao.model.results import Result
from yingzao.scenarios import Scenario, load

__all__ = ["CommunityModel", "Result", "Scenario", "load", "simulate"]
__version__ = "0.1.0"


def simulate(
    scenario: str | Scenario = "baseline",
    seed: int = 0,
    months: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Result:
    """Build a model from a scenario and a seed, run it, and return its results.

    Args:
        scenario: Built-in name, path to a ``.toml`` file, or a resolved :class:`Scenario`.
        seed: Run seed (same scenario and seed give bit-identical results).
        months: Months to run (default: the scenario's ``run.months``).
        overrides: ``{key: value}`` settings on top of the scenario.

    Returns:
        The run's :class:`Result` (``.series`` DataFrame, ``.summary`` dict).

    """
    ov = dict(overrides or {})
    if months is not None:
        ov["run.months"] = months
    model = CommunityModel(scenario, seed=seed, overrides=ov or None)
    model.run()
    return Result.from_model(model)
