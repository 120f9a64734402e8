"""Every built-in dataset loads, with the right shape, labels, determinism and scaling."""

import pickle

import numpy as np
import pytest

from core.data.datasets import DATASETS, Dataset, load_dataset

SHAPES = {
    "digits": (1797, 64), "iris": (150, 4), "wine": (178, 13), "breast_cancer": (569, 30),
    "s_curve": (1000, 3), "swiss_roll": (1000, 3), "arc": (500, 2), "circle": (500, 2),
    "moons": (500, 2), "low_rank": (500, 10),
}


def test_registry_lists_the_datasets_of_the_issue():
    assert set(DATASETS) == set(SHAPES)
    for spec in DATASETS.values():
        assert spec.title and spec.description
        for p in spec.params.values():
            assert p.low <= p.default <= p.high and p.step > 0 and p.help


@pytest.mark.parametrize("name", list(SHAPES))
def test_every_dataset_loads_with_its_shape_and_labels(name):
    ds = load_dataset(name)
    assert isinstance(ds, Dataset) and ds.name == name and ds.title == DATASETS[name].title
    assert ds.X.shape == SHAPES[name] and ds.X.dtype == np.float64 and ds.X.flags.c_contiguous
    assert np.isfinite(ds.X).all()
    assert len(ds.feature_names) == ds.n_features == SHAPES[name][1]
    assert f"N = {SHAPES[name][0]}" in ds.description and f"D = {SHAPES[name][1]}" in ds.description
    assert ds.y is not None and ds.y.shape == (ds.n_samples,)
    if ds.y_kind == "class":
        assert ds.y.dtype == np.int64
        assert set(np.unique(ds.y)) == set(range(len(ds.target_names)))
    else:
        assert ds.y_kind == "position" and ds.y.dtype == np.float64 and ds.target_names is None
    assert (ds.image_shape == (8, 8)) == (name == "digits") == DATASETS[name].is_image


def test_digits_images_are_8_by_8_and_survive_standardisation():
    raw = load_dataset("digits")
    std = load_dataset("digits", standardize=True)
    assert std.image_shape == (8, 8)
    images = std.images()
    assert images.shape == (1797, 8, 8)
    np.testing.assert_allclose(images, raw.X.reshape(-1, 8, 8), atol=1e-12)  # back on the 0..16 scale
    assert raw.X.min() == 0 and raw.X.max() == 16
    assert raw.target_names[raw.y[0]] == "0"
    with pytest.raises(ValueError, match="images"):
        load_dataset("iris").images()


@pytest.mark.parametrize("name", list(SHAPES))
def test_same_seed_same_data_other_seed_other_data(name):
    a, b = load_dataset(name, random_state=7), load_dataset(name, random_state=7)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    if "noise" in DATASETS[name].params or (name in ("digits", "breast_cancer")):
        kwargs = {"n_samples": 300} if name in ("digits", "breast_cancer") else {}
        assert not np.array_equal(load_dataset(name, random_state=1, **kwargs).X,
                                  load_dataset(name, random_state=2, **kwargs).X)


@pytest.mark.parametrize("name", ["digits", "wine", "s_curve", "low_rank"])
def test_standardisation_gives_mean_zero_std_one(name):
    ds = load_dataset(name, standardize=True)
    assert ds.scale == "standard"
    np.testing.assert_allclose(ds.X.mean(axis=0), 0.0, atol=1e-12)
    std = ds.X.std(axis=0)
    constant = load_dataset(name).X.std(axis=0) == 0  # digits has pixels that are always 0
    np.testing.assert_allclose(std[~constant], 1.0)
    np.testing.assert_array_equal(std[constant], 0.0)
    np.testing.assert_array_equal(ds.X, load_dataset(name, scale="standard").X)
    np.testing.assert_allclose(ds.to_display(), load_dataset(name).X, atol=1e-12)


def test_minmax_scales_to_unit_interval_and_back():
    raw, ds = load_dataset("wine"), load_dataset("wine", scale="minmax")
    np.testing.assert_allclose(ds.X.min(axis=0), 0.0)
    np.testing.assert_allclose(ds.X.max(axis=0), 1.0)
    np.testing.assert_allclose(ds.to_display(ds.X[:5]), raw.X[:5])
    np.testing.assert_allclose(ds.to_display(ds.X[0]), raw.X[0])  # a single row, shape (D,)
    np.testing.assert_allclose(ds.rescaled(None).X, raw.X)
    np.testing.assert_allclose(ds.rescaled("standard").X, load_dataset("wine", standardize=True).X)


@pytest.mark.parametrize("rank, n_features", [(1, 5), (3, 10), (6, 20)])
def test_low_rank_cloud_has_the_requested_rank(rank, n_features):
    X = load_dataset("low_rank", rank=rank, n_features=n_features, noise=0.0).X
    assert X.shape == (500, n_features)
    assert np.linalg.matrix_rank(X - X.mean(axis=0)) == rank
    noisy = load_dataset("low_rank", rank=rank, n_features=n_features, noise=0.1).X
    s = np.linalg.svd(noisy - noisy.mean(axis=0), compute_uv=False)
    assert s[rank - 1] > 5 * s[rank]  # a clear eigen-gap after the rank-th direction


def test_generator_parameters_take_effect():
    assert load_dataset("s_curve", n_samples=200).X.shape == (200, 3)
    clean, noisy = load_dataset("circle", noise=0.0), load_dataset("circle", noise=0.3)
    np.testing.assert_allclose(np.linalg.norm(clean.X, axis=1), 1.0)
    assert np.std(np.linalg.norm(noisy.X, axis=1)) > 0.1
    arc = load_dataset("arc", noise=0.0)
    assert arc.X[:, 1].min() >= -1e-12 and 0 <= arc.y.min() and arc.y.max() <= np.pi  # the upper half circle
    sub = load_dataset("digits", n_samples=300)
    assert sub.X.shape == (300, 64) and len(np.unique(sub.y)) == 10


@pytest.mark.parametrize("kwargs, match", [
    ({"name": "mnist"}, "Unknown dataset"),
    ({"name": "iris", "noise": 0.1}, "does not take noise"),
    ({"name": "circle", "noise": 5.0}, "noise"),
    ({"name": "s_curve", "n_samples": 10}, "n_samples"),
    ({"name": "low_rank", "rank": 8, "n_features": 5}, "rank"),
    ({"name": "iris", "scale": "log"}, "scale"),
    ({"name": "iris", "scale": "minmax", "standardize": True}, "standardize"),
])
def test_bad_arguments_raise_value_errors_that_name_the_problem(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_dataset(**kwargs)


def test_dataset_pickles_for_the_streamlit_cache():
    ds = load_dataset("digits", standardize=True)
    back = pickle.loads(pickle.dumps(ds))
    np.testing.assert_array_equal(back.X, ds.X)
    np.testing.assert_allclose(back.images()[0], ds.images()[0])


def test_loading_returns_a_fresh_copy():
    ds = load_dataset("iris")
    ds.X[:] = 0.0
    assert load_dataset("iris").X.max() > 0
