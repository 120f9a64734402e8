import numpy as np
import pytest

from viz.manifold import code_vs_position_figure, curve_2d_figure, surface_3d_figure, unit_health_figure


@pytest.fixture
def arc():
    t = np.linspace(0, np.pi, 50)
    X = np.column_stack([np.cos(t), np.sin(t)])
    X_pca = np.column_stack([np.cos(t), np.full_like(t, np.sin(t).mean())])
    return t, X, X_pca, np.cos(t)


def test_curve_2d(arc):
    t, X, X_pca, Z = arc
    fig = curve_2d_figure(X, X_pca, Z[::-1], X[::2], title="T")
    assert [tr.name.split(" ")[0] for tr in fig.data] == ["data", "PCA", "autoencoder"]
    line = fig.data[1]
    # PCA's line is drawn in the order of its code, not the order of the rows
    assert np.all(np.diff(np.asarray(line.x)) <= 0) or np.all(np.diff(np.asarray(line.x)) >= 0)
    lo, hi = fig.layout.xaxis.range
    assert lo < -1 and hi > 1
    assert fig.layout.yaxis.scaleanchor == "x"
    assert len(curve_2d_figure(X, X_pca, Z).data) == 2
    with pytest.raises(ValueError):
        curve_2d_figure(np.zeros((5, 3)), X_pca, Z)


def test_surface_3d():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    fig = surface_3d_figure(X, X * [1, 1, 0], X * 0.9, np.arange(40.0), title="S")
    assert len(fig.data) == 3 and all(tr.type == "scatter3d" for tr in fig.data)
    assert fig.layout.scene.xaxis.range == fig.layout.scene3.xaxis.range
    assert fig.layout.scene.xaxis.range[0] < X[:, 0].min()
    assert len(surface_3d_figure(X, X, None, None).data) == 2


def test_code_vs_position_rescales(arc):
    t, _, _, Z = arc
    fig = code_vs_position_figure(t, {"PCA": Z, "AE": -5 * t})
    assert [tr.name for tr in fig.data] == ["PCA", "AE"]
    for tr in fig.data:
        assert min(tr.y) == pytest.approx(0) and max(tr.y) == pytest.approx(1)
    with pytest.raises(ValueError):
        code_vs_position_figure(t, {"bad": Z[:3]})


def test_unit_health():
    fig = unit_health_figure(["encoder 1", "code"], [10, 1], [4, 0], [2, 1])
    assert [tr.name for tr in fig.data] == ["active", "saturated", "dead"]
    assert list(fig.data[2].x) == [2, 1] and fig.layout.barmode == "stack"
    assert fig.layout.xaxis.range[1] == pytest.approx(16 * 1.02)
    with pytest.raises(ValueError):
        unit_health_figure(["a"], [1, 2], [0], [0])
