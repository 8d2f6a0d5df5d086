"""`yingzao classroom`: its options, the server's environment and links, the guard's join form,
and the QR code of the join link."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest
import qrcode
from conftest import assert_one_line_error
from conftest import guard_call as call
from yingzao.app import serve
from yingzao.app.access import COOKIE, ENV, Guard, Policy
from yingzao.app.classroom_serve import CLASSROOM_ENV, MODE_ENV, check, classroom_launch
from yingzao.app.launch import free_port, listening
from yingzao.app.qr import BORDER, qr_matrix, qr_svg

from yingzao.cli import build_parser
from yingzao.cli import main as cli

# --- options -----------------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(["classroom", *argv])


def test_defaults():
    a = parse([])
    assert (a.host, a.port, a.scenario) == ("0.0.0.0", 8765, "support-3y")
    assert (a.residents, a.round_months, a.rounds, a.seed) == (2000, 12, 6, 0)
    assert a.token is None and a.allow_host == [] and not a.no_open
    assert a.fn.__name__ == "cmd_classroom"


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--residents", "199"], "--residents 199"),
        (["--residents", "20001"], "--residents 20001"),
        (["--residents", "many"], "--residents"),
        (["--round-months", "7"], "--round-months 7: must be 6 or 12"),
        (["--rounds", "0"], "--rounds 0"),
        (["--rounds", "21"], "--rounds 21"),
        (["--seed", "-1"], "--seed -1"),
        (["--token", "abc"], "--token"),
        (["--token", "has space!"], "--token"),
        (["--allow-host", "evil/x"], "--allow-host"),
        (["--scenario", "nope"], "unknown scenario 'nope'"),
        (["--port", "70000"], "port"),
    ],
)
def test_bad_options_are_one_line(capsys, argv, needle):
    assert_one_line_error(
        cli, capsys, ["classroom", "--no-open", "--host", "127.0.0.1", *argv], needle
    )


def test_good_options_pass_the_checks():
    port = free_port()
    for argv in ([], ["--residents", "200", "--round-months", "6", "--rounds", "20"]):
        check(parse(["--host", "127.0.0.1", "--port", str(port), *argv]))
    check(
        parse(["--host", "127.0.0.1", "--port", str(port), "--residents", "20000", "--seed", "9"])
    )


# --- environment and links ---------------------------------------------------------------------


def test_a_room_session_environment_and_links(monkeypatch):
    monkeypatch.setattr("yingzao.app.classroom_serve.lan_address", lambda: "192.168.1.5")
    a = parse(["--port", "8800", "--residents", "800", "--round-months", "6", "--rounds", "3"])
    env, projector, participants = classroom_launch(a)
    assert env[MODE_ENV] == "classroom"
    session = json.loads(env[CLASSROOM_ENV])
    assert set(session) == {
        "code",
        "trainer_key",
        "scenario",
        "residents",
        "round_months",
        "rounds",
        "seed",
    }
    code, key = session["code"], session["trainer_key"]
    assert len(code) == 6 and set(code) <= set(serve._ALPHABET)
    assert len(key) >= 16 and key != code
    assert session["scenario"] == "support-3y"
    assert (session["residents"], session["round_months"], session["rounds"]) == (800, 6, 3)
    assert session["seed"] == 0
    # the guard needs the same code; the projector (this computer) gets in with it too
    pol = Policy.from_env(env[ENV])
    assert pol.token == code and pol.host == "0.0.0.0" and pol.port == 8800
    assert projector == f"http://127.0.0.1:8800/?trainer={key}&join={code}"
    assert participants == f"http://192.168.1.5:8800/?join={code}"
    assert env["YINGZAO_APP_SCENARIO"] == "support-3y"
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    # a new session, new secrets
    again = json.loads(classroom_launch(a)[0][CLASSROOM_ENV])
    assert again["code"] != code and again["trainer_key"] != key


def test_on_loopback_the_guard_has_no_code_but_the_classroom_has():
    a = parse(["--host", "127.0.0.1", "--port", "8801", "--token", "mycode99", "--seed", "4"])
    env, projector, participants = classroom_launch(a)
    session = json.loads(env[CLASSROOM_ENV])
    assert session["code"] == "mycode99" and session["seed"] == 4
    assert Policy.from_env(env[ENV]).token == ""
    assert projector == f"http://127.0.0.1:8801/?trainer={session['trainer_key']}"
    assert participants == "http://127.0.0.1:8801/?join=mycode99"


def test_the_command_prints_both_links_and_becomes_the_server(monkeypatch, capsys):
    port = free_port()
    ran = []
    monkeypatch.setattr(
        "yingzao.app.classroom_serve.become_server", lambda a, env, link: ran.append(link) or 0
    )
    argv = ["classroom", "--host", "0.0.0.0", "--port", str(port), "--token", "joinme42"]
    assert cli(argv) == 0
    out, err = capsys.readouterr()
    assert "yingzao: warning: serving on every network interface" in err
    lines = out.strip().split("\n")
    assert len(lines) == 2, out
    assert re.search(rf"http://127\.0\.0\.1:{port}/\?trainer=[\w-]+&join=joinme42$", lines[0])
    assert lines[0].endswith(ran[0])
    assert f":{port}/?join=joinme42" in lines[1] and "join code joinme42" in lines[1]


# --- the guard's join form ---------------------------------------------------------------------


ROOM = Policy("0.0.0.0", 8765, token="k3fq9x")
HOST = {"host": "192.168.1.5:8765"}
HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def body(sent: list[dict]) -> str:
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()


def content_type(sent: list[dict]) -> str:
    return dict(sent[0]["headers"])[b"content-type"].decode()


def test_a_browser_without_the_code_gets_the_join_form():
    for path, headers in (("/", {}), ("/", HTML), ("/some/page", HTML)):
        status, sent = call(Guard(None, ROOM), path=path, **HOST, **headers)
        assert status == 403
        assert content_type(sent).startswith("text/html")
        page = body(sent)
        assert "<title>Yingzao 营造</title>" in page
        assert "Type the join code shown on the projector / 输入投影上显示的加入码" in page
        assert '<form method="get" action="/">' in page
        assert re.search(r'<input[^>]*name="join"', page)
        for attr in ('autocapitalize="off"', 'autocomplete="off"', 'maxlength="64"'):
            assert attr in page
        assert "Join / 加入" in page
        assert "not right" not in page
        # self-contained: no script, nothing loaded from anywhere
        assert "<script" not in page and not re.search(r"\b(src|href)=|url\(|@import", page)
        assert "k3fq9x" not in page


def test_a_wrong_code_lands_on_the_form_saying_so_without_echoing_it():
    for query in (b"join=wrong1", b"join=", b"join=%3Cscript%3Ex"):
        status, sent = call(Guard(None, ROOM), query=query, **HOST, **HTML)
        assert status == 403
        page = body(sent)
        assert "That code is not right / 加入码不对" in page
        assert "wrong1" not in page and "<script" not in page


def test_other_refusals_are_unchanged():
    plain = "open the join link the facilitator gave (it ends in ?join=...)\n"
    # not a page: a script, an API call, a POST
    for path, headers, method in (
        ("/static/main.js", {"accept": "*/*"}, "GET"),
        ("/jupyter/api/kernels", {"accept": "application/json"}, "GET"),
        ("/", HTML, "POST"),
    ):
        status, sent = call(Guard(None, ROOM), path=path, method=method, **HOST, **headers)
        assert status == 403
        assert content_type(sent) == "text/plain; charset=utf-8"
        assert body(sent) == plain
    # a websocket without the code: closed before it is accepted
    ws = call(Guard(None, ROOM), "websocket", path="/jupyter/api/kernels/x/channels", **HOST)
    assert ws[0] == "websocket.close"
    # a foreign Host or Origin: the same plain refusals, even for a page
    status, sent = call(Guard(None, ROOM), host="evil.example:8765", **HTML)
    assert status == 403 and "Host not allowed" in body(sent)
    status, sent = call(Guard(None, ROOM), origin="http://evil.example", **HOST, **HTML)
    assert status == 403 and "Origin not allowed" in body(sent)
    # /resourcez is still a 404
    assert call(Guard(None, ROOM), path="/resourcez", **HOST, **HTML)[0] == 404
    # without a join code (loopback), pages go straight through
    local = Guard(None, Policy("127.0.0.1", 8765))
    assert call(local, host="127.0.0.1:8765", **HTML)[0] == "passed"


def test_the_right_code_passes_and_sets_the_cookie():
    status, sent = call(Guard(None, ROOM), query=b"join=k3fq9x", **HOST, **HTML)
    assert status == "passed"
    cookies = [v for k, v in sent[0]["headers"] if k == b"set-cookie"]
    assert cookies == [f"{COOKIE}=k3fq9x; Path=/; HttpOnly; SameSite=Strict".encode()]
    assert call(Guard(None, ROOM), **HOST, **HTML, cookie=f"{COOKIE}=k3fq9x")[0] == "passed"


# --- QR code -----------------------------------------------------------------------------------


def dark_cells(svg: str) -> set[tuple[int, int]]:
    """The modules an SVG from qr_svg paints black (its path: one M x y h n v1 h-n z per run)."""
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    (path,) = root.iter(f"{ns}path")
    assert path.get("fill") == "#000"
    cells = set()
    for x, y, n, back in re.findall(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", path.get("d")):
        assert n == back
        cells.update((int(x) + i, int(y)) for i in range(int(n)))
    assert re.sub(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", "", path.get("d")) == ""
    return cells


def test_qr_svg_draws_the_qrcode_matrix():
    link = "http://192.168.1.5:8765/?join=k3fq9x"
    svg = qr_svg(link, size_px=300)
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    code = qrcode.QRCode(border=BORDER)
    code.add_data(link)
    code.make(fit=True)
    matrix = code.get_matrix()
    n = len(matrix)
    assert root.get("viewBox") == f"0 0 {n} {n}"
    assert root.get("width") == root.get("height") == "300"
    rect = root.find("{http://www.w3.org/2000/svg}rect")
    assert rect.get("fill") == "#fff" and rect.get("width") == str(n)
    expected = {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    cells = dark_cells(svg)
    assert len(cells) == sum(map(sum, matrix))
    assert cells == expected
    assert cells == {(x, y) for y, r in enumerate(qr_matrix(link)) for x, d in enumerate(r) if d}
    # the quiet zone is white
    assert all(BORDER <= x < n - BORDER and BORDER <= y < n - BORDER for x, y in cells)


def test_qr_svg_refuses_empty_text_and_bad_sizes():
    with pytest.raises(ValueError, match="empty"):
        qr_svg("")
    for size in (0, -5, 2.5, True):
        with pytest.raises(ValueError, match="size_px"):
            qr_svg("abc", size_px=size)


# --- the real server ---------------------------------------------------------------------------


def get(url: str, accept: str = "text/html") -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_classroom_server_shows_the_form_and_lets_the_projector_in(tmp_path):
    port = free_port()
    log = tmp_path / "classroom.log"
    argv = ["classroom", "--no-open", "--port", str(port), "--token", "joinme42"]
    with open(log, "w") as f:
        proc = subprocess.Popen(
            [sys.executable, "-m", "yingzao", *argv], stdout=f, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.time() + 60
        while not listening(port):
            assert proc.poll() is None, log.read_text()
            assert time.time() < deadline, "the classroom server did not listen"
            time.sleep(0.2)
        text = log.read_text()
        projector = re.search(r"http://127\.0\.0\.1:\d+/\?trainer=[\w-]+&join=joinme42", text)
        assert projector, text
        assert "join code joinme42" in text
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 403 and 'name="join"' in page
        status, page = get(f"http://127.0.0.1:{port}/?join=nope42x")
        assert status == 403 and "加入码不对" in page
        assert get(f"http://127.0.0.1:{port}/static/x.js", accept="*/*")[0] == 403
        status, page = get(projector.group(0))
        assert status == 200 and "<html" in page.lower()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
