"""The playground's live views: the PCA comparison numbers, the code (autoencoder and PCA), reconstructions.

PCA is fitted once per data and code size (cached); the live part only encodes and decodes with the model.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from core import PCA
from core.comparison import gap_percent
from core.pca import discarded_variance
from viz.images import image_grid
from viz.latent import latent_figure, padded_range
from viz.projection import projection_figure
from viz.reconstruction import enlarge, profile_figure
from viz.style import COLORS

N_IMAGES = 8
N_PROFILES = 3
MAX_POINTS = 1500
CHART = {"displayModeBar": False}


@st.cache_data(show_spinner=False, max_entries=16)
def pca_summary(X: np.ndarray, k: int) -> dict:
    """PCA's optimum J*/N for every code size, and its k-dimensional code and reconstruction of X."""
    pca = PCA(n_components=k).fit(X)
    return {"floors": discarded_variance(X), "Z": pca.transform(X), "X_hat": pca.inverse_transform(pca.transform(X))}


def shown_rows(n: int, count: int) -> np.ndarray:
    """A fixed, spread-out choice of sample indices to reconstruct (the same on every tick)."""
    return np.unique(np.linspace(0, n - 1, num=min(count, n)).astype(int))


def colours(dataset) -> tuple[np.ndarray | None, str | None]:
    """The latent plot's colours: class names, a continuous position, or nothing."""
    if dataset.y is None:
        return None, None
    if dataset.y_kind == "class" and dataset.target_names is not None:
        return np.asarray(dataset.target_names, dtype=object)[dataset.y.astype(int)].astype(str), "class"
    return dataset.y, dataset.y_kind


def _stable_ranges(Z: np.ndarray, run) -> tuple[list[float], list[float]]:
    """Axis ranges that only ever grow during a run, so the code plot does not jump at every tick."""
    ss = st.session_state
    key = ("playground_latent_range", id(run.model))
    y = Z[:, 1] if Z.shape[1] > 1 else np.zeros(len(Z))
    now = [padded_range(Z[:, 0]), padded_range(y)]
    old = ss.get("playground_latent_range")
    if old is not None and old[0] == key[1] and run.epoch > 1:
        now = [[min(a[0], b[0]), max(a[1], b[1])] for a, b in zip(old[1], now, strict=True)]
    ss["playground_latent_range"] = (key[1], now)
    return now[0], now[1]


def live_views(dataset, k: int, floor: float, pca: dict, *, presenter: bool) -> Callable:
    """The ``live`` callback of the trainer: numbers, codes and reconstructions of the current model."""
    color, kind = colours(dataset)
    rows = shown_rows(dataset.n_samples, N_IMAGES if dataset.image_shape else N_PROFILES)

    def styled(fig, *, side_legend: bool = False):
        if side_legend:  # class legends beside the plot: on top they collide with the title
            fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02))
        return enlarge(fig) if presenter else fig

    def show(fig, name: str, *, side_legend: bool = False, ready: bool = False):
        # A key keeps each chart the same element from tick to tick: redrawn in place, not remounted.
        st.plotly_chart(fig if ready else styled(fig, side_legend=side_legend), width="stretch", config=CHART,
                        key=f"playground_{name}")

    # PCA's code does not change while the network trains: build its figure once, not at every tick.
    pca_code = styled(latent_figure(pca["Z"], color, color_kind=kind, max_points=MAX_POINTS,
                                    title="PCA code (first principal components)", axis_labels=("PC 1", "PC 2"),
                                    uirevision="playground_pca_code", height=420), side_legend=True)

    def draw(run) -> None:
        X = run.X
        loss = float(run.history[-1]["loss"])
        gap = gap_percent(loss, floor)
        m1, m2, m3 = st.columns(3)
        m1.metric("Autoencoder loss J/N", f"{loss:.4f}", help="Mean squared reconstruction error after the last epoch.")
        m2.metric(f"PCA optimum J*/N (k = {k})", f"{floor:.4f}",
                  help="The smallest loss any linear map through k numbers can reach: the sum of the discarded "
                       "eigenvalues.")
        m3.metric("Gap to PCA optimum", "–" if not np.isfinite(gap) else f"{gap:.2f} %",
                  help="100 × (loss − PCA optimum) / PCA optimum. Below zero: the autoencoder beats every linear map.")
        Z = run.model.transform(X)
        left, right = st.columns(2)
        with left:
            xr, yr = _stable_ranges(Z, run)
            show(latent_figure(Z, color, color_kind=kind, ranges=(xr, yr), max_points=MAX_POINTS,
                               title=f"Autoencoder code z (epoch {run.epoch})", uirevision="playground_ae_code",
                               height=420), "ae_code", side_legend=True)
        with right:
            show(pca_code, "pca_code", ready=True)
        if k > 2:
            st.caption(f"The plots show the first 2 of the {k} code units.")
        Y = run.model.predict(X[rows])
        if dataset.image_shape is not None:
            images = [dataset.to_display(X[rows]), dataset.to_display(Y), dataset.to_display(pca["X_hat"][rows])]
            lo, hi = float(np.min(images[0])), float(np.max(images[0]))
            show(image_grid(images, dataset.image_shape, rows_titles=["input x", "autoencoder x̂", "PCA x̂"],
                            zrange=(lo, hi if hi > lo else lo + 1.0), title="Reconstructions", height=330), "images")
        elif X.shape[1] in (2, 3):
            fig = projection_figure(X, run.model.predict(X), max_points=300,
                                    title="Data x and the autoencoder's reconstructions x̂")
            # The figure colours reconstructions as PCA's; here they are the autoencoder's.
            fig.update_traces(selector=dict(name="reconstruction x̂"), marker_color=COLORS["ae"],
                              name="autoencoder x̂")
            show(fig, "projection", side_legend=True)
        else:
            show(profile_figure(X[rows], {"autoencoder": Y, "PCA": pca["X_hat"][rows]},
                                feature_names=dataset.feature_names, title="Reconstructions, feature by feature",
                                sample_titles=[f"sample {i + 1}" for i in rows], uirevision="playground_profiles",
                                height=420), "profiles")

    return draw
