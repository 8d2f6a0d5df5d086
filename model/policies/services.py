"""Procurement of professional services and the NGO contract."""

from __future__ import annotations

import numpy as np
from yingzao.agents.ngo import NGO
from yingzao.model.policies.base import Policy
from yingzao.model.state import REC


class Procurement(Policy):
    """Government buys services: needs fall in the three most needed categories while paid."""

    name = "procurement"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.categories: np.ndarray | None = None

    def act(self, month: int) -> None:
        """Pay for a month of services (and stipends to helpers, if set)."""
        m, r = self.model, self.model.res
        budget = self.v["budget"]
        if budget <= 0:
            return
        if self.categories is None:
            self.categories = np.argsort(-r.base_need[:, :REC].mean(axis=0))[:3]
        stipend = self.v["pay_volunteers"]
        paid = np.zeros(m.n, bool)
        if stipend > 0:
            # helpers who did functional group work last month get a stipend this month
            g, kind = r.groups, m.orgs.kind
            functional = ((g >= 0) & (kind[np.maximum(g, 0)] != REC)).any(axis=1)
            paid = m.engaged_prev & functional
            pay = min(budget, stipend * paid.sum())
            r.paid |= paid
            r.paid_months[paid] += pay / max(stipend * paid.sum(), 1)
            m.ledger.pay_service(pay, "city")
            budget -= pay
        m.ledger.pay_service(budget, "city")
        level = min(1.0, budget / self.v["cost_per_resident"] / m.n)
        m.service_extra[self.categories] += level


class NGOContract(Policy):
    """The NGO's contract: pays its staff and runs its month of work; ends with its exit."""

    name = "ngo"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.end = self.start + int(self.v["months"])
        self.outside_end = self.end
        self.staff = self.v["budget"] / (self.v["months"] * self.v["staff_cost"])
        self.agent: NGO | None = None

    def act(self, month: int) -> None:
        """Enter at the start, then work every month."""
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

    def after(self, month: int) -> None:
        """Leave when the contract (or the outside money) ends."""
        if self.agent is not None and self.agent.present and not self.active(month + 1):
            self.agent.leave(month)
