"""Helpers for Playwright tests of the real app: navigate, wait for reruns, read metrics, screenshots."""

import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def wait_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app's script is not running (a rerun finished)."""
    page.wait_for_selector(IDLE, timeout=timeout)


SETTLE_JS = """(quiet) => new Promise(done => {
  let last = Date.now();
  const seen = new MutationObserver(() => { last = Date.now(); });
  seen.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const check = setInterval(() => { if (Date.now() - last > quiet) { clearInterval(check); seen.disconnect();
    done(); } }, 50);
})"""


def wait_settled(page: Page, quiet_ms: int = 500) -> None:
    """Wait until the DOM has not changed for ``quiet_ms``: heavy pages draw elements after their script ends."""
    page.evaluate(SETTLE_JS, quiet_ms)


def open_page(page: Page, server_url: str, path: str = "", timeout: float = 90_000) -> None:
    """Open ``/<path>`` and wait until the page has rendered and its script finished."""
    page.goto(f"{server_url}/{path}", wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=timeout)
    wait_idle(page, timeout)
    # The first run may report "not running" between the router's rerun and the page's own run: settle twice.
    page.wait_for_timeout(300)
    wait_idle(page, timeout)


def assert_no_exception(page: Page) -> None:
    """No exception box, no error message of Streamlit's own, no "Page not found"."""
    assert page.locator("[data-testid='stException']").count() == 0, "an exception box is on the page"
    body = page.locator("body").inner_text()
    assert "Page not found" not in body, "Streamlit says: Page not found"
    assert "Traceback" not in body


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save ``test-artifacts/screenshots/<name>.png``.

    Streamlit scrolls inside its own container, so Playwright's ``full_page`` sees one viewport only; for a
    whole-page picture the viewport is stretched to the content's height, then restored.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    if full_page and size:
        height = page.evaluate(
            "() => { const m = document.querySelector(\"[data-testid='stMainBlockContainer']\");"
            " return m ? m.scrollHeight : 0; }"
        )
        if height and height + 150 > size["height"]:
            page.set_viewport_size({"width": size["width"], "height": min(int(height) + 150, 12_000)})
            page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=full_page)
    if size and page.viewport_size != size:
        page.set_viewport_size(size)
    return path


def metric_value(page: Page, label: str) -> str:
    """The displayed value of the ``st.metric`` whose label is exactly ``label``."""
    metric = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
    )
    return metric.first.locator("[data-testid='stMetricValue']").inner_text().strip()


def choose_pace(page: Page, pace: str = "fast") -> None:
    """Choose the live trainer's pace (slow, normal or fast) and wait for the rerun."""
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text=re.compile(rf"^\s*{pace}")).first.click()
    wait_idle(page)


def click_button(page: Page, label: str) -> None:
    """Click the first button whose visible text is exactly ``label``."""
    page.get_by_role("button", name=re.compile(rf"^\W*{re.escape(label)}\s*$")).first.click()


def stop_training(page: Page) -> None:
    """Press Pause if the run still trains (it may finish first: training runs between redraws); wait until the
    status line says paused or finished and the app is idle."""
    pause = page.get_by_role("button", name=re.compile(r"^\W*Pause\s*$"))
    if pause.count():
        try:
            pause.first.click(timeout=5_000)
        except PlaywrightTimeoutError:  # it finished in between: the button became Train
            pass
    wait_for(lambda: re.search(r"Epoch \d+ / \d+[^\n]*· (paused|finished)", page.locator("body").inner_text()),
             timeout=60)
    wait_idle(page)


def pick(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the selectbox labelled ``label`` and wait for the rerun (and the page to settle: a
    redraw that lands after the click closes the menu, so it is opened again, up to four times)."""
    for attempt in range(4):
        wait_settled(page)
        page.get_by_role("combobox", name=label).first.click()
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=10_000)
            break
        except PlaywrightTimeoutError:  # the menu closed under a redraw: open it again
            page.keyboard.press("Escape")
            if attempt == 3:
                raise
    wait_idle(page)
    wait_settled(page)


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll ``predicate()`` until it returns a truthy value; return it, or raise on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(interval)


__all__ = ["expect", "pick", "wait_idle", "open_page", "assert_no_exception", "screenshot", "metric_value",
           "click_button", "stop_training", "wait_for", "CHROMIUM", "CHROMIUM_ARGS"]
