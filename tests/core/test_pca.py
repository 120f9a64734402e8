"""PCA against independent references: np.linalg.svd, np.linalg.eigh and scikit-learn's PCA."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.decomposition import PCA as SklearnPCA

from core.data.datasets import load_dataset
from core.pca import PCA, discarded_variance, eigenvalues


def _data(n=60, d=7, seed=0):
    rng = np.random.default_rng(seed)
    # Distinct variances per direction so every component is well defined.
    return rng.standard_normal((n, d)) * np.linspace(3.0, 0.5, d) @ np.linalg.qr(rng.standard_normal((d, d)))[0] + 4


def _same_up_to_sign(A, B):
    """Rows of A equal rows of B, each possibly flipped."""
    signs = np.sign(np.sum(A * B, axis=1))
    return np.allclose(A * signs[:, None], B, atol=1e-10)


@pytest.mark.parametrize("k", [1, 3, 7])
def test_components_equal_the_right_singular_vectors_of_the_centred_data(k):
    X = _data()
    _, s, vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    pca = PCA(k).fit(X)
    assert pca.components_.shape == (k, 7)
    assert _same_up_to_sign(pca.components_, vt[:k])
    np.testing.assert_allclose(pca.singular_values_, s[:k])
    np.testing.assert_allclose(pca.components_ @ pca.components_.T, np.eye(k), atol=1e-12)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_matches_scikit_learn(k):
    X = load_dataset("wine", standardize=True).X
    ours, theirs = PCA(k).fit(X), SklearnPCA(k, svd_solver="full").fit(X)
    assert _same_up_to_sign(ours.components_, theirs.components_)
    # Same sign convention as scikit-learn, so the codes agree exactly, not just up to sign.
    np.testing.assert_allclose(ours.components_, theirs.components_, atol=1e-10)
    np.testing.assert_allclose(ours.mean_, theirs.mean_)
    np.testing.assert_allclose(ours.explained_variance_, theirs.explained_variance_)
    np.testing.assert_allclose(ours.explained_variance_ratio_, theirs.explained_variance_ratio_)
    np.testing.assert_allclose(ours.singular_values_, theirs.singular_values_)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-10)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)),
                               theirs.inverse_transform(theirs.transform(X)), atol=1e-10)


def test_sign_convention_largest_entry_positive_and_deterministic():
    X = _data(seed=3)
    c = PCA(4).fit(X).components_
    rows = np.arange(4)
    assert np.all(c[rows, np.argmax(np.abs(c), axis=1)] > 0)
    np.testing.assert_array_equal(c, PCA(4).fit(X.copy()).components_)


def test_eigenvalues_match_eigh_of_the_covariance_in_both_normalisations():
    X = _data(n=40, d=6, seed=1)
    Xc = X - X.mean(axis=0)
    for ddof in (0, 1):
        cov = Xc.T @ Xc / (len(X) - ddof)
        np.testing.assert_allclose(eigenvalues(X, ddof=ddof), np.linalg.eigvalsh(cov)[::-1], atol=1e-12)
    np.testing.assert_allclose(eigenvalues(X, ddof=1), SklearnPCA().fit(X).explained_variance_)


def test_eigenvalues_pad_with_zeros_when_fewer_samples_than_features():
    X = _data(n=4, d=9, seed=2)
    lam = eigenvalues(X)
    assert lam.shape == (9,)
    np.testing.assert_allclose(lam[3:], 0.0, atol=1e-12)  # centred data has rank <= N - 1 = 3
    assert lam[2] > 1e-3


@pytest.mark.parametrize("name", ["digits", "low_rank", "iris"])
def test_reconstruction_error_is_the_sum_of_discarded_eigenvalues_for_every_k(name):
    X = load_dataset(name, standardize=True).X
    n, d = X.shape
    optimum = discarded_variance(X)
    assert optimum.shape == (d + 1,)
    lam = np.linalg.eigvalsh(np.cov(X.T, bias=True))[::-1]  # the 1/N covariance, largest first
    for k in range(1, d + 1, max(1, d // 8)):
        J = PCA(k).fit(X).reconstruction_error(X)
        np.testing.assert_allclose(J, lam[k:].sum(), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(J, optimum[k], rtol=1e-9, atol=1e-9)
        # The same through scikit-learn's 1/(N-1) eigenvalues, rescaled.
        sk = SklearnPCA().fit(X).explained_variance_
        np.testing.assert_allclose(J, sk[k:].sum() * (n - 1) / n, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(optimum[0], X.var(axis=0).sum())
    assert optimum[-1] == 0.0
    assert np.all(np.diff(optimum) <= 1e-12)


def test_round_trip_at_full_rank_is_exact():
    X = _data()
    pca = PCA(X.shape[1]).fit(X)
    np.testing.assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-10)
    assert pca.reconstruction_error(X) < 1e-20
    np.testing.assert_allclose(pca.explained_variance_ratio_.sum(), 1.0)


def test_pca_beats_every_other_rank_k_projection():
    X = _data(seed=5)
    J = PCA(2).fit(X).reconstruction_error(X)
    rng = np.random.default_rng(0)
    mean = X.mean(axis=0)
    for _ in range(20):
        q, _ = np.linalg.qr(rng.standard_normal((X.shape[1], 2)))
        other = (X - mean) @ q @ q.T + mean
        assert np.mean(np.sum((X - other) ** 2, axis=1)) > J


def test_fit_transform_equals_fit_then_transform():
    X = _data()
    np.testing.assert_allclose(PCA(3).fit_transform(X), PCA(3).fit(X).transform(X))


def test_none_keeps_min_n_d():
    assert PCA(None).fit(_data(n=5, d=7)).n_components_ == 5


@pytest.mark.parametrize("k", [0, 8, -1, 2.5, "2", True])
def test_bad_n_components_names_the_parameter(k):
    with pytest.raises(ValueError, match="n_components"):
        PCA(k).fit(_data(d=7))


@pytest.mark.parametrize("X", [np.ones((1, 3)), np.array([[1.0, np.nan], [2, 3]]), np.array([[1.0, np.inf], [2, 3]])])
def test_bad_data_raises_value_error(X):
    with pytest.raises(ValueError):
        PCA(1).fit(X)


def test_constant_data_has_zero_ratios_not_nan():
    pca = PCA(2).fit(np.ones((10, 3)))
    np.testing.assert_array_equal(pca.explained_variance_ratio_, 0.0)
    assert pca.reconstruction_error(np.ones((10, 3))) == 0.0


def test_transform_checks_feature_count():
    pca = PCA(2).fit(_data(d=7))
    with pytest.raises(ValueError):
        pca.transform(np.ones((3, 6)))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")  # the array-API check needs an env var
def test_is_a_scikit_learn_estimator():
    from sklearn.pipeline import make_pipeline
    from sklearn.utils.estimator_checks import check_estimator

    check_estimator(PCA(1))
    X = _data()
    np.testing.assert_allclose(make_pipeline(PCA(2)).fit_transform(X), PCA(2).fit_transform(X))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 30), d=st.integers(1, 8), seed=st.integers(0, 2**16), data=st.data())
def test_property_error_equals_discarded_eigenvalues(n, d, seed, data):
    k = data.draw(st.integers(1, min(n, d)))
    X = np.random.default_rng(seed).standard_normal((n, d)) * 3
    pca = PCA(k).fit(X)
    np.testing.assert_allclose(pca.reconstruction_error(X), discarded_variance(X)[k], rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(pca.components_ @ pca.components_.T, np.eye(k), atol=1e-10)
