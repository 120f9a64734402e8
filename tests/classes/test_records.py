"""The histogram of a numeric question's votes agrees with NumPy's."""

import numpy as np

from classes.records import histogram


def test_the_histogram_matches_numpys_including_both_ends():
    rng = np.random.default_rng(0)
    for low, high, bins in [(0.0, 1.0, 10), (-3.5, 12.25, 7), (100.0, 100.5, 2)]:
        values = np.concatenate([rng.uniform(low, high, 200), [low, high]])
        counts, edges = histogram(values.tolist(), low, high, bins)
        expected, expected_edges = np.histogram(values, bins=bins, range=(low, high))
        assert counts == tuple(expected.tolist()) and sum(counts) == 202
        np.testing.assert_allclose(edges, expected_edges)
