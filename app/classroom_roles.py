"""The roles of a classroom session: what each may decide now, and doing what they decided.

A decision is ``(key, value)``; ``None`` or a missing key leaves it to the model's rule. Lasting
decisions go into the round's :class:`~yingzao.model.roles.Plays`, read by the rules; one-off
acts (found, pay, hand over, federation, leave, budget, contract, withdrawal) are applied here
to the model, in the month about to run, through the model's own operations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from yingzao.app.i18n import num
from yingzao.app.workshop_story import Text, both
from yingzao.model.defaults import CATEGORIES
from yingzao.model.founding import founding_count
from yingzao.model.lifecycle import hand_over
from yingzao.model.live import intervene
from yingzao.model.policies.grants import Grants
from yingzao.model.policies.simple import Withdrawal
from yingzao.model.roles import Plays

from yingzao.errors import InputError


class ClassError(InputError):
    """A participant's mistake (a choice not offered): ``text`` in both languages."""

    def __init__(self, key: str, **kw: Any) -> None:
        self.text: Text = both(key, **kw)
        super().__init__(self.text["en"])


ROLES = ("secretary", "street", "ngo", "leader")  # the order in which a class fills them
KEYS = {
    "secretary": ("facilitation", "recognize", "ngo_door", "patient", "no_council"),
    "ngo": ("substitute_share", "accompany", "federation_now", "leave_now"),
    "street": ("budget", "contract_months", "withdraw_now"),
    "leader": ("found", "apply", "pay", "hand_over"),
}
# acts: only "yes" does something (no is the rule), so a "no" is no decision
ACTS = ("patient", "no_council", "federation_now", "leave_now", "withdraw_now", "hand_over")
# the player's choices: shares of what the rule could choose, multiples of the case's values
SHARES = (0.0, 0.25, 0.5, 0.75, 1.0)
BUDGET_FACTORS = (0.0, 0.5, 1.0, 2.0)  # of the case's grants budget
CONTRACT_MONTHS = (12, 24, 36, 48, 60, 96)
# of the most the rule's leader puts in over a round (group.leader_pocket a month): its bound
POCKET_FACTORS = (0.25, 0.5, 1.0)
GROUP_CHOICES = 12  # groups a phone lists to pick from (the largest)


@dataclass
class Choice:
    """One decision a role can make now.

    Attributes:
        key: Decision key.
        kind: ``share``, ``bool`` (an act or a yes/no), ``option`` or ``groups`` (several).
        options: ``(value, label)`` pairs for ``share``, ``option`` and ``groups``.
        now: What holds now (or what the rule would do), in both languages.
        why_not: Why it cannot be made now (the choice is then shown, disabled), or None.

    """

    key: str
    kind: str
    options: list[tuple[Any, Text]] = field(default_factory=list)
    now: Text | None = None
    why_not: Text | None = None

    def check(self, value: Any) -> Any:
        """``value`` as this choice takes it; InputError if it is not one of the choices."""
        if value is None:
            return None
        if self.why_not is not None:
            raise ClassError("err.not_now")
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ClassError("err.choice", value=str(value))
            return None if (self.key in ACTS and not value) else value
        allowed = [v for v, _ in self.options]
        if self.kind == "groups":
            vals = list(value) if isinstance(value, list | tuple) else [value]
            bad = [v for v in vals if v not in allowed]
            if bad:
                raise ClassError("err.choice", value=str(bad[0]))
            return list(dict.fromkeys(int(v) for v in vals))
        if value not in allowed:
            raise ClassError("err.choice", value=str(value))
        return value


def _pct(x: float) -> Text:
    return {"en": f"{100 * x:.0f}%", "zh": f"{100 * x:.0f}%"}


def _shares() -> list[tuple[Any, Text]]:
    return [(x, _pct(x)) for x in SHARES]


def contract(m):
    """The model's NGO contract policy, or None."""
    return next((p for p in m.policies if p.name == "ngo"), None)


def grants(m) -> Grants | None:
    """The model's grant cycle, or None."""
    return next((p for p in m.policies if isinstance(p, Grants)), None)


