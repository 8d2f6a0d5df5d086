"""Decisions made by people instead of the rules: the roles of a classroom session.

In a classroom session (``yingzao classroom``) workshop participants play the committee secretary,
the NGO director, the street official and resident leaders. A round's decisions are held in a
:class:`Plays` on the model (``model.plays``); the rules consult it at their decision points and
use their own rule wherever a field is ``None`` (nobody decided). With ``model.plays`` None,
nothing here is read and a run is the model's own.

Decisions that last through a round are read by the rules:

- the secretary's share of free staff time given to facilitation (in place of the committee's
  practice, which is left to the rules), which groups the committee recognizes first, whether
  the NGO is let in, whether the committee presses the NGO for quick showcase groups, whether
  the grant cycle's resident council meets;
- the NGO director's share of staff time spent substituting (instead of the drift rule) and which
  groups it accompanies first;
- each resident leader's choice to apply for a grant, or not, in the year's cycle.

One-off acts at the start of a round (found a group, pay out of pocket, hand over, start the
federation, leave, a budget, a contract length, a withdrawal) are ordinary operations of the
model applied by the classroom session (:mod:`yingzao.app.classroom`), at the month about to run.
None of these choices carries a number of the model's own: shares are 0-1 choices of the
player, within the same bounds as the rule's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DOOR = ("closed", "open")  # the NGO kept out, or let in whatever the committee's openness


@dataclass
class Plays:
    """The decisions people made for the running round (``None``: the rule decides).

    Attributes:
        facilitation: Share (0-1) of the committee's free staff time given to facilitation this
            month (in place of its practice; the practice itself keeps to the rules).
        recognize: Organization ids the committee recognizes first (then the rule's order).
        ngo_door: ``closed`` (the NGO is kept out) or ``open`` (let in, gatekeeping waived).
        showcase_pressure: False: the committee does not press the NGO for quick showcase
            groups (its term of the drift pressure is 0); True or None: as the rule.
        council: False: the grant cycle's resident council does not meet this year; True or
            None: as the rule.
        substitute_share: Share (0-1) of the NGO's staff time spent delivering services itself
            this month (the rule's own share waits meanwhile: ``NGO.rule_share``).
        accompany: Organization ids the NGO accompanies first (then the rule's order).
        apply: ``{organization id: apply or not}`` in the year's grant cycle, per played leader.

    """

    facilitation: float | None = None
    recognize: list[int] | None = None
    ngo_door: str | None = None
    showcase_pressure: bool | None = None
    council: bool | None = None
    substitute_share: float | None = None
    accompany: list[int] | None = None
    apply: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("facilitation", "substitute_share"):
            x = getattr(self, name)
            if x is not None and not 0.0 <= float(x) <= 1.0:
                raise ValueError(f"{name} {x!r}: must be a share between 0 and 1")
        if self.ngo_door is not None and self.ngo_door not in DOOR:
            raise ValueError(f"ngo_door {self.ngo_door!r}: must be one of {', '.join(DOOR)}")


def plays(m) -> Plays | None:
    """The model's played decisions, or None (every decision by rule)."""
    return getattr(m, "plays", None)


def first(ranked, chosen: list[int] | None):
    """``ranked`` (an id array) with the ids in ``chosen`` moved to the front, in chosen order."""
    import numpy as np

    if not chosen:
        return ranked
    ranked = np.asarray(ranked)
    have = set(ranked.tolist())
    pick = np.array([g for g in dict.fromkeys(chosen) if g in have], dtype=ranked.dtype)
    return np.r_[pick, ranked[~np.isin(ranked, pick)]]
