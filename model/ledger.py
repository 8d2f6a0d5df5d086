"""The money ledger: every yuan that enters the community and where it goes.

Invariant (checked in the tests every month): outside money in + resident money in = money spent
+ balances held by organizations and the community fund.
"""

from __future__ import annotations

from collections import defaultdict

OUTSIDE = ("city", "street", "foundation", "fund_seed")
RESIDENT = ("dues", "leader", "co_funding", "donations", "enterprise")


class Ledger:
    """Cumulative flows by source; balances are read from the model when checked."""

    def __init__(self) -> None:
        self.inflow: dict[str, float] = defaultdict(float)
        self.spent = 0.0
        self.outside_month = 0.0

    def income(self, amount: float, source: str) -> None:
        """Money enters the community from ``source`` (one of OUTSIDE or RESIDENT)."""
        if amount < 0:
            raise ValueError(f"negative income {amount} from {source}")
        if source not in OUTSIDE and source not in RESIDENT:
            raise ValueError(f"unknown money source {source}")
        self.inflow[source] += amount
        if source in OUTSIDE:
            self.outside_month += amount

    def spend(self, amount: float) -> None:
        """Money leaves balances for activities, services, training or staff."""
        if amount < -1e-9:
            raise ValueError(f"negative spending {amount}")
        self.spent += amount

    def pay_service(self, amount: float, source: str) -> None:
        """Outside money paid straight for a service (procurement, training, NGO staff)."""
        self.income(amount, source)
        self.spend(amount)

    @property
    def outside_in(self) -> float:
        """All outside money that has entered."""
        return sum(self.inflow[s] for s in OUTSIDE)

    @property
    def resident_in(self) -> float:
        """All resident money that has entered."""
        return sum(self.inflow[s] for s in RESIDENT)
