"""Holding Ctrl-C (and SIGTERM) back while a few lines that must not be cut in two run.

Python raises KeyboardInterrupt between any two bytecodes of the main thread. Where a file is
written and then the bookkeeping that says so is updated, an interrupt in between makes the
caller write the same rows again (a sweep saved a part of 100 runs twice: "236 runs saved" of
200). Inside :func:`held_interrupts` a signal is only noted; it takes effect, through the handler
that was in place, when the block ends.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def held_interrupts() -> Iterator[None]:
    """Run the block whole: Ctrl-C or SIGTERM arriving in it is delivered when it ends.

    Each signal that arrived is delivered once, in order, through the handler that was in place
    (an ignored one stays ignored). Off the main thread Python delivers no signal to the block
    anyway, so nothing is changed there.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in _SIGNALS}
    # a handler set from C (getsignal gives None) cannot be put back from Python: left alone
    ours = [s for s, h in previous.items() if h is not None]
    arrived: list[tuple[int, Any]] = []
    try:
        for s in ours:
            signal.signal(s, lambda n, f: arrived.append((n, f)))
        yield
    finally:
        # a signal between two of these calls may raise through a handler already put back:
        # putting one back twice is harmless, so go on until every one is back, then raise
        late = _put_back(previous, ours)
        _deliver(arrived, previous)
        if late is not None:
            raise late


def _put_back(previous: dict[int, Any], signals: list[int]) -> BaseException | None:
    late = None
    left = list(signals)
    while left:
        try:
            signal.signal(left[-1], previous[left[-1]])
            left.pop()
        except BaseException as e:  # raised by a handler put back a moment ago
            late = late or e
    return late


def _deliver(arrived: list[tuple[int, Any]], previous: dict[int, Any]) -> None:
    done = set()
    for n, frame in arrived:
        if n in done:
            continue
        done.add(n)
        handler = previous[n]
        if callable(handler):
            handler(n, frame)
        elif handler == signal.SIG_DFL:  # as if it had arrived now
            signal.raise_signal(n)
