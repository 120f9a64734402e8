"""The decoder's singular values against the L2 optimum's, sqrt(1 - lambda / lambda_i): a live view."""

import numpy as np
import plotly.graph_objects as go

from viz.style import COLORS, axis, layout_dict


def singular_values_figure(values, targets, *, uirevision: str = "l2", height: int = 240) -> go.Figure:
    """Markers for the decoder's singular values (k,), largest first, and a dash at each one's target (k,).

    The y-axis runs from 0 to a little above 1 (the targets are below 1), wider if a value is higher, so that
    the frame stays put while training moves the markers onto the dashes.
    """
    values, targets = np.asarray(values, dtype=float), np.asarray(targets, dtype=float)
    x = [str(i + 1) for i in range(len(targets))]
    top = max(1.1, 1.05 * float(np.max(values, initial=0.0)))
    data = [
        go.Scatter(x=x, y=targets, mode="markers", name="target √(1 − λ/λᵢ)", hoverinfo="x+y+name",
                   marker=dict(symbol="line-ew-open", size=34, color=COLORS["reference"], line=dict(width=3))),
        go.Scatter(x=x, y=values, mode="markers", name="decoder's σᵢ", hoverinfo="x+y+name",
                   marker=dict(size=12, color=COLORS["ae"])),
    ]
    layout = layout_dict(height=height)
    layout.update(uirevision=uirevision, showlegend=True,
                  xaxis=axis("direction i", type="category"),
                  yaxis=axis("singular value", range=[0, top]))
    return go.Figure(data=data, layout=layout)
