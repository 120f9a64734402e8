"""PCA as the lessons' baseline: its optimum from the eigenvalues equals the error measured on its
reconstructions, and the gap to it in percent."""

import numpy as np
import pytest

from analysis.baseline import gap_percent, pca_baseline
from core import load_dataset


def test_gap_percent():
    assert gap_percent(1.01, 1.0) == pytest.approx(1.0)
    assert gap_percent(2.0, 0.5) == pytest.approx(300.0)
    assert gap_percent(0.9, 1.0) == pytest.approx(-10.0)
    assert np.isnan(gap_percent(1.0, 0.0))
    assert np.isnan(gap_percent(float("inf"), 1.0))


@pytest.mark.parametrize("k", [1, 2, 5])
def test_the_measured_error_is_the_sum_of_the_discarded_eigenvalues(k):
    X = load_dataset("wine", scale="standard").X
    base = pca_baseline(X, k)
    assert base.error == pytest.approx(base.optimum, rel=1e-10)
    assert base.optimum == pytest.approx(np.sum(base.eigenvalues[k:]), rel=1e-12)
    assert base.codes.shape == (len(X), k) and base.reconstructions.shape == X.shape
    assert base.kept_fraction == pytest.approx(1 - base.optimum / base.optima[0], rel=1e-10)
    np.testing.assert_allclose(base.components @ base.components.T, np.eye(k), atol=1e-12)
