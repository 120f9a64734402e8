"""Class colours a colour-blind learner can tell apart, a shape per class as a second cue, text that reads.

Distance: CIEDE2000 (ΔE00) between two class colours as a viewer with deuteranopia, protanopia or tritanopia
sees them (Machado et al. 2009, severity 1.0, on linear RGB). Threshold: 10. A ΔE00 of about 1 is the smallest
difference seen between two large patches side by side; scatter markers are small, scattered and mixed with
other colours, where "clearly a different colour" needs several times that; 10 is where that starts
(Okabe-Ito's closest pair under tritanopia, 10.9, is about as close as a palette designed for it gets). Plotly's
D3 palette, which the class scatters used, falls to 1.3 under protanopia: orange and green look the same.
"""

import numpy as np
import pytest

from tests.viz.colour_science import MACHADO, ciede2000, closest_pair, contrast
from viz.latent import codes_figure, latent_figure
from viz.palette import (
    BACKGROUND,
    OKABE_ITO,
    SYMBOLS,
    TEXT,
    TEXT_CODE,
    TEXT_REFERENCE,
    TEXT_SOFT,
    TOL_MUTED,
    class_colors,
    class_symbols,
)
from viz.regularization import SETTING_COLORS
from viz.style import COLORS

THRESHOLD = 10.0
D3 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
# The method colours drawn together on one chart: autoencoder, PCA, validation, reference line, code.
METHODS = [COLORS[k] for k in ("ae", "pca", "val", "reference", "code")]


def test_ciede2000_matches_sharma_wu_dalal_test_data():
    # Pairs 1, 7 and 17 of the 34 published with the formula (Color Res. Appl. 30, 2005, table 1).
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


def test_machado_matrices_keep_white_white():
    for matrix in MACHADO.values():  # each row sums to 1: greys stay grey, as the paper's model requires
        assert matrix.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5)


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia", "tritanopia", None])
@pytest.mark.parametrize("n", range(2, 11))
def test_the_class_colours_for_any_count_stay_apart(n, deficiency):
    distance, pair = closest_pair(class_colors(n), deficiency)
    assert distance > THRESHOLD, (n, deficiency, pair, round(distance, 2))


def test_the_palettes_closest_pairs_are_the_ones_measured():
    """The numbers the module docstring quotes, so that a change of palette shows in the diff."""
    assert closest_pair(OKABE_ITO, "deuteranopia")[0] == pytest.approx(11.6, abs=0.05)
    assert closest_pair(OKABE_ITO, "tritanopia")[0] == pytest.approx(10.9, abs=0.05)
    assert closest_pair(TOL_MUTED, "protanopia")[0] == pytest.approx(11.8, abs=0.05)
    assert closest_pair(TOL_MUTED, "deuteranopia")[0] == pytest.approx(14.3, abs=0.05)


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_plotlys_d3_palette_fails_the_same_check(deficiency):
    distance, pair = closest_pair(D3, deficiency)
    assert distance < THRESHOLD / 2, pair
    assert closest_pair(D3, "protanopia")[1] == ("#ff7f0e", "#2ca02c")  # orange and green
    assert closest_pair(D3, "protanopia")[0] == pytest.approx(1.25, abs=0.05)


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia", "tritanopia"])
def test_setting_and_method_colours_stay_apart(deficiency):
    assert closest_pair(SETTING_COLORS[:6], deficiency)[0] > THRESHOLD
    assert closest_pair(METHODS, deficiency)[0] > THRESHOLD


def test_chart_text_colours_read_at_4_5_to_1():
    for colour in (TEXT, TEXT_SOFT, TEXT_REFERENCE, TEXT_CODE):
        assert contrast(colour, BACKGROUND) >= 4.5, colour
    assert contrast("#808495", BACKGROUND) == pytest.approx(3.72, abs=0.01)  # Streamlit's chart grey did not
    assert contrast(COLORS["reference"], BACKGROUND) < 4.5  # hence TEXT_REFERENCE for words in that colour


def test_class_symbols_are_distinct_up_to_ten_and_pairs_stay_unique_beyond():
    assert len(set(SYMBOLS)) == len(SYMBOLS) == 10
    for n in range(1, 11):
        assert len(set(class_symbols(n))) == n
    many = list(zip(class_colors(60), class_symbols(60)))
    assert len(set(many)) == 60


def _digits(n_classes: int, per_class: int = 30, seed: int = 0):
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(n_classes), per_class)
    return rng.normal(size=(y.size, 2)) + 4 * y[:, None], y


@pytest.mark.parametrize("n_classes", [2, 3, 8, 10])
def test_a_class_scatter_gives_each_class_its_own_colour_and_symbol(n_classes):
    Z, y = _digits(n_classes)
    fig = latent_figure(Z, y, color_kind="class")
    marks = [(t.marker.color, t.marker.symbol) for t in fig.data]
    assert len(fig.data) == n_classes and all(t.showlegend is not False for t in fig.data)
    assert len({c for c, _ in marks}) == n_classes and len({s for _, s in marks}) == n_classes
    assert [c for c, _ in marks] == class_colors(n_classes)
    assert fig.layout.showlegend


def test_a_class_scatter_in_webgl_keeps_its_symbols():
    Z, y = _digits(10, per_class=250)  # 2,500 points: drawn with WebGL
    fig = latent_figure(Z, y, color_kind="class")
    assert {t.type for t in fig.data} == {"scattergl"}
    assert [t.marker.symbol for t in fig.data] == SYMBOLS


def test_side_by_side_codes_carry_the_symbols_in_points_and_legend():
    Z, y = _digits(10, per_class=20)
    fig = codes_figure([("A", Z, None), ("B", -Z, None)], y, color_kind="class")
    panels = [t for t in fig.data if t.xaxis in ("x", "x2") and len(t.x) > 1]
    for panel in panels:
        by_class = {label: {str(s) for s in np.asarray(panel.marker.symbol)[y == label]} for label in range(10)}
        assert [next(iter(s)) for s in by_class.values()] == SYMBOLS and all(len(s) == 1 for s in by_class.values())
    legend = [t for t in fig.data if t.showlegend is not False and t.name is not None]
    assert [(t.marker.color, t.marker.symbol) for t in legend] == list(zip(class_colors(10), SYMBOLS))


def test_words_inside_a_bar_read_on_every_palette_colour():
    from viz.palette import ink_on
    for fill in {*OKABE_ITO, *TOL_MUTED, *COLORS.values()}:
        assert contrast(ink_on(fill), fill) >= 4.5, fill
