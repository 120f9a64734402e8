import numpy as np
import pytest

from viz.pca import error_curve_figure, scree_figure


def test_scree_highlights_kept_and_cumulative_reaches_100():
    lam = np.array([5.0, 3.0, 1.0, 0.5, 0.5])
    fig = scree_figure(lam, 2, title="Scree")
    assert list(fig.layout.yaxis2.tickvals) == [0, 25, 50, 75, 100]
    kept, discarded, cum = fig.data
    assert list(kept.x) == [1, 2] and list(kept.y) == [5.0, 3.0]
    assert list(discarded.x) == [3, 4, 5]
    assert cum.yaxis == "y2"
    np.testing.assert_allclose(cum.y, [50, 80, 90, 95, 100])
    assert fig.layout.yaxis2.range == (0, 105)


def test_scree_max_bars_and_bad_k():
    lam = np.linspace(10, 1, 64)
    fig = scree_figure(lam, 3, max_bars=20)
    assert len(fig.data[0].x) + len(fig.data[1].x) == 20
    with pytest.raises(ValueError):
        scree_figure(lam, 65)


def test_error_curve_marks_k():
    J = np.array([10.0, 5.0, 2.0, 1.0, 0.0])
    fig = error_curve_figure(J, 2)
    assert list(fig.data[0].y) == list(J)
    assert list(fig.data[1].x) == [2] and list(fig.data[1].y) == [2.0]
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] >= 10
    assert "k" in fig.layout.xaxis.title.text
    with pytest.raises(ValueError):
        error_curve_figure(J, 5)
