"""How many dimensions? Reconstruction error against code size k, with the elbow marked."""

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz.palette import TEXT_REFERENCE
from viz.style import COLORS, base_layout, legend_at_foot

# Stable colours per method so the same curve looks the same on every dataset.
METHOD_COLORS = {"PCA": COLORS["pca"], "linear autoencoder": COLORS["ae"], "nonlinear autoencoder": COLORS["code"]}
METHOD_DASH = {"PCA": "solid", "linear autoencoder": "dash", "nonlinear autoencoder": "solid"}


def dimensions_figure(
    ks: Sequence[int],
    curves: Mapping[str, Sequence[float]],
    *,
    elbow: int | None = None,
    elbow_label: str = "elbow",
    log_y: bool = False,
    title: str | None = "Reconstruction error against code size k",
    height: int = 400,
) -> go.Figure:
    """Lines with markers, one per method (name -> error per k, NaN where not computed).

    ``ks`` are the code sizes (x-axis, integers); every curve has ``len(ks)`` values, the mean squared
    reconstruction error J/N. ``elbow`` draws a dotted vertical line at that k with a label.
    """
    ks = np.asarray(ks, dtype=int)
    fig = go.Figure()
    top = 0.0
    for name, values in curves.items():
        y = np.asarray(values, dtype=float)
        if y.shape != ks.shape:
            raise ValueError(f"curve {name!r} has {y.size} values for {ks.size} code sizes")
        if np.isfinite(y).any():
            top = max(top, float(np.nanmax(y)))
        fig.add_trace(go.Scatter(
            x=ks, y=y, mode="lines+markers", name=name, connectgaps=True,
            line={"color": METHOD_COLORS.get(name), "dash": METHOD_DASH.get(name, "solid"), "width": 3},
            marker={"size": 9},
        ))
    if elbow is not None:
        fig.add_vline(x=int(elbow), line={"color": COLORS["reference"], "dash": "dot", "width": 2},
                      annotation_text=f"{elbow_label}: k = {int(elbow)}", annotation_position="top right",
                      annotation_font={"size": 15, "color": TEXT_REFERENCE})
    legend_at_foot(base_layout(fig, height=height, title=title))
    fig.update_xaxes(title_text="code size k", tickmode="array" if ks.size <= 20 else "auto",
                     tickvals=ks.tolist() if ks.size <= 20 else None,
                     range=[float(ks.min()) - 0.3, float(ks.max()) + 0.3] if ks.size else None)
    if log_y:
        fig.update_yaxes(title_text="error J / N (log scale)", type="log")
    else:
        fig.update_yaxes(title_text="error J / N", range=[0, 1.05 * top if top > 0 else 1])
    return fig
