"""Parts of the `training` lesson: backprop with live numbers, the gradient check, optimisers, regularisers,
denoising and the live overfitting run. Numbers come from `core`, figures from `viz`; heavy runs are cached.
"""

import numpy as np
import streamlit as st

from core import Autoencoder
from core.activations import ACTIVATIONS
from core.curves import train_curve, weight_norm
from core.denoising import DENOISER, add_noise, denoising_errors, train_denoiser
from core.gradcheck import EPSILON, backprop_trace, gradient_check, kink_safe_rows
from core.optimizers import OPTIMIZERS
from core.params import PARAMS
from core.pca import discarded_variance
from ui.pickers import cached_dataset
from ui.state import default
from ui.trainer import live_training
from viz.gradcheck import gradcheck_figure
from viz.images import image_grid
from viz.regularization import regularization_figure
from viz.training import loss_curves_figure

PAGE = "training"
CHART = {"displayModeBar": False}
LAYERS = {"64 → 2 → 64": (2,), "64 → 8 → 2 → 8 → 64": (8, 2)}
THRESHOLD = 1e-6
# Optimisers: a linear 64-8-64 autoencoder on 500 digits, full batch, one random start for all three.
OPT_SAMPLES, OPT_CODE, OPT_EPOCHS = 500, 8, 200
# Overfitting: 100 training digits, 500 validation digits, a 64-64-16-64-64 tanh network (~10 000 weights).
N_TRAIN, N_VAL, BIG_NET, REG_EPOCHS = 100, 500, (64, 16), 200
RATES = [0.001, 0.003, 0.01, 0.03, 0.05]
LIVE_RATES = [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]


def digits(scale: str = "standard") -> np.ndarray:
    return cached_dataset("digits", scale=scale).X


def split_indices() -> tuple[np.ndarray, np.ndarray]:
    """A fixed random choice of N_TRAIN training rows and N_VAL validation rows of the digits."""
    order = np.random.default_rng(0).permutation(len(digits()))
    return order[:N_TRAIN], order[N_TRAIN:N_TRAIN + N_VAL]


# ------------------------------------------------------------------------------------------- backprop
@st.cache_data(show_spinner="Checking the gradient…", max_entries=32)
def gradcheck_result(activation: str, layers: tuple) -> dict:
    """A network trained 20 epochs on 300 digits; its gradient check on 20 other digits and one sample's trace."""
    X = digits()
    model = Autoencoder(hidden_layer_sizes=layers, activation=activation, max_epochs=20, random_state=0).fit(X[:300])
    rows = 300 + kink_safe_rows(model, X[300:400])[:20]
    n_params = sum(W.size for W in model.coefs_) + sum(b.size for b in model.intercepts_)
    return {"checks": gradient_check(model, X[rows]), "trace": backprop_trace(model, X[rows[0]]),
            "row": int(rows[0]), "n_rows": len(rows), "n_params": int(n_params),
            "label": int(cached_dataset("digits").y[rows[0]])}


def network_controls() -> tuple[str, tuple]:
    default(f"{PAGE}:activation", "tanh")
    default(f"{PAGE}:layers", "64 → 2 → 64")
    c1, c2 = st.columns(2)
    act = c1.selectbox("Activation f (every hidden layer)", list(ACTIVATIONS), key=f"{PAGE}:activation",
                       help=PARAMS["activation"].help)
    layers = c2.radio("Network", list(LAYERS), key=f"{PAGE}:layers", horizontal=True)
    return act, LAYERS[layers]


def _vec(v, n: int = 4) -> str:
    shown = ", ".join(f"{x:.3f}" for x in np.asarray(v)[:n])
    return f"[{shown}{', …' if len(v) > n else ''}]"


