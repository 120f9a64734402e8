"""Lesson 6: training an autoencoder is training a network: backprop checked, optimisers, regularisers."""

import streamlit as st

from analysis.curves import holdout_rows, train_curve, weight_norm
from analysis.denoising import DENOISER, denoising_demo
from analysis.gradcheck import EPSILON, check_trained_network
from core.network import layer_sizes
from core.optimizers import OPTIMIZERS
from core.pca import discarded_variance
from ui.cached import dataset, network_chart
from ui.classroom import chart
from ui.lesson import answered, load_lesson, question, questions, show, show_on_demand
from ui.live_trainer import live_training
from ui.widgets import param_input
from viz.backprop import chain_rule_markdown, short_vector, trace_rows
from viz.gradcheck import gradcheck_figure
from viz.images import image_grid
from viz.regularization import regularization_figure
from viz.style import CHART
from viz.training import loss_curves_figure

PAGE = "training"
LAYERS = {"64 → 2 → 64": (2,), "64 → 8 → 2 → 8 → 64": (8, 2)}
THRESHOLD = 1e-6
OPT_SAMPLES, OPT_CODE, OPT_EPOCHS = 500, 8, 200  # a linear 64-8-64 network on 500 digits, one start for all three
N_TRAIN, N_VAL, BIG_NET, REG_EPOCHS = 100, 500, (64, 16), 200  # ~10 000 weights for 100 digits: it overfits
REGULARISED = dict(hidden_layer_sizes=BIG_NET, activation="tanh", learning_rate=0.01, random_state=0)
cached = st.cache_data(show_spinner="Training…", max_entries=64)
check, curve, denoise = cached(check_trained_network), cached(train_curve), cached(denoising_demo)
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
st.plotly_chart(network_chart(sizes, (activation,) * (len(sizes) - 2) + ("identity",), height=300,
                              title=f"The network: {' → '.join(map(str, sizes))}, f = {activation}"),
                width="stretch", config=CHART)
result = check(X, activation, layers)
t = result.trace
# On demand: the table and the chain rule's numbers (about 500 DOM nodes) are sent only once opened.
with st.expander(f"Digit #{result.row}, forward and back: the numbers", key=f"{PAGE}_trace", on_change="rerun") as box:
    if box.open:
        st.markdown(f"Digit **#{result.row}** (a **{digits.y[result.row]}**), standardised pixels $x$ = "
                    f"{short_vector(t.x)} ({len(t.x)} numbers). Loss on this one sample: "
                    f"$\\ell = \\lVert y - x\\rVert^2 = {t.loss:.3f}$.")
        st.dataframe(trace_rows(t), hide_index=True, width="stretch")
        st.markdown(chain_rule_markdown(t))

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

def optimisers_view() -> None:
    """SGD, momentum and Adam from the same start, on the same gradient."""
    show(L, "optimisers")
    lr = param_input(PAGE, "learning_rate", start=0.01, low=0.001, high=0.05, key=f"{PAGE}:opt_lr",
                     label="Learning rate η (the same for all three)")
    runs = {name: curve(X[:OPT_SAMPLES], dict(hidden_layer_sizes=(OPT_CODE,), optimizer=name, learning_rate=lr,
                                              random_state=0), epochs=OPT_EPOCHS) for name in OPTIMIZERS}
    optimum = float(discarded_variance(X[:OPT_SAMPLES])[OPT_CODE])
    fig = loss_curves_figure({n: c.loss for n, c in runs.items()}, reference=optimum, reference_label="PCA optimum",
                             title=f"Same network, same start, η = {lr:g}")
    # The axis is set by the starts, not by a blow-up.
    fig.update_yaxes(range=[0, 1.1 * max(float(c.loss[0]) for c in runs.values() if c.loss.size)])
    chart(fig)
    for col, (name, c) in zip(st.columns(len(runs)), runs.items(), strict=True):
        if c.diverged:
            col.metric(f"{name}: loss", "diverged", help=c.diverged)
            col.caption(c.diverged)
        else:
            col.metric(f"{name}: loss after {len(c.loss)} epochs", f"{c.final:.2f}",
                       delta=f"{c.final - optimum:+.2f} above PCA", delta_color="off")
    st.caption(f"Run here: a linear 64-{OPT_CODE}-64 autoencoder on {OPT_SAMPLES} standardised digits, full batch, "
               f"{OPT_EPOCHS} epochs, seed 0 (the same random start for every optimiser).")


