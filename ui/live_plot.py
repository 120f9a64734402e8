"""A Plotly chart that a rerun updates in place: the live loss chart and the lessons' live views, redrawn on
every training tick, and every other chart of the lessons (``ui.charts``).

``st.plotly_chart`` gives a chart a new identity whenever its figure changes, so the browser removes the old
chart and builds a new one, hidden until drawn: while a run trained, the loss chart blinked, lost the learner's
zoom, and every tick cost the browser a whole new chart. This component keeps one chart per key and hands each
new figure to ``Plotly.react``, which changes only what changed.

It needs plotly.js in the page, served from the app's ``static/`` folder (``server.enableStaticServing``): the
lessons' own bundle, ``plotly-lessons.min.js`` (built by tools/plotly_bundle and committed: only the trace types
the lessons draw, a fifth of the browser's work of the full plotly.js, which ``st.plotly_chart`` would load on
every page), and for a figure with another trace type (a 3-D view) the full ``plotly.min.js`` that ships with the
pinned ``plotly`` package (``make`` and the Dockerfile put it there with ``python -m ui.live_plot``, and app.py at
start-up if it can). Without those files the chart falls back to ``st.plotly_chart``.
"""

import json
import shutil
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from ui.classroom import presenting
from viz.palette import BACKGROUND, TEXT, TEXT_SOFT
from viz.style import PRESENTER_SCALE, enlarge

ROOT = Path(__file__).resolve().parents[1]
PLOTLY_JS = ROOT / "static" / "plotly.min.js"  # served as app/static/plotly.min.js
LESSONS_PLOTLY_JS = ROOT / "static" / "plotly-lessons.min.js"  # committed; tools/plotly_bundle builds it
BUNDLED_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# What Streamlit's theme adds to the template of every st.plotly_chart chart in this app's light theme
# (.streamlit/config.toml), read from a drawn chart's layout.template.layout: the same fonts, grid and title
# style, so a live chart looks like the charts around it. The text colours are not Streamlit's
# grey (#808495, 3.7:1 on white): viz/palette.py's, 4.5:1 or more, as on every other chart.
_FONT = '"Source Sans", sans-serif'
_GREY, _GRID, _TICK, _LABEL = TEXT_SOFT, "#e6eaf1", 12.75, 14.875
STREAMLIT_LOOK = {
    "font": {"color": TEXT, "family": _FONT, "size": _TICK},
    "title": {"font": {"family": _FONT, "size": 17, "color": TEXT}, "pad": {"l": 4.25}, "xanchor": "left",
              "x": 0},
    "legend": {"title": {"font": {"size": _TICK, "color": TEXT}, "side": "top"}, "valign": "top",
               "bordercolor": "transparent", "borderwidth": 0, "font": {"size": _TICK, "color": TEXT}},
    "paper_bgcolor": BACKGROUND,
    "plot_bgcolor": BACKGROUND,
    "xaxis": {"gridcolor": _GRID, "zerolinecolor": _GRID, "showgrid": False, "zeroline": False,
              "tickcolor": _GRID, "tickfont": {"color": _GREY, "size": _TICK},
              "title": {"font": {"color": _GREY, "size": _LABEL}, "standoff": 21.25}, "automargin": True},
    "yaxis": {"gridcolor": _GRID, "zerolinecolor": _GRID, "ticklabelposition": "outside", "tickcolor": _GRID,
              "tickfont": {"color": _GREY, "size": _TICK},
              "title": {"font": {"color": _GREY, "size": _LABEL}, "standoff": 25.5}, "automargin": True},
    "margin": {"pad": 8.5, "r": 0, "l": 0},
    "hoverlabel": {"bgcolor": BACKGROUND, "bordercolor": _GREY,
                   "font": {"color": TEXT, "family": _FONT, "size": _TICK}},
    "coloraxis": {"colorbar": {"thickness": 16, "xpad": 25.5, "outlinecolor": "transparent",
                               "title": {"font": {"color": _GREY, "size": _LABEL}},
                               "tickfont": {"color": _GREY, "size": _TICK}}},
}

# plotly.js for the charts, fetched once per page (one promise per file on the window, shared by every component):
# the lessons' bundle, or the full one for a figure with a trace type the bundle lacks.
LOADER_JS = r"""
function loadScript(name, file) {
  const promises = window.aePlotlyLoading = window.aePlotlyLoading || {};
  if (!promises[file]) {
    promises[file] = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      // Relative to where Streamlit's own script came from, so a server.baseUrlPath works too.
      const own = document.querySelector('script[src*="/static/js/index"]');
      s.src = new URL("app/static/" + file, own ? new URL("../../", own.src) : window.location.origin).href;
      s.onload = () => resolve(window[name]);
      s.onerror = () => { delete promises[file]; reject(new Error(file + " did not load")); };
      document.head.appendChild(s);
    });
  }
  return promises[file];
}

function draws(P, types) {
  // The lessons' bundle lists its trace types; a full plotly.js draws every type.
  return !!P && (!P.traceTypes || types.every(t => P.traceTypes.includes(t)));
}

function loadPlotly(types = [], current = null) {
  // The plotly.js that drew the chart last, or one already in the page (the full one sets window.Plotly, as does
  // Streamlit's own chart code), if it draws every trace type; else the lessons' bundle, else the full one.
  if (draws(current, types)) return Promise.resolve(current);
  if (draws(window.Plotly, types)) return Promise.resolve(window.Plotly);
  return loadScript("PlotlyLessons", "plotly-lessons.min.js").catch(() => null)
    .then(P => draws(P, types) ? P : loadScript("Plotly", "plotly.min.js"));
}
"""