def chain_rule(result: dict) -> None:
    """The forward values and the error signals of one digit, and one weight's gradient multiplied out."""
    t = result["trace"]
    L = len(t.deltas)
    st.markdown(f"Digit **#{result['row']}** (a **{result['label']}**), standardised pixels $x$ = {_vec(t.x)} "
                f"({len(t.x)} numbers). Loss on this one sample: $\\ell = \\lVert y - x\\rVert^2 = {t.loss:.3f}$.")
    rows = []
    for l in range(L):
        name = "output" if l == L - 1 else ("code" if l == t.code_layer else "hidden")
        rows.append({"layer": f"{l + 1} ({name})", "W shape": f"{t.grad_coefs[l].shape[0]}×{t.grad_coefs[l].shape[1]}",
                     "forward: f(z)": _vec(t.outputs[l]), "f′(z)": _vec(t.local_derivatives[l]),
                     "backward: δ = ∂ℓ/∂z": _vec(t.deltas[l]),
                     "‖∂ℓ/∂W‖": f"{np.linalg.norm(t.grad_coefs[l]):.4f}"})
    st.dataframe(rows, hide_index=True, width="stretch")
    i = int(np.argmax(np.abs(t.x)))
    j = int(np.argmax(np.abs(t.deltas[0])))
    d = t.deltas[-1]
    o = int(np.argmax(np.abs(d)))
    oo, ii, jj = o + 1, i + 1, j + 1
    st.markdown(
        f"Output unit {oo}: $\\delta_{{\\text{{out}},{oo}}} = 2\\,(y_{{{oo}}} - x_{{{oo}}})\\,g'(o_{{{oo}}})"
        f" = 2\\times({t.outputs[-1][o] - t.target[o]:.3f})\\times{t.local_derivatives[-1][o]:.3f}"
        f" = {d[o]:.4f}$.  \n"
        f"First-layer weight from pixel {ii} to unit {jj}: "
        f"$\\dfrac{{\\partial \\ell}}{{\\partial (W_1)_{{{ii},{jj}}}}} = x_{{{ii}}}\\,(\\delta_1)_{{{jj}}} = "
        f"({t.x[i]:.3f})\\times({t.deltas[0][j]:.4f}) = {t.grad_coefs[0][i, j]:.5f}$."
    )


def gradcheck_view(result: dict) -> None:
    checks = result["checks"]
    worst = max(max(c.weight_error, c.bias_error) for c in checks)
    c1, c2, c3 = st.columns(3)
    c1.metric("Largest relative error", f"{worst:.1e}", help="Over every layer's weights and biases.")
    c2.metric("Verdict", "backprop is right" if worst < THRESHOLD else "mismatch!")
    c3.metric("Parameters checked", f"{result['n_params']:,}")
    st.plotly_chart(gradcheck_figure([c.label for c in checks], [c.weight_error for c in checks],
                                     [c.bias_error for c in checks], threshold=THRESHOLD),
                    width="stretch", config=CHART)
    st.caption(f"Central differences with ε = {EPSILON:g} on {result['n_rows']} digits the network was not trained "
               f"on: {2 * result['n_params']:,} evaluations of the loss, against one backward pass. Samples with a "
               "unit within 0.001 of a kink (relu-like activations) are skipped, because there the *numeric* "
               "estimate is unreliable.")


# ------------------------------------------------------------------------------------------- optimisers
@st.cache_data(show_spinner="Training with each optimiser…", max_entries=64)
def optimizer_curve(optimizer: str, learning_rate: float):
    params = dict(hidden_layer_sizes=(OPT_CODE,), optimizer=optimizer, learning_rate=learning_rate, random_state=0)
    return train_curve(digits()[:OPT_SAMPLES], params, epochs=OPT_EPOCHS)


