"""Property tests: any allowed shape and setting trains, stays finite, keeps its contract and is reproducible."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import Autoencoder, TrainingDiverged
from core.activations import ACTIVATIONS
from core.optimizers import OPTIMIZERS

SAFE_RATE = {"sgd": 0.01, "momentum": 0.005, "adam": 0.01}

settings_ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def setups(draw):
    n = draw(st.integers(1, 25))
    d = draw(st.integers(1, 6))
    X = np.random.default_rng(draw(st.integers(0, 1000))).normal(size=(n, d)) * draw(st.sampled_from([0.1, 1, 3]))
    optimizer = draw(st.sampled_from(list(OPTIMIZERS)))
    params = dict(
        hidden_layer_sizes=tuple(draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))),
        activation=draw(st.sampled_from(list(ACTIVATIONS))),
        output_activation=draw(st.sampled_from(list(ACTIVATIONS))),
        optimizer=optimizer,
        learning_rate=SAFE_RATE[optimizer],
        batch_size=draw(st.one_of(st.none(), st.integers(1, 30))),
        l2=draw(st.sampled_from([0.0, 0.01])),
        dropout=draw(st.sampled_from([0.0, 0.3])),
        noise=draw(st.sampled_from([0.0, 0.2])),
        tied_weights=draw(st.booleans()),
        random_state=draw(st.integers(0, 2**32 - 1)),
        max_epochs=draw(st.integers(0, 3)),
    )
    return X, params


@settings_
@given(setups())
def test_contract_holds_for_any_shape_and_setting(setup):
    X, params = setup
    n, d = X.shape
    model = Autoencoder(**params)
    try:
        model.fit(X)
        epochs = params["max_epochs"]
    except TrainingDiverged as exc:  # a tiny, tied, deep identity net can blow up even at these rates
        epochs = exc.epoch - 1  # the contract holds for the model it keeps
    k = params["hidden_layer_sizes"][-1]
    assert model.n_epochs_ == len(model.loss_curve_) == len(model.val_loss_curve_) == epochs
    assert np.isfinite(model.loss_curve_).all()
    assert len(model.coefs_) == 2 * len(params["hidden_layer_sizes"])
    assert model.coefs_[0].shape[0] == d and model.coefs_[-1].shape[1] == d
    for W, W_next in zip(model.coefs_, model.coefs_[1:], strict=False):
        assert W.shape[1] == W_next.shape[0]
    Z = model.transform(X)
    Y = model.predict(X)
    assert Z.shape == (n, k) and Y.shape == (n, d)
    assert np.isfinite(Z).all() and np.isfinite(Y).all()
    np.testing.assert_allclose(model.inverse_transform(Z), Y, rtol=1e-12, atol=1e-12)
    loss, grads = model.loss_and_gradients(X)
    assert np.isfinite(loss) and loss >= -model.score(X) - 1e-12  # the L2 term is never negative
    assert [g.shape for g in grads["coefs"]] == [W.shape for W in model.coefs_]
    assert [g.shape for g in grads["intercepts"]] == [b.shape for b in model.intercepts_]


@settings(max_examples=15, deadline=None)
@given(setups())
def test_same_seed_same_run(setup):
    X, params = setup
    params["max_epochs"] = 2
    a = Autoencoder(**params).fit(X)
    b = Autoencoder(**params).fit(X)
    assert a.loss_curve_ == b.loss_curve_
    np.testing.assert_array_equal(a.predict(X), b.predict(X))


@settings(max_examples=15, deadline=None)
@given(setups())
def test_a_huge_learning_rate_diverges_cleanly(setup):
    X, params = setup
    params.update(optimizer="sgd", learning_rate=1000.0, max_epochs=50, activation="identity",
                  output_activation="identity")
    X = X * 10 + 1
    model = Autoencoder(**params)
    try:
        model.fit(X)
    except TrainingDiverged as exc:
        assert "lower the learning rate to" in str(exc)
    # diverged or not, what is left is finite and usable
    assert all(np.isfinite(W).all() for W in model.coefs_ + model.intercepts_)
    assert np.isfinite(model.predict(X)).all()
    assert np.isfinite(model.loss_curve_).all()
