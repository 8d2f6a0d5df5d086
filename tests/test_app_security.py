"""The app on a network: only its own Host and Origin get in, a join code beyond loopback,
/resourcez off unless asked for."""

from __future__ import annotations

import argparse
import base64
import os
import socket
import sys
import urllib.error
import urllib.request

import pytest
from conftest import guard_call as call
from yingzao.app.access import COOKIE, Guard, Policy
from yingzao.app.launch import free_port, start_app
from yingzao.app.serve import add_parser, new_code, policy

from yingzao.cli import main as cli

# --- the guard on its own (no server) ---------------------------------------------------------


LOCAL = Policy("127.0.0.1", 8765)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"host": "127.0.0.1:8765"}, "passed"),
        ({"host": "localhost:8765", "origin": "http://localhost:8765"}, "passed"),
        ({"host": "[::1]:8765", "origin": "http://[::1]:8765"}, "passed"),
        ({"host": "127.0.0.1:8765", "origin": "http://evil.example"}, 403),
        ({"host": "127.0.0.1:8765", "origin": "null"}, 403),
        ({"host": "127.0.0.1:8765", "origin": "http://127.0.0.1:9999"}, 403),
        ({"host": "127.0.0.1:8765", "origin": "file://"}, 403),
        ({"host": "evil.example:8765"}, 403),
        ({"host": "evil.example"}, 403),
        ({"host": "127.0.0.1.evil.example:8765"}, 403),
        ({"host": "127.0.0.1:8765:1"}, 403),
        ({}, 403),
    ],
)
def test_host_and_origin_are_checked_on_http_and_websockets(headers, expected):
    assert call(Guard(None, LOCAL), **headers)[0] == expected
    ws = call(Guard(None, LOCAL), "websocket", **headers)[0]
    assert ws == ("passed" if expected == "passed" else "websocket.close")


def test_resourcez_is_off_unless_asked_for():
    h = {"host": "127.0.0.1:8765"}
    assert call(Guard(None, LOCAL), path="/resourcez", **h)[0] == 404
    assert call(Guard(None, LOCAL), path="/resourcez/", **h)[0] == 404
    on = Policy("127.0.0.1", 8765, resourcez=True)
    assert call(Guard(None, on), path="/resourcez", **h)[0] == "passed"


def test_a_wildcard_host_needs_the_join_code_and_sets_a_cookie():
    pol = Policy("0.0.0.0", 8765, token="k3fq9x2m")
    h = {"host": "192.168.1.5:8765"}
    assert call(Guard(None, pol), **h)[0] == 403
    assert call(Guard(None, pol), query=b"join=wrong", **h)[0] == 403
    status, sent = call(Guard(None, pol), query=b"join=k3fq9x2m", **h)
    assert status == "passed"
    cookies = [v for k, v in sent[0]["headers"] if k == b"set-cookie"]
    assert cookies == [f"{COOKIE}=k3fq9x2m; Path=/; HttpOnly; SameSite=Strict".encode()]
    cookie = {"cookie": f"other=1; {COOKIE}=k3fq9x2m"}
    assert call(Guard(None, pol), "websocket", **h, **cookie)[0] == "passed"
    assert call(Guard(None, pol), "websocket", **h)[0] == "websocket.close"
    # any IP literal reaches a wildcard bind, but not a name (DNS rebinding)
    assert call(Guard(None, pol), query=b"join=k3fq9x2m", host="evil.example:8765")[0] == 403
    names = Policy("0.0.0.0", 8765, names=("workshop.lan",), token="k3fq9x2m")
    assert call(Guard(None, names), query=b"join=k3fq9x2m", host="workshop.lan:8765")[0]


def parse_app(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    add_parser(p.add_subparsers())
    return p.parse_args(["app", *argv])


def test_only_loopback_goes_without_a_join_code():
    assert policy(parse_app([])).token == ""
    assert policy(parse_app(["--host", "::1"])).token == ""
    assert len(policy(parse_app(["--host", "0.0.0.0"])).token) == 8
    assert policy(parse_app(["--host", "10.0.0.5", "--token", "mycode99"])).token == "mycode99"
    assert new_code() != new_code()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--token", "abc"], "--token"),
        (["--token", "has space!"], "--token"),
        (["--allow-host", "evil/x"], "--allow-host"),
        (["--host", "300.1.1.1"], "cannot listen"),
        (["--host", "x" * 300], "cannot listen"),
        (["--port", "70000"], "port"),
        (["--host", ""], "--host '': give an address"),  # not silently every interface
        (["--host", "  "], "--host '  ': give an address"),
        (["--scenario", "mine.toml"], "open a scenario file in the app"),
    ],
)
def test_bad_app_options_are_one_line(capsys, argv, needle):
    assert cli(["app", "--no-open", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err and len(err) < 300, err


# --- the real server --------------------------------------------------------------------------


def handshake(port: int, host: str, origin: str | None = None, cookie: str = "") -> str:
    """A raw websocket handshake to Solara's kernel channel; returns the status line."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /jupyter/api/kernels/test/channels?session_id=test HTTP/1.1",
        f"Host: {host}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    if cookie:
        lines.append(f"Cookie: {cookie}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return s.recv(200).decode(errors="replace").split("\r\n")[0]


def http_status(port: int, path: str = "/", host: str | None = None) -> int:
    headers = {"Host": host} if host else {}
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


@pytest.fixture(scope="module")
def local_app():
    port = free_port()
    proc = start_app(port)
    yield port
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_server_refuses_foreign_origins_and_hosts(local_app):
    port = local_app
    own = f"127.0.0.1:{port}"
    assert handshake(port, own, f"http://{own}").split()[1] == "101"
    assert handshake(port, f"localhost:{port}", f"http://localhost:{port}").split()[1] == "101"
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{port + 1}"):
        assert handshake(port, own, origin).split()[1] == "403", origin
    assert handshake(port, "evil.example").split()[1] == "403"
    assert http_status(port) == 200
    assert http_status(port, host="evil.example") == 403
    assert http_status(port, "/resourcez") == 404


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_workshop_server_needs_the_join_link(tmp_path):
    port = free_port()
    log = tmp_path / "app.log"
    with open(log, "w") as f:
        proc = start_app(port, output=f, args=["--host", "0.0.0.0", "--token", "joinme42"])
    try:
        text = log.read_text()
        assert "yingzao: warning: serving on every network interface" in text
        assert f":{port}/?join=joinme42" in text
        assert http_status(port) == 403
        assert http_status(port, "/?join=joinme42") == 200
        own = f"127.0.0.1:{port}"
        assert handshake(port, own, f"http://{own}").split()[1] == "403"
        cookie = f"{COOKIE}=joinme42"
        assert handshake(port, own, f"http://{own}", cookie).split()[1] == "101"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.browser
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_participant_browser_gets_in_with_the_join_link(tmp_path):
    from pathlib import Path

    from yingzao.app.launch import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    port = free_port()
    proc = start_app(port, args=["--host", "0.0.0.0", "--token", "joinme42"])
    try:
        with sync_api.sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = b.new_context().new_page()
            page.set_default_timeout(60_000)
            # the link the facilitator hands out: page, scripts and the websocket all get in
            page.goto(f"http://127.0.0.1:{port}/?join=joinme42", wait_until="domcontentloaded")
            page.locator(".yz-run").wait_for()
            # without it, a second browser gets the refusal, not the app
            other = b.new_context().new_page()
            other.goto(f"http://127.0.0.1:{port}/")
            assert "join link" in other.content()
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
