"""The residents' committee (社区居委会), one per community."""

from __future__ import annotations

import mesa
import numpy as np
from yingzao.model.roles import first, plays
from yingzao.model.state import REC


class Committee(mesa.Agent):
    """The residents' committee: a time budget, openness, practice and problem load.

    Each month its staff time goes first to administrative tasks from above (``admin_share``,
    plus urgent tasks that arrive at random), then to residents' problems (complaints from
    residents with high unmet need), and what is left, times its facilitative ``practice``
    (0: administrative, "the government's legs"; 1: facilitator, "the residents' head"), to
    facilitation. Groups that give local service take over part of the administrative tasks and
    lower the complaints, so their success frees time for facilitation: reverse burden reduction
    (反向减负) as a feedback loop (``mech.committee_time``; without it ``support`` is the practice
    alone). ``support`` (0-1) is facilitation time over ``committee.full_facilitation`` of all
    staff time: it recognizes groups (as many as its time allows, largest functional ones first),
    brings unregistered groups into contact, convenes building heads' meetings and raises
    residents' trust. ``problem_load`` is unresolved complaints over the case capacity left after
    administrative work.

    Args:
        model: The community model.

    """

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        v = model.v
        self.admin_share = v["committee.admin_share"]
        self.openness0 = self.openness = v["committee.openness"]
        self.practice0 = self.practice = v["committee.facilitation"]
        self.staff = v["committee.staff_per_1000"] * model.n / 1000
        self.problem_load = 0.0
        self.free_share = 1.0 - self.admin_share
        self.support = self.practice
        self.urgent_left = 0
        self.trust_ngo = 0.0
        self.stream = model.streams["committee"]

    @property
    def facilitation(self) -> float:
        """The facilitative practice, 0-1 (the trained disposition; ``committee_facilitation``)."""
        return self.practice

    @property
    def mode(self) -> str:
        """``facilitative`` or ``administrative`` (practice at or above one half)."""
        return "facilitative" if 2 * self.practice >= 1 else "administrative"

    def train(self, gain: float) -> None:
        """A staff training session: more openness and a more facilitative practice."""
        self.openness += gain * (1 - self.openness)
        self.practice += gain * (1 - self.practice)

    def update(self) -> None:
        """Monthly: the time budget, problem load, support, recognition; drift of practice."""
        m = self.model
        r, v = m.res, m.v
        played = plays(m)
        # the share of free time given to facilitation: the practice, or the secretary's choice
        # for the month (the trained practice itself is left to the rules)
        share_fac = self.practice
        if played is not None and played.facilitation is not None:
            share_fac = played.facilitation
        u = self.stream.random()
        if self.urgent_left > 0:
            self.urgent_left -= 1
        elif u < v["committee.urgent_rate"]:
            self.urgent_left = int(v["committee.urgent_months"])
            m.log(m.month, "committee", "An urgent task from above took the committee's time.")
        share = self.admin_share + v["committee.urgent_load"] * (self.urgent_left > 0)
        cover = float(m.service[:, :REC].mean()) if m.service.size else 0.0
        share *= 1 - v["committee.absorb"] * cover
        admin = self.staff * min(share, 1.0)
        # a resident with a public need above the line (numpy reduces slowly along a short axis,
        # so column by column, over one contiguous comparison: any need above it is the highest)
        above = r.need > v["committee.high_need"]
        high = above[:, 0].copy()
        for k in range(1, REC):
            high |= above[:, k]
        complaints = v["committee.complaint_rate"] * float(np.count_nonzero(high))
        per = v["committee.cases_per_staff"]
        left = max(self.staff - admin, 0.0)
        self.problem_load = min(1.0, complaints / per / left) if left > 0 else float(complaints > 0)
        free = max(left - complaints / per, 0.0)
        self.free_share = free / self.staff
        if v["mech.committee_time"]:
            fac_time = share_fac * free
            self.support = min(1.0, fac_time / (v["committee.full_facilitation"] * self.staff))
        else:
            fac_time = share_fac * v["committee.full_facilitation"] * self.staff
            self.support = share_fac
        # without continued support, practice slides back towards the old routine
        d = v["committee.practice_decay"]
        self.openness += d * (self.openness0 - self.openness)
        self.practice += d * (self.practice0 - self.practice)
        self._recognize(fac_time)

    def _recognize(self, fac_time: float) -> None:
        """Recognize as many groups as facilitation time allows: functional, larger first."""
        m, v = self.model, self.model.v
        o = m.orgs
        n = o.n
        o.recognized[:n] = False
        slots = int(fac_time / v["committee.time_per_group"])
        live = o.live()
        live = live[o.size[live] >= v["committee.recognize_min_size"]]
        if slots <= 0 or live.size == 0:
            return
        key = o.size[live] + (o.kind[live] != REC) * (o.size[live].max() + 1)
        ranked = live[np.argsort(-key, kind="stable")]
        played = plays(m)
        if played is not None:
            ranked = first(ranked, played.recognize)  # the secretary's choice comes first
        o.recognized[ranked[:slots]] = True
