"""Reconstructions drawn in data space: PCA's straight line (or flat plane) next to the autoencoder's curve.

Pure figure builders; the page computes the arrays with `core/` and hands them here.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.latent import padded_range
from viz.palette import ink_on
from viz.style import COLORS, FONT_SIZE, base_layout, legend_at_foot

GL_THRESHOLD = 2000


def _scatter(n: int):
    return go.Scattergl if n > GL_THRESHOLD else go.Scatter


def _ordered(points: np.ndarray, along: np.ndarray) -> np.ndarray:
    """Rows of ``points`` sorted by ``along`` (so a line through them follows the code, not the input order)."""
    return np.asarray(points)[np.argsort(np.asarray(along).ravel(), kind="stable")]


def curve_2d_figure(X: np.ndarray, X_pca: np.ndarray, Z_pca: np.ndarray, curve_ae: np.ndarray | None = None,
                    *, title: str | None = None, height: int = 460, ranges=None,
                    uirevision: str | None = None) -> go.Figure:
    """2-D data squeezed to a 1-D code: the points, PCA's reconstruction line and the autoencoder's curve.

    Parameters
    ----------
    X : (N, 2) data points (grey markers)
    X_pca : (N, 2) PCA reconstructions; they lie on one straight line, drawn in order of the code ``Z_pca``
    Z_pca : (N,) or (N, 1) PCA codes
    curve_ae : (M, 2) or None -- the autoencoder's decoder applied to a grid of codes (in order): its curve

    Traces: data, PCA line, then (if given) the autoencoder curve. Axis ranges are fixed to the data's
    (padded, equal scale), so the live redraws do not jump.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (N, 2), got {X.shape}")
    fig = go.Figure()
    fig.add_trace(_scatter(len(X))(
        x=X[:, 0], y=X[:, 1], mode="markers", name="data",
        marker=dict(size=6, color=COLORS["data"], opacity=0.55),
    ))
    line = _ordered(X_pca, Z_pca)
    fig.add_trace(go.Scatter(
        x=line[:, 0], y=line[:, 1], mode="lines", name="PCA reconstruction (a straight line)",
        line=dict(color=COLORS["pca"], width=4, dash="dash"),
    ))
    if curve_ae is not None:
        c = np.asarray(curve_ae, dtype=float)
        fig.add_trace(go.Scatter(
            x=c[:, 0], y=c[:, 1], mode="lines", name="autoencoder reconstruction (its decoder's curve)",
            line=dict(color=COLORS["ae"], width=4),
        ))
    base_layout(fig, height=height, title=title)
    xr, yr = ranges if ranges is not None else (padded_range(X[:, 0], 0.1), padded_range(X[:, 1], 0.1))
    # constrain="domain": equal scale by narrowing the plot area, not by widening the data range
    fig.update_xaxes(title_text="x₁", range=list(xr), zeroline=False, constrain="domain")
    fig.update_yaxes(title_text="x₂", range=list(yr), zeroline=False, scaleanchor="x", scaleratio=1,
                     constrain="domain")
    fig.update_layout(legend=dict(y=-0.18, yanchor="top", orientation="h"), margin=dict(b=90))
    if uirevision is not None:
        fig.update_layout(uirevision=uirevision)
    return fig


