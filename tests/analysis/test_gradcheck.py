"""The gradient check itself: it passes on the real backprop, and it catches a wrong gradient."""

import numpy as np
import pytest

from analysis.gradcheck import backprop_trace, gradient_check, kink_safe_rows, numerical_gradients, relative_error
from core import Autoencoder
from core.activations import ACTIVATIONS

RNG = np.random.default_rng(0)
X = RNG.standard_normal((40, 6))


def fitted(**params):
    params = {"hidden_layer_sizes": (4, 2), "max_epochs": 5, "random_state": 0, **params}
    return Autoencoder(**params).fit(X)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backprop_agrees_with_central_differences(activation):
    model = fitted(activation=activation, l2=0.01)
    rows = kink_safe_rows(model, X)[:15]
    assert rows.size >= 10
    checks = gradient_check(model, X[rows])
    assert [c.label for c in checks] == ["layer 1: 4×6", "layer 2: 2×4", "layer 3: 4×2", "layer 4: 6×4"]
    for c in checks:
        assert c.weight_error < 1e-6 and c.bias_error < 1e-6
        assert c.weight_grad_norm > 1e-6  # a real, non-zero gradient was compared


def test_tied_weights_and_a_separate_target():
    model = fitted(activation="tanh", tied_weights=True, l2=0.1)
    target = X + 0.3 * RNG.standard_normal(X.shape)
    for c in gradient_check(model, X[:10], target[:10]):
        assert c.weight_error < 1e-6 and c.bias_error < 1e-6


def test_parameters_are_restored_exactly():
    model = fitted(activation="sigmoid")
    before = [W.copy() for W in model.coefs_] + [b.copy() for b in model.intercepts_]
    numerical_gradients(model, X[:5])
    after = list(model.coefs_) + list(model.intercepts_)
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


def test_a_wrong_gradient_is_caught():
    model = fitted(activation="tanh")
    _, grads = model.loss_and_gradients(X[:10])
    numeric = numerical_gradients(model, X[:10])
    assert relative_error(grads["coefs"][0], numeric["coefs"][0]) < 1e-6
    wrong = grads["coefs"][0] * 1.01  # a 1 % bug in the backward pass
    assert relative_error(wrong, numeric["coefs"][0]) > 1e-3


def test_relative_error_edge_cases():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.ones(3), -np.ones(3)) == pytest.approx(1.0)


def test_kink_safe_rows_drop_samples_at_a_relu_kink():
    model = fitted(activation="relu")
    W, b = model.coefs_[0], model.intercepts_[0]
    # build a sample whose first hidden unit sits exactly on the kink: z = x W[:, 0] + b[0] = 0
    x = X[0].copy()
    x -= ((x @ W[:, 0] + b[0]) / (W[:, 0] @ W[:, 0])) * W[:, 0]
    data = np.vstack([X[:5], x])
    assert 5 not in kink_safe_rows(model, data, margin=1e-6)
    smooth = fitted(activation="tanh")
    assert kink_safe_rows(smooth, data).tolist() == list(range(6))


def independent_trace(model, x):
    """Backprop for one sample written out in column-vector form, apart from core.network: the oracle."""
    acts = [ACTIVATIONS[model.activation]] * (len(model.coefs_) - 1) + [ACTIVATIONS[model.output_activation]]
    inputs, pre, outputs, a = [], [], [], x
    for W, b, act in zip(model.coefs_, model.intercepts_, acts, strict=True):
        inputs.append(a)
        pre.append(W.T @ a + b)
        a = act.function(pre[-1].copy())
        outputs.append(a)
    eps = 1e-6  # f'(a) by central differences of f: independent of the registry's derivative
    local = [(act.function(z + eps) - act.function(z - eps)) / (2 * eps) for act, z in zip(acts, pre, strict=True)]
    deltas = [None] * len(pre)
    deltas[-1] = 2.0 * (outputs[-1] - x) * local[-1]
    for l in range(len(pre) - 1, 0, -1):
        deltas[l - 1] = (model.coefs_[l] @ deltas[l]) * local[l - 1]
    return pre, outputs, deltas, [np.outer(h, d) for h, d in zip(inputs, deltas, strict=True)]


@pytest.mark.parametrize("activation", ["identity", "tanh", "sigmoid", "elu", "leaky_relu"])
def test_the_trace_is_cores_pass_and_matches_an_independent_chain_rule(activation):
    model = fitted(activation=activation, output_activation="sigmoid" if activation == "sigmoid" else "identity")
    trace = backprop_trace(model, X[3])
    pre, outputs, deltas, grads = independent_trace(model, X[3])
    for mine, theirs in [*zip(trace.pre, pre), *zip(trace.outputs, outputs), *zip(trace.deltas, deltas),
                         *zip(trace.grad_coefs, grads), *zip(trace.grad_intercepts, deltas)]:
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("activation", ["identity", "relu", "sigmoid"])
def test_trace_matches_the_models_gradient_on_one_sample(activation):
    model = fitted(activation=activation, output_activation="sigmoid" if activation == "sigmoid" else "identity")
    trace = backprop_trace(model, X[3])
    loss, grads = model.loss_and_gradients(X[3:4])
    assert trace.loss == pytest.approx(loss)
    theirs_all = grads["coefs"] + grads["intercepts"]
    for mine, theirs in zip(trace.grad_coefs + trace.grad_intercepts, theirs_all, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)
    assert trace.code_layer == 1 and trace.outputs[1].shape == (2,)
    np.testing.assert_allclose(trace.outputs[-1], model.predict(X[3:4])[0])


def test_trace_refuses_tied_weights():
    with pytest.raises(ValueError, match="untied"):
        backprop_trace(fitted(tied_weights=True), X[0])
