"""Parts of the `linear_autoencoder` lesson: its controls, the live comparison with PCA, and the static views.

Everything numeric comes from ``core.comparison`` and ``core.metrics``; figures from ``viz``.
"""

import numpy as np
import streamlit as st

from core.comparison import (
    align_code,
    axis_cosines,
    closest_cosines,
    gap_percent,
    linear_decoder,
    recover_pca_axes,
)
from core.metrics import principal_angles, reconstruction_error
from core.optimizers import OPTIMIZERS
from core.params import PARAMS
from ui.pca_parts import PcaResult, k_slider
from ui.state import default
from viz.images import image_grid
from viz.latent import codes_figure, nice_symmetric_range

PAGE = "linear_autoencoder"
CHART = {"displayModeBar": False}
# Adam at 0.05, full batch: on standardised digits the loss is within 1 % of PCA's optimum after 27-44 epochs
# for k = 2 and 37-53 for k = 5 (seeds 0-5), and stays there; about 0.1 s of compute on one core, so the first
# tick after Train already gets there. (0.1 overshoots above 1 % again for some seeds.) 300 epochs leave the
# flat part of the curve visible.
DEFAULT_LR = 0.05
EPOCHS = 300
RATES = [0.0003, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.3, 1.0]
# 400 of digits' 1797 samples show every class's cluster (1000 mostly piled up in the middle) as SVG, which cost
# the browser 0.9 s less per finished run than 1000 points in WebGL (see viz.latent.CODES_GL_THRESHOLD).
CODE_POINTS = 400
N_SHOWN = 10


def controls(D: int) -> dict:
    """k, learning rate, optimiser and seed for data with D features; returns the Autoencoder's params."""
    lr_spec, opt_spec, seed_spec = PARAMS["learning_rate"], PARAMS["optimizer"], PARAMS["random_state"]
    rates = [r for r in RATES if lr_spec.min < r <= lr_spec.max]
    default(f"{PAGE}:learning_rate", DEFAULT_LR)
    default(f"{PAGE}:optimizer", "adam")
    default(f"{PAGE}:seed", 0)
    k = k_slider(PAGE, D)
    lr = st.select_slider("Learning rate", rates, key=f"{PAGE}:learning_rate", help=lr_spec.help)
    c1, c2 = st.columns(2)
    optimizer = c1.selectbox("Optimizer", list(OPTIMIZERS), key=f"{PAGE}:optimizer", help=opt_spec.help)
    seed = c2.number_input("Seed", min_value=0, max_value=int(seed_spec.max), step=1, key=f"{PAGE}:seed",
                           help=seed_spec.help)
    return dict(hidden_layer_sizes=(k,), activation="identity", output_activation="identity",
                optimizer=optimizer, learning_rate=lr, batch_size=None, random_state=int(seed))


def compare(model, X: np.ndarray, pca: PcaResult) -> dict:
    """The trained network against PCA: loss, gap (%), largest principal angle (deg), codes and their fit."""
    decoder = linear_decoder(model.coefs_, 1)
    loss = reconstruction_error(X, model.predict(X))
    Z = model.transform(X)
    mapped, r2 = align_code(Z, pca.Z)
    return dict(loss=loss, gap=gap_percent(loss, pca.optimum), decoder=decoder,
                angle=float(principal_angles(decoder, pca.components, span="rows")[-1]),
                Z=Z, mapped=mapped, r2=r2)


def gap_text(gap: float) -> str:
    return "–" if not np.isfinite(gap) else f"{gap:.2f} %"


