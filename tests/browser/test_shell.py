"""The shell in real Chromium: every page loads by its URL; Train / Pause / Reset; two learners at once."""

import re
from contextlib import contextmanager

import plotly.offline
import pytest

from tests.browser.helpers import (
    assert_no_exception,
    choose_pace,
    click_button,
    open_page,
    screenshot,
    wait_for,
    wait_idle,
)
from ui.navigation import built

PATHS = [""] + [p.stem for p in built()]


def status_line(page) -> str:
    """The trainer's whole status paragraph, e.g. "Epoch 12 / 600 · loss J/N = 0.0712 · paused"."""
    loc = page.locator("[data-testid='stMarkdownContainer'] p", has_text=re.compile(r"Epoch \d+ / \d+"))
    return loc.first.inner_text() if loc.count() else ""


def epoch_of(page) -> int:
    m = re.search(r"Epoch (\d+) / (\d+)", status_line(page))
    return int(m.group(1)) if m else -1


@pytest.mark.parametrize("path", PATHS)
def test_every_page_loads_by_its_url(page, server_url, path):
    open_page(page, server_url, path)
    assert_no_exception(page)
    name = path or "home"
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 420, "height": 900})
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, f"{name}-narrow")


def test_train_pause_reset(page, server_url):
    # Long enough (20 000 epochs of mini-batches of 8) that Pause comes while it is still training.
    open_page(page, server_url, "playground?epochs=20000&batch=8")
    assert epoch_of(page) == 0
    choose_pace(page, "fast")  # the work, not the lesson's pace
    click_button(page, "Train")
    wait_for(lambda: epoch_of(page) > 0, timeout=30)
    click_button(page, "Pause")
    wait_for(lambda: "paused" in status_line(page), timeout=30)
    wait_idle(page)
    frozen = epoch_of(page)
    page.wait_for_timeout(1000)
    assert epoch_of(page) == frozen, "training went on after Pause"
    screenshot(page, "playground-paused")
    click_button(page, "Reset")
    wait_for(lambda: epoch_of(page) == 0, timeout=30)
    assert_no_exception(page)


# The live loss chart (ui.live_plot): its element, whether it or a parent is hidden, and its number of points.
LOSS_CHART_JS = """() => {
  const gd = document.querySelector('.live-plotly');
  if (!gd) return null;
  gd.__seen = gd.__seen || Math.random();
  let hidden = false;
  for (let e = gd; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    hidden = hidden || cs.visibility !== 'visible' || cs.display === 'none';
  }
  return {id: gd.__seen, hidden, points: gd._fullData && gd._fullData[0] ? gd._fullData[0]._length : -1};
}"""


def test_the_loss_chart_is_updated_in_place_while_training(page, server_url):
    # st.plotly_chart built a new chart on every redraw, hidden until drawn: it was hidden in 26 of 60 samples.
    open_page(page, server_url, "playground?epochs=20000&batch=8")
    choose_pace(page, "fast")  # the work, not the lesson's pace
    click_button(page, "Train")
    wait_for(lambda: epoch_of(page) > 0 and (page.evaluate(LOSS_CHART_JS) or {}).get("points", 0) > 0, timeout=30)
    samples = []
    for _ in range(40):
        samples.append(page.evaluate(LOSS_CHART_JS))
        page.wait_for_timeout(50)
    assert "training" in status_line(page), "the run should still be training for this test"
    assert None not in samples
    assert len({s["id"] for s in samples}) == 1, "the chart was built anew while training"
    assert not any(s["hidden"] for s in samples)
    assert samples[-1]["points"] > samples[0]["points"] > 0
    click_button(page, "Pause")
    wait_for(lambda: "paused" in status_line(page), timeout=30)
    assert_no_exception(page)


