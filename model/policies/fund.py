"""The community fund (社区基金): resident donations, matching, social-enterprise income."""

from __future__ import annotations

import numpy as np
from yingzao.model.policies.base import Policy
from yingzao.model.state import REC


class CommunityFund(Policy):
    """A community fund fed by residents and, while it lasts, outside money.

    Once a year residents give in a giving drive, more of them when trust is high and more when
    a federation exists; outside seed and matching money stop at withdrawal. Right after the
    drive it grants a share of its balance to functional groups, and keeps doing so after
    outside money is withdrawn.
    """

    name = "fund"
    outside_funded = False

    def act(self, month: int) -> None:
        """Collect this month's money; pay out once a year."""
        m, led = self.model, self.model.ledger
        outside = month < self.outside_end
        if month == self.start and outside and self.v["seed"] > 0:
            m.fund_balance += self.v["seed"]
            led.income(self.v["seed"], "fund_seed")
            m.log(month, "fund", "A community fund was set up.")
        if self.v["enterprise_income"] > 0:
            m.fund_balance += self.v["enterprise_income"]
            led.income(self.v["enterprise_income"], "enterprise")
        if (month - self.start) % 12 == 11:
            self._drive(month, outside)
            self._payout(month)

    def _drive(self, month: int, outside: bool) -> None:
        """The yearly giving drive (a giving day): trusting residents give a year's share.

        A resident gives with probability ``give_rate * trust_nb``; a giver gives
        ``12 * donation_share * purse / give_rate`` (times the federation bonus), so that the
        fund's intake is ``12 * donation_share`` of trust-weighted purses a year in expectation.
        Givers took part occasionally (the ladder's second rung).
        """
        m, r, led = self.model, self.model.res, self.model.ledger
        share, rate = self.v["donation_share"], self.v["give_rate"]
        if share <= 0 or rate <= 0:
            return
        u = m.streams.keyed("fund").uniform(month, np.arange(m.n))
        givers = np.flatnonzero(u < rate * r.trust_nb)
        bonus = 1.0 + (self.v["federation_bonus"] if m.federation is not None else 0.0)
        donated = float(r.purse[givers].sum()) * 12 * share * bonus / rate
        r.last_occasional[givers] = month
        if donated > 0:
            m.fund_balance += donated
            led.income(donated, "donations")
            if outside and self.v["match"] > 0:
                match = self.v["match"] * donated
                m.fund_balance += match
                led.income(match, "fund_seed")

    def _payout(self, month: int) -> None:
        m, o = self.model, self.model.orgs
        live = o.live()
        func = live[o.kind[live] != REC]
        pot = self.v["payout"] * m.fund_balance
        if func.size == 0 or pot <= 0:
            return
        _, gid = m.memberships()
        size = np.bincount(gid, minlength=o.n)[func]  # counted now: new groups have no size yet
        w = size * (self.v["payout_floor"] + o.output[func])
        if w.sum() <= 0:
            return
        share = pot * w / w.sum()
        m.fund_balance -= share.sum()
        o.own_money[func] += share  # a transfer inside the community: no new money
        m.log(month, "fund", f"The community fund granted {pot:,.0f} yuan to {func.size} groups.")
