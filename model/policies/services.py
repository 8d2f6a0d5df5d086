"""Procurement of professional services."""

from __future__ import annotations

import numpy as np
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
            top = int(self.v["categories"])
            self.categories = np.argsort(-r.base_need[:, :REC].mean(axis=0))[:top]
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
