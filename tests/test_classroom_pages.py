"""The classroom pages without a server: the shared session, routing, what the pages say.

The hub (app/classroom_hub.py) keeps the server's one session, runs rounds when their countdown
ends and wakes the pages; the phone's page is made from one plain value (phone_view) and a
decision comes back as an index (value_of).
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from yingzao.app import classroom_hub as hub
from yingzao.app import classroom_serve, main
from yingzao.app.classroom_roles import KEYS, Choice, ClassError
from yingzao.app.pages.classroom_phone import choice_view, phone_view, value_of

from yingzao.errors import InputError

CODE = "abc234"
SMALL = dict(scenario="support-3y", residents=400, seed=1, rounds=2, round_months=6, code=CODE)


@pytest.fixture
def room(monkeypatch):
    monkeypatch.setenv(hub.CLASSROOM_ENV, json.dumps({"trainer_key": "k" * 16, **SMALL}))
    c = hub.fresh()
    yield c
    hub.fresh(**SMALL)  # a session no test holds (the ticker keeps running for the process)


def test_the_hub_reads_the_same_variables_the_command_sets():
    assert hub.MODE_ENV == classroom_serve.MODE_ENV
    assert hub.CLASSROOM_ENV == classroom_serve.CLASSROOM_ENV


def test_classroom_mode_and_settings(monkeypatch):
    monkeypatch.delenv(hub.MODE_ENV, raising=False)
    assert not hub.enabled()
    monkeypatch.setenv(hub.MODE_ENV, "classroom")
    assert hub.enabled()
    monkeypatch.setenv(hub.CLASSROOM_ENV, "[1, 2]")
    with pytest.raises(ValueError, match="JSON object"):
        hub.settings()
    monkeypatch.setenv(hub.CLASSROOM_ENV, json.dumps({**SMALL, "trainer_key": "t" * 16}))
    monkeypatch.setenv(hub.COUNTDOWN_ENV, "12")
    c = hub.fresh()
    assert (c.code, c.residents, c.rounds, c.round_months, c.countdown) == (CODE, 400, 2, 6, 12)
    assert hub.room() is c and hub.current() is c


def test_the_trainer_link_routes_to_the_projector_and_nothing_else(room):
    assert hub.route("trainer=" + "k" * 16) == "projector"
    assert hub.route("?trainer=" + "k" * 16 + "&join=abc234") == "projector"
    for search in ("", "join=abc234", "trainer=", "trainer=" + "k" * 15, "trainer=x&trainer=k"):
        assert hub.route(search) == "phone", search


def test_without_a_trainer_key_there_is_no_projector(monkeypatch):
    monkeypatch.setenv(hub.CLASSROOM_ENV, json.dumps(SMALL))
    assert not hub.trainer_ok("")
    assert hub.route("trainer=") == "phone"


def test_the_participants_link_follows_where_the_server_listens(room, monkeypatch):
    monkeypatch.setenv(hub.ACCESS_ENV, json.dumps({"host": "127.0.0.1", "port": 9123}))
    assert hub.participant_link(room) == f"http://127.0.0.1:9123/?join={CODE}"
    monkeypatch.setattr("yingzao.app.serve.lan_address", lambda: "192.168.1.20")
    monkeypatch.setenv(hub.ACCESS_ENV, json.dumps({"host": "0.0.0.0", "port": 8765}))
    assert hub.participant_link(room) == f"http://192.168.1.20:8765/?join={CODE}"


def test_the_ticker_runs_a_round_whose_countdown_ended_and_wakes_the_pages(room):
    room.countdown = 0.3
    room.join(CODE, "Ann", "en")
    seen = hub.change_key()
    room.open_round()
    assert hub.wait_change(seen, 2.0) != seen  # the page waiting is woken
    deadline = time.monotonic() + 5
    while room.round == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert room.round == 1 and room.phase == "lobby"
    assert room.history[0].by_rule  # nobody decided: every role by rule


def test_a_round_that_fails_pauses_the_session_and_says_why(room, monkeypatch):
    room.open_round()

    def broken():
        raise RuntimeError("no model today")

    monkeypatch.setattr(room, "run_round", broken)
    room.deadline = time.monotonic() - 1
    assert hub.tick_once(room) is False
    assert room.phase == "paused" and "no model today" in hub.problem


def test_waiting_pages_do_not_spin():
    seen = hub.change_key()
    t0 = time.monotonic()
    assert hub.wait_change(seen, 0.3) == seen
    assert time.monotonic() - t0 >= 0.25


def test_refusals_in_the_page_language():
    e = ClassError("err.code")
    assert hub.say(e, "en") == "That code is not right."
    assert hub.say(e, "zh") == "加入码不对。"
    other = InputError("no round has been played yet")
    assert hub.say(other, "en") == "no round has been played yet"
    assert hub.say(other, "zh").endswith("no round has been played yet")
    assert hub.say(other, "zh") != hub.say(other, "en")


def test_the_phone_page_value(room):
    ann, bo = room.join(CODE, "Ann", "en"), room.join(CODE, "Bo", "zh")
    page, clock = phone_view(room, ann.token, "en", {})
    assert page["you"] == "Ann: Committee secretary" and page["phase"] == "lobby"
    assert clock["seconds"] is None and not clock["running"]
    assert {c["key"] for c in page["choices"]} <= set(KEYS["secretary"])
    assert not any(c["can"] for c in page["choices"])  # shown before the round, not open
    assert page["results"] and all(len(r) == 2 for r in page["results"])
    room.open_round()
    room.decide(ann.token, "facilitation", 0.5)
    page, clock = phone_view(room, ann.token, "en", {})
    fac = next(c for c in page["choices"] if c["key"] == "facilitation")
    assert fac["options"][0] == "Rule" and fac["options"][fac["picked"]] == "50%"
    assert fac["chosen"] == "Your decision is in: 50%" and fac["can"]
    assert page["decided"] == 1 and clock["running"] and clock["seconds"] > 0
    zh, _ = phone_view(room, bo.token, "zh", {})
    assert zh["you"].startswith("Bo：") and "按规则" in zh["texts"]["left_to_rule"]
    # a refusal of this round shows under its choice; one of an earlier round does not
    page, _ = phone_view(
        room, ann.token, "en", {"recognize": (room.round, ClassError("err.closed"))}
    )
    assert next(c for c in page["choices"] if c["key"] == "recognize")["error"]
    page, _ = phone_view(room, ann.token, "en", {"recognize": (-1, ClassError("err.closed"))})
    assert not next(c for c in page["choices"] if c["key"] == "recognize")["error"]
    room.remove(ann.token)
    assert phone_view(room, ann.token, "en", {}) is None


def test_a_phone_sends_indices_back():
    share = Choice("facilitation", "share", [(0.0, {"en": "0%"}), (0.5, {"en": "50%"})])
    assert value_of(share, 0) is None and value_of(share, 2) == 0.5
    assert value_of(share, 9) is None and value_of(share, "2") is None
    groups = Choice("recognize", "groups", [(7, {"en": "A"}), (9, {"en": "B"})])
    assert value_of(groups, [1, 0, 5]) == [9, 7] and value_of(groups, []) is None
    yes = Choice("council", "bool")
    assert value_of(yes, True) is True and value_of(yes, None) is None
    view = choice_view(groups, [9], "deciding", "en", "")
    assert view["options"] == ["A", "B"] and view["picked"] == [1]
    assert view["chosen"] == "Your decision is in: 1 group"


def test_projector_texts(room):
    ann = room.join(CODE, "Ann <b>", "en")
    room.open_round()
    room.decide(ann.token, "facilitation", 0.25)
    rows = hub.people_rows(room, "en")
    assert "Ann &lt;b&gt;" in rows and "✓" in rows  # names are escaped
    rec = room.run_round()
    lines = hub.record_lines(rec, "en")
    assert any("gave 25%" in x for x in lines)
    assert lines[-1].startswith("By rule: Street official")
    assert hub.record_lines(rec, "zh")[-1].startswith("按规则决定：")
    d = {"rows": [dict(round=1, month=6, class_functional=3, own_functional=2,
                       class_active=1.5, own_active=1.0)],
         "diverged": "x < y", "why": ["because"], "decisions": [], "end": ""}  # fmt: skip
    table = hub.debrief_table(d, "zh")
    assert table.count("<tr>") == 2 and "轮次" in table
    assert "x &lt; y" in hub.debrief_html(d)


def test_opaque_props_are_compared_by_identity_and_sent_as_they_are():
    plan = {"x": list(range(5))}
    assert hub.Opaque(plan) == hub.Opaque(plan) and hub.Opaque(plan) != hub.Opaque(dict(plan))
    assert hub.unwrap(hub.Opaque(plan), None) == plan


def test_outside_classroom_mode_the_app_is_unchanged(monkeypatch):
    monkeypatch.delenv(hub.MODE_ENV, raising=False)
    src = open(main.__file__, encoding="utf-8").read()
    # the classroom is reached only through the mode check, first in Page
    assert src.index("classroom_hub.enabled()") < src.index("lang = state.lang.value")
    assert not hub.enabled()


def test_the_ticker_is_one_thread():
    hub.room()
    tickers = [t for t in threading.enumerate() if t.name == "classroom-ticker"]
    assert len(tickers) == 1 and tickers[0].daemon
