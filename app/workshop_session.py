"""One workshop's running model: step it, change its policies live, draw it, read its log."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from yingzao.app.netview import NetView
from yingzao.model.community import CommunityModel
from yingzao.model.live import intervene
from yingzao.model.state import REC
from yingzao.scenarios import load


@dataclass
class Session:
    """A model, its picture and the time the last frame took.

    Attributes:
        scenario: Built-in scenario name.
        model: The running model.
        view: Its network picture (layout computed once).
        frame: The last frame as PNG bytes.
        lang: Language the frame was drawn in.
        step_ms: Milliseconds the last step plus drawing took.

    """

    scenario: str
    model: CommunityModel
    view: NetView
    frame: bytes = b""
    lang: str = "en"
    big: bool = False
    step_ms: float = 0.0
    marks: list[tuple[int, str]] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def new(cls, scenario: str, residents: int, seed: int = 0, lang: str = "en") -> Session:
        """A fresh model of ``scenario`` with ``residents`` adults, drawn at month 0."""
        scn = load(scenario, {"community.residents": residents, "run.months": 600})
        model = CommunityModel(scn, seed=seed)
        s = cls(scenario, model, NetView(model))
        s.draw(lang)
        return s

    def draw(self, lang: str, big: bool | None = None) -> None:
        """Redraw the frame in ``lang`` (``big``: large legend for a projector)."""
        with self.lock:
            self._draw(lang, big)

    def _draw(self, lang: str, big: bool | None) -> None:
        self.big = self.big if big is None else big
        self.frame = self.view.frame(lang, self.big)
        self.lang = lang

    def step(self, lang: str, if_current: Callable[[], bool] | None = None) -> bool:
        """One month, then a new frame.

        Returns False, and does nothing, when ``if_current()`` is False once the lock is held
        (a play loop that has been replaced).
        """
        with self.lock:
            if if_current is not None and not if_current():
                return False
            t0 = time.perf_counter()
            self.model.step()
            self._draw(lang, None)
            self.step_ms = 1000 * (time.perf_counter() - t0)
            return True

    def intervene(self, what: str) -> str:
        """A live intervention (``training``, ``withdraw``, ``crisis``) from the coming month."""
        with self.lock:  # between two months, never during one
            text = intervene(self.model, what)
            self.marks.append((self.model.month, what))
            return text

    def counts(self) -> dict[str, float]:
        """Functional and recreational groups now; share doing public work this month (%)."""
        rec = self.model.recorder.rows
        if not rec["month"]:
            o = self.model.orgs
            live = o.live()
            f = int((o.kind[live] != REC).sum())
            return {"f": f, "r": int(live.size - f), "p": 0.0}
        return {
            "f": rec["orgs_functional"][-1],
            "r": rec["orgs_recreational"][-1],
            "p": 100.0 * float(self.model.res.public.mean()),
        }
