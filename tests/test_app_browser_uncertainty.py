"""The parameter-uncertainty switch in Chromium, on the What-if and Compare pages.

The server reads the same calibration record as this process: without one the switch is
disabled and says so; with one it is on, the results explain both bands, and turning it off
goes into the link and marks the shown result as computed with other settings.
"""

from __future__ import annotations

import pytest
from app_browser import Page, _settled, browser, server  # noqa: F401
from yingzao.app.uncertainty import sets_available

pytestmark = pytest.mark.browser


def _switch(app: Page, page_cls: str):
    return app.page.locator(f".{page_cls} .yz-unc-switch input")


def test_uncertainty_switch_on_both_pages(server, browser):
    # the first run starts at once and, with uncertainty on, runs twice: wait for the controls
    app = Page(browser, server, wait=".yz-field-grants input")
    try:
        _check(app)
    finally:
        app.close()


def _check(app: Page) -> None:
    page = app.page
    page.locator(".yz-whatif-figure").wait_for(timeout=180_000)
    n = sets_available()
    box = _switch(app, "yz-unc-whatif")
    box.wait_for(state="attached")
    explain = app.text(".yz-unc-explain")
    if n is None:
        assert box.is_disabled() and not box.is_checked()
        assert "no calibration record" in app.text(".yz-unc-whatif .yz-unc-note")
        assert "run to run" in explain and "not included" in explain
    else:
        assert box.is_enabled() and box.is_checked()
        assert f"{n} parameter set" in explain and "lighter band" in explain
        assert "from run-to-run variation alone" in app.text(".yz-unc-sentences")
        page.locator(".yz-unc-whatif .yz-unc-switch label").click()
        # read through the page: Playwright's sync page.url sees replaceState only between calls
        url = _settled(lambda: page.evaluate("location.href"), lambda u: "unc=0" in u, timeout=20)
        assert "unc=0" in url
        page.locator(".yz-stale").wait_for()
        assert "run-to-run variation only" in app.text(".yz-unc-whatif .yz-unc-note")
    app.shot("uncertainty-whatif")
    app.tab("compare")
    page.locator(".yz-compare-run").wait_for(timeout=60_000)
    cbox = _switch(app, "yz-unc-compare")
    cbox.wait_for(state="attached")
    assert cbox.is_disabled() == (n is None)
    if n is not None:  # turned off on the What-if page: the same setting, on again here
        assert not cbox.is_checked()
        page.locator(".yz-unc-compare .yz-unc-switch label").click()
        _settled(lambda: page.evaluate("location.href"), lambda u: "unc=0" not in u)
    for cls, text in ((".yz-cmp-compare_reps input", "2"), (".yz-cmp-residents input", "1000")):
        page.locator(cls).fill(text)
        page.locator(cls).press("Enter")
    page.wait_for_function("!document.querySelector('.yz-compare-run').disabled")
    page.locator(".yz-compare-run").click()
    page.locator(".yz-compare-table").wait_for(timeout=180_000)
    table, explain = app.text(".yz-compare-table"), app.text(".yz-unc-explain")
    if n is None:
        assert "run to run only" not in table and "not included" in explain
    else:
        assert "run to run only" in table and "lighter band" in explain
    app.shot("uncertainty-compare")
    page.locator(".yz-lang").click()
    page.get_by_text("计入参数不确定性").first.wait_for()
    app.shot("uncertainty-compare-zh")
