"""The draw page's maths: presets, PCA's first axis against NumPy's SVD, table edits and the link's text form."""

import math

import numpy as np
import pytest

from analysis.draw import (
    BOUND,
    MAX_LINK_POINTS,
    MAX_POINTS,
    PRESETS,
    apply_edits,
    axis_angle,
    axis_ends,
    distance_to_line,
    from_link,
    on_board,
    pca_line,
    preset,
    segments,
    to_link,
)


def svd_axis(P):
    mean = P.mean(axis=0)
    _, s, Vt = np.linalg.svd(P - mean, full_matrices=False)
    return mean, Vt[0], s**2 / len(P)


@pytest.mark.parametrize("name", PRESETS)
def test_presets_are_seeded_and_on_the_board(name):
    P = preset(name)
    assert P.shape[1] == 2 and 40 <= len(P) <= MAX_POINTS
    assert np.abs(P).max() <= BOUND
    assert np.array_equal(P, preset(name)) and (name in ("line", "arc", "circle", "S", "cross")
                                                or not np.array_equal(P, preset(name, seed=1)))


def test_unknown_preset_names_the_choices():
    with pytest.raises(ValueError, match="choose one of line"):
        preset("spiral")


@pytest.mark.parametrize("name", PRESETS)
def test_pca_line_matches_numpys_svd(name):
    P = preset(name)
    line = pca_line(P)
    mean, u, lambdas = svd_axis(P)
    assert np.allclose(line.mean, mean)
    assert abs(line.direction @ u) == pytest.approx(1.0, abs=1e-9)
    assert line.angle == pytest.approx(math.degrees(math.atan(u[1] / u[0])), abs=1e-6)
    assert line.optimum == pytest.approx(lambdas[1], rel=1e-9)
    assert line.kept == pytest.approx(lambdas[0] / lambdas.sum(), rel=1e-9)
    seg = segments(P, line)
    assert ((seg[:, :2] - seg[:, 2:]) ** 2).sum() / len(P) == pytest.approx(line.optimum, rel=1e-9)  # J/N
    assert distance_to_line(seg[:, 2:], line).max() < 1e-9  # the projections lie on the line


def test_the_line_preset_has_the_exact_slope_and_nothing_discarded():
    line = pca_line(preset("line"))
    assert line.angle == pytest.approx(math.degrees(math.atan(0.4)), abs=1e-9)
    assert line.optimum == pytest.approx(0.0, abs=1e-12) and line.kept == pytest.approx(1.0)


def test_pca_needs_two_points():
    assert pca_line(np.zeros((1, 2))) is None and pca_line(np.zeros((0, 2))) is None
    assert pca_line([[0, 0], [1, 1]]).angle == pytest.approx(45.0)


@pytest.mark.parametrize("direction,angle", [((1, 0), 0), ((0, 1), 90), ((0, -1), 90), ((-1, -1), 45),
                                             ((1, -1), -45), ((-1, 1), -45)])
def test_a_line_has_one_angle_whichever_way_it_points(direction, angle):
    assert axis_angle(direction) == pytest.approx(angle)


def test_axis_ends_are_on_the_board_edge_and_on_the_line():
    for name in PRESETS:
        line = pca_line(preset(name))
        ends = axis_ends(line)
        assert np.allclose(np.abs(ends).max(axis=1), BOUND)
        assert distance_to_line(ends, line).max() < 1e-9


def test_on_board_clips_and_refuses_bad_points():
    assert on_board([[5, -7], [1, 2]]).tolist() == [[BOUND, -BOUND], [1, 2]]
    assert len(on_board(np.zeros((MAX_POINTS + 3, 2)))) == MAX_POINTS
    assert on_board([]).shape == (0, 2)
    for bad in ([[1, 2, 3]], [[np.nan, 1]], [["a", 1]]):
        with pytest.raises(ValueError):
            on_board(bad)


def test_table_edits_change_add_and_delete():
    P = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    Q = apply_edits(P, {"edited_rows": {"1": {"x": "-1.5", "y": 0.25}}, "added_rows": [{"x": 2, "y": "−2"}],
                        "deleted_rows": [0]})
    assert Q.tolist() == [[-1.5, 0.25], [2.0, 2.0], [2.0, -2.0]]
    assert P.tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]  # unchanged


@pytest.mark.parametrize("cells,message", [({"y": "abc"}, "Row 2, y is “abc”, not a number"),
                                           ({"x": None}, "Row 2, x is empty"), ({"x": "  "}, "Row 2, x is empty"),
                                           ({"x": float("nan")}, "Row 2, x is empty"),
                                           ({"y": "inf"}, "not a finite number"), ({"x": 3.5}, "from -3 to 3")])
def test_a_bad_cell_is_named(cells, message):
    with pytest.raises(ValueError, match=message):
        apply_edits(np.zeros((3, 2)), {"edited_rows": {1: cells}})


def test_an_added_row_needs_both_cells_and_the_board_has_a_limit():
    with pytest.raises(ValueError, match="Row 4, y is empty"):
        apply_edits(np.zeros((3, 2)), {"added_rows": [{"x": 1}]})
    with pytest.raises(ValueError, match=f"at most {MAX_POINTS}"):
        apply_edits(np.zeros((MAX_POINTS, 2)), {"added_rows": [{"x": 1, "y": 1}]})


def test_the_link_round_trips_rounded_points():
    P = np.random.default_rng(0).uniform(-BOUND, BOUND, (MAX_LINK_POINTS, 2))
    text = to_link(P)
    Q, note = from_link(text)
    assert note is None and np.abs(Q - P).max() <= 0.005 + 1e-12
    assert to_link(Q) == text
    assert to_link(np.zeros((MAX_LINK_POINTS + 1, 2))) is None
    assert to_link([[-0.001, 0.004]]) == "0.00,0.00"


@pytest.mark.parametrize("text,message", [("1,2;3", "point 2 is not two numbers"), ("1;2", "point 1"),
                                          ("x,1", "point 1"), ("1,nan", "point 1 is not finite"),
                                          (";".join(["1,1"] * (MAX_LINK_POINTS + 1)), "at most 200")])
def test_a_malformed_link_says_why(text, message):
    with pytest.raises(ValueError, match=message):
        from_link(text)


def test_a_link_off_the_board_is_clipped_with_a_note():
    Q, note = from_link("9,0;0,-1")
    assert Q.tolist() == [[BOUND, 0.0], [0.0, -1.0]] and "edge" in note
    assert from_link("")[0].shape == (0, 2)
