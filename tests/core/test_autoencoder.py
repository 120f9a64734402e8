"""The Autoencoder as a scikit-learn estimator: contract, targets, divergence, bad input, live changes."""

import inspect
import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

from core import Autoencoder, TrainingDiverged
from core.activations import ACTIVATIONS
from core.params import PARAMS


@pytest.fixture(scope="module")
def digits():
    data = load_digits()
    return StandardScaler().fit_transform(data.data), data.target


@pytest.fixture(scope="module")
def small():
    return np.random.default_rng(0).normal(size=(40, 5))


def test_passes_check_estimator():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the array-API check skips itself when SCIPY_ARRAY_API is unset
        results = check_estimator(Autoencoder(), on_fail=None)
    bad = [(r["check_name"], str(r["exception"])) for r in results
           if r["status"] == "failed" or (r["status"] == "skipped" and r["check_name"] != "check_array_api_input")]
    assert not bad
    assert len(results) > 30


def test_signature_defaults_equal_the_parameter_table():
    signature = inspect.signature(Autoencoder.__init__).parameters
    assert set(signature) - {"self"} == set(PARAMS)
    for name, spec in PARAMS.items():
        assert signature[name].default == spec.default, name


def test_shapes_of_learned_state_and_outputs(small):
    model = Autoencoder(hidden_layer_sizes=(4, 2), activation="tanh", max_epochs=5, random_state=0).fit(small)
    assert [W.shape for W in model.coefs_] == [(5, 4), (4, 2), (2, 4), (4, 5)]
    assert [b.shape for b in model.intercepts_] == [(4,), (2,), (4,), (5,)]
    assert model.n_features_in_ == 5 and model.n_epochs_ == 5
    assert len(model.loss_curve_) == len(model.val_loss_curve_) == 5
    assert np.isnan(model.val_loss_curve_).all()  # no validation data given
    Z = model.transform(small)
    assert Z.shape == (40, 2) and np.all(np.abs(Z) < 1)  # tanh code
    np.testing.assert_allclose(model.inverse_transform(Z), model.predict(small))
    assert model.score(small) == pytest.approx(-np.mean(np.sum((model.predict(small) - small) ** 2, axis=1)))
    assert list(model.get_feature_names_out()) == ["autoencoder0", "autoencoder1"]
    with pytest.raises(ValueError, match="code"):
        model.inverse_transform(np.zeros((3, 5)))


def test_loss_decreases_and_records_are_well_formed(digits):
    X, _ = digits
    model = Autoencoder(hidden_layer_sizes=(8,), activation="tanh", batch_size=64, max_epochs=5, random_state=0)
    records = list(model.fit_iter(X, X_val=X[:100]))
    assert [r["epoch"] for r in records] == [1, 2, 3, 4, 5]
    assert set(records[0]) == {"epoch", "loss", "val_loss", "seconds"}
    assert all(isinstance(r["loss"], float) and isinstance(r["val_loss"], float) for r in records)
    assert all(r["seconds"] > 0 for r in records)
    assert records[-1]["loss"] < records[0]["loss"]
    assert model.loss_curve_ == [r["loss"] for r in records]
    # loss is the full-data loss after the epoch, val_loss the same on the validation rows
    assert records[-1]["loss"] == pytest.approx(-model.score(X), rel=1e-12)
    assert records[-1]["val_loss"] == pytest.approx(-model.score(X[:100]), rel=1e-12)


def test_full_batch_loss_reuses_forward_pass_but_is_exact(digits):
    X, _ = digits
    model = Autoencoder(hidden_layer_sizes=(3,), max_epochs=0, random_state=0).fit(X)
    for record in model.fit_iter(X, epochs=3, warm_start=True):
        assert record["loss"] == pytest.approx(-model.score(X), rel=1e-12)


