"""Lesson 7: the code as input to another model, fit(X, X) literally, and how many dimensions there are."""

import inspect

import streamlit as st

from analysis.dimensions import CurveSettings, dimension_study
from analysis.downstream import (
    CODE_AUTOENCODER,
    autoencoder_pipeline,
    classify_raw,
    code_study,
    disagreements,
    reconstruction_against_use,
    split,
    train_code,
)
from analysis.mlp_reference import compare_with_mlp
from core import Autoencoder
from ui.cached import dataset
from ui.classroom import chart
from ui.lesson import answered, load_lesson, question, questions, show
from ui.prediction import numeric_guess
from ui.state import default
from ui.widgets import k_slider
from viz.classifiers import classifier_figure, quality_caption, quality_figure
from viz.correlation import correlation_figure
from viz.dimensions import dimensions_figure

PAGE = "use_the_code"
HIDDEN = 32  # the code autoencoder is 64-32-k-32-64
MLP_SAMPLES, MLP_EPOCHS = 500, 100
DIM_DATA = {"low_rank": "Low-rank cloud (D = 10)", "s_curve": "S-curve (D = 3)", "digits": "Digits (D = 64)"}
# Per dataset: how each k's two autoencoders are trained, sized so that a whole curve takes a few seconds.
DIM_SETTINGS = {"low_rank": CurveSettings(nonlinear_epochs=100), "s_curve": CurveSettings(),
                "digits": CurveSettings(linear_epochs=300, linear_learning_rate=0.02, nonlinear_hidden=32,
                                        nonlinear_epochs=40)}
raw_row = st.cache_data(show_spinner="Fitting the classifier on raw pixels…", max_entries=4)(classify_raw)
study = st.cache_data(show_spinner="Training the autoencoder, fitting the classifiers…", max_entries=16)(code_study)
quality = st.cache_data(show_spinner="Training one autoencoder per code size…", max_entries=4)(
    reconstruction_against_use)
mlp = st.cache_data(show_spinner="Training ours and MLPRegressor…", max_entries=16)(compare_with_mlp)
dimensions = st.cache_data(show_spinner="Training one linear and one nonlinear autoencoder per code size…",
                           max_entries=32)(dimension_study)


@st.cache_data(show_spinner="Fitting the pipeline…", max_entries=16)
def pipeline_accuracy(k: int) -> float:
    raw = dataset("digits")  # the pipeline standardises by itself: raw pixels, the same split
    parts = split(raw.X, raw.y, test_size=0.3, random_state=0)
    return float(autoencoder_pipeline(k, hidden=HIDDEN).fit(parts.X_train, parts.y_train).score(parts.X_test,
                                                                                                   parts.y_test))


L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

show(L, "downstream")
k = k_slider(PAGE, 64, start=10, label="Code size k")
question(L, "predict_accuracy")
digits = dataset("digits", scale="standard")
data = split(digits.X, digits.y, test_size=0.3, random_state=0)
result = study(data, k, hidden=HIDDEN)
if answered(L, "predict_accuracy"):
    rows = [raw_row(data), *result.rows]
    names = [f"{r.name} ({r.n_features})" for r in rows]
    st.dataframe([{"input": n, "features": r.n_features, "test accuracy": f"{100 * r.accuracy:.1f} %",
                   "classifier weights": r.n_weights, "solver iterations": r.iterations,
                   "classifier fit (ms)": round(1000 * r.fit_seconds), "encoder fit (s)": round(r.encoder_seconds, 2)}
                  for n, r in zip(names, rows, strict=True)], hide_index=True, width="stretch")
    chart(classifier_figure(names, [r.accuracy for r in rows], [r.fit_seconds for r in rows]))
    p = CODE_AUTOENCODER
    st.caption(f"Run here: digits standardised, {len(data.X_train)} training and {len(data.X_test)} test images "
               f"(stratified, seed 0). LogisticRegression(max_iter=2000) on each input. The autoencoder is "
               f"64-{HIDDEN}-{k}-{HIDDEN}-64, {p['activation']}, {p['optimizer']} η = {p['learning_rate']}, "
               f"{p['max_epochs']} epochs of mini-batches of {p['batch_size']}. Times are this server's wall clock.")

show(L, "correlation")
chart(correlation_figure([R for R, _ in result.correlations.values()], list(result.correlations),
                         title="Correlation matrices on the training images"))
for col, (name, (_, mean_r)) in zip(st.columns(3), result.correlations.items(), strict=True):
    col.metric(f"{name}: mean |r| off the diagonal", f"{mean_r:.3f}")

show(L, "quality")
two = numeric_guess(PAGE, "two", "Your guess: the classifier's test accuracy on codes of just 2 numbers", about="k = 2",
                    low=0.0, high=100.0, step=1.0, start=50.0, unit=" %", help="Chance is 10 % (ten digits).")
