"""``fit(X, X)`` three ways: our Autoencoder, scikit-learn's MLPRegressor, and PCA's optimum, on the same data.

Every error is measured the same way, on the training data: (1/N) sum_n ||x_n - x_hat_n||^2.
scikit-learn's own ``loss_`` is (1/(2ND)) sum_n ||x_n - x_hat_n||^2 (+ its weight penalty, 0 here), so
``2 * D * loss_`` is the comparable number; `compare_with_mlp` reports both.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

from core.autoencoder import Autoencoder
from core.metrics import mse
from core.pca import PCA


@dataclass(frozen=True)
class FitResult:
    """One way of reconstructing X through a k-dimensional code."""

    name: str
    error: float  # (1/N) sum_n ||x_n - x_hat_n||^2 on X
    seconds: float  # wall time of the fit
    epochs: int  # passes over the data (0 for PCA's closed form)
    reported_loss: float | None = None  # the library's own loss_ as it reports it (MLPRegressor only)


def compare_with_mlp(X, k: int, *, epochs: int = 200, learning_rate: float = 0.01, batch_size: int | None = 64,
                     random_state: int = 0) -> list[FitResult]:
    """Fit a linear D-k-D autoencoder with ours and with MLPRegressor (same optimiser, rate, batch, epochs),
    and PCA with k components, all on X (N, D). Returns three rows: ours, MLPRegressor, PCA.
    """
    X = np.asarray(X, dtype=np.float64)
    rows = []
    start = time.perf_counter()
    ours = Autoencoder(hidden_layer_sizes=(k,), activation="identity", optimizer="adam",
                       learning_rate=learning_rate, batch_size=batch_size, max_epochs=epochs,
                       random_state=random_state).fit(X, X)
    rows.append(FitResult("our Autoencoder", mse(ours.predict(X), X), time.perf_counter() - start, epochs))

    mlp = MLPRegressor(hidden_layer_sizes=(k,), activation="identity", solver="adam",
                       learning_rate_init=learning_rate, batch_size=X.shape[0] if batch_size is None else batch_size,
                       max_iter=epochs, alpha=0.0, tol=0.0, n_iter_no_change=epochs + 1, shuffle=True,
                       random_state=random_state)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # we stop after `epochs` on purpose
        mlp.fit(X, X)
    rows.append(FitResult("scikit-learn MLPRegressor", mse(mlp.predict(X), X), time.perf_counter() - start,
                          int(mlp.n_iter_), float(mlp.loss_)))

    start = time.perf_counter()
    pca = PCA(k).fit(X)
    rows.append(FitResult("PCA (optimum)", pca.reconstruction_error(X), time.perf_counter() - start, 0))
    return rows
