"""Parts of the `use_the_code` lesson: classifier on raw / PCA / AE codes, correlations, fit(X, X) shown from the
real source, the Pipeline, MLPRegressor, and error against code size. Heavy runs are cached and sized small.
"""

import inspect
import time
from dataclasses import replace

import numpy as np
import streamlit as st

from core import Autoencoder
from core.dimensions import CurveSettings, elbow, error_curves, k_for_variance
from core.downstream import (
    CODE_AUTOENCODER,
    autoencoder_pipeline,
    compare_classifiers,
    correlation_matrix,
    mean_abs_offdiagonal,
    split,
    train_code,
)
from core.mlp_reference import compare_with_mlp
from core.pca import PCA
from ui.pickers import cached_dataset
from ui.state import default
from viz.classifiers import classifier_figure
from viz.correlation import correlation_figure
from viz.dimensions import dimensions_figure

PAGE = "use_the_code"
CHART = {"displayModeBar": False}
HIDDEN = 32  # the code autoencoder is 64-32-k-32-64
MLP_SAMPLES, MLP_EPOCHS = 500, 100
DIM_DATA = {"low_rank": "Low-rank cloud (D = 10)", "s_curve": "S-curve (D = 3)", "digits": "Digits (D = 64)"}
DIGIT_KS = [0, 1, 2, 4, 8, 16, 32]
# Per dataset: how the two autoencoders of each k are trained (sized so a whole curve takes a few seconds).
DIM_SETTINGS = {
    "low_rank": CurveSettings(nonlinear_epochs=100),
    "s_curve": CurveSettings(),
    "digits": CurveSettings(linear_epochs=300, linear_learning_rate=0.02, nonlinear_hidden=32, nonlinear_epochs=40),
}


def _split():
    d = cached_dataset("digits", scale="standard")
    return split(d.X, d.y, test_size=0.3, random_state=0)


def k_control(label: str = "Code size k") -> int:
    default(f"{PAGE}:k", 10)
    return st.select_slider(label, [2, 3, 5, 10, 16, 24, 32], key=f"{PAGE}:k")


# ------------------------------------------------------------------------------------------- classifier
@st.cache_data(show_spinner="Training the autoencoder on the training images…", max_entries=16)
def code_autoencoder(k: int) -> dict:
    """The 64-32-k-32-64 autoencoder trained on the training split, and how long that took (seconds)."""
    start = time.perf_counter()
    model = train_code(_split().X_train, k, hidden=HIDDEN)
    return {"model": model, "seconds": time.perf_counter() - start}


@st.cache_data(show_spinner="Fitting PCA and three classifiers…", max_entries=16)
def classifier_rows(k: int):
    ae = code_autoencoder(k)
    rows = compare_classifiers(_split(), k, autoencoder=ae["model"])
    return [*rows[:2], replace(rows[2], encoder_seconds=ae["seconds"])]


def classifier_view(k: int) -> None:
    rows = classifier_rows(k)
    s = _split()
    names = [f"{r.name} ({r.n_features})" for r in rows]
    st.dataframe(
        [{"input": n, "features": r.n_features, "test accuracy": f"{100 * r.accuracy:.1f} %",
          "classifier weights": r.n_weights, "solver iterations": r.iterations,
          "classifier fit (ms)": round(1000 * r.fit_seconds), "encoder fit (s)": round(r.encoder_seconds, 2)}
         for n, r in zip(names, rows, strict=True)],
        hide_index=True, width="stretch",
    )
    st.plotly_chart(classifier_figure(names, [r.accuracy for r in rows], [r.fit_seconds for r in rows]),
                    width="stretch", config=CHART)
    p = CODE_AUTOENCODER
    st.caption(f"Run here: digits standardised, {len(s.X_train)} training and {len(s.X_test)} test images "
               f"(stratified, seed 0). LogisticRegression(max_iter=2000) on each input. The autoencoder is "
               f"64-{HIDDEN}-{k}-{HIDDEN}-64, {p['activation']}, {p['optimizer']} η = {p['learning_rate']}, "
               f"{p['max_epochs']} epochs of mini-batches of {p['batch_size']}. Times are this server's wall clock.")


# ------------------------------------------------------------------------------------------- correlation
@st.cache_data(show_spinner=False, max_entries=16)
def correlations(k: int) -> dict:
    s = _split()
    Z_pca = PCA(k).fit(s.X_train).transform(s.X_train)
    Z_ae = code_autoencoder(k)["model"].transform(s.X_train)
    mats = {"raw pixels (64)": correlation_matrix(s.X_train), f"PCA codes ({k})": correlation_matrix(Z_pca),
            f"AE codes ({k})": correlation_matrix(Z_ae)}
    return {name: (R, mean_abs_offdiagonal(R)) for name, R in mats.items()}


def correlation_view(k: int) -> None:
    mats = correlations(k)
    st.plotly_chart(correlation_figure([R for R, _ in mats.values()], list(mats),
                                       title="Correlation matrices on the training images"),
                    width="stretch", config=CHART)
    for col, (name, (_, mean_r)) in zip(st.columns(len(mats)), mats.items(), strict=True):
        col.metric(f"{name}: mean |r| off the diagonal", f"{mean_r:.3f}")


# ------------------------------------------------------------------------------------------- fit(X, X)
def source_view() -> None:
    st.code(inspect.getsource(train_code), language="python", wrap_lines=True)
    with st.expander("…and `Autoencoder.fit` itself, from `core/autoencoder.py`"):
        st.code(inspect.getsource(Autoencoder.fit), language="python", wrap_lines=True)


