"""PCA as the baseline every lesson compares an autoencoder with: its code, reconstructions and optimum.

PCA with k components on X (N, D) reconstructs with the smallest error any rank-k linear map can reach,
J*/N = sum_{i>k} lambda_i (the discarded eigenvalues of the 1/N covariance). The lessons measure that error on
the reconstructions too, and show that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.metrics import mse
from core.pca import PCA, discarded_variance, eigenvalues


@dataclass(frozen=True)
class Baseline:
    """PCA with ``k`` components fitted on X (N, D)."""

    model: PCA                   # fitted: components_ (k, D), mean_ (D,)
    codes: np.ndarray            # (N, k)
    reconstructions: np.ndarray  # (N, D)
    error: float                 # J/N measured on the reconstructions
    eigenvalues: np.ndarray      # (D,) of the 1/N covariance, largest first
    optima: np.ndarray           # (D + 1,): J*/N for every code size, from the eigenvalues

    @property
    def k(self) -> int:
        return self.model.n_components_

    @property
    def components(self) -> np.ndarray:
        return self.model.components_

    @property
    def mean(self) -> np.ndarray:
        return self.model.mean_

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def optimum(self) -> float:
        """J*/N = sum_{i>k} lambda_i: the dashed line on the loss charts."""
        return float(self.optima[self.k])

    @property
    def kept_fractions(self) -> np.ndarray:
        """(D + 1,): entry j is sum_{i<=j} lambda_i / sum_i lambda_i, the share of the variance j components keep."""
        total = self.eigenvalues.sum()
        if total <= 0:
            return np.ones(len(self.eigenvalues) + 1)
        return np.concatenate([[0.0], np.cumsum(self.eigenvalues)]) / total

    @property
    def kept_fraction(self) -> float:
        """sum_{i<=k} lambda_i / sum_i lambda_i: the share of the variance the k components keep."""
        return float(self.kept_fractions[self.k])


def pca_baseline(X, k: int) -> Baseline:
    """Fit ``core.PCA(k)`` on X (N, D) and keep what the lessons show of it."""
    X = np.asarray(X, dtype=np.float64)
    pca = PCA(n_components=k).fit(X)
    codes = pca.transform(X)
    recon = pca.inverse_transform(codes)
    return Baseline(model=pca, codes=codes, reconstructions=recon, error=mse(recon, X), eigenvalues=eigenvalues(X),
                    optima=discarded_variance(X))


def gap_percent(loss: float, optimum: float) -> float:
    """How far a loss is above PCA's optimum, in percent of the optimum: 100 (loss - J*/N) / (J*/N).

    NaN when the optimum is zero or not finite (k = D, or data that lies exactly in k dimensions): a relative
    gap is then undefined. Below zero: the model beats every linear map with the same code size.
    """
    loss, optimum = float(loss), float(optimum)
    if not np.isfinite(optimum) or optimum <= 0 or not np.isfinite(loss):
        return float("nan")
    return 100.0 * (loss - optimum) / optimum
