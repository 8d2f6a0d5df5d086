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

    Off the main thread Python delivers no signal to the block anyway, so nothing is changed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[tuple[int, Any]] = []
    # a handler set from C (getsignal gives None) cannot be put back from Python: left alone
    ours = [s for s in _SIGNALS if signal.getsignal(s) is not None]
    previous = {s: signal.signal(s, lambda n, f: arrived.append((n, f))) for s in ours}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for n, frame in arrived[:1]:  # one interrupt is enough to stop
            handler = previous[n]
            if callable(handler):
                handler(n, frame)
            elif handler == signal.SIG_DFL:  # as if it had arrived now
                signal.raise_signal(n)
