"""A learner whose system asks for reduced motion (prefers-reduced-motion) sees the live trainer redraw at most every
two seconds (ui/accessibility.py): the status line above the loss chart changes only that often."""

import time

from tests.browser.helpers import click_button, open_page, stop_training, wait_for
from ui.accessibility import REDUCED_MOTION_SECONDS

WATCH_SECONDS = 8.0


def test_the_trainer_redraws_slowly_when_the_learner_asks_for_less_motion(browser, server_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    try:
        page = context.new_page()
        open_page(page, server_url, "linear_autoencoder")
        click_button(page, "Train")
        status = page.locator("text=/Epoch \\d+ \\/ \\d+/").first
        wait_for(lambda: not status.inner_text().startswith("Epoch 0 "))
        shown, start = [status.inner_text()], time.monotonic()
        while time.monotonic() - start < WATCH_SECONDS:
            if (now := status.inner_text()) != shown[-1]:
                shown.append(now)
            page.wait_for_timeout(50)
        stop_training(page)
    finally:
        context.close()
    # At the normal rate (0.25 s for one learner) 8 s bring about 30 redraws; here at most one per 2 s, and at least
    # one (it still shows the run).
    assert 2 <= len(shown) <= WATCH_SECONDS / REDUCED_MOTION_SECONDS + 2, shown
