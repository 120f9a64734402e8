"""The architecture of an autoencoder drawn as layers of nodes joined by weights.

Layer ``i`` of ``layer_sizes`` is drawn at x = i. Each layer shows at most ``max_drawn`` nodes (then an ellipsis
and the true count), spaced equally, so a narrow bottleneck *looks* narrow.
"""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.network import parameter_count
from viz.palette import TEXT_CODE
from viz.style import COLORS, FONT_SIZE, base_layout

LABEL_SMALL = 11  # the layers' labels of a network of six layers or more, about 50 px a column on a phone

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def drawn_positions(size: int, max_drawn: int) -> tuple[np.ndarray, bool]:
    """y positions of the nodes drawn for a layer of ``size`` nodes, and whether an ellipsis stands for the rest."""
    shown = min(size, max_drawn)
    elided = size > max_drawn
    return (np.arange(shown) - (shown - 1) / 2.0), elided


def units(n: int) -> str:
    """A count of units: "1 unit", "64 units"."""
    return f"{n} unit" if n == 1 else f"{n} units"


def weight_labels(layer_sizes: Sequence[int]) -> list[str]:
    """Names and shapes of the weight matrices between consecutive layers, in the lessons' notation.

    A matrix has one row per unit of the layer it feeds (``a = Wx + b``): rows x columns = n_out x n_in, the
    transpose of the code's ``coefs_`` (n_in, n_out). Encoder matrices map towards the code (``z = f(Wx + b)``,
    W is k x D); decoder matrices mirror them (``y = g(Vz + c)``, V is D x k), V_l with the transposed shape of
    W_l. With one code layer the names are W and V; deeper nets number them.
    """
    n_gaps = len(layer_sizes) - 1
    half = n_gaps // 2
    labels = []
    for i in range(n_gaps):
        rows, cols = layer_sizes[i + 1], layer_sizes[i]
        if half == 1:
            name = "W" if i < half else "V"
        elif i < half:
            name = f"W{i + 1}".translate(SUB)
        else:
            name = f"V{n_gaps - i}".translate(SUB)
        labels.append(f"{name}: {rows}×{cols}")
    return labels


def layer_names(n_layers: int, code_index: int) -> list[str]:
    names = []
    for i in range(n_layers):
        if i == 0:
            names.append("input x")
        elif i == n_layers - 1:
            names.append("output y ≈ x")
        elif i == code_index:
            names.append("code z")
        else:
            names.append("hidden")
    return names


