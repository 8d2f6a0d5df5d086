"""The model's Mesa scenario: how Mesa's own tools (SolaraViz, batch_run) see a Yingzao run.

Mesa 3.5 gives every model a ``scenario`` (a ``mesa.experimental.scenarios.Scenario``) and its
tools rebuild a model from it (SolaraViz's Reset passes ``scenario=`` back to the model's
constructor). A Yingzao run is a case (a built-in scenario name, a path, or a resolved
:class:`yingzao.scenarios.Scenario`) plus overrides and a seed; :class:`CaseScenario` carries
exactly those, so a model rebuilt from it is the same run. The resolved parameters themselves are
the model's ``case``.
"""

from __future__ import annotations

from typing import Any

from mesa.experimental.scenarios import Scenario as MesaScenario


class CaseScenario(MesaScenario):
    """Mesa's view of a Yingzao run: ``case`` (name, path or resolved scenario) and ``overrides``.

    Args:
        rng: The run seed.
        case: What the model was built from.
        overrides: Extra ``{key: value}`` settings on top of the case.

    """

    case: Any = "baseline"
    overrides: dict | None = None


def unpack(scenario: Any) -> tuple[Any, dict | None, Any]:
    """``(case, overrides, seed)`` from a Mesa scenario, or ``(scenario, None, None)`` otherwise."""
    if isinstance(scenario, MesaScenario):
        return (
            getattr(scenario, "case", "baseline"),
            getattr(scenario, "overrides", None),
            getattr(scenario, "rng", None),
        )
    return scenario, None, None
