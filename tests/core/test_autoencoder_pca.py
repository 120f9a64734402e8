"""The linear autoencoder finds PCA's optimum from a random start; a tanh one beats PCA on curved data.

PCA's optimum is computed here with np.linalg.svd directly: for centred X (N x D) with singular values s_i,
the best rank-k reconstruction error per sample is J*/N = sum_{i>k} s_i^2 / N (the discarded eigenvalues of
the covariance with 1/N normalisation).
"""

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from sklearn.datasets import load_digits, make_s_curve
from sklearn.preprocessing import StandardScaler

from core.autoencoder import Autoencoder


def pca_optimum(X, k):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(s[k:] ** 2) / len(X))


@pytest.fixture(scope="module")
def digits():
    return StandardScaler().fit_transform(load_digits().data)


@pytest.mark.parametrize("k", [2, 5])
def test_linear_autoencoder_reaches_pca_optimum_on_digits(digits, k):
    optimum = pca_optimum(digits, k)
    model = Autoencoder(hidden_layer_sizes=(k,), learning_rate=0.01, max_epochs=400, random_state=0)
    reached = None
    for record in model.fit_iter(digits):
        assert record["loss"] >= optimum * (1 - 1e-9)  # nothing linear beats PCA
        if record["loss"] <= 1.01 * optimum:
            reached = record["epoch"]
            break
    assert reached is not None, f"loss {model.loss_curve_[-1]:.4f} never came within 1% of {optimum:.4f}"
    assert -model.score(digits) <= 1.01 * optimum


def test_initialisation_is_random_not_pca(digits):
    optimum = pca_optimum(digits, 2)
    model = Autoencoder(hidden_layer_sizes=(2,), max_epochs=0, random_state=0).fit(digits)
    assert -model.score(digits) > 1.3 * optimum  # starts far from the answer
    # and different seeds start from different weights
    other = Autoencoder(hidden_layer_sizes=(2,), max_epochs=0, random_state=1).fit(digits)
    assert not np.allclose(model.coefs_[0], other.coefs_[0])


def test_decoder_spans_pca_subspace_when_there_is_an_eigengap():
    rng = np.random.default_rng(3)
    n, d, k = 400, 10, 3
    basis = np.linalg.qr(rng.normal(size=(d, k)))[0]  # d x k orthonormal
    X = (rng.normal(size=(n, k)) * [3.0, 2.0, 1.5]) @ basis.T + 0.1 * rng.normal(size=(n, d))
    _, _, Vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    model = Autoencoder(hidden_layer_sizes=(k,), learning_rate=0.01, max_epochs=400, random_state=0).fit(X)
    decoder = model.coefs_[-1]  # (k, d): the reconstruction lies in the span of its rows
    angles = np.degrees(subspace_angles(decoder.T, Vt[:k].T))
    assert angles.max() < 2.0, angles
    # while a random decoder is nowhere near it
    start = Autoencoder(hidden_layer_sizes=(k,), max_epochs=0, random_state=0).fit(X)
    assert np.degrees(subspace_angles(start.coefs_[-1].T, Vt[:k].T)).max() > 20


def _standardise(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def test_tanh_autoencoder_beats_pca_on_an_arc():
    rng = np.random.default_rng(0)
    t = rng.uniform(0, np.pi, 300)
    arc = _standardise(np.c_[np.cos(t), np.sin(t)] + 0.02 * rng.normal(size=(300, 2)))
    model = Autoencoder(hidden_layer_sizes=(16, 1), activation="tanh", max_epochs=300, random_state=0).fit(arc)
    assert -model.score(arc) < 0.6 * pca_optimum(arc, 1)


def test_tanh_autoencoder_beats_pca_on_an_s_curve():
    S = _standardise(make_s_curve(500, noise=0.05, random_state=0)[0])
    model = Autoencoder(hidden_layer_sizes=(16, 2), activation="tanh", learning_rate=0.03, batch_size=32,
                        max_epochs=60, random_state=0).fit(S)
    assert -model.score(S) < 0.6 * pca_optimum(S, 2)
