"""Error against code size, and the elbow that estimates the dimension."""

import numpy as np
import pytest

from analysis.dimensions import CurveSettings, elbow, error_curves, k_for_variance
from core.data.datasets import load_dataset
from core.pca import discarded_variance


@pytest.mark.parametrize("rank", [1, 2, 3, 4, 5])
def test_elbow_finds_the_rank_of_a_low_rank_cloud(rank):
    X = load_dataset("low_rank", rank=rank, noise=0.1, n_features=10).X
    J = discarded_variance(X)
    ks = np.arange(0, 10)
    e = elbow(ks, J[:10])
    assert e.k == rank
    assert e.clear and e.ratio > 5 and e.residual < 0.1


def test_digits_have_no_clear_elbow():
    X = load_dataset("digits", scale="standard").X
    ks = [0, 1, 2, 4, 8, 16, 32]
    e = elbow(ks, discarded_variance(X)[ks])
    assert not e.clear
    assert e.ratio < 3


def test_elbow_on_a_hand_made_curve_and_gaps():
    # gains 10, 8, 0.1, 0.1: the bend is after k = 2
    errors = np.array([18.2, 8.2, 0.2, 0.1, 0.0])
    e = elbow([0, 1, 2, 3, 4], errors)
    assert (e.k, e.clear) == (2, True)
    assert e.ratio == pytest.approx(80.0)
    assert e.residual == pytest.approx(0.2 / 18.2)
    # a diverged run (NaN) is skipped; spacing of ks is taken into account
    assert elbow([0, 1, 2, 3, 4], [18.2, np.nan, 0.2, 0.1, 0.0]).k == 2
    with pytest.raises(ValueError):
        elbow([0, 1], [1.0, 0.5])
    with pytest.raises(ValueError):
        elbow([0, 2, 1], [1.0, 0.5, 0.2])


def test_k_for_variance_matches_explained_variance():
    X = load_dataset("digits", scale="standard").X
    J = discarded_variance(X)
    k90 = k_for_variance(X, 0.9)
    assert J[k90] <= 0.1 * J[0] < J[k90 - 1]
    assert k_for_variance(X, 1.0) <= X.shape[1]
    with pytest.raises(ValueError):
        k_for_variance(X, 0.0)


def test_error_curves_linear_matches_pca_and_nonlinear_beats_it_on_the_s_curve():
    X = load_dataset("s_curve", n_samples=1000).X
    curves = error_curves(X, [0, 1, 2], CurveSettings())
    pca, lin, non = curves["PCA"], curves["linear autoencoder"], curves["nonlinear autoencoder"]
    assert pca[0] == lin[0] == non[0] == pytest.approx(np.var(X, axis=0).sum())
    np.testing.assert_allclose(lin, pca, rtol=0.02)  # a linear AE reaches PCA's optimum
    assert np.all(lin >= pca * (1 - 1e-9))  # and never beats it
    assert non[2] < 0.5 * pca[2]  # a curved sheet: the nonlinear code of size 2 does much better
    with pytest.raises(ValueError):
        error_curves(X, [4])
