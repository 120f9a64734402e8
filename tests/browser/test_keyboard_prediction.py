"""A learner predicts by keyboard only (Tab, arrows, Space, Enter) on `/linear_autoencoder`, trains, and sees the
verdict name what the run showed."""

import re

from tests.browser.helpers import assert_no_exception, choose_pace, open_page, screenshot, wait_for, wait_idle
from ui.lesson import read_lesson

FOCUS_IN = """text => { const e = document.activeElement;
  const group = e && e.closest('[role="radiogroup"]');
  return !!group && group.closest('[data-testid="stVerticalBlock"]').innerText.includes(text); }"""
BUTTON_FOCUSED = """label => { const e = document.activeElement;
  return !!e && e.tagName === 'BUTTON' && e.innerText.trim().endsWith(label); }"""


def tab_until(page, check: str, arg: str, limit: int = 80) -> None:
    """Press Tab until ``check(arg)`` holds in the page (it tests what has the focus)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(check, arg):
            return
    raise AssertionError(f"Tab never reached {arg!r}")


def test_a_learner_predicts_by_keyboard_trains_and_sees_the_verdict(page, server_url):
    q = next(q for q in read_lesson("linear_autoencoder").questions if q.id == "settle")
    open_page(page, server_url, "linear_autoencoder")
    choose_pace(page, "fast")  # the work, not the lesson's pace
    page.locator("h1").first.click()  # start from the top of the page, as a keyboard user would after loading it
    tab_until(page, FOCUS_IN, "Predict first")
    group = page.get_by_role("radiogroup").filter(has_text=q.choices[0][:20])
    labels = [t.strip() for t in group.locator("label").all_inner_texts()]
    place = next(i for i, t in enumerate(labels) if t.startswith(q.choices[q.answer][:25]))
    page.keyboard.press("Space")  # the focused, first choice
    for _ in range(place):
        page.keyboard.press("ArrowDown")
    wait_idle(page)
    assert group.locator("input:checked").count() == 1
    tab_until(page, BUTTON_FOCUSED, "Lock in my prediction")
    page.keyboard.press("Enter")
    wait_idle(page)
    lock = page.locator("[data-testid='stAlertContentInfo']").filter(has_text="locked in")
    wait_for(lambda: lock.count() > 0, timeout=30)
    assert page.locator("[data-testid='stAlertContentSuccess']").count() == 0  # no verdict before the evidence
    tab_until(page, BUTTON_FOCUSED, "Train")
    page.keyboard.press("Enter")
    verdict = page.locator("[data-testid='stAlertContentSuccess']").filter(has_text="You saw it")
    wait_for(lambda: verdict.count() > 0, timeout=90)
    text = verdict.first.inner_text()
    assert text.startswith("Right. You saw it: after 300 epochs the loss is"), text
    # Then, still by keyboard: Reset, the slow pace, Train, and Pause while it trains.
    tab_until(page, BUTTON_FOCUSED, "Reset")
    page.keyboard.press("Enter")
    wait_idle(page)
    slow = page.locator("[role='radiogroup'][aria-label='Pace'] [role='radio'][aria-checked='true']").filter(
        has_text="slow")
    for _ in range(3):  # a busy machine may redraw the control under the keys: focus it again and retry
        if not page.evaluate(BUTTON_FOCUSED, "slow · 2.5/s"):
            tab_until(page, BUTTON_FOCUSED, "fast", limit=250)  # one radio group: arrows move, Space chooses
            for _ in range(2):
                page.keyboard.press("ArrowLeft")
        page.keyboard.press("Space")
        wait_idle(page)
        try:
            wait_for(lambda: slow.count() == 1, timeout=10)  # chosen, not only focused
            break
        except AssertionError:
            continue
    assert slow.count() == 1
    tab_until(page, BUTTON_FOCUSED, "Train")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name=re.compile(r"Pause\s*$")).first.wait_for()  # the buttons are drawn anew
    tab_until(page, BUTTON_FOCUSED, "Pause", limit=250)  # focus may have gone back to the top: round again
    page.keyboard.press("Enter")
    status = page.get_by_text(re.compile(r"Epoch \d+ / 300 · loss J/N = [\d.]+ · [\d.]+ % (above|below) [^·]+ · "
                                         r"paused"))
    wait_for(lambda: status.count() > 0, timeout=30)
    assert_no_exception(page)
    screenshot(page, "keyboard-prediction")
