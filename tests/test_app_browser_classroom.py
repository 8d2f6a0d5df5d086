"""Classroom play in Chromium: a projector and three phones on one `yingzao classroom` server.

A wrong code is refused; three participants join and get the secretary, the street and the NGO
director (or a leader); a round where only the secretary decides (the record says the rest were
left to the rules); a phone reloaded mid-round comes back to its role with its decision; the
trainer pauses, resumes, reassigns and removes; the countdown runs the first round by itself,
the trainer runs the second, and the debrief sets the class's run beside the model's own.

The steps share one server (two rounds) and run in order.
"""

from __future__ import annotations

import re
import time

import pytest
from app_browser import Page, browser  # noqa: F401
from yingzao.app.launch import free_port, start_classroom

pytestmark = pytest.mark.browser

CODE = "abcdef"
COUNTDOWN_S = 25  # long enough to decide and reload a phone, short enough to wait for
PHONE = (390, 844)
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def room():
    srv = start_classroom(free_port(), rounds=2, token=CODE, countdown=COUNTDOWN_S)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def people(room, browser):
    """The projector and three joined phones, kept across the module's steps."""
    out = {"projector": Page(browser, room.projector, wait=".yz-cr-code-big")}
    for name in ("Ann", "Bo", "Cai"):
        out[name] = join(browser, room, name)
    yield out
    for p in out.values():
        p.close()


def phone(browser, room) -> Page:
    return Page(browser, room.participants, size=PHONE, wait=".yz-cr-join")


def join(browser, room, name: str) -> Page:
    p = phone(browser, room)
    assert p.page.locator(".yz-cr-code input").input_value() == CODE  # from ?join=
    p.page.locator(".yz-cr-name input").fill(name)
    p.page.locator(".yz-cr-join").click()
    p.page.locator(".yz-cr-you").wait_for(timeout=WAIT_MS)
    return p


def you(p: Page) -> str:
    return p.text(".yz-cr-you")


def wait_text(p: Page, selector: str, pattern: str, timeout: float = WAIT_MS) -> str:
    """The text of ``selector`` once it matches ``pattern`` (the page updates by itself)."""
    loc = p.page.locator(selector).filter(has_text=re.compile(pattern)).first
    loc.wait_for(timeout=timeout)
    return loc.inner_text()


def test_a_wrong_code_is_refused_in_either_language(room, browser):
    p = phone(browser, room)
    page = p.page
    page.locator(".yz-cr-code input").fill("zzzzzz")
    page.locator(".yz-cr-name input").fill("Dee")
    page.locator(".yz-cr-join").click()
    assert wait_text(p, ".yz-cr-join-error", "code is not right")
    page.locator(".yz-lang").click()
    wait_text(p, ".yz-cr-join-error", "加入码不对")
    assert "加入本场推演" in page.locator("body").inner_text()
    assert page.locator(".yz-cr-you").count() == 0
    p.close()


def test_a_wrong_trainer_key_gets_the_phone_page(room, browser):
    p = Page(browser, room.projector.split("?")[0] + "?trainer=nope", wait=".yz-cr-join")
    assert p.page.locator(".yz-cr-code-big").count() == 0
    assert "trainer link is not right" in p.page.locator("body").inner_text()
    p.close()


def test_three_join_and_get_the_single_roles_first(people):
    assert you(people["Ann"]) == "Ann: Committee secretary"
    assert you(people["Bo"]) == "Bo: Street official"
    assert re.fullmatch(r"Cai: (NGO director|Resident leader)", you(people["Cai"]))
    wait_text(people["projector"], ".yz-cr-people-count", "Participants: 3")
    assert people["projector"].outside == []


