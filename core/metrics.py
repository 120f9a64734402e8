"""Ways to measure reconstructions and to compare codes and subspaces.

* ``mse``: the loss every number in the lessons is measured in, (1/N) sum_n ||y_n - t_n||^2.
* ``explained_variance``: the fraction of the variance a reconstruction keeps.
* ``principal_angles``: do two models span the same subspace?
* ``best_linear_map``: are two codes the same up to an invertible linear change of axes?
"""

from typing import NamedTuple

import numpy as np


def principal_angles(A, B, *, span="columns"):
    """Principal angles between the subspaces spanned by A and by B, in degrees, smallest first.

    Parameters
    ----------
    A : ndarray, shape (D, p)   (or (p, D) with ``span="rows"``)
    B : ndarray, shape (D, q)   (or (q, D) with ``span="rows"``)
    span : "columns" or "rows"
        Which vectors span the subspace. PCA's ``components_`` (k x D) and a decoder's weights
        (k x D in ``coefs_``) span with their rows; an encoder's first weights (D x k) with its columns.

    Returns
    -------
    ndarray, shape (min(rank A, rank B),)
        theta_1 <= ... <= theta_m in [0, 90]. 0 everywhere means the same subspace; the last
        (largest) angle says how far apart the subspaces are at worst.

    With orthonormal bases Q_A, Q_B, cos theta_i are the singular values of Q_A^T Q_B. Small angles
    are taken from their sines (singular values of the part of Q_B outside span Q_A) because
    arccos loses precision near 1, as in ``scipy.linalg.subspace_angles``.
    """
    if span not in ("columns", "rows"):
        raise ValueError(f'span must be "columns" or "rows", got {span!r}.')
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    if span == "rows":
        A, B = A.T, B.T
    if A.ndim != 2 or B.ndim != 2 or A.shape[0] != B.shape[0]:
        raise ValueError(f"A and B must span subspaces of the same space, got shapes {A.shape} and {B.shape}.")
    qa, qb = _orthonormal_basis(A), _orthonormal_basis(B)
    if qa.shape[1] < qb.shape[1]:
        qa, qb = qb, qa  # measure the smaller subspace against the larger one
    cosines = np.linalg.svd(qa.T @ qb, compute_uv=False)  # largest first: smallest angles first
    sines = np.linalg.svd(qb - qa @ (qa.T @ qb), compute_uv=False)[::-1]  # smallest first
    angles = np.where(
        cosines**2 >= 0.5,
        np.arcsin(np.clip(sines, 0.0, 1.0)),
        np.arccos(np.clip(cosines, 0.0, 1.0)),
    )
    return np.degrees(np.sort(angles))


def _orthonormal_basis(M, rtol=1e-10):
    """Orthonormal columns spanning the column space of M (rank decided by singular values)."""
    u, s, _ = np.linalg.svd(M, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        return u[:, :0]
    return u[:, s > rtol * s[0]]


class LinearMap(NamedTuple):
    """Z_to ~= Z_from @ matrix + offset, and how well that holds (R^2)."""

    matrix: np.ndarray  # shape (k_from, k_to)
    offset: np.ndarray  # shape (k_to,)
    r2: float


def best_linear_map(Z_from, Z_to):
    """The least-squares affine map from one code to another, and its R^2.

    Solves  min_{M, b} sum_n ||z_to_n - (M^T z_from_n + b)||^2  by ``np.linalg.lstsq``.

    Parameters
    ----------
    Z_from : ndarray, shape (N, k_from)
    Z_to : ndarray, shape (N, k_to)

    Returns
    -------
    LinearMap(matrix (k_from, k_to), offset (k_to,), r2)
        ``r2 = 1 - sum ||residual||^2 / sum ||z_to - mean(z_to)||^2`` summed over all columns
        (scikit-learn's ``r2_score(..., multioutput="variance_weighted")``). R^2 = 1 means the two
        codes are the same up to an affine change of axes: same subspace, different axes.
    """
    Z_from, Z_to = _as_2d(Z_from, "Z_from"), _as_2d(Z_to, "Z_to")
    if len(Z_from) != len(Z_to):
        raise ValueError(f"Z_from and Z_to need the same number of rows, got {len(Z_from)} and {len(Z_to)}.")
    design = np.hstack([Z_from, np.ones((len(Z_from), 1))])
    coef, *_ = np.linalg.lstsq(design, Z_to, rcond=None)
    residual = Z_to - design @ coef
    return LinearMap(coef[:-1], coef[-1], _r2(Z_to, residual))


def mean_squared_norm(R) -> float:
    """(1/N) sum_n ||r_n||^2 for R of shape (N, D): the mean squared error of a residual R = Y - T."""
    return float(np.vdot(R, R)) / len(R)


def mse(Y, T) -> float:
    """J/N = (1/N) sum_n ||y_n - t_n||^2 for Y and T of shape (N, D) (a reconstruction and its target)."""
    Y, T = _as_2d(Y, "Y"), _as_2d(T, "T")
    if Y.shape != T.shape:
        raise ValueError(f"Y and T must have the same shape, got {Y.shape} and {T.shape}.")
    return mean_squared_norm(Y - T)


def explained_variance(X, X_hat):
    """Fraction of X's total variance that the reconstruction X_hat explains.

    ``1 - sum_n ||x_n - x_hat_n||^2 / sum_n ||x_n - mean(x)||^2``, equal to scikit-learn's
    ``r2_score(X, X_hat, multioutput="variance_weighted")``. For a k-component PCA on its own
    training data it equals ``sum(pca.explained_variance_ratio_)``. 1 is perfect; 0 is no better
    than predicting the mean; it can go below 0.
    """
    X, X_hat = _as_2d(X, "X"), _as_2d(X_hat, "X_hat")
    if X.shape != X_hat.shape:
        raise ValueError(f"X and X_hat must have the same shape, got {X.shape} and {X_hat.shape}.")
    return _r2(X, X - X_hat)


def _r2(target, residual):
    total = np.sum((target - target.mean(axis=0)) ** 2)
    if total == 0:
        # A constant target: explained perfectly if the residual is zero, else not at all.
        return 1.0 if np.sum(residual**2) == 0 else 0.0
    return float(1.0 - np.sum(residual**2) / total)


def _as_2d(M, name):
    M = np.asarray(M, dtype=np.float64)
    if M.ndim == 1:
        M = M[:, None]
    if M.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (N, k), got shape {M.shape}.")
    return M
