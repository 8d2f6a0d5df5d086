"""The residents' committee (社区居委会), one per community."""

from __future__ import annotations

import mesa
import numpy as np
from yingzao.model.state import REC


class Committee(mesa.Agent):
    """Administrative load, openness, mode and problem load of the residents' committee.

    ``facilitation`` is the mode on a 0-1 scale (0: administrative, "the government's legs";
    1: facilitator, "the residents' head"). At 0.5 and above it recognizes groups: lower hazard,
    more pull when recruiting, a higher payoff to members. Facilitation also makes the grant
    review less noisy and raises residents' trust in the committee. ``problem_load`` is
    unresolved resident problems over the case capacity left after administrative work; it falls
    as groups solve problems (reverse burden reduction).

    Args:
        model: The community model.

    """

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        v = model.v
        self.admin_share = v["committee.admin_share"]
        self.openness0 = self.openness = v["committee.openness"]
        self.facilitation0 = self.facilitation = v["committee.facilitation"]
        self.staff = v["committee.staff_per_1000"] * model.n / 1000
        self.problem_load = 0.0

    @property
    def mode(self) -> str:
        """``facilitative`` or ``administrative``."""
        return "facilitative" if self.facilitation >= 0.5 else "administrative"

    def train(self, gain: float) -> None:
        """A staff training session: more openness and more facilitation."""
        self.openness += gain * (1 - self.openness)
        self.facilitation += gain * (1 - self.facilitation)

    def update(self) -> None:
        """Monthly: problem load from residents' high needs; drift of openness and mode."""
        m = self.model
        r, v = m.res, m.v
        # numpy reduces slowly along a short axis; a reduce over the columns is 10x faster
        high = np.maximum.reduce([r.need[:, k] for k in range(REC)]) > 0.7
        complaints = v["committee.complaint_rate"] * float(np.count_nonzero(high))
        capacity = self.staff * (1 - self.admin_share) * v["committee.cases_per_staff"]
        self.problem_load = min(1.0, complaints / max(capacity, 1e-9))
        # without continued support, practice slides back towards the old routine
        self.openness += 0.01 * (self.openness0 - self.openness)
        self.facilitation += 0.01 * (self.facilitation0 - self.facilitation)
        o = m.orgs
        n = o.n
        o.recognized[:n] = o.alive[:n] & (self.facilitation >= 0.5) & (o.size[:n] >= 3)
