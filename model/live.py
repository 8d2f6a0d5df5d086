"""Live interventions: a trainer changes the policy mix of a running model, from next month.

A live intervention is an ordinary policy object added to (or moved within) the model's policy
list, so it acts exactly as the same policy set in a scenario would: it keeps the acting order of
:data:`yingzao.model.policies.ORDER`, draws from its own random stream and is logged.
"""

from __future__ import annotations

from yingzao.model.policies import ORDER, Policy
from yingzao.model.policies.simple import Crisis, Training, Withdrawal

from yingzao.errors import InputError

INTERVENTIONS = ("training", "withdraw", "crisis")


def _insert(m, policy: Policy) -> None:
    """Put ``policy`` into the model's list at its place in the acting order."""
    rank = {cls: i for i, cls in enumerate(ORDER)}
    at = sum(1 for p in m.policies if rank[type(p)] <= rank[type(policy)])
    m.policies.insert(at, policy)


def intervene(m, what: str) -> str:
    """Apply a live intervention to model ``m``; it takes effect in the month about to run.

    Args:
        m: A :class:`~yingzao.model.community.CommunityModel`.
        what: ``"training"`` (leader training cohorts from now on, with the scenario's
            ``training.*`` settings), ``"withdraw"`` (all outside money stops now) or
            ``"crisis"`` (a crisis starts now, with the scenario's ``crisis.*`` settings).

    Returns:
        The plain-language event text that was logged.

    Raises:
        InputError: unknown intervention.

    """
    month = m.month
    if what == "withdraw":
        flowing = [p for p in m.policies if p.outside_funded and min(p.end, p.outside_end) > month]
        old = next((p for p in m.policies if isinstance(p, Withdrawal)), None)
        past = old is not None and old.month <= month
        if past and not flowing:
            text = "Live: outside money had already stopped; nothing changed."
            m.log(month, "live", text)
            return text
        if past:
            # money stopped once, then a live policy brought new money: stop that too
            for p in flowing:
                p.outside_end = month
        else:
            if old is not None:
                m.policies.remove(old)
            w = Withdrawal(m)
            w.month = w.start = w.end = month
            _insert(m, w)
            w.setup()
        # end-of-month checks that a scheduled withdrawal would have met last month (the NGO
        # leaves in the month before the money stops)
        for p in m.policies:
            if month > 0 and getattr(p, "after", None) is not None:
                p.after(month - 1)
        text = "Live: the trainer withdrew all outside money now."
    elif what == "training":
        t = Training(m)
        t.start, t.end = month, 10**9
        # a new decision: new money, even after an earlier withdrawal; but a withdrawal still
        # to come stops it too, as it stops every outside money
        later = [p.month for p in m.policies if isinstance(p, Withdrawal) and p.month > month]
        t.outside_end = min(later, default=t.end)
        _insert(m, t)
        text = (
            f"Live: leader training started now (cohorts of {int(t.v['cohort'])} "
            f"every {int(t.v['every'])} months)."
        )
    elif what == "crisis":
        c = Crisis(m)
        c.start, c.end = month, month + int(c.v["months"])
        _insert(m, c)
        text = "Live: the trainer set off a crisis now."
    else:
        raise InputError(f"unknown intervention {what!r}: choose one of {', '.join(INTERVENTIONS)}")
    m.log(month, "live", text)
    return text