def cycle_in(m, months: int) -> bool:
    """Whether a grant cycle runs in the next ``months`` months."""
    g = grants(m)
    if g is None:
        return False
    return any(g.active(x) and (x - g.start) % 12 == 0 for x in range(m.month, m.month + months))


def group_options(story, m, ids) -> list[tuple[Any, Text]]:
    """``(id, name with size)`` of groups ``ids``."""
    o = m.orgs
    out = []
    for g in ids:
        name = story.name(int(g))
        n = int(o.size[g])
        out.append((int(g), {"en": f"{name['en']} ({n})", "zh": f"{name['zh']}（{n}人）"}))
    return out


def withdrawn(m) -> bool:
    """Whether the outside money has been withdrawn (a withdrawal that has happened)."""
    return any(isinstance(p, Withdrawal) and p.month <= m.month for p in m.policies)


def later_withdrawal(m) -> int:
    """The month of a withdrawal still to come, else never (a large month)."""
    later = [p.month for p in m.policies if isinstance(p, Withdrawal) and p.month > m.month]
    return min(later, default=10**9)


def can_found(m, i: int, kind: str) -> bool:
    """Whether resident ``i`` can found a group of ``kind`` by the founding rule's conditions.

    A free resident (no group led, a membership slot open), not worn out, with organizer skill,
    and leader skill for a functional group (``resident.*_skill``, ``leader.found_fatigue``),
    with enough interested neighbours for the category (the rule's critical mass,
    ``found.mass_functional`` / ``found.mass_recreational``). The player decides only whether
    and what to found, in place of the rule's chance of trying.
    """
    r, v = m.res, m.v
    free = r.leads[i] < 0 and r.groups[i, 1] < 0 and r.fatigue[i] < v["leader.found_fatigue"]
    rec = kind == "recreation"
    need = v["resident.organizer_skill"] if rec else v["resident.leader_skill"]
    if not (free and r.skill[i] >= need):
        return False
    mass = v["found.mass_recreational"] if rec else v["found.mass_functional"]
    return bool(founding_count(m, i)[CATEGORIES.index(kind)] >= mass)


def choices(session, role: str, resident: int | None, months: int) -> list[Choice]:
    """What ``role`` (playing ``resident``, for a leader) can decide for a round of ``months``."""
    m, story = session.model, session.story
    o = m.orgs
    live = o.live()
    big = live[np.argsort(-o.size[live], kind="stable")][:GROUP_CHOICES]
    ngo = m.ngo if m.ngo is not None and m.ngo.present else None
    p = contract(m)
    # an NGO on contract in this round (it enters in its contract's first month)
    on = p is not None and p.start < m.month + months and min(p.end, p.outside_end) > m.month
    no_ngo = None if on else both("dec.unavailable.no_ngo")
    no_agent = None if ngo is not None else both("dec.unavailable.no_ngo")
    cycle = None if cycle_in(m, months) else both("dec.unavailable.no_grants")
    if role == "secretary":
        cm = m.committee
        # the street sent the NGO in: the committee complies (DOMAIN: passive compliance)
        endorsed = both("dec.unavailable.endorsed") if m.v["ngo.entry"] == "endorsement" else None
        return [
            Choice("facilitation", "share", _shares(), both("now", what=_pct(cm.practice))),
            Choice("recognize", "groups", group_options(story, m, big)),
            Choice(
                "ngo_door",
                "option",
                [(d, both(f"dec.ngo_door.{d}")) for d in ("closed", "open")],
                why_not=no_ngo or endorsed,
            ),
            Choice("patient", "bool", why_not=no_ngo),
            Choice("no_council", "bool", why_not=cycle),
        ]
    if role == "ngo":
        fed = None if m.federation is None else both("dec.unavailable.federation")
        if not (m.v["mech.federation"] and m.v["ngo.federation"]):
            fed = both("dec.unavailable.no_federation")
        now = _pct(ngo.substitute_share) if ngo is not None else None
        return [
            Choice(
                "substitute_share",
                "share",
                _shares(),
                both("now", what=now) if now else None,
                no_ngo,
            ),
            Choice("accompany", "groups", group_options(story, m, big), why_not=no_ngo),
            Choice("federation_now", "bool", why_not=no_agent or fed),
            Choice("leave_now", "bool", why_not=no_ngo),
        ]
    if role == "street":
        g = grants(m)
        per = float(m.v["grants.per_100_households"])
        plan = per * m.n_households / 100.0
        budget = [
            (x, both("dec.budget.factor", x=_pct(x), yuan=num(x * plan))) for x in BUDGET_FACTORS
        ]
        now = g.yearly_budget() if g is not None and g.active(m.month) else 0.0
        gone = both("dec.unavailable.withdrawn") if withdrawn(m) else None
        dropped = p is not None and p.dropped_at is not None
        # a new end announced a round ahead: not before the end of this round, not after a
        # withdrawal still to come
        months_opts = [
            (n, both("dec.contract_months.value", n=n))
            for n in CONTRACT_MONTHS
            if p is not None and m.month + months <= p.start + n <= later_withdrawal(m)
        ]
        contract_no = no_ngo or gone or (both("dec.unavailable.dropped") if dropped else None)
        return [
            Choice(
                "budget", "option", budget, both("now", what={"en": num(now), "zh": num(now)}), gone
            ),
            Choice("contract_months", "option", months_opts, why_not=contract_no),
            Choice("withdraw_now", "bool", why_not=gone),
        ]
    if role == "leader" and resident is not None:
        g = int(m.res.leads[resident])
        leads = None if g < 0 else both("dec.unavailable.leads")
        none = both("dec.unavailable.no_group") if g < 0 else None
        cats = [("no", both("dec.found.no"))] + [
            (c, both(f"cat.{c}")) for c in CATEGORIES if can_found(m, resident, c)
        ]
        if leads is None and len(cats) == 1:
            leads = both("dec.unavailable.skill")
        pocket = float(m.v["group.leader_pocket"]) * months
        pays = [(f * pocket, both("dec.pay.value", yuan=num(f * pocket))) for f in POCKET_FACTORS]
        return [
            Choice("found", "option", cats, why_not=leads),
            Choice("apply", "bool", why_not=none or cycle),
            Choice("pay", "option", pays, why_not=none),
            Choice("hand_over", "bool", why_not=none),
        ]
    return []