def optimisers_view() -> None:
    default(f"{PAGE}:opt_lr", 0.01)
    lr = st.select_slider("Learning rate η (the same for all three)", RATES, key=f"{PAGE}:opt_lr")
    curves = {name: optimizer_curve(name, lr) for name in OPTIMIZERS}
    optimum = float(discarded_variance(digits()[:OPT_SAMPLES])[OPT_CODE])
    fig = loss_curves_figure({n: c.loss for n, c in curves.items()}, reference=optimum,
                             reference_label="PCA optimum", title=f"Same network, same start, η = {lr:g}")
    # frame the curves by where they start, so one that explodes does not flatten the others
    start = max(float(c.loss[0]) for c in curves.values() if c.loss.size)
    fig.update_yaxes(range=[0, 1.1 * start])
    st.plotly_chart(fig, width="stretch", config=CHART)
    cols = st.columns(len(curves))
    for col, (name, c) in zip(cols, curves.items(), strict=True):
        if c.diverged:
            col.metric(f"{name}: loss", "diverged", help=c.diverged)
            col.caption(c.diverged)
        else:
            col.metric(f"{name}: loss after {len(c.loss)} epochs", f"{c.final:.2f}",
                       delta=f"{c.final - optimum:+.2f} above PCA", delta_color="off")
    st.caption(f"Run here: a linear {64}-{OPT_CODE}-{64} autoencoder on {OPT_SAMPLES} standardised digits, "
               f"full batch, {OPT_EPOCHS} epochs, seed 0 (the same random start for every optimiser).")


# ------------------------------------------------------------------------------------------- regularisers
@st.cache_data(show_spinner="Training the large network…", max_entries=64)
def regularised_curve(l2: float = 0.0, dropout: float = 0.0, noise: float = 0.0):
    tr, va = split_indices()
    X = digits()
    params = dict(hidden_layer_sizes=BIG_NET, activation="tanh", learning_rate=0.01, random_state=0,
                  l2=l2, dropout=dropout, noise=noise)
    return train_curve(X[tr], params, epochs=REG_EPOCHS, X_val=X[va])


def regularisers_view() -> None:
    default(f"{PAGE}:l2", 0.01)
    default(f"{PAGE}:dropout", 0.2)
    default(f"{PAGE}:noise", 0.5)
    c1, c2, c3 = st.columns(3)
    l2 = c1.select_slider("L2 weight decay λ", [0.001, 0.003, 0.01, 0.03, 0.1], key=f"{PAGE}:l2",
                          help=PARAMS["l2"].help)
    p = c2.select_slider("Dropout p", [0.05, 0.1, 0.2, 0.3, 0.5], key=f"{PAGE}:dropout", help=PARAMS["dropout"].help)
    sigma = c3.select_slider("Input noise σ", [0.1, 0.2, 0.5, 1.0, 2.0], key=f"{PAGE}:noise",
                             help=PARAMS["noise"].help)
    runs = {"none": regularised_curve(), f"L2 λ={l2:g}": regularised_curve(l2=l2),
            f"dropout p={p:g}": regularised_curve(dropout=p), f"noise σ={sigma:g}": regularised_curve(noise=sigma)}
    fig = regularization_figure({n: c.loss for n, c in runs.items()}, {n: c.val_loss for n, c in runs.items()},
                                {n: c.weight_norm for n, c in runs.items()})
    st.plotly_chart(fig, width="stretch", config=CHART)
    base = runs["none"].final_val
    for col, (name, c) in zip(st.columns(len(runs)), runs.items(), strict=True):
        col.metric(f"{name}: validation loss", f"{c.final_val:.2f}",
                   delta=None if name == "none" else f"{c.final_val - base:+.2f} vs none", delta_color="inverse")
    st.caption(f"Run here: {N_TRAIN} training digits, {N_VAL} validation digits (standardised), a 64-"
               f"{BIG_NET[0]}-{BIG_NET[1]}-{BIG_NET[0]}-64 tanh network, Adam η = 0.01, full batch, {REG_EPOCHS} "
               "epochs, seed 0. Each curve is a separate run with one regulariser switched on.")


# ------------------------------------------------------------------------------------------- denoising
@st.cache_data(show_spinner="Training the denoiser…", max_entries=16)
def denoising_result(sigma: float) -> dict:
    X = digits("minmax")
    model = train_denoiser(X[:800], sigma)
    clean = X[1500:1510]
    noisy = add_noise(clean, sigma, random_state=1)
    test = X[800:]
    return {"noisy": noisy, "clean": clean, "denoised": model.predict(noisy),
            "errors": denoising_errors(model, test, add_noise(test, sigma, random_state=2))}


