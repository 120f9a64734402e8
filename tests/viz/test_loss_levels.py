"""The loss chart's labelled reference levels (the saddles a run passes) and the L2 singular-value view."""

import numpy as np

from viz.l2_axes import singular_values_figure
from viz.training import loss_figure


def history(losses):
    return [{"epoch": i, "loss": v, "val_loss": None} for i, v in enumerate(losses)]


def test_levels_are_dashed_lines_labelled_at_their_right_end_and_framed():
    levels = [(7.85, "saddle j = 0: 7.85"), (3.85, "saddle j = 1: 3.85")]
    fig = loss_figure(history([7.85]), epochs=150, reference=1.85, levels=levels)
    names = [t.name for t in fig.data]
    assert names[:2] == ["training loss", "PCA optimum = 1.85"]  # the existing lines keep their place
    lines = next(t for t in fig.data if t.name == "levels")
    assert lines.showlegend is False and lines.line.dash == "dash"
    assert list(lines.x) == [0, 150, None, 0, 150, None]
    assert list(lines.y) == [7.85, 7.85, None, 3.85, 3.85, None]
    labels = next(t for t in fig.data if t.name == "level labels")
    assert labels.mode == "text" and labels.showlegend is False
    assert list(labels.x) == [150, 150] and list(labels.y) == [7.85, 3.85]
    assert list(labels.text) == ["saddle j = 0: 7.85", "saddle j = 1: 3.85"]
    low, high = fig.layout.yaxis.range
    assert low < 1.85 and high > 7.85


def test_levels_frame_the_chart_before_the_first_epoch_and_labels_are_plain_text():
    fig = loss_figure([], epochs=100, levels=[(40.0, "<b>saddle</b>")])
    assert fig.layout.yaxis.range[1] > 40.0
    assert next(t for t in fig.data if t.name == "level labels").text == ("&lt;b&gt;saddle&lt;/b&gt;",)
    assert [t.name for t in loss_figure([], epochs=100).data] == ["training loss"]  # no levels, no trace


def test_singular_values_against_their_targets():
    targets = np.sqrt(1 - 0.3 / np.array([4.0, 2.0, 1.0]))
    fig = singular_values_figure([1.2, 0.5, 0.1], targets)
    target, values = fig.data
    np.testing.assert_allclose(target.y, targets)
    assert list(values.y) == [1.2, 0.5, 0.1] and list(values.x) == ["1", "2", "3"]
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] >= 1.2 * 1.05 - 1e-12
    assert singular_values_figure([], targets).layout.yaxis.range[1] == 1.1  # before the first epoch
