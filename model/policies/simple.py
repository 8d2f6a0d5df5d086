"""Withdrawal, crisis, committee training and leader training."""

from __future__ import annotations

import numpy as np
from yingzao.model.defaults import CATEGORIES
from yingzao.model.participation import admit, contagion
from yingzao.model.policies.base import Policy
from yingzao.model.state import ORIGINS, REC

MUTUAL_AID = CATEGORIES.index("mutual_aid")
# an epidemic lockdown raises these needs; volunteers help with the first two of them
CRISIS_NEEDS = [CATEGORIES.index(c) for c in ("elder_care", "mutual_aid", "environment")]


class Withdrawal(Policy):
    """All outside money stops at ``withdrawal.month``: it moves every policy's outside end."""

    name = "withdrawal"
    outside_funded = False

    def __init__(self, model) -> None:
        super().__init__(model)
        self.month = int(self.v["month"])
        self.start = self.end = self.month

    def setup(self) -> None:
        """Clip the outside money of every other policy to the withdrawal month."""
        for p in self.model.policies:
            if p is not self:
                p.outside_end = min(p.outside_end, self.month)

    def active(self, month: int) -> bool:
        """Acts once, in the withdrawal month (to log it)."""
        return month == self.month

    def act(self, month: int) -> None:
        """Record the withdrawal; groups that relied on outside money are disrupted."""
        m = self.model
        m.log(month, "withdrawal", "All outside money stopped.")
        m.money_stopped(m.orgs.live())

    def marks(self) -> list[tuple[int, str]]:
        """One mark at the withdrawal month."""
        return [(self.month, "withdrawal")]


class Crisis(Policy):
    """A sudden rise of needs (an epidemic lockdown) and a call for volunteers.

    Residents answer the call by threshold: ``call * (1 + trust_cm)`` plus active contacts,
    spirit times their highest need, ``w_group`` for group members, less the cost of their
    missing free time. Volunteers help ``crisis.reach`` residents each in their building. Where
    ``crisis.team_min`` volunteers of one building answer, the most skilled of them who can
    organize forms a mutual-aid team and asks the others, who decide as anyone asked to join
    (``mech.crisis_teams``): a functional group like any other, which may outlast the crisis.
    """

    name = "crisis"
    outside_funded = False

    def __init__(self, model) -> None:
        super().__init__(model)
        self.start = int(self.v["month"])
        self.end = self.start + int(self.v["months"])
        self.volunteers: dict[int, int] = {}
        self.teams = 0

    def act(self, month: int) -> None:
        """Raise needs; residents answer the call; volunteers of a building may form teams."""
        m, r, d = self.model, self.model.res, self.model.v
        jump, call = self.v["need_jump"], self.v["call"]
        if jump <= 0 and call <= 0:
            return
        if month == self.start:
            m.log(month, "crisis", "A crisis struck: needs jumped and volunteers were called.")
        m.crisis_add[CRISIS_NEEDS] = jump
        noise = self.rng.normal(0.0, d["decide.noise_sd"], m.n)
        if call <= 0:
            return
        in_group = (r.groups[:, 0] >= 0).astype(float)
        pull = (
            call * (1 + r.trust_cm)
            + d["decide.w_need"] * r.spirit * r.need[:, :REC].max(axis=1)
            + self.v["w_group"] * in_group
            - d["decide.cost_functional"] * (1 - r.free_time)
            + noise
        )
        if d["mech.social_influence"]:
            active = m.W @ m.public_prev.astype(float)  # tie-weighted contacts active last month
            pull += d["decide.w_social"] * contagion(active, d) * r.trust_nb
        vol = pull > r.theta
        r.public |= vol
        count = np.bincount(r.building[vol], minlength=m.n_buildings)
        level = np.minimum(1.0, self.v["reach"] * count / np.maximum(m.bld_pop, 1))
        m.service_bld[:, CRISIS_NEEDS[:2]] += level[:, None]
        self.volunteers[month] = int(vol.sum())
        if d["mech.crisis_teams"]:
            self._teams(np.flatnonzero(vol), count, month)

    def _teams(self, vol: np.ndarray, count: np.ndarray, month: int) -> None:
        """Volunteers of a building with enough of them form a mutual-aid team."""
        m, r, d = self.model, self.model.res, self.model.v
        o = m.orgs
        live = o.live()
        has = np.zeros(m.n_buildings, bool)
        crisis_teams = live[o.origin[live] == ORIGINS.index("crisis")]
        has[r.building[o.leader[crisis_teams]]] = True
        made = 0
        for b in np.flatnonzero((count >= self.v["team_min"]) & ~has).tolist():
            here = vol[r.building[vol] == b]
            can = here[
                (r.skill[here] >= d["resident.organizer_skill"])
                & (r.leads[here] < 0)
                & (r.groups[here, 1] < 0)
            ]
            if can.size == 0:
                continue
            i = int(can[np.argmax(r.skill[can])])
            g = m.found_group(i, MUTUAL_AID, month, origin="crisis")
            if g < 0:
                continue
            others = here[here != i]
            noise = m.streams.keyed("crisis_teams").normal(month, others, d["decide.noise_sd"], g)
            admit(m, others, np.full(others.size, g), noise)
            made += 1
        if made:
            self.teams += made
            what = "a mutual-aid team" if made == 1 else f"{made} mutual-aid teams"
            m.log(month, "crisis", f"Volunteers formed {what} in the crisis.")


class CommitteeTraining(Policy):
    """Training sessions for committee staff: openness and facilitative practice."""

    name = "committee_training"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.left = float(self.v["budget"])

    def act(self, month: int) -> None:
        """Hold a session every ``every`` months while the budget lasts."""
        cost = self.v["cost_per_session"]
        if (month - self.start) % self.v["every"] or self.left < cost or self.left <= 0:
            return
        self.left -= cost
        self.model.ledger.pay_service(cost, "street")
        self.model.committee.train(self.v["gain"])


class Training(Policy):
    """Leader training cohorts, selected from the committee's list or by NGO-style outreach."""

    name = "training"

    def __init__(self, model) -> None:
        super().__init__(model)
        self.left = float(self.v["budget"])

    def act(self, month: int) -> None:
        """Train a cohort every ``every`` months while the budget lasts."""
        m, r = self.model, self.model.res
        if (month - self.start) % self.v["every"]:
            return
        cost = self.v["cost_per_trainee"]
        n = int(min(self.v["cohort"], self.left // cost if cost > 0 else self.v["cohort"]))
        noise = self.rng.random(m.n)
        spread = self.v["noise"]
        if n <= 0:
            return
        if self.v["selection"] == "committee":
            # well-known, trusted residents: mostly those already active
            score = r.trust_cm + m.deg / m.deg.max() + (r.groups[:, 0] >= 0) + spread * noise
        else:
            # outreach finds capable residents who are not yet active
            score = r.spirit + r.free_time - (r.groups[:, 0] >= 0) + spread * noise
        who = np.argpartition(-score, min(n, m.n - 1))[:n]
        r.skill[who] += self.v["skill_gain"] * (1 - r.skill[who])
        r.spirit[who] += self.v["spirit_gain"] * (1 - r.spirit[who])
        self.left -= n * cost
        m.ledger.pay_service(n * cost, "city")
        m.promote_leaders(who, "training")
