"""Reconstructions drawn the way the data is best seen: pictures, curves or surfaces in data space, or profiles.

`data_space_figure` picks the view for a dataset; `profile_figure` draws tabular data (iris, wine, a learner's
CSV), where a sample is a list of D numbers: the original and its reconstructions as lines over the feature axis
show at a glance which features the code keeps.
"""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.images import image_grid
from viz.manifold import curve_2d_figure, surface_3d_figure
from viz.projection import projection_figure
from viz.style import COLORS, base_layout, plain_html

MAX_FEATURES_LABELLED = 20  # beyond this, feature names would overlap: the axis shows numbers instead


def profile_figure(
    X: np.ndarray,
    reconstructions: dict[str, np.ndarray],
    *,
    feature_names: Sequence[str] | None = None,
    sample_titles: Sequence[str] | None = None,
    title: str | None = None,
    height: int = 360,
    uirevision: str | None = None,
) -> go.Figure:
    """One panel per sample: the original x (grey) and each reconstruction (name -> array) over the features.

    Parameters
    ----------
    X : (n, D) originals, n small (1-4 panels side by side)
    reconstructions : name -> (n, D), e.g. ``{"autoencoder": Y, "PCA": Y_pca}``; colours follow
        ``viz.style.COLORS`` ("autoencoder" blue, "PCA" orange)
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (n, D) with n >= 1, got {X.shape}")
    for name, Y in reconstructions.items():
        if np.shape(Y) != X.shape:
            raise ValueError(f"reconstruction {name!r} has shape {np.shape(Y)}, expected {X.shape}")
    n, d = X.shape
    names = list(feature_names) if feature_names is not None else [f"x{j + 1}" for j in range(d)]
    titles = [f"sample {i + 1}" for i in range(n)] if sample_titles is None else [plain_html(t) for t in sample_titles]
    fig = make_subplots(rows=1, cols=n, shared_yaxes=True, subplot_titles=titles, horizontal_spacing=0.03)
    positions = np.arange(d)
    palette = {"autoencoder": COLORS["ae"], "PCA": COLORS["pca"]}
    dashes = ["solid", "dash", "dot", "dashdot"]
    for i in range(n):
        first = i == 0
        fig.add_trace(go.Scatter(x=positions, y=X[i], mode="lines+markers", name="original x",
                                 legendgroup="x", showlegend=first, marker=dict(size=7, color=COLORS["data"]),
                                 line=dict(color=COLORS["data"], width=4)), row=1, col=i + 1)
        for j, (name, Y) in enumerate(reconstructions.items()):
            fig.add_trace(go.Scatter(x=positions, y=np.asarray(Y, dtype=float)[i], mode="lines",
                                     name=f"{name} x̂", legendgroup=name, showlegend=first,
                                     line=dict(color=palette.get(name, COLORS["code"]), width=2.5,
                                               dash=dashes[(j + 1) % len(dashes)])), row=1, col=i + 1)
    base_layout(fig, height=height, title=title)
    labelled = d <= MAX_FEATURES_LABELLED
    fig.update_xaxes(tickmode="array" if labelled else "auto", tickvals=positions if labelled else None,
                     ticktext=[plain_html(_short(s)) for s in names] if labelled else None,
                     tickangle=-45 if labelled else 0)
    fig.update_xaxes(title_text="feature", row=1, col=(n + 1) // 2)
    fig.update_yaxes(title_text="value", row=1, col=1)
    # Legend under the panels: above them it would cover the sample titles.
    fig.update_layout(margin=dict(b=150 if labelled else 110),
                      legend=dict(orientation="h", yanchor="top", y=-0.32 if labelled else -0.2, x=0))
    if uirevision is not None:
        fig.update_layout(uirevision=uirevision)
    return fig


def _short(name: str, limit: int = 14) -> str:
    name = str(name)
    return name if len(name) <= limit else name[: limit - 1] + "…"


def spread_rows(n: int, count: int) -> np.ndarray:
    """``count`` sample indices spread evenly over range(n) (the same on every redraw)."""
    return np.unique(np.linspace(0, n - 1, num=min(count, n)).astype(int))


def data_space_figure(data, X_pca: np.ndarray, X_ae: np.ndarray, *, rows: np.ndarray, curve: np.ndarray | None = None,
                      Z_pca: np.ndarray | None = None, title: str | None = None,
                      uirevision: str | None = None) -> go.Figure:
    """PCA's and the autoencoder's reconstructions of ``data`` (a ``core.Dataset``), in the view that fits it.

    Pictures: the samples ``rows`` as images, originals over PCA's over the autoencoder's (in raw units).
    2-D points: with ``curve`` (the decoder applied to a grid of 1-D codes, see ``analysis.manifold``) and PCA's
    codes ``Z_pca``, PCA's line against the autoencoder's curve; else the autoencoder's reconstructions and their
    error segments. 3-D points: data, PCA's plane and the autoencoder's surface, side by side. Anything else: the
    samples ``rows`` as feature profiles. ``X_pca`` and ``X_ae`` are (N, D) reconstructions of every sample.
    """
    X, D = data.X, data.X.shape[1]
    if data.image_shape is not None:
        shown = [data.to_display(A[rows]) for A in (X, X_pca, X_ae)]
        lo, hi = float(np.min(shown[0])), float(np.max(shown[0]))  # the originals' ink scale for all three
        return image_grid(shown, data.image_shape, rows_titles=["original x", "PCA x̂", "autoencoder x̂"],
                          zrange=(lo, hi if hi > lo else lo + 1.0), title=title)
    if D == 2 and curve is not None:
        return curve_2d_figure(X, X_pca, Z_pca, curve, title=title, uirevision=uirevision)
    if D == 2:
        fig = projection_figure(X, X_ae, max_points=300, title=title)
        fig.update_traces(selector=dict(name="reconstruction x̂"), marker_color=COLORS["ae"], name="autoencoder x̂")
        return fig
    if D == 3:
        return surface_3d_figure(X, X_pca, X_ae, data.y if data.y_kind == "position" else None,
                                 title=title, uirevision=uirevision)
    return profile_figure(X[rows], {"autoencoder": X_ae[rows], "PCA": X_pca[rows]}, feature_names=data.feature_names,
                          sample_titles=[f"sample {i + 1}" for i in rows], title=title, uirevision=uirevision,
                          height=420)