def denoising_view() -> None:
    default(f"{PAGE}:denoise_sigma", 0.3)
    sigma = st.select_slider("Noise σ (pixels scaled to [0, 1])", [0.1, 0.2, 0.3, 0.5], key=f"{PAGE}:denoise_sigma")
    r = denoising_result(sigma)
    c1, c2 = st.columns(2)
    c1.metric("Noisy input: error vs clean", f"{r['errors'].noisy_error:.2f}")
    c2.metric("Network output: error vs clean", f"{r['errors'].denoised_error:.2f}",
              delta=f"{r['errors'].denoised_error - r['errors'].noisy_error:+.2f}", delta_color="inverse")
    st.plotly_chart(image_grid([r["noisy"], r["clean"], r["denoised"]], (8, 8),
                               rows_titles=["noisy input x̃", "clean x (unseen)", "output y"], zrange=(0.0, 1.0),
                               title="Held-out digits: the network sees only the top row"),
                    width="stretch", config=CHART)
    hidden = DENOISER["hidden_layer_sizes"]
    st.caption(f"Run here: fit(noisy, clean) on 800 digits × 3 noisy copies, 64-{hidden[0]}-{hidden[1]}-"
               f"{hidden[0]}-64 tanh, Adam, {DENOISER['max_epochs']} epochs of mini-batches of "
               f"{DENOISER['batch_size']}. Errors are (1/N) Σ‖·‖² over the {len(digits()) - 800} digits not "
               "trained on.")


# ------------------------------------------------------------------------------------------- live run
def live_controls() -> dict:
    default(f"{PAGE}:live_optimizer", "momentum")
    default(f"{PAGE}:live_lr", 0.01)
    default(f"{PAGE}:live_l2", 0.0)
    default(f"{PAGE}:live_dropout", 0.0)
    default(f"{PAGE}:live_noise", 0.0)
    c1, c2, c3, c4, c5 = st.columns(5)
    opt = c1.selectbox("Optimizer", list(OPTIMIZERS), key=f"{PAGE}:live_optimizer")
    lr = c2.select_slider("Learning rate", LIVE_RATES, key=f"{PAGE}:live_lr", help=PARAMS["learning_rate"].help)
    l2 = c3.select_slider("L2 λ", [0.0, 0.001, 0.003, 0.01, 0.03, 0.1], key=f"{PAGE}:live_l2")
    p = c4.slider("Dropout p", 0.0, 0.5, step=0.05, key=f"{PAGE}:live_dropout")
    sigma = c5.slider("Noise σ", 0.0, 2.0, step=0.1, key=f"{PAGE}:live_noise")
    return dict(hidden_layer_sizes=BIG_NET, activation="tanh", optimizer=opt, learning_rate=lr, l2=l2,
                dropout=p, noise=sigma, random_state=0)


def _live_metrics(run) -> None:
    h = run.history[-1]
    val = h["val_loss"]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Training loss", f"{h['loss']:.2f}")
    c2.metric("Validation loss", f"{val:.2f}")
    c3.metric("Gap (validation − training)", f"{val - h['loss']:.2f}")
    c4.metric("Weight norm √Σ‖W‖²", f"{weight_norm(run.model):.1f}")


def live_run() -> None:
    params = live_controls()
    tr, va = split_indices()
    X = digits()
    live_training(f"{PAGE}_overfit", X[tr], params, data_key=f"digits/standard/{N_TRAIN}", epochs=REG_EPOCHS,
                  X_val=X[va], live=_live_metrics)
    st.caption(f"The same setup as above: {N_TRAIN} training digits, {N_VAL} validation digits, 64-{BIG_NET[0]}-"
               f"{BIG_NET[1]}-{BIG_NET[0]}-64 tanh, full batch. Learning rate, L2, dropout and noise apply to the "
               "running network at its next step; changing the optimizer starts a fresh one.")
