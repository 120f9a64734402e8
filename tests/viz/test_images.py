import numpy as np
import plotly.graph_objects as go
import pytest

from viz.images import image_grid, mosaic


def test_mosaic_places_each_image_with_gutters():
    imgs = np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4)  # 2 rows, 3 cols, 2x2 images
    m = mosaic(imgs, (2, 2))
    assert m.shape == (2 * 3 - 1, 3 * 3 - 1)
    np.testing.assert_array_equal(m[0:2, 3:5], imgs[0, 1].reshape(2, 2))
    np.testing.assert_array_equal(m[3:5, 6:8], imgs[1, 2].reshape(2, 2))
    assert np.isnan(m[2]).all() and np.isnan(m[:, 2]).all()


def test_mosaic_normalize_each_scales_every_image_to_unit_max():
    imgs = np.array([[[1.0, -4.0, 2.0, 0.0], [0.5, 0.25, 0.0, 0.0]]])
    m = mosaic(imgs, (2, 2), normalize="each")
    assert np.nanmin(m[:, :2]) == -1.0
    assert np.nanmax(m[:, 3:]) == 1.0
    with pytest.raises(ValueError):
        mosaic(imgs, (3, 3))
    with pytest.raises(ValueError):
        mosaic(imgs, (2, 2), normalize="nope")


def test_image_grid_is_one_heatmap_with_row_titles():
    rng = np.random.default_rng(0)
    imgs = rng.random((3, 10, 64))
    fig = image_grid(imgs, (8, 8), rows_titles=["original", "PCA", "AE"], title="Digits")
    assert isinstance(fig, go.Figure)
    assert len(fig.data) == 1 and fig.data[0].type == "heatmap"
    assert np.asarray(fig.data[0].z).shape == (3 * 9 - 1, 10 * 9 - 1)
    assert list(fig.layout.yaxis.ticktext) == ["original", "PCA", "AE"]
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.layout.title.text == "Digits"
    assert fig.layout.height >= 140


def test_image_grid_signed_is_symmetric_about_zero_and_one_row_accepted():
    imgs = np.array([[0.5, -2.0, 1.0, 0.0]])
    fig = image_grid(imgs, (2, 2), signed=True, col_titles=["w1"])
    assert fig.data[0].zmin == -2.0 and fig.data[0].zmax == 2.0
    assert list(fig.layout.xaxis.ticktext) == ["w1"]
    with pytest.raises(ValueError):
        image_grid(imgs, (2, 2), rows_titles=["a", "b"])
