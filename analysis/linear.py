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


# --- L2 recovers PCA's axes (Kunin et al. 2019) ---------------------------------------------------------------------
# Core's loss is (1/N) sum_n ||x_n - y_n||^2 + l2 (||W||_F^2 + ||V||_F^2). Kunin et al. write ||X - VWX||_F^2 +
# lambda (||W||_F^2 + ||V||_F^2) with X unnormalised: N times core's loss with lambda = N l2 and eigenvalues N lambda_i,
# so every ratio lambda / lambda_i they state holds here with l2 and the eigenvalues of the 1/N covariance.
# Along principal direction i, with W = V^T of singular value s, the loss is lambda_i (1 - s^2)^2 + 2 l2 s^2:
# least at s^2 = 1 - l2 / lambda_i (and at 0 once lambda_i <= l2, where the direction switches off).


def l2_singular_values(eigenvalues, k: int, l2: float) -> np.ndarray:
    """(k,): the decoder's singular values at the L2 optimum, sqrt(max(0, 1 - l2 / lambda_i)), i = 1..k."""
    lam = np.asarray(eigenvalues, dtype=float)[:k]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(lam > 0, 1.0 - l2 / np.where(lam > 0, lam, 1.0), 0.0)
    return np.sqrt(np.clip(share, 0.0, None))


def l2_optimum(eigenvalues, k: int, l2: float) -> tuple[float, float]:
    """(J/N, J/N + penalty) at the L2 optimum: each kept direction i costs min(lambda_i, l2^2 / lambda_i) of
    reconstruction (PCA's optimum plus that price) and 2 l2 s_i^2 of penalty."""
    lam = np.asarray(eigenvalues, dtype=float)
    s2 = l2_singular_values(lam, k, l2) ** 2
    data = float(np.sum(lam[:k] * (1.0 - s2) ** 2) + np.sum(lam[k:]))
    return data, data + float(2.0 * l2 * np.sum(s2))


@dataclass(frozen=True)
class L2Axes:
    """How far a linear D-k-D autoencoder is from the L2 optimum's shape (Kunin et al. 2019)."""

    asymmetry: float          # ||W - V^T||_F / ||W||_F: 0 when the encoder is the decoder's transpose
    singular_values: np.ndarray  # (k,) the decoder's, largest first
    targets: np.ndarray       # (k,) sqrt(1 - l2 / lambda_i)
    cosines: np.ndarray       # (k,) |cos| between the decoder's i-th singular direction and PCA's component i


def l2_axes(model, baseline: Baseline, l2: float) -> L2Axes:
    """The fitted linear ``model`` (one encoder layer) against the L2 optimum on ``baseline``'s data.

    The decoder's singular directions (its left singular vectors, read off the decoder alone: no data, no rotation)
    are PCA's components at the optimum, once the eigenvalues are distinct; its columns are those directions
    turned by an orthogonal k x k matrix, which the loss cannot see.
    """
    encoder, decoder = (np.asarray(W, dtype=float) for W in model.coefs_[:2])  # (D, k) and (k, D): W^T and V^T
    norm = float(np.linalg.norm(encoder))
    _, s, ut = np.linalg.svd(decoder, full_matrices=False)
    return L2Axes(asymmetry=float(np.linalg.norm(encoder - decoder.T)) / norm if norm > 0 else float("nan"),
                  singular_values=s, targets=l2_singular_values(baseline.eigenvalues, baseline.k, l2),
                  cosines=axis_cosines(ut, baseline.components))
