"""Page parts of the `nonlinear` lesson: cached PCA baselines and the live views drawn while the network trains."""

import streamlit as st

from core.comparison import gap_percent
from core.manifold import decoded_curve, pca_baseline
from core.units import unit_health
from ui.live_cache import throttled
from ui.live_plot import live_plotly_chart
from ui.pickers import cached_dataset
from viz.images import image_grid
from viz.latent import latent_figure
from viz.manifold import code_vs_position_figure, curve_2d_figure, surface_3d_figure, unit_health_figure

N_DIGITS_SHOWN = 8
CHART = {"displayModeBar": False}
# Where each activation's outputs live: fixed code axes for the live latent plot (None: follow the data).
CODE_RANGE = {"tanh": [-1.08, 1.08], "sigmoid": [-0.04, 1.04]}


@st.cache_data(show_spinner=False, max_entries=32)
def cached_pca(name: str, k: int, scale: str = "standard"):
    """PCA with k components on a built-in dataset, computed once per server: (error, codes, reconstructions)."""
    base = pca_baseline(cached_dataset(name, scale=scale).X, k)
    return base.error, base.codes, base.reconstructions


def code_size_for(n_features: int) -> int:
    """The lesson's code size: 2-D data to a 1-D code, anything larger to a 2-D code."""
    return 1 if n_features <= 2 else 2


def metrics_row(loss: float, pca_error: float) -> None:
    """Live numbers: the network's loss, PCA's optimum, and how far above (+) or below (-) it the network is."""
    gap = gap_percent(loss, pca_error)
    c1, c2, c3 = st.columns(3)
    c1.metric("Autoencoder loss J/N", f"{loss:.4f}")
    c2.metric("PCA optimum (same code size)", f"{pca_error:.4f}")
    if abs(gap) < 0.05:
        verdict = "equal to PCA"
    else:
        verdict = f"{abs(gap):.1f} % {'below' if gap < 0 else 'above'} PCA"
    c3.metric("Autoencoder vs PCA", verdict, help="100 (loss - PCA optimum) / PCA optimum")


def _data_space_figure(data, run, pca):
    _, Z_pca, X_pca = pca
    X = data.X
    D = X.shape[1]
    if D == 2:
        return curve_2d_figure(X, X_pca, Z_pca, decoded_curve(run.model, X),
                               title="Reconstructions in data space", uirevision="nonlinear_curve")
    if D == 3:
        return surface_3d_figure(X, X_pca, run.model.predict(X), data.y if data.y_kind == "position" else None,
                                 title="Reconstructions in data space (drag to turn)",
                                 uirevision="nonlinear_surface")
    x = X[:N_DIGITS_SHOWN]
    rows = [data.to_display(x), data.to_display(X_pca[:N_DIGITS_SHOWN]), data.to_display(run.model.predict(x))]
    return image_grid(rows, data.image_shape, rows_titles=["original", "PCA", "autoencoder"],
                      zrange=(0.0, 16.0), title="Reconstructions through the same code size")


def data_space_view(data, run, pca) -> None:
    """The reconstructions in data space: a curve over 2-D points, 3-D scatters, or digits as pictures."""
    # The 2-D curve is cheap and the most telling view: refresh it often; three 3-D scenes are heavy: less often.
    every = {2: 0.5, 3: 2.0}.get(data.X.shape[1], 1.0)
    fig = throttled("nonlinear_data_space", run, lambda: _data_space_figure(data, run, pca), every)
    live_plotly_chart(fig, key="nonlinear_data_space", config=CHART)


def _latent_figures(data, run, pca, activation: str):
    _, Z_pca, _ = pca
    Z = run.model.transform(data.X)
    if Z.shape[1] == 1 and data.y_kind == "position":
        return (code_vs_position_figure(data.y, {"PCA code": Z_pca, "autoencoder code": Z},
                                        title="The 1-D code against the position along the curve",
                                        uirevision="nonlinear_code"),)
    kind = data.y_kind if data.y is not None else None
    fixed = CODE_RANGE.get(activation)
    ae_ranges = (fixed, fixed) if fixed and Z.shape[1] > 1 else None
    return (latent_figure(Z_pca, data.y, color_kind=kind, title="PCA's 2-D code", height=400, showlegend=False),
            latent_figure(Z, data.y, color_kind=kind, title="The autoencoder's 2-D code", height=400,
                          ranges=ae_ranges, uirevision="nonlinear_latent"))


def latent_view(data, run, pca, activation: str) -> None:
    """The codes: 1-D codes against the true position; 2-D codes as scatters, PCA's next to the network's."""
    figs = throttled("nonlinear_latent", run, lambda: _latent_figures(data, run, pca, activation))
    if len(figs) == 1:
        live_plotly_chart(figs[0], key="nonlinear_latent", config=CHART)
        return
    left, right = st.columns(2)
    with left:
        live_plotly_chart(figs[0], key="nonlinear_latent_pca", config=CHART)
    with right:
        live_plotly_chart(figs[1], key="nonlinear_latent_ae", config=CHART)


def _health_figure(run):
    health = unit_health(run.model, run.X)
    dead = sum(h.dead for h in health)
    saturated = sum(h.saturated for h in health)
    total = sum(h.units for h in health)
    return unit_health_figure([h.name for h in health], [h.active for h in health],
                              [h.saturated for h in health], [h.dead for h in health],
                              title=f"Hidden units: {dead} dead, {saturated} saturated of {total}",
                              height=120 + 45 * len(health))


def health_view(run) -> None:
    """Dead and saturated units per hidden layer of the network as it stands."""
    fig = throttled("nonlinear_health", run, lambda: _health_figure(run))
    live_plotly_chart(fig, key="nonlinear_health", config=CHART)
