"""Metrics against independent references: scipy's subspace_angles, scikit-learn's r2_score."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import subspace_angles
from sklearn.metrics import r2_score

from core.data.datasets import load_dataset
from core.metrics import best_linear_map, explained_variance, mse, principal_angles
from core.pca import PCA


@pytest.mark.parametrize("p, q", [(1, 1), (3, 3), (2, 5), (5, 2), (8, 8)])
def test_principal_angles_match_scipy(p, q):
    rng = np.random.default_rng(p * 10 + q)
    A, B = rng.standard_normal((8, p)), rng.standard_normal((8, q))
    ours = principal_angles(A, B)
    assert ours.shape == (min(p, q),)
    np.testing.assert_allclose(ours, np.sort(np.degrees(subspace_angles(A, B))), atol=1e-9)
    assert np.all(np.diff(ours) >= 0)  # smallest first


def test_principal_angles_rows_equal_columns_of_the_transpose():
    rng = np.random.default_rng(0)
    A, B = rng.standard_normal((3, 9)), rng.standard_normal((2, 9))
    np.testing.assert_allclose(principal_angles(A, B, span="rows"), principal_angles(A.T, B.T))


def test_same_subspace_with_other_axes_has_zero_angles_even_when_tiny():
    rng = np.random.default_rng(1)
    A = rng.standard_normal((10, 3))
    B = A @ rng.standard_normal((3, 3))  # an invertible change of axes
    assert principal_angles(A, B).max() < 1e-6
    # A tilt of 1e-7 radians is measured, not lost to arccos rounding.
    tilt = A.copy()
    tilt[:, 0] += 1e-7 * np.linalg.norm(A[:, 0]) * np.linalg.qr(np.column_stack([A, rng.standard_normal(10)]))[0][:, 3]
    np.testing.assert_allclose(principal_angles(A, tilt), np.sort(np.degrees(subspace_angles(A, tilt))),
                               rtol=1e-3, atol=1e-12)
    assert principal_angles(A, tilt).max() > 1e-7


def test_orthogonal_subspaces_are_at_ninety_degrees():
    e = np.eye(6)
    np.testing.assert_allclose(principal_angles(e[:, :2], e[:, 2:5]), [90.0, 90.0])


def test_rank_deficient_input_counts_only_its_rank():
    rng = np.random.default_rng(2)
    A = rng.standard_normal((7, 2))
    A = np.column_stack([A, A[:, 0] + A[:, 1]])  # rank 2 in 3 columns
    assert principal_angles(A, rng.standard_normal((7, 4))).shape == (2,)


def test_principal_angles_of_pca_fits_on_the_same_data_are_zero():
    X = load_dataset("low_rank", n_features=12, rank=4).X
    a = PCA(4).fit(X).components_
    b = PCA(4).fit(X[::-1]).components_
    assert principal_angles(a, b, span="rows").max() < 1e-6


def test_principal_angles_reject_bad_span_and_mismatched_spaces():
    with pytest.raises(ValueError, match="span"):
        principal_angles(np.eye(3), np.eye(3), span="diagonal")
    with pytest.raises(ValueError):
        principal_angles(np.ones((3, 2)), np.ones((4, 2)))


def test_rotated_code_maps_back_with_r2_one():
    X = load_dataset("wine", standardize=True).X
    Z = PCA(3).fit_transform(X)
    rng = np.random.default_rng(3)
    M, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    Z_other = Z @ M * 2.5 + np.array([1.0, -2.0, 3.0])  # same subspace, other axes, scale and origin
    fit = best_linear_map(Z, Z_other)
    assert fit.matrix.shape == (3, 3) and fit.offset.shape == (3,)
    np.testing.assert_allclose(fit.r2, 1.0, atol=1e-12)
    np.testing.assert_allclose(fit.matrix, 2.5 * M, atol=1e-10)
    np.testing.assert_allclose(fit.offset, [1.0, -2.0, 3.0], atol=1e-10)
    matrix, offset, r2 = fit  # unpacks as a plain tuple
    np.testing.assert_allclose(Z @ matrix + offset, Z_other, atol=1e-10)


def test_unrelated_codes_have_low_r2_and_r2_matches_scikit_learn():
    rng = np.random.default_rng(4)
    Z_from, Z_to = rng.standard_normal((500, 2)), rng.standard_normal((500, 3))
    fit = best_linear_map(Z_from, Z_to)
    assert fit.r2 < 0.05
    pred = Z_from @ fit.matrix + fit.offset
    np.testing.assert_allclose(fit.r2, r2_score(Z_to, pred, multioutput="variance_weighted"))


def test_best_linear_map_accepts_1d_codes_and_checks_lengths():
    z = np.linspace(0, 1, 20)
    assert best_linear_map(z, 3 * z - 1).r2 == pytest.approx(1.0)
    with pytest.raises(ValueError, match="rows"):
        best_linear_map(np.ones((5, 2)), np.ones((4, 2)))


@pytest.mark.parametrize("k", [1, 2, 3])
def test_explained_variance_of_a_pca_reconstruction_is_its_ratio_sum(k):
    X = load_dataset("iris").X
    pca = PCA(k).fit(X)
    X_hat = pca.inverse_transform(pca.transform(X))
    np.testing.assert_allclose(explained_variance(X, X_hat), pca.explained_variance_ratio_.sum())
    np.testing.assert_allclose(explained_variance(X, X_hat), r2_score(X, X_hat, multioutput="variance_weighted"))
    np.testing.assert_allclose(mse(X_hat, X), pca.reconstruction_error(X))


def test_explained_variance_edges():
    X = np.random.default_rng(5).standard_normal((30, 4))
    assert explained_variance(X, X) == 1.0
    assert explained_variance(X, np.tile(X.mean(axis=0), (30, 1))) == pytest.approx(0.0)
    assert explained_variance(X, -X) < 0
    with pytest.raises(ValueError, match="shape"):
        explained_variance(X, X[:, :3])


def test_mse_is_mean_squared_norm():
    X = np.zeros((4, 2))
    X_hat = np.array([[1.0, 0], [0, 2], [0, 0], [3, 4]])
    assert mse(X_hat, X) == pytest.approx((1 + 4 + 0 + 25) / 4)
    with pytest.raises(ValueError, match="same shape"):
        mse(X_hat, X[:3])


@settings(max_examples=40, deadline=None)
@given(d=st.integers(2, 9), seed=st.integers(0, 2**16), data=st.data())
def test_property_angles_agree_with_scipy(d, seed, data):
    p, q = data.draw(st.integers(1, d)), data.draw(st.integers(1, d))
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((d, p)), rng.standard_normal((d, q))
    ours = principal_angles(A, B)
    assert np.all((ours >= 0) & (ours <= 90))
    # scipy mixes arcsin and arccos by a mask that can take a tiny angle from arccos (error ~1e-6 degrees).
    np.testing.assert_allclose(ours, np.sort(np.degrees(subspace_angles(A, B))), atol=1e-5)
    if p + q > d:  # two subspaces this large must share a direction: the smallest angle is exactly 0
        assert ours[0] < 1e-9
