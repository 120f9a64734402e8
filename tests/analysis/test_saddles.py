"""The saddles of a linear autoencoder's loss, and the plateaus a real run from tiny weights shows on them."""

import numpy as np
import pytest

from analysis.baseline import pca_baseline
from analysis.saddles import (
    TINY_SCALE,
    plateaus,
    saddle_levels,
    saddles_visited,
    tiny_learning_rate,
    tiny_plan,
    tiny_start,
)
from core import Autoencoder, load_dataset

SPREAD = np.array([4.0, 2.0, 1.0, 0.5, 0.25, 0.1])  # clear eigen-gaps: each eigenvalue half the one before


def gaussian(eigenvalues=SPREAD, n=400, seed=0):
    """N centred samples whose 1/N covariance has exactly these eigenvalues, along random orthogonal directions."""
    rng = np.random.default_rng(seed)
    d = len(eigenvalues)
    Z = rng.standard_normal((n, d))
    Z -= Z.mean(axis=0)
    Z, _ = np.linalg.qr(Z)  # orthonormal, centred columns
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return (Z * np.sqrt(n * np.asarray(eigenvalues))) @ Q.T  # centred, as the lessons' standardised data


def tiny_run(X, k, *, seed=0):
    """A real `core` run from tiny weights with plain full-batch gradient descent, as the lesson trains it: the
    loss curve from epoch 0 and the plan it followed."""
    plan = tiny_plan(pca_baseline(X, k).eigenvalues, k)
    model = Autoencoder(hidden_layer_sizes=(k,), optimizer="sgd", learning_rate=plan.learning_rate, batch_size=None,
                        random_state=seed)
    model.fit_steps(X, epochs=0)
    losses = [tiny_start(model, X, seed=seed)]
    losses += [r["loss"] for r in model.fit_iter(X, epochs=plan.epochs, warm_start=True)]
    return np.array(losses), plan


def test_saddle_levels_are_the_losses_with_the_first_j_directions_learned():
    X = gaussian()
    levels = saddle_levels(pca_baseline(X, 3).eigenvalues, 3)
    np.testing.assert_allclose(levels, [7.85, 3.85, 1.85, 0.85], rtol=1e-10)
    # Independently: the error of the rank-j projection onto the top j right singular vectors, for each j.
    Xc = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(Xc, full_matrices=False)
    for j in range(4):
        P = vt[:j].T @ vt[:j]
        assert levels[j] == pytest.approx(np.mean(np.sum((Xc - Xc @ P) ** 2, axis=1)), rel=1e-10)
    np.testing.assert_allclose(levels, pca_baseline(X, 3).optima[:4], rtol=1e-12)  # the last is PCA's optimum
    with pytest.raises(ValueError):
        saddle_levels(SPREAD, 7)


def test_tiny_start_writes_tiny_seeded_weights_and_returns_the_loss():
    X = gaussian() + 2.0
    model = Autoencoder(hidden_layer_sizes=(2,), random_state=0)
    model.fit_steps(X, epochs=0)
    loss = tiny_start(model, X, seed=3)
    assert all(np.abs(W).max() <= TINY_SCALE for W in model.coefs_)
    assert all(np.abs(W).max() > TINY_SCALE / 2 for W in model.coefs_)
    np.testing.assert_allclose(model.intercepts_[-1], X.mean(axis=0))  # the output's bias: the data's mean
    # An almost-zero network outputs that bias: the loss is the total variance, the saddle j = 0.
    assert loss == pytest.approx(SPREAD.sum(), rel=1e-6)
    again = Autoencoder(hidden_layer_sizes=(2,), random_state=0)
    again.fit_steps(X, epochs=0)
    tiny_start(again, X, seed=3)
    np.testing.assert_array_equal(again.coefs_[0], model.coefs_[0])


def test_plateaus_finds_the_flat_stretches_of_a_curve():
    curve = np.concatenate([np.full(20, 5.0), np.linspace(5.0, 2.0, 8), np.full(15, 2.0), np.linspace(2.0, 1.0, 6),
                            np.full(30, 1.0)])
    found = plateaus(curve)  # (the fall starts from 5.0 itself: epoch 20 is still flat)
    assert [round(p.level, 6) for p in found] == [5.0, 2.0, 1.0]
    assert found[0].start == 0 and found[0].stop == 20 and found[-1].stop == len(curve) - 1
    assert plateaus(np.linspace(5.0, 1.0, 50)) == []  # a steady fall has none
    assert saddles_visited(curve, [5.0, 3.0, 2.02, 1.0]) == [0, 2]  # 2.02 is within 1 % of the plateau at 2


@pytest.mark.parametrize("k", [2, 3, 4])
def test_from_tiny_weights_the_plateaus_lie_on_the_predicted_saddles(k):
    """Issue 18: with sgd and full batch, the loss curve's plateaus lie within 1 % of the predicted saddle losses
    on data with clear eigen-gaps, one per saddle j = 0 .. k-1, then PCA's optimum, in that order."""
    losses, plan = tiny_run(gaussian(), k)
    found = plateaus(losses)
    assert len(found) == k + 1, found
    levels = np.array([p.level for p in found])
    np.testing.assert_allclose(levels, plan.levels, rtol=0.01)
    assert np.all(np.diff([p.start for p in found]) > 0)
    assert saddles_visited(losses, plan.levels) == list(range(k))
    assert losses[plan.settled] == pytest.approx(plan.levels[-1], rel=0.01)  # settled by the plan's epoch


def test_the_lessons_cloud_shows_both_saddles_and_digits_hide_the_close_ones():
    cloud = load_dataset("low_rank", scale="standard", n_features=3, rank=2, noise=0.5, n_samples=300).X
    losses, plan = tiny_run(cloud, 2)
    assert saddles_visited(losses, plan.levels) == [0, 1]
    assert plan.learning_rate == tiny_learning_rate(pca_baseline(cloud, 2).eigenvalues)
    assert plan.settled <= plan.epochs <= 1000
    digits = load_dataset("digits", scale="standard").X
    losses, plan = tiny_run(digits, 2)  # eigenvalues 7.34 and 5.83: the second plateau is too short to see
    assert saddles_visited(losses, plan.levels) == [0]
    assert losses[-1] == pytest.approx(plan.levels[-1], rel=1e-3)
