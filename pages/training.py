"""Lesson 6: training an autoencoder is training a network: backprop checked, optimisers, regularisers."""

import streamlit as st

from analysis.curves import holdout_rows, weight_norm
from analysis.gradcheck import EPSILON, check_trained_network
from core.network import layer_sizes
from ui.cached import dataset
from ui.charts import chart, network_diagram
from ui.fitting_experiments import BIG_NET, N_TRAIN, N_VAL, REG_EPOCHS, REGULARISED, experiments
from ui.lesson import answered, load_lesson, on_demand, question, questions, show, show_on_demand
from ui.live_trainer import live_training
from ui.widgets import param_input
from viz.backprop import chain_rule_markdown, short_vector, trace_rows
from viz.gradcheck import gradcheck_figure

PAGE = "training"
LAYERS = {"64 → 2 → 64": (2,), "64 → 8 → 2 → 8 → 64": (8, 2)}
THRESHOLD = 1e-6
check = st.cache_data(show_spinner="Training…", max_entries=64)(check_trained_network)
digits = dataset("digits", scale="standard")
X, (tr, va) = digits.X, holdout_rows(len(digits.X), N_TRAIN, N_VAL)

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

show(L, "backprop")
c1, c2 = st.columns(2)
activation = param_input(PAGE, "activation", start="tanh", label="Activation f (every hidden layer)", container=c1)
layers = LAYERS[c2.radio("Network", list(LAYERS), key=f"{PAGE}:layers", horizontal=True)]
sizes = layer_sizes(64, layers)
result = check(X, activation, layers)
t = result.trace


def trace_view() -> None:
    """The network drawn, the table and the chain rule's numbers: a chart and about 500 DOM nodes, sent once
    opened."""
    network_diagram(sizes, (activation,) * (len(sizes) - 2) + ("identity",), height=300,
                    title=f"The network: {' → '.join(map(str, sizes))}, f = {activation}")
    st.markdown(f"Digit **#{result.row}** (a **{digits.y[result.row]}**), standardised pixels $x$ = "
                f"{short_vector(t.x)} ({len(t.x)} numbers). Loss on this one sample: "
                f"$\\ell = \\lVert y - x\\rVert^2 = {t.loss:.3f}$.")
    st.dataframe(trace_rows(t), hide_index=True, width="stretch")
    st.markdown(chain_rule_markdown(t))


on_demand(f"The network, and digit #{result.row} forward and back: the numbers", f"{PAGE}_trace", trace_view)

show_on_demand(L, "backprop_code", "In the code the matrices are transposed")

show(L, "gradcheck")
show_on_demand(L, "gradcheck_formulas", "The formulas: central difference and relative error")
question(L, "gradcheck_size")
if answered(L, "gradcheck_size"):
    worst = max(max(c.weight_error, c.bias_error) for c in result.checks)
    c1, c2, c3 = st.columns(3)
    c1.metric("Largest relative error", f"{worst:.1e}", help="Over every layer's weights and biases.")
    c2.metric("Verdict", "backprop is right" if worst < THRESHOLD else "mismatch!")
    c3.metric("Parameters checked", f"{result.n_params:,}")
    chart(gradcheck_figure([c.label for c in result.checks], [c.weight_error for c in result.checks],
                           [c.bias_error for c in result.checks], threshold=THRESHOLD))
    st.caption(f"Central differences, ε = {EPSILON:g}, on {result.n_rows} digits not trained on: "
               f"{2 * result.n_params:,} loss evaluations against one backward pass. Samples within 0.001 of a kink "
               "(relu-like activations) are skipped: there the *numeric* estimate is unreliable.")

experiments(L, X, tr, va)

show(L, "divergence")
cols = st.columns(5)
live = dict(REGULARISED, optimizer=param_input(PAGE, "optimizer", start="momentum", key=f"{PAGE}:live_optimizer",
                                               container=cols[0]),
            learning_rate=param_input(PAGE, "learning_rate", start=0.01, key=f"{PAGE}:live_lr", container=cols[1]),
            l2=param_input(PAGE, "l2", start=0.0, high=0.1, key=f"{PAGE}:live_l2", container=cols[2]),
            dropout=param_input(PAGE, "dropout", high=0.5, key=f"{PAGE}:live_dropout", container=cols[3]),
            noise=param_input(PAGE, "noise", key=f"{PAGE}:live_noise", container=cols[4]))


def live_numbers(run) -> None:
    last = run.history[-1]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Training loss", f"{last['loss']:.2f}")
    c2.metric("Validation loss", f"{last['val_loss']:.2f}")
    c3.metric("Gap (validation − training)", f"{last['val_loss'] - last['loss']:.2f}")
    c4.metric("Weight norm √Σ‖W‖²", f"{weight_norm(run.model):.1f}")


live_training(f"{PAGE}_overfit", X[tr], live, data_key=f"digits/standard/{N_TRAIN}", epochs=REG_EPOCHS,
              X_val=X[va], live=live_numbers, pace=20)  # the gap opens over ten seconds
st.caption(f"The same setup as above: {N_TRAIN} training digits, {N_VAL} validation digits, 64-{BIG_NET[0]}-"
           f"{BIG_NET[1]}-{BIG_NET[0]}-64 tanh, full batch. Learning rate, L2, dropout and noise apply to the running "
           "network at its next step; changing the optimizer starts a fresh one.")

show(L, "summary")
questions(L)
