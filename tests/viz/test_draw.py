"""The drawing board's scene: points, PCA's axis and segments, the network's overlay, all JSON-ready (the
geometry from analysis.draw, as ui.points_board passes it)."""

import json

import numpy as np

from analysis.draw import BOUND, MAX_POINTS, axis_ends, pca_line, preset, segments
from viz.draw import BOARD_COLORS, board_scene, model_overlay


def scene_of(P, *, show_segments=True, **extra):
    line = pca_line(P)
    return board_scene(P, axis=None if line is None else axis_ends(line),
                       segments=segments(P, line) if line is not None and show_segments else None, bound=BOUND,
                       max_points=MAX_POINTS, **extra)


def test_the_scene_carries_points_axis_and_segments():
    P = preset("arc")
    line = pca_line(P)
    scene = scene_of(P, rev=3, ack="t:2")
    json.dumps(scene)  # the component's data must be plain JSON
    assert scene["rev"] == 3 and scene["ack"] == "t:2" and scene["bound"] == BOUND and scene["max"] == MAX_POINTS
    assert np.allclose(scene["points"], P, atol=1e-4)
    assert len(scene["segments"]) == len(P)
    seg = np.array(scene["segments"])
    assert np.allclose(seg[:, 2:], line.projections, atol=1e-4)
    ends = np.array(scene["axis"])
    assert ends.shape == (2, 2) and np.allclose(np.abs(ends).max(axis=1), BOUND, atol=1e-4)
    assert scene["colors"] == BOARD_COLORS


def test_no_line_and_no_segments_when_asked_or_too_few_points():
    P = preset("line")
    assert scene_of(P, rev=0, show_segments=False)["segments"] == []
    empty = scene_of(np.zeros((0, 2)), rev=1)
    assert empty["points"] == [] and empty["axis"] is None and empty["segments"] == []


def test_the_overlay_is_rounded_and_optional():
    curve = np.array([[0.123456789, 1.0], [100.0, -100.0]])
    overlay = model_overlay(curve, np.ones((2, 2)), bound=BOUND, run="7")
    json.dumps(overlay)
    assert overlay["curve"] == [[0.1235, 1.0], [2 * BOUND, -2 * BOUND]]  # far ends clipped off the board
    assert overlay["recon"] == [[1.0, 1.0], [1.0, 1.0]] and overlay["run"] == "7"
    assert model_overlay(None, bound=BOUND) == {"curve": None, "recon": None, "run": ""}