rows = quality(data, [2, 4, 8, 16, 32], hidden=HIDDEN)  # before the gate: cached (and warmed) once per server
if two.revealed:
    chart(quality_figure(rows, guess=two.guess and (two.guess.value, f"your guess for k = 2: {two.guess.value:g} %")))
    st.caption(quality_caption(rows, disagreements(rows)) + " Test split as above; the autoencoder is the one of the "
               "first chart, trained anew for each k.")

show(L, "fit_xx")
st.code(inspect.getsource(train_code), language="python", wrap_lines=True)
with st.expander("…and `Autoencoder.fit` itself, from `core/autoencoder.py`"):
    st.code(inspect.getsource(Autoencoder.fit), language="python", wrap_lines=True)

show(L, "pipeline")
st.code(inspect.getsource(autoencoder_pipeline), language="python", wrap_lines=True)
accuracy = pipeline_accuracy(k)
c1, c2 = st.columns([1, 2])
c1.metric("Pipeline test accuracy", f"{100 * accuracy:.1f} %")
c2.code(f"pipe = autoencoder_pipeline({k}, hidden={HIDDEN}).fit(X_train, y_train)\n"
        f"pipe.score(X_test, y_test)  # {accuracy:.3f}", language="python", wrap_lines=True)

show(L, "mlp")
rows = mlp(digits.X[:MLP_SAMPLES], k, epochs=MLP_EPOCHS)
st.dataframe([{"model": r.name, "error (1/N) Σ‖x − x̂‖²": round(r.error, 3), "epochs": r.epochs,
               "fit (s)": round(r.seconds, 2), "its own loss_": "–" if r.reported_loss is None
               else f"{r.reported_loss:.4f} (× 2·64 = {128 * r.reported_loss:.3f})"} for r in rows],
             hide_index=True, width="stretch")
st.caption(f"Run here: the first {MLP_SAMPLES} standardised digits, a linear 64-{k}-64 network, Adam η = 0.01, "
           f"mini-batches of 64, {MLP_EPOCHS} epochs, seed 0, for both; MLPRegressor with alpha=0 (no penalty).")

show(L, "dimensions")
question(L, "elbow_rank")
for name, value in (("dim_data", "low_rank"), ("rank", 3), ("log_y", False)):
    default(f"{PAGE}:{name}", value)
c1, c2, c3 = st.columns([3, 2, 1])
name = c1.radio("Data", list(DIM_DATA), format_func=DIM_DATA.get, key=f"{PAGE}:dim_data", horizontal=True)
rank = c2.slider("Rank r of the cloud", 1, 7, key=f"{PAGE}:rank", disabled=name != "low_rank",
                 help="The low-rank cloud lives near an r-dimensional subspace of ℝ¹⁰, plus noise σ = 0.1.")
log_y = c3.toggle("Log scale", key=f"{PAGE}:log_y", help="Shows the small errors after the elbow.")
X = {"low_rank": lambda: dataset("low_rank", rank=rank).X, "s_curve": lambda: dataset("s_curve").X,
     "digits": lambda: dataset("digits", scale="standard", n_samples=500).X}[name]()
# Every k for the small sets (a few past the cloud's rank show the flat part), a ladder for the digits.
ks = {"low_rank": range(min(X.shape[1], rank + 4) + 1), "s_curve": range(X.shape[1] + 1),
      "digits": [0, 1, 2, 4, 8, 16, 32]}[name]
r = dimensions(X, list(ks), DIM_SETTINGS[name])
marked = next(((m, e) for m, e in r.elbows.items() if e.clear), None)
chart(dimensions_figure(r.ks, r.curves, elbow=marked[1].k if marked else None, log_y=log_y,
                        elbow_label=f"{marked[0]} elbow" if marked else "elbow",
                        title=f"{DIM_DATA[name]}: error against code size k"))
st.markdown("  \n".join(
    f"**{m}**: a clear elbow at **k = {e.k}** (gain ratio {e.ratio:.1f}, {100 * e.residual:.1f} % of the error left "
    "there)." if e.clear else f"**{m}**: no clear elbow (the sharpest bend is at k = {e.k}: gain ratio "
    f"{e.ratio:.1f}, {100 * e.residual:.1f} % of the error left there)." for m, e in r.elbows.items()))
st.markdown(f"PCA keeps 90 % of the variance from **k = {r.k90}** and 95 % from **k = {r.k95}** (of D = "
            f"{r.n_features}).")
s = DIM_SETTINGS[name]
st.caption(f"Run here: N = {r.n_samples} points; for each k one linear D-k-D autoencoder (Adam η = "
           f"{s.linear_learning_rate}, full batch, {s.linear_epochs} epochs) and one D-{s.nonlinear_hidden}-k-"
           f"{s.nonlinear_hidden}-D {s.nonlinear_activation} autoencoder (Adam η = {s.nonlinear_learning_rate}, "
           f"batches of {s.nonlinear_batch_size}, {s.nonlinear_epochs} epochs), seed 0. PCA is exact.")

show(L, "summary")
questions(L)
