"""Optimisers against scikit-learn's own implementations, and the learning rate read at every step."""

import numpy as np
import pytest
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from core.optimizers import OPTIMIZERS


def _params(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(3, 4)), rng.normal(size=(4,))]


def _grads(step):
    rng = np.random.default_rng(100 + step)
    return [rng.normal(size=(3, 4)), rng.normal(size=(4,))]


@pytest.mark.parametrize("name, reference", [
    ("sgd", lambda p: SGDOptimizer(p, learning_rate_init=0.1, momentum=0.0, nesterov=False)),
    ("momentum", lambda p: SGDOptimizer(p, learning_rate_init=0.1, momentum=0.9, nesterov=False)),
    ("adam", lambda p: AdamOptimizer(p, learning_rate_init=0.1)),
])
def test_matches_scikit_learn(name, reference):
    ours, theirs = _params(), _params()
    opt, ref = OPTIMIZERS[name](ours, learning_rate=0.1), reference(theirs)
    for step in range(5):
        opt.update_params(ours, _grads(step))
        ref.update_params(theirs, _grads(step))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_learning_rate_is_read_at_every_step(name):
    """Halving the rate after two steps equals a reference that was handed the halved rate at step 3."""
    a, b = _params(), _params()
    opt_a, opt_b = OPTIMIZERS[name](a, learning_rate=0.2), OPTIMIZERS[name](b, learning_rate=0.2)
    for step in range(4):
        if step == 2:
            opt_a.learning_rate = 0.1
        opt_a.update_params(a, _grads(step))
        opt_b.update_params(b, _grads(step))
        if step < 2:
            np.testing.assert_array_equal(a[0], b[0])
    assert not np.allclose(a[0], b[0])
    if name == "momentum":
        return  # with the rate at zero a heavy ball still rolls on its velocity
    # with the rate at zero, the parameters do not move
    frozen = [p.copy() for p in a]
    opt_a.learning_rate = 0.0
    opt_a.update_params(a, _grads(9))
    for p, q in zip(a, frozen, strict=True):
        np.testing.assert_array_equal(p, q)


def test_sgd_step_is_exact():
    p = [np.array([1.0, -2.0])]
    OPTIMIZERS["sgd"](p, learning_rate=0.5).update_params(p, [np.array([2.0, 2.0])])
    np.testing.assert_array_equal(p[0], [0.0, -3.0])


def test_adam_first_step_has_the_size_of_the_learning_rate():
    # after one step m/sqrt(v) = sign(g) (bias-corrected), whatever the gradient's scale
    p = [np.zeros(3)]
    OPTIMIZERS["adam"](p, learning_rate=0.01).update_params(p, [np.array([0.1, -5.0, 1e4])])
    np.testing.assert_allclose(p[0], [-0.01, 0.01, -0.01], rtol=1e-4)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_state_round_trip_rolls_back_a_step(name):
    a = _params()
    opt = OPTIMIZERS[name](a, learning_rate=0.1)
    opt.update_params(a, _grads(0))
    saved_state, saved_params = opt.get_state(), [p.copy() for p in a]
    opt.update_params(a, _grads(1))
    expected = [p.copy() for p in a]
    opt.update_params(a, [np.full_like(g, np.nan) for g in _grads(2)])  # a step that ruins everything
    opt.set_state(saved_state)
    for p, q in zip(a, saved_params, strict=True):
        p[...] = q
    opt.update_params(a, _grads(1))
    for p, q in zip(a, expected, strict=True):
        np.testing.assert_array_equal(p, q)


def test_registry_is_what_the_menu_shows():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "adam"]
    for name, cls in OPTIMIZERS.items():
        assert cls.name == name and isinstance(cls.description, str) and cls.description
