"""What a classroom session keeps: its participants, each round's record, state fingerprints.

Split from :mod:`yingzao.app.classroom` (the session itself); the names are re-exported there.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from yingzao.app.classroom_groups import LISTS, find_groups
from yingzao.app.workshop_session import Session
from yingzao.app.workshop_story import Text

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a projector


def new_code(n: int = 6) -> str:
    """A random join code that is easy to read and type."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(n))


@dataclass
class Participant:
    """One person in the session.

    Attributes:
        token: Secret that identifies them (kept by their browser to rejoin).
        name: Display name.
        role: One of :data:`ROLES`, or ``""`` (watching).
        lang: ``en`` or ``zh``.
        resident: The resident a leader plays (a resident id), else None.
        seen: When their page last reached the server (``time.monotonic``).

    """

    token: str
    name: str
    role: str
    lang: str = "zh"
    resident: int | None = None
    seen: float = 0.0


@dataclass
class RoundRecord:
    """What happened in one round.

    Attributes:
        number: Round number, from 1.
        start, end: First month run and the month after the last (counted from 0).
        decisions: ``(name, role, {key: value})`` of every participant's decisions.
        by_rule: Roles played by nobody, or played without any decision (the rule decided).
        did: What the decisions did, as log lines.
        counts: Headline figures of the class's run and the model's own run at the round's end.
        ms: Milliseconds the round's two runs took.
        inputs: ``(token, name, role, resident, {key: value})`` of every role played, as
            applied (what a replay applies again).
        groups: Per named group id, its key (founding month, origin, leader) at the round's
            start, by which a rerun finds the same group.
        state: Fingerprints of the class's and the model's own state at the round's end.

    """

    number: int
    start: int
    end: int
    decisions: list[tuple[str, str, dict[str, Any]]]
    by_rule: list[str]
    did: list[Text]
    counts: dict[str, dict[str, float]]
    ms: float = 0.0
    inputs: list[tuple[str, str, str, int | None, dict[str, Any]]] = field(default_factory=list)
    groups: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    state: dict[str, str] = field(default_factory=dict)


def _renamed(m, d: dict[str, Any], groups: dict) -> dict[str, Any]:
    """Decisions ``d`` with the groups they name found again in ``m`` by their keys."""
    out = dict(d)
    for k in LISTS:
        if k in out:
            out[k] = find_groups(m, [groups[g] for g in out[k] if g in groups])
    return out


def fingerprint(m) -> str:
    """A digest of the model's state: residents, groups, institutions, money and policy ends."""
    h = hashlib.sha1()
    r, o = m.res, m.orgs
    for a in (r.skill, r.groups, r.leads, r.trust_cm, r.fatigue, r.propensity):
        h.update(np.ascontiguousarray(a).tobytes())
    for name in (
        "alive",
        "kind",
        "leader",
        "capacity",
        "own_money",
        "out_money",
        "coached_months",
        "federated",
        "recognized",
        "registered",
    ):
        h.update(np.ascontiguousarray(getattr(o, name)[: o.n]).tobytes())
    cm = m.committee
    ngo = m.ngo
    extra = [cm.practice, cm.openness, cm.trust_ngo, cm.support, m.ledger.outside_in]
    if ngo is not None:
        extra += [ngo.substitute_share, float(ngo.present)]
    extra += [x for p in m.policies for x in (p.start, p.end, p.outside_end)]
    h.update(np.array(extra, dtype=float).tobytes())
    return h.hexdigest()


def counts(s: Session) -> dict[str, float]:
    """Functional and recreational groups and the share of residents active (%), now."""
    c = s.counts()
    return {"functional": c["f"], "recreational": c["r"], "active_pct": c["p"]}
