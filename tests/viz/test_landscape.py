"""The landscape maps: the surface, the named critical points, the run's path, the untied valley."""

import numpy as np

from analysis.landscape import TiedLandscape, gaussian_data, untied_grid, untied_minima, untied_valley
from viz.landscape import MARKS, critical_rows, data_figure, tied_map, untied_map, with_run

X = gaussian_data(2.0, 0.5, 30.0)


def traces(fig) -> dict:
    return {t.name: t for t in fig.data if t.name}


def test_the_tied_map_marks_every_critical_point_by_kind_and_draws_the_path():
    land = TiedLandscape.of(X)
    ticks, _, Z = land.grid(1.5, 31)
    path = np.array([[1.0, -1.0], [0.9, -0.5], [0.87, 0.4]])
    fig = tied_map(ticks, Z, land.critical_points(), path=path, now=path[-1], title="t", uirevision="u")
    named = traces(fig)
    assert fig.data[0].type == "contour" and np.asarray(fig.data[0].z).shape == (31, 31)
    assert np.isclose(fig.data[0].zmax, 2 * 2.5)  # twice the height of the maximum
    assert named["maximum at 0"].marker.symbol == MARKS["maximum"][0]
    assert len(named["minima ±u₁"].x) == 2 and named["minima ±u₁"].marker.symbol == "star"
    assert len(named["saddles ±u₂"].x) == 2 and named["saddles ±u₂"].marker.symbol == "x"
    assert list(named["the run's path"].x) == [1.0, 0.9, 0.87] and tuple(named["start"].x) == (1.0,)
    assert tuple(named["the network now"].y) == (0.4,)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.uirevision == "u"
    assert fig.layout.xaxis.range == (-1.5, 1.5)


def test_with_a_direction_switched_off_the_origin_is_marked_a_saddle():
    land = TiedLandscape.of(X, 1.5)
    ticks, _, Z = land.grid(1.5, 11)
    named = traces(tied_map(ticks, Z, land.critical_points()))
    assert "saddle at 0" in named and "minima ±u₁" in named and "maximum at 0" not in named
    rows = critical_rows(land.critical_points())
    assert [r["point"] for r in rows] == ["saddle at 0", "minimum at +u₁", "minimum at −u₁"]
    assert rows[1]["‖w‖²"] == f"{1 - 1.5 / 4:.3f}"


def test_the_untied_map_shows_the_valley_or_the_two_minima():
    ticks, Z = untied_grid(2.0, 0.0, 2.0, 21)
    named = traces(untied_map(ticks, Z, saddle_loss=2.0, valley=untied_valley(2.0), minima=untied_minima(2.0, 0.0)))
    w, v = np.asarray(named["valley of minima, vw = 1"].x, float), np.asarray(named["valley of minima, vw = 1"].y)
    finite = np.isfinite(w)
    assert np.allclose(w[finite] * v[finite], 1) and "saddle at 0" in named
    ticks, Z = untied_grid(2.0, 0.5, 2.0, 21)
    named = traces(untied_map(ticks, Z, saddle_loss=2.0, minima=untied_minima(2.0, 0.5)))
    assert "valley of minima, vw = 1" not in named
    assert np.allclose(named["the two minima, w = v"].x, named["the two minima, w = v"].y)
    ticks, Z = untied_grid(2.0, 3.0, 2.0, 21)
    assert "the only minimum, 0" in traces(untied_map(ticks, Z, saddle_loss=2.0, minima=untied_minima(2.0, 3.0)))


def test_the_data_figure_draws_the_axes_two_standard_deviations_long():
    lam, U = TiedLandscape.of(X).eigen
    named = traces(data_figure(X, (lam, U)))
    u1 = named["u₁, λ₁ = 2.00"]
    assert np.isclose(np.hypot(u1.x[1], u1.y[1]), 2 * np.sqrt(2.0))
    assert len(named[f"data x (120 of {len(X)})"].x) == 120  # a fixed subset: each point is an SVG element
    assert len(traces(data_figure(X[:50], (lam, U)))["data x"].x) == 50


def test_a_redraw_adds_the_run_to_the_surface_built_once():
    import plotly.io as pio

    land = TiedLandscape.of(X)
    ticks, _, Z = land.grid(1.5, 21)
    path = np.array([[1.0, -1.0], [0.95, -0.6]])
    base = tied_map(ticks, Z, land.critical_points(), title="t").to_plotly_json()
    whole = tied_map(ticks, Z, land.critical_points(), title="t", path=path, now=path[-1])
    redraw = pio.from_json(with_run(base, path, path[-1]))
    assert [t.name for t in redraw.data] == [t.name for t in whole.data]
    assert np.allclose(redraw.data[-3].x, whole.data[-3].x) and redraw.layout.title.text == "t"
