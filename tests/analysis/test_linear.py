import numpy as np
import pytest

from analysis.linear import align_code, axis_cosines, linear_decoder, recover_pca_axes
from core.pca import flip_signs


def _data(seed=0, n=300, d=6):
    rng = np.random.default_rng(seed)
    # Distinct variances along random orthogonal directions: a clear eigen-gap.
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    return (rng.normal(size=(n, d)) * np.array([5.0, 3.0, 2.0, 0.5, 0.3, 0.1])[:d]) @ Q.T + 3.0


def _svd_pca(X, k):
    Xc = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    return vt[:k], s**2 / len(X)


def test_linear_decoder_is_product_of_decoder_layers():
    rng = np.random.default_rng(1)
    coefs = [rng.normal(size=s) for s in [(8, 5), (5, 2), (2, 5), (5, 8)]]
    M = linear_decoder(coefs, 2)
    assert M.shape == (2, 8)
    z = rng.normal(size=(3, 2))
    np.testing.assert_allclose(z @ M, z @ coefs[2] @ coefs[3])
    np.testing.assert_array_equal(linear_decoder(coefs[1:3], 1), coefs[2])
    with pytest.raises(ValueError):
        linear_decoder(coefs, 4)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_recover_pca_axes_from_any_basis_of_the_subspace(k):
    X = _data()
    vt, lam = _svd_pca(X, k)
    rng = np.random.default_rng(k)
    A = rng.normal(size=(k, k)) + 2 * np.eye(k)  # an invertible mix: same span, skewed axes
    decoder = A @ vt
    assert axis_cosines(decoder, vt).min() < 0.999 or k == 1  # the raw decoder rows are not PCA's axes
    axes, variances = recover_pca_axes(decoder, X)
    np.testing.assert_allclose(axes @ axes.T, np.eye(k), atol=1e-10)
    np.testing.assert_allclose(axis_cosines(axes, vt), 1.0, atol=1e-10)
    np.testing.assert_allclose(axes, flip_signs(vt), atol=1e-10)
    np.testing.assert_allclose(variances, lam[:k], rtol=1e-10)


def test_recover_pca_axes_of_a_wrong_subspace_is_not_pca():
    X = _data()
    vt, _ = _svd_pca(X, 6)
    axes, _ = recover_pca_axes(vt[[0, 3]], X)  # spans components 1 and 4, not 1 and 2
    cos = axis_cosines(axes, vt[:2])
    assert cos[0] == pytest.approx(1.0, abs=1e-10)
    assert cos[1] < 1e-8


def test_axis_cosines_and_flip_signs():
    A = np.array([[1.0, 0.0], [1.0, 1.0]])
    B = np.array([[-2.0, 0.0], [0.0, 3.0]])
    np.testing.assert_allclose(axis_cosines(A, B), [1.0, np.sqrt(0.5)])
    np.testing.assert_array_equal(flip_signs(np.array([[0.1, -0.9], [0.5, 0.2]])), [[-0.1, 0.9], [0.5, 0.2]])
    with pytest.raises(ValueError):
        axis_cosines(A, B[:1])


def test_align_code_undoes_an_affine_change_of_axes():
    rng = np.random.default_rng(3)
    Z_pca = rng.normal(size=(200, 2)) * [3.0, 1.0]
    A = np.array([[0.3, -1.2], [2.0, 0.5]])
    Z_ae = Z_pca @ A + [1.0, -2.0]
    mapped, r2 = align_code(Z_ae, Z_pca)
    np.testing.assert_allclose(mapped, Z_pca, atol=1e-10)
    assert r2 == pytest.approx(1.0)
    _, r2_noise = align_code(rng.normal(size=(200, 2)), Z_pca)
    assert r2_noise < 0.1


def test_closest_cosines_finds_a_component_and_scores_mixtures_lower():
    from analysis.linear import closest_cosines

    vt, _ = _svd_pca(_data(), 3)
    mixed = np.vstack([-2 * vt[1], (vt[0] + vt[2]) / np.sqrt(2)])
    np.testing.assert_allclose(closest_cosines(mixed, vt), [1.0, np.sqrt(0.5)], atol=1e-12)
    with pytest.raises(ValueError):
        closest_cosines(mixed, vt[:, :2])
