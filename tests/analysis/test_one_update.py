"""One update in slow motion: every number is core's forward pass, loss, gradients and one optimiser step."""

import copy

import numpy as np
import pytest

from analysis.one_update import NAMES, one_update, tiny_model
from core import load_dataset
from core.activations import ACTIVATIONS

X = load_dataset("iris", scale="standard").X


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_every_number_is_cores(activation, optimizer):
    model = tiny_model(2, activation, optimizer, 0.05, 3, X)
    model.partial_fit(X[:3])  # an optimiser with some state already
    twin = copy.deepcopy(model)
    u, stepped = one_update(model, X[5:8])
    batch = X[5:8]
    # forward: core's own layers, in the lessons' orientation (columns are samples, W is k x D)
    np.testing.assert_array_equal(u.X, batch.T)
    np.testing.assert_array_equal(u.before["W"], model.coefs_[0].T)
    np.testing.assert_allclose(u.Z.T, model.transform(batch), rtol=1e-12)
    np.testing.assert_allclose(u.Y.T, model.predict(batch), rtol=1e-12)
    assert u.loss == pytest.approx(np.mean(np.sum((model.predict(batch) - batch) ** 2, axis=1)), rel=1e-12)
    assert u.errors.sum() / 3 == pytest.approx(u.loss, rel=1e-12)
    # backward: the gradients are loss_and_gradients', delta_code is (V^T delta_out) * f'(A)
    loss, g = model.loss_and_gradients(batch)
    assert u.loss == loss
    np.testing.assert_array_equal(u.grads["W"], g["coefs"][0].T)
    np.testing.assert_array_equal(u.grads["c"], g["intercepts"][1])
    np.testing.assert_allclose(u.delta_code, u.back * u.fprime, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(u.grads["V"], u.delta_out @ u.Z.T, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(u.grads["W"], u.delta_code @ u.X.T, rtol=1e-10, atol=1e-14)
    if not ACTIVATIONS[activation].kinked:
        assert max(u.check[name] for name in NAMES) < 1e-6
    # the update: what one step of the same model's optimiser gives, and the loss after it
    twin.partial_fit(batch)
    np.testing.assert_array_equal(u.after["V"], twin.coefs_[1].T)
    np.testing.assert_array_equal(u.after["b"], twin.intercepts_[0])
    assert u.loss_after == twin.backprop_trace(batch).loss
    assert u.state_after["t"] == u.state_before["t"] + 1 == twin.optimizer_state()["t"]
    np.testing.assert_array_equal(stepped.coefs_[0], twin.coefs_[0])
    if optimizer == "sgd":
        np.testing.assert_allclose(u.after["W"], u.before["W"] - 0.05 * u.grads["W"], rtol=1e-12)


def test_the_model_itself_is_not_stepped():
    model = tiny_model(1, "tanh", "adam", 0.1, 0, X[:, :2])
    before = [w.copy() for w in model.coefs_]
    one_update(model, X[:2, :2])
    for a, b in zip(before, model.coefs_, strict=True):
        np.testing.assert_array_equal(a, b)


def test_sizes_that_do_not_fit_on_a_screen_are_refused():
    with pytest.raises(ValueError, match="k < D"):
        tiny_model(2, "tanh", "sgd", 0.1, 0, X[:, :2])
    with pytest.raises(ValueError, match="1 to 4 samples"):
        one_update(tiny_model(1, "tanh", "sgd", 0.1, 0, X), X[:5])
