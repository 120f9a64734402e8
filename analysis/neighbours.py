"""How well a low-dimensional code keeps the neighbourhoods and the classes of the data: fast enough to redraw live.

`sklearn.manifold.trustworthiness` recomputes the data's own neighbour ranking on every call (an N x N sort in
D dimensions). During live training only the code changes, so here the data side is computed once
(`NeighbourRanks`), and each new code costs one N x N distance matrix in k dimensions. `CodeScores` does both
scores of a code on a fixed random subset of the data.

Trustworthiness (Venna and Kaski, 2001), with U_k(i) the points among i's k nearest neighbours in the code
but not in the data, and r(i, j) the rank of j among i's neighbours in the data (1 = nearest):

    T(k) = 1 - 2 / (N k (2N - 3k - 1)) * sum_i sum_{j in U_k(i)} (r(i, j) - k)

It equals `sklearn.manifold.trustworthiness` (Euclidean metric) up to ties.
"""

from dataclasses import dataclass

import numpy as np

from core.data import subsample


def _pairwise_sq(A: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances, shape (N, N), with the diagonal set to +inf (a point is not its own neighbour)."""
    if A.shape[1] <= 8:
        # Few columns: sum the squared differences directly (exact; no cancellation between large norms).
        d = np.zeros((len(A), len(A)))
        for col in A.T:
            diff = col[:, None] - col[None, :]
            d += diff * diff
    else:
        sq = np.einsum("ij,ij->i", A, A)
        d = sq[:, None] + sq[None, :] - 2.0 * (A @ A.T)
        np.maximum(d, 0.0, out=d)
    np.fill_diagonal(d, np.inf)
    return d


def nearest(Z: np.ndarray, k: int) -> np.ndarray:
    """Indices of each row's k nearest other rows of Z, shape (N, k), nearest first."""
    d = _pairwise_sq(np.asarray(Z, dtype=np.float64))
    idx = np.argpartition(d, k - 1, axis=1)[:, :k]
    order = np.argsort(np.take_along_axis(d, idx, axis=1), axis=1, kind="stable")
    return np.take_along_axis(idx, order, axis=1)


@dataclass(frozen=True)
class NeighbourRanks:
    """The data's neighbour ranking, computed once: ``ranks[i, j]`` = rank of j among i's neighbours (1 = nearest).

    ``ranks[i, i]`` is 0. Memory is N x N int32 (13 MB for N = 1797).
    """

    ranks: np.ndarray

    @classmethod
    def of(cls, X: np.ndarray) -> "NeighbourRanks":
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) < 4:
            raise ValueError("Neighbour ranks need a 2-D array with at least 4 rows.")
        order = np.argsort(_pairwise_sq(X), axis=1, kind="stable")  # the point itself (inf) comes last
        n = len(X)
        ranks = np.zeros((n, n), dtype=np.int32)
        rows = np.arange(n)[:, None]
        ranks[rows, order[:, : n - 1]] = np.arange(1, n, dtype=np.int32)[None, :]
        return cls(ranks)

    def trustworthiness(self, Z: np.ndarray, k: int = 5) -> float:
        """T(k) of the code Z, shape (N, d), against the data these ranks came from. In [0, 1]; 1 is best."""
        n = len(self.ranks)
        Z = np.asarray(Z, dtype=np.float64)
        if Z.ndim == 1:
            Z = Z[:, None]
        if len(Z) != n:
            raise ValueError(f"The code has {len(Z)} rows but the data had {n}.")
        if not 1 <= k < n / 2:
            raise ValueError(f"k must be from 1 to below N/2 = {n / 2}, got {k}.")
        nbrs = nearest(Z, k)
        excess = np.take_along_axis(self.ranks, nbrs, axis=1).astype(np.int64) - k
        penalty = excess[excess > 0].sum()
        return float(1.0 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)))


def knn_accuracy(Z: np.ndarray, y: np.ndarray, k: int = 5) -> float:
    """Leave-one-out k-nearest-neighbour accuracy of the labels y, shape (N,), in the code Z, shape (N, d).

    Each point is classified by the majority label of its k nearest *other* points (ties go to the label of
    the nearest point among the tied labels), and the fraction classified correctly is returned.
    """
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim == 1:
        Z = Z[:, None]
    y = np.asarray(y)
    if len(Z) != len(y):
        raise ValueError(f"The code has {len(Z)} rows but there are {len(y)} labels.")
    if not 1 <= k < len(y):
        raise ValueError(f"k must be from 1 to N - 1 = {len(y) - 1}, got {k}.")
    classes, codes = np.unique(y, return_inverse=True)
    nbr_labels = codes[nearest(Z, k)]  # (N, k), nearest first
    counts = np.zeros((len(y), len(classes)), dtype=np.int64)
    np.add.at(counts, (np.arange(len(y))[:, None], nbr_labels), 1)
    # Break ties by the nearest neighbour: add a small bonus that decreases with the neighbour's rank.
    bonus = np.zeros(counts.shape)
    np.maximum.at(bonus, (np.arange(len(y))[:, None], nbr_labels), (k - np.arange(k))[None, :] / (k + 1.0))
    predicted = np.argmax(counts + bonus, axis=1)
    return float(np.mean(predicted == codes))


@dataclass(frozen=True)
class CodeScores:
    """Trustworthiness and k-NN accuracy of codes of one dataset, on a fixed random subset of its rows.

    The data's side (its neighbour ranks on the subset) is computed once by `of`; scoring a code then costs one
    distance matrix of the subset in the code's few dimensions.
    """

    rows: np.ndarray           # indices of the subset, sorted
    ranks: NeighbourRanks
    labels: np.ndarray | None  # the subset's class labels, or None (no k-NN accuracy)
    k: int

    @classmethod
    def of(cls, X: np.ndarray, labels: np.ndarray | None = None, *, size: int = 600, k: int = 5,
           seed: int = 0) -> "CodeScores":
        rows = subsample(len(X), size, seed=seed)
        return cls(rows, NeighbourRanks.of(np.asarray(X)[rows]), None if labels is None else np.asarray(labels)[rows],
                   k)

    def __call__(self, Z: np.ndarray) -> tuple[float, float | None]:
        """(T(k), k-NN accuracy or None) of the code Z of all N rows (N, d)."""
        Z = np.asarray(Z)[self.rows]
        knn = None if self.labels is None else knn_accuracy(Z, self.labels, self.k)
        return self.ranks.trustworthiness(Z, self.k), knn
