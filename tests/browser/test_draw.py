"""The draw page in Chromium: drag, add and delete points with the mouse, tap on a phone, and train on the points."""

import re

import numpy as np
import pytest

from analysis.draw import BOUND
from tests.browser.helpers import (
    assert_no_exception,
    click_button,
    metric_value,
    open_page,
    pick,
    screenshot,
    wait_for,
    wait_idle,
)

BOARD = ".drawboard-svg"


def board_points(page) -> np.ndarray:
    """The points the board draws (the server's, once it has taken the last gesture), (N, 2)."""
    return np.array(page.eval_on_selector_all(f"{BOARD} circle.point",
                                              "cs => cs.map(c => [+c.getAttribute('cx'), +c.getAttribute('cy')])"),
                    dtype=float).reshape(-1, 2)


def on_screen(page, x: float, y: float) -> tuple[float, float]:
    """Where the board's point (x, y) is in the viewport (the board scrolled into view first)."""
    page.locator(BOARD).evaluate("b => b.scrollIntoView({block: 'center'})")
    box = page.locator(BOARD).bounding_box()
    return (box["x"] + (x + BOUND) / (2 * BOUND) * box["width"],
            box["y"] + (BOUND - y) / (2 * BOUND) * box["height"])


def shown_count(page) -> int:
    return int(metric_value(page, "Points N"))


def settled_count(page, n: int) -> None:
    """Wait until the server has taken the board's change: it shows n points, and so does the board."""
    wait_for(lambda: shown_count(page) == n and len(board_points(page)) == n, timeout=30)
    wait_idle(page)


def numpy_angle(P: np.ndarray) -> float:
    u = np.linalg.svd(P - P.mean(axis=0), full_matrices=False)[2][0]
    return float(np.degrees(np.arctan(u[1] / u[0])))


def shown_angle(page) -> float:
    return float(metric_value(page, "Axis angle").removesuffix("°"))


def load_preset(page, name: str) -> None:
    """Load a preset other than the board's current points, and wait until the board draws it."""
    before = board_points(page)
    pick(page, "Preset", name)
    click_button(page, "Load the preset")
    # The click's rerun may not have begun when the page first reads idle: wait for the board to change.
    wait_for(lambda: board_points(page).shape != before.shape or not np.allclose(board_points(page), before),
             timeout=30)
    wait_idle(page)


def test_drag_add_and_delete_with_the_mouse(page, server_url):
    open_page(page, server_url, "draw")
    load_preset(page, "line")
    settled_count(page, 80)
    assert shown_angle(page) == pytest.approx(21.80, abs=0.01)  # the preset's line, y = 0.4 x
    P = board_points(page)
    x, y = on_screen(page, *P[0])
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):  # a real drag: many moves, one report at the release
        page.mouse.move(x + 3 * step, y - 12 * step)
    page.mouse.up()
    wait_for(lambda: abs(shown_angle(page) - 21.80) > 0.5, timeout=30)
    wait_idle(page)
    moved = board_points(page)
    assert len(moved) == 80 and np.linalg.norm(moved[0] - P[0]) > 1.0
    assert np.allclose(moved[1:], P[1:])
    assert shown_angle(page) == pytest.approx(numpy_angle(moved), abs=0.1)

    page.mouse.click(*on_screen(page, 2.5, -2.5))  # an empty place: a new point
    settled_count(page, 81)
    assert np.allclose(board_points(page)[-1], [2.5, -2.5], atol=0.05)
    page.get_by_role("button", name="Delete", exact=True).click()
    page.mouse.click(*on_screen(page, 2.5, -2.5))
    settled_count(page, 80)
    assert np.allclose(board_points(page), moved)
    page.get_by_role("button", name="Add / move", exact=True).click()
    page.mouse.click(*on_screen(page, *moved[5]), button="right")  # a right-click deletes too
    settled_count(page, 79)
    page.get_by_role("button", name="Undo", exact=True).click()
    settled_count(page, 80)
    page.get_by_role("button", name="Brush", exact=True).click()
    x, y = on_screen(page, -2.5, 2.5)
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x + 10 * step, y)
    page.mouse.up()
    wait_for(lambda: shown_count(page) > 80 + 10, timeout=30)  # three points a spray, one spray every 14 px
    sprayed = board_points(page)[80:]
    assert np.all(sprayed[:, 1] > 2.0) and np.all(sprayed[:, 0] < 0.5)
    assert_no_exception(page)


@pytest.fixture
def phone(browser):
    """A page in a 390 x 844 touch-screen context, as a learner's phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_a_long_press_deletes_a_point(phone, server_url):
    page = phone
    open_page(page, server_url, "draw")
    settled_count(page, 80)
    x, y = on_screen(page, *board_points(page)[10])
    press = "(svg, [type, x, y]) => svg.dispatchEvent(new PointerEvent(type, {clientX: x, clientY: y, " \
            "pointerId: 7, pointerType: 'touch', isPrimary: true, bubbles: true}))"
    page.locator(BOARD).evaluate(press, ["pointerdown", x, y])
    wait_for(lambda: shown_count(page) == 79, timeout=30)  # deleted while the finger is still down
    page.locator(BOARD).evaluate(press, ["pointerup", x, y])
    settled_count(page, 79)


def test_a_tap_on_a_phone_adds_a_point(phone, server_url):
    page = phone
    open_page(page, server_url, "draw")
    settled_count(page, 80)
    page.locator(BOARD).scroll_into_view_if_needed()
    page.touchscreen.tap(*on_screen(page, 0.0, -2.5))
    settled_count(page, 81)
    assert np.allclose(board_points(page)[-1], [0.0, -2.5], atol=0.05)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "draw-tap-390")


def train_to_the_end(page) -> None:
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text=re.compile(r"^\s*fast")).first.click()
    wait_idle(page)
    click_button(page, "Train")
    wait_for(lambda: re.search(r"Epoch 3000 / 3000[^\n]*· finished", page.locator("body").inner_text()), timeout=240)
    wait_idle(page)


def decoder_curve(page) -> np.ndarray:
    text = wait_for(lambda: page.get_attribute(f"{BOARD} polyline.decoder-curve", "points"), timeout=30)
    return np.array([[float(v) for v in pair.split(",")] for pair in text.split()])


def test_tanh_beats_pca_on_the_arc_and_identity_draws_pcas_line(page, server_url):
    open_page(page, server_url, "draw")
    settled_count(page, 80)  # the board opens on the arc preset
    train_to_the_end(page)
    optimum = float(metric_value(page, "PCA optimum J*/N (k = 1)"))
    assert float(metric_value(page, "Autoencoder loss J/N")) < optimum / 2
    P = board_points(page)
    assert len(decoder_curve(page)) == 200

    pick(page, "Activation f", "identity")
    train_to_the_end(page)
    loss = float(metric_value(page, "Autoencoder loss J/N"))
    assert loss == pytest.approx(optimum, rel=0.01)
    mean = P.mean(axis=0)
    u = np.linalg.svd(P - mean, full_matrices=False)[2][0]
    off = np.abs((decoder_curve(page) - mean) @ np.array([-u[1], u[0]]))  # distance from NumPy's PCA line
    assert off.max() < 0.01 * np.sqrt(((P - mean) ** 2).sum(axis=1).mean())
    screenshot(page, "draw-identity-1400")
    assert_no_exception(page)
