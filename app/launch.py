"""Start `yingzao app` as a process and drive it headless: shared by the tests and benchmarks."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import IO

# Debian's Chromium, as the browser tests and benchmarks run it (Playwright's own download does
# not work offline); without the background-networking flags it keeps dialling Google's hosts
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def start_app(
    port: int,
    output: IO | int = subprocess.DEVNULL,
    timeout: float = 60,
    args: Sequence[str] = (),
) -> subprocess.Popen:
    """Start `yingzao app --no-open` on ``port`` and return once it accepts connections.

    Args:
        port: The port (see :func:`free_port`).
        output: Where the app's standard output and error go.
        timeout: Seconds to wait for it to listen.
        args: More options of `yingzao app` (e.g. ``["--host", "0.0.0.0"]``).

    Raises:
        RuntimeError: the app exited, or did not listen within ``timeout`` seconds.

    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "yingzao", "app", "--no-open", "--port", str(port), *args],
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + timeout
    while not listening(port):
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with status {proc.returncode}")
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError(f"the app did not listen on port {port} within {timeout:.0f} s")
        time.sleep(0.2)
    return proc
