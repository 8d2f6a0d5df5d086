"""Self-organizations and the federation."""

from __future__ import annotations

import mesa
import numpy as np
from yingzao.model.defaults import CATEGORIES
from yingzao.model.state import REC


class SelfOrganization(mesa.Agent):
    """A resident self-organization (自组织); its state lives in the model's organization table.

    Args:
        model: The community model.
        oid: Organization id (index into the model's organization arrays).

    """

    def __init__(self, model: mesa.Model, oid: int) -> None:
        super().__init__(model)
        self.oid = oid

    @property
    def category(self) -> str:
        """The need it serves (``recreation`` for recreational groups)."""
        return CATEGORIES[int(self.model.orgs.kind[self.oid])]

    @property
    def functional(self) -> bool:
        """True when it serves a public need."""
        return int(self.model.orgs.kind[self.oid]) != REC

    @property
    def members(self) -> np.ndarray:
        """Resident ids of its members."""
        return np.flatnonzero((self.model.res.groups == self.oid).any(axis=1))

    @property
    def leader(self) -> int:
        """Resident id of its leader."""
        return int(self.model.orgs.leader[self.oid])

    def __getattr__(self, name: str):
        # read-through for the remaining columns: capacity, output, size, own_money, ...
        orgs = self.__dict__.get("model") and self.model.orgs
        if orgs is not None and name in orgs.__dataclass_fields__ and name != "n":
            return getattr(orgs, name)[self.oid].item()
        raise AttributeError(name)


class Federation(mesa.Agent):
    """An organization of organizations (社区社会组织联合会).

    Founded by an incubating NGO once enough groups exist; members join over the following
    months. After the NGO leaves it takes over part of the coaching and lowers its members'
    hazard (linkages, Ostrom's nested enterprises).

    Args:
        model: The community model.
        month: Month of founding.

    """

    def __init__(self, model: mesa.Model, month: int) -> None:
        super().__init__(model)
        self.founded = month

    @property
    def members(self) -> np.ndarray:
        """Ids of living member organizations."""
        o = self.model.orgs
        return np.flatnonzero(o.federated[: o.n] & o.alive[: o.n])

    def coaching_slots(self) -> int:
        """Groups the federation can accompany in a month: each strong member coaches one."""
        o = self.model.orgs
        m = self.members
        return int(np.sum(o.capacity[m] > self.model.v["federation.strong_capacity"]))