def _names(story, ids: list[int]) -> Text:
    names = [story.name(g) for g in ids]
    return {"en": ", ".join(n["en"] for n in names), "zh": "、".join(n["zh"] for n in names)}


def apply(session, decided: list[tuple[str, str, int | None, dict[str, Any]]]) -> list[Text]:
    """Do the round's decisions on ``session``'s model; returns what was done, as log lines.

    Args:
        session: The class's :class:`~yingzao.app.workshop_session.Session`.
        decided: ``(display name, role, resident or None, {key: value})`` per participant; keys
            absent or None are left to the rule.

    """
    m, story = session.model, session.story
    plays = Plays()
    lines: list[Text] = []
    order = {r: i for i, r in enumerate(ROLES)}
    for who, role, resident, d in sorted(decided, key=lambda x: order.get(x[1], 9)):
        d = {k: v for k, v in d.items() if v is not None}
        if role == "street":
            _street(m, who, d, lines)
        elif role == "secretary":
            _secretary(m, story, who, d, plays, lines)
        elif role == "ngo":
            _ngo(m, story, who, d, plays, lines)
        elif role == "leader" and resident is not None:
            _leader(m, story, who, resident, d, plays, lines)
    m.plays = plays
    story.note_now()
    return lines


def _street(m, who: str, d: dict, lines: list[Text]) -> None:
    if "budget" in d and not withdrawn(m):
        g = grants(m)
        yuan = float(d["budget"]) * float(m.v["grants.per_100_households"]) * m.n_households / 100
        if g is None:
            from yingzao.model.live import _insert

            # new money from now on; a withdrawal still to come stops it too
            g = Grants(m)
            g.start, g.end = m.month, 10**9
            g.outside_end = later_withdrawal(m)
            _insert(m, g)
        g.budget_override = yuan
        lines.append(both("did.budget", who=who, yuan=num(yuan)))
    p = contract(m)
    if "contract_months" in d and p is not None and p.dropped_at is None and not withdrawn(m):
        # the new end is announced a round ahead (the choices end no sooner): a planned end
        p.end = p.start + int(d["contract_months"])
        p.outside_end = min(p.end, later_withdrawal(m))
        if p.agent is not None:
            p.agent.end = min(p.end, p.outside_end)
        lines.append(both("did.contract_months", who=who, n=int(d["contract_months"])))
    if d.get("withdraw_now") and not withdrawn(m):
        intervene(m, "withdraw")
        lines.append(both("did.withdraw_now", who=who))


