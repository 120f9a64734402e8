"""Loss curves per setting, weight norms, and the denoiser trained with fit(noisy, clean)."""

import numpy as np
import pytest

from analysis.curves import train_curve, weight_norm
from analysis.denoising import add_noise, denoising_errors, train_denoiser
from core import Autoencoder
from core.data.datasets import load_dataset

RNG = np.random.default_rng(0)
X = RNG.standard_normal((60, 5)) @ RNG.standard_normal((5, 5))


def test_weight_norm_counts_weights_only_and_tied_once():
    m = Autoencoder(hidden_layer_sizes=(3,), max_epochs=1, random_state=0).fit(X)
    expected = np.sqrt(sum((W**2).sum() for W in m.coefs_))
    assert weight_norm(m) == pytest.approx(expected)
    t = Autoencoder(hidden_layer_sizes=(3,), tied_weights=True, max_epochs=1, random_state=0).fit(X)
    assert weight_norm(t) == pytest.approx(np.linalg.norm(t.coefs_[0]))


def test_train_curve_keeps_train_and_validation_losses():
    c = train_curve(X[:40], {"hidden_layer_sizes": (2,), "random_state": 0}, epochs=30, X_val=X[40:])
    assert c.loss.shape == c.val_loss.shape == (30,)
    assert c.loss[-1] < c.loss[0] and c.diverged is None
    assert c.final == c.loss[-1] and c.final_val == c.val_loss[-1]
    assert train_curve(X, {"hidden_layer_sizes": (2,), "random_state": 0}, epochs=5).val_loss is None


def test_l2_shrinks_the_weights():
    free = train_curve(X, {"hidden_layer_sizes": (4,), "random_state": 0}, epochs=100)
    decayed = train_curve(X, {"hidden_layer_sizes": (4,), "random_state": 0, "l2": 1.0}, epochs=100)
    assert decayed.weight_norm < 0.8 * free.weight_norm


def test_a_diverging_run_stops_early_with_the_message():
    c = train_curve(X, {"hidden_layer_sizes": (4,), "optimizer": "sgd", "learning_rate": 50.0, "random_state": 0},
                    epochs=50)
    assert c.diverged and "learning rate" in c.diverged
    assert len(c.loss) < 50 and np.all(np.isfinite(c.loss))
    assert np.isfinite(c.weight_norm)


def test_add_noise_is_seeded_with_the_right_scale():
    Z = np.zeros((2000, 4))
    a, b = add_noise(Z, 0.5, random_state=3), add_noise(Z, 0.5, random_state=3)
    np.testing.assert_array_equal(a, b)
    assert a.std() == pytest.approx(0.5, rel=0.05)


def test_denoiser_removes_most_of_the_noise_on_digits():
    D = load_dataset("digits", scale="minmax").X
    model = train_denoiser(D[:500], 0.3, copies=2, max_epochs=25)
    r = denoising_errors(model, D[1000:1300], add_noise(D[1000:1300], 0.3, random_state=9))
    assert r.noisy_error == pytest.approx(0.3**2 * 64, rel=0.1)
    assert r.denoised_error < 0.5 * r.noisy_error
