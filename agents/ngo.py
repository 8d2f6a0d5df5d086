"""The NGO / support organization (支持型社会组织) on a contract."""

from __future__ import annotations

import mesa
import numpy as np
from yingzao.model.registration import register
from yingzao.model.roles import first, plays
from yingzao.model.state import REC


class NGO(mesa.Agent):
    """A support organization that incubates groups or substitutes for them.

    Entry by ``visits``: the committee's trust in the NGO grows month by month with its openness
    and with the showcase groups the NGO can point to; the NGO's access is that trust, and a
    committee whose openness is under ``committee.refuse_below`` keeps it out until it opens
    (``mech.gatekeeping``). Solving the committee's pain points opens it and changes its
    practice, slowly. Entry by ``endorsement`` gives full access at once but only passive
    compliance: coaching works at ``ngo.compliance`` strength and the committee's practice does
    not change.

    Staff time splits between incubating (outreach visits to find leaders, a leaders' academy,
    accompaniment of groups, first proposals, linked foundation money, a federation before it
    leaves) and substituting (delivering services itself and running groups' activities for
    them: their members receive passively and build no capacity). An NGO that starts out
    incubating drifts toward substituting under pressure for quick deliverables: from a
    committee that wants showcase groups and from a funder whose review is coming
    (``mech.ngo_drift``).

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
        self.substitute_share = 1.0 if self.strategy == "substitute" else 0.0
        self.rule_share: float | None = None  # the rule's share while a director plays (roles)
        self.months_in = 0
        self.courses_done = 0
        self.present = True
        self.dropped = False
        self.stream = model.streams["ngo"]
        if self.entry == "endorsement":
            model.committee.trust_ngo = 1.0

    @property
    def trust(self) -> float:
        """The committee's trust in the NGO, 0-1."""
        return self.model.committee.trust_ngo

    @property
    def access(self) -> float:
        """Share of staff time that reaches residents and groups (0 while kept out)."""
        m = self.model
        if self.entry == "endorsement":  # the street's order: no secretary keeps it out
            return 1.0
        door = getattr(plays(m), "ngo_door", None)  # the secretary's decision, if any
        if door == "closed":
            return 0.0
        if door == "open":
            return self.trust
        if m.v["mech.gatekeeping"] and m.committee.openness < m.v["committee.refuse_below"]:
            return 0.0
        return self.trust

    @property
    def effectiveness(self) -> float:
        """How much of the NGO's work takes effect (access x compliance)."""
        if self.entry == "endorsement":
            return self.model.v["ngo.compliance"] * (self.access > 0)
        return self.access

    @property
    def incubating_share(self) -> float:
        """Share of staff time spent incubating."""
        return 1.0 - self.substitute_share

    def grown(self) -> int:
        """Functional groups the NGO can show a funder (alive, registered, new or worked with).

        New: founded since the contract began; worked with: founded with the NGO's help,
        coached or run by it. A funder sees the community's registered groups, not who made them.
        """
        o = self.model.orgs
        n = o.n
        new = (o.founded[:n] >= self.start) | o.ngo_helped[:n]
        return int(np.count_nonzero(o.functional() & o.registered[:n] & new))

    def work(self, month: int) -> None:
        """One month of the NGO's work."""
        m, v = self.model, self.model.v
        self.months_in += 1
        cm = m.committee
        showcase = min(1.0, self.grown() / max(v["committee.showcase_groups"], 1))
        if self.entry == "visits":
            rate = v["committee.ngo_trust_rate"]
            cm.trust_ngo += rate * (1 - cm.trust_ngo) * min(1.0, cm.openness + showcase)
            # solving the committee's pain points changes its practice, slowly
            cm.openness += v["ngo.open_committee"] * self.access * (1 - cm.openness)
            cm.practice += v["ngo.train_committee"] * self.access * (1 - cm.practice)
        played = plays(m)
        if played is not None and played.substitute_share is not None:
            # the director decides this month; the rule's own share waits where it was
            if self.rule_share is None:
                self.rule_share = self.substitute_share
            self.substitute_share = played.substitute_share
        else:
            if self.rule_share is not None:  # back to the rule, from where the rule had it
                self.substitute_share, self.rule_share = self.rule_share, None
            if v["mech.ngo_drift"] and self.strategy == "incubate":
                self._drift(showcase)
        if self.substitute_share > 0:
            self._deliver(self.staff * self.substitute_share)
        inc = self.staff * self.incubating_share
        if inc > 0:
            self._outreach(inc)
            self._academy()
            self._accompany(inc)
            self._federate(month)

    def _drift(self, showcase: float) -> None:
        """Pressure for quick deliverables moves staff time toward delivering services."""
        m, v = self.model, self.model.v
        committee = (1 - m.committee.trust_ngo) * (1 - showcase)
        if getattr(plays(m), "showcase_pressure", None) is False:
            committee = 0.0  # the secretary does not press for quick showcase groups
        funder = 0.0
        if v["mech.funder_review"]:
            target = v["funder.target"] * self.staff
            due = min(1.0, self.months_in / v["funder.review_after"])
            funder = due * max(0.0, 1.0 - self.grown() / target) if target > 0 else 0.0
        pressure = max(committee, funder)
        self.substitute_share += v["ngo.drift"] * pressure * (1 - self.substitute_share)

    def _deliver(self, staff: float) -> None:
        """Services delivered by the NGO, and activities it runs for groups (passive members)."""
        m, v, o = self.model, self.model.v, self.model.orgs
        served = staff * v["ngo.serve_per_staff"] * self.access
        top = np.argsort(-m.res.need[:, :REC].mean(axis=0))[: int(v["ngo.serve_categories"])]
        m.service_extra[top] += min(1.0, served / m.n)
        slots = int(staff * v["ngo.groups_per_staff"] * self.access)
        live = o.live()
        if slots <= 0 or live.size == 0:
            return
        # the groups easiest to show: the largest ones; their members receive, not act
        run = live[np.argsort(-o.size[live], kind="stable")[:slots]]
        o.ngo_effort[run] += v["ngo.effort_per_staff"] * staff * self.access / run.size
        o.ngo_run[run] = True
        o.ngo_helped[run] = True
        register(m, run, "ngo")

    def _outreach(self, staff: float) -> None:
        m, r, v = self.model, self.model.res, self.model.v
        nv = int(staff * v["ngo.visits_per_staff"] * self.effectiveness)
        noise = self.stream.random(m.n)
        if nv <= 0:
            return
        score = np.where(r.visited, -1.0, r.spirit + r.skill + noise * v["ngo.visit_noise"])
        pick = np.argpartition(-score, min(nv, m.n - 1))[:nv]
        pick = pick[~r.visited[pick]]
        r.visited[pick] = True
        r.skill[pick] += v["ngo.visit_skill"] * (1 - r.skill[pick])
        r.spirit[pick] += v["ngo.visit_spirit"] * (1 - r.spirit[pick])
        m.promote_leaders(pick, "outreach")

    def _academy(self) -> None:
        m, r = self.model, self.model.res
        gain = m.v["ngo.academy_gain"] * self.effectiveness * self.incubating_share
        if self.courses_done >= m.v["ngo.academy_courses"] or gain <= 0:
            return  # a course nobody can attend (the NGO kept out) is not used up
        self.courses_done += 1
        who = np.flatnonzero(r.visited | (r.leads >= 0))
        r.skill[who] += gain * (1 - r.skill[who])
        m.promote_leaders(who, "training")

    def _accompany(self, staff: float) -> None:
        m, v, o = self.model, self.model.v, self.model.orgs
        if not v["mech.coaching"]:
            return
        slots = int(staff * v["ngo.groups_per_staff"] * self.effectiveness)
        live = o.live()
        if slots <= 0 or live.size == 0:
            return
        # a share of the slots for recreational groups that could take on a public task (the
        # Changqing path), the rest for functional groups: weak ones first, then those that stand
        # on their own, then those accompanied ngo.accompany_months already (graduated); within
        # each, the groups it already accompanies (陪伴 is sustained), then at random. Slots one
        # kind cannot use go to the other.
        func = o.kind[live] != REC
        weak = func & (o.capacity[live] < v["ngo.weak_capacity"])
        tier = np.where(weak, 0, 1)
        tier = np.where(o.coached_months[live] >= v["ngo.accompany_months"], 2, tier)  # graduated
        order = np.lexsort((self.stream.random(live.size), o.coached_months[live] == 0, tier))
        ranked = live[order]
        rec, fun = ranked[~func[order]], ranked[func[order]]
        played = plays(m)
        if played is not None:  # the director's choice comes first
            rec, fun = first(rec, played.accompany), first(fun, played.accompany)
        n_rec = min(rec.size, int(round(slots * v["ngo.recreation_share"])))
        n_fun = min(fun.size, slots - n_rec)
        n_rec = min(rec.size, slots - n_fun)
        chosen = np.r_[fun[:n_fun], rec[:n_rec]]
        m.coach(chosen, strength=self.effectiveness, by_ngo=True)
        link = v["ngo.link_money"] * self.effectiveness * v["mech.linked_money"]
        func = chosen[o.kind[chosen] != REC]
        if link > 0 and func.size:
            m.give_money(func, link, source="foundation", months=int(v["ngo.link_months"]))

    def _federate(self, month: int) -> None:
        m, v, o = self.model, self.model.v, self.model.orgs
        if not v["ngo.federation"] or not v["mech.federation"]:
            return
        live = o.live()
        if m.federation is None:
            ready = np.count_nonzero(o.coached_months[live] > 0)
            if self.months_in >= v["federation.after"] and ready >= v["ngo.federation_min"]:
                m.found_federation(month)
            return
        cand = live[(o.coached_months[live] > 0) & ~o.federated[live]]
        u = self.stream.random(cand.size)
        join = cand[u < v["federation.join_rate"] * self.effectiveness]
        o.federated[join] = True

    def leave(self, month: int, dropped: bool = False) -> None:
        """The contract ended (or the funder dropped it): the NGO leaves the community."""
        self.present = False
        self.dropped = dropped
        fed = self.model.federation
        if dropped:
            self.model.log(month, "ngo", "The funder ended the NGO's contract after its review.")
        if fed is not None and fed.members.size >= 2:
            self.model.log(month, "ngo", "The NGO left; the federation took over coaching.")
        else:
            self.model.log(month, "ngo", "The NGO left; no federation carries its work on.")