def test_a_round_where_one_decides_and_the_rules_do_the_rest(people):
    pr, ann = people["projector"], people["Ann"]
    pr.page.locator(".yz-cr-open").click()
    share = ann.page.locator(".yz-cr-choice-facilitation")
    share.wait_for(timeout=WAIT_MS)
    share.get_by_text("50%", exact=True).click()
    wait_text(ann, ".yz-cr-choice-facilitation .yz-cr-in", "Your decision is in: 50%")
    wait_text(pr, ".yz-cr-decided-count", "1 of 3 have decided")
    # a reload comes back to the same role, the decision kept
    ann.page.reload()
    ann.page.locator(".yz-cr-you").wait_for(timeout=WAIT_MS)
    assert you(ann) == "Ann: Committee secretary"
    wait_text(ann, ".yz-cr-choice-facilitation .yz-cr-in", "Your decision is in: 50%")
    ann.page.locator(".yz-cr-decided").wait_for()
    # pause stops every countdown; resume starts it again
    pr.page.locator(".yz-cr-pause").click()
    people["Bo"].page.locator(".yz-cr-phase-paused").wait_for(timeout=WAIT_MS)
    assert pr.page.locator(".yz-countdown").get_attribute("data-running") == "0"
    pr.page.locator(".yz-cr-resume").click()
    people["Bo"].page.locator(".yz-cr-phase-deciding").wait_for(timeout=WAIT_MS)
    # the countdown ends: the server runs the round with no one pressing anything
    did = wait_text(pr, ".yz-cr-did", "By rule", timeout=(COUNTDOWN_S + 30) * 1000)
    assert "Ann (secretary) gave 50% of free staff time to facilitation." in did
    assert re.search(r"By rule: Street official, .*Resident leader\.", did), did
    for name in ("Ann", "Bo", "Cai"):  # every phone shows the new month and its results
        people[name].page.locator(".yz-cr-month-12.yz-cr-phase-lobby").wait_for(timeout=WAIT_MS)
        assert people[name].page.locator(".yz-cr-results tr").count() >= 1


def test_the_trainer_reassigns_and_removes(people, browser, room):
    pr = people["projector"]
    manage = pr.page.locator(".yz-cr-manage-who")
    manage.click()
    pr.page.locator(".v-menu__content .v-list-item").filter(has_text="Cai").click()
    pr.page.locator(".yz-cr-manage-role").click()
    pr.page.locator(".v-menu__content.menuable__content__active .v-list-item").filter(
        has_text="Street official"
    ).click()
    pr.page.locator(".yz-cr-assign").click()
    wait_text(people["Cai"], ".yz-cr-you", "Cai: Street official")
    wait_text(people["Bo"], ".yz-cr-you", "Bo: Resident leader")
    # a fourth joins and is removed: their phone says so and offers to join again
    dee = join(browser, room, "Dee")
    wait_text(pr, ".yz-cr-people-count", "Participants: 4")
    manage.click()
    pr.page.locator(".v-menu__content.menuable__content__active .v-list-item").filter(
        has_text="Dee"
    ).click()
    pr.page.locator(".yz-cr-remove").click()
    dee.page.locator(".yz-cr-removed").wait_for(timeout=WAIT_MS)
    assert dee.page.locator(".yz-cr-join").count() == 1
    wait_text(pr, ".yz-cr-people-count", "Participants: 3")
    dee.close()


def test_the_last_round_by_the_trainer_then_the_debrief(people):
    pr = people["projector"]
    pr.page.locator(".yz-cr-months").get_by_text("6", exact=True).click()
    pr.page.locator(".yz-cr-open").click()
    people["Cai"].page.locator(".yz-cr-phase-deciding").wait_for(timeout=WAIT_MS)
    t0 = time.perf_counter()
    pr.page.locator(".yz-cr-run").click()
    for name in ("Ann", "Bo", "Cai"):  # six months: round 2 ends at month 18
        people[name].page.locator(".yz-cr-month-18.yz-cr-phase-done").wait_for(timeout=WAIT_MS)
    assert time.perf_counter() - t0 < 10
    assert "debrief is on the projector" in people["Ann"].page.locator("body").inner_text()
    pr.page.locator(".yz-cr-run-own .yz-hood").wait_for(timeout=WAIT_MS)
    pr.page.locator(".yz-cr-run-class .yz-hood").wait_for()
    text = wait_text(pr, ".yz-cr-debrief", r"(first differed|still the same)", timeout=60_000)
    assert "At the end:" in text and "Without the Committee secretary's decisions" in text
    assert pr.page.locator(".yz-cr-debrief-table tr").count() == 3  # a head and two rounds
    csv = pr.download("The session (CSV)").read_text("utf-8-sig")
    assert csv.splitlines()[0].startswith("section,round,month,who,role,key,value")
    assert "decision,1,0,Ann,secretary,facilitation,0.5" in csv
    summary = pr.download("One-page summary (Markdown)").read_text("utf-8")
    assert summary.startswith("# Classroom session")
    pr.page.locator(".yz-lang").click()
    wait_text(pr, ".yz-cr-debrief", "如果没有社区书记的决定")
    # replaying the last round goes back to month 12 with round 2 to play again
    pr.page.locator(".yz-cr-replay").click()
    wait_text(pr, ".yz-cr-round", "第 2/2 轮")
    people["Ann"].page.locator(".yz-cr-month-12.yz-cr-phase-lobby").wait_for(timeout=WAIT_MS)
