"""The gradient check drawn: relative error of backprop against central differences, per layer."""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz.palette import TEXT_REFERENCE
from viz.style import COLORS, base_layout, legend_at_foot

# Errors are shown on a log axis; exact zeros (possible for a zero gradient) are lifted to this floor.
FLOOR = 1e-16


def gradcheck_figure(
    layers: Sequence[str],
    weight_errors: Sequence[float],
    bias_errors: Sequence[float],
    *,
    threshold: float = 1e-6,
    title: str | None = "Backprop's relative error per layer",
    height: int = 360,
) -> go.Figure:
    """Grouped bars (log y) of the relative error r = ||g_bp - g_num|| / (||g_bp|| + ||g_num||).

    ``layers`` names the L weight layers (e.g. "layer 1: 2×64"); ``weight_errors`` and ``bias_errors``
    have length L. A dashed line marks ``threshold``: bars below it mean the backward pass agrees.
    The y-axis spans 1e-16 .. 1 so a correct check (~1e-9) and a bug (~1e-2) read at a glance.
    """
    names = list(layers)
    if len(weight_errors) != len(names) or len(bias_errors) != len(names):
        raise ValueError("layers, weight_errors and bias_errors must have the same length")
    w = np.maximum(np.asarray(weight_errors, dtype=float), FLOOR)
    b = np.maximum(np.asarray(bias_errors, dtype=float), FLOOR)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=names, y=w, name="weights W", marker_color=COLORS["ae"],
                         text=[f"{v:.1e}" for v in w], textposition="outside"))
    fig.add_trace(go.Bar(x=names, y=b, name="biases b", marker_color=COLORS["code"],
                         text=[f"{v:.1e}" for v in b], textposition="outside"))
    # a horizontal line across the whole plot (a shape, not a trace: it spans every category)
    fig.add_hline(y=threshold, line={"color": COLORS["reference"], "dash": "dash", "width": 2})
    # annotations on a log axis take log10 of the value (shapes take the value itself)
    fig.add_annotation(x=1, xref="x domain", y=float(np.log10(threshold)), yref="y", yanchor="bottom",
                       xanchor="right", showarrow=False, text=f"pass threshold {threshold:.0e}",
                       font={"size": 14, "color": TEXT_REFERENCE})
    legend_at_foot(base_layout(fig, height=height, title=title))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="relative error (log scale)", type="log", range=[-16, 0], dtick=2,
                     exponentformat="power")
    fig.update_xaxes(title_text="layer (the shape of its W: units out × units in)")
    return fig
