"""AppTest of `/landscape`: a start typed in, a training step downhill, the saddle, the maps, the link."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from analysis.landscape import TiedLandscape, gaussian_data, network_w
from tests.app.apptest import decode_typed_arrays, metric, opened, plotly_figures, press, shown

PAGE = "pages/landscape.py"
LAND = TiedLandscape.of(gaussian_data(2.0, 0.5, 30.0))  # the page's default data
MINIMA = [p.w for p in LAND.critical_points() if p.name == "minimum"]


def run(at):
    return at.session_state["runs"]["landscape"]


def box(at, label):
    return next(n for n in at.number_input if n.label == label)


def the_map(at) -> go.Figure:
    """The clickable live map (``ui.click_map``) as a figure."""
    chart = next(c for c in at.get("bidi_component") if c.proto.component_name == "click_map")
    return go.Figure(decode_typed_arrays(json.loads(json.loads(chart.proto.json)["figure"])))


def to_minimum(w) -> float:
    return min(np.linalg.norm(np.asarray(w) - m) for m in MINIMA)


def test_a_start_typed_in_is_where_the_network_starts_and_a_step_goes_downhill(at):
    box(at, "Start w₁").set_value(1.2).run()
    box(at, "Start w₂").set_value(-0.9).run()
    assert not at.exception
    assert np.allclose(network_w(run(at).model), [1.2, -0.9])
    assert run(at).epoch == 0 and run(at).loss == pytest.approx(LAND.loss(1.2, -0.9))  # no L2: L is J/N
    assert metric(at, "The network's w") == "(+1.200, -0.900)"
    before = to_minimum([1.2, -0.9])
    press(at, key="landscape_step")
    w = network_w(run(at).model)
    assert run(at).epoch == 25 and to_minimum(w) < before - 0.05
    assert metric(at, "The network's w") == f"({w[0]:+.3f}, {w[1]:+.3f})"
    assert run(at).losses[-1] < LAND.loss(1.2, -0.9)
    # the map draws the run's path from the start to where the network is
    figure = the_map(at)
    assert figure.layout.title.text == "The loss L(w), darker is lower, and your run"
    path = next(t for t in figure.data if t.name == "the run's path")
    assert len(path.x) == 26 and (path.x[0], path.y[0]) == (1.2, -0.9)
    assert np.allclose([path.x[-1], path.y[-1]], w, atol=1e-9)


def test_the_map_names_its_critical_points_and_the_table_lists_them(at):
    figure = the_map(at)
    names = {t.name: (list(t.x), list(t.y)) for t in figure.data if t.name}
    assert {"maximum at 0", "minima ±u₁", "saddles ±u₂", "start", "the network now"} <= set(names)
    assert np.allclose(sorted(names["minima ±u₁"][0]), sorted(m[0] for m in MINIMA))
    table = at.table[0].value
    assert list(table["point"]) == ["maximum at 0", "minimum at +u₁", "minimum at −u₁", "saddle at +u₂",
                                    "saddle at −u₂"]
    assert list(table["L(w)"]) == ["2.500", "0.500", "0.500", "2.000", "2.000"]


def test_a_start_on_the_saddle_stays_and_the_page_says_why(at):
    press(at, "Start on the saddle")
    saddle = next(p.w for p in LAND.critical_points() if p.where == "+u₂")
    assert np.allclose(network_w(run(at).model), saddle)
    assert any("exactly on the saddle +u₂" in i.value and "‖∇L‖ = " in i.value for i in at.info)
    press(at, key="landscape_step")
    assert np.allclose(network_w(run(at).model), saddle, atol=1e-12)
    assert metric(at, "Nearest critical point") == "saddle +u₂"
    press(at, "Start next to it")
    assert run(at).epoch == 0 and not any("exactly on the saddle" in i.value for i in at.info)
    assert np.linalg.norm(network_w(run(at).model) - saddle) == pytest.approx(0.03)
    box(at, "Start w₁").set_value(0.0).run()
    box(at, "Start w₂").set_value(0.0).run()
    assert any("exactly on the maximum at 0: there ‖∇L‖ = 0.0e+00" in i.value for i in at.info)


def test_l2_switches_the_second_direction_off_and_shrinks_the_untied_valley(at):
    next(s for s in at.slider if s.label == "L2 penalty l2").set_value(1.5).run()
    assert not at.exception
    assert list(at.table[0].value["point"]) == ["saddle at 0", "minimum at +u₁", "minimum at −u₁"]
    assert next(b for b in at.button if b.label == "Start on the saddle").disabled
    assert run(at).params["l2"] == 1.5
    def untied_maps():
        return [f for f in plotly_figures(at) if (f.layout.title.text or "").startswith("Untied")]

    assert not untied_maps()  # sent once its expander is opened
    at.session_state["landscape_untied"] = True  # as a click on the expander: its state, then a rerun
    at.run()
    [untied] = untied_maps()
    assert "valley of minima, vw = 1" not in {t.name for t in untied.data}
    two = next(t for t in untied.data if t.name == "the two minima, w = v")
    assert np.allclose(two.x, [np.sqrt(1 - 1.5 / 2), -np.sqrt(1 - 1.5 / 2)])


def test_the_link_sets_the_lesson_and_a_bad_value_is_named_not_used():
    at = opened(PAGE, query={"var1": "1.5", "var2": "0.3", "angle": "90", "w1": "abc", "w2": "9"})
    assert at.query_params["var1"] == "1.5" and at.query_params["angle"] == "90"
    notes = " ".join(shown(w.value) for w in at.warning)
    assert "w1=abc" in notes and "was not used" in notes
    assert "w2=9" in notes and "using 1.5" in notes
    assert np.allclose(network_w(run(at).model), [-0.2, 1.5])  # w₁ keeps its default; w₂ clamped to the map
    lam, U = TiedLandscape.of(gaussian_data(1.5, 0.3, 90.0)).eigen
    assert lam == pytest.approx([1.5, 0.3]) and np.allclose(np.abs(U[:, 0]), [0, 1], atol=1e-12)
    assert the_map(at).data[0].type == "contour"  # the map is drawn


def test_the_prediction_next_to_the_saddle_gets_its_verdict_from_the_run(at):
    press(at, "Start next to it")
    at.radio(key="landscape:q:where").set_value(1).run()  # the right answer: a minimum on u₁
    press(at, key="check_landscape_where")
    assert not at.success and any("Now press **Train** and watch" in i.value for i in at.info)
    run(at).set_pace(None)  # the whole run at once, as the training threads would train it at the fast pace
    run(at).advance()
    at.run()
    verdict = " ".join(s.value for s in at.success)
    w = network_w(run(at).model)
    assert run(at).status == "finished" and to_minimum(w) < 1e-3
    assert f"after 600 epochs w = ({w[0]:+.3f}, {w[1]:+.3f})" in verdict and "from the minimum +u₁" in verdict
