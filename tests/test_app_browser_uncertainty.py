"""The parameter-uncertainty switch in Chromium, on the What-if and Compare pages.

The server reads the same calibration record as this process: without one the switch is
disabled and says so; with one it is on, the results explain both bands, and turning it off
goes into the link and marks the shown result as computed with other settings.
"""

from __future__ import annotations

import pytest
from app_browser import Page, _settled, app, browser, server  # noqa: F401
from yingzao.app.uncertainty import sets_available

pytestmark = pytest.mark.browser


def _switch(app: Page, page_cls: str):
    return app.page.locator(f".{page_cls} .yz-unc-switch input")


def test_uncertainty_switch_on_both_pages(app):
    page = app.page
    page.locator(".yz-whatif-figure").wait_for(timeout=120_000)
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
        page.locator(".yz-unc-whatif .yz-unc-switch").click()
        url = _settled(lambda: page.url, lambda u: "unc=0" in u)
        assert "unc=0" in url
        page.locator(".yz-stale").wait_for()
        assert "run-to-run variation only" in app.text(".yz-unc-whatif .yz-unc-note")
    app.shot("uncertainty-whatif")
    app.tab("compare")
    page.locator(".yz-compare-run").wait_for(timeout=60_000)
    cbox = _switch(app, "yz-unc-compare")
    cbox.wait_for(state="attached")
    assert cbox.is_disabled() == (n is None)
    page.locator(".yz-lang").click()
    page.get_by_text("计入参数不确定性").first.wait_for()
    app.shot("uncertainty-compare-zh")
