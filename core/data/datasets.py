"""Built-in datasets: scikit-learn's bundled sets and a few generators. Nothing is downloaded.

``DATASETS`` is the registry (name -> ``DatasetSpec``); the UI builds its menu and sliders from it.
``load_dataset(name, ...)`` returns a ``Dataset``, the record every lesson works with (a learner's
own CSV file becomes one too, see ``core.csv_reader``).
"""

from dataclasses import dataclass, field, replace
from functools import cache

import numpy as np
from sklearn import datasets as skd

SCALES = ("standard", "minmax", None)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A data matrix and what a lesson needs to know about it.

    Attributes
    ----------
    name, title : str
        Registry key (or ``"csv"``) and a display title.
    X : ndarray, shape (N, D), float64
        The data, scaled as ``scale`` says.
    y : ndarray, shape (N,), or None
        ``y_kind == "class"``: int codes 0..C-1, named by ``target_names[y]``.
        ``y_kind == "position"``: a float per sample (e.g. the position along a manifold), for colour.
    y_kind : "class", "position" or None
    feature_names : tuple of str, length D
    target_names : tuple of str, length C, or None (only for classes)
    image_shape : (height, width) or None
        Set for pictures: a row of X reshaped to it is the image (digits: (8, 8)).
    description : str
        What it is, where it comes from, N and D (scaling is in ``scale``).
    notes : tuple of str
        Anything changed on the way in (e.g. rows dropped from a CSV file).
    scale : "standard", "minmax" or None
    offset, spread : ndarray, shape (D,)
        Undo the scaling: raw = X * spread + offset (``to_display``).
    """

    name: str
    title: str
    X: np.ndarray
    y: np.ndarray | None = None
    y_kind: str | None = None
    feature_names: tuple = ()
    target_names: tuple | None = None
    image_shape: tuple | None = None
    description: str = ""
    notes: tuple = ()
    scale: str | None = None
    offset: np.ndarray | None = field(default=None, repr=False)
    spread: np.ndarray | None = field(default=None, repr=False)

    @property
    def n_samples(self):
        return self.X.shape[0]

    @property
    def n_features(self):
        return self.X.shape[1]

    def colours(self):
        """What a chart colours each sample by: ``(class names, "class")``, ``(positions, "position")`` or
        ``(None, None)`` when the data has no labels."""
        if self.y is None:
            return None, None
        if self.y_kind == "class" and self.target_names is not None:
            return np.asarray(self.target_names, dtype=object)[self.y.astype(int)].astype(str), "class"
        return self.y, self.y_kind

    def to_display(self, X=None):
        """Map rows in this dataset's scaled space back to raw units: X * spread + offset.

        ``X`` has shape (N, D) or (D,) (default: ``self.X``), e.g. reconstructions of standardised
        digits, so that pixels show on their original 0..16 scale.
        """
        X = self.X if X is None else np.asarray(X, dtype=np.float64)
        if self.spread is None:
            return X.copy()
        return X * self.spread + self.offset

    def images(self, X=None):
        """Rows of ``to_display(X)`` as pictures, shape (N, height, width). Needs ``image_shape``."""
        if self.image_shape is None:
            raise ValueError(f"The dataset {self.name!r} is not made of images.")
        return self.to_display(X).reshape(-1, *self.image_shape)

    def rescaled(self, scale):
        """The same data scaled afresh from raw units: ``"standard"``, ``"minmax"`` or None.

        "standard": every feature to mean 0 and standard deviation 1. "minmax": every feature to
        [0, 1]. A constant feature is only centred (standard) or set to 0 (minmax).
        """
        if scale not in SCALES:
            raise ValueError(f'scale must be "standard", "minmax" or None, got {scale!r}.')
        raw = self.to_display()
        if scale == "standard":
            offset, spread = raw.mean(axis=0), raw.std(axis=0)
        elif scale == "minmax":
            offset, spread = raw.min(axis=0), np.ptp(raw, axis=0)
        else:
            offset, spread = np.zeros(raw.shape[1]), np.ones(raw.shape[1])
        spread = np.where(spread > 0, spread, 1.0)  # constant features: avoid 0/0
        X = np.ascontiguousarray((raw - offset) / spread)
        return replace(self, X=X, scale=scale, offset=offset, spread=spread)


def subsample(n: int, size: int, seed=0) -> np.ndarray:
    """A fixed, sorted random subset of range(n) of at most ``size`` indices (all of them if n <= size).

    ``seed``: an int or a ``numpy.random.Generator``; the same seed gives the same subset.
    """
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=size, replace=False))


@dataclass(frozen=True)
class Param:
    """One adjustable parameter of a dataset: default and inclusive bounds (the slider's range)."""

    default: float
    low: float
    high: float
    step: float
    help: str


@dataclass(frozen=True)
class DatasetSpec:
    """A registry entry: what the menu shows and which parameters the dataset takes."""

    title: str
    description: str
    is_image: bool
    params: dict  # name -> Param; only these may be passed to load_dataset


def _n_samples(default, low, high):
    return Param(default, low, high, 50 if high > 1000 else 10, "number of samples N")


_NOISE = "standard deviation of the Gaussian noise added to every coordinate"

DATASETS = {
    "digits": DatasetSpec(
        "Handwritten digits (8×8)",
        "1,797 handwritten digits 0-9 as 8×8 grey images, 64 pixels valued 0-16 (UCI, bundled with scikit-learn).",
        True, {"n_samples": _n_samples(1797, 100, 1797)}),
    "iris": DatasetSpec(
        "Iris flowers",
        "150 iris flowers of 3 species, 4 measurements in cm (Fisher 1936, bundled with scikit-learn).",
        False, {}),
    "wine": DatasetSpec(
        "Wine",
        "178 wines from 3 cultivars, 13 chemical measurements (UCI, bundled with scikit-learn).",
        False, {}),
    "breast_cancer": DatasetSpec(
        "Breast cancer",
        "569 breast tumours, malignant or benign, 30 features of cell nuclei (Wisconsin, bundled with scikit-learn).",
        False, {"n_samples": _n_samples(569, 50, 569)}),
    "s_curve": DatasetSpec(
        "S-curve (3-D)",
        "Points on an S-shaped sheet in 3-D: a 2-D surface bent in space (scikit-learn's make_s_curve). "
        "Colour is the position along the S.",
        False, {"n_samples": _n_samples(1000, 100, 5000), "noise": Param(0.05, 0.0, 1.0, 0.01, _NOISE)}),
    "swiss_roll": DatasetSpec(
        "Swiss roll (3-D)",
        "Points on a rolled-up sheet in 3-D (scikit-learn's make_swiss_roll). Colour is the position along the roll.",
        False, {"n_samples": _n_samples(1000, 100, 5000), "noise": Param(0.05, 0.0, 2.0, 0.05, _NOISE)}),
    "arc": DatasetSpec(
        "Noisy arc (2-D)",
        "Points on half of the unit circle plus noise: one curved dimension that no straight line fits. "
        "Colour is the angle.",
        False, {"n_samples": _n_samples(500, 50, 5000), "noise": Param(0.05, 0.0, 0.5, 0.01, _NOISE)}),
    "circle": DatasetSpec(
        "Noisy circle (2-D)",
        "Points on the unit circle plus noise: a closed curve. Colour is the angle.",
        False, {"n_samples": _n_samples(500, 50, 5000), "noise": Param(0.05, 0.0, 0.5, 0.01, _NOISE)}),
    "moons": DatasetSpec(
        "Two moons (2-D)",
        "Two interleaving half circles, one per class (scikit-learn's make_moons).",
        False, {"n_samples": _n_samples(500, 50, 5000), "noise": Param(0.1, 0.0, 0.5, 0.01, _NOISE)}),
    "low_rank": DatasetSpec(
        "Low-rank Gaussian cloud",
        "A Gaussian cloud in D dimensions that lives near a random rank-r subspace (standard deviations "
        "r, r-1, ..., 1 along it), plus isotropic noise. Colour is the coordinate along the widest direction.",
        False, {
            "n_samples": _n_samples(500, 50, 5000),
            "noise": Param(0.1, 0.0, 2.0, 0.01, _NOISE),
            "rank": Param(3, 1, 20, 1, "rank r of the subspace the cloud lives in"),
            "n_features": Param(10, 2, 100, 1, "dimension D"),
        }),
}


def load_dataset(name, *, scale=None, standardize=False, n_samples=None, noise=None, rank=None,
                 n_features=None, random_state=0):
    """Load a built-in dataset by its ``DATASETS`` name.

    Parameters
    ----------
    name : str
        A key of ``DATASETS``.
    scale : "standard", "minmax" or None
        Per-feature scaling (see ``Dataset.rescaled``); ``to_display`` undoes it.
    standardize : bool
        Shorthand for ``scale="standard"``.
    n_samples, noise, rank, n_features : number or None
        Only those listed in ``DATASETS[name].params``; None means the default there.
        For the bundled sets, ``n_samples`` below the full size draws a random subset.
    random_state : int
        Seed: the same arguments always give the same data.

    Raises
    ------
    ValueError
        An unknown name, a parameter the dataset does not take, or a value outside its bounds.
    """
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset {name!r}; choose one of {', '.join(DATASETS)}.")
    if standardize and scale not in (None, "standard"):
        raise ValueError(f"standardize=True conflicts with scale={scale!r}; pass only one of them.")
    scale = "standard" if standardize else scale
    spec = DATASETS[name]
    given = {"n_samples": n_samples, "noise": noise, "rank": rank, "n_features": n_features}
    p = {}
    for key, value in given.items():
        if key not in spec.params:
            if value is not None:
                raise ValueError(f"The dataset {name!r} does not take {key}.")
            continue
        bounds = spec.params[key]
        value = bounds.default if value is None else value
        if not bounds.low <= value <= bounds.high:
            raise ValueError(f"{key} for {name!r} must be between {bounds.low} and {bounds.high}, got {value}.")
        p[key] = value
    if name == "low_rank" and p["rank"] > p["n_features"]:
        raise ValueError(f"rank ({p['rank']}) cannot exceed n_features ({p['n_features']}).")
    ds = _LOADERS[name](np.random.default_rng(random_state), **p)
    return ds.rescaled(scale) if scale is not None else ds


def _record(name, X, y=None, y_kind=None, feature_names=None, target_names=None, image_shape=None):
    X = np.ascontiguousarray(X, dtype=np.float64)
    spec = DATASETS[name]
    return Dataset(
        name=name, title=spec.title, X=X, y=y, y_kind=y_kind,
        feature_names=tuple(feature_names or (f"x{j + 1}" for j in range(X.shape[1]))),
        target_names=None if target_names is None else tuple(str(t) for t in target_names),
        image_shape=image_shape,
        description=f"{spec.description} N = {X.shape[0]} samples, D = {X.shape[1]} features.",
    )


@cache
def _bundled(name):
    # scikit-learn parses its CSV files on every call: read each once per process.
    loader = {"digits": skd.load_digits, "iris": skd.load_iris, "wine": skd.load_wine,
              "breast_cancer": skd.load_breast_cancer}[name]
    bunch = loader()
    return bunch.data, bunch.target, tuple(bunch.feature_names), tuple(bunch.target_names)


def _load_bundled(name, rng, n_samples=None):
    X, y, features, targets = _bundled(name)
    if n_samples is not None and n_samples < len(X):
        rows = subsample(len(X), int(n_samples), rng)
        X, y = X[rows], y[rows]
    image_shape = (8, 8) if name == "digits" else None
    return _record(name, X.copy(), y.astype(np.int64), "class", features, targets, image_shape)


def _seed(rng):
    # scikit-learn's generators take an int seed; derive it from our generator.
    return int(rng.integers(2**31 - 1))


def _s_curve(rng, n_samples, noise):
    X, t = skd.make_s_curve(int(n_samples), noise=noise, random_state=_seed(rng))
    return _record("s_curve", X, t, "position")


def _swiss_roll(rng, n_samples, noise):
    X, t = skd.make_swiss_roll(int(n_samples), noise=noise, random_state=_seed(rng))
    return _record("swiss_roll", X, t, "position")


def _on_circle(name, rng, n_samples, noise, turn):
    angle = rng.uniform(0.0, turn, int(n_samples))
    X = np.column_stack([np.cos(angle), np.sin(angle)]) + noise * rng.standard_normal((len(angle), 2))
    return _record(name, X, angle, "position")


def _moons(rng, n_samples, noise):
    X, y = skd.make_moons(int(n_samples), noise=noise, random_state=_seed(rng))
    return _record("moons", X, y.astype(np.int64), "class", target_names=("upper moon", "lower moon"))


def _low_rank(rng, n_samples, noise, rank, n_features):
    n, r, d = int(n_samples), int(rank), int(n_features)
    basis, _ = np.linalg.qr(rng.standard_normal((d, r)))  # random orthonormal D x r
    stds = np.arange(r, 0, -1, dtype=np.float64)  # r, r-1, ..., 1: distinct eigenvalues, clear gap
    Z = rng.standard_normal((n, r)) * stds
    X = Z @ basis.T + noise * rng.standard_normal((n, d))
    return _record("low_rank", X, Z[:, 0], "position")


_LOADERS = {
    **{key: (lambda rng, key=key, **p: _load_bundled(key, rng, **p))
       for key in ("digits", "iris", "wine", "breast_cancer")},
    "s_curve": _s_curve,
    "swiss_roll": _swiss_roll,
    "arc": lambda rng, **p: _on_circle("arc", rng, turn=np.pi, **p),
    "circle": lambda rng, **p: _on_circle("circle", rng, turn=2 * np.pi, **p),
    "moons": _moons,
    "low_rank": _low_rank,
}
