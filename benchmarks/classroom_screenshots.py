"""Screenshots of a classroom session for the project note (docs/img/classroom-*.png).

Starts `yingzao classroom` on this computer, joins five participants from phone-sized Chromium
pages (secretary, street, NGO director, two leaders), plays one round in which the secretary
and a leader decide, opens the second round and takes:

- ``classroom-projector-en.png`` / ``-zh.png``: the projector, 1400x900;
- ``classroom-phone-secretary-en.png`` / ``-zh.png`` and ``classroom-phone-leader-en.png`` /
  ``-zh.png``: two phones, 390x844, while the round is open;
- ``classroom-debrief-en.png``: the projector's debrief after the last round.

Usage: ``python benchmarks/classroom_screenshots.py [--out docs/img]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from yingzao.app.launch import CHROMIUM, CHROMIUM_ARGS, free_port, start_classroom

ROOT = Path(__file__).resolve().parents[1]
PROJECTOR = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
NAMES = ("Wang Li", "Zhang Wei", "Chen Jing", "Liu Yang", "Zhao Min")
WAIT_MS = 60_000
SETTLE_S = 1.5  # the picture and the chart draw a moment after their data arrives


def join(browser, link: str, name: str):
    """A phone that joined as ``name``."""
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(link)
    page.locator(".yz-cr-join").wait_for(timeout=WAIT_MS)
    page.locator(".yz-cr-name input").fill(name)
    page.locator(".yz-cr-join").click()
    page.locator(".yz-cr-you").wait_for(timeout=WAIT_MS)
    return page


def shot(page, out: Path, name: str) -> None:
    time.sleep(SETTLE_S)
    page.screenshot(path=str(out / f"classroom-{name}.png"))
    print("saved", out / f"classroom-{name}.png")


def both_languages(page, out: Path, name: str) -> None:
    """Screenshots in English, then Chinese (the page's language switch), back to English."""
    shot(page, out, f"{name}-en")
    page.locator(".yz-lang").first.click()
    page.get_by_text("English", exact=True).first.wait_for()
    shot(page, out, f"{name}-zh")
    page.locator(".yz-lang").first.click()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "docs" / "img"))
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    srv = start_classroom(free_port(), rounds=2, token="mzk4rp", residents=2000, seed=3)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pr = browser.new_context(viewport=PROJECTOR).new_page()
            pr.goto(srv.projector)
            pr.locator(".yz-cr-code-big").wait_for(timeout=WAIT_MS)
            phones = [join(browser, srv.participants, n) for n in NAMES]
            secretary, leader = phones[0], phones[3]
            pr.locator(".yz-cr-open").click()
            secretary.locator(".yz-cr-choice-facilitation").wait_for(timeout=WAIT_MS)
            secretary.locator(".yz-cr-choice-facilitation").get_by_text("75%").click()
            secretary.locator(".yz-cr-in").first.wait_for()
            pay = leader.locator(".yz-cr-choice-pay")
            if pay.count():
                pay.locator(".v-select").click()
                leader.locator(".v-menu__content .v-list-item").nth(2).click()
                leader.locator(".yz-cr-in").first.wait_for()
            pr.locator(".yz-cr-run").click()
            pr.locator(".yz-cr-did").wait_for(timeout=WAIT_MS)
            pr.locator(".yz-cr-open").click()
            secretary.locator(".yz-cr-choice-facilitation").wait_for(timeout=WAIT_MS)
            secretary.locator(".yz-cr-choice-facilitation").get_by_text("50%").click()
            pr.get_by_text("1 of 5 have decided").wait_for(timeout=WAIT_MS)
            both_languages(pr, out, "projector")
            both_languages(secretary, out, "phone-secretary")
            both_languages(leader, out, "phone-leader")
            pr.locator(".yz-cr-run").click()
            pr.locator(".yz-cr-why").first.wait_for(timeout=WAIT_MS)
            shot(pr, out, "debrief-en")
            browser.close()
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
