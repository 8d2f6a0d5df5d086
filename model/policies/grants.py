"""Participatory micro-grants: the yearly funding cycle as practised in Chengdu and Qingyuan.

Household wishes (one household, one vote, on its highest need; building heads raise turnout)
-> the council turns the top wishes into calls -> groups, recreational groups ready to take on a
task, and new project teams apply -> a review scores public benefit, feasibility and
sustainability with weights (noisier when the committee's practice is administrative) -> grants
go down the ranking until the year's budget is spent -> each funded project collects its
co-funding door to door in its building (residents give by trust; a mobilization event) and
spends grant and co-funding over ``grants.project_months``. A project team that wins becomes a new
organization (activity -> project -> organization). Voting and giving are occasional acts; the
council's work is public work. Every applicant registers with the committee.
"""

from __future__ import annotations

import numpy as np
from yingzao.model.defaults import CATEGORIES
from yingzao.model.lifecycle import dissolve
from yingzao.model.policies.base import Policy
from yingzao.model.production import TINY
from yingzao.model.registration import register
from yingzao.model.roles import plays
from yingzao.model.state import REC

# hardware projects, with the higher co-funding share (field: courtyard projects raise >= 50%)
HARDWARE = tuple(CATEGORIES.index(c) for c in ("environment", "courtyard"))


