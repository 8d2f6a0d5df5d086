"""The workshop in Chromium: the neighbourhood picture at 2,000 and 8,000 residents, a group's
story on click, live interventions, play and pause, rewind and branch, presentation mode."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from app_browser import Page, _month, _settled, app, browser, server  # noqa: F401

pytestmark = pytest.mark.browser


def _open(app: Page, residents: int | None = None) -> None:
    page = app.page
    app.tab("workshop")
    page.locator(".yz-hood").wait_for(timeout=60_000)
    if residents:
        box = page.locator(".yz-ws-residents input")
        box.fill(f"{residents}")
        box.press("Enter")
        page.locator(".yz-ws-new").click()
        page.wait_for_function(
            f"document.querySelector('.yz-hood')?.dataset.dots == '{residents}'", timeout=60_000
        )


def _step(app: Page, n: int = 1) -> None:
    for _ in range(n):
        m = _month(app.page)
        app.page.locator(".yz-ws-step").click()
        app.page.wait_for_function(
            f"document.querySelector('.yz-hood').dataset.month == '{m + 1}'", timeout=30_000
        )


def _click_first_badge(app: Page) -> None:
    """Click the first group badge the canvas drew (its position comes from the canvas)."""
    page = app.page
    box = page.locator(".yz-hood").bounding_box()
    hit = page.evaluate(
        "(() => { const el = document.querySelector('.yz-hood').closest('.yz-hood-wrap');"
        " const vm = el.__vue__; const h = vm.hits[0]; return h ? [h.x + h.w / 2, h.y + h.h / 2]"
        " : null; })()"
    )
    assert hit, "no group badge drawn"
    page.mouse.click(box["x"] + hit[0], box["y"] + hit[1])


@pytest.mark.parametrize("residents", [2000, 8000])
def test_the_neighbourhood_picture_draws_every_resident_and_names_groups(app, residents):
    _open(app, residents)
    _step(app, 14)
    page = app.page
    dots = int(page.locator(".yz-hood").get_attribute("data-dots"))
    assert dots == residents
    size = page.evaluate(
        "(() => { const c = document.querySelector('.yz-hood'); return [c.width, c.height]; })()"
    )
    assert size[0] > 600 and size[1] > 300
    app.shot(f"workshop-{residents}")
    # a group's badge opens its story: members, leader, age, money
    _click_first_badge(app)
    panel = page.locator(".yz-detail-group")
    panel.wait_for(timeout=10_000)
    text = panel.inner_text()
    for word in ("Works on:", "Members:", "Money:", "Its story so far"):
        assert word in text, text
    assert re.search(r"(Founded in month \d+|Existed before the simulation began)", text), text
    # a building opens who lives there
    box = page.locator(".yz-hood").bounding_box()
    centre = page.evaluate(
        "(() => { const vm = document.querySelector('.yz-hood-wrap').__vue__;"
        " const b = vm.plan.blocks[0], s = vm.scale;"
        " return [(b[0] + b[2] / 2) * s, (b[1] + b[3] * 0.8) * s]; })()"
    )
    page.mouse.click(box["x"] + centre[0], box["y"] + centre[1])
    building = _settled(
        lambda: page.locator(".yz-detail").first.inner_text(), lambda x: "adult resident" in x
    )
    assert building.startswith("Building 1\n") and "Groups based here" in building
    assert app.outside == []


def test_live_intervention_log_and_exports(app):
    _open(app)
    page = app.page
    _step(app, 3)
    page.locator(".yz-ws-withdraw").click()
    page.locator(".yz-log").get_by_text(
        "Live: the trainer withdrew all outside money now."
    ).first.wait_for()
    _step(app)
    page.locator(".yz-log").get_by_text("Month 4: All outside money stopped.").wait_for()
    page.locator(".yz-log").get_by_text(re.compile("The NGO left")).first.wait_for()
    # a second withdrawal has nothing left to stop, and says so
    page.locator(".yz-ws-withdraw").click()
    page.locator(".yz-live-note").get_by_text(re.compile("nothing to withdraw")).wait_for()
    # the chart marks it
    chart = page.locator(".yz-live-chart")
    assert int(chart.get_attribute("data-points")) >= 3 * 4
    with page.expect_download() as d:
        page.locator(".yz-ws-png").click()
    assert Path(d.value.path()).read_bytes()[:4] == b"\x89PNG"
    log = app.download("Event log (CSV)").read_text("utf-8-sig")
    assert log.splitlines()[0] == "Month,Kind,What happened"
    assert "4,withdrawal,All outside money stopped." in log


def test_play_pause_and_leaving_the_page_pauses(app):
    _open(app)
    page = app.page
    page.locator(".yz-ws-play").click()
    page.wait_for_function("document.querySelector('.yz-hood').dataset.month >= 3", timeout=30_000)
    page.locator(".yz-ws-pause").click()
    page.locator(".yz-ws-play").wait_for()
    month = _month(page)
    time.sleep(1.5)
    assert _month(page) == month, "months went on after Pause"
    # leaving the page while playing pauses: no steps behind the trainer's back, no second loop
    page.locator(".yz-ws-play").click()
    page.locator(".yz-ws-pause").wait_for()
    app.tab("whatif")
    time.sleep(1.5)
    app.tab("workshop")
    page.locator(".yz-ws-play").wait_for()
    month = _month(page)
    time.sleep(1.5)
    assert _month(page) == month


def test_rewind_and_branch(app):
    _open(app)
    page = app.page
    counts = {}
    for _ in range(8):
        _step(app)
        counts[_month(page)] = app.text(".yz-ws-counts")
    # go back to month 4: the same community as it was then
    box = page.locator(".yz-ws-back-month input")
    box.fill("4")
    box.press("Enter")
    page.locator(".yz-ws-go-back", has_text="Go back to month 4").wait_for()
    page.locator(".yz-ws-go-back").click()
    page.wait_for_function(
        "document.querySelector('.yz-hood')?.dataset.month == '4'", timeout=60_000
    )
    assert _settled(lambda: app.text(".yz-ws-counts"), lambda x: x == counts[4]) == counts[4]
    # branch here, withdraw the money in B only, play both
    page.locator(".yz-ws-branch").click()
    page.locator(".yz-run-b .yz-hood").wait_for(timeout=60_000)
    assert page.locator(".yz-hood").count() == 2
    page.locator(".yz-ws-withdraw").click()  # B is the run a live button changes
    for m in range(5, 17):
        page.locator(".yz-ws-step").click()
        page.wait_for_function(
            f"[...document.querySelectorAll('.yz-hood')].every(c => c.dataset.month == '{m}')",
            timeout=30_000,
        )
    a = page.locator(".yz-run-a .yz-ws-counts").inner_text()
    b = page.locator(".yz-run-b .yz-ws-counts").inner_text()
    assert a == counts.get(16, a)  # A is the run as it was
    assert a != b, "the branch without money should differ after a year"
    app.shot("workshop-branch")
    page.locator(".yz-ws-keep-a").click()
    page.locator(".yz-run-b").wait_for(state="detached")


def test_presentation_mode_fits_a_1920x1080_screen(server, browser):
    p = Page(browser, server, size=(1920, 1080))
    try:
        p.tab("workshop")
        page = p.page
        page.locator(".yz-hood").wait_for(timeout=60_000)
        normal_tab = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.yz-tab-workshop')).fontSize)"
        )
        normal_btn = page.locator(".yz-ws-step").bounding_box()["height"]
        for _ in range(6):
            page.locator(".yz-ws-step").click()
        page.locator(".yz-present").click()
        page.locator(".yz-big").wait_for()
        time.sleep(2)
        p.shot("workshop-present-1920")
        big_tab = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.yz-tab-workshop')).fontSize)"
        )
        assert big_tab > normal_tab * 1.2
        assert page.locator(".yz-ws-step").bounding_box()["height"] > normal_btn * 1.1
        # everything that matters is on the screen without scrolling: picture, legend, chart, log
        for sel in (".yz-hood", ".yz-legend", ".yz-live-chart", ".yz-log", ".yz-ws-withdraw"):
            r = page.locator(sel).first.bounding_box()
            assert r and r["x"] >= 0 and r["y"] >= 0, sel
            assert r["x"] + r["width"] <= 1920 + 1 and r["y"] + r["height"] <= 1080 + 1, (sel, r)
        legend = page.locator(".yz-legend").inner_text()
        assert "member of a functional group" in legend and "recreational groups" in legend
    finally:
        p.close()
