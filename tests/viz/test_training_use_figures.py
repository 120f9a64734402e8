"""Figures of the training and use_the_code lessons, checked as data."""

import numpy as np
import plotly.graph_objects as go
import pytest

from analysis.downstream import CodeQuality
from viz.classifiers import classifier_figure, quality_caption
from viz.correlation import correlation_figure
from viz.dimensions import dimensions_figure
from viz.gradcheck import FLOOR, gradcheck_figure
from viz.regularization import regularization_figure


def test_gradcheck_bars_log_axis_and_threshold():
    fig = gradcheck_figure(["layer 1: 64→2", "layer 2: 2→64"], [3e-9, 1e-10], [0.0, 2e-2], threshold=1e-6)
    bars = [t for t in fig.data if isinstance(t, go.Bar)]
    assert [b.name for b in bars] == ["weights W", "biases b"]
    assert list(bars[0].y) == [3e-9, 1e-10]
    assert bars[1].y[0] == FLOOR  # an exact zero is lifted onto the log axis
    assert bars[1].y[1] == 2e-2
    line = fig.layout.shapes[0]
    assert (line.y0, line.y1, line.xref) == (1e-6, 1e-6, "x domain")
    assert any("pass threshold" in a.text for a in fig.layout.annotations)
    assert fig.layout.yaxis.type == "log"
    assert tuple(fig.layout.yaxis.range) == (-16, 0)
    assert "relative error" in fig.layout.title.text
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_gradcheck_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        gradcheck_figure(["a", "b"], [1e-9], [1e-9, 1e-9])


def test_dimensions_curves_and_elbow():
    ks = [1, 2, 3, 4, 5]
    fig = dimensions_figure(ks, {"PCA": [5.0, 1.0, 0.1, 0.09, 0.08],
                                 "nonlinear autoencoder": [4.0, 0.5, np.nan, 0.05, 0.04]}, elbow=3)
    assert len(fig.data) == 2
    assert [t.name for t in fig.data] == ["PCA", "nonlinear autoencoder"]
    assert list(fig.data[0].x) == ks
    assert fig.layout.yaxis.range == (0, 5.25)
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].x0 == 3
    assert any("k = 3" in a.text for a in fig.layout.annotations)
    assert fig.layout.xaxis.title.text == "code size k"


def test_dimensions_log_axis_and_bad_length():
    fig = dimensions_figure([1, 2], {"PCA": [1.0, 0.1]}, log_y=True)
    assert fig.layout.yaxis.type == "log"
    with pytest.raises(ValueError):
        dimensions_figure([1, 2, 3], {"PCA": [1.0, 0.1]})


def test_classifier_two_panels_in_percent_and_ms():
    fig = classifier_figure(["raw (64)", "PCA (k=10)", "AE (k=10)"], [0.96, 0.93, 0.91], [0.2, 0.05, 0.04])
    assert len(fig.data) == 2
    acc, time = fig.data
    assert np.allclose(acc.y, [96, 93, 91])
    assert np.allclose(time.y, [200, 50, 40])
    assert acc.marker.color[0] != acc.marker.color[1]
    assert fig.layout.yaxis.range == (0, 105)
    assert [a.text for a in fig.layout.annotations][:2] == ["test accuracy (%)", "classifier fit time (ms)"]


def test_correlation_panels_share_scale():
    raw = np.corrcoef(np.random.default_rng(0).standard_normal((50, 6)), rowvar=False)
    raw[0, :] = raw[:, 0] = np.nan  # a constant feature
    fig = correlation_figure([raw, np.eye(3)], ["raw pixels", "PCA codes"])
    assert len(fig.data) == 2
    for hm in fig.data:
        assert isinstance(hm, go.Heatmap)
        assert (hm.zmin, hm.zmax) == (-1, 1)
    assert np.asarray(fig.data[1].z).shape == (3, 3)
    assert tuple(fig.layout.yaxis2.range) == (3.5, 0.5)  # feature 1 at the top
    assert tuple(fig.layout.xaxis.range) == (0.5, 6.5)
    assert fig.data[1].showscale and not fig.data[0].showscale
    with pytest.raises(ValueError):
        correlation_figure([np.ones((2, 3))], ["bad"])


def test_regularization_train_dotted_val_solid_and_norms():
    train = {"none": [1.0, 0.5, 0.1], "L2": [1.0, 0.6, 0.3]}
    val = {"none": [1.1, 0.9, 1.2], "L2": [1.1, 0.8, 0.7]}
    fig = regularization_figure(train, val, {"none": 40.0, "L2": 12.0})
    lines = [t for t in fig.data if isinstance(t, go.Scatter)]
    assert len(lines) == 4
    assert {t.line.dash for t in lines if t.showlegend} == {"solid"}
    assert {t.line.dash for t in lines if not t.showlegend} == {"dot"}
    bar = next(t for t in fig.data if isinstance(t, go.Bar))
    assert list(bar.y) == [40.0, 12.0]
    assert fig.layout.yaxis.range == (0, 1.05 * 1.2)
    with pytest.raises(ValueError):
        regularization_figure(train, {"none": [1.0]}, {"none": 1.0})


def test_quality_caption_gives_each_methods_ends_and_the_disagreements():
    rows = [CodeQuality("PCA", 2, 40.0, 0.6), CodeQuality("PCA", 8, 20.0, 0.9), CodeQuality("AE", 2, 35.0, 0.55),
            CodeQuality("AE", 8, 18.0, 0.92)]
    text = quality_caption(rows, [2])
    assert text.startswith("PCA: k = 2: J/N 40.00, accuracy 60.0 %, k = 8: J/N 20.00, accuracy 90.0 %; "
                           "AE: k = 2: J/N 35.00, accuracy 55.0 %, k = 8: J/N 18.00, accuracy 92.0 %.")
    assert text.endswith("One method reconstructs better but classifies worse at k = 2.")
    assert quality_caption(rows).endswith("Here the better reconstruction is also the better input at every k.")
