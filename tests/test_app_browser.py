"""The browser app driven in a real Chromium (Playwright), against `yingzao app` on localhost.

Skipped when Debian's Chromium is not installed, unless YINGZAO_REQUIRE_BROWSER=1 (set by CI),
which turns a missing browser into a failure. Screenshots go to $YINGZAO_SCREENSHOTS if set.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from app_browser import Page, _settled, app, browser, server  # noqa: F401
from yingzao.experiments.posterior import posterior_sets

pytestmark = pytest.mark.browser


def test_whatif_loads_offline_and_runs_the_default_mix(app):
    page = app.page
    page.locator(".yz-whatif-figure").wait_for(timeout=60_000)
    sentences = app.text(".yz-sentences")
    assert re.search(r"After 10 years about \d+ functional groups", sentences), sentences
    assert "still active two years later" in sentences
    assert "Based on 10 simulations of a community of 2,000 adults" in sentences
    app.shot("whatif-en")
    assert app.outside == [], f"requests left this computer: {app.outside}"


def test_every_page_loads(app):
    marks = {"compare": ".yz-compare-run", "workshop": ".yz-hood", "model": ".yz-param-filter"}
    for key, sel in marks.items():
        app.tab(key)
        app.page.locator(sel).first.wait_for(timeout=60_000)
        app.shot(f"page-{key}")
    app.page.locator(".yz-patterns").wait_for()
    status = app.text(".yz-patterns")
    assert len(re.findall(r"\b(not )?reproduced\b", status)) == 6, status
    assert re.search(r"\d\.\d+ \[\d\.\d+, \d\.\d+\]", status)  # the measured numbers
    shown = app.page.get_by_text(re.compile(r"^\d+ of \d+ parameters shown"))
    total = int(re.findall(r"\d+", shown.inner_text())[1])
    app.page.locator(".yz-param-filter input").fill("ngo budget")
    deadline = time.time() + 20
    while (n := int(re.findall(r"\d+", shown.inner_text())[0])) == total and time.time() < deadline:
        time.sleep(0.2)
    assert 1 <= n < total
    assert "ngo.budget" in _settled(lambda: app.text("body"), lambda x: "ngo.budget" in x)
    # in Chinese, a Chinese word finds parameters
    app.page.locator(".yz-lang").click()
    app.page.get_by_text("关于模型").first.wait_for()
    app.page.locator(".yz-param-filter input").fill("微")
    params = _settled(
        lambda: app.text(".yz-params"), lambda x: "grants.per_100_households" in x, timeout=20
    )
    assert "grants.per_100_households" in params and "ngo.budget" not in params
    found = app.text(".yz-shown")
    assert 1 <= int(re.findall(r"\d+", found)[0]) < total, found
    app.shot("about-zh")
    assert app.outside == []


def test_whatif_bad_input_is_inline_and_keeps_results(app):
    page = app.page
    page.locator(".yz-whatif-figure").wait_for(timeout=60_000)
    before = app.text(".yz-sentences")
    app.set_field("grants", "abc")
    page.get_by_text("'abc' is not a number.").wait_for()
    assert page.locator(".yz-run").is_disabled()
    page.locator(".yz-fix-first").wait_for()
    app.set_field("residents", "50")
    page.get_by_text("Must be between 200 and 20,000 adult residents.").wait_for()
    app.shot("whatif-errors")
    assert app.text(".yz-sentences") == before  # earlier results stay on screen
    app.set_field("grants", "8000")
    app.set_field("residents", "1500")
    page.locator(".yz-fix-first").wait_for(state="detached")
    page.locator(".yz-stale").wait_for()  # the results on screen are for other settings now
    assert page.locator(".yz-run").is_enabled()
    page.locator(".yz-run-bottom").click()
    page.get_by_text("community of 1,500 adults").wait_for(timeout=60_000)
    page.locator(".yz-stale").wait_for(state="detached")


def test_compare_two_mixes_and_export(app):
    page = app.page
    app.tab("compare")
    page.locator(".yz-compare-run").click()
    page.locator(".yz-findings").wait_for(timeout=120_000)
    findings = app.text(".yz-findings")
    assert "stops after 8 years" in findings and "stops after 3 years" in findings
    want = "still active 2 years after the money stops"
    assert want in _settled(lambda: app.text("body"), lambda x: want in x)
    page.locator(".yz-compare-figure").wait_for()
    page.wait_for_function("document.querySelector('.yz-compare-figure').naturalWidth > 0")
    page.locator(".yz-compare-run").wait_for()  # the run is over: Cancel gave way to Compare
    app.shot("compare-en")
    got = {}
    for label, name in (
        ("Figure (PNG)", "png"),
        ("Results (CSV)", "csv"),
        ("One-page brief (HTML, print to PDF)", "html"),
    ):
        with page.expect_download() as d:
            page.get_by_text(label).click()
        got[name] = Path(d.value.path()).read_bytes()
    assert got["png"][:4] == b"\x89PNG"
    text = got["csv"].decode("utf-8-sig")
    head = text.splitlines()[0].split(",")
    assert {"Case", "Simulation", "Functional groups at the end (number)"} <= set(head)
    assert "Two-year survival without support (%)" in head
    # with a calibration record each run is done twice: posterior draws and the defaults
    passes = 1 if posterior_sets() is None else 2
    assert len(text.splitlines()) == 1 + 2 * 10 * passes
    assert "Full support, stops after 8 years" in text  # case names, not ids
    html = got["html"].decode()
    assert html.startswith("<!DOCTYPE html>") and "stops after 8 years" in html and "<img" in html


def test_language_switch_changes_text_and_log(app):
    page = app.page
    page.locator(".yz-whatif-figure").wait_for(timeout=60_000)
    page.locator(".yz-lang").click()
    page.get_by_text("如果采用这组政策，会怎样？").wait_for()
    sentences = _settled(lambda: app.text(".yz-sentences"), lambda x: "functional" not in x)
    assert "功能型自组织" in sentences and "functional" not in sentences
    app.shot("whatif-zh")
    app.tab("workshop")
    page.locator(".yz-hood").wait_for(timeout=60_000)
    page.locator(".yz-ws-step").click()
    page.get_by_text("第 1 个月（第 1 年年初）").wait_for()
    for _ in range(5):
        page.locator(".yz-ws-step").click()
    page.get_by_text("第 6 个月（第 1 年年中）").wait_for()
    log = _settled(lambda: app.text(".yz-log"), lambda x: not re.search(r"[A-Za-z]{3,}", x))
    assert "个月：" in log
    assert re.search(r"[A-Za-z]{3,}", log) is None, log
    app.shot("workshop-zh")
    page.locator(".yz-lang").click()
    page.get_by_text("Month 6 (middle of year 1)").wait_for()


def test_two_sessions_do_not_share_state(server, browser):
    a, b = Page(browser, server), Page(browser, server)
    try:
        a.page.locator(".yz-lang").click()
        a.page.get_by_text("如果采用这组政策，会怎样？").wait_for()
        a.set_field("residents", "3000")
        a.tab("workshop")
        a.page.locator(".yz-hood").wait_for(timeout=60_000)
        a.page.locator(".yz-ws-step").click()
        a.page.get_by_text("第 1 个月（第 1 年年初）").wait_for()
        b.page.reload(wait_until="domcontentloaded")
        b.page.locator(".yz-run").wait_for(timeout=120_000)  # after its first run
        assert b.page.get_by_text("What if we tried this policy mix?").is_visible()
        assert b.page.locator(".yz-field-residents input").input_value() == "2,000"
        b.tab("workshop")
        b.page.locator(".yz-hood").wait_for(timeout=60_000)
        assert b.page.get_by_text("Month 0 (before the first month)").is_visible()
    finally:
        a.close()
        b.close()


def test_a_street_case_runs_and_shows_its_communities(app):
    page = app.page
    page.locator(".yz-whatif-figure").wait_for(timeout=60_000)
    page.locator(".yz-preset .v-select__slot").click()
    menu = page.locator(".menuable__content__active")
    option = menu.get_by_role("option", name="Qingyuan street, 28 communities")
    option.scroll_into_view_if_needed()
    option.click()
    page.locator(".yz-street-note").wait_for()
    assert page.locator(".yz-field-residents").count() == 0  # the street sets its sizes
    app.set_field("years", "1")
    app.set_field("reps", "1")
    page.locator(".yz-run").click()
    page.locator(".yz-street-figure").wait_for(timeout=180_000)
    table = app.text(".yz-street-table")
    assert len(table.strip().splitlines()) == 1 + 28, table
    assert "a street of 28 communities" in app.text(".yz-sentences")
    app.shot("whatif-street")