def network_figure(
    layer_sizes: Sequence[int],
    *,
    activations: Sequence[str] | None = None,
    code_index: int | None = None,
    max_drawn: int = 12,
    title: str | None = None,
    height: int = 420,
    active: int | None = None,
    edge_values: Sequence[np.ndarray] | None = None,
) -> go.Figure:
    """Draw ``layer_sizes`` (e.g. ``[64, 2, 64]`` or ``[64, 32, 2, 32, 64]``) as a network diagram.

    ``activations`` (one per layer after the input) are written under each layer; ``code_index`` defaults to
    the middle layer. ``active`` highlights one layer (a band behind it). ``edge_values`` (one array per weight
    matrix, shaped (n_l, n_{l+1}) as ``coefs_``; small networks, every node drawn) colours each connection by
    its value's sign (blue +, vermillion −) and sizes it by its magnitude. Returns a Figure with the edges (one
    path shape, or one trace per edge with ``edge_values``), one node trace per layer and text annotations.
    """
    sizes = [int(s) for s in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError("layer_sizes needs at least two layers of at least one node each")
    code = len(sizes) // 2 if code_index is None else code_index
    positions = [drawn_positions(s, max_drawn) for s in sizes]
    fig = go.Figure()

    top = (max_drawn - 1) / 2.0
    if active is not None:
        fig.add_shape(type="rect", x0=active - 0.3, x1=active + 0.3, y0=-top - 0.9, y1=top + 0.6, layer="below",
                      line=dict(width=0), fillcolor="rgba(240, 228, 66, 0.35)")
    if edge_values is None:
        # One SVG path for all edges: a line trace with gaps draws each segment as an element of its own (about
        # 600 DOM nodes for 64-32-16-2-16-32-64, against one).
        path = "".join(f"M{i},{ya:g}L{i + 1},{yb:g}" for i in range(len(sizes) - 1)
                       for ya in positions[i][0] for yb in positions[i + 1][0])
        fig.add_shape(type="path", path=path, layer="below", line=dict(color=COLORS["muted"], width=0.6),
                      name="weights")
    else:
        biggest = max(float(np.max(np.abs(v))) for v in edge_values) or 1.0
        for i, values in enumerate(edge_values):
            for a, ya in enumerate(positions[i][0]):
                for b, yb in enumerate(positions[i + 1][0]):
                    v = float(values[a, b])
                    fig.add_trace(go.Scatter(
                        x=[i, i + 1], y=[ya, yb], mode="lines", showlegend=False, name=f"{v:+.3g}",
                        line=dict(color=COLORS["ae"] if v >= 0 else COLORS["reference"],
                                  width=0.5 + 7.5 * abs(v) / biggest), hovertemplate=f"{v:+.4g}<extra></extra>"))

    names = layer_names(len(sizes), code)
    # Six layers or more leave a column about 50 px wide on a phone: smaller labels, the weights' in two rows.
    long = len(sizes) >= 6
    for i, (size, (ys, elided)) in enumerate(zip(sizes, positions)):
        color = COLORS["code"] if i == code else (COLORS["data"] if i == 0 else COLORS["ae"])
        fig.add_trace(
            go.Scatter(
                x=np.full(len(ys), i), y=ys, mode="markers", name=names[i],
                marker=dict(size=18 if i == code else 14, color=color, line=dict(color="white", width=1.5)),
                hovertemplate=f"{names[i]}: {units(size)}<extra></extra>", showlegend=False,
            )
        )
        if elided:
            fig.add_annotation(x=i, y=0, text="⋮", showarrow=False, font=dict(size=22), bgcolor="white")
        # On a line of its own: side by side, "64 units · identity" labels touch at a phone's width.
        act = f"<br>{activations[i - 1]}" if activations and i > 0 and i - 1 < len(activations) else ""
        fig.add_annotation(
            x=i, y=-top - 1.0, text=f"<b>{names[i]}</b><br>{units(size)}{act}", showarrow=False, yanchor="top",
            font=dict(color=TEXT_CODE if i == code else "#333", size=LABEL_SMALL if long else None),
        )
    for i, label in enumerate(weight_labels(sizes)):
        fig.add_annotation(x=i + 0.5, y=top + 1.0 + (0.9 if long and i % 2 else 0), text=label, showarrow=False,
                           font=dict(size=12 if long else 14, color="#555"))

    base_layout(fig, height=height, title=title)
    fig.update_xaxes(visible=False, range=[-0.5, len(sizes) - 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-top - 1.0, top + (2.7 if long else 1.8)], fixedrange=True)
    # The layers' labels hang below the nodes in the bottom margin, sized in pixels for their lines: a range in
    # data units left the last line cut off at some heights.
    lines = 3 if activations else 2
    fig.update_layout(margin=dict(l=10, r=10, t=50 if title else 10,
                                  b=label_margin(lines, LABEL_SMALL if long else FONT_SIZE)), dragmode=False)
    return fig


def label_margin(lines: int, font_size: float) -> int:
    """Pixels for ``lines`` lines of text at ``font_size`` (plotly.js sets a line 1.3 font sizes apart), and a gap."""
    return round(lines * 1.3 * font_size) + 8


def network_caption(layer_sizes: Sequence[int]) -> str:
    """The diagram in words (its text alternative): the layers, each weight matrix's shape and the parameter count."""
    sizes = [int(s) for s in layer_sizes]
    return (f"Layers {' → '.join(map(str, sizes))}; weight matrices {', '.join(weight_labels(sizes))}; "
            f"{parameter_count(sizes):,} weights and biases.")