@st.cache_data(show_spinner="Fitting the pipeline…", max_entries=16)
def pipeline_result(k: int) -> dict:
    raw = cached_dataset("digits")  # the pipeline standardises by itself: give it raw pixels, same split
    parts = split(raw.X, raw.y, test_size=0.3, random_state=0)
    pipe = autoencoder_pipeline(k, hidden=HIDDEN).fit(parts.X_train, parts.y_train)
    return {"repr": repr(pipe), "accuracy": float(pipe.score(parts.X_test, parts.y_test))}


def pipeline_view(k: int) -> None:
    st.code(inspect.getsource(autoencoder_pipeline), language="python", wrap_lines=True)
    r = pipeline_result(k)
    c1, c2 = st.columns([1, 2])
    c1.metric("Pipeline test accuracy", f"{100 * r['accuracy']:.1f} %")
    c2.code(f"pipe = autoencoder_pipeline({k}, hidden={HIDDEN}).fit(X_train, y_train)\n"
            f"pipe.score(X_test, y_test)  # {r['accuracy']:.3f}", language="python")


@st.cache_data(show_spinner="Training ours and MLPRegressor…", max_entries=16)
def mlp_rows(k: int):
    X = cached_dataset("digits", scale="standard").X[:MLP_SAMPLES]
    return compare_with_mlp(X, k, epochs=MLP_EPOCHS)


def mlp_view(k: int) -> None:
    rows = mlp_rows(k)
    st.dataframe(
        [{"model": r.name, "error (1/N) Σ‖x − x̂‖²": round(r.error, 3), "epochs": r.epochs,
          "fit (s)": round(r.seconds, 2),
          "its own loss_": "–" if r.reported_loss is None else f"{r.reported_loss:.4f} (× 2·64 = "
                                                                  f"{128 * r.reported_loss:.3f})"}
         for r in rows],
        hide_index=True, width="stretch",
    )
    st.caption(f"Run here: the first {MLP_SAMPLES} standardised digits, a linear 64-{k}-64 network, Adam η = 0.01, "
               f"mini-batches of 64, {MLP_EPOCHS} epochs, seed 0, for both; MLPRegressor with alpha=0 (no penalty).")


# ------------------------------------------------------------------------------------------- dimensions
def dimension_controls() -> tuple[str, int, bool]:
    default(f"{PAGE}:dim_data", "low_rank")
    default(f"{PAGE}:rank", 3)
    default(f"{PAGE}:log_y", False)
    c1, c2, c3 = st.columns([3, 2, 1])
    name = c1.radio("Data", list(DIM_DATA), format_func=DIM_DATA.get, key=f"{PAGE}:dim_data", horizontal=True)
    rank = c2.slider("Rank r of the cloud", 1, 7, key=f"{PAGE}:rank", disabled=name != "low_rank",
                     help="The low-rank cloud lives near an r-dimensional subspace of ℝ¹⁰, plus noise σ = 0.1.")
    log_y = c3.toggle("Log scale", key=f"{PAGE}:log_y", help="Shows the small errors after the elbow.")
    return name, rank, log_y


def _dim_data(name: str, rank: int) -> np.ndarray:
    if name == "low_rank":
        return cached_dataset("low_rank", rank=rank).X
    if name == "s_curve":
        return cached_dataset("s_curve").X
    return cached_dataset("digits", scale="standard", n_samples=500).X


@st.cache_data(show_spinner="Training one linear and one nonlinear autoencoder per code size…", max_entries=32)
def dimension_curves(name: str, rank: int) -> dict:
    X = _dim_data(name, rank)
    if name == "digits":
        ks = DIGIT_KS
    elif name == "low_rank":
        ks = list(range(min(X.shape[1], rank + 4) + 1))  # a few code sizes past the rank show the flat part
    else:
        ks = list(range(X.shape[1] + 1))
    curves = error_curves(X, ks, DIM_SETTINGS[name])
    return {"ks": ks, "curves": curves, "N": X.shape[0], "D": X.shape[1],
            "elbows": {m: elbow(ks, c) for m, c in curves.items()},
            "k90": k_for_variance(X, 0.90), "k95": k_for_variance(X, 0.95)}


def _elbow_text(method: str, e) -> str:
    facts = f"gain ratio {e.ratio:.1f}, {100 * e.residual:.1f} % of the error left there"
    if e.clear:
        return f"**{method}**: a clear elbow at **k = {e.k}** ({facts})."
    return f"**{method}**: no clear elbow (the sharpest bend is at k = {e.k}: {facts})."


def dimensions_view(name: str, rank: int, log_y: bool = False) -> None:
    r = dimension_curves(name, rank)
    marked = next(((m, e) for m, e in r["elbows"].items() if e.clear), None)
    fig = dimensions_figure(r["ks"], r["curves"], elbow=marked[1].k if marked else None, log_y=log_y,
                            elbow_label=f"{marked[0]} elbow" if marked else "elbow",
                            title=f"{DIM_DATA[name]}: error against code size k")
    st.plotly_chart(fig, width="stretch", config=CHART)
    st.markdown("  \n".join(_elbow_text(m, e) for m, e in r["elbows"].items()))
    st.markdown(f"PCA keeps 90 % of the variance from **k = {r['k90']}** and 95 % from **k = {r['k95']}** "
                f"(of D = {r['D']}).")
    s = DIM_SETTINGS[name]
    st.caption(f"Run here: N = {r['N']} points; for each k one linear D-k-D autoencoder (Adam η = "
               f"{s.linear_learning_rate}, full batch, {s.linear_epochs} epochs) and one D-{s.nonlinear_hidden}-k-"
               f"{s.nonlinear_hidden}-D {s.nonlinear_activation} autoencoder (Adam η = {s.nonlinear_learning_rate}, "
               f"batches of {s.nonlinear_batch_size}, {s.nonlinear_epochs} epochs), seed 0. PCA is exact.")
