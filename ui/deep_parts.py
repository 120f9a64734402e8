"""Page parts of the `deep` lesson: the layer editor, cached baselines, live 2-D maps and the batch comparisons."""

import numpy as np
import streamlit as st

from core.layers_spec import format_layers, halving_layers, parse_layers
from core.manifold import pca_baseline
from core.neighbours import NeighbourRanks, knn_accuracy, subsample
from core.stacking import greedy_layerwise, loss_curve
from ui.pickers import cached_dataset
from ui.live_cache import throttled
from ui.live_plot import live_plotly_chart
from ui.state import default
from viz.images import image_grid
from viz.latent import latent_figure
from viz.manifold import surface_3d_figure

CHART = {"displayModeBar": False}
N_EVAL = 600  # neighbour scores on a fixed random subset of this many points: cheap enough to redraw live
K_NEIGHBOURS = 5
N_DIGITS_SHOWN = 8
CODE_RANGE = {"tanh": [-1.08, 1.08], "sigmoid": [-0.04, 1.04]}
TRAIN = dict(optimizer="adam", learning_rate=0.01, batch_size=None, random_state=0)


# --- the layer editor -------------------------------------------------------------------------------------
def _sliders_to_text(page: str) -> None:
    ss = st.session_state
    code = ss[f"{page}:valid_layers"][-1]
    ss[f"{page}:layers"] = format_layers(halving_layers(ss[f"{page}:depth"], ss[f"{page}:width"], code))


def check_layers(text: str, n_features: int) -> tuple[int, ...]:
    """Parse the editor's text and check it fits the data: a `ValueError` with a learner's message if not."""
    sizes = parse_layers(text)
    if sizes[-1] >= n_features:
        raise ValueError(f"The code (the last number, {sizes[-1]}) must be smaller than the input's {n_features} "
                         "features, or there is nothing to compress.")
    return sizes


def layer_editor(page: str, n_features: int, default_layers: tuple[int, ...] = (32, 16, 2)) -> tuple[int, ...]:
    """Depth and width sliders, a text box of encoder sizes; returns the last valid sizes (errors shown inline)."""
    default(f"{page}:valid_layers", tuple(default_layers))
    default(f"{page}:layers", format_layers(default_layers))
    default(f"{page}:depth", len(default_layers) - 1)
    default(f"{page}:width", default_layers[0])
    c1, c2 = st.columns(2)
    c1.slider("Depth: hidden layers before the code", 0, 4, key=f"{page}:depth", on_change=_sliders_to_text,
              args=(page,))
    c2.slider("Width of the first hidden layer", 4, 128, step=4, key=f"{page}:width", on_change=_sliders_to_text,
              args=(page,))
    text = st.text_input("Encoder layer sizes, first hidden layer to code (the decoder mirrors them)",
                         key=f"{page}:layers", help='Whole numbers separated by commas, e.g. "32, 16, 2".')
    try:
        sizes = check_layers(text, n_features)
    except ValueError as exc:
        kept = st.session_state[f"{page}:valid_layers"]
        st.error(f"{exc} The network below is still the last valid one: {format_layers(kept)}.",
                 icon=":material/error:")
        return kept
    st.session_state[f"{page}:valid_layers"] = sizes
    return sizes


# --- cached static things ------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=16)
def pca_view(name: str, k: int):
    """PCA's k-D code of a built-in dataset, its error, reconstructions and neighbour scores on the eval subset."""
    data = cached_dataset(name, scale="standard")
    base = pca_baseline(data.X, k)
    idx = subsample(len(data.X), N_EVAL, seed=0)
    ranks = NeighbourRanks.of(data.X[idx])
    trust = ranks.trustworthiness(base.codes[idx], K_NEIGHBOURS)
    knn = knn_accuracy(base.codes[idx], data.y[idx], K_NEIGHBOURS) if data.y_kind == "class" else None
    return dict(error=base.error, codes=base.codes, recon=base.reconstructions, trust=trust, knn=knn)


@st.cache_data(show_spinner=False, max_entries=8)
def eval_ranks(name: str) -> tuple[np.ndarray, NeighbourRanks]:
    """The fixed evaluation subset of a dataset and the data's neighbour ranks on it (computed once)."""
    X = cached_dataset(name, scale="standard").X
    idx = subsample(len(X), N_EVAL, seed=0)
    return idx, NeighbourRanks.of(X[idx])