def surface_3d_figure(X: np.ndarray, X_pca: np.ndarray, X_ae: np.ndarray | None, position: np.ndarray | None,
                      *, title: str | None = None, height: int = 460, uirevision: str | None = None) -> go.Figure:
    """3-D data squeezed to a 2-D code: data, PCA's reconstructions (a flat plane), the autoencoder's, side by side.

    Each panel is a 3-D scatter with the same fixed axis ranges (the data's), coloured by ``position`` along the
    manifold when given. Traces: one per panel (2 or 3 panels).
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 3:
        raise ValueError(f"X must have shape (N, 3), got {X.shape}")
    panels = [("data", X), ("PCA: a flat plane", np.asarray(X_pca, dtype=float))]
    if X_ae is not None:
        panels.append(("autoencoder", np.asarray(X_ae, dtype=float)))
    fig = make_subplots(rows=1, cols=len(panels), specs=[[{"type": "scene"}] * len(panels)],
                        subplot_titles=[name for name, _ in panels], horizontal_spacing=0.01)
    color = COLORS["data"] if position is None else np.asarray(position, dtype=float)
    ranges = [padded_range(X[:, j], 0.08) for j in range(3)]
    for col, (name, P) in enumerate(panels, start=1):
        fig.add_trace(go.Scatter3d(
            x=P[:, 0], y=P[:, 1], z=P[:, 2], mode="markers", name=name, showlegend=False,
            marker=dict(size=2.5, color=color, colorscale="Viridis", opacity=0.85,
                        colorbar=dict(title="position", thickness=12) if (position is not None and col == 1)
                        else None),
            hovertemplate=f"{name}<br>(%{{x:.2f}}, %{{y:.2f}}, %{{z:.2f}})<extra></extra>",
        ), row=1, col=col)
    scene = dict(xaxis=dict(range=ranges[0], title="x₁"), yaxis=dict(range=ranges[1], title="x₂"),
                 zaxis=dict(range=ranges[2], title="x₃"), aspectmode="cube",
                 camera=dict(eye=dict(x=1.6, y=-1.6, z=0.9)))
    fig.update_scenes(**scene)
    base_layout(fig, height=height, title=title)
    fig.update_layout(margin=dict(l=0, r=0, t=70 if title else 40, b=0))
    fig.update_annotations(font_size=FONT_SIZE)
    if uirevision is not None:
        fig.update_layout(uirevision=uirevision)
    return fig


def code_vs_position_figure(position: np.ndarray, codes: dict, *, title: str | None = None,
                            height: int = 360, uirevision: str | None = None) -> go.Figure:
    """1-D codes plotted against the true position along the manifold: a smooth monotone band means "unrolled".

    Parameters
    ----------
    position : (N,) the position of each point along the curve (e.g. its angle on the arc)
    codes : dict label -> (N,) or (N, 1) code; each is rescaled to [0, 1] so both fit one axis
        (a code's scale and sign are arbitrary: only its order along the curve matters)

    Traces: one per code, in the dict's order.
    """
    t = np.asarray(position, dtype=float).ravel()
    fig = go.Figure()
    palette = [COLORS["pca"], COLORS["ae"], COLORS["val"], COLORS["code"]]
    for i, (name, z) in enumerate(codes.items()):
        z = np.asarray(z, dtype=float).ravel()
        if len(z) != len(t):
            raise ValueError(f"code {name!r} has {len(z)} values for {len(t)} positions")
        span = np.ptp(z)
        z01 = (z - z.min()) / span if span > 0 else np.zeros_like(z)
        fig.add_trace(_scatter(len(t))(
            x=t, y=z01, mode="markers", name=name,
            marker=dict(size=5, color=palette[i % len(palette)], opacity=0.6),
        ))
    legend_at_foot(base_layout(fig, height=height, title=title))
    fig.update_xaxes(title_text="true position along the curve", range=padded_range(t, 0.03))
    fig.update_yaxes(title_text="code z (rescaled to [0, 1])", range=[-0.05, 1.05])
    if uirevision is not None:
        fig.update_layout(uirevision=uirevision)
    return fig


def unit_health_figure(layers: list[str], active: list[int], saturated: list[int], dead: list[int],
                       *, title: str | None = None, height: int = 300) -> go.Figure:
    """Stacked horizontal bars per hidden layer: how many units are active, saturated and dead.

    Traces: "active", "saturated", "dead" (3 bar traces), one bar per layer.
    """
    if not (len(layers) == len(active) == len(saturated) == len(dead)):
        raise ValueError("layers, active, saturated and dead must have the same length")
    fig = go.Figure()
    for name, values, color in (("active", active, COLORS["ae"]), ("saturated", saturated, COLORS["pca"]),
                                ("dead", dead, COLORS["reference"])):
        fig.add_trace(go.Bar(y=layers, x=values, name=name, orientation="h", marker_color=color,
                             text=[str(v) if v else "" for v in values], textposition="inside",
                             insidetextfont=dict(color=ink_on(color))))
    legend_at_foot(base_layout(fig, height=height, title=title))
    total = max((a + s + d for a, s, d in zip(active, saturated, dead, strict=True)), default=1)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="units", range=[0, total * 1.02])
    fig.update_yaxes(autorange="reversed")
    return fig
