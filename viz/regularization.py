"""Overfitting and its cures: training vs validation loss per setting, and the weight norms."""

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.palette import OKABE_ITO
from viz.style import FONT_SIZE, base_layout
from viz.training import thin

# One colour per setting, told apart by colour-blind learners too (the grey it began with was one a deuteranope
# confuses with the green).
SETTING_COLORS = OKABE_ITO


def regularization_figure(
    train: Mapping[str, Sequence[float]],
    val: Mapping[str, Sequence[float]],
    weight_norms: Mapping[str, float],
    *,
    title: str | None = "Training (dotted) and validation (solid) loss",
    height: int = 470,
) -> go.Figure:
    """Left: per setting, training loss dotted and validation loss solid in one colour, against epoch.
    Right: the final weight norm sqrt(sum_l ||W_l||_F^2) per setting, as bars.

    The three mappings share their keys (setting names, e.g. "none", "L2 λ=0.01"), in display order.
    """
    names = list(val)
    if list(train) != names or list(weight_norms) != names:
        raise ValueError("train, val and weight_norms must have the same settings in the same order")
    fig = make_subplots(rows=1, cols=2, column_widths=[0.68, 0.32], horizontal_spacing=0.12,
                        subplot_titles=("", "weight norm at the end"))
    top = 0.0
    for i, name in enumerate(names):
        color = SETTING_COLORS[i % len(SETTING_COLORS)]
        for values, dash, label, show in ((train[name], "dot", "training", False), (val[name], "solid", "", True)):
            y = np.asarray(values, dtype=float)
            x, y = thin(np.arange(1, y.size + 1, dtype=float), y)
            if np.isfinite(y).any():
                top = max(top, float(np.nanmax(y[np.isfinite(y)])))
            fig.add_trace(go.Scatter(
                x=x, y=y, mode="lines", name=name if show else f"{name} ({label})", legendgroup=name,
                showlegend=show, line={"color": color, "dash": dash, "width": 3 if show else 2},
            ), row=1, col=1)
    norms = np.asarray([weight_norms[n] for n in names], dtype=float)
    fig.add_trace(go.Bar(x=names, y=norms, showlegend=False, name="weight norm",
                         marker_color=[SETTING_COLORS[i % len(SETTING_COLORS)] for i in range(len(names))],
                         text=[f"{v:.1f}" for v in norms], textposition="outside"), row=1, col=2)
    base_layout(fig, height=height, title=title)
    # legend under the plots: four settings do not fit beside the title on a narrow screen
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
                      margin={"b": 110})
    fig.update_annotations(font_size=FONT_SIZE)
    fig.update_xaxes(title_text="epoch", row=1, col=1)
    fig.update_yaxes(title_text="loss J / N", range=[0, 1.05 * top if top > 0 else 1], row=1, col=1)
    fig.update_yaxes(title_text="√Σ‖W‖²", range=[0, 1.25 * float(norms.max()) if norms.size and norms.max() > 0 else 1],
                     row=1, col=2)
    return fig
