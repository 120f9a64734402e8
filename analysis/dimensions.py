r"""How many dimensions are there? Reconstruction error against code size k, and where it bends.

* `error_curves`: J(k) = (1/N) sum_n ||x_n - x_hat_n||^2 for PCA (exact: the sum of discarded eigenvalues),
  a linear autoencoder and a nonlinear one, at the code sizes asked for. k = 0 means "predict the mean":
  J(0) is the total variance for every method.
* `elbow`: the k after which one more dimension suddenly buys much less. With the gain per dimension
  :math:`g_k = (J(k_{prev}) - J(k)) / (k - k_{prev})` (for PCA and consecutive k, :math:`g_k = \lambda_k`),
  the elbow is the k with the largest ratio :math:`g_k / g_{k+1}`. It is called *clear* when that ratio is
  at least 3 and the error left at the elbow is at most 10 % of J(0): a big drop followed by little.
* `k_for_variance`: the smallest k whose PCA error keeps a given fraction of the variance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.autoencoder import Autoencoder
from core.errors import TrainingDiverged
from core.pca import discarded_variance

CLEAR_RATIO = 3.0
CLEAR_RESIDUAL = 0.10


@dataclass(frozen=True)
class Elbow:
    k: int  # the code size at the bend
    ratio: float  # g_k / g_{k+1}: how much more the k-th dimension bought than the next one
    residual: float  # J(k) / J(k_0): the fraction of the error left at the elbow
    clear: bool  # ratio >= CLEAR_RATIO and residual <= CLEAR_RESIDUAL


def elbow(ks, errors, *, floor: float = 1e-3) -> Elbow:
    """The elbow of a decreasing error curve sampled at increasing code sizes ``ks`` (at least 3 of them).

    NaN errors are skipped. Gains below ``floor * J(ks[0]) / max(ks)`` are raised to it, so a curve that is
    flat (or, for a trained model, slightly rising) after the bend gives a large but finite ratio.
    """
    ks = np.asarray(ks, dtype=float)
    e = np.asarray(errors, dtype=float)
    if ks.ndim != 1 or ks.shape != e.shape:
        raise ValueError("ks and errors must be 1-D arrays of the same length")
    keep = np.isfinite(e)  # a diverged run leaves a gap: estimate from the points that exist
    ks, e = ks[keep], e[keep]
    if ks.size < 3:
        raise ValueError("elbow needs at least 3 finite points")
    if np.any(np.diff(ks) <= 0):
        raise ValueError("ks must increase")
    top = max(float(e[0]), 1e-300)
    gain = np.maximum(-np.diff(e) / np.diff(ks), floor * top / ks.max())
    ratio = gain[:-1] / gain[1:]
    i = int(np.argmax(ratio))
    k, r = int(ks[i + 1]), float(ratio[i])
    residual = float(e[i + 1] / top)
    return Elbow(k, r, residual, r >= CLEAR_RATIO and residual <= CLEAR_RESIDUAL)


def k_for_variance(X, fraction: float) -> int:
    """Smallest k whose rank-k PCA reconstruction keeps ``fraction`` of the total variance of X (N, D)."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    J = discarded_variance(X)
    return int(np.argmax(J <= (1 - fraction) * J[0] + 1e-12 * J[0]))


@dataclass(frozen=True)
class CurveSettings:
    """How the two autoencoders of `error_curves` are trained (Adam; one fresh model per k)."""

    linear_epochs: int = 400
    linear_learning_rate: float = 0.05
    nonlinear_hidden: int = 16  # D-hidden-k-hidden-D
    nonlinear_activation: str = "tanh"
    nonlinear_epochs: int = 200
    nonlinear_learning_rate: float = 0.01
    nonlinear_batch_size: int = 64
    random_state: int = 0


def _trained_error(model, X) -> float:
    """Train and return the error; NaN if training diverged (a gap in the curve, not a crash)."""
    try:
        model.fit(X)
    except TrainingDiverged:
        return float("nan")
    return -model.score(X)


def error_curves(X, ks, settings: CurveSettings = CurveSettings()) -> dict[str, np.ndarray]:
    """J(k) for PCA, a linear D-k-D autoencoder and a nonlinear D-h-k-h-D autoencoder, at each k in ``ks``.

    Returns ``{"PCA": ..., "linear autoencoder": ..., "nonlinear autoencoder": ...}``, arrays of len(ks).
    Each autoencoder is trained from random initialisation on all of X, so its error is at best PCA's (linear)
    and can go below it (nonlinear) when the data is curved.
    """
    X = np.asarray(X, dtype=np.float64)
    J = discarded_variance(X)
    ks = [int(k) for k in ks]
    if any(k < 0 or k > X.shape[1] for k in ks):
        raise ValueError(f"code sizes must be between 0 and D = {X.shape[1]}")
    s = settings
    linear, nonlinear = [], []
    for k in ks:
        if k == 0:  # no code: the best reconstruction is the mean
            linear.append(J[0])
            nonlinear.append(J[0])
            continue
        lin = Autoencoder(hidden_layer_sizes=(k,), activation="identity", learning_rate=s.linear_learning_rate,
                          max_epochs=s.linear_epochs, random_state=s.random_state)
        linear.append(_trained_error(lin, X))
        non = Autoencoder(hidden_layer_sizes=(s.nonlinear_hidden, k), activation=s.nonlinear_activation,
                          learning_rate=s.nonlinear_learning_rate, batch_size=s.nonlinear_batch_size,
                          max_epochs=s.nonlinear_epochs, random_state=s.random_state)
        nonlinear.append(_trained_error(non, X))
    return {"PCA": J[ks], "linear autoencoder": np.array(linear), "nonlinear autoencoder": np.array(nonlinear)}


@dataclass(frozen=True)
class DimensionStudy:
    """`error_curves` of one dataset, the elbow of each curve, and the k that keep 90 % and 95 % of the variance."""

    ks: list
    curves: dict   # method -> J(k) per k
    elbows: dict   # method -> Elbow
    k90: int
    k95: int
    n_samples: int
    n_features: int


def dimension_study(X, ks, settings: CurveSettings = CurveSettings()) -> DimensionStudy:
    """How many dimensions X (N, D) has, seen three ways at the code sizes ``ks``."""
    X = np.asarray(X, dtype=np.float64)
    ks = [int(k) for k in ks]
    curves = error_curves(X, ks, settings)
    return DimensionStudy(ks, curves, {m: elbow(ks, c) for m, c in curves.items()}, k_for_variance(X, 0.90),
                          k_for_variance(X, 0.95), X.shape[0], X.shape[1])
