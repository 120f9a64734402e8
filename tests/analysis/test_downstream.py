"""The code as input to another model: classifier comparison, correlations, Pipeline, MLPRegressor."""

import numpy as np
import pytest

from analysis.downstream import (
    CodeQuality,
    autoencoder_pipeline,
    compare_classifiers,
    correlation_matrix,
    disagreements,
    mean_abs_offdiagonal,
    reconstruction_against_use,
    split,
    train_code,
)
from analysis.mlp_reference import compare_with_mlp
from core.data.datasets import load_dataset
from core.pca import PCA


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits", scale="standard")


def test_split_is_stratified_and_disjoint(digits):
    s = split(digits.X, digits.y, test_size=0.3)
    assert len(s.X_train) + len(s.X_test) == len(digits.X)
    assert abs(len(s.X_test) / len(digits.X) - 0.3) < 0.01
    assert np.abs(np.bincount(s.y_test) / len(s.y_test) - np.bincount(digits.y) / len(digits.y)).max() < 0.01


def test_three_rows_with_real_accuracies(digits):
    rows = compare_classifiers(split(digits.X, digits.y), 10, max_epochs=15)
    assert [r.name for r in rows] == ["raw", "PCA", "AE"]
    assert [r.n_features for r in rows] == [64, 10, 10]
    raw, pca, ae = rows
    assert raw.accuracy > 0.93
    assert 0.8 < pca.accuracy <= raw.accuracy + 0.02
    assert ae.accuracy > 0.7  # far above the 10 % of guessing
    assert all(r.fit_seconds > 0 for r in rows)
    assert raw.encoder_seconds == 0 and ae.encoder_seconds > 0
    assert [r.n_weights for r in rows] == [10 * 65, 10 * 11, 10 * 11]
    assert all(r.iterations >= 1 for r in rows)


def test_a_pretrained_encoder_is_used_as_given(digits):
    s = split(digits.X, digits.y)
    ae = train_code(s.X_train, 4, hidden=None, max_epochs=3)
    rows = compare_classifiers(s, 4, autoencoder=ae)
    assert rows[2].n_features == 4 and rows[2].encoder_seconds < 0.01
    assert ae.n_epochs_ == 3  # not trained again


def test_train_code_is_fit_x_x(digits):
    a = train_code(digits.X[:200], 3, hidden=None, max_epochs=5)
    b = train_code(digits.X[:200], 3, hidden=None, max_epochs=5)
    assert a.hidden_layer_sizes == (3,)
    np.testing.assert_array_equal(a.loss_curve_, b.loss_curve_)  # seeded: the same run
    assert a.transform(digits.X[:5]).shape == (5, 3)


def test_correlation_matrix_against_numpy_and_constant_columns():
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((100, 4)) @ rng.standard_normal((4, 4))
    np.testing.assert_allclose(correlation_matrix(Z), np.corrcoef(Z, rowvar=False), atol=1e-12)
    Z[:, 2] = 5.0
    R = correlation_matrix(Z)
    assert np.isnan(R[2]).all() and np.isnan(R[:, 2]).all()
    assert np.isfinite(np.delete(np.delete(R, 2, 0), 2, 1)).all()


def test_pca_codes_are_uncorrelated_raw_pixels_are_not(digits):
    Z = PCA(8).fit(digits.X).transform(digits.X)
    R = correlation_matrix(Z)
    np.testing.assert_allclose(R, np.eye(8), atol=1e-8)
    assert mean_abs_offdiagonal(R) < 1e-8
    assert mean_abs_offdiagonal(correlation_matrix(digits.X)) > 0.1


def test_pipeline_ignores_labels_in_the_autoencoder_and_classifies(digits):
    s = split(digits.X, digits.y)
    pipe = autoencoder_pipeline(8, max_epochs=10).fit(s.X_train, s.y_train)
    assert pipe.named_steps["encode"].n_features_in_ == 64
    assert pipe.score(s.X_test, s.y_test) > 0.6


def test_mlpregressor_is_an_autoencoder_too(digits):
    X = digits.X[:400]
    ours, mlp, pca = compare_with_mlp(X, 5, epochs=60)
    assert (ours.name, pca.name) == ("our Autoencoder", "PCA (optimum)")
    assert pca.error <= ours.error and pca.error <= mlp.error * (1 + 1e-9)  # PCA is the linear floor
    assert ours.error < 1.15 * pca.error and mlp.error < 1.3 * pca.error
    # scikit-learn reports half the mean over N x D entries: 2 D loss_ is our error (alpha = 0)
    assert 2 * X.shape[1] * mlp.reported_loss == pytest.approx(mlp.error, rel=0.05)
    assert mlp.epochs == 60


def test_reconstruction_against_use_per_code_size_and_where_the_two_disagree(digits):
    data = split(digits.X, digits.y, test_size=0.3)
    rows = reconstruction_against_use(data, [2, 8])
    assert [(r.method, r.k) for r in rows] == [("PCA", 2), ("AE", 2), ("PCA", 8), ("AE", 8)]
    for method in ("PCA", "AE"):  # within one method, a larger code reconstructs better and classifies better
        small, large = (r for r in rows if r.method == method)
        assert large.error < small.error and large.accuracy > small.accuracy
    pca = PCA(2).fit(data.X_train)
    assert rows[0].error == pytest.approx(np.mean(np.sum((pca.inverse_transform(pca.transform(data.X_test))
                                                          - data.X_test) ** 2, axis=1)))
    fake = [CodeQuality("PCA", 2, 1.0, 0.5), CodeQuality("AE", 2, 0.9, 0.4), CodeQuality("PCA", 4, 1.0, 0.5),
            CodeQuality("AE", 4, 0.9, 0.6)]
    assert disagreements(fake) == [2]
