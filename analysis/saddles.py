r"""The saddles of a linear autoencoder's loss, and the plateaus a run from tiny weights shows on them.

Baldi & Hornik (1989): for y = VWx + c the critical points are the networks that have learned some of the principal
directions. With only the first j learned the loss is what the other directions hold,

.. math:: J/N = \sum_{i>j} \lambda_i \qquad (j = 0, \dots, k),

a saddle for j < k and PCA's optimum for j = k (``lambda_i`` the eigenvalues of the 1/N covariance, as in
``core.pca``; these are ``Baseline.optima[:k + 1]``). From tiny weights, plain full-batch gradient descent passes
the saddles in order (Saxe et al. 2014): direction i's share ``a_i`` of the product VW grows like the logistic
``a_i <- a_i + 4 eta lambda_i a_i (1 - a_i)`` per step (core's loss is a mean of squares, so the gradient has a
factor 2, and both layers pull), so it rises from ``a_0`` after about ``ln(1/a_0) / (4 eta lambda_i)`` epochs, the
strongest first. While the next direction is still tiny, the loss sits on a saddle's level: a plateau, then a
sudden drop. Two close eigenvalues give a plateau too short to see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.metrics import mse

TINY_SCALE = 1e-5  # the weights' size at the start: the smaller, the longer and flatter each plateau (ln 1/a_0)
RATE = 0.2  # eta = RATE / lambda_1: the strongest direction is learned in ~ln(1/a_0) / 0.8 epochs, and the step stays
# well inside the stability limit 0.5 / lambda_1 of the product VW near its minimum
FLAT = 2e-3  # a plateau: the loss changes by less than this fraction of itself per epoch ...
MIN_EPOCHS = 5  # ... for at least this many epochs in a row
RTOL = 0.01  # a plateau lies on a saddle when its level is within 1 % of the saddle's loss


def saddle_levels(eigenvalues, k: int) -> np.ndarray:
    """(k + 1,): entry j is J/N with only the first j principal directions learned, sum_{i>j} lambda_i."""
    lam = np.asarray(eigenvalues, dtype=float)
    if not 1 <= k <= len(lam):
        raise ValueError(f"k must be in 1..{len(lam)}, got {k}")
    tails = np.concatenate([np.cumsum(lam[::-1])[::-1], [0.0]])
    return tails[: k + 1]


def tiny_learning_rate(eigenvalues) -> float:
    """The step size for a run from tiny weights: RATE / lambda_1, to two significant digits. For centred data (the
    lessons standardise theirs): an input mean mu would add |mu|^2 to the curvature the step must respect."""
    top = float(np.max(eigenvalues))
    if not top > 0:
        raise ValueError("the data has no variance: there is nothing to learn")
    return float(f"{RATE / top:.2g}")


def drop_epochs(eigenvalues, k: int, learning_rate: float, scale: float = TINY_SCALE) -> np.ndarray:
    """(k,): about when direction i is learned, ln(1 / a_0) / (4 eta lambda_i) with a_0 = scale^2 (inf when
    lambda_i = 0). An estimate for choosing the run's length: a_0 depends on the random start."""
    lam = np.asarray(eigenvalues, dtype=float)[:k]
    with np.errstate(divide="ignore"):
        return np.log(1.0 / scale**2) / (4.0 * learning_rate * lam)


def run_length(eigenvalues, k: int, learning_rate: float, scale: float = TINY_SCALE, *, low: int = 100,
               high: int = 1000) -> int:
    """Epochs to show: twice the last direction's estimated drop, in 50s, within [low, high]."""
    last = float(drop_epochs(eigenvalues, k, learning_rate, scale)[-1])
    epochs = 50 * math.ceil(2 * last / 50) if np.isfinite(last) else high
    return int(min(max(epochs, low), high))


@dataclass(frozen=True)
class TinyPlan:
    """A run from tiny weights on data with these eigenvalues and code size k."""

    learning_rate: float
    epochs: int          # the run's length
    settled: int         # about when the last direction has been learned
    levels: np.ndarray   # (k + 1,) `saddle_levels`: the saddles, then PCA's optimum


def tiny_plan(eigenvalues, k: int) -> TinyPlan:
    """The learning rate, length and saddles of a run from tiny weights (`tiny_learning_rate`, `run_length`)."""
    lr = tiny_learning_rate(eigenvalues)
    epochs = run_length(eigenvalues, k, lr)
    last = float(drop_epochs(eigenvalues, k, lr)[-1])
    settled = epochs if not np.isfinite(last) else min(epochs, int(1.4 * last))
    return TinyPlan(lr, epochs, settled, saddle_levels(eigenvalues, k))


def tiny_start(model, X, scale: float = TINY_SCALE, seed=None) -> float:
    """Put a fitted linear ``core.Autoencoder`` next to the saddle W = V = 0: weights drawn uniformly in
    [-scale, scale] (seeded), the code's bias zero and the output's the data's mean, the best a zero network can do
    (zero on standardised data). Return its loss J/N on X (N, D): the total variance, the saddle j = 0."""
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    for W in model.coefs_[: len(model.coefs_) // 2 if model.tied_weights else None]:
        W[...] = rng.uniform(-scale, scale, size=W.shape)
    for b in model.intercepts_[:-1]:
        b[...] = 0.0
    model.intercepts_[-1][...] = X.mean(axis=0)
    return mse(model.predict(X), X)


@dataclass(frozen=True)
class Plateau:
    """A flat stretch of a loss curve: epochs ``start`` to ``stop`` (indices into the curve), at ``level``."""

    start: int
    stop: int
    level: float  # the loss where the curve is flattest


def plateaus(losses, *, flat: float = FLAT, min_epochs: int = MIN_EPOCHS) -> list[Plateau]:
    """The curve's plateaus, in order: maximal stretches of at least ``min_epochs`` epochs over which the loss
    changes by less than ``flat`` times itself per epoch. The last one is where the curve settled, if it did."""
    L = np.asarray(losses, dtype=float)
    if len(L) < 2:
        return []
    change = np.abs(np.diff(L)) / np.maximum(np.abs(L[1:]), 1e-300)
    is_flat = np.concatenate([[False], change < flat, [False]])
    edges = np.flatnonzero(np.diff(is_flat.astype(int)))
    found = []
    for a, b in zip(edges[::2], edges[1::2], strict=True):  # change[a:b] are flat: epochs a .. b
        if b - a >= min_epochs:
            found.append(Plateau(int(a), int(b), float(L[a + int(np.argmin(change[a:b]))])))
    return found


def saddles_visited(losses, levels, *, rtol: float = RTOL) -> list[int]:
    """The saddles j (of ``levels[:-1]``; the last level is PCA's optimum) on which one of the curve's plateaus
    lies, within ``rtol`` of the saddle's loss."""
    found = plateaus(losses)
    return [j for j, level in enumerate(np.asarray(levels, dtype=float)[:-1])
            if any(abs(p.level - level) <= rtol * abs(level) for p in found)]
