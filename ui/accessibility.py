"""What the pages need for keyboard and screen-reader users beyond Streamlit's own markup."""

import streamlit as st

# A formula wider than its column scrolls sideways (KaTeX's .katex-display): a keyboard user can scroll it only if
# it can take the focus (WCAG 2.1.1; axe-core's scrollable-region-focusable). Marked after the DOM settles, at most
# every 300 ms, so live charts' redraws cost nothing more than a timer.
SCROLLABLE_MATH = """<script>
(() => {
  if (window.aeScrollableMath) return;
  window.aeScrollableMath = true;
  let timer = null;
  const mark = () => {
    timer = null;
    for (const e of document.querySelectorAll('.katex-display')) {
      if (e.scrollWidth > e.clientWidth + 1 && !e.hasAttribute('tabindex')) {
        e.tabIndex = 0;
        e.setAttribute('role', 'region');
        e.setAttribute('aria-label', 'Formula, wider than the page: scroll sideways with the arrow keys');
      }
    }
  };
  const later = () => { if (timer === null) timer = setTimeout(mark, 300); };
  new MutationObserver(later).observe(document.body, {subtree: true, childList: true});
  window.addEventListener('resize', later);
  later();
})();
</script>"""


def keyboard_scrollable_math() -> None:
    """Once per run, in the sidebar (no gap in the page): wide formulas become focusable regions."""
    st.sidebar.html(SCROLLABLE_MATH, unsafe_allow_javascript=True)