def live_view(X: np.ndarray, pca: PcaResult):
    """The ``live`` callback of the trainer: three metrics, recomputed from the model on every tick (dashes
    before the first epoch).

    Only numbers: a figure with thousands of points redrawn several times a second kept the browser so busy
    that the first metrics showed up seconds late on a loaded machine. The codes are drawn by ``codes``.
    """

    def draw(run) -> None:
        # Before the first epoch the row is already there, with dashes: nothing jumps when training starts.
        c = compare(run.model, X, pca) if run.epoch > 0 else None
        m1, m2, m3 = st.columns(3)
        m1.metric("Gap to PCA optimum", "–" if c is None else gap_text(c["gap"]),
                  help="100 · (loss − J*/N) / (J*/N), with the loss measured on all samples now. "
                       "Shown as – when J*/N = 0 (k = D: nothing is discarded, so a relative gap is undefined).")
        m2.metric("Largest principal angle", "–" if c is None else f"{c['angle']:.2f}°",
                  help="Between the decoder's k-dimensional subspace and PCA's: 0° means the same subspace.")
        m3.metric("Code → PCA code, R²", "–" if c is None else f"{c['r2']:.4f}",
                  help="How well the best affine map turns the network's code into PCA's: 1 is perfectly.")

    return draw


def codes(data, model, pca: PcaResult) -> None:
    """The network's code, PCA's code, and the network's code carried onto PCA's axes, side by side."""
    c = compare(model, data.X, pca)
    names = data.target_names if data.y_kind == "class" and data.target_names else None
    color = data.y if names is None or data.y is None else [str(names[i]) for i in data.y]
    Z = c["Z"]
    pca_ranges = z_ranges = None
    if Z.shape[1] > 1:
        pca_ranges = (nice_symmetric_range(pca.Z[:, 0]), nice_symmetric_range(pca.Z[:, 1]))
        z_ranges = (nice_symmetric_range(Z[:, 0]), nice_symmetric_range(Z[:, 1]))
    fig = codes_figure(
        [("Network's<br>code z", Z, z_ranges), ("PCA's<br>code", pca.Z, pca_ranges),
         ("Mapped onto<br>PCA's axes", c["mapped"], pca_ranges)],
        color, color_kind=data.y_kind, max_points=CODE_POINTS,
    )
    st.plotly_chart(fig, width="stretch", config=CHART)
    st.caption(f"{min(CODE_POINTS, len(Z))} of the {len(Z)} samples, the same ones in each panel. R² of the map: "
               f"{c['r2']:.4f}.")


def reconstructions(data, model, pca: PcaResult) -> None:
    """Digits: originals, PCA's and the network's reconstructions, each with its error J/N over all samples."""
    X = data.X
    ae_hat = model.predict(X[:N_SHOWN])
    ae_err = reconstruction_error(X, model.predict(X))
    st.plotly_chart(
        image_grid([data.to_display(X[:N_SHOWN]), data.to_display(pca.X_hat[:N_SHOWN]), data.to_display(ae_hat)],
                   data.image_shape, rows_titles=["original x", "PCA x̂", "network y"], zrange=(0.0, 16.0),
                   title=f"Reconstructions from k = {len(pca.components)} numbers"),
        width="stretch", config=CHART,
    )
    st.caption(f"Mean squared error over all {len(X)} samples: PCA J*/N = {pca.optimum:.4f}, network J/N = "
               f"{ae_err:.4f}. Pixels are shown on their original 0–16 scale.")


def weights(data, model, pca: PcaResult) -> None:
    """Decoder rows, PCA's axes recovered from them (SVD + k x k PCA), and PCA's components."""
    decoder = linear_decoder(model.coefs_, 1)
    axes, _ = recover_pca_axes(decoder, data.X)
    cos = axis_cosines(axes, pca.components)
    k = len(decoder)
    if data.image_shape is not None:
        shown = min(k, N_SHOWN)
        st.plotly_chart(
            image_grid([decoder[:shown], axes[:shown], pca.components[:shown]], data.image_shape,
                       rows_titles=["network decoder", "recovered axes", "PCA components"], signed=True,
                       normalize="each", col_titles=[f"{i + 1}" for i in range(shown)],
                       title="Weights as images (red +, blue −)"),
            width="stretch", config=CHART,
        )
    raw = closest_cosines(decoder, pca.components)
    st.caption("Each raw decoder image against its closest PCA component, |cos|: "
               + ", ".join(f"{c:.3f}" for c in raw[:N_SHOWN])
               + ". The recovered axes against PCA's components, axis by axis:")
    cols = st.columns(min(k, 5))
    for i in range(min(k, 5)):
        cols[i].metric(f"Axis {i + 1}: |cos| recovered vs PCA", f"{cos[i]:.4f}")
