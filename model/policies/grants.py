"""Participatory micro-grants: the yearly funding cycle as practised in Chengdu and Qingyuan.

Household wishes (one household, one vote, on its highest need) -> the council turns the top
wishes into calls -> groups, recreational groups ready to take on a task, and new project teams
apply, each raising the required co-funding from residents -> a review scores public benefit,
feasibility and sustainability with weights (noisier when the committee is administrative) ->
grants go down the ranking until the year's budget is spent. A project team that wins becomes a
new organization (activity -> project -> organization).
"""

from __future__ import annotations

import numpy as np
from yingzao.model.policies.base import Policy
from yingzao.model.state import REC

COUNCIL_SIZE = 15
HARDWARE = (2, 3)  # environment, courtyard: hardware projects with the higher co-funding share


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
        # one draw per resident for each use: turnout, trying, review noise, co-funding
        u_vote, self._u, u_noise, u_give = self.rng.random((4, m.n))
        u = (u_vote, u_noise, u_give)
        calls, votes = self._wishes(u_vote)
        council = np.argpartition(-(r.skill + r.trust_cm), COUNCIL_SIZE)[:COUNCIL_SIZE]
        r.public[council] = True
        apps = self._applications(calls)
        if not apps:
            return
        self._review_and_fund(apps, votes, month, u)

    def _try(self, g: int) -> bool:
        """An unguided recreational group tries a public project now and then (1 in 4)."""
        return bool(self._u[self.model.orgs.leader[g]] < 0.25)

    def _wishes(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r = self.model.res
        reps = self.model.household_reps
        voted = reps[u[reps] < 0.3 + 0.5 * r.trust_cm[reps]]
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
            elif k == REC and o.size[g] >= 3 and (o.coached_months[g] > 0 or self._try(g)):
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
            for i, b in zip(free[ok][:40], best[ok][:40], strict=True):
                apps.append((-1, int(i), int(calls[b])))
        return apps

    def _review_and_fund(self, apps, votes, month: int, u: tuple[np.ndarray, ...]) -> None:
        m, r, o, v = self.model, self.model.res, self.model.orgs, self.v
        gid = np.array([a[0] for a in apps])
        lead = np.array([a[1] for a in apps])
        cat = np.array([a[2] for a in apps])
        is_org = gid >= 0
        g = np.where(is_org, gid, 0)
        size = np.where(is_org, o.size[g], 1)
        request = np.minimum(v["max_grant"], 2000.0 + 800.0 * size)
        co = np.where(np.isin(cat, HARDWARE), v["hardware_co_funding"], v["co_funding"])
        # co-funding: the applicant's building pools a year of what trusting residents can give
        bld = r.building[lead]
        pool = m.bld_purse_trust[bld] * 12.0 * 0.25
        raised = np.minimum(co * request, pool)
        request = np.where(co > 0, np.minimum(request, raised / np.maximum(co, 1e-9)), request)
        benefit = votes[cat] * (0.5 + 0.5 * np.minimum(1.0, size / 8.0))
        feas = (
            0.4 * np.where(is_org, o.capacity[g], 0.0)
            + 0.3 * r.skill[lead]
            + 0.2 * np.minimum(1.0, size / 8.0)
            + 0.3 * np.where(is_org, o.coached[g], 0)
            + 0.2 * (r.visited[lead] | (r.leads[lead] >= 0))
        )
        sust = np.minimum(1.0, raised / np.maximum(request, 1.0) * 2.0) * 0.7 + 0.3 * (
            np.where(is_org, o.own_money[g], 0.0) > 0
        )
        score = v["w_benefit"] * benefit + v["w_feasibility"] * feas + v["w_sustainability"] * sust
        noise_sd = 0.3 * (1 - m.committee.facilitation)
        u_noise, u_give = u[1], u[2]
        score += noise_sd * (u_noise[lead] - 0.5)
        left = self.yearly_budget()
        funded = 0
        for a in np.argsort(-score, kind="stable"):
            amount = float(request[a])
            if amount < 1000.0 or amount > left:
                continue
            target = int(gid[a])
            if target < 0:
                target = m.found_group(int(lead[a]), int(cat[a]), month, origin="project")
                if target < 0:
                    continue
                # the project team: interested neighbours of its lead join it
                m.recruit(int(lead[a]), target, int(m.v["found.mass_functional"]) + 2)
            elif o.kind[target] == REC:
                m.convert(target, int(cat[a]), month, reason="took on a funded public project")
            left -= amount
            funded += 1
            m.give_money(np.array([target]), amount, source="city", months=12)
            m.give_own_money(target, float(raised[a]), source="co_funding")
            donors = np.flatnonzero((r.building == bld[a]) & (u_give < 0.1 * r.trust_nb))
            r.public[donors] = True
        if funded:
            m.log(month, "grants", f"The yearly grant review funded {funded} projects.")
