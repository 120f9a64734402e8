"""ui.click_map: the map's script is live_plot's plus a click report; a run starts from the chosen weights and is
kept until the choice changes (or Reset)."""

import numpy as np
from streamlit.testing.v1 import AppTest

from analysis.landscape import TiedLandscape, gaussian_data
from ui.click_map import JS


def test_the_map_draws_as_the_live_chart_does_and_reports_clicks():
    assert "function draw(" in JS and ".react(gd, fig.data" in JS  # live_plot's, renamed
    assert JS.count("export default function") == 1
    assert 'setTriggerValue' in JS and '"click"' in JS and "plotly_click" in JS


def script():
    import numpy as np
    import streamlit as st

    from analysis.landscape import gaussian_data, network_w, set_network_w
    from ui.click_map import run_from

    X = gaussian_data(2.0, 0.5, 30.0)
    start = st.session_state.get("start", (0.3, -0.4))
    params = dict(hidden_layer_sizes=(1,), tied_weights=True, activation="identity", optimizer="sgd",
                  learning_rate=0.01, batch_size=None, random_state=0)
    run_from("p", X, params, lambda m: set_network_w(m, start, X), start=start, data_key="d", epochs=10)
    run = st.session_state["runs"]["p"]
    st.session_state["seen"] = (id(run), run.epoch, run.status, tuple(np.round(network_w(run.model), 12)))


def test_run_from_starts_at_the_weights_and_keeps_the_run_until_the_start_changes():
    at = AppTest.from_function(script).run()
    first = at.session_state["seen"]
    assert first[1:] == (0, "paused", (0.3, -0.4))
    at.session_state["runs"]["p"].advance()  # trains its 10 epochs
    at.run()
    again = at.session_state["seen"]
    assert again[0] == first[0] and again[1] == 10 and again[3] != (0.3, -0.4)  # the same run, trained
    at.session_state["start"] = (1.0, 1.0)
    at.run()
    moved = at.session_state["seen"]
    assert moved[0] != first[0] and moved[1:] == (0, "paused", (1.0, 1.0))
    land = TiedLandscape.of(gaussian_data(2.0, 0.5, 30.0))
    assert np.isclose(at.session_state["runs"]["p"].loss, land.loss(1.0, 1.0))  # epoch 0 shows the start's loss