def test_same_seed_same_run_different_seed_different_run(small):
    params = dict(hidden_layer_sizes=(4, 2), activation="relu", batch_size=8, dropout=0.2, noise=0.1, max_epochs=8)
    a = Autoencoder(random_state=3, **params).fit(small)
    b = Autoencoder(random_state=3, **params).fit(small)
    c = Autoencoder(random_state=4, **params).fit(small)
    assert a.loss_curve_ == b.loss_curve_
    for Wa, Wb in zip(a.coefs_, b.coefs_, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
    assert a.loss_curve_ != c.loss_curve_


def test_fit_x_x_equals_fit_x_and_labels_are_ignored(small):
    params = dict(hidden_layer_sizes=(3,), batch_size=16, max_epochs=6, random_state=1)
    ref = Autoencoder(**params).fit(small)
    for y in (small, small.copy(), np.arange(40), list(range(40))):
        other = Autoencoder(**params).fit(small, y)
        assert other.loss_curve_ == ref.loss_curve_
        np.testing.assert_array_equal(other.coefs_[0], ref.coefs_[0])


@pytest.mark.parametrize("y", [np.zeros((40, 4)), np.zeros((39, 5)), np.zeros((40, 5, 1)), np.zeros((2, 20))])
def test_any_other_target_is_a_value_error(small, y):
    with pytest.raises(ValueError, match="y must be"):
        Autoencoder(max_epochs=1).fit(small, y)


def test_fit_noisy_clean_trains_a_denoiser():
    rng = np.random.default_rng(0)
    t = rng.uniform(-1, 1, size=(600, 2))
    clean = np.c_[t, t @ [[1.0, -0.5], [0.3, 1.0]], np.sin(2 * t)]  # 6-D data on a 2-D surface
    noisy = clean + 0.3 * rng.normal(size=clean.shape)
    model = Autoencoder(hidden_layer_sizes=(16, 2), activation="tanh", batch_size=32, max_epochs=60,
                        random_state=0).fit(noisy, clean)
    identity_error = np.mean(np.sum((noisy - clean) ** 2, axis=1))
    denoised_error = -model.score(noisy, clean)
    assert denoised_error < 0.5 * identity_error


def test_noise_parameter_keeps_the_target_clean(small):
    model = Autoencoder(hidden_layer_sizes=(3,), noise=0.5, max_epochs=5, random_state=0).fit(small)
    # the recorded loss is measured against the clean data, without noise
    assert model.loss_curve_[-1] == pytest.approx(-model.score(small), rel=1e-12)


def test_works_in_a_pipeline_before_a_classifier(digits):
    X, y = digits
    pipe = make_pipeline(Autoencoder(hidden_layer_sizes=(16,), activation="tanh", batch_size=64, max_epochs=10,
                                     random_state=0), LogisticRegression(max_iter=500))
    pipe.fit(X[:1200], y[:1200])
    assert pipe.score(X[1200:], y[1200:]) > 0.8  # 10 classes: chance is 0.1
    assert pipe[0].transform(X).shape == (len(X), 16)


def test_divergence_raises_with_advice_and_leaves_a_usable_model(digits):
    X, _ = digits
    model = Autoencoder(hidden_layer_sizes=(4,), optimizer="sgd", learning_rate=1e3, random_state=0)
    with pytest.raises(TrainingDiverged, match=r"lower the learning rate to 0\.01") as info:
        model.fit(X)
    assert info.value.suggested_learning_rate == 0.01
    assert all(np.isfinite(W).all() for W in model.coefs_ + model.intercepts_)
    assert np.isfinite(model.predict(X)).all() and np.isfinite(model.transform(X)).all()
    epochs = model.n_epochs_
    assert len(model.loss_curve_) == epochs  # the diverged epoch is not recorded
    model.set_params(learning_rate=0.01)
    records = list(model.fit_iter(X, epochs=3, warm_start=True))
    assert [r["epoch"] for r in records] == [epochs + 1, epochs + 2, epochs + 3]
    assert np.isfinite(model.loss_curve_).all()


def test_divergence_with_adam_rolls_back_to_last_good_epoch(digits):
    X, _ = digits
    model = Autoencoder(hidden_layer_sizes=(4,), learning_rate=0.01, random_state=0)
    list(model.fit_iter(X, epochs=3))
    before = [W.copy() for W in model.coefs_]
    model.set_params(learning_rate=1e3)
    with pytest.raises(TrainingDiverged, match="epoch 4"):
        list(model.fit_iter(X, epochs=5, warm_start=True))
    assert model.n_epochs_ == 3
    for W, B in zip(model.coefs_, before, strict=True):
        np.testing.assert_array_equal(W, B)


BAD = {
    "nan": np.array([[1.0, np.nan], [2.0, 3.0]]),
    "inf": np.array([[1.0, np.inf], [2.0, 3.0]]),
    "strings": np.array([["a", "b"], ["c", "d"]]),
    "1-D": np.array([1.0, 2.0, 3.0]),
    "3-D": np.zeros((2, 2, 2)),
    "empty": np.zeros((0, 2)),
    "no columns": np.zeros((3, 0)),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_arrays_are_value_errors(name):
    with pytest.raises(ValueError):
        Autoencoder(max_epochs=1).fit(BAD[name])
    fitted = Autoencoder(max_epochs=1, random_state=0).fit(np.ones((5, 2)))
    for method in (fitted.transform, fitted.predict, fitted.score):
        with pytest.raises(ValueError):
            method(BAD[name])


def test_wrong_number_of_features_is_a_value_error(small):
    model = Autoencoder(max_epochs=1).fit(small)
    with pytest.raises(ValueError, match="5 features"):
        model.transform(small[:, :3])
    with pytest.raises(ValueError, match="features"):
        list(model.fit_iter(small[:, :3], warm_start=True))


@pytest.mark.parametrize("params, message", [
    ({"learning_rate": -1}, r"learning_rate must be a number in \(0, 1000\], got -1"),
    ({"learning_rate": "fast"}, "learning_rate"),
    ({"hidden_layer_sizes": (0,)}, "hidden_layer_sizes"),
    ({"hidden_layer_sizes": ()}, "hidden_layer_sizes"),
    ({"activation": "softmax"}, "activation must be one of identity, relu"),
    ({"optimizer": "lbfgs"}, "optimizer"),
    ({"batch_size": 0}, "batch_size"),
    ({"batch_size": 2.5}, "batch_size"),
    ({"dropout": 1.0}, "dropout"),
    ({"l2": -0.1}, "l2"),
    ({"noise": float("nan")}, "noise"),
    ({"max_epochs": -1}, "max_epochs"),
    ({"random_state": -3}, "random_state"),
])
def test_bad_parameters_name_themselves(small, params, message):
    model = Autoencoder(**params)  # storing is never an error (scikit-learn convention)
    with pytest.raises(ValueError, match=message):
        model.fit(small)


def test_learning_rate_change_mid_run_takes_effect_at_the_next_epoch(small):
    """Changing learning_rate between epochs changes the next step: with lr 0 (sgd) nothing moves."""
    model = Autoencoder(hidden_layer_sizes=(3,), optimizer="sgd", learning_rate=0.05, random_state=0)
    run = model.fit_iter(small, epochs=10)
    next(run)
    model.set_params(learning_rate=1e-300)  # as good as zero
    frozen = [W.copy() for W in model.coefs_]
    first, second = next(run), next(run)
    assert first["loss"] == pytest.approx(second["loss"], rel=1e-12)
    np.testing.assert_allclose(model.coefs_[0], frozen[0], rtol=0, atol=1e-250)
    model.set_params(learning_rate=0.05)
    assert next(run)["loss"] < second["loss"]


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_learning_rate_is_read_at_every_step(small, optimizer):
    """The same run with the rate doubled halfway differs from the run without, from that epoch on."""
    def run(change):
        model = Autoencoder(hidden_layer_sizes=(3,), optimizer=optimizer, learning_rate=0.01, random_state=0)
        losses = []
        for record in model.fit_iter(small, epochs=6):
            losses.append(record["loss"])
            if change and record["epoch"] == 3:
                model.set_params(learning_rate=0.02)
        return losses
    same, changed = run(False), run(True)
    assert same[:3] == changed[:3]
    assert all(a != b for a, b in zip(same[3:], changed[3:], strict=True))


def test_l2_dropout_noise_changes_take_effect_mid_run(small):
    def run(**change):
        model = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
        losses = []
        for record in model.fit_iter(small, epochs=4):
            losses.append(record["loss"])
            if change and record["epoch"] == 2:
                model.set_params(**change)
        return losses
    base = run()
    for change in ({"l2": 0.5}, {"dropout": 0.5}, {"noise": 0.5}):
        other = run(**change)
        assert other[:2] == base[:2] and other[2] != base[2], change
    with pytest.raises(ValueError, match="dropout"):
        model = Autoencoder(random_state=0)
        run_ = model.fit_iter(small, epochs=3)
        next(run_)
        model.set_params(dropout=2.0)
        next(run_)


def test_warm_start_continues_fresh_start_restarts(small):
    model = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
    list(model.fit_iter(small, epochs=4))
    assert [r["epoch"] for r in model.fit_iter(small, epochs=2, warm_start=True)] == [5, 6]
    assert len(model.loss_curve_) == 6
    assert [r["epoch"] for r in model.fit_iter(small, epochs=2)] == [1, 2]
    # continuing equals never stopping
    straight = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
    list(straight.fit_iter(small, epochs=6))
    split = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
    list(split.fit_iter(small, epochs=4))
    list(split.fit_iter(small, epochs=2, warm_start=True))
    assert split.loss_curve_ == straight.loss_curve_


def test_partial_fit_is_one_epoch_that_continues(small):
    model = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
    for _ in range(3):
        model.partial_fit(small)
    reference = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
    list(reference.fit_iter(small, epochs=3))
    assert model.n_epochs_ == 3
    np.testing.assert_allclose(model.loss_curve_, reference.loss_curve_, rtol=1e-12)


def test_architecture_change_needs_a_fresh_start(small):
    model = Autoencoder(hidden_layer_sizes=(3,), max_epochs=2).fit(small)
    model.set_params(hidden_layer_sizes=(4,))
    with pytest.raises(ValueError, match="hidden_layer_sizes changed"):
        model.partial_fit(small)
    model.fit(small)
    assert model.coefs_[0].shape == (5, 4)


def test_a_reinitialised_model_ends_the_old_generator(small):
    model = Autoencoder(hidden_layer_sizes=(3,), random_state=0)
    old = model.fit_iter(small, epochs=10)
    next(old)
    model.fit_iter(small, epochs=10)  # re-initialises at call time
    assert list(old) == []


def test_pickle_round_trip_keeps_parameters_linked(small):
    model = Autoencoder(hidden_layer_sizes=(3,), tied_weights=True, max_epochs=3, random_state=0).fit(small)
    copy = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(copy.predict(small), model.predict(small))
    assert np.shares_memory(copy.coefs_[0], copy.coefs_[1])
    list(copy.fit_iter(small, epochs=2, warm_start=True))
    list(model.fit_iter(small, epochs=2, warm_start=True))
    assert copy.loss_curve_ == model.loss_curve_


def test_writing_into_coefs_changes_the_model(small):
    model = Autoencoder(hidden_layer_sizes=(3,), max_epochs=0, random_state=0).fit(small)
    for W in model.coefs_:
        W[...] = 0.0
    for b in model.intercepts_:
        b[...] = 0.0
    np.testing.assert_array_equal(model.predict(small), 0.0)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_every_optimizer_and_activation_learns(optimizer, activation):
    X = StandardScaler().fit_transform(load_iris().data)
    params = dict(hidden_layer_sizes=(6, 2), activation=activation, optimizer=optimizer, batch_size=16,
                  learning_rate={"sgd": 0.05, "momentum": 0.01, "adam": 0.03}[optimizer], random_state=0)
    start = -Autoencoder(max_epochs=0, **params).fit(X).score(X)
    model = Autoencoder(max_epochs=30, **params).fit(X)
    assert model.loss_curve_[-1] < 0.6 * start


def test_data_in_huge_units_is_told_to_standardise_not_to_lower_the_rate():
    X = np.random.default_rng(0).normal(size=(50, 4)) * 1e98
    with pytest.raises(TrainingDiverged, match="standardise the data") as info:
        Autoencoder(hidden_layer_sizes=(2,), random_state=0).fit(X)
    assert "learning rate" not in str(info.value)
    with pytest.raises(TrainingDiverged, match="lower the learning rate"):
        Autoencoder(hidden_layer_sizes=(2,), optimizer="sgd", learning_rate=1000.0, max_epochs=50,
                    random_state=0).fit(np.random.default_rng(0).normal(size=(50, 4)) * 10)
