"""When every phone has a round's results: the server's own record of a round's delivery.

A round is done for the class when the last participant's page has been drawn with its
results, not when the model has stepped. Each phone page reports its draw
(:func:`phone_drawn`, from :func:`yingzao.app.pages.classroom_phone.use_watch`); once every
seated participant's page has been drawn after the round ran, one line goes to the server's
terminal (the trainer sees a phone that lags, and ``benchmarks/bench_classroom.py`` reads it)::

    classroom round 3: the model's step 104 ms; 40 of 40 phones drawn 296 ms after it began

A participant whose phone is off has no page and the line waits for it; the next round starts
a new record. The time is the server's (drawn and handed to the page's websocket), before the
network and the phone's own drawing.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from yingzao.app.classroom import Classroom

log = logging.getLogger("yingzao.classroom.delivery")
_lock = threading.Lock()
_record: dict = {}  # the round being delivered: its session, number, start, phones drawn
LINE = (
    "classroom round {round}: the model's step {model:.0f} ms; "
    "{n} of {seated} phones drawn {ms:.0f} ms after it began"
)


def to_terminal() -> None:
    """Print the delivery lines on the server's standard output (once per process)."""
    if not any(getattr(h, "_yz_delivery", False) for h in log.handlers):
        h = logging.StreamHandler(sys.stdout)
        h.setFormatter(logging.Formatter("%(message)s"))
        h._yz_delivery = True  # type: ignore[attr-defined]
        log.addHandler(h)
        log.setLevel(logging.INFO)
        log.propagate = False


def phone_drawn(c: Classroom, token: str, shown_round: int, shown_phase: str) -> dict | None:
    """Participant ``token``'s page was drawn showing round ``shown_round`` in ``shown_phase``.

    Returns the finished record (and logs its line) when this was the last seated participant's
    page drawn after the round ran; else None.
    """
    now = time.perf_counter()
    with c.lock:
        ran_at, last = c.ran_at, c.history[-1] if c.history else None
        seated = set(c.participants)
    if ran_at is None or last is None or shown_round != c.round or shown_phase == "deciding":
        return None  # drawn before the round ran, or showing the next one open
    with _lock:
        global _record
        if _record.get("session") != id(c) or _record.get("round") != shown_round:
            _record = {"session": id(c), "round": shown_round, "at": ran_at, "drawn": set()}
        if token not in seated or _record.get("done"):
            return None
        _record["drawn"].add(token)
        if not seated <= _record["drawn"]:
            return None
        _record["done"] = True
        out = {
            "round": shown_round,
            "model": last.ms,
            "n": len(_record["drawn"] & seated),
            "seated": len(seated),
            "ms": 1000 * (now - ran_at),
        }
    log.info(LINE.format(**out))
    return out
