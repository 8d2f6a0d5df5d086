"""The NGO / support organization (支持型社会组织) on a contract."""

from __future__ import annotations

import mesa
import numpy as np
from yingzao.model.state import REC


class NGO(mesa.Agent):
    """A support organization that incubates groups or substitutes for them.

    Entry by ``visits`` builds trust with the committee month by month (access grows with it) and
    opens the committee's practice; entry by ``endorsement`` gives full access at once but only
    passive compliance: coaching works at ``ngo.compliance`` strength and the committee's practice
    does not change. An incubating NGO visits residents to find hidden leaders, runs a leaders'
    academy, accompanies groups (capacity, conversion, first proposals, linked foundation money)
    and founds a federation before it leaves. A substituting NGO spends its staff on delivering
    services itself.

    Args:
        model: The community model.
        staff: Staff members (full-time equivalents) paid by the contract.
        start: First month of the contract.
        end: Month the contract ends (exclusive).

    """

    def __init__(self, model: mesa.Model, staff: float, start: int, end: int) -> None:
        super().__init__(model)
        v = model.v
        self.staff = staff
        self.start, self.end = start, end
        self.strategy = v["ngo.strategy"]
        self.entry = v["ngo.entry"]
        self.trust = 1.0 if self.entry == "endorsement" else 0.0
        self.months_in = 0
        self.courses_done = 0
        self.present = True
        self.stream = model.streams["ngo"]

    @property
    def effectiveness(self) -> float:
        """Share of staff time that reaches residents and groups (access x compliance)."""
        if self.entry == "endorsement":
            return self.model.v["ngo.compliance"]
        return self.trust

    def work(self, month: int) -> None:
        """One month of the NGO's work."""
        m, v = self.model, self.model.v
        self.months_in += 1
        cm = m.committee
        if self.entry == "visits":
            self.trust += v["ngo.trust_rate"] * (1 - self.trust) * (0.5 + cm.openness)
            # solving the committee's pain points changes its practice, slowly
            cm.openness += 0.03 * self.trust * (1 - cm.openness)
            cm.facilitation += 0.015 * self.trust * (1 - cm.facilitation)
        if self.strategy == "substitute":
            self._deliver()
        else:
            self._outreach(month)
            self._academy()
            self._accompany(month)
            self._federate(month)

    def _deliver(self) -> None:
        m = self.model
        served = self.staff * m.v["ngo.serve_per_staff"] * self.effectiveness
        top = np.argsort(-m.res.need[:, :REC].mean(axis=0))[:2]
        m.service_extra[top] += min(1.0, served / m.n)

    def _outreach(self, month: int) -> None:
        m, r = self.model, self.model.res
        nv = int(self.staff * m.v["ngo.visits_per_staff"] * self.effectiveness)
        noise = self.stream.random(m.n)
        if nv <= 0:
            return
        score = np.where(r.visited, -1.0, r.spirit + r.skill + 0.3 * noise)
        pick = np.argpartition(-score, min(nv, m.n - 1))[:nv]
        pick = pick[~r.visited[pick]]
        r.visited[pick] = True
        r.skill[pick] += 0.1 * (1 - r.skill[pick])
        r.spirit[pick] += 0.05 * (1 - r.spirit[pick])
        m.promote_leaders(pick, "outreach")

    def _academy(self) -> None:
        m, r = self.model, self.model.res
        if self.courses_done >= m.v["ngo.academy_courses"]:
            return
        self.courses_done += 1
        who = np.flatnonzero(r.visited | (r.leads >= 0))
        gain = 0.02 * self.effectiveness
        r.skill[who] += gain * (1 - r.skill[who])
        m.promote_leaders(who, "training")

    def _accompany(self, month: int) -> None:
        m, v, o = self.model, self.model.v, self.model.orgs
        slots = int(self.staff * v["ngo.groups_per_staff"] * self.effectiveness)
        live = o.live()
        if slots <= 0 or live.size == 0:
            return
        # weak functional groups first, then recreational groups that could take on a public
        # task (the Changqing path), then functional groups that already stand on their own
        func = o.kind[live] != REC
        priority = np.where(func, np.where(o.capacity[live] < 0.6, 3.0, 1.0), 2.0)
        priority += 0.5 * self.stream.random(live.size)
        chosen = live[np.argsort(-priority)[:slots]]
        m.coach(chosen, strength=self.effectiveness)
        link = v["ngo.link_money"] * self.effectiveness
        func = chosen[o.kind[chosen] != REC]
        if link > 0 and func.size:
            m.give_money(func, link, source="foundation", months=3)

    def _federate(self, month: int) -> None:
        m, v, o = self.model, self.model.v, self.model.orgs
        if not v["ngo.federation"]:
            return
        live = o.live()
        if m.federation is None:
            ready = np.count_nonzero(o.coached_months[live] > 0)
            if self.months_in >= 12 and ready >= v["ngo.federation_min"]:
                m.found_federation(month)
            return
        cand = live[(o.coached_months[live] > 0) & ~o.federated[live]]
        join = cand[self.stream.random(cand.size) < 0.3 * self.effectiveness]
        o.federated[join] = True

    def leave(self, month: int) -> None:
        """Contract ended: the NGO leaves the community."""
        self.present = False
        fed = self.model.federation
        if fed is not None and fed.members.size >= 2:
            self.model.log(month, "ngo", "The NGO left; the federation took over coaching.")
        else:
            self.model.log(month, "ngo", "The NGO left; no federation carries its work on.")
