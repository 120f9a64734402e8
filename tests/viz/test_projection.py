import numpy as np
import pytest

from viz.projection import projection_figure


def _pca_project(X, k):
    mu = X.mean(axis=0)
    _, _, vt = np.linalg.svd(X - mu, full_matrices=False)
    Q = vt[:k]
    return mu + (X - mu) @ Q.T @ Q, Q, mu


def test_2d_points_projections_segments_and_line():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2)) * [3, 0.5]
    X_hat, Q, mu = _pca_project(X, 1)
    fig = projection_figure(X, X_hat, components=Q, mean=mu, title="Projection")
    types = [t.type for t in fig.data]
    assert types == ["scatter"] * 4
    seg = fig.data[0]
    assert len(seg.x) == 3 * 50
    assert seg.x[0] == X[0, 0] and seg.x[1] == X_hat[0, 0] and np.isnan(seg.x[2])
    assert "subspace" in fig.data[1].name
    assert fig.layout.yaxis.scaleanchor == "x"


def test_3d_plane_and_subset():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(1000, 3)) * [3, 2, 0.2]
    X_hat, Q, mu = _pca_project(X, 2)
    fig = projection_figure(X, X_hat, components=Q, mean=mu, max_points=100)
    types = [t.type for t in fig.data]
    assert types == ["scatter3d", "mesh3d", "scatter3d", "scatter3d"]
    assert len(fig.data[2].x) == 100
    assert fig.layout.scene.aspectmode == "cube"


def test_bad_shapes():
    with pytest.raises(ValueError):
        projection_figure(np.zeros((5, 4)), np.zeros((5, 4)))
    with pytest.raises(ValueError):
        projection_figure(np.zeros((5, 2)), np.zeros((4, 2)))
