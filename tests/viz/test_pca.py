import numpy as np
import pytest

from viz.pca import code_caption, error_curve_caption, error_curve_figure, kept_caption, scree_caption, scree_figure


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


# --- text alternatives: each chart's message in numbers -----------------------------------------------------------
def test_scree_caption_names_eigenvalues_the_kept_share_and_the_optimum():
    lam = np.array([5.0, 3.0, 1.0, 0.5, 0.5])
    text = scree_caption(lam, 2)
    assert text.startswith("λ₁ = 5, λ₂ = 3, λ₃ = 1, …, λ₅ = 0.5.")
    assert "The 2 kept directions hold 80.0 % of the variance" in text
    assert "the 3 discarded eigenvalues sum to J*/N = 2." in text
    assert "The 1 kept direction holds 50.0 %" in scree_caption(lam, 1)


def test_error_and_kept_captions_follow_the_curves():
    lam = np.array([5.0, 3.0, 1.0, 0.5, 0.5])
    optima = np.array([10.0, 5.0, 2.0, 1.0, 0.5, 0.0])  # J*/N with j components: the discarded eigenvalues' sums
    assert error_curve_caption(optima, 2) == ("J*/N is 10 with no component (the total variance), 2 at k = 2 and 0 "
                                              "at k = 5; each step to the right removes the next eigenvalue.")
    kept = np.concatenate([[0.0], np.cumsum(lam)]) / lam.sum()  # 0, 50, 80, 90, 95, 100 %
    assert kept_caption(kept, 2) == "k = 2 keeps 80.0 % of the variance; 3 of the 5 components keep 90 %."


def test_code_caption_gives_each_axis_variance_and_the_points_drawn():
    text = code_caption(np.array([6.0, 3.0, 1.0]), 400, 1797)
    assert text == ("400 of the 1797 samples. z₁ has variance λ₁ = 6 (60.0 %); z₂ has variance λ₂ = 3 (30.0 %) of "
                    "the total 10.")
    assert code_caption(np.array([6.0, 3.0, 1.0]), 5, 5, axes=1) == ("5 of the 5 samples. z₁ has variance λ₁ = 6 "
                                                                     "(60.0 %) of the total 10.")
