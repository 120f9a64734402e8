"""Use a learned code as the input of another model: raw features vs PCA codes vs autoencoder codes.

The encoders are fitted on the training split only (the test split stays unseen by every step), then the
same classifier is trained on each representation and scored on the test split.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from core.autoencoder import Autoencoder
from core.metrics import mse
from core.pca import PCA

# The autoencoder whose codes feed the classifier: one tanh layer of 32 around the code, mini-batch Adam.
CODE_AUTOENCODER = {"activation": "tanh", "optimizer": "adam", "learning_rate": 0.01, "batch_size": 64,
                    "max_epochs": 40}


@dataclass(frozen=True)
class Split:
    """A stratified train/test split: X_train (N_tr, D), X_test (N_te, D), y_train, y_test."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray


def split(X, y, *, test_size: float = 0.3, random_state: int = 0) -> Split:
    """Hold out ``test_size`` of the rows, keeping the class proportions (stratified)."""
    parts = train_test_split(X, y, test_size=test_size, random_state=random_state, stratify=y)
    return Split(*parts)


def train_code(X_train, k: int, *, hidden: int | None = 32, random_state: int = 0, **params) -> Autoencoder:
    """Train the autoencoder whose code feeds the classifier: D-hidden-k-hidden-D (or D-k-D if hidden is None).

    ``params`` override `CODE_AUTOENCODER`. The input is the target: this is ``fit(X, X)``, literally.
    """
    layers = (k,) if hidden is None else (hidden, k)
    model = Autoencoder(hidden_layer_sizes=layers, random_state=random_state, **{**CODE_AUTOENCODER, **params})
    model.fit(X_train, X_train)
    return model


@dataclass(frozen=True)
class ClassifierResult:
    """One row of the comparison: which input, how many features, test accuracy and timings (seconds)."""

    name: str  # "raw", "PCA" or "AE"
    n_features: int
    accuracy: float  # fraction of the test split classified correctly
    fit_seconds: float  # fitting the classifier on this input
    encoder_seconds: float  # fitting the encoder (0 for raw)
    iterations: int = 0  # the classifier's solver iterations (lbfgs): less well-scaled inputs need more
    n_weights: int = 0  # the classifier's parameters: classes x (features + 1)


def _classify(Z_train, y_train, Z_test, y_test) -> dict:
    clf = LogisticRegression(max_iter=2000)
    start = time.perf_counter()
    clf.fit(Z_train, y_train)
    seconds = time.perf_counter() - start
    return {"accuracy": float(clf.score(Z_test, y_test)), "fit_seconds": seconds,
            "iterations": int(np.max(clf.n_iter_)), "n_weights": int(clf.coef_.size + clf.intercept_.size)}


def classify_raw(data: Split) -> ClassifierResult:
    """Logistic regression on the raw features: the reference row, the same for every code size."""
    return ClassifierResult("raw", data.X_train.shape[1], encoder_seconds=0.0,
                            **_classify(data.X_train, data.y_train, data.X_test, data.y_test))


def classify_codes(data: Split, k: int, *, hidden: int | None = 32, random_state: int = 0,
                   autoencoder=None, **ae_params) -> list[ClassifierResult]:
    """Logistic regression on k PCA codes and on k autoencoder codes: two rows, PCA then AE.

    PCA and the autoencoder are fitted on ``data.X_train`` only. ``autoencoder``: an encoder already fitted on
    ``data.X_train`` by `train_code` (its fit time then reads 0); by default one is trained here. Timings are
    wall-clock seconds of this run (they vary with the load).
    """
    start = time.perf_counter()
    pca = PCA(k).fit(data.X_train)
    pca_seconds = time.perf_counter() - start
    rows = [ClassifierResult("PCA", k, encoder_seconds=pca_seconds, **_classify(
        pca.transform(data.X_train), data.y_train, pca.transform(data.X_test), data.y_test))]
    start = time.perf_counter()
    ae = autoencoder or train_code(data.X_train, k, hidden=hidden, random_state=random_state, **ae_params)
    ae_seconds = time.perf_counter() - start
    rows.append(ClassifierResult("AE", k, encoder_seconds=ae_seconds, **_classify(
        ae.transform(data.X_train), data.y_train, ae.transform(data.X_test), data.y_test)))
    return rows


def compare_classifiers(data: Split, k: int, **options) -> list[ClassifierResult]:
    """Logistic regression on raw features, on k PCA codes and on k autoencoder codes: three rows, raw, PCA, AE.
    ``options`` as for `classify_codes`."""
    return [classify_raw(data), *classify_codes(data, k, **options)]