@st.cache_data(show_spinner=False, max_entries=16)
def comparisons(name: str, sizes: tuple[int, ...], activation: str, pretrain_epochs: int, finetune_epochs: int):
    """Batch runs with the same settings: stacking vs end to end, and shallow vs deep at the same code size."""
    X = cached_dataset(name, scale="standard").X
    params = dict(TRAIN, activation=activation)
    total = pretrain_epochs * len(sizes) + finetune_epochs
    stack = greedy_layerwise(X, sizes, pretrain_epochs=pretrain_epochs, finetune_epochs=finetune_epochs, **params)
    code = sizes[-1]
    curves = {f"shallow: {X.shape[1]} → {code} → {X.shape[1]}": loss_curve(X, total, hidden_layer_sizes=(code,),
                                                                          **params)}
    if len(sizes) > 2:
        curves[f"one hidden layer: {sizes[0]}, {code}"] = loss_curve(X, total, hidden_layer_sizes=(sizes[0], code),
                                                                    **params)
    curves[f"yours, end to end: {format_layers(sizes)}"] = loss_curve(X, total, hidden_layer_sizes=sizes, **params)
    return dict(total=total, pretrain=stack.pretrain_epochs, stacked=stack.stacked_loss,
                finetune=stack.finetune_curve, stages=[float(c[-1]) for c in stack.stage_curves],
                end_to_end=curves[f"yours, end to end: {format_layers(sizes)}"], curves=curves)


@st.cache_data(show_spinner=False, max_entries=16)
def pca_map(name: str, k: int):
    """PCA's 2-D map as a figure, built once (Plotly figures with thousands of points are slow to build)."""
    data = cached_dataset(name, scale="standard")
    kind = data.y_kind if data.y is not None else None
    return latent_figure(pca_view(name, k)["codes"], data.y, color_kind=kind, title="PCA's 2-D projection",
                         height=440, showlegend=False)


# --- live views (rebuilt at most once a second while training: see ui.live_cache) -----------------------------
def _scores(data, Z: np.ndarray) -> tuple[float, float | None]:
    idx, ranks = eval_ranks(data.name)
    trust = ranks.trustworthiness(Z[idx], K_NEIGHBOURS)
    knn = knn_accuracy(Z[idx], data.y[idx], K_NEIGHBOURS) if data.y_kind == "class" else None
    return trust, knn


def neighbour_metrics(data, run, pca: dict) -> None:
    """Trustworthiness and k-NN accuracy of the network's code, with PCA's as the comparison (delta)."""
    trust, knn = throttled("deep_scores", run, lambda: _scores(data, run.model.transform(data.X)))
    cols = st.columns(4)
    cols[0].metric(f"T({K_NEIGHBOURS}), autoencoder", f"{trust:.3f}",
                   delta=f"{trust - pca['trust']:+.3f} vs PCA")
    cols[1].metric(f"T({K_NEIGHBOURS}), PCA", f"{pca['trust']:.3f}")
    if knn is not None and pca["knn"] is not None:
        cols[2].metric(f"{K_NEIGHBOURS}-NN accuracy, autoencoder", f"{knn:.1%}",
                       delta=f"{100 * (knn - pca['knn']):+.1f} points vs PCA")
        cols[3].metric(f"{K_NEIGHBOURS}-NN accuracy, PCA", f"{pca['knn']:.1%}")
    st.caption(f"Both scores on the same {min(N_EVAL, len(data.X))} points (a fixed random subset), "
               f"k = {K_NEIGHBOURS}.")


def maps(data, run, pca: dict, activation: str) -> None:
    """PCA's 2-D map next to the network's, coloured by label (or position along the manifold)."""
    kind = data.y_kind if data.y is not None else None
    fixed = CODE_RANGE.get(activation)
    left, right = st.columns(2)
    left.plotly_chart(pca_map(data.name, pca["codes"].shape[1]), width="stretch", key="deep_map_pca", config=CHART)
    fig = throttled("deep_map", run, lambda: latent_figure(
        run.model.transform(data.X), data.y, color_kind=kind, title="The deep autoencoder's 2-D code", height=440,
        ranges=(fixed, fixed) if fixed else None, uirevision="deep_map"))
    with right:
        live_plotly_chart(fig, key="deep_map_ae", config=CHART)


def _reconstruction_figure(data, run, pca: dict):
    X = data.X
    if data.image_shape is not None:
        n = N_DIGITS_SHOWN
        rows = [data.to_display(X[:n]), data.to_display(pca["recon"][:n]), data.to_display(run.model.predict(X[:n]))]
        return image_grid(rows, data.image_shape, rows_titles=["original", "PCA", "autoencoder"], zrange=(0.0, 16.0),
                          title="Reconstructions from a 2-number code")
    if X.shape[1] == 3:
        return surface_3d_figure(X, pca["recon"], run.model.predict(X),
                                 data.y if data.y_kind == "position" else None,
                                 title="Reconstructions in data space (drag to turn)", uirevision="deep_surface")
    return None


def reconstructions(data, run, pca: dict) -> None:
    """Originals, PCA's reconstructions and the network's (digits as pictures, 3-D data as scatters)."""
    # Three 3-D scenes are heavy for the browser to redraw: refresh them less often than the pictures.
    every = 1.0 if data.image_shape is not None else 2.0
    fig = throttled("deep_recon", run, lambda: _reconstruction_figure(data, run, pca), every)
    if fig is not None:
        live_plotly_chart(fig, key="deep_recon", config=CHART)
