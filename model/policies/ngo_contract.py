"""The NGO contract: pays the NGO's staff, runs its month of work, and is reviewed by the funder.

The funder (the street or the city) reviews the contract ``funder.review_after`` months into it
and every ``funder.every`` months after: it counts the functional groups the NGO has grown
(founded or coached, alive) per staff member, with a judgment noise of ``funder.noise_sd``, and
ends the contract when the count falls short of ``funder.target`` (``mech.funder_review``;
field: Chengdu dropped half of 100 funded NGO projects after a year, mostly for substituting
instead of growing groups). An ended contract is money that stops unexpectedly: the groups the
NGO supported are disrupted as by a withdrawal.
"""

from __future__ import annotations

import numpy as np
from yingzao.agents.ngo import NGO
from yingzao.model.policies.base import Policy


class NGOContract(Policy):
    """The NGO's contract: pays its staff and runs its month of work; ends with its exit."""

    name = "ngo"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.end = self.start + int(self.v["months"])
        self.outside_end = self.end
        self.staff = self.v["budget"] / (self.v["months"] * self.v["staff_cost"])
        self.agent: NGO | None = None
        self.dropped_at: int | None = None

    def act(self, month: int) -> None:
        """Enter at the start, then work every month; the funder reviews."""
        if self.staff <= 0:
            return
        m = self.model
        if self.agent is None:
            self.agent = NGO(m, self.staff, self.start, min(self.end, self.outside_end))
            m.ngo = self.agent
            how = "by building trust" if self.agent.entry == "visits" else "by street endorsement"
            m.log(month, "ngo", f"An NGO entered {how}, to {self.agent.strategy}.")
        m.ledger.pay_service(self.staff * self.v["staff_cost"], "city")
        self.agent.work(month)
        if m.v["mech.funder_review"]:
            self._review(month)

    def _review(self, month: int) -> None:
        m, v, a = self.model, self.model.v, self.agent
        since = a.months_in - v["funder.review_after"]
        if since < 0 or since % v["funder.every"]:
            return
        noise = float(self.rng.normal(0.0, v["funder.noise_sd"]))
        score = a.grown() / a.staff + noise
        if score >= v["funder.target"] or month + 1 >= min(self.end, self.outside_end):
            return
        self.outside_end = month + 1
        self.dropped_at = month
        o = m.orgs
        helped = np.flatnonzero(o.alive[: o.n] & (o.coached_months[: o.n] > 0))
        m.money_stopped(helped)

    def after(self, month: int) -> None:
        """Leave when the contract (or the outside money) ends."""
        if self.agent is not None and self.agent.present and not self.active(month + 1):
            self.agent.leave(month, dropped=self.dropped_at == month)