def _secretary(m, story, who: str, d: dict, plays: Plays, lines: list[Text]) -> None:
    if "facilitation" in d:
        plays.facilitation = float(d["facilitation"])
        lines.append(both("did.facilitation", who=who, pct=round(100 * plays.facilitation)))
    if d.get("recognize"):
        plays.recognize = list(dict.fromkeys(d["recognize"]))
        lines.append(both("did.recognize", who=who, names=_names(story, plays.recognize)))
    if "ngo_door" in d:
        plays.ngo_door = d["ngo_door"]
        lines.append(both(f"did.ngo_door.{d['ngo_door']}", who=who))
    if d.get("patient"):
        plays.showcase_pressure = False
        lines.append(both("did.patient", who=who))
    if d.get("no_council"):
        plays.council = False
        lines.append(both("did.no_council", who=who))


def _ngo(m, story, who: str, d: dict, plays: Plays, lines: list[Text]) -> None:
    if "substitute_share" in d:
        plays.substitute_share = float(d["substitute_share"])
        lines.append(both("did.substitute_share", who=who, pct=round(100 * plays.substitute_share)))
    if d.get("accompany"):
        plays.accompany = list(dict.fromkeys(d["accompany"]))
        lines.append(both("did.accompany", who=who, names=_names(story, plays.accompany)))
    o = m.orgs
    here = m.ngo is not None and m.ngo.present
    allowed = m.v["mech.federation"] and m.v["ngo.federation"]
    if d.get("federation_now") and m.federation is None and here and allowed:
        live = o.live()
        if np.count_nonzero(o.coached_months[live] > 0) >= m.v["ngo.federation_min"]:
            m.found_federation(m.month)
            lines.append(both("did.federation_now", who=who))
        else:
            n = int(m.v["ngo.federation_min"])
            lines.append(both("did.federation_few", who=who, n=n))
    p = contract(m)
    if d.get("leave_now") and p is not None and min(p.end, p.outside_end) > m.month:
        p.end = min(p.end, m.month)
        if p.agent is not None and p.agent.present:
            p.agent.end = min(p.agent.end, m.month)
            p.agent.leave(m.month)
            # no notice: for the groups it supported, as when a funder drops the contract
            m.money_stopped(np.flatnonzero(o.alive[: o.n] & (o.coached_months[: o.n] > 0)))
        lines.append(both("did.leave_now", who=who))


def _leader(m, story, who: str, i: int, d: dict, plays: Plays, lines: list[Text]) -> None:
    r, o = m.res, m.orgs
    g = int(r.leads[i])
    if g >= 0 and d.get("hand_over"):
        name = story.name(g)
        hand_over(m, g, i, f"{who} handed the group over.")
        key = "did.hand_over" if o.alive[g] else "did.hand_over_ended"
        lines.append(both(key, who=who, name=name))
        return
    if g >= 0 and "pay" in d:
        m.give_own_money(g, float(d["pay"]), "leader")
        lines.append(both("did.pay", who=who, yuan=num(float(d["pay"])), name=story.name(g)))
    if g >= 0 and "apply" in d:
        plays.apply[g] = bool(d["apply"])
        key = "did.apply.yes" if d["apply"] else "did.apply.no"
        lines.append(both(key, who=who, name=story.name(g)))
    found = d.get("found", "no")
    if g < 0 and found != "no" and can_found(m, i, found):
        k = CATEGORIES.index(found)
        g = m.found_group(i, k, m.month, origin="founded")
        if g < 0:
            return
        joined = m.ask_neighbours(i, g)
        if joined.size:
            lines.append(both("did.found", who=who, name=story.name(g), n=int(joined.size)))
        else:
            cat = both(f"cat.{CATEGORIES[k]}")
            lines.append(both("did.found_alone", who=who, cat=cat))
