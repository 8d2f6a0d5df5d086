"""`yingzao app` as a process: serves the page offline and leaves nothing running when stopped."""

from __future__ import annotations

import sys
import time
import urllib.request

import pytest
from yingzao.app.launch import free_port, listening, start_app


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_stopping_the_app_stops_its_server():
    port = free_port()
    proc = start_app(port)
    try:
        html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=20).read().decode()
        assert "<html" in html.lower()
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    deadline = time.time() + 10
    while listening(port) and time.time() < deadline:
        time.sleep(0.2)
    assert not listening(port), "a server is still listening after `yingzao app` stopped"