class Grants(Policy):
    """The yearly participatory grant cycle."""

    name = "grants"
    # Set by a street (model/street.py) that allocates one budget across its communities.
    budget_override: float | None = None

    def yearly_budget(self) -> float:
        """Budget of one cycle in yuan (the street's allocation when ``budget_override`` is set)."""
        if self.budget_override is not None:
            return self.budget_override
        return self.v["per_100_households"] * self.model.n_households / 100.0

    def act(self, month: int) -> None:
        """Run the cycle in the first month of each programme year."""
        if (month - self.start) % 12 or self.yearly_budget() <= 0 or self.v["max_grant"] <= 0:
            return
        m, r = self.model, self.model.res
        # one draw per resident for each use: turnout, trying, review noise, giving
        u_vote, self._u, u_noise, u_give = self.rng.random((4, m.n))
        calls, votes = self._wishes(u_vote, month)
        n_council = min(int(self.v["council_size"]), m.n)
        if getattr(plays(m), "council", None) is False:
            n_council = 0  # the secretary did not convene the council this year
        if n_council > 0:
            council = np.argpartition(-(r.skill + r.trust_cm), n_council - 1)[:n_council]
            r.public[council] = True
        apps = self._applications(calls)
        if not apps:
            return
        self._review_and_fund(apps, votes, month, u_noise, u_give)

    def _try(self, g: int) -> bool:
        """An unguided recreational group tries a public project now and then."""
        return bool(self._u[self.model.orgs.leader[g]] < self.v["rec_try"])

    def _wishes(self, u: np.ndarray, month: int) -> tuple[np.ndarray, np.ndarray]:
        m = self.model
        r = m.res
        reps = m.household_reps
        turnout = self.v["turnout_base"] + self.v["turnout_trust"] * r.trust_cm[reps]
        if m.v["mech.building_heads"]:
            headed = np.zeros(m.n_buildings, bool)
            headed[r.building[r.head]] = True
            turnout = turnout + m.v["heads.turnout"] * headed[r.building[reps]]
        voted = reps[u[reps] < turnout]
        r.last_occasional[voted] = month
        wish = r.need[voted, :REC].argmax(axis=1)
        votes = np.bincount(wish, minlength=REC).astype(float)
        share = votes / max(votes.sum(), 1.0)
        return np.argsort(-votes, kind="stable")[: self.v["calls"]], share

    def _applications(self, calls: np.ndarray) -> list[tuple[int, int, int]]:
        """``(org id or -1, resident leader, category)`` of every applicant."""
        m, r, o = self.model, self.model.res, self.model.orgs
        apps: list[tuple[int, int, int]] = []
        live = o.live()
        for g in live:
            k = int(o.kind[g])
            if k in calls:
                apps.append((int(g), int(o.leader[g]), k))
            elif (
                k == REC
                and o.size[g] >= self.v["min_applicants"]
                and (o.coached_months[g] > 0 or self._try(g))
            ):
                # a recreational group proposes a public task in its members' top called need
                mem = m.members_of(g)
                k2 = int(calls[np.argmax(r.need[mem][:, calls].mean(axis=0))])
                apps.append((int(g), int(o.leader[g]), k2))
        free = np.flatnonzero(
            (r.skill >= m.v["resident.leader_skill"]) & (r.leads < 0) & (r.groups[:, 1] < 0)
        )
        if free.size:
            free = free[np.argsort(self._u[free], kind="stable")]  # random order, not by id
            need = r.need[free][:, calls]
            best = need.argmax(axis=1)
            ok = need[np.arange(free.size), best] >= m.v["found.interest_need"]
            most = int(self.v["max_team_applications"])
            for i, b in zip(free[ok][:most], best[ok][:most], strict=True):
                apps.append((-1, int(i), int(calls[b])))
        played = plays(m)
        if played is not None and played.apply:
            apps = self._played(apps, played.apply, calls)
        orgs = np.array([a[0] for a in apps if a[0] >= 0], dtype=np.int64)
        register(m, orgs, "grant")
        return apps

    def _played(self, apps, apply: dict[int, bool], calls) -> list[tuple[int, int, int]]:
        """Played leaders' choices: a group that will not apply is taken out, one that will is in.

        The cycle's own conditions still hold: a functional group applies in a called category
        only; a recreational group needs ``grants.min_applicants`` members and proposes its
        members' top called need.
        """
        m, o = self.model, self.model.orgs
        have = {a[0] for a in apps}
        apps = [a for a in apps if apply.get(a[0], True)]
        for g, yes in apply.items():
            if not yes or g in have or not o.alive[g] or o.leader[g] < 0:
                continue
            k = int(o.kind[g])
            if k == REC:
                if o.size[g] < self.v["min_applicants"]:
                    continue
                mem = m.members_of(g)
                k = int(calls[np.argmax(m.res.need[mem][:, calls].mean(axis=0))])
            elif k not in calls:
                continue
            apps.append((int(g), int(o.leader[g]), k))
        return apps

    def _review_and_fund(self, apps, votes, month, u_noise, u_give) -> None:
        m, r, o, v = self.model, self.model.res, self.model.orgs, self.v
        gid = np.array([a[0] for a in apps])
        lead = np.array([a[1] for a in apps])
        cat = np.array([a[2] for a in apps])
        is_org = gid >= 0
        g = np.where(is_org, gid, 0)
        size = np.where(is_org, o.size[g], 1)
        request = np.minimum(v["max_grant"], v["request_base"] + v["request_per_member"] * size)
        co = np.where(np.isin(cat, HARDWARE), v["hardware_co_funding"], v["co_funding"])
        # what the applicant's building pledges (collected once the project is funded)
        bld = r.building[lead]
        pledge = self._pledges(bld, u_give)
        raised = np.minimum(co * request, pledge)
        # the share of the residents' part of the whole project that the building backs
        met = np.where(co > 0, raised / np.maximum(co * request, TINY), 1.0)
        request = np.where(co > 0, np.minimum(request, raised / np.maximum(co, TINY)), request)
        able = np.minimum(1.0, size / v["full_size"])
        benefit = votes[cat] * able
        helped = np.where(is_org, o.coached[g], False) | r.visited[lead]  # outside help
        feas = (
            v["feas_capacity"] * np.where(is_org, o.capacity[g], 0.0)
            + v["feas_skill"] * r.skill[lead]
            + v["feas_size"] * able
            + v["feas_helped"] * helped
        )
        own = np.where(is_org, o.own_money[g], 0.0) > 0
        sust = v["sust_backing"] * met + v["sust_own_money"] * own
        score = v["w_benefit"] * benefit + v["w_feasibility"] * feas + v["w_sustainability"] * sust
        score += v["review_noise"] * (1 - m.committee.practice) * (u_noise[lead] - 1 / 2)
        left = self.yearly_budget()
        funded = 0
        self._gave = np.zeros(m.n, bool)  # a resident gives to one project a cycle
        for a in np.argsort(-score, kind="stable"):
            amount = float(request[a])
            if co[a] > 0:
                # collected door to door from givers who have not given to another project yet
                got = min(co[a] * amount, self._pledge_left(int(bld[a]), u_give))
                amount = min(amount, got / co[a])
                raised[a] = got
            if amount < v["min_grant"] or amount > left:
                continue
            target = int(gid[a])
            if target < 0:
                target = m.found_group(int(lead[a]), int(cat[a]), month, origin="project")
                if target < 0:
                    continue
                register(m, np.array([target]), "grant")
                # the project team: its lead asks interested neighbours, who decide; a lead
                # nobody follows cannot carry the project, and the money stays in the budget
                joined = m.ask_neighbours(int(lead[a]), target)
                if joined.size + 1 < m.v["group.min_members"]:
                    dissolve(m, target)
                    continue
            elif o.kind[target] == REC:
                m.convert(target, int(cat[a]), month, reason="took on a funded public project")
            left -= amount
            funded += 1
            o.grants_won[target] += 1
            m.give_money(np.array([target]), amount, "city", int(v["project_months"]))
            self._collect(target, int(bld[a]), float(raised[a]), u_give, month)
        if funded:
            m.log(month, "grants", f"The yearly grant review funded {funded} projects.")

    def _givers(self, bld: int, u_give: np.ndarray) -> np.ndarray:
        r = self.model.res
        in_b = self.model.building_members(bld)
        return in_b[u_give[in_b] < self.v["give_rate"] * r.trust_nb[in_b]]

    def _pledges(self, blds: np.ndarray, u_give: np.ndarray) -> np.ndarray:
        r = self.model.res
        out = np.empty(blds.size)
        for a, b in enumerate(blds.tolist()):
            out[a] = float(r.purse[self._givers(b, u_give)].sum()) * self.v["give_months"]
        return out

    def _pledge_left(self, bld: int, u_give: np.ndarray) -> float:
        """What the building's givers who have not yet given this cycle can give."""
        givers = self._givers(bld, u_give)
        givers = givers[~self._gave[givers]]
        return float(self.model.res.purse[givers].sum()) * self.v["give_months"]

    def _collect(self, g: int, bld: int, amount: float, u_give: np.ndarray, month: int) -> None:
        """Door-to-door collection of the co-funding: the givers took part occasionally."""
        m = self.model
        if amount <= 0:
            return
        givers = self._givers(bld, u_give)
        givers = givers[~self._gave[givers]]
        self._gave[givers] = True
        m.res.last_occasional[givers] = month
        m.give_own_money(g, amount, source="co_funding")
