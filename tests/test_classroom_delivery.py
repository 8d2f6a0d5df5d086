"""The server's record of a round's delivery: a line once every participant's page is drawn."""

from __future__ import annotations

import logging

from yingzao.app import classroom_delivery as delivery
from yingzao.app.classroom import Classroom


def _session(n: int = 3) -> tuple[Classroom, list[str]]:
    c = Classroom(code="abc123", residents=300, rounds=2, seed=1)
    tokens = [c.join("abc123", f"P{i}", "en").token for i in range(n)]
    return c, tokens


def test_the_line_comes_when_the_last_page_after_the_run_is_drawn(caplog):
    c, tokens = _session()
    assert delivery.phone_drawn(c, tokens[0], 0, "lobby") is None  # no round has run yet
    c.open_round()
    c.run_round()
    with caplog.at_level(logging.INFO, logger=delivery.log.name):
        # drawn before the run (round 0) or with the next round open: not this round's
        assert delivery.phone_drawn(c, tokens[0], 0, "deciding") is None
        assert delivery.phone_drawn(c, tokens[0], 1, "lobby") is None
        assert delivery.phone_drawn(c, tokens[0], 1, "lobby") is None  # twice counts once
        assert delivery.phone_drawn(c, tokens[1], 1, "lobby") is None
        assert delivery.phone_drawn(c, "not-a-seat", 1, "lobby") is None
        out = delivery.phone_drawn(c, tokens[2], 1, "lobby")
        assert out is not None and out["n"] == out["seated"] == 3 and out["round"] == 1
        assert out["model"] == c.history[-1].ms and out["ms"] >= out["model"]
        assert delivery.phone_drawn(c, tokens[2], 1, "lobby") is None  # logged once
    lines = [r.getMessage() for r in caplog.records if r.name == delivery.log.name]
    assert len(lines) == 1 and lines[0].startswith("classroom round 1: the model's step")
    assert "3 of 3 phones drawn" in lines[0]


def test_a_phone_that_never_draws_holds_the_line_and_the_next_round_starts_afresh():
    c, tokens = _session()
    c.open_round()
    c.run_round()
    for tok in tokens[:2]:
        assert delivery.phone_drawn(c, tok, 1, "lobby") is None  # the third phone is off
    c.open_round()
    c.run_round()
    for tok in tokens[:2]:
        assert delivery.phone_drawn(c, tok, 2, "done") is None
    out = delivery.phone_drawn(c, tokens[2], 2, "done")
    assert out is not None and out["round"] == 2 and out["n"] == 3
