"""A classroom session: participants join with a code, play roles, and the model runs in rounds.

One :class:`Classroom` lives in the server process and is shared by every browser connected
to it (the trainer's projector and the participants' phones). It holds two runs of the same
community from the same seed: the class's run, where the participants' decisions replace the
rules' (:mod:`yingzao.app.classroom_roles`), and the model's own run, where nobody plays; the
debrief sets them side by side (:mod:`yingzao.app.classroom_debrief`). Every change bumps
``rev``, which the pages watch.

A round: the trainer opens it (a countdown starts), participants decide on their phones, and
when the time is up (or the trainer runs it) the decisions made are applied, the rest are left
to the rules, and both runs advance ``round_months`` months. Replaying a round rebuilds both runs
from the seed with the earlier rounds' decisions and reopens the round.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from yingzao.app.classroom_groups import LISTS, group_key
from yingzao.app.classroom_records import (  # noqa: F401 (re-exported)
    Participant,
    RoundRecord,
    _renamed,
    counts,
    fingerprint,
    new_code,
)
from yingzao.app.classroom_roles import KEYS, ROLES, ClassError, apply, choices
from yingzao.app.workshop_session import Session
from yingzao.model.city_spec import not_a_city
from yingzao.scenarios import builtin_names, load

from yingzao.errors import InputError

MAX_PARTICIPANTS = 60
NAME_MAX = 24
PHASES = ("lobby", "deciding", "paused", "done")
HEADLINE = ("functional", "recreational", "active_pct")


@dataclass(eq=False)
class Classroom:
    """A classroom session (see the module's description).

    Args:
        scenario: Built-in single-community scenario.
        residents: Adult residents of the community.
        seed: Run seed (both runs).
        round_months: Months a round runs (6 or 12).
        rounds: Rounds the session has.
        code: Join code (default: a new random one).
        countdown: Seconds participants have to decide once a round is open.

    """

    scenario: str = "support-3y"
    residents: int = 2000
    seed: int = 0
    round_months: int = 12
    rounds: int = 6
    code: str = field(default_factory=new_code)
    countdown: float = 90.0
    participants: dict[str, Participant] = field(default_factory=dict)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[RoundRecord] = field(default_factory=list)
    phase: str = "lobby"
    deadline: float | None = None
    left_when_paused: float | None = None
    rev: int = 0
    ran_at: float | None = None  # time.perf_counter() when the last round began to run
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        not_a_city(self.scenario, "a class plays one community")
        if self.scenario not in builtin_names():
            raise InputError(f"unknown scenario {self.scenario!r}: see `yingzao scenarios`")
        if load(self.scenario).values["street.communities"] != 1:
            raise InputError(f"scenario {self.scenario!r} is a street; a class plays one community")
        if self.round_months not in (6, 12):
            raise InputError(f"round length {self.round_months!r}: must be 6 or 12 months")
        if not 1 <= int(self.rounds) <= 20:
            raise InputError(f"rounds {self.rounds!r}: must be 1 to 20")
        if not 200 <= int(self.residents) <= 20000:
            raise InputError(f"residents {self.residents!r}: must be 200 to 20000")
        self.live, self.own = self._fresh()

    def _fresh(self) -> tuple[Session, Session]:
        live = Session.new(self.scenario, int(self.residents), int(self.seed))
        own = Session.new(self.scenario, int(self.residents), int(self.seed))
        own._layout = live.layout
        return live, own

    def _bump(self) -> None:
        self.rev += 1

    # --- people ---------------------------------------------------------------------------
    def join(self, code: str, name: str, lang: str = "zh") -> Participant:
        """A participant joins with the code and a display name and is given a role.

        Raises:
            InputError: wrong code, a name that is empty or too long, or the session is full.

        """
        name = " ".join(str(name).split())
        with self.lock:
            if not secrets.compare_digest(str(code).strip().lower().encode(), self.code.encode()):
                raise ClassError("err.code")
            if not 1 <= len(name) <= NAME_MAX:
                raise ClassError("err.name")
            if len(self.participants) >= MAX_PARTICIPANTS:
                raise ClassError("err.full")
            p = Participant(secrets.token_urlsafe(12), name, "", lang if lang == "en" else "zh")
            p.seen = time.monotonic()
            self.participants[p.token] = p
            self._give_role(p)
            self._bump()
            return p

    def rejoin(self, token: str) -> Participant | None:
        """The participant with ``token`` (a reload or a reconnect), or None."""
        with self.lock:
            p = self.participants.get(str(token))
            if p is not None:
                p.seen = time.monotonic()
            return p

    def holder(self, role: str) -> Participant | None:
        """Who plays a single role (secretary, street, NGO), or None."""
        return next((p for p in self.participants.values() if p.role == role), None)

    def _give_role(self, p: Participant, role: str | None = None) -> None:
        if role is None:
            role = next(
                (r for r in ROLES[:-1] if self.holder(r) is None and self._role_exists(r)),
                "leader",
            )
        p.role, p.resident = role, None
        if role == "leader":
            p.resident = self._free_resident()
            if p.resident is None:
                p.role = ""

    def _role_exists(self, role: str) -> bool:
        # the NGO director needs an NGO contract in the case
        return role != "ngo" or any(x.name == "ngo" for x in self.live.model.policies)

    def _free_resident(self) -> int | None:
        """A resident for a new leader.

        Who leads the largest group not yet played, else a skilled resident who leads nothing.
        """
        m = self.live.model
        r, o = m.res, m.orgs
        taken = {p.resident for p in self.participants.values() if p.resident is not None}
        live = o.live()
        for g in live[np.argsort(-o.size[live], kind="stable")]:
            lead = int(o.leader[g])
            if lead >= 0 and lead not in taken:
                return lead
        free = np.flatnonzero((r.leads < 0) & (r.groups[:, 1] < 0))
        free = free[np.argsort(-r.skill[free], kind="stable")]
        return next((int(i) for i in free if int(i) not in taken), None)

    def assign(self, token: str, role: str) -> None:
        """The trainer gives participant ``token`` a role.

        The earlier holder of a single role (secretary, street, NGO) becomes a leader.
        """
        if role not in (*ROLES, ""):
            raise InputError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        with self.lock:
            p = self.participants[token]
            if role in ROLES[:-1]:
                if not self._role_exists(role):
                    raise InputError(f"the case has no {role} to play")
                old = self.holder(role)
                if old is not None and old is not p:
                    self._give_role(old, "leader")
                    self.pending.pop(old.token, None)
            self._give_role(p, role)
            self.pending.pop(token, None)
            self._bump()

    def remove(self, token: str) -> None:
        """The trainer removes a participant; their role goes back to the rules."""
        with self.lock:
            self.participants.pop(token, None)
            self.pending.pop(token, None)
            self._bump()

    # --- decisions ------------------------------------------------------------------------
    def choices(self, token: str):
        """What participant ``token`` can decide now (:class:`~.classroom_roles.Choice` list)."""
        with self.lock:
            p = self.participants.get(token)
            if p is None or not p.role:
                return []
            return choices(self.live, p.role, p.resident, self.round_months)

    def decide(self, token: str, key: str, value: Any) -> None:
        """Participant ``token`` decides ``key`` (None: back to the rule).

        Raises:
            InputError: not deciding time, not their decision, or not one of the choices.

        """
        with self.lock:
            p = self.participants.get(token)
            if p is None:
                raise ClassError("err.not_in")
            if self.phase != "deciding":
                raise ClassError("err.closed")
            if key not in KEYS.get(p.role, ()):
                raise ClassError("err.decision", what=key)
            now = choices(self.live, p.role, p.resident, self.round_months)
            c = next((c for c in now if c.key == key), None)
            if c is None:
                raise ClassError("err.not_now")
            value = c.check(value)
            mine = self.pending.setdefault(token, {})
            if value is None:
                mine.pop(key, None)
                if not mine:
                    del self.pending[token]
            else:
                mine[key] = value
            p.seen = time.monotonic()
            self._bump()

    # --- rounds ---------------------------------------------------------------------------
    @property
    def round(self) -> int:
        """Rounds played."""
        return len(self.history)

    def open_round(self, now: float | None = None) -> None:
        """Open the next round for decisions; the countdown starts."""
        with self.lock:
            if self.phase == "done":
                raise InputError("the session's rounds are all played: see the debrief")
            now = time.monotonic() if now is None else now
            self.phase, self.deadline, self.left_when_paused = (
                "deciding",
                now + self.countdown,
                None,
            )
            self._bump()

    def seconds_left(self, now: float | None = None) -> float | None:
        """Seconds until the round runs (None when no countdown runs)."""
        if self.phase == "paused":
            return self.left_when_paused
        if self.phase != "deciding" or self.deadline is None:
            return None
        now = time.monotonic() if now is None else now
        return max(0.0, self.deadline - now)

    def pause(self, now: float | None = None) -> None:
        """Stop the countdown (decisions stay)."""
        with self.lock:
            if self.phase == "deciding":
                self.left_when_paused = self.seconds_left(now)
                self.phase, self.deadline = "paused", None
                self._bump()

    def resume(self, now: float | None = None) -> None:
        """Restart the countdown where it stopped."""
        with self.lock:
            if self.phase == "paused":
                now = time.monotonic() if now is None else now
                self.deadline = now + (self.left_when_paused or 0.0)
                self.phase, self.left_when_paused = "deciding", None
                self._bump()

    def set_round_months(self, months: int) -> None:
        """Change the length of the rounds still to come (6 or 12 months)."""
        if months not in (6, 12):
            raise InputError(f"round length {months!r}: must be 6 or 12 months")
        with self.lock:
            if self.phase in ("deciding", "paused"):
                # the round's choices (a contract's end, a call) were offered for its length
                raise ClassError("err.round_open")
            self.round_months = months
            self._bump()

    def tick(self, now: float | None = None) -> bool:
        """Run the round if its countdown is over; whether it ran."""
        with self.lock:
            left = self.seconds_left(now)
            if self.phase == "deciding" and left is not None and left <= 0:
                self.run_round()
                return True
            return False

    def run_round(self) -> RoundRecord:
        """Apply the decisions made, leave the rest to the rules, run both runs one round."""
        with self.lock:
            if self.phase == "done":
                raise InputError("the session's rounds are all played: see the debrief")
            t0 = self.ran_at = time.perf_counter()
            decided = [
                (p.token, p.name, p.role, p.resident, dict(self.pending.get(p.token, {})))
                for p in self.participants.values()
                if p.role
            ]
            rec = self._advance(decided, self.round_months)
            rec.ms = 1000 * (time.perf_counter() - t0)
            self.pending.clear()
            done = self.round >= self.rounds
            self.phase, self.deadline = ("done" if done else "lobby"), None
            self._bump()
            return rec

    def _advance(self, decided, months: int, groups: dict | None = None) -> RoundRecord:
        m = self.live.model
        start = m.month
        if groups is not None:  # a rebuild: the groups named then, found again by their keys
            decided = [(tok, n, r, res, _renamed(m, d, groups)) for tok, n, r, res, d in decided]
        named = {g for *_, d in decided for k in LISTS for g in d.get(k, [])}
        keys = {g: group_key(m, g) for g in named if g < m.orgs.n}
        did = apply(self.live, [(n, r, res, d) for _, n, r, res, d in decided])
        played = {role for _, _, role, _, d in decided if d}
        by_rule = [r for r in ROLES if r not in played]
        for _ in range(months):
            self.live._step()
            self.own._step()
        rec = RoundRecord(
            self.round + 1,
            start,
            self.live.model.month,
            [(n, r, d) for _, n, r, _, d in decided if d],
            by_rule,
            did,
            {"class": counts(self.live), "own": counts(self.own)},
            inputs=list(decided),
            groups=keys,
            state={"class": fingerprint(self.live.model), "own": fingerprint(self.own.model)},
        )
        self.history.append(rec)
        return rec

    def replay_round(self) -> None:
        """Undo the last round.

        Both runs are rebuilt with the earlier rounds; the round reopens with its decisions as
        they were.
        """
        with self.lock:
            if not self.history:
                raise InputError("no round has been played yet")
            last = self.history.pop()
            earlier, self.history = self.history, []
            self.live, self.own = self._fresh()
            for rec in earlier:
                self._advance(rec.inputs, rec.end - rec.start, rec.groups)
            # each decision back to whoever holds its role (and resident) now, if still allowed
            self.pending = {}
            holders = {(p.role, p.resident): p.token for p in self.participants.values()}
            for _, _, role, res, d in last.inputs:
                tok = holders.get((role, res))
                if tok is None or not d:
                    continue
                now = {c.key: c for c in choices(self.live, role, res, self.round_months)}
                d = _renamed(self.live.model, d, last.groups)
                kept = {}
                for k, v in d.items():
                    try:
                        kept[k] = now[k].check(v)
                    except (KeyError, InputError):
                        continue
                kept = {k: v for k, v in kept.items() if v is not None}
                if kept:
                    self.pending[tok] = kept
            self.phase, self.deadline = "lobby", None
            self._bump()

    # --- what each sees -------------------------------------------------------------------
    def status(self, now: float | None = None) -> dict[str, Any]:
        """The session at a glance, for every page."""
        with self.lock:
            return {
                "phase": self.phase,
                "round": self.round,
                "rounds": self.rounds,
                "month": self.live.model.month,
                "round_months": self.round_months,
                "seconds_left": self.seconds_left(now),
                "participants": len(self.participants),
                "decided": sum(1 for d in self.pending.values() if d),
                "rev": self.rev,
            }
