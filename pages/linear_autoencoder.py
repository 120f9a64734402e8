"""Lesson 3: the linear autoencoder y = VWx, trained live, reaches PCA's optimum and spans PCA's subspace."""

import streamlit as st

from analysis.linear import compare
from analysis.saddles import tiny_plan
from core.network import layer_sizes
from ui.cached import baseline
from ui.charts import network_diagram
from ui.lesson import load_lesson, question, questions, show
from ui.linear_views import (
    chart_levels,
    latent_view,
    live_numbers,
    plateau_outcome,
    prepare_tiny_run,
    ready,
    reconstructions_view,
    tiny_note,
    tiny_toggle,
    weights_view,
)
from ui.live_trainer import live_training
from ui.prediction import numeric_guess, run_outcome
from ui.widgets import k_slider, param_input, subspace_data_picker

PAGE = "linear_autoencoder"
EPOCHS = 300  # long enough to see the flat part after the fall onto PCA's line
SETTLED = 100  # epochs after which a run has had time to settle (Adam at 0.05 is on PCA's line by about 50)

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

left, right = st.columns(2)
with left:
    data = subspace_data_picker(PAGE, follow="pca")
N, D = data.X.shape
with right:
    k = k_slider(PAGE, D, follow="pca")
    pca = baseline(data.X, k)
    tiny = tiny_toggle(PAGE)  # plain gradient descent from tiny weights, at a step size set by the data
    plan = tiny_plan(pca.eigenvalues, k) if tiny else None
    # Adam at 0.05: on PCA's line in ~50 epochs
    lr = plan.learning_rate if tiny else param_input(PAGE, "learning_rate", start=0.05, high=1.0)
    c1, c2 = st.columns(2)
    if tiny:
        c1.caption(tiny_note(plan))
    optimizer = "sgd" if tiny else param_input(PAGE, "optimizer", container=c1)
    seed = param_input(PAGE, "random_state", start=0, key=f"{PAGE}:seed", container=c2)
    l2 = param_input(PAGE, "l2", high=1.0)  # may change mid-run: the live numbers follow
params = dict(hidden_layer_sizes=(k,), activation="identity", output_activation="identity", optimizer=optimizer,
              learning_rate=lr, batch_size=None, l2=l2, random_state=seed)
epochs = plan.epochs if tiny else EPOCHS
data_key = f"{data.name}/standard" + ("/tiny" if tiny else "")

network_diagram(layer_sizes(D, (k,)), ("identity", "identity"), height=300,
                title=f"The network: {D} → {k} → {D}, identity activations")

show(L, "predict")
settle = question(L, "settle")
guess = numeric_guess(PAGE, "settle", "Your guess: where will the loss J/N settle?", about=f"k = {k} on {data.title}",
                      low=0.0, high=float(round(2 * pca.optima[0], 1)), step=0.1, start=float(round(pca.optima[0], 1)),
                      help="A number on the loss chart's scale; it starts near the loss of an untrained network.",
                      gate=False).guess
show(L, "plateaus")
plateaus = question(L, "plateaus")
count = tiny and numeric_guess(PAGE, "plateaus", "Your guess: how many plateaus before the loss settles?",
                               about=f"k = {k} on {data.title}, from tiny weights", low=0.0, high=float(D), step=1.0,
                               start=0.0, help="A whole number: the flat stretches, each followed by a drop.",
                               gate=False).guess

show(L, "train")
if tiny:  # before the trainer draws it, so the chart shows the saddles' levels from epoch 0 on
    prepare_tiny_run(PAGE, data.X, params, data_key=data_key, epochs=epochs)
run = live_training(PAGE, data.X, params, data_key=data_key, epochs=epochs, reference=pca.optimum,
                    reference_label="PCA optimum J*/N", live=live_numbers(PAGE, data.X, pca), live_header=True,
                    guess=guess and (guess.value, f"your guess = {guess.value:g}"), levels=chart_levels(plan, pca, l2),
                    pace=10)  # the fall onto PCA's line (about 50 epochs) lasts five seconds
settled = plan.settled if tiny else SETTLED
outcome, waiting = run_outcome(run, pca.optimum, "PCA's optimum J*/N (the dashed line)", guess, min_epochs=settled)
settle.seen(outcome, waiting)
if guess and outcome:
    st.caption(f"Your guess against the outcome: {outcome}.")
plateaus.seen(*plateau_outcome(run, plan, guess=count or None))
show(L, "why")
# The views of the trained network are drawn when training stops (the trainer reruns the page then).
c = compare(run.model, data.X, pca) if run.epoch > 0 and run.status != "training" else None

show(L, "latent")
if ready(run):
    latent_view(c, pca, data)

if data.image_shape is not None:
    show(L, "reconstructions")
    if ready(run):
        reconstructions_view(c, pca, data, run.model)

show(L, "weights")
if ready(run):
    weights_view(c, pca, data)
show(L, "l2")

show(L, "next")
questions(L)
