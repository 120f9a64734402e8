"""`/one_update` in Chromium: Play slowly advances the sub-steps on its own, Pause stops it."""

import re
import time

from tests.browser.helpers import assert_no_exception, click_button, open_page, screenshot, wait_for, wait_idle


def substep(page) -> int:
    text = page.locator("h3").filter(has_text=re.compile(r"\d of 7")).first.inner_text()
    return int(text.split(" of ")[0])


def test_play_slowly_advances_and_pause_stops(page, server_url):
    open_page(page, server_url, "one_update")
    assert substep(page) == 1
    click_button(page, "Play slowly")
    start = time.monotonic()
    wait_for(lambda: substep(page) >= 3, timeout=20)
    assert time.monotonic() - start >= 1.5  # about one sub-step a second, not all at once
    click_button(page, "Pause")
    wait_idle(page)
    paused = substep(page)
    time.sleep(3)
    assert substep(page) == paused
    assert_no_exception(page)
    screenshot(page, "one-update-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "one-update-390")