# Every chart on the page: drawn, and by which plotly.js ("lessons": static/plotly-lessons.min.js; "full": the
# package's static/plotly.min.js).
CHARTS_JS = """() => [...document.querySelectorAll('div.live-plotly')].map(gd => ({
  drawn: !!gd._fullLayout && !!gd.querySelector('.main-svg'),
  by: gd.__plotly === window.PlotlyLessons ? 'lessons' : gd.__plotly && gd.__plotly === window.Plotly ? 'full' : '?',
  scene: !!(gd._fullLayout && gd._fullLayout.scene),
}))"""


@contextmanager
def charts_drawn(browser, server_url: str, path: str):
    """``path`` in a new browser context (nothing cached, so every plotly.js it uses is fetched), once every chart on
    it is drawn: ``(page, the plotly files fetched so far and from then on)``."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        requested = []
        page.on("request", lambda r: requested.append(r.url.rsplit("/", 1)[-1]) if "lotly" in r.url else None)
        open_page(page, server_url, path)
        wait_for(lambda: (c := page.evaluate(CHARTS_JS)) and all(x["drawn"] for x in c), timeout=60)
        yield page, requested
        assert_no_exception(page)
    finally:
        ctx.close()


def test_charts_draw_with_the_lessons_plotly_js_only(browser, server_url):
    with charts_drawn(browser, server_url, "pca") as (page, requested):
        charts = page.evaluate(CHARTS_JS)
        assert len(charts) >= 2 and {x["by"] for x in charts} == {"lessons"}
        # Neither the full plotly.js nor Streamlit's chart code (its own full plotly.js) was fetched.
        assert requested == ["plotly-lessons.min.js"]
        # Built from the plotly.js the pinned plotly package ships, so its figures draw alike.
        assert page.evaluate("() => window.PlotlyLessons.version") == plotly.offline.get_plotlyjs_version()


def test_a_3d_figure_loads_the_full_plotly_js_for_its_chart_alone(browser, server_url):
    with charts_drawn(browser, server_url, "nonlinear?dataset=s_curve") as (page, requested):
        assert {x["by"] for x in page.evaluate(CHARTS_JS)} == {"lessons"} and "plotly.min.js" not in requested
        click_button(page, "1 epoch")  # the live views: the data space is a 3-D scene
        wait_for(lambda: any(x["scene"] and x["drawn"] for x in page.evaluate(CHARTS_JS)), timeout=60)
        charts = page.evaluate(CHARTS_JS)
        assert [x["by"] for x in charts if x["scene"]] == ["full"]
        assert all(x["drawn"] for x in charts) and {x["by"] for x in charts if not x["scene"]} == {"lessons"}
        assert requested.count("plotly.min.js") == 1


def test_two_sessions_training_at_once_both_finish(browser, server_url):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    try:
        for p in pages:
            open_page(p, server_url, "autoencoder")
        for p in pages:
            choose_pace(p, "fast")  # the work, not the lesson's pace
            click_button(p, "Train")
        for p in pages:
            wait_for(lambda p=p: "finished" in status_line(p), timeout=300)
            assert_no_exception(p)
        assert all(epoch_of(p) == 600 for p in pages)
    finally:
        for c in contexts:
            c.close()


def test_first_visit_of_a_fresh_server_by_deep_link_gets_the_real_navigation(browser):
    """Streamlit starts in its old pages-directory mode; the first deep link must still go through app.py."""
    from tests.browser.helpers import ROOT
    from tests.browser.server import start_server, stop_server

    proc, url = start_server(log_path=ROOT / "test-artifacts" / "fresh-server.log")
    try:
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        open_page(page, url, "pca" if "pca" in PATHS else "autoencoder")
        page.wait_for_selector(".st-key-app_nav a", timeout=30_000)
        nav = page.locator(".st-key-app_nav").inner_text()
        assert "Start here" in nav and "Lessons" in nav
        assert "\napp\n" not in f"\n{nav}\n", "the old pages-directory navigation is showing"
        assert_no_exception(page)
        ctx.close()
    finally:
        stop_server(proc)
