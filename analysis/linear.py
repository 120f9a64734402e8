"""A trained linear autoencoder against PCA: its gap to the optimum, its decoder's subspace, PCA's axes recovered.

A linear autoencoder D -> k -> D reconstructs y = x W V + const (weights stored (n_in, n_out), as in
``Autoencoder.coefs_``). Its loss is at least PCA's optimum J*/N = sum_{i>k} lambda_i; at the optimum the
decoder's k rows span PCA's subspace, in an arbitrary basis. ``recover_pca_axes`` turns that basis back into
PCA's own axes using only the decoder and the data.
"""

from dataclasses import dataclass

import numpy as np

from analysis.baseline import Baseline, gap_percent
from core.metrics import best_linear_map, mse, principal_angles
from core.pca import flip_signs


def linear_decoder(coefs: list[np.ndarray], n_encoder_layers: int) -> np.ndarray:
    """The decoder of a linear autoencoder as one matrix, shape (k, D): the product of its weight matrices.

    ``coefs`` are the weights (n_in, n_out) of every layer, encoder first; the first ``n_encoder_layers``
    of them (``len(hidden_layer_sizes)``) map the input to the code. Only meaningful with identity
    activations, where the decoder is the linear map z -> z @ M (+ a constant). Row j of M is what the
    output gains when code unit j rises by 1 (a "decoder image").
    """
    if not 1 <= n_encoder_layers < len(coefs):
        raise ValueError(f"n_encoder_layers must be in 1..{len(coefs) - 1}, got {n_encoder_layers}")
    M = np.asarray(coefs[n_encoder_layers], dtype=float)
    for W in coefs[n_encoder_layers + 1:]:
        M = M @ np.asarray(W, dtype=float)
    return M


def recover_pca_axes(decoder: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PCA's axes recovered from a decoder's subspace: (axes (k, D) orthonormal rows, variances (k,)).

    1. SVD of the decoder, M = A S U^T (M is k x D): the rows of U^T are an orthonormal basis of the
       decoder's subspace, still an arbitrary one.
    2. Encode the centred data in that basis, c = U^T (x - mean), and diagonalise the k x k covariance
       (1/N) sum c c^T = E diag(v) E^T. Its eigenvectors rotate the basis onto the directions of largest
       variance inside the subspace: axes = E^T U^T, variances v (largest first).

    When the decoder spans PCA's top-k subspace, the axes are PCA's ``components_`` (same sign convention)
    and the variances are the top-k eigenvalues of the 1/N covariance.
    """
    M = np.asarray(decoder, dtype=float)
    X = np.asarray(X, dtype=float)
    if M.ndim != 2 or X.ndim != 2 or M.shape[1] != X.shape[1]:
        raise ValueError(f"decoder (k, D) and X (N, D) must share D, got {M.shape} and {X.shape}")
    _, _, ut = np.linalg.svd(M, full_matrices=False)  # ut: (k, D), orthonormal rows spanning M's rows
    C = (X - X.mean(axis=0)) @ ut.T                    # codes in that basis, (N, k)
    v, E = np.linalg.eigh(C.T @ C / len(X))            # ascending
    order = np.argsort(v)[::-1]
    return flip_signs(E[:, order].T @ ut), v[order]


def axis_cosines(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """|cos| of the angle between row i of A and row i of B, shape (k,): 1 means the same axis up to sign."""
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.shape != B.shape:
        raise ValueError(f"A and B must have the same shape, got {A.shape} and {B.shape}")
    na, nb = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    denom = np.where(na * nb > 0, na * nb, 1.0)
    return np.abs(np.sum(A * B, axis=1)) / denom


def align_code(Z_from: np.ndarray, Z_to: np.ndarray) -> tuple[np.ndarray, float]:
    """Z_from (N, k) carried onto Z_to's axes by the best affine map, and that map's R^2.

    Returns (Z_from @ M + b, shape (N, k_to); R^2) with (M, b) the least-squares fit of
    ``core.metrics.best_linear_map``. R^2 = 1 means the two codes differ only by an affine change of axes.
    """
    fit = best_linear_map(Z_from, Z_to)
    Z = np.asarray(Z_from, dtype=float)
    return (Z[:, None] if Z.ndim == 1 else Z) @ fit.matrix + fit.offset, fit.r2


def closest_cosines(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """For each row of A, the largest |cos| with any row of B, shape (len(A),).

    1 means that row of A is (up to sign and length) one of B's rows, e.g. a decoder image that is exactly one
    of PCA's components; a mixture of several components scores below 1.
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B must be 2-D with the same number of columns, got {A.shape} and {B.shape}")
    na, nb = np.linalg.norm(A, axis=1, keepdims=True), np.linalg.norm(B, axis=1, keepdims=True)
    cos = np.abs((A / np.where(na > 0, na, 1.0)) @ (B / np.where(nb > 0, nb, 1.0)).T)
    return cos.max(axis=1)


@dataclass(frozen=True)
class Comparison:
    """A linear D-k-D autoencoder against PCA(k) on the same data."""

    loss: float            # J/N of the network on X
    gap: float             # 100 (loss - J*/N) / (J*/N), NaN when J*/N = 0
    decoder: np.ndarray    # (k, D)
    angle: float           # largest principal angle between the decoder's subspace and PCA's, degrees
    codes: np.ndarray      # (N, k) the network's code
    mapped: np.ndarray     # (N, k) the network's code carried onto PCA's axes by the best affine map
    r2: float              # R^2 of that map


def compare(model, X: np.ndarray, baseline: Baseline) -> Comparison:
    """The fitted linear ``model`` (``core.Autoencoder``, one encoder layer) against ``baseline`` on X (N, D)."""
    decoder = linear_decoder(model.coefs_, 1)
    loss = mse(model.predict(X), X)
    Z = model.transform(X)
    mapped, r2 = align_code(Z, baseline.codes)
    return Comparison(loss=loss, gap=gap_percent(loss, baseline.optimum), decoder=decoder,
                      angle=float(principal_angles(decoder, baseline.components, span="rows")[-1]),
                      codes=Z, mapped=mapped, r2=r2)
