"""Backprop against central differences: every activation x output activation x depth x l2, tied too.

The oracle is independent of the backward pass: it perturbs one parameter at a time (in place, through the
``coefs_`` / ``intercepts_`` views) and re-evaluates the loss. Central differences have error O(eps^2).
"""

import itertools

import numpy as np
import pytest

from core.activations import ACTIVATIONS
from core.autoencoder import Autoencoder

DEPTHS = [(3,), (4, 2), (4, 3, 2)]
EPS = 1e-6


def _model(X, **params):
    model = Autoencoder(max_epochs=0, random_state=1, **params).fit(X)
    rng = np.random.default_rng(2)
    for b in model.intercepts_:  # non-zero biases, so the bias gradients are exercised too
        b[...] = rng.normal(scale=0.3, size=b.shape)
    return model


def _loss(model, X, T):
    """The loss written out again, independently of core.network: forward through coefs_ + the L2 term."""
    h = X
    last = len(model.coefs_) - 1
    for l, (W, b) in enumerate(zip(model.coefs_, model.intercepts_, strict=True)):
        name = model.output_activation if l == last else model.activation
        h = ACTIVATIONS[name].function(h @ W + b)
    owned = model.coefs_[: len(model.coefs_) // 2] if model.tied_weights else model.coefs_
    return np.sum((h - T) ** 2) / len(X) + model.l2 * sum(np.sum(W**2) for W in owned)


def _numerical(model, X, y=None):
    T = X if y is None else y
    grads = {}
    for kind in ("coefs", "intercepts"):
        grads[kind] = []
        for A in getattr(model, kind + "_"):
            G = np.zeros(A.shape)
            for idx in np.ndindex(A.shape):
                old = A[idx]
                A[idx] = old + EPS
                plus = _loss(model, X, T)
                A[idx] = old - EPS
                minus = _loss(model, X, T)
                A[idx] = old
                G[idx] = (plus - minus) / (2 * EPS)
            grads[kind].append(G)
    return grads


def _assert_close(model, X, y=None):
    loss, analytic = model.loss_and_gradients(X, y)
    assert loss == pytest.approx(_loss(model, X, X if y is None else y), rel=1e-12)
    numeric = _numerical(model, X, y)
    for kind in ("coefs", "intercepts"):
        assert len(analytic[kind]) == len(getattr(model, kind + "_"))
        for l, (a, n) in enumerate(zip(analytic[kind], numeric[kind], strict=True)):
            assert a.shape == n.shape
            np.testing.assert_allclose(a, n, rtol=1e-5, atol=1e-7, err_msg=f"{kind}[{l}]")


@pytest.fixture(scope="module")
def X():
    return np.random.default_rng(0).normal(size=(6, 4))


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("output_activation", list(ACTIVATIONS))
def test_backprop_matches_central_differences(X, activation, output_activation):
    for hidden, l2 in itertools.product(DEPTHS, (0.0, 0.05)):
        model = _model(X, hidden_layer_sizes=hidden, activation=activation,
                       output_activation=output_activation, l2=l2)
        _assert_close(model, X)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("hidden", DEPTHS)
def test_tied_weights_gradient_is_the_total_one(X, activation, hidden):
    model = _model(X, hidden_layer_sizes=hidden, activation=activation, output_activation="sigmoid",
                   l2=0.05, tied_weights=True)
    k = len(hidden)
    # the decoder matrices really are the encoder's, transposed (one parameter, two views)
    for l in range(k):
        assert np.shares_memory(model.coefs_[l], model.coefs_[2 * k - 1 - l])
        np.testing.assert_array_equal(model.coefs_[l], model.coefs_[2 * k - 1 - l].T)
    _assert_close(model, X)


def test_gradient_with_a_separate_target(X):
    target = np.random.default_rng(5).normal(size=X.shape)
    model = _model(X, hidden_layer_sizes=(3, 2), activation="tanh", l2=0.01)
    _assert_close(model, X, target)


def test_loss_is_data_term_plus_l2_term(X):
    model = _model(X, hidden_layer_sizes=(3,), activation="tanh", l2=0.3)
    loss, _ = model.loss_and_gradients(X)
    data = np.mean(np.sum((model.predict(X) - X) ** 2, axis=1))
    penalty = 0.3 * sum(np.sum(W**2) for W in model.coefs_)
    assert loss == pytest.approx(data + penalty, rel=1e-12)
    assert -model.score(X) == pytest.approx(data, rel=1e-12)


def test_tied_l2_counts_the_shared_matrix_once(X):
    model = _model(X, hidden_layer_sizes=(3,), tied_weights=True, l2=0.3)
    loss, _ = model.loss_and_gradients(X)
    data = -model.score(X)
    assert loss == pytest.approx(data + 0.3 * np.sum(model.coefs_[0] ** 2), rel=1e-12)


def test_loss_and_gradients_is_deterministic_despite_dropout_and_noise(X):
    model = _model(X, hidden_layer_sizes=(3,), activation="relu", dropout=0.5, noise=1.0)
    loss1, g1 = model.loss_and_gradients(X)
    loss2, g2 = model.loss_and_gradients(X)
    assert loss1 == loss2
    for a, b in zip(g1["coefs"], g2["coefs"], strict=True):
        np.testing.assert_array_equal(a, b)
    _assert_close(model, X)
