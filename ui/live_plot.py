"""A Plotly chart that a rerun updates in place: the live loss chart, redrawn on every training tick.

``st.plotly_chart`` gives a chart a new identity whenever its figure changes, so the browser removes the old
chart and builds a new one, hidden until drawn: while a run trained, the loss chart blinked (its div was hidden
in 26 of 60 samples taken 50 ms apart), lost the learner's zoom, and every tick cost the browser a whole new
chart. This component keeps one chart per key and hands each new figure to ``Plotly.react``, which changes only
what changed.

It needs plotly.js in the page: the copy that ships with the pinned ``plotly`` package, served from the app's
``static/`` folder (``server.enableStaticServing``; ``make`` and the Dockerfile put it there with
``python -m ui.live_plot``, and app.py at start-up if it can). Without that file the chart falls back to
``st.plotly_chart``.
"""

import shutil
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

ROOT = Path(__file__).resolve().parents[1]
PLOTLY_JS = ROOT / "static" / "plotly.min.js"  # served as app/static/plotly.min.js
BUNDLED_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# Loaded once per page; every update then calls Plotly.react on the same div. Fonts and text colour are taken
# from the page, as st.plotly_chart's theme does, so this chart looks like the others.
JS = r"""
let loading = null;
function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = new URL("app/static/plotly.min.js", new URL(".", window.location.href)).href;
      s.onload = () => resolve(window.Plotly);
      s.onerror = () => { loading = null; reject(new Error("plotly.min.js did not load")); };
      document.head.appendChild(s);
    });
  }
  return loading;
}

export default function ({ parentElement, data }) {
  const fig = JSON.parse(data.figure);
  let gd = parentElement.querySelector("div.live-plotly");
  if (!gd) {
    gd = document.createElement("div");
    gd.className = "live-plotly";
    gd.style.width = "100%";
    parentElement.appendChild(gd);
    let width = 0;
    new ResizeObserver(entries => {
      const w = entries[0].contentRect.width;
      if (w !== width && gd._fullLayout && window.Plotly) { width = w; window.Plotly.Plots.resize(gd); }
    }).observe(gd);
  }
  gd.style.minHeight = (fig.layout.height || 0) + "px";  // no jump while plotly.js loads
  const page = getComputedStyle(parentElement);
  fig.layout.font = Object.assign({ family: page.fontFamily, color: page.color }, fig.layout.font || {});
  loadPlotly().then(P => P.react(gd, fig.data, fig.layout, Object.assign({ responsive: true }, data.config)));
}
"""

_component = st.components.v2.component("live_plotly_chart", js=JS, isolate_styles=False)


def install_plotly_js(target: Path = PLOTLY_JS) -> bool:
    """Copy the plotly package's plotly.min.js to ``static/`` unless the same file is there; True if present."""
    try:
        if not target.exists() or target.stat().st_size != BUNDLED_PLOTLY_JS.stat().st_size:
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(BUNDLED_PLOTLY_JS, target)
    except OSError:  # a read-only install without the file: the charts fall back to st.plotly_chart
        return False
    return True


@cache
def ensure_plotly_js() -> bool:
    """Once per process (app.py): put plotly.js in static/ where only the requirements were installed."""
    return install_plotly_js()


def live_plotly_chart(figure: go.Figure | str, *, key: str, config: dict | None = None) -> None:
    """Draw ``figure`` (a figure or its JSON) under ``key``, updating the chart drawn there by the last run."""
    config = config or {}
    if not PLOTLY_JS.exists():
        st.plotly_chart(pio.from_json(figure) if isinstance(figure, str) else figure, width="stretch", key=key,
                        config=config)
        return
    _component(key=key, data={"figure": figure if isinstance(figure, str) else figure.to_json(), "config": config})


if __name__ == "__main__":
    raise SystemExit(0 if install_plotly_js() else f"could not write {PLOTLY_JS}")