def overfitting_view() -> None:
    """A large network on few digits, with and without each regulariser."""
    show(L, "overfitting")
    question(L, "overfit_sign")
    c1, c2, c3 = st.columns(3)
    l2 = param_input(PAGE, "l2", start=0.01, low=0.001, high=0.1, label="L2 weight decay λ", container=c1)
    p = param_input(PAGE, "dropout", start=0.2, low=0.05, high=0.5, container=c2)
    sigma = param_input(PAGE, "noise", start=0.5, low=0.1, label="Input noise σ", container=c3)
    regs = {"none": {}, f"L2 λ={l2:g}": {"l2": l2}, f"dropout p={p:g}": {"dropout": p},
            f"noise σ={sigma:g}": {"noise": sigma}}
    runs = {name: curve(X[tr], {**REGULARISED, **reg}, epochs=REG_EPOCHS, X_val=X[va]) for name, reg in regs.items()}
    chart(regularization_figure({n: c.loss for n, c in runs.items()}, {n: c.val_loss for n, c in runs.items()},
                                {n: c.weight_norm for n, c in runs.items()}))
    for col, (name, c) in zip(st.columns(len(runs)), runs.items(), strict=True):
        col.metric(f"{name}: validation loss", f"{c.final_val:.2f}", delta_color="inverse",
                   delta=None if name == "none" else f"{c.final_val - runs['none'].final_val:+.2f} vs none")
    st.caption(f"Run here: {N_TRAIN} training digits, {N_VAL} validation digits (standardised), a 64-{BIG_NET[0]}-"
               f"{BIG_NET[1]}-{BIG_NET[0]}-64 tanh network, Adam η = 0.01, full batch, {REG_EPOCHS} epochs, seed 0. "
               "Each curve is a separate run with one regulariser switched on.")
    show_on_demand(L, "noise_penalty", "Why input noise is a weight penalty, for a linear autoencoder")


def denoising_view() -> None:
    """fit(noisy, clean): held-out digits, their noise and what the network makes of it."""
    show(L, "denoising")
    sigma = param_input(PAGE, "noise", start=0.3, low=0.1, high=0.5, key=f"{PAGE}:denoise_sigma",
                        label="Noise σ (pixels scaled to [0, 1])")
    demo = denoise(dataset("digits", scale="minmax").X, sigma)
    c1, c2 = st.columns(2)
    c1.metric("Noisy input: error vs clean", f"{demo.errors.noisy_error:.2f}")
    c2.metric("Network output: error vs clean", f"{demo.errors.denoised_error:.2f}", delta_color="inverse",
              delta=f"{demo.errors.denoised_error - demo.errors.noisy_error:+.2f}")
    chart(image_grid([demo.noisy, demo.clean, demo.denoised], (8, 8), zrange=(0.0, 1.0), title="Held-out digits: the "
                     "network sees only the top row", rows_titles=["noisy input x̃", "clean x (unseen)", "output y"]))
    h = DENOISER["hidden_layer_sizes"]
    st.caption(f"Run here: fit(noisy, clean) on 800 digits × 3 noisy copies, 64-{h[0]}-{h[1]}-{h[0]}-64 tanh, "
               f"Adam, {DENOISER['max_epochs']} epochs of mini-batches of {DENOISER['batch_size']}. Errors are "
               f"(1/N) Σ‖·‖² over the {len(X) - 800} digits not trained on.")


# Three experiments, each computed and drawn only when its tab is open: the page stays light
# (bench/page_load.py).
EXPERIMENTS = {"Optimisers": optimisers_view, "Overfitting": overfitting_view,
               "Denoising": denoising_view}
for tab, view in zip(st.tabs(list(EXPERIMENTS), key=f"{PAGE}_experiments", on_change="rerun"),
                     EXPERIMENTS.values(), strict=True):
    with tab:
        if tab.open:
            view()

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
