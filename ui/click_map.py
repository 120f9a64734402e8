"""A live map the learner can click (its figure updated in place, as `ui.live_plot` does, and each click reported
back), a run that starts from weights the learner chose, and a number kept in the page's link. The landscape
lesson uses them: click a start, watch the run walk from it.

The map reuses `ui.live_plot`'s drawing code (``Plotly.react`` on one div per key, Streamlit's look, presenter
scale) and adds one thing: plotly's click on the map is sent to Python as the trigger ``click`` = {x, y}.
"""

import re
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from ui import link
from ui.classroom import presenting
from ui.live_plot import JS as LIVE_PLOT_JS
from ui.live_plot import charts_in_place
from ui.live_run import TrainingRun, new_run, start_from
from ui.state import default, init_state
from viz.style import PRESENTER_SCALE

_EXPORT = re.compile(r"export default function\s*\(")
if len(_EXPORT.findall(LIVE_PLOT_JS)) != 1:  # ui.live_plot's script changed shape: say so, not a silently dead map
    raise ImportError("ui.click_map needs ui.live_plot.JS to export exactly one default drawing function")
JS = _EXPORT.sub("function draw(", LIVE_PLOT_JS) + r"""
export default function (args) {
  draw(args);
  const gd = args.parentElement.querySelector("div.live-plotly");
  gd.__sendClick = args.setTriggerValue;  // the latest render's, so a click always reaches the current script
  if (gd.__listening) return;
  gd.__listening = true;
  const listen = () => {
    if (!gd.on) { setTimeout(listen, 50); return; }  // plotly.js has not drawn the div yet
    gd.on("plotly_click", ev => {
      const p = ev && ev.points && ev.points[0];
      if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) gd.__sendClick("click", { x: p.x, y: p.y });
    });
  };
  listen();
}
"""
_component = st.components.v2.component("click_map", js=JS, isolate_styles=False)


def clickable_map(figure: go.Figure | str, *, key: str, on_click: Callable[[float, float], None],
                  config: dict | None = None) -> None:
    """Draw ``figure`` (or its JSON) under ``key``, updated in place on every rerun; a click on it calls
    ``on_click(x, y)`` (in a callback, before the rerun), then the whole page reruns, so every widget shows it."""
    ss = st.session_state
    if ss.pop(f"{key}_clicked", False):
        st.rerun()  # the click came from inside a fragment: the rest of the page must follow

    def clicked() -> None:
        value = ss.get(key)
        point = value.get("click") if hasattr(value, "get") else getattr(value, "click", None)
        if point and np.isfinite([point.get("x", np.nan), point.get("y", np.nan)]).all():
            on_click(float(point["x"]), float(point["y"]))
            ss[f"{key}_clicked"] = True

    if not charts_in_place():  # no local plotly.js to update in place: a plain chart, chosen with the inputs
        st.plotly_chart(pio.from_json(figure) if isinstance(figure, str) else figure, width="stretch", key=key,
                        config=config or {})
        return
    data = {"figure": figure if isinstance(figure, str) else figure.to_json(), "config": config or {},
            "scale": PRESENTER_SCALE if presenting() else 1}
    _component(key=key, data=data, on_click_change=clicked)


def run_from(page: str, X: np.ndarray, params: dict, load: Callable, *, start: tuple, data_key: str, epochs: int,
             setup: tuple = ()) -> None:
    """Make ``st.session_state["runs"][page]`` a run of ``Autoencoder(**params)`` whose weights ``load(model)`` writes
    (returning the loss there; see `ui.live_run.start_from`), paused at epoch 0. It is kept while ``start`` (what
    the learner chose), the data and ``setup`` (whatever else should start it again) stay the same; a new choice,
    or the trainer's Reset, starts again from the chosen weights."""
    init_state()
    ss, runs = st.session_state, st.session_state["runs"]
    run: TrainingRun | None = runs.get(page)
    wanted = (data_key, tuple(float(v) for v in start), setup)
    mine = ss.get(f"{page}_from")
    if run is not None and mine is not None and mine[0] is run and mine[1] == wanted:
        return
    if run is not None and run.status == "training":
        with run.lock:
            run.status = "paused"  # its training thread lets it go after the current slice
    fresh = start_from(new_run(page, X, params, data_key=data_key, epochs=epochs), load)
    runs[page] = fresh
    ss[f"{page}_from"] = (fresh, wanted)


def linked_number(page: str, name: str, label: str, low: float, high: float, step: float, start: float, *,
                  box: bool = False, container=None, help: str | None = None) -> float:
    """A slider (or with ``box`` a number input, for typing exact values) keyed ``"<page>:<name>"`` and kept in the
    page's link as ``?<name>=``; a link's value outside [low, high] is clamped, with a note."""
    where = container if container is not None else st
    key = f"{page}:{name}"
    link.read(key, lambda text: link.number(text, low, high))
    default(key, float(start))
    st.session_state[key] = float(min(max(float(st.session_state[key]), low), high))
    if box:
        value = where.number_input(label, float(low), float(high), step=float(step), format="%.3f", key=key, help=help)
    else:
        value = where.slider(label, float(low), float(high), step=float(step), key=key, help=help)
    link.notes(key, where)
    link.write(key, f"{value:.6g}")
    return float(value)

