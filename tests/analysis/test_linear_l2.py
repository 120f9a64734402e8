"""L2 recovers PCA's axes (Kunin et al. 2019), in core's scaling: l2 against the eigenvalues of the 1/N covariance."""

import numpy as np
import pytest

from analysis.baseline import pca_baseline
from analysis.linear import l2_axes, l2_optimum, l2_singular_values
from core import Autoencoder
from tests.analysis.test_saddles import gaussian

EIGENVALUES = np.array([4.0, 2.0, 1.0, 0.5, 0.25, 0.1])


def test_the_targets_and_a_direction_switching_off():
    np.testing.assert_allclose(l2_singular_values(EIGENVALUES, 3, 0.3), np.sqrt(1 - 0.3 / EIGENVALUES[:3]))
    np.testing.assert_allclose(l2_singular_values(EIGENVALUES, 4, 0.75), [np.sqrt(1 - 0.75 / 4), np.sqrt(1 - 0.75 / 2),
                                                                          0.5, 0.0])  # 0.5 <= 0.75: switched off
    np.testing.assert_array_equal(l2_singular_values(EIGENVALUES, 2, 0.0), [1.0, 1.0])
    np.testing.assert_array_equal(l2_singular_values([1.0, 0.0], 2, 0.1)[1:], [0.0])


@pytest.mark.parametrize("l2", [0.3, 0.75])
def test_the_predicted_optimum_is_a_critical_point_of_cores_loss_with_the_predicted_loss(l2):
    """W = V^T = diag(s) U^T built from PCA and the targets: core's own gradient is zero there, its loss is
    `l2_optimum`, and its reconstruction term the first of the pair."""
    X = gaussian()
    k = 3
    pca = pca_baseline(X, k)
    s = l2_singular_values(pca.eigenvalues, k, l2)
    model = Autoencoder(hidden_layer_sizes=(k,), l2=l2, random_state=0)
    model.fit_steps(X, epochs=0)
    model.coefs_[0][...] = (s[:, None] * pca.components).T  # encoder (D, k): W^T
    model.coefs_[1][...] = s[:, None] * pca.components      # decoder (k, D): V^T, and V^T = W: tied by the optimum
    model.intercepts_[0][...] = -(s[:, None] * pca.components) @ pca.mean
    model.intercepts_[1][...] = pca.mean
    loss, grads = model.loss_and_gradients(X)
    data_term, total = l2_optimum(pca.eigenvalues, k, l2)
    assert loss == pytest.approx(total, rel=1e-10)
    assert np.mean(np.sum((X - model.predict(X)) ** 2, axis=1)) == pytest.approx(data_term, rel=1e-10)
    assert max(np.abs(g).max() for g in grads["coefs"] + grads["intercepts"]) < 1e-10
    # The price of unique axes: PCA's optimum plus min(lambda_i, l2^2 / lambda_i) per kept direction.
    price = np.minimum(pca.eigenvalues[:k], l2**2 / pca.eigenvalues[:k]).sum()
    assert data_term == pytest.approx(pca.optimum + price, rel=1e-10)


@pytest.mark.parametrize("optimizer, learning_rate, epochs", [("sgd", 0.05, 600), ("adam", 0.05, 600)])
def test_training_with_l2_reaches_pcas_own_axes(optimizer, learning_rate, epochs):
    """Issue 18: with l2 = 0.3 (core's scaling, against the 1/N eigenvalues 4, 2, 1 kept) training reaches
    ||W - V^T|| / ||W|| < 1e-3, singular values within 1 % of sqrt(1 - l2 / lambda_i), and the decoder's singular
    directions on PCA's components, from a random start."""
    X = gaussian()
    pca = pca_baseline(X, 3)
    model = Autoencoder(hidden_layer_sizes=(3,), optimizer=optimizer, learning_rate=learning_rate, l2=0.3,
                        max_epochs=epochs, random_state=1).fit(X)
    a = l2_axes(model, pca, 0.3)
    assert a.asymmetry < 1e-3
    np.testing.assert_allclose(a.singular_values, np.sqrt(1 - 0.3 / np.array([4.0, 2.0, 1.0])), rtol=0.01)
    np.testing.assert_allclose(a.targets, np.sqrt(1 - 0.3 / np.array([4.0, 2.0, 1.0])), rtol=1e-10)
    assert a.cosines.min() > 0.999
    assert model.loss_curve_[-1] == pytest.approx(l2_optimum(pca.eigenvalues, 3, 0.3)[0], rel=1e-4)


def test_without_l2_the_decoder_keeps_an_arbitrary_basis():
    X = gaussian()
    pca = pca_baseline(X, 3)
    model = Autoencoder(hidden_layer_sizes=(3,), optimizer="adam", learning_rate=0.05, max_epochs=400,
                        random_state=1).fit(X)
    a = l2_axes(model, pca, 0.0)
    assert a.asymmetry > 0.05  # nothing ties the encoder to the decoder's transpose
    assert a.cosines.min() < 0.99  # and the decoder's singular directions are not PCA's
