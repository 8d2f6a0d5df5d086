"""Start `yingzao app` as a process and drive it headless: shared by the tests and benchmarks."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
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


@dataclass
class ClassroomServer:
    """A running `yingzao classroom` server and its two links.

    Attributes:
        proc: The server process.
        projector: The trainer's link (``...?trainer=KEY``).
        participants: The participants' link (``...?join=CODE``).
        code: The join code.
        log: The file the server writes its output to.

    """

    proc: subprocess.Popen
    projector: str
    participants: str
    code: str
    log: Path

    def stop(self, timeout: float = 20) -> None:
        """Stop the server and wait for it to end."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=timeout)


_LINK = re.compile(r"^(Projector|Participants)[^:]*: (http\S+)", re.M)


def start_classroom(
    port: int,
    output: IO | None = None,
    timeout: float = 60,
    countdown: float | None = None,
    **options: object,
) -> ClassroomServer:
    """Start `yingzao classroom` on 127.0.0.1:``port``; return once it accepts connections.

    Args:
        port: The port (see :func:`free_port`).
        output: A file opened for writing (it must have a name: the links are read back from
            it); default: a new file in the temporary directory.
        timeout: Seconds to wait for it to listen.
        countdown: Seconds participants have to decide (default: the session's, 90).
        options: More options of `yingzao classroom`, by name (``rounds=2``, ``token="abcdef"``,
            ``residents=2000``, ``round_months=6``, ``seed=1``, ``scenario="support-3y"``).

    Raises:
        RuntimeError: the server exited, or did not listen within ``timeout`` seconds.

    """
    if output is None:
        name = f"yingzao-classroom-{port}-"
        output = tempfile.NamedTemporaryFile("w", prefix=name, suffix=".log", delete=False)
    args = []
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    env = dict(os.environ)
    if countdown is not None:
        env["YINGZAO_CLASSROOM_COUNTDOWN"] = str(countdown)  # classroom_hub.COUNTDOWN_ENV
    cmd = [sys.executable, "-m", "yingzao", "classroom", "--host", "127.0.0.1", "--port"]
    proc = subprocess.Popen(
        [*cmd, str(port), "--no-open", *args], stdout=output, stderr=subprocess.STDOUT, env=env
    )
    log = Path(output.name)
    deadline = time.time() + timeout
    links: dict[str, str] = {}
    while not (listening(port) and len(links) == 2):
        if proc.poll() is not None:
            raise RuntimeError(
                f"the classroom server exited with status {proc.returncode}; see {log}"
            )
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError(
                f"the classroom server did not listen on port {port} within "
                f"{timeout:.0f} s; see {log}"
            )
        links = dict(_LINK.findall(log.read_text(encoding="utf-8", errors="replace")))
        time.sleep(0.2)
    join = links["Participants"]
    return ClassroomServer(proc, links["Projector"], join, join.rsplit("join=", 1)[-1], log)