# Loaded once per page; every update then calls Plotly.react on the same div. The look is merged into the
# figure's template as Streamlit's theme does (the figure's own settings still win), titles in bold.
JS = (r"""
const LOOK = %s;
""" + LOADER_JS.replace("%", "%%") + r"""
function merge(target, source) {
  for (const [k, v] of Object.entries(source)) {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      if (!target[k] || typeof target[k] !== "object") target[k] = {};
      merge(target[k], v);
    } else {
      target[k] = v;
    }
  }
  return target;
}

function scale(layout, factor) {
  // Presenter mode: every font of the layout (the figure's own and the look's), the height and the figure's own
  // margins (labels set in them: the network's layers), larger.
  layout.height = Math.round((layout.height || 380) * factor);
  for (const side of ["t", "b", "l", "r"]) {
    if (layout.margin && typeof layout.margin[side] === "number") layout.margin[side] *= factor;
  }
  layout.font = layout.font || {};
  layout.font.size = (layout.font.size || 15) * factor;
  const walk = node => {
    for (const [k, v] of Object.entries(node)) {
      if (!v || typeof v !== "object") continue;
      if (/font$/.test(k) && typeof v.size === "number" && v !== layout.font) v.size *= factor;
      walk(v);
    }
  };
  walk(layout);
}

export default function ({ parentElement, data }) {
  let gd = parentElement.querySelector("div.live-plotly");
  // A redraw that sends the chart unchanged (a live view between its refreshes, a class's counts that did not
  // move) costs the browser nothing: no parse, no Plotly.react.
  const drawing = data.figure + "|" + (data.scale || 1) + "|" + JSON.stringify(data.config || {});
  if (gd && gd.__drawing === drawing) {
    if (data.label) gd.setAttribute("aria-label", data.label);
    return;
  }
  const fig = JSON.parse(data.figure);
  if (!gd) {
    gd = document.createElement("div");
    gd.className = "live-plotly";
    gd.style.width = "100%%";
    parentElement.appendChild(gd);
    // Follow the column's width (plotly's own "responsive" only follows the window, and throws for a chart the
    // page has removed). Skipped while hidden or detached, when there is nothing to size.
    let width = 0;
    const observer = new ResizeObserver(entries => {
      const w = entries[0].contentRect.width;
      if (!gd.isConnected) { observer.disconnect(); return; }
      if (w > 0 && w !== width && gd.__plotly && gd._fullLayout && gd.offsetParent !== null) {
        width = w;
        gd.__plotly.Plots.resize(gd).catch(() => {});
      }
    });
    observer.observe(gd);
  }
  gd.style.minHeight = (fig.layout.height || 0) + "px";  // no jump while plotly.js loads
  if (data.label) {  // the chart's message as text, for a screen reader
    gd.setAttribute("role", "figure");
    gd.setAttribute("aria-label", data.label);
  }
  const template = fig.layout.template = fig.layout.template || {};
  merge(template.layout = template.layout || {}, LOOK);
  const title = fig.layout.title;
  if (title && title.text) title.text = "<b>" + title.text + "</b>";
  if (data.scale && data.scale !== 1) scale(fig.layout, data.scale);
  // Two copies of plotly.js may be in the page: a chart stays with the one that drew it while that one can draw
  // the figure, and is cleared by it before another one takes over.
  const types = [...new Set(fig.data.map(t => t.type || "scatter"))];
  loadPlotly(types, gd.__plotly).then(P => {
    if (gd.__plotly && gd.__plotly !== P) gd.__plotly.purge(gd);
    gd.__plotly = P;
    return P.react(gd, fig.data, fig.layout, data.config);
  }).then(() => { gd.__drawing = drawing; });
}
""") % json.dumps(STREAMLIT_LOOK)

_component = st.components.v2.component("live_plotly_chart", js=JS, isolate_styles=False)
_preload = st.components.v2.component("plotly_preload", js=LOADER_JS + "export default function () { loadPlotly()"
                                      ".catch(() => {}); }")


def preload_plotly() -> None:
    """Fetch the lessons' plotly.js now, in the sidebar, so that the first chart a click brings draws at once (on a
    class's teacher page the first votes chart otherwise waited seconds for it on a busy laptop)."""
    if charts_in_place():
        with st.sidebar:
            _preload(key="plotly_preload")


def charts_in_place() -> bool:
    """Whether the component can draw: both plotly.js files are in ``static/``. Otherwise ``st.plotly_chart``."""
    return PLOTLY_JS.exists() and LESSONS_PLOTLY_JS.exists()


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


def live_plotly_chart(figure: go.Figure | str, *, key: str | None, config: dict | None = None, label: str = ""
                      ) -> None:
    """Draw ``figure`` (a figure or its JSON) under ``key``, updating the chart drawn there by the last run; in
    presenter mode the browser draws it larger (the figure is sent as it is). ``key=None``: a chart that is drawn
    anew when its figure changes, as ``st.plotly_chart`` does. ``label``: what the chart shows, in words and
    numbers, for a screen reader."""
    config = config or {}
    if not charts_in_place():
        fig = pio.from_json(figure) if isinstance(figure, str) else figure
        st.plotly_chart(enlarge(fig) if presenting() else fig, width="stretch", key=key, config=config)
        return
    _component(key=key, data={"figure": figure if isinstance(figure, str) else figure.to_json(), "config": config,
                              "scale": PRESENTER_SCALE if presenting() else 1, "label": label})


if __name__ == "__main__":
    raise SystemExit(0 if install_plotly_js() else f"could not write {PLOTLY_JS}")
