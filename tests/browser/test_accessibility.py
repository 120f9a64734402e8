"""axe-core on every page at 1400 x 1000 and 390 x 844, and on the trainer pages after a step: no serious or
critical violation of WCAG 2.0 / 2.1 A and AA, no page wider than the screen, on a phone no control too small and
too close to another to tap, no chart whose text is cut off or under its legend; and the keyboard's focus is
visible wherever it goes."""

import pytest

from tests.browser.accessibility import (
    crowded_small_targets,
    serious_violations,
    unreadable_chart_text,
    unseen_focus_stops,
)
from tests.browser.helpers import click_button, open_page, wait_idle
from ui.navigation import built

PATHS = ["", *(p.stem for p in built())]
TRAINERS = ["autoencoder", "linear_autoencoder", "landscape", "nonlinear", "deep", "training", "draw", "playground"]


def described(violations) -> list[str]:
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations]


@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_every_page_has_no_serious_violation(browser, server_url, width, height):
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=phone)
    found = {}
    try:
        page = context.new_page()
        for path in PATHS:
            open_page(page, server_url, path)
            if violations := serious_violations(page):
                found[f"/{path}"] = described(violations)
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if wide > width:  # a phone must never scroll sideways
                found[f"/{path}"] = found.get(f"/{path}", []) + [f"the page is {wide} px wide"]
            if phone and (small := crowded_small_targets(page)):
                found[f"/{path}"] = found.get(f"/{path}", []) + [f"too small to tap: {small}"]
            if unreadable := unreadable_chart_text(page):
                found[f"/{path}"] = found.get(f"/{path}", []) + unreadable
    finally:
        context.close()
    assert not found, found


@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_trainer_pages_after_a_step_have_no_serious_violation(browser, server_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=width < 600)
    found = {}
    try:
        page = context.new_page()
        for path in [p for p in TRAINERS if p in PATHS]:
            open_page(page, server_url, path)
            click_button(page, "1 epoch")
            wait_idle(page)
            problems = described(serious_violations(page)) + unreadable_chart_text(page)
            if problems:
                found[f"/{path}"] = problems
    finally:
        context.close()
    assert not found, found


@pytest.mark.parametrize("path", ["linear_autoencoder", "playground"])
def test_the_keyboard_focus_is_always_visible(page, server_url, path):
    open_page(page, server_url, path)
    page.mouse.click(700, 5)  # start from the top of the page, as a learner arriving does
    assert unseen_focus_stops(page, 70) == []
