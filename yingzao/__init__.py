"""Yingzao (营造): a simulator of community self-organization.

Example:
    >>> from yingzao import simulate
    >>> res = simulate("baseline", seed=3, months=24)
    >>> res.series.shape[0]
    24

"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from yingzao import checks

if TYPE_CHECKING:
    from yingzao.model.community import CommunityModel
    from yingzao.model.results import Result
    from yingzao.model.street import StreetResult
    from yingzao.scenarios import Scenario, load

__all__ = ["CommunityModel", "Result", "Scenario", "load", "simulate"]
__version__ = "0.1.0"

# The model loads when first used, not on `import yingzao`: the command line answers --help and
# bad options (and a Ctrl-C at start) in a moment, without importing numpy, mesa and the model.
_LAZY = {
    "CommunityModel": "yingzao.model.community",
    "Result": "yingzao.model.results",
    "Scenario": "yingzao.scenarios",
    "load": "yingzao.scenarios",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'yingzao' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def simulate(
    scenario: str | os.PathLike | Scenario = "baseline",
    seed: int = 0,
    months: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> Result | StreetResult:
    """Build a model from a scenario and a seed, run it, and return its results.

    Args:
        scenario: Built-in name, path to a ``.toml`` file (``str`` or ``Path``), or a resolved
            :class:`Scenario`.
        seed: Run seed, a whole number from 0 to 2**63 - 1 (same scenario and seed give
            bit-identical results).
        months: Months to run (default: the scenario's ``run.months``).
        overrides: ``{key: value}`` settings on top of the scenario.

    Returns:
        The run's :class:`Result` (``.series`` DataFrame, ``.summary`` dict), or a
        :class:`~yingzao.model.street.StreetResult` of the same shape when the scenario is a
        street (``street.communities`` > 1).

    Raises:
        InputError: a bad scenario, key or value, or a run too large for this machine's memory.
        TypeError: an argument of the wrong type (e.g. ``seed=True``).

    """
    from yingzao.model.community import CommunityModel
    from yingzao.model.footprint import check_memory
    from yingzao.model.results import Result
    from yingzao.scenarios import load

    scenario = checks.scenario_ref(scenario)
    seed = checks.seed(seed)
    ov = checks.mapping(overrides, "overrides")
    if checks.months(months) is not None:
        ov["run.months"] = months
    if isinstance(scenario, str):
        scenario = load(scenario, ov or None)
    elif ov:
        scenario = scenario.with_overrides(ov)
    check_memory(scenario)  # before building: a run that cannot fit fails now, not in a minute
    if scenario.values["street.communities"] > 1:
        from yingzao.model.street import StreetModel, StreetResult

        return StreetResult.from_model(StreetModel(scenario, seed=seed).run())
    model = CommunityModel(scenario, seed=seed)
    model.run()
    return Result.from_model(model)
