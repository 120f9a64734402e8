"""The training lesson's three experiments (optimisers, overfitting and its remedies, denoising), each drawn in a
tab that is computed and sent only when it is open: the page stays light (bench/page_load.py)."""

import numpy as np
import streamlit as st

from analysis.curves import train_curve
from analysis.denoising import DENOISER, denoising_demo
from core.optimizers import OPTIMIZERS
from core.pca import discarded_variance
from ui.cached import dataset
from ui.charts import chart
from ui.lesson import Lesson, question, show, show_on_demand, tabs_on_demand
from ui.widgets import param_input
from viz.images import image_grid
from viz.regularization import regularization_figure
from viz.training import loss_curves_figure

PAGE = "training"
OPT_SAMPLES, OPT_CODE, OPT_EPOCHS = 500, 8, 200  # a linear 64-8-64 network on 500 digits, one start for all three
N_TRAIN, N_VAL, BIG_NET, REG_EPOCHS = 100, 500, (64, 16), 200  # ~10 000 weights for 100 digits: it overfits
REGULARISED = dict(hidden_layer_sizes=BIG_NET, activation="tanh", learning_rate=0.01, random_state=0)
cached = st.cache_data(show_spinner="Training…", max_entries=64)
curve, denoise = cached(train_curve), cached(denoising_demo)


def experiments(L: Lesson, X: np.ndarray, tr: np.ndarray, va: np.ndarray) -> None:
    """The three tabs; only the open one runs its view."""
    tabs_on_demand({"Optimisers": lambda: optimisers_view(L, X), "Overfitting": lambda: overfitting_view(L, X, tr, va),
                    "Denoising": lambda: denoising_view(L, X)}, key=f"{PAGE}_experiments")


def optimisers_view(L: Lesson, X: np.ndarray) -> None:
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


def overfitting_view(L: Lesson, X: np.ndarray, tr: np.ndarray, va: np.ndarray) -> None:
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


def denoising_view(L: Lesson, X: np.ndarray) -> None:
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
