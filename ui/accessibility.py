"""What the pages need for keyboard and screen-reader users beyond Streamlit's own markup."""

import streamlit as st

REDUCED_MOTION = "app:reduced_motion"  # the component's key: its state says if the system asks for less motion
REDUCED_MOTION_SECONDS = 2.0  # a live view redraws at most this often then (under the trainer's 3 s heartbeat)

# A formula or a table wider than its column scrolls sideways (KaTeX's .katex-display, st.table's wrapper): a
# keyboard user can scroll it only if it can take the focus (WCAG 2.1.1; axe-core's scrollable-region-focusable).
# Marked at most every 100 ms after a change, so live charts' redraws cost little more than a timer, and the marks
# land with a page's last element (bench/page_load.py's "ready").
# Then the browser's prefers-reduced-motion goes to the server (WCAG 2.3.3): a change of the setting reruns the page.
# Every value sent reruns the page, so the default ("no preference") is never sent: most pages render once, not twice.
AIDS_JS = """
function markScrollableRegions() {
  if (window.aeScrollableRegions) return;
  window.aeScrollableRegions = true;
  let timer = null;
  const wide = [['.katex-display', 'Formula'], ['[data-testid="stTable"] > div', 'Table']];
  const mark = () => {
    timer = null;
    for (const [selector, what] of wide) {
      for (const e of document.querySelectorAll(selector)) {
        if (e.scrollWidth > e.clientWidth + 1 && !e.hasAttribute('tabindex')) {
          e.tabIndex = 0;
          e.setAttribute('role', 'region');
          e.setAttribute('aria-label', what + ', wider than the page: scroll sideways with the arrow keys');
        }
      }
    }
  };
  const later = () => { if (timer === null) timer = setTimeout(mark, 100); };
  new MutationObserver(later).observe(document.body, {subtree: true, childList: true});
  window.addEventListener('resize', later);
  later();
}

export default function ({ setStateValue }) {
  markScrollableRegions();
  const query = window.matchMedia("(prefers-reduced-motion: reduce)");
  if (query.matches) setStateValue("reduce", true);
  query.onchange = event => setStateValue("reduce", event.matches);
}
"""

# Where the keyboard is (WCAG 2.4.7): Streamlit draws only a 1 px border change on text fields and menus. One ring
# for all, on the field's box rather than on the bare input inside it. On a phone, a question's options are stacked
# 24 px apart and a help mark is 17 px wide beside its switch: too small for a finger (WCAG 2.5.8), so taller and
# wider. Streamlit's own spinners and transitions are stilled for a learner whose system asks for less motion.
AIDS_CSS = """
a:focus-visible, button:focus-visible, summary:focus-visible, [role="radio"]:focus-visible,
[role="slider"]:focus-visible, [tabindex="0"]:focus-visible, input[type="checkbox"]:focus-visible,
input[type="radio"]:focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px !important;
}
[data-baseweb="select"]:has(input:focus-visible), [data-baseweb="input"]:has(input:focus-visible),
[data-baseweb="textarea"]:has(textarea:focus-visible) {
  outline: 3px solid #0072B2 !important; outline-offset: 1px !important;
}
@media (pointer: coarse), (max-width: 640px) {
  [data-testid="stRadio"] label, [data-testid="stCheckbox"] label { min-height: 2.25rem; align-items: center; }
  button[aria-label^="Help for"] { min-width: 24px; min-height: 24px; justify-content: center; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: 0s !important; animation-iteration-count: 1 !important;
                           transition-duration: 0s !important; scroll-behavior: auto !important; }
}
"""
_aids = st.components.v2.component("page_aids", js=AIDS_JS, css=AIDS_CSS, isolate_styles=False)


def page_aids() -> None:
    """Once per run, in the sidebar (no gap in the page), one light component: wide formulas and tables become
    focusable regions, the keyboard's focus is drawn as one clear ring, targets are finger-sized on a phone, and the
    learner's wish for less motion is learnt (``reduced_motion``) and stills CSS motion."""
    with st.sidebar:
        _aids(key=REDUCED_MOTION, default={"reduce": False}, on_reduce_change=lambda: None)


def reduced_motion() -> bool:
    """Whether the learner's browser asks for reduced motion (False until it has said)."""
    state = st.session_state.get(REDUCED_MOTION)
    return bool(state and state.get("reduce"))


def calm(seconds: float) -> float:
    """A live view's redraw interval, stretched to ``REDUCED_MOTION_SECONDS`` when the learner asks for less motion."""
    return max(seconds, REDUCED_MOTION_SECONDS) if reduced_motion() else seconds
