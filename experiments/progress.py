"""A small progress bar on standard error for batches of runs (no dependencies).

On a terminal the bar redraws in place; in a log (CI, a file, a pipe) it prints a plain line now
and then and one at the end, because carriage returns make logs unreadable.

Example:
    >>> with Progress(40, label="compare", enabled=False) as bar:
    ...     for _ in range(40):
    ...         bar.update()

"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """Count finished units of work and show done/total, rate, elapsed time and ETA.

    Args:
        total: Units expected.
        label: Shown before the counts.
        unit: Name of a unit, for the rate (``runs/s``).
        enabled: ``False`` shows nothing (counts are still kept).
        stream: Where to write (default: standard error at construction time).
        tty: Redraw in place (default: whether ``stream`` is a terminal).
        interval: Seconds between plain lines when not on a terminal.
        width: Characters of the bar itself on a terminal.
        before: Work finished before this session (e.g. a resumed sweep): shown in done/total,
            left out of the rate and the ETA.

    """

    def __init__(
        self,
        total: int,
        label: str = "",
        unit: str = "runs",
        enabled: bool = True,
        stream: TextIO | None = None,
        tty: bool | None = None,
        interval: float = 10.0,
        width: int = 24,
        before: int = 0,
    ) -> None:
        self.total = max(0, int(total))
        self.label = label
        self.unit = unit
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        if tty is None:
            try:
                tty = self.stream.isatty()
            except (AttributeError, ValueError):  # closed or file-like without isatty
                tty = False
        self.tty = tty
        self.interval = interval
        self.width = width
        # work finished before this session (a resumed sweep): counted, but not in the rate
        self.before = self.done = max(0, int(before))
        self.start = time.monotonic()
        self._last = self.start  # time of the last drawing
        self._drawn = 0  # length of the line on screen, to blank leftovers on redraw
        self._closed = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def elapsed(self) -> float:
        """Seconds since the bar was created."""
        return time.monotonic() - self.start

    def text(self) -> str:
        """The current status line (without carriage return or newline)."""
        el = self.elapsed
        rate = (self.done - self.before) / el if el > 0 else 0.0
        left = self.total - self.done
        eta = _clock(left / rate) if rate > 0 else "?"
        frac = self.done / self.total if self.total else 1.0
        head = f"{self.label}: " if self.label else ""
        bar = ""
        if self.tty:
            fill = int(round(frac * self.width))
            bar = "[" + "#" * fill + "." * (self.width - fill) + "] "
        tail = f"eta {eta}" if left > 0 else "done"
        return (
            f"{head}{bar}{self.done}/{self.total} {self.unit} ({100 * frac:.0f}%)  "
            f"{rate:.2f} {self.unit}/s  elapsed {_clock(el)}  {tail}"
        )

    def update(self, n: int = 1) -> None:
        """Count ``n`` more finished units and redraw if it is time to."""
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        if not self.enabled or self._closed:
            return
        now = time.monotonic()
        finished = self.done >= self.total
        # a terminal is redrawn often but not on every tiny unit; a log gets a line per interval
        due = now - self._last >= (0.1 if self.tty else self.interval)
        if self.tty and (due or finished):
            self._draw(now)
        elif not self.tty and due and not finished:
            self._write(self.text() + "\n", now)

    def _draw(self, now: float) -> None:
        line = self.text()
        pad = " " * max(0, self._drawn - len(line))
        self._drawn = len(line)
        self._write("\r" + line + pad, now)

    def _write(self, s: str, now: float) -> None:
        try:
            self.stream.write(s)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stream must not stop the work
            self.enabled = False
        self._last = now

    def close(self) -> None:
        """Finish the display: the last state on its own line (idempotent)."""
        if self._closed:
            return
        self._closed = True
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty:
            self._draw(now)
            self._write("\n", now)
        else:
            self._write(self.text() + "\n", now)
