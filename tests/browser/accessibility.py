"""axe-core (bundled by axe-playwright-python, served from the package: nothing downloaded) on a page: its serious
and critical violations of the WCAG 2.0 / 2.1 A and AA rules."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import wait_settled

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("serious", "critical")


def serious_violations(page) -> list[dict]:
    """The violations axe reports on ``page`` once its DOM has been quiet for a second (KaTeX and charts draw after
    the script ends), those of serious or critical impact."""
    wait_settled(page, 1000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [v for v in results.response["violations"] if v.get("impact") in IMPACTS]


# WCAG 2.5.8 (target size, minimum): a control is at least 24 x 24 CSS px, or a 24 px circle on its centre touches no
# other control. Links inside running text are exempt; a check box's or option's target is its whole label.
SMALL_TARGETS_JS = r"""() => {
  const sel = 'button, a[href], summary, [role="radio"], [role="slider"], [role="switch"], [role="tab"], input, ' +
              'textarea, [role="combobox"]';
  const targets = [];
  for (const e of document.querySelectorAll(sel)) {
    if (e.tagName === 'A' && e.closest('p, li, td')) continue;
    let box = e.getBoundingClientRect();
    const label = e.closest('label');
    if ((e.type === 'checkbox' || e.type === 'radio') && label) box = label.getBoundingClientRect();
    const field = e.closest('[data-baseweb="select"], [data-baseweb="input"], [data-baseweb="textarea"]');
    if (field) box = field.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    if (box.right <= 0 || box.left >= innerWidth) continue;  // off the screen: a closed sidebar
    targets.push({e, box, name: (e.getAttribute('aria-label') || e.innerText || e.type || e.tagName).slice(0, 40)});
  }
  const small = [];
  for (const t of targets) {
    if (t.box.width >= 24 && t.box.height >= 24) continue;
    const cx = t.box.left + t.box.width / 2, cy = t.box.top + t.box.height / 2;
    const crowded = targets.some(o => o !== t && !o.e.contains(t.e) && !t.e.contains(o.e) && (() => {
      const dx = Math.max(o.box.left - cx, 0, cx - o.box.right), dy = Math.max(o.box.top - cy, 0, cy - o.box.bottom);
      return dx * dx + dy * dy < 144;
    })());
    if (crowded) small.push(`${t.name.replace(/\n/g, ' ')} (${Math.round(t.box.width)}x${Math.round(t.box.height)})`);
  }
  return small;
}"""


def crowded_small_targets(page) -> list[str]:
    """The controls on ``page`` too small to tap and too close to another (WCAG 2.5.8)."""
    return page.evaluate(SMALL_TARGETS_JS)


# How the focused element and its three nearest ancestors look: what a ring, a shadow or a new border changes.
LOOK_JS = """(e) => { const parts = []; for (let n = e, i = 0; i < 4 && n; i++, n = n.parentElement) {
  const s = getComputedStyle(n);
  parts.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join());
} return parts.join('|'); }"""


def unseen_focus_stops(page, presses: int) -> list[str]:
    """Press Tab ``presses`` times; the stops whose look did not change when the focus came (WCAG 2.4.7). The page
    itself and its main region, which only receive the focus on the way in, are not controls."""
    unseen, previous = [], None
    for _ in range(presses):
        page.keyboard.press("Tab")
        if previous is not None:
            element, focused = previous
            if element.evaluate(LOOK_JS) == focused:
                unseen.append(element.evaluate("e => e.tagName + ' ' + (e.getAttribute('aria-label') || "
                                               "e.innerText || '').slice(0, 40)"))
        handle = page.evaluate_handle("() => document.activeElement")
        tag = handle.evaluate("e => e.tagName")
        previous = None if tag in ("BODY", "MAIN") else (handle.as_element(), handle.evaluate(LOOK_JS))
    return unseen


# A chart's text that cannot be read: its title under its legend, or a title, label, legend entry or axis title
# reaching past the chart's edge (cut off on a phone).
CHART_TEXT_JS = r"""() => {
  const box = e => { const r = e && e.getBoundingClientRect(); return r && r.width && r.height ? r : null; };
  const meet = (a, b) => a && b && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1
    && b.top < a.bottom - 1;
  const found = [];
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const svg = box(gd.querySelector('.main-svg'));
    if (!svg) continue;
    const title = gd.querySelector('.gtitle');
    const name = (title && title.textContent || gd.getAttribute('aria-label') || '(untitled)').slice(0, 50);
    if (meet(box(title), box(gd.querySelector('.legend .bg')))) found.push(`${name}: title under the legend`);
    for (const t of gd.querySelectorAll('.gtitle, .annotation-text, .legendtext, .xtitle, .ytitle')) {
      const b = box(t);
      if (b && (b.left < svg.left - 1 || b.right > svg.right + 1 || b.top < svg.top - 1 || b.bottom > svg.bottom + 1))
        found.push(`${name}: cut off: ${t.textContent.slice(0, 40)}`);
    }
  }
  return found;
}"""


def unreadable_chart_text(page) -> list[str]:
    """Every chart's text on ``page`` that overlaps or is cut off (see CHART_TEXT_JS), once the page has settled."""
    wait_settled(page, 1000)
    return page.evaluate(CHART_TEXT_JS)
