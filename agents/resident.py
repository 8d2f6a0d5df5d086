"""Resident and Leader agents. Their state lives in the model's arrays; these are views."""

from __future__ import annotations

import mesa
from mesa.discrete_space import FixedAgent
from yingzao.model.defaults import CATEGORIES


class Resident(FixedAgent):
    """A resident on the community network; attributes read the model's resident arrays.

    Args:
        model: The community model.
        rid: Resident id (index into the model's arrays and node id in the network).
        cell: The network cell the resident sits on.

    """

    def __init__(self, model: mesa.Model, rid: int, cell) -> None:
        super().__init__(model)
        self.rid = rid
        self.cell = cell

    def _get(self, name: str):
        return getattr(self.model.res, name)[self.rid]

    @property
    def needs(self) -> dict[str, float]:
        """Current unmet need per category (0-1)."""
        row = self.model.res.need[self.rid]
        return {c: float(row[k]) for k, c in enumerate(CATEGORIES)}

    skill = property(lambda self: float(self._get("skill")), doc="Organizing skill, 0-1.")
    spirit = property(lambda self: float(self._get("spirit")), doc="Public spirit, 0-1.")
    free_time = property(lambda self: float(self._get("free_time")), doc="Free time, 0-1.")
    trust_nb = property(lambda self: float(self._get("trust_nb")), doc="Trust in neighbours.")
    trust_cm = property(lambda self: float(self._get("trust_cm")), doc="Trust in the committee.")
    propensity = property(lambda self: float(self._get("propensity")), doc="Learned engagement.")
    building = property(lambda self: int(self._get("building")), doc="Building id.")
    household = property(lambda self: int(self._get("household")), doc="Household id.")
    retired = property(lambda self: bool(self._get("retired")), doc="Retired or not.")
    engaged = property(lambda self: bool(self._get("engaged")), doc="Took part this month.")
    public = property(lambda self: bool(self._get("public")), doc="Did public work this month.")

    @property
    def groups(self) -> list[int]:
        """Ids of the organizations this resident belongs to (at most two)."""
        return [int(g) for g in self.model.res.groups[self.rid] if g >= 0]

    @property
    def is_leader(self) -> bool:
        """Whether the resident's skill makes them a leader."""
        return self.rid in self.model.leaders


class Leader(mesa.Agent):
    """The leader role of a resident (能人): skill at the leader level, however it was reached.

    Args:
        model: The community model.
        rid: The resident who leads.
        made_by: How the resident became a leader: ``initial``, ``training`` (a cohort or the
            NGO academy), ``outreach`` (an NGO visit), ``coaching`` or ``doing`` (running a group).

    """

    def __init__(self, model: mesa.Model, rid: int, made_by: str) -> None:
        super().__init__(model)
        self.rid = rid
        self.made_by = made_by

    @property
    def resident(self) -> Resident:
        """The resident agent behind the role."""
        return self.model.residents[self.rid]

    @property
    def leads(self) -> int | None:
        """Id of the organization led, or None."""
        g = int(self.model.res.leads[self.rid])
        return g if g >= 0 else None

    @property
    def fatigue(self) -> float:
        """Tiredness from carrying a group, 0-1 (quits at 1)."""
        return float(self.model.res.fatigue[self.rid])
