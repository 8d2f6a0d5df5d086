"""`yingzao app` as a process: serves the page offline and leaves nothing running when stopped."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_stopping_the_app_stops_its_server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "yingzao", "app", "--no-open", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while not _listening(port) and time.time() < deadline:
            assert proc.poll() is None, "the app exited early"
            time.sleep(0.2)
        html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=20).read().decode()
        assert "<html" in html.lower()
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    deadline = time.time() + 10
    while _listening(port) and time.time() < deadline:
        time.sleep(0.2)
    assert not _listening(port), "a server is still listening after `yingzao app` stopped"
