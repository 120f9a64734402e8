"""Profiles of tabular samples and their reconstructions, checked as figure data."""

import numpy as np
import pytest

from viz.reconstruction import profile_figure
from viz.style import COLORS, FONT_SIZE, enlarge


def test_one_panel_per_sample_with_original_and_each_reconstruction():
    X = np.arange(12.0).reshape(3, 4)
    fig = profile_figure(X, {"autoencoder": X + 0.5, "PCA": X - 0.5}, feature_names=list("abcd"), title="t")
    assert len(fig.data) == 9
    assert [t.name for t in fig.data[:3]] == ["original x", "autoencoder x̂", "PCA x̂"]
    assert sum(bool(t.showlegend) for t in fig.data) == 3  # each name once in the legend
    np.testing.assert_array_equal(fig.data[4].y, X[1] + 0.5)
    assert fig.data[1].line.color == COLORS["ae"] and fig.data[2].line.color == COLORS["pca"]
    assert list(fig.layout.xaxis.ticktext) == list("abcd")
    assert fig.layout.title.text == "t" and fig.layout.yaxis.title.text == "value"
    assert [a.text for a in fig.layout.annotations] == ["sample 1", "sample 2", "sample 3"]


def test_many_features_are_not_labelled_one_by_one():
    X = np.zeros((2, 64))
    fig = profile_figure(X, {"autoencoder": X})
    assert fig.layout.xaxis.ticktext is None


def test_shape_mismatch_is_refused():
    with pytest.raises(ValueError, match="expected"):
        profile_figure(np.zeros((2, 3)), {"PCA": np.zeros((2, 4))})


def test_enlarge_scales_height_and_text():
    fig = profile_figure(np.zeros((1, 3)), {}, height=300)
    enlarge(fig, 1.5)
    size = round(FONT_SIZE * 1.5)
    assert fig.layout.height == 450 and fig.layout.font.size == size
    assert fig.layout.xaxis.tickfont.size == size and fig.layout.yaxis.title.font.size == size
