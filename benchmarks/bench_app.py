"""Browser app speed: first page, what-if runs, a workshop step, measured in Chromium.

Starts `yingzao app` on a free port, drives Debian's Chromium with Playwright and prints:
- time from navigation until the what-if page is interactive (Run button present);
- time until the default mix's 10 runs (2,000 residents x 120 months) are shown;
- the same 10 runs in this process, with progress callbacks counted;
- a workshop step at 2,000 residents: server-side step + drawing, and click-to-new-picture in
  the browser (median of 20 steps).

Targets from the issue: interactive < 4 s; 10 runs < 3 s with progress; step < 200 ms.
"""

from __future__ import annotations

import statistics
import time

from playwright.sync_api import sync_playwright
from yingzao.app.launch import CHROMIUM, CHROMIUM_ARGS, free_port, start_app


def in_process() -> None:
    from yingzao.app import mix, outcomes

    scn = mix.build("support-3y", {**mix.from_scenario(mix.load("support-3y")), "residents": 2000})
    calls = []
    t0 = time.perf_counter()
    outcomes.run([scn], 10, ["support-3y"], lambda d, n: calls.append(d))
    secs = time.perf_counter() - t0
    print(
        f"10 runs x 120 months, 2,000 residents, in process: {secs:.2f} s "
        f"(target < 3 s); progress reported {len(calls)} times"
    )

    from yingzao.app.workshop_session import Session

    s = Session.new("support-3y", 2000)
    ms = []
    for _ in range(24):
        s.step("en")
        ms.append(s.step_ms)
    print(
        f"workshop step + drawing at 2,000 residents, server side: median "
        f"{statistics.median(ms):.0f} ms, max {max(ms):.0f} ms over 24 months (target < 200 ms)"
    )


def in_browser() -> None:
    port = free_port()
    proc = start_app(port)
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for attempt in ("first (cold server)", "second (warm server)"):
                page = b.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                page.locator(".yz-run").wait_for(timeout=60_000)
                t1 = time.perf_counter()
                page.locator(".yz-whatif-figure").wait_for(timeout=60_000)
                t2 = time.perf_counter()
                print(
                    f"page load, {attempt}: interactive {t1 - t0:.2f} s (target < 4 s); "
                    f"default mix's 10 runs shown {t2 - t0:.2f} s"
                )
                page.close()
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            page.locator(".yz-run").wait_for(timeout=60_000)
            page.locator(".yz-tab-workshop").click()
            page.locator(".yz-network").wait_for(timeout=60_000)
            # timed inside the page: from the click to the new picture decoded
            page.evaluate("""() => {
                const img = document.querySelector('.yz-network');
                window.__yz = {times: []};
                new MutationObserver(() => {
                    const t = performance.now() - window.__yz.t0;
                    img.decode().then(() => window.__yz.times.push(performance.now()
                        - window.__yz.t0)).catch(() => window.__yz.times.push(t));
                }).observe(img, {attributes: true, attributeFilter: ['src']});
            }""")
            for m in range(1, 21):
                page.evaluate("""() => { window.__yz.t0 = performance.now();
                    document.querySelector('.yz-ws-step').click(); }""")
                page.wait_for_function(f"window.__yz.times.length >= {m}")
                page.get_by_text(f"Month {m} (year").wait_for()
            times = page.evaluate("window.__yz.times")
            print(
                f"workshop step in the browser (click to new picture decoded), 2,000 residents: "
                f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over 20 steps "
                f"(target < 200 ms)"
            )
            b.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    in_process()
    in_browser()
