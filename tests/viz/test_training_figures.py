import numpy as np

from viz.training import loss_curves_figure, loss_figure, loss_range, thin


def history(losses, val=None):
    return [{"epoch": i + 1, "loss": float(l), "val_loss": None if val is None else float(val[i]), "seconds": 0.0}
            for i, l in enumerate(losses)]


def test_loss_figure_fixed_x_axis_reference_line_and_uirevision():
    fig = loss_figure(history([5.0, 3.0, 2.5]), epochs=500, reference=2.0, uirevision="run-1")
    assert list(fig.layout.xaxis.range) == [0, 500]
    assert fig.layout.uirevision == "run-1"
    ref = [t for t in fig.data if t.line.dash == "dash"]
    assert len(ref) == 1 and list(ref[0].y) == [2.0, 2.0] and "PCA optimum" in ref[0].name
    low, high = fig.layout.yaxis.range
    assert low <= 2.0 and high >= 5.0
    # Before the first epoch the training curve is empty; the legend still labels the dashed line.
    assert loss_figure([], epochs=500, reference=2.0).layout.showlegend is True


def test_validation_curve_only_when_present():
    assert len(loss_figure(history([3, 2, 1]), epochs=10).data) == 1
    assert len(loss_figure(history([3, 2, 1], val=[4, 3, 3]), epochs=10).data) == 2


def test_thinning_keeps_last_point_and_bounds_size():
    x = np.arange(10_000.0)
    tx, ty = thin(x, x * 2, max_points=600)
    assert len(tx) <= 601 and tx[-1] == 9_999 and ty[-1] == 19_998


def test_loss_range_includes_reference_below_curve():
    low, high = loss_range(np.array([10.0, 8.0, 7.0]), 5.0)
    assert low < 5.0 < 10.0 <= high


def test_log_range_is_in_decades():
    low, high = loss_range(np.array([100.0, 1.0]), None, log_y=True)
    assert low < 0.0 and high > 2.0


def test_several_curves_on_one_chart():
    fig = loss_curves_figure({"sgd": [3, 2, 1], "adam": [3, 1, 0.5]}, reference=0.4, reference_label="PCA")
    assert [t.name for t in fig.data][:2] == ["sgd", "adam"]
    assert "PCA" in fig.data[2].name


def test_a_divergence_is_marked_at_the_top_of_the_frame_and_does_not_move_it():
    history = [{"epoch": e, "loss": 10.0 / e, "val_loss": None} for e in range(1, 4)]
    plain = loss_figure(history, epochs=10, reference=2.0)
    fig = loss_figure(history, epochs=10, reference=2.0, blowup=(4, 527841.0))
    assert list(fig.layout.yaxis.range) == list(plain.layout.yaxis.range)
    [marker] = [t for t in fig.data if t.name == "diverged"]
    assert marker.x == (4,) and marker.y[0] == fig.layout.yaxis.range[1]
    assert "5.28e+05" in marker.text[0] and "epoch 4" in marker.text[0]
    first = loss_figure([], epochs=10, reference=47.8, blowup=(1, float("inf")))
    assert "infinity" in [t for t in first.data if t.name == "diverged"][0].text[0]


def test_an_empty_chart_has_a_frame_from_zero():
    assert loss_figure([], epochs=10).layout.yaxis.range[0] == 0.0
    framed = loss_figure([], epochs=10, reference=47.8).layout.yaxis.range
    assert framed[0] == 0.0 and framed[1] > 47.8
