import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA as SkPCA
from sklearn.manifold import trustworthiness as sk_trust
from sklearn.model_selection import LeaveOneOut, cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from analysis.neighbours import CodeScores, NeighbourRanks, knn_accuracy, nearest
from core import PCA, load_dataset
from core.data import subsample


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    idx = subsample(len(X), 400, seed=1)
    # Pixels are integers, so many distances tie exactly and any ranking of ties is as good as another;
    # a tiny jitter makes the ranking unique, so two implementations must agree exactly.
    jitter = np.random.default_rng(2).normal(scale=1e-6, size=(len(idx), X.shape[1]))
    return X[idx].astype(float) + jitter, y[idx]


def test_trustworthiness_equals_sklearn(digits):
    X, _ = digits
    ranks = NeighbourRanks.of(X)
    Z = SkPCA(2).fit_transform(X)
    rng = np.random.default_rng(0)
    for code in (Z, rng.normal(size=(len(X), 2)), X[:, 10:13]):
        for k in (1, 5, 12):
            assert ranks.trustworthiness(code, k) == pytest.approx(sk_trust(X, code, n_neighbors=k), abs=1e-12)


def test_trustworthiness_of_the_data_itself_is_one(digits):
    X, _ = digits
    assert NeighbourRanks.of(X).trustworthiness(X, 5) == pytest.approx(1.0)


def test_trustworthiness_rejects_wrong_rows(digits):
    X, _ = digits
    with pytest.raises(ValueError, match="rows"):
        NeighbourRanks.of(X).trustworthiness(X[:10], 5)


def test_knn_accuracy_equals_leave_one_out(digits):
    X, y = digits
    Z = SkPCA(2).fit_transform(X)
    ref = cross_val_score(KNeighborsClassifier(n_neighbors=1), Z, y, cv=LeaveOneOut()).mean()
    assert knn_accuracy(Z, y, 1) == pytest.approx(ref, abs=1e-12)
    # k = 5 against a plain loop: majority vote, ties to the label of the nearest tied neighbour.
    d = ((Z[:, None, :] - Z[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    correct = 0
    for i in range(len(Z)):
        labels = y[np.argsort(d[i])[:5]]
        values, counts = np.unique(labels, return_counts=True)
        best = values[counts == counts.max()]
        vote = next(lab for lab in labels if lab in best)
        correct += vote == y[i]
    assert knn_accuracy(Z, y, 5) == pytest.approx(correct / len(Z), abs=1e-12)


def test_knn_accuracy_separated_vs_mixed():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], 50)
    separated = rng.normal(size=(150, 2)) * 0.1 + np.array([[0, 0], [5, 0], [0, 5]])[y]
    assert knn_accuracy(separated, y, 5) == 1.0
    mixed = rng.normal(size=(150, 2))
    assert knn_accuracy(mixed, y, 5) < 0.6


def test_nearest_is_sorted_and_excludes_self():
    Z = np.array([[0.0], [1.0], [3.0], [7.0]])
    assert nearest(Z, 2).tolist() == [[1, 2], [0, 2], [1, 0], [2, 1]]


def test_subsample_is_fixed_and_bounded():
    a = subsample(1000, 100, seed=3)
    assert len(a) == 100 and len(set(a)) == 100 and np.all(np.diff(a) > 0)
    assert np.array_equal(a, subsample(1000, 100, seed=3))
    assert np.array_equal(subsample(50, 100), np.arange(50))


def test_code_scores_on_digits():
    ds = load_dataset("digits", n_samples=400)
    Z2 = PCA(2).fit_transform(ds.X)
    Z20 = PCA(20).fit_transform(ds.X)
    scores = CodeScores.of(ds.X, ds.y, size=400)
    (t2, a2), (t20, a20) = scores(Z2), scores(Z20)
    assert 0.5 < t2 < t20 <= 1.0
    assert 0.3 < a2 < a20 <= 1.0
    assert CodeScores.of(ds.X, size=100)(Z2)[1] is None  # no labels, no accuracy
