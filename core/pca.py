"""Principal component analysis in a few lines of NumPy, with scikit-learn's conventions.

The whole method is one SVD of the centred data  X - mean = U S V^T:

* the principal directions are the rows of V^T (``components_``, k x D, orthonormal rows);
* the code of a sample is its projection  z = V_k^T (x - mean)  (``transform``);
* the rank-k reconstruction is  x_hat = mean + V_k z  (``inverse_transform``).

Two normalisations of the covariance appear, and this module names them:

* scikit-learn's ``explained_variance_`` divides by N - 1:  S_i^2 / (N - 1).
* The PCA objective per sample, J/N = (1/N) sum_n ||x_n - x_hat_n||^2, is measured with 1/N, so its
  optimum is the sum of the *discarded* eigenvalues of the 1/N covariance C = (1/N) X_c^T X_c:
  J_k / N = sum_{i>k} lambda_i  with  lambda_i = S_i^2 / N  =  explained_variance_i * (N - 1) / N.

Sign convention (deterministic, as in scikit-learn >= 1.5): each component is flipped so that its
entry of largest absolute value is positive (the first such entry on a tie).
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from core.metrics import mse


class PCA(TransformerMixin, BaseEstimator):
    """Project data onto its k directions of largest variance.

    Parameters
    ----------
    n_components : int or None
        k, the size of the code: an int from 1 to min(N, D). ``None`` keeps min(N, D).

    Attributes
    ----------
    components_ : ndarray, shape (k, D)
        Principal directions, orthonormal rows, largest variance first.
    mean_ : ndarray, shape (D,)
        Per-feature mean of the training data.
    singular_values_ : ndarray, shape (k,)
        S_1 >= ... >= S_k, singular values of the centred training data.
    explained_variance_ : ndarray, shape (k,)
        S_i^2 / (N - 1): variance along each component (scikit-learn's normalisation).
    explained_variance_ratio_ : ndarray, shape (k,)
        Fraction of the total variance along each component.
    n_components_, n_features_in_, n_samples_ : int
        k, D and N.
    """

    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X, y=None):
        """Fit on X, shape (N, D), N >= 2. ``y`` is ignored. Returns ``self``."""
        X = validate_data(self, X, dtype=np.float64, ensure_min_samples=2)
        n, d = X.shape
        k = _check_n_components(self.n_components, n, d)

        self.mean_ = X.mean(axis=0)
        _, s, vt = np.linalg.svd(X - self.mean_, full_matrices=False)
        vt = flip_signs(vt)
        all_variances = s**2 / (n - 1)
        total = all_variances.sum()

        self.components_ = vt[:k]
        self.singular_values_ = s[:k]
        self.explained_variance_ = all_variances[:k]
        # Constant data has no variance to explain: report zeros rather than 0/0.
        self.explained_variance_ratio_ = all_variances[:k] / total if total > 0 else np.zeros(k)
        self.n_components_, self.n_samples_ = k, n
        return self

    def transform(self, X):
        """Codes Z = (X - mean_) @ components_.T, shape (N, k)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return (X - self.mean_) @ self.components_.T

    def inverse_transform(self, Z):
        """Reconstructions X_hat = Z @ components_ + mean_, shape (N, D), from codes Z, shape (N, k)."""
        check_is_fitted(self)
        Z = np.asarray(Z, dtype=np.float64)
        return Z @ self.components_ + self.mean_

    def reconstruction_error(self, X):
        """J/N = (1/N) sum_n ||x_n - x_hat_n||^2, the mean squared reconstruction error per sample.

        On the training data this equals ``discarded_variance(X)[k]``.
        """
        return mse(self.inverse_transform(self.transform(X)), X)


def eigenvalues(X, *, ddof=0):
    """All D eigenvalues of the covariance of X, shape (D,), largest first.

    ``ddof=0`` gives the 1/N covariance (the one J/N is measured in), ``ddof=1`` the 1/(N-1)
    covariance (scikit-learn's ``explained_variance_``). When N <= D the trailing ones are zero.
    """
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    lam = np.zeros(d)
    lam[: len(s)] = s**2 / (n - ddof)
    return lam


def discarded_variance(X):
    """PCA's optimum for every code size at once, shape (D + 1,).

    Entry k is the smallest mean squared reconstruction error any rank-k linear map can reach,
    J_k / N = (1/N) sum_n ||x_n - x_hat_n||^2 = sum_{i>k} lambda_i, with lambda the eigenvalues of
    the 1/N covariance (``eigenvalues(X)``). Entry 0 is the total variance, entry D is 0.
    """
    lam = eigenvalues(X)
    tail = np.cumsum(lam[::-1])[::-1]  # tail[i] = lam[i] + lam[i+1] + ...
    return np.append(tail, 0.0)


def flip_signs(rows):
    """Each row flipped so that its entry of largest absolute value is positive (scikit-learn's convention)."""
    rows = np.asarray(rows, dtype=np.float64)
    signs = np.sign(rows[np.arange(len(rows)), np.argmax(np.abs(rows), axis=1)])
    signs[signs == 0] = 1.0
    return rows * signs[:, None]


def _check_n_components(k, n, d):
    limit = min(n, d)
    if k is None:
        return limit
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= limit:
        raise ValueError(
            f"n_components must be an integer from 1 to min(N, D) = {limit}, got {k!r}."
        )
    return int(k)
