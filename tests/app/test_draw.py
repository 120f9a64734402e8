"""AppTest of the `draw` page: the table of points edits the board's points, bad cells keep the last good points,
and the link carries the points."""

import numpy as np
import pytest

from analysis.draw import preset, to_link
from tests.app.apptest import metric, opened, press
from ui.lesson import read_lesson

PAGE = "pages/draw.py"


def points(at) -> np.ndarray:
    return np.asarray(at.session_state["draw:points"], dtype=float)


def edit(at, edits: dict):
    """Give the table these edits (as the browser's data editor would send them) and rerun."""
    at.session_state[at.data_editor[0].key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_first_load_shows_the_arc_and_pca_numbers(at):
    assert at.title[0].value == "Draw your data"
    assert np.allclose(points(at), preset("arc"))
    assert at.data_editor[0].value.shape == (80, 2)
    assert float(metric(at, "PCA's J*/N")) == pytest.approx(0.4024, abs=1e-4)
    assert at.query_params["points"] == to_link(preset("arc"))


def test_editing_the_table_moves_the_points(at):
    before = points(at)
    edit(at, {"edited_rows": {0: {"x": -2.5, "y": 2.5}}, "deleted_rows": [5], "added_rows": [{"x": 0.5, "y": -0.5}]})
    after = points(at)
    assert after.shape == (80, 2)  # one deleted, one added
    assert after[0].tolist() == [-2.5, 2.5] and after[-1].tolist() == [0.5, -0.5]
    assert np.array_equal(after[1:-1], np.delete(before, [0, 5], axis=0))
    assert at.data_editor[0].value.iloc[0].tolist() == [-2.5, 2.5]  # the table shows the new points afresh
    angle = float(metric(at, "Axis angle").removesuffix("°"))
    u = np.linalg.svd(after - after.mean(0))[2][0]
    assert angle == pytest.approx(np.degrees(np.arctan(u[1] / u[0])), abs=0.01)


@pytest.mark.parametrize("cell,said", [("abc", "is “abc”, not a number"), (None, "is empty"), ("", "is empty"),
                                       (7, "the board goes from -3 to 3")])
def test_a_bad_cell_shows_a_message_and_keeps_the_last_good_points(at, cell, said):
    edit(at, {"edited_rows": {0: {"x": 1.0}}})
    good = points(at)
    edit(at, {"edited_rows": {2: {"y": cell}, 3: {"x": 0.0}}})
    assert np.array_equal(points(at), good)
    message = at.warning[0].value
    assert message.startswith("Row 3, y ") and said in message and "last good values" in message
    assert at.data_editor[0].value.iloc[3, 0] == good[3, 0]  # the table shows the good points again


def test_a_link_with_200_points_restores_them():
    rng = np.random.default_rng(1)
    P = np.round(rng.uniform(-2.9, 2.9, (200, 2)), 2)
    at = opened(PAGE, query={"points": to_link(P), "activation": "identity", "width": "8"})
    assert np.allclose(points(at), P)
    assert metric(at, "Points N") == "200"
    assert at.selectbox(key="draw:activation").value == "identity" and at.slider(key="draw:width").value == 8
    assert not at.warning


@pytest.mark.parametrize("value,said", [("1,2;3", "point 2 is not two numbers"), ("a,b", "point 1 is not two"),
                                        (";".join(["0,0"] * 201), "at most 200")])
def test_a_malformed_points_link_falls_back_with_a_message(value, said):
    at = opened(PAGE, query={"points": value})
    assert np.allclose(points(at), preset("arc"))  # the default points
    warnings = [w.value for w in at.warning]
    assert any("points" in w and "was not used" in w and said in w.replace("\\", "") for w in warnings), warnings


def test_more_than_200_points_leave_the_link_and_say_so(at):
    edit(at, {"added_rows": [{"x": 0.01 * i, "y": 0.0} for i in range(130)]})
    assert len(points(at)) == 210
    assert "points" not in at.query_params
    assert any("up to 200 points" in c.value for c in at.caption)


def test_the_network_trains_on_the_points_and_follows_new_ones(at):
    press(at, "Step")
    run = at.session_state["runs"]["draw"]
    assert run.epoch == 100 and float(metric(at, "Autoencoder loss J/N")) < 1.0
    model = run.model
    edit(at, {"edited_rows": {0: {"x": 0.0, "y": 2.0}}})
    run = at.session_state["runs"]["draw"]
    assert run.model is model and run.epoch == 100  # the same network, not a fresh one
    assert np.array_equal(run.X, points(at))
    press(at, "Step")
    assert run.epoch == 200 and len(run.history) == 200


def test_the_arc_question_gets_its_verdict_after_a_tanh_run(at):
    q = next(q for q in read_lesson("draw").questions if q.id == "arc_tanh")
    at.radio(key="draw:q:arc_tanh").set_value(q.answer).run()
    press(at, key="check_draw_arc_tanh")
    at.selectbox(key="draw:activation").set_value("relu").run()
    assert any("about a tanh network" in i.value for i in at.info)
    at.selectbox(key="draw:activation").set_value("tanh").run()
    press(at, key="draw_step", times=2)
    assert not at.success and any("once the network has trained 300 epochs (it is at 200)" in i.value for i in at.info)
    press(at, key="draw_step")
    verdict = " ".join(s.value for s in at.success)
    assert verdict.startswith("Right. You saw it: after 300 epochs the loss is"), verdict
    assert "below PCA's J*/N (the dashed line) = 0.4024" in verdict
