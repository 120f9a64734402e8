"""Low-dimensional data (D = 2 or 3) with its projections onto a k-dimensional subspace and the error segments.

The error segments x_n -> x_hat_n are what J adds up (squared lengths), so the learner sees J as ink.
"""

import numpy as np
import plotly.graph_objects as go

from core.data import subsample
from viz.latent import padded_range
from viz.style import COLORS, base_layout


def _segments(X: np.ndarray, X_hat: np.ndarray) -> list[np.ndarray]:
    """Coordinates of the segments x_n -> x_hat_n, as one polyline per axis broken by NaN (one trace)."""
    n, d = X.shape
    out = []
    for j in range(d):
        seg = np.full(3 * n, np.nan)
        seg[0::3], seg[1::3] = X[:, j], X_hat[:, j]
        out.append(seg)
    return out


def projection_figure(
    X: np.ndarray,
    X_hat: np.ndarray,
    *,
    components: np.ndarray | None = None,
    mean: np.ndarray | None = None,
    title: str | None = None,
    max_points: int = 400,
    height: int = 520,
    seed: int = 0,
) -> go.Figure:
    """Points X (N, D), their reconstructions X_hat (N, D) and the segments between them, for D = 2 or 3.

    ``components`` (k, D, orthonormal rows) and ``mean`` (D,) draw the subspace itself: a line for k = 1,
    a plane for k = 2 in 3-D. At most ``max_points`` points are drawn (a fixed random subset).
    """
    X, X_hat = np.asarray(X, dtype=float), np.asarray(X_hat, dtype=float)
    if X.ndim != 2 or X.shape != X_hat.shape or X.shape[1] not in (2, 3):
        raise ValueError(f"X and X_hat must both have shape (N, 2) or (N, 3), got {X.shape} and {X_hat.shape}")
    n, d = X.shape
    if n > max_points:
        idx = subsample(n, max_points, seed)
        X, X_hat = X[idx], X_hat[idx]
    seg = _segments(X, X_hat)
    lo, hi = X.min(axis=0), X.max(axis=0)
    half = 0.6 * float(np.max(hi - lo)) if n else 1.0
    centre = (lo + hi) / 2
    fig = go.Figure()
    names = dict(seg="error x − x̂ (J sums their squared lengths)", data="data x", proj="reconstruction x̂")
    if d == 2:
        fig.add_trace(go.Scatter(x=seg[0], y=seg[1], mode="lines", name=names["seg"],
                                 line=dict(color=COLORS["reference"], width=1)))
        if components is not None and mean is not None and len(components) == 1:
            t = np.array([-1.5, 1.5]) * half
            line = np.asarray(mean)[None] + t[:, None] * np.asarray(components)[0][None]
            fig.add_trace(go.Scatter(x=line[:, 0], y=line[:, 1], mode="lines", name="PCA subspace (k = 1)",
                                     line=dict(color=COLORS["pca"], width=3, dash="dash")))
        fig.add_trace(go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", name=names["data"],
                                 marker=dict(size=6, color=COLORS["data"], opacity=0.8)))
        fig.add_trace(go.Scatter(x=X_hat[:, 0], y=X_hat[:, 1], mode="markers", name=names["proj"],
                                 marker=dict(size=6, color=COLORS["pca"])))
        base_layout(fig, height=height, title=title)
        rx, ry = padded_range(X[:, 0]), padded_range(X[:, 1])
        fig.update_xaxes(title_text="x₁", range=rx)
        fig.update_yaxes(title_text="x₂", range=ry, scaleanchor="x")
        fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, xanchor="left", x=0))
        return fig
    fig.add_trace(go.Scatter3d(x=seg[0], y=seg[1], z=seg[2], mode="lines", name=names["seg"],
                               line=dict(color=COLORS["reference"], width=4)))
    if components is not None and mean is not None:
        Q, mu = np.asarray(components, dtype=float), np.asarray(mean, dtype=float)
        if len(Q) == 1:
            t = np.array([-1.5, 1.5]) * half
            line = mu[None] + t[:, None] * Q[0][None]
            fig.add_trace(go.Scatter3d(x=line[:, 0], y=line[:, 1], z=line[:, 2], mode="lines",
                                       name="PCA subspace (k = 1)", line=dict(color=COLORS["pca"], width=6)))
        elif len(Q) == 2:
            s = np.array([-1, 1, 1, -1]) * half
            t = np.array([-1, -1, 1, 1]) * half
            corners = mu[None] + s[:, None] * Q[0][None] + t[:, None] * Q[1][None]
            fig.add_trace(go.Mesh3d(x=corners[:, 0], y=corners[:, 1], z=corners[:, 2], i=[0, 0], j=[1, 2],
                                    k=[2, 3], color=COLORS["pca"], opacity=0.18, name="PCA subspace (k = 2)",
                                    showlegend=True, hoverinfo="skip"))
    fig.add_trace(go.Scatter3d(x=X[:, 0], y=X[:, 1], z=X[:, 2], mode="markers", name=names["data"],
                               marker=dict(size=3.5, color=COLORS["data"], opacity=0.9)))
    fig.add_trace(go.Scatter3d(x=X_hat[:, 0], y=X_hat[:, 1], z=X_hat[:, 2], mode="markers", name=names["proj"],
                               marker=dict(size=3, color=COLORS["pca"])))
    base_layout(fig, height=height, title=title)
    box = [[float(c - half), float(c + half)] for c in centre]
    fig.update_layout(
        scene=dict(xaxis=dict(title="x₁", range=box[0]), yaxis=dict(title="x₂", range=box[1]),
                   zaxis=dict(title="x₃", range=box[2]), aspectmode="cube"),
        margin=dict(l=0, r=0, b=0), uirevision="projection",
        # Inside the scene's top-left corner: above the plot it would collide with the title.
        legend=dict(orientation="v", x=0, y=1, xanchor="left", yanchor="top", bgcolor="rgba(255,255,255,0.8)"),
    )
    return fig
