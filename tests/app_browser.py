"""Shared pieces of the browser tests: the app server, Chromium, a watched page.

Skips the importing test module when Debian's Chromium is not installed, unless
YINGZAO_REQUIRE_BROWSER=1 (set by CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from yingzao.app.launch import CHROMIUM, CHROMIUM_ARGS, free_port, start_app

if not Path(CHROMIUM).exists():
    if os.environ.get("YINGZAO_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"YINGZAO_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
    pytest.skip(f"{CHROMIUM} not installed (apt install chromium)", allow_module_level=True)

try:
    from playwright import sync_api
except ImportError:
    if os.environ.get("YINGZAO_REQUIRE_BROWSER") == "1":
        raise
    pytest.skip("playwright not installed (pip install -e '.[test]')", allow_module_level=True)


@pytest.fixture(scope="module")
def server():
    port = free_port()
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"yingzao-app-{port}.log"
    with open(log_path, "w") as log:
        try:
            proc = start_app(port, output=log)
        except RuntimeError as e:
            raise RuntimeError(f"{e}; see {log_path}") from None
        yield f"http://127.0.0.1:{port}/"
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A fresh browser context (its own Solara session) on the app, watching every request."""

    def __init__(
        self, browser, url: str, query: str = "", size=(1400, 1000), ctx=None, wait=".yz-run"
    ) -> None:
        self.own_ctx = ctx is None
        self.ctx = ctx or browser.new_context(
            viewport={"width": size[0], "height": size[1]}, accept_downloads=True
        )
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(30_000)
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        t0 = time.perf_counter()
        self.page.goto(url + query, wait_until="domcontentloaded")
        self.page.locator(wait).first.wait_for()
        self.interactive_s = time.perf_counter() - t0

    def _request(self, r) -> None:
        if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            self.outside.append(r.url)

    def tab(self, key: str) -> None:
        self.page.locator(f".yz-tab-{key}").click()

    def shot(self, name: str) -> None:
        out = os.environ.get("YINGZAO_SCREENSHOTS")
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(out) / f"{name}.png"), full_page=True)

    def set_field(self, name: str, text: str) -> None:
        box = self.page.locator(f".yz-field-{name} input")
        box.fill(text)
        box.press("Tab")

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def download(self, label: str) -> Path:
        """Click a download button by its text; the downloaded file's path."""
        with self.page.expect_download() as d:
            self.page.get_by_text(label, exact=True).click()
        return Path(d.value.path())

    def close(self) -> None:
        assert not self.errors, self.errors
        if self.own_ctx:
            self.ctx.close()
        else:
            self.page.close()


def _month(page) -> int:
    """The month the workshop's picture shows (its canvas says which it drew)."""
    return int(page.locator(".yz-hood").first.get_attribute("data-month"))


def _settled(read, ok, timeout: float = 10.0):
    """What ``read()`` returns once ``ok`` holds (widgets can reach the page one by one)."""
    deadline = time.time() + timeout
    value = read()
    while not ok(value) and time.time() < deadline:
        time.sleep(0.2)
        value = read()
    return value


@pytest.fixture
def app(server, browser):
    p = Page(browser, server)
    yield p
    p.close()
