"""Lesson 7: the code as input to another model, fit(X, X) literally, and how many dimensions there are."""

import inspect

import streamlit as st

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
from ui.charts import chart
from ui.dimensions_study import how_many_dimensions
from ui.lesson import answered, load_lesson, on_demand, question, questions, show, tabs_on_demand
from ui.prediction import numeric_guess
from ui.widgets import k_slider
from viz.classifiers import classifier_figure, quality_caption, quality_figure
from viz.correlation import correlation_figure

PAGE = "use_the_code"
HIDDEN = 32  # the code autoencoder is 64-32-k-32-64
MLP_SAMPLES, MLP_EPOCHS = 500, 100
raw_row = st.cache_data(show_spinner="Fitting the classifier on raw pixels…", max_entries=4)(classify_raw)
study = st.cache_data(show_spinner="Training the autoencoder, fitting the classifiers…", max_entries=16)(code_study)
quality = st.cache_data(show_spinner="Training one autoencoder per code size…", max_entries=4)(
    reconstruction_against_use)
mlp = st.cache_data(show_spinner="Training ours and MLPRegressor…", max_entries=16)(compare_with_mlp)


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
for col, (name, (_, mean_r)) in zip(st.columns(3), result.correlations.items(), strict=True):
    col.metric(f"{name}: mean |r| off the diagonal", f"{mean_r:.3f}")
on_demand("The three correlation matrices, drawn", f"{PAGE}_more_correlation",
          lambda: chart(correlation_figure([R for R, _ in result.correlations.values()], list(result.correlations),
                                           title="Correlation matrices on the training images")))

show(L, "quality")
two = numeric_guess(PAGE, "two", "Your guess: the classifier's test accuracy on codes of just 2 numbers", about="k = 2",
                    low=0.0, high=100.0, step=1.0, start=50.0, unit=" %", help="Chance is 10 % (ten digits).")
rows = quality(data, [2, 4, 8, 16, 32], hidden=HIDDEN)  # before the gate: cached (and warmed) once per server
if two.revealed:
    chart(quality_figure(rows, guess=two.guess and (two.guess.value, f"your guess for k = 2: {two.guess.value:g} %")))
    st.caption(quality_caption(rows, disagreements(rows)) + " Test split as above; the autoencoder is the one of the "
               "first chart, trained anew for each k.")

accuracy = pipeline_accuracy(k)  # computed here, drawn in its tab: cached (and warmed) once per server
mlp_rows = mlp(digits.X[:MLP_SAMPLES], k, epochs=MLP_EPOCHS)


def fit_view() -> None:
    show(L, "fit_xx")
    st.code(inspect.getsource(train_code), language="python", wrap_lines=True)
    on_demand("…and `Autoencoder.fit` itself, from `core/autoencoder.py`", f"{PAGE}_more_fit",
              lambda: st.code(inspect.getsource(Autoencoder.fit), language="python", wrap_lines=True))


def pipeline_view() -> None:
    show(L, "pipeline")
    st.code(inspect.getsource(autoencoder_pipeline), language="python", wrap_lines=True)
    c1, c2 = st.columns([1, 2])
    c1.metric("Pipeline test accuracy", f"{100 * accuracy:.1f} %")
    c2.code(f"pipe = autoencoder_pipeline({k}, hidden={HIDDEN}).fit(X_train, y_train)\n"
            f"pipe.score(X_test, y_test)  # {accuracy:.3f}", language="python", wrap_lines=True)


def mlp_view() -> None:
    show(L, "mlp")
    st.dataframe([{"model": r.name, "error (1/N) Σ‖x − x̂‖²": round(r.error, 3), "epochs": r.epochs,
                   "fit (s)": round(r.seconds, 2), "its own loss_": "–" if r.reported_loss is None
                   else f"{r.reported_loss:.4f} (× 2·64 = {128 * r.reported_loss:.3f})"} for r in mlp_rows],
                 hide_index=True, width="stretch")
    st.caption(f"Run here: the first {MLP_SAMPLES} standardised digits, a linear 64-{k}-64 network, Adam η = 0.01, "
               f"mini-batches of 64, {MLP_EPOCHS} epochs, seed 0, for both; MLPRegressor with alpha=0 (no penalty).")


tabs_on_demand({"fit(X, X)": fit_view, "Pipeline": pipeline_view, "MLPRegressor": mlp_view},
               key=f"{PAGE}_code_views")  # short labels: all three tabs fit a phone's width

how_many_dimensions(L)

show(L, "summary")
questions(L)
