"""Worker processes that end with the process that started them, however it ends.

Workers are forked from a fork server, not from the driver (the ``yingzao sweep`` or ``compare``
process). When the driver is killed (kill -9, the OOM killer, a SIGTERM without handler), nothing
tells them: each worker keeps a write end of its own task queue, so it waits for work forever,
and the fork server and the resource tracker each wait for every worker to close its end of their
pipes. Killing the workers is enough: the fork server and the resource tracker then see the end of
their pipes and exit by themselves.

So :func:`init_worker`, the pool's initializer, makes each worker watch the driver: a daemon
thread that wakes the moment the driver ends (a pidfd on Linux 5.3+, polling elsewhere) and ends
the worker at once; on Linux a parent-death signal also ends it if its own parent (the fork
server, or the driver when workers are spawned) dies first.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time

__all__ = ["init_worker", "pool_options"]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# How often the portable fallback looks for the driver (the pidfd needs no polling).
POLL_SECONDS = 0.5


def _parent_death_signal() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc with prctl (e.g. a static build): the thread does
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else (cannot be our driver, but be safe)
        return True
    return True


def _end() -> None:
    # os._exit: no clean-up handlers, no flushing to a driver that is gone
    os._exit(1)


def _watch(driver: int, parent: int) -> None:
    try:
        fd = os.pidfd_open(driver)
    except ProcessLookupError:
        _end()
    except (AttributeError, OSError):  # not Linux, or a kernel before 5.3
        fd = None
    if fd is not None:
        select.select([fd], [], [])  # readable once the driver has ended
        _end()
    while True:
        # spawned workers are the driver's children: a new parent means the driver is gone
        if os.getppid() != parent or not _alive(driver):
            _end()
        time.sleep(POLL_SECONDS)


def init_worker(driver: int) -> None:
    """Initializer of a worker process: ignore Ctrl-C, and end when ``driver`` ends.

    Ctrl-C is handled once, by the driver (which cancels what is queued and saves what
    finished); workers that also caught it would each print a traceback.

    Args:
        driver: Process id of the process that started the pool.

    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    _parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was armed
        _end()
    if os.name == "nt":  # os.kill(pid, 0) would terminate the driver on Windows
        return
    threading.Thread(target=_watch, args=(driver, parent), name="lifeline", daemon=True).start()


def pool_options() -> dict:
    """``initializer`` and ``initargs`` for a ProcessPoolExecutor started by this process."""
    return {"initializer": init_worker, "initargs": (os.getpid(),)}
