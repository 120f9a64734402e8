"""`/landscape` in real Chromium: a click on the map chooses the start, Train draws the run's path on the same
map, updated in place, and it ends on a marked minimum; axe-core finds nothing serious on the page."""

import re

import pytest

from tests.browser.accessibility import crowded_small_targets, serious_violations
from tests.browser.helpers import assert_no_exception, click_button, open_page, screenshot, wait_for, wait_idle

# The landscape map: the live chart whose title names the loss L(w). Marks it once (``__seen``) so that a chart
# built anew shows up as another id; reports where data coordinates are on the screen and what is drawn.
MAP_JS = """(w) => {
  const gd = [...document.querySelectorAll('.live-plotly')]
    .find(g => g._fullLayout && /The loss L\\(w\\)/.test(g._fullLayout.title.text || ''));
  if (!gd) return null;
  if (w) gd.scrollIntoView({block: "center"});  // a click must land on the screen
  gd.__seen = gd.__seen || Math.random();
  let hidden = false;
  for (let e = gd; e; e = e.parentElement) {
    const cs = getComputedStyle(e);
    hidden = hidden || cs.visibility !== 'visible' || cs.display === 'none';
  }
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const trace = name => gd._fullData.find(t => t.name === name);  // decoded: gd.data may hold base64 arrays
  const path = trace("the run's path");
  return {id: gd.__seen, hidden, at: w ? [box.left + xa.l2p(w[0]), box.top + ya.l2p(w[1])] : null,
          path: path ? [Array.from(path.x), Array.from(path.y)] : null,
          minima: (t => t ? [Array.from(t.x), Array.from(t.y)] : null)(trace("minima ±u₁"))};
}"""


def status(page) -> str:
    m = re.search(r"Epoch (\d+) / \d+[^\n]*· (\w+)", page.locator("body").inner_text())
    return f"{m.group(1)} {m.group(2)}" if m else ""


def start_value(page, label: str) -> str:
    return page.get_by_label(label).input_value()


def test_a_click_on_the_map_starts_a_run_drawn_in_place_that_ends_on_a_minimum(page, server_url):
    open_page(page, server_url, "landscape")
    wait_for(lambda: page.evaluate(MAP_JS, None), timeout=60)
    page.wait_for_timeout(500)  # scrolled into view
    page.mouse.click(*page.evaluate(MAP_JS, [1.0, -1.0])["at"])  # the point w = (1, -1) of the map
    wait_for(lambda: start_value(page, "Start w₁") == "1.000" and start_value(page, "Start w₂") == "-1.000",
             timeout=30)
    wait_idle(page)
    assert status(page) == "0 paused"
    click_button(page, "Train")  # the lesson's own pace: 600 epochs over about ten seconds
    wait_for(lambda: status(page).endswith("training"), timeout=30)
    samples = []
    for _ in range(30):
        samples.append(page.evaluate(MAP_JS, None))
        page.wait_for_timeout(100)
    assert None not in samples
    assert len({s["id"] for s in samples}) == 1, "the map was built anew while training"
    assert not any(s["hidden"] for s in samples)
    lengths = [len(s["path"][0]) for s in samples]
    assert lengths[-1] > lengths[0] >= 1, lengths  # the path grows on the same map
    assert (samples[0]["path"][0][0], samples[0]["path"][1][0]) == (1.0, -1.0)  # from the clicked start
    wait_for(lambda: status(page) == "600 finished", timeout=120)
    wait_idle(page)
    end = page.evaluate(MAP_JS, None)
    assert end["id"] == samples[0]["id"]
    last = (end["path"][0][-1], end["path"][1][-1])
    gaps = [((last[0] - x) ** 2 + (last[1] - y) ** 2) ** 0.5 for x, y in zip(*end["minima"], strict=True)]
    assert min(gaps) < 0.01, (last, end["minima"])
    assert page.get_by_text(re.compile(r"^minimum [+−]u₁$")).count() >= 1  # the nearest point, named
    assert_no_exception(page)
    screenshot(page, "landscape-trained")


@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_the_landscape_page_has_no_serious_violation(browser, server_url, width, height):
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=phone)
    try:
        page = context.new_page()
        open_page(page, server_url, "landscape")
        wait_for(lambda: page.evaluate(MAP_JS, None), timeout=60)
        found = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in serious_violations(page)]
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        if phone:
            assert not crowded_small_targets(page)
        click_button(page, "1 epoch")
        wait_idle(page)
        found += [f"after a step: {v['id']}" for v in serious_violations(page)]
        assert not found, found
    finally:
        context.close()
