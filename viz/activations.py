"""Activation functions and their derivatives, side by side (a pure figure builder).

The registry's derivative is written through the output, f'(a) = d(f(a)) (see `core.activations`), so the
derivative curve is drawn as ``derivative(function(a))``.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import COLORS, FONT_SIZE, base_layout


def activation_curves(activation, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(a) and f'(a) on the grid a, for an activation with ``function`` and output-based ``derivative``."""
    h = activation.function(np.array(a, dtype=np.float64))
    return h, activation.derivative(h)


def activation_figure(activations: dict, selected: str, *, a_range: tuple[float, float] = (-4.0, 4.0),
                      n: int = 161, height: int = 360) -> go.Figure:
    """Two panels: f(a) on the left, f'(a) on the right, for ``activations[selected]`` (bold) and the rest (faint).

    Parameters
    ----------
    activations : dict name -> record with ``label``, ``function(a)`` and ``derivative(h)`` (``ACTIVATIONS``)
    selected : the name drawn in colour; the others are thin grey lines for comparison.

    Traces: for each panel, one line per activation (others first, the selected one last), so the figure has
    ``2 * len(activations)`` traces. Both panels share fixed axis ranges so switching activations does not jump.
    """
    if selected not in activations:
        raise KeyError(f"Unknown activation {selected!r}; choose one of {', '.join(activations)}.")
    # 161 points (a step of 0.05, a = 0 included for the kinks) in float32: smooth at the chart's size, and small.
    a = np.linspace(*a_range, n)
    x = a.astype(np.float32)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.16,  # room for the right y title on a phone
                        subplot_titles=(f"{activations[selected].label}: f(a)", "its derivative f′(a)"))
    order = [name for name in activations if name != selected] + [selected]
    for name in order:
        h, dh = (c.astype(np.float32) for c in activation_curves(activations[name], a))
        chosen, label = name == selected, activations[name].label
        style = dict(color=COLORS["ae"] if chosen else COLORS["muted"], width=4 if chosen else 1.5)
        for col, y in ((1, h), (2, dh)):
            fig.add_trace(go.Scatter(
                x=x, y=y, mode="lines", line=style, name=label, legendgroup=name,
                showlegend=chosen and col == 1, opacity=1.0 if chosen else 0.6,
                hovertemplate=f"{label}<br>a = %{{x:.2f}}<br>{'f(a)' if col == 1 else 'f′(a)'} = %{{y:.3f}}"
                              "<extra></extra>",
            ), row=1, col=col)
    fig.update_xaxes(title_text="unit input a = w·x + b", range=list(a_range), zeroline=True)
    fig.update_yaxes(title_text="f(a)", range=[-1.5, 3.0], row=1, col=1)
    fig.update_yaxes(title_text="f′(a)", range=[-0.1, 1.15], row=1, col=2)
    base_layout(fig, height=height)
    fig.update_layout(showlegend=False, uirevision="activations")
    fig.update_annotations(font_size=FONT_SIZE + 1)
    return fig
