"""One workshop's running model: step it, change its policies live, rewind and branch it.

A run is fixed by its case, size, seed and the live interventions made (which month, what), so
any earlier month can be rebuilt exactly by running again from the seed with the same
interventions: that is how "go back to month 24" and "branch here" work, without keeping
copies of the model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from yingzao.app.neighbourhood import frame, layout
from yingzao.app.workshop_story import Observer, both
from yingzao.model.community import CommunityModel
from yingzao.model.live import intervene
from yingzao.model.policies.simple import Crisis, Training, Withdrawal
from yingzao.model.state import REC
from yingzao.scenarios import load

HORIZON = 600  # months a workshop can run (the scenario's own length does not stop it)


@dataclass(eq=False)  # a session is itself, not its contents (and comparing them is slow)
class Session:
    """A model, what was done to it, and what it has shown so far.

    Attributes:
        scenario: Built-in scenario name.
        residents: Adult residents.
        seed: Run seed.
        model: The running model.
        story: Its log and the groups' stories.
        live: ``(month, what)`` of every live intervention, in order.
        history: Per month (counted from 1): functional groups, recreational groups, share of
            residents active (volunteer level or above, %).
        step_ms: Milliseconds the last step took on the server.

    """

    scenario: str
    residents: int
    seed: int
    model: CommunityModel
    story: Observer
    live: list[tuple[int, str]] = field(default_factory=list)
    history: list[tuple[int, int, float]] = field(default_factory=list)
    step_ms: float = 0.0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _layout: dict | None = field(default=None, repr=False)

    @classmethod
    def new(cls, scenario: str, residents: int, seed: int = 0) -> Session:
        """A fresh model of ``scenario`` with ``residents`` adults, at month 0."""
        scn = load(scenario, {"community.residents": residents, "run.months": HORIZON})
        model = CommunityModel(scn, seed=seed)
        return cls(scenario, residents, seed, model, Observer(model))

    # --- the picture ----------------------------------------------------------------------
    @property
    def layout(self) -> dict:
        """The picture's fixed part (buildings, dots), computed once."""
        if self._layout is None:
            self._layout = layout(self.model.res.building)
        return self._layout

    def frame(self, lang: str) -> dict:
        """The picture's changing part, now."""
        with self.lock:
            return frame(self.model, lang)

    # --- running --------------------------------------------------------------------------
    def step(self, if_current: Callable[[], bool] | None = None) -> bool:
        """One month.

        Returns False, and does nothing, when ``if_current()`` is False once the lock is held
        (a play loop that has been replaced).
        """
        with self.lock:
            if if_current is not None and not if_current():
                return False
            t0 = time.perf_counter()
            self._step()
            self.step_ms = 1000 * (time.perf_counter() - t0)
            return True

    def _step(self) -> None:
        self.model.step()
        self.story.observe()
        self.history.append(self._counts())

    def _counts(self) -> tuple[int, int, float]:
        rec = self.model.recorder.rows
        active = rec.get("active_share") or rec["participation_rate"]
        return (
            int(rec["orgs_functional"][-1]),
            int(rec["orgs_recreational"][-1]),
            round(100.0 * float(active[-1]), 2),
        )

    @property
    def has_ladder(self) -> bool:
        """Whether the model reports active residents (Model 2.0's ladder)."""
        return "active_share" in self.model.recorder.rows

    def counts(self) -> dict[str, float]:
        """Functional and recreational groups now, and the share of residents active (%)."""
        if self.history:
            f, r, p = self.history[-1]
            return {"f": f, "r": r, "p": p}
        o = self.model.orgs
        live = o.live()
        f = int((o.kind[live] != REC).sum())
        return {"f": f, "r": int(live.size - f), "p": 0.0}

    # --- live interventions ---------------------------------------------------------------
    def intervene(self, what: str) -> dict[str, str] | None:
        """A live intervention from the coming month; what it did, or why it did nothing.

        Returns:
            ``None`` when it acted (the log says so); else the reason in both languages.

        """
        with self.lock:
            m = self.model
            month = m.month
            if what == "training" and self._training_running():
                reason = both("live.training_running")
            elif what == "crisis" and self._crisis_running():
                reason = both("live.crisis_running")
            elif what == "withdraw" and not self._money_flowing():
                reason = both("live.no_money")
            else:
                intervene(m, what)
                self.live.append((month, what))
                self.story.note_now()  # on the log at once, not after the next month
                return None
            self.story.log.append((month + 1, "live", reason))  # it concerns the coming month
            return reason

    def _training_running(self) -> bool:
        m = self.model
        for p in m.policies:
            if isinstance(p, Training) and p.start <= m.month < p.end and p.left > 0:
                cost = p.v["cost_per_trainee"]
                funded = cost <= 0 or p.left >= cost
                if funded and min(p.end, p.outside_end) > m.month:
                    return True
        return False

    def _crisis_running(self) -> bool:
        m = self.model
        return any(isinstance(p, Crisis) and p.start <= m.month < p.end for p in m.policies)

    def _money_flowing(self) -> bool:
        """Whether any outside money flows now or is still to come (what a withdrawal stops)."""
        m = self.model
        return any(p.outside_funded and min(p.end, p.outside_end) > m.month for p in m.policies)

    # --- rewind and branch ----------------------------------------------------------------
    def replay(self, month: int) -> Session:
        """The same run rebuilt from its seed up to ``month``.

        The live interventions made before then are made again at the same months; the result
        is a new session (this one is unchanged).
        """
        month = max(0, min(int(month), self.model.month))
        s = Session.new(self.scenario, self.residents, self.seed)
        s._layout = self._layout
        todo = [x for x in self.live if x[0] < month]
        for m in range(month):
            while todo and todo[0][0] == m:
                s.intervene(todo.pop(0)[1])
            s._step()
        return s

    def marks(self) -> list[tuple[int, str]]:
        """Turns of the run so far, as ``(month counted from 1, kind)``.

        Kinds (``mark.*`` texts): live interventions, the scheduled withdrawal and crisis, the
        NGO's arrival and exit. A live crisis or withdrawal is a policy of its own too: it is
        marked once, as live.
        """
        now = self.model.month
        out = {(m + 1, f"live_{what}") for m, what in self.live}
        live_at = {(m, "withdrawal" if w == "withdraw" else w) for m, w in self.live}
        for p in self.model.policies:
            if (
                isinstance(p, Withdrawal)
                and p.month < now
                and (p.month, "withdrawal") not in live_at
            ):
                out.add((p.month + 1, "withdrawal"))
            elif isinstance(p, Crisis) and p.start < now and (p.start, "crisis") not in live_at:
                out.add((p.start + 1, "crisis"))
            elif p.name == "ngo":
                end = min(p.end, p.outside_end)
                if p.start < now:
                    out.add((p.start + 1, "ngo_start"))
                if end < now:
                    out.add((end + 1, "ngo_end"))
        return sorted(out)
