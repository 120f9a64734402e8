import numpy as np
import pytest

from viz.latent import latent_figure, padded_range


def _code(n=200, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), rng.integers(0, 10, size=n)


def test_one_trace_per_class_with_legend():
    Z, y = _code()
    fig = latent_figure(Z, y, title="PCA code")
    assert len(fig.data) == len(np.unique(y))
    assert sorted(t.name for t in fig.data) == sorted(str(v) for v in np.unique(y))
    assert sum(len(t.x) for t in fig.data) == len(Z)
    assert fig.layout.showlegend is True
    assert fig.layout.xaxis.title.text == "z₁" and fig.layout.yaxis.title.text == "z₂"
    lo, hi = fig.layout.xaxis.range
    assert lo < Z[:, 0].min() and hi > Z[:, 0].max()


def test_position_colour_uses_a_colour_bar_and_subset_is_stable():
    Z, _ = _code(n=5000)
    t = np.linspace(0, 1, len(Z))
    fig = latent_figure(Z, t, color_kind="position", max_points=300)
    assert len(fig.data) == 1 and fig.data[0].type == "scatter"
    assert len(fig.data[0].x) == 300
    again = latent_figure(Z, t, color_kind="position", max_points=300)
    np.testing.assert_array_equal(fig.data[0].x, again.data[0].x)
    big = latent_figure(Z, None)
    assert big.data[0].type == "scattergl"


def test_one_dimensional_code_and_fixed_ranges():
    Z = np.linspace(-1, 1, 50)[:, None]
    fig = latent_figure(Z, None, ranges=([-2, 2], [-1, 1]), uirevision="ae")
    assert list(fig.layout.xaxis.range) == [-2, 2]
    assert np.all(np.asarray(fig.data[0].y) == 0)
    assert fig.layout.uirevision == "ae"
    with pytest.raises(ValueError):
        latent_figure(np.zeros((3, 2)), [1, 2])


def test_padded_range_handles_constant_and_empty():
    assert padded_range(np.array([2.0, 2.0]))[0] < 2.0
    assert padded_range(np.array([np.nan])) == [-1.0, 1.0]


def test_nice_symmetric_range_rounds_up_to_round_numbers():
    from viz.latent import nice_symmetric_range

    assert nice_symmetric_range(np.array([0.5, -1.7])) == [-2.0, 2.0]
    assert nice_symmetric_range(np.array([3.0])) == [-4.0, 4.0]
    assert nice_symmetric_range(np.array([50.0])) == [-60.0, 60.0]
    assert nice_symmetric_range(np.array([9.5])) == [-15.0, 15.0]
    assert nice_symmetric_range(np.array([0.0])) == [-1.0, 1.0]


def test_codes_figure_panels_share_points_and_legend():
    from viz.latent import codes_figure

    Z, y = _code(n=900)
    labels = np.array([f"c{v}" for v in y])
    fig = codes_figure([("A", Z, None), ("B", 2 * Z, ([-9, 9], [-9, 9])), ("C", Z[:, :1], None)], labels,
                       max_points=300)
    points = [t for t in fig.data if t.showlegend is False]
    legend = [t for t in fig.data if t.showlegend is not False]
    assert len(points) == 3 and all(len(t.x) == 300 for t in points)
    np.testing.assert_allclose(np.asarray(points[1].x), 2 * np.asarray(points[0].x))
    assert sorted(t.name for t in legend) == sorted(set(labels))
    assert [a.text for a in fig.layout.annotations] == ["A", "B", "C"]
    assert list(fig.layout.xaxis2.range) == [-9, 9]
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]
    assert np.all(np.asarray(points[2].y) == 0)
    # Each point's colour index is its class: the same point has the same colour in every panel.
    np.testing.assert_array_equal(points[0].marker.color, points[1].marker.color)
    with pytest.raises(ValueError):
        codes_figure([("A", Z, None), ("B", Z[:10], None)])


def test_codes_figure_draws_many_points_with_webgl_and_few_as_svg():
    from viz.latent import CODES_GL_THRESHOLD, codes_figure

    rng = np.random.default_rng(0)
    for n, kind in ((CODES_GL_THRESHOLD + 1, "scattergl"), (CODES_GL_THRESHOLD, "scatter")):
        Z = rng.normal(size=(n, 2))
        fig = codes_figure([("a", Z, None), ("b", 2 * Z, None)], rng.integers(0, 3, n))
        panels = [t for t in fig.data if t.x is not None and len(t.x) == n]
        assert len(panels) == 2 and {t.type for t in panels} == {kind}
