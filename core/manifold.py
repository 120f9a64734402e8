"""What a model does in data space: PCA's flat reconstruction and the curve an autoencoder's decoder draws.

* `pca_baseline`: PCA with k components on X -- its codes, reconstructions and error J_k/N (the line the
  autoencoder is compared with).
* `decoded_curve`: for a 1-D code, the decoder applied to an even grid of codes spanning the codes actually
  used (plus a small margin): the curve (or line) the model reconstructs onto.
"""

from typing import NamedTuple

import numpy as np

from core.pca import PCA


class PCABaseline(NamedTuple):
    """PCA with k components fitted on X, shape (N, D)."""

    model: PCA
    codes: np.ndarray            # (N, k)
    reconstructions: np.ndarray  # (N, D)
    error: float                 # J_k / N = (1/N) sum_n ||x_n - x_hat_n||^2 = sum of the discarded eigenvalues


def pca_baseline(X: np.ndarray, k: int) -> PCABaseline:
    """Fit PCA(k) on X and return its codes, reconstructions and mean squared reconstruction error."""
    model = PCA(n_components=k).fit(X)
    codes = model.transform(X)
    recon = model.inverse_transform(codes)
    return PCABaseline(model, codes, recon, float(np.sum((np.asarray(X) - recon) ** 2) / len(recon)))


def code_grid(Z: np.ndarray, n: int = 200, margin: float = 0.02) -> np.ndarray:
    """An even grid of n codes, shape (n, 1), from min(Z) to max(Z) widened by ``margin`` of the span."""
    z = np.asarray(Z, dtype=np.float64).ravel()
    if z.size == 0 or not np.all(np.isfinite(z)):
        raise ValueError("The codes must be a non-empty array of finite numbers.")
    lo, hi = float(z.min()), float(z.max())
    pad = margin * (hi - lo)
    return np.linspace(lo - pad, hi + pad, n)[:, None]


def decoded_curve(model, X: np.ndarray, n: int = 200) -> np.ndarray:
    """The curve a 1-D-code model reconstructs onto, shape (n, D), in order along the code.

    ``model`` needs ``transform`` (encode) and ``inverse_transform`` (decode) -- an `Autoencoder` or a `PCA`
    with one component. The grid spans the codes of X, so the curve covers the region the data uses.
    """
    Z = np.asarray(model.transform(X))
    if Z.ndim != 2 or Z.shape[1] != 1:
        raise ValueError(f"decoded_curve needs a 1-D code, got codes of shape {Z.shape}.")
    return np.asarray(model.inverse_transform(code_grid(Z, n)))