def correlation_matrix(Z) -> np.ndarray:
    """Pearson correlations between the columns of Z (N, p): (p, p), NaN for a constant column.

    r_ij = cov(z_i, z_j) / (std z_i std z_j); a column with zero spread has no defined correlation.
    """
    Z = np.asarray(Z, dtype=np.float64)
    centred = Z - Z.mean(axis=0)
    std = np.sqrt(np.mean(centred**2, axis=0))
    ok = std > 1e-12 * max(1.0, float(np.abs(Z).max(initial=0.0)))
    scaled = np.where(ok, centred / np.where(ok, std, 1.0), 0.0)
    R = scaled.T @ scaled / Z.shape[0]
    R[~ok, :] = np.nan
    R[:, ~ok] = np.nan
    return np.clip(R, -1.0, 1.0)


def mean_abs_offdiagonal(R) -> float:
    """Mean |r_ij| over i != j, ignoring NaN: 0 for uncorrelated features, 1 for fully redundant ones."""
    R = np.asarray(R, dtype=float)
    off = R[~np.eye(R.shape[0], dtype=bool)]
    off = off[np.isfinite(off)]
    return float(np.mean(np.abs(off))) if off.size else 0.0


def autoencoder_pipeline(k: int, *, hidden: int | None = 32, random_state: int = 0, **ae_params) -> Pipeline:
    """Standardise, encode with an autoencoder, classify: one scikit-learn estimator.

    ``Pipeline.fit(X, y)`` passes the labels y to every step; the Autoencoder ignores a 1-D y and trains on
    X alone (the target is its input), the classifier uses y.
    """
    layers = (k,) if hidden is None else (hidden, k)
    return Pipeline([
        ("scale", StandardScaler()),
        ("encode", Autoencoder(hidden_layer_sizes=layers, random_state=random_state,
                               **{**CODE_AUTOENCODER, **ae_params})),
        ("classify", LogisticRegression(max_iter=2000)),
    ])


@dataclass(frozen=True)
class CodeStudy:
    """The code autoencoder of one k, what a classifier makes of each input, and how correlated each input is."""

    autoencoder: Autoencoder
    rows: list          # ClassifierResult for PCA and AE codes (raw: `classify_raw`); AE's encoder time is its training
    correlations: dict  # input name -> (Pearson matrix, mean |r| off the diagonal), on the training split


def code_study(data: Split, k: int, *, hidden: int | None = 32) -> CodeStudy:
    """Train the code autoencoder on ``data.X_train``, classify its codes and PCA's, and correlate each input's
    features (raw pixels, PCA codes, AE codes)."""
    start = time.perf_counter()
    ae = train_code(data.X_train, k, hidden=hidden)
    seconds = time.perf_counter() - start
    rows = classify_codes(data, k, autoencoder=ae)
    rows[1] = replace(rows[1], encoder_seconds=seconds)
    X = data.X_train
    inputs = {f"raw pixels ({X.shape[1]})": X, f"PCA codes ({k})": PCA(k).fit(X).transform(X),
              f"AE codes ({k})": ae.transform(X)}
    correlations = {}
    for name, Z in inputs.items():
        R = correlation_matrix(Z)
        correlations[name] = (R, mean_abs_offdiagonal(R))
    return CodeStudy(ae, rows, correlations)


@dataclass(frozen=True)
class CodeQuality:
    """One code of one size: how well it reconstructs unseen data, and how well a classifier does with it."""

    method: str      # "PCA" or "AE"
    k: int
    error: float     # J/N on the test split: (1/N) sum ||x - x_hat||^2
    accuracy: float  # logistic regression on the code, test split


def reconstruction_against_use(data: Split, ks, *, hidden: int | None = 32) -> list[CodeQuality]:
    """For each code size k, PCA's and the code autoencoder's test reconstruction error and the test accuracy of
    the same classifier on their codes: does the better reconstruction give the better features?"""
    rows = []
    for k in ks:
        pca = PCA(k).fit(data.X_train)
        ae = train_code(data.X_train, k, hidden=hidden)
        for method, model in (("PCA", pca), ("AE", ae)):
            error = mse(model.inverse_transform(model.transform(data.X_test)), data.X_test)
            accuracy = _classify(model.transform(data.X_train), data.y_train, model.transform(data.X_test),
                                 data.y_test)["accuracy"]
            rows.append(CodeQuality(method, int(k), error, accuracy))
    return rows


def disagreements(rows: list[CodeQuality]) -> list[int]:
    """The code sizes where the method that reconstructs better is not the one whose code classifies better."""
    by = {(r.method, r.k): r for r in rows}
    methods = sorted({r.method for r in rows})
    odd = []
    for k in sorted({r.k for r in rows}):
        a, b = (by[m, k] for m in methods)
        if (a.error < b.error) != (a.accuracy > b.accuracy):
            odd.append(k)
    return odd
