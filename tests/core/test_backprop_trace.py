"""Autoencoder.backprop_trace and optimizer_state: core's own pass, laid bare, and the optimiser's buffers."""

import numpy as np
import pytest

from core import Autoencoder
from core.activations import ACTIVATIONS

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3))


def model(**kw):
    return Autoencoder(hidden_layer_sizes=(2,), random_state=1, max_epochs=3, **kw).fit(X)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_the_trace_of_a_batch_is_the_chain_rule_with_two_over_n(activation):
    m = model(activation=activation)
    batch = X[:3]
    t = m.backprop_trace(batch)
    W0, W1, b0, b1 = *m.coefs_, *m.intercepts_
    a0 = batch @ W0 + b0
    f = ACTIVATIONS[activation]
    np.testing.assert_allclose(t.pre_activations[0], a0, rtol=1e-12)
    np.testing.assert_allclose(t.outputs[0], f.function(a0.copy()), rtol=1e-12)
    y = t.outputs[0] @ W1 + b1
    np.testing.assert_allclose(t.outputs[1], y, rtol=1e-12)  # identity output
    np.testing.assert_allclose(t.deltas[1], 2 / 3 * (y - batch), rtol=1e-12)
    eps = 1e-6
    fprime = (f.function(a0 + eps) - f.function(a0 - eps)) / (2 * eps)
    np.testing.assert_allclose(t.deltas[0], (t.deltas[1] @ W1.T) * fprime, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(t.grad_coefs[0], batch.T @ t.deltas[0], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(t.grad_intercepts[1], t.deltas[1].sum(axis=0), rtol=1e-12, atol=1e-15)
    assert t.loss == pytest.approx(np.mean(np.sum((y - batch) ** 2, axis=1)), rel=1e-12)
    loss, grads = m.loss_and_gradients(batch)
    assert loss == t.loss
    for a, b in zip(grads["coefs"] + grads["intercepts"], t.grad_coefs + t.grad_intercepts, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_trace_changes_nothing():
    m = model(activation="tanh")
    before = [w.copy() for w in m.coefs_ + m.intercepts_]
    m.backprop_trace(X[:4])
    for a, b in zip(before, m.coefs_ + m.intercepts_, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_the_optimizer_state_after_one_step_is_built_from_that_steps_gradient(optimizer):
    m = Autoencoder(hidden_layer_sizes=(2,), optimizer=optimizer, learning_rate=0.1, random_state=0)
    m.fit_steps(X[:4], 0)  # initialised, untrained
    assert m.optimizer_state()["t"] == 0
    _, g = m.loss_and_gradients(X[:4])
    m.partial_fit(X[:4])  # one full-batch step
    state = m.optimizer_state()
    assert state["t"] == 1
    if optimizer == "momentum":
        np.testing.assert_allclose(state["velocity"][0][0], -0.1 * g["coefs"][0], rtol=1e-12)
    if optimizer == "adam":
        np.testing.assert_allclose(state["m"][0][1], 0.1 * g["coefs"][1], rtol=1e-12)
        np.testing.assert_allclose(state["v"][1][0], 0.001 * g["intercepts"][0] ** 2, rtol=1e-12)
    if optimizer == "sgd":
        assert set(state) == {"t"}
