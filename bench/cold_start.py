"""How long a learner waits on the heavy pages of a freshly started server, with and without the warm-up.

For each mode (warm-up off, then on), a fresh server: a first visitor opens home (as a teacher would), then, for
the warm mode, the script waits until the server logs "warm-up done". A learner in a fresh browser context then
opens home, then follows the sidebar's links to `/training` and `/use_the_code` (time from the click to the
page's script finished and the DOM quiet for 0.5 s, minus that 0.5 s) and moves `/use_the_code`'s code-size
slider one step (keyboard, time from the key press to the rerun finished). One table row per measurement.

    python bench/cold_start.py
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, IDLE, open_page, wait_settled  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402

QUIET_MS = 500
RUNNING = "[data-testid='stApp'][data-test-script-state='running']"


def timed_open(page, url: str, path: str) -> float:
    start = time.perf_counter()
    open_page(page, url, path, timeout=180_000)
    wait_settled(page, QUIET_MS)
    return time.perf_counter() - start - QUIET_MS / 1000


def timed_click(page, link_text: str) -> float:
    """Follow a sidebar link, as a learner moves from lesson to lesson (the app's JavaScript is loaded already)."""
    before = page.locator("h1").first.inner_text()
    start = time.perf_counter()
    page.locator(".st-key-app_nav a").filter(has_text=link_text).first.click()
    # The new page's title, then its script's end: the running state alone can pass before a wait sees it.
    page.wait_for_function("t => { const h = document.querySelector('h1'); return h && h.innerText !== t; }",
                           arg=before, timeout=180_000)
    page.wait_for_selector(IDLE, timeout=180_000)
    wait_settled(page, QUIET_MS)
    return time.perf_counter() - start - QUIET_MS / 1000


def timed_slider_step(page) -> float:
    thumb = page.locator("[data-testid='stSlider']").filter(has_text="Code size k").first.locator("input[type=range]")
    thumb.focus()
    start = time.perf_counter()
    thumb.press("ArrowRight")
    thumb.blur()
    page.wait_for_selector(RUNNING, timeout=10_000)
    page.wait_for_selector(IDLE, timeout=180_000)
    return time.perf_counter() - start


def measure(browser, warm_up: bool) -> list[tuple[str, float]]:
    log = ROOT / "test-artifacts" / f"cold-start-{'warm' if warm_up else 'cold'}.log"
    log.parent.mkdir(exist_ok=True)
    proc, url = start_server(log_path=log, warm_up=warm_up)
    rows = []
    try:
        first = browser.new_context(viewport={"width": 1400, "height": 1000})
        rows.append(("first visitor opens home", timed_open(first.new_page(), url, "")))
        if warm_up:
            start = time.perf_counter()
            while "warm-up done" not in log.read_text():
                time.sleep(0.2)
            rows.append(("(warm-up finished after)", time.perf_counter() - start))
        learner = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        rows.append(("learner opens home (a new browser)", timed_open(learner, url, "")))
        rows.append(("learner follows the link to /training", timed_click(learner, "Training tricks")))
        rows.append(("learner follows the link to /use_the_code", timed_click(learner, "Use the code")))
        rows.append(("learner moves k by one (10 -> 11)", timed_slider_step(learner)))
    finally:
        stop_server(proc)
    return rows


def main() -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        results = {mode: dict(measure(browser, mode)) for mode in (False, True)}
        browser.close()
    print(f"{'measurement':44s} {'no warm-up (s)':>15s} {'warm-up (s)':>12s}")
    for name in results[True]:
        cold = results[False].get(name)
        print(f"{name:44s} {'' if cold is None else f'{cold:.2f}':>15s} {results[True][name]:12.2f}")


if __name__ == "__main__":
    main()
