"""Codes drawn as points: a 2-D (or 1-D) code coloured by label or by a continuous position."""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.data import subsample
from viz.palette import CLASS_MARKER_SIZE, class_colors, class_symbols
from viz.style import COLORS, base_layout, plain_html

GL_THRESHOLD = 2000
# Per panel, in codes_figure: WebGL's fixed cost in a browser without a GPU outweighs SVG's cost per point below
# this (bench/README.md).
CODES_GL_THRESHOLD = 1000


def padded_range(values: np.ndarray, pad: float = 0.06) -> list[float]:
    """[min, max] of finite ``values`` widened by ``pad`` of the span on each side (never empty)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return [-1.0, 1.0]
    lo, hi = float(v.min()), float(v.max())
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return [lo - pad * span, hi + pad * span]


def bounded_range(bounds: tuple[float, float], pad: float = 0.04) -> list[float]:
    """An axis range for values that live in ``bounds`` (an activation's outputs), with ``pad`` of it either side."""
    lo, hi = bounds
    return [lo - pad * (hi - lo), hi + pad * (hi - lo)]


def nice_symmetric_range(values: np.ndarray, margin: float = 1.1) -> list[float]:
    """[-r, r] with r = margin * max|values| rounded up to 1, 1.5, 2, 3, 4, 5, 6 or 8 x 10^n.

    For a code that changes while training: the frame grows in a few steps instead of following every redraw.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    m = margin * float(np.abs(v).max()) if v.size else 1.0
    if m <= 0:
        return [-1.0, 1.0]
    scale = 10.0 ** np.floor(np.log10(m))
    r = next(f * scale for f in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0) if f * scale >= m)
    return [-r, r]


def latent_figure(
    Z: np.ndarray,
    color: np.ndarray | None = None,
    *,
    color_kind: str | None = "class",
    title: str | None = None,
    axis_labels: Sequence[str] = ("z₁", "z₂"),
    ranges: tuple[Sequence[float], Sequence[float]] | None = None,
    max_points: int | None = None,
    marker_size: int | None = None,
    height: int = 420,
    uirevision: str | None = None,
    showlegend: bool = True,
    seed: int = 0,
) -> go.Figure:
    """Scatter the first two columns of a code Z, shape (N, k); a 1-D code is drawn along a line (y = 0).

    Parameters
    ----------
    color : labels (``color_kind="class"``: one trace per class, so the legend says which is which),
        a continuous value such as the position along a manifold (``"position"``: one colour bar),
        or None (one grey trace)
    ranges : fixed ([x0, x1], [y0, y1]) axis ranges; default: the data's, padded
    max_points : draw a fixed random subset of at most this many points (same subset every call)
    marker_size : default 6, and 8 for classes (their marker symbols need it)
    """
    Z = np.asarray(Z, dtype=float)
    if Z.ndim == 1:
        Z = Z[:, None]
    if Z.ndim != 2 or Z.shape[1] < 1:
        raise ValueError(f"Z must have shape (N, k) with k >= 1, got {Z.shape}")
    n = len(Z)
    x = Z[:, 0]
    y = Z[:, 1] if Z.shape[1] > 1 else np.zeros(n)
    c, idx = _colours_and_rows(color, n, max_points, seed)
    scatter = go.Scattergl if len(idx) > GL_THRESHOLD else go.Scatter
    fig = go.Figure()
    size = marker_size or 6
    if c is None or color_kind is None:
        fig.add_trace(scatter(x=x[idx], y=y[idx], mode="markers", name="samples", showlegend=False,
                              marker=dict(size=size, color=COLORS["data"], opacity=0.7)))
    elif color_kind == "class":
        labels = np.unique(c[idx])
        # A colour-blind-safe colour and a shape of its own per class: two cues, named in the legend.
        for label, colour, symbol in zip(labels, class_colors(len(labels)), class_symbols(len(labels))):
            sel = idx[c[idx] == label]
            fig.add_trace(scatter(
                x=x[sel], y=y[sel], mode="markers", name=plain_html(label),
                marker=dict(size=marker_size or CLASS_MARKER_SIZE, color=colour, symbol=symbol, opacity=0.75),
            ))
    elif color_kind == "position":
        fig.add_trace(scatter(
            x=x[idx], y=y[idx], mode="markers", name="samples", showlegend=False,
            marker=dict(size=size, color=c[idx].astype(float), colorscale="Viridis", opacity=0.8,
                        colorbar=dict(title="position", thickness=14)),
        ))
    else:
        raise ValueError(f'color_kind must be "class", "position" or None, got {color_kind!r}')
    base_layout(fig, height=height, title=title)
    xr, yr = ranges if ranges is not None else (padded_range(x), padded_range(y))
    fig.update_xaxes(title_text=axis_labels[0], range=list(xr), zeroline=False)
    fig.update_yaxes(title_text=axis_labels[1] if Z.shape[1] > 1 else "", range=list(yr), zeroline=False,
                     showticklabels=Z.shape[1] > 1)
    fig.update_layout(showlegend=showlegend and color_kind == "class" and c is not None,
                      legend=dict(title=dict(text="label"), itemsizing="constant", orientation="v",
                                  yanchor="top", y=1.0, xanchor="left", x=1.02))
    if uirevision is not None:
        fig.update_layout(uirevision=uirevision)
    return fig


def codes_figure(
    panels: Sequence[tuple[str, np.ndarray, tuple[Sequence[float], Sequence[float]] | None]],
    color: np.ndarray | None = None,
    *,
    color_kind: str | None = "class",
    max_points: int | None = None,
    height: int = 430,
    uirevision: str | None = None,
    seed: int = 0,
) -> go.Figure:
    """Several codes side by side in one figure (one panel each, same points, same colours).

    ``panels`` is a list of ``(title, Z (N, k), ranges or None)``; the first two columns of each Z are drawn.
    Each panel is a single trace (colours per point) and the class legend is drawn once, and the figure is
    built from plain dicts in one call: a figure redrawn live several times a second must be cheap to build.
    Points are the same fixed random subset in every panel.
    """
    if not panels:
        raise ValueError("panels must not be empty")
    n = len(panels[0][1])
    c, idx = _colours_and_rows(color, n, max_points, seed)
    marker = dict(size=5, opacity=0.75, color=COLORS["data"])
    classes = []
    if c is not None and color_kind == "class":
        classes = list(np.unique(c))
        # Class index as a number on a stepped colour scale: numbers validate far faster than colour strings.
        codes = np.searchsorted(np.asarray(classes), c[idx])
        palette, symbols = class_colors(len(classes)), class_symbols(len(classes))
        steps = [[pos, col] for i, col in enumerate(palette)
                 for pos in (i / len(palette), (i + 1) / len(palette))]
        marker.update(color=codes, colorscale=steps, cmin=-0.5, cmax=len(palette) - 0.5, showscale=False,
                      symbol=np.asarray(symbols, dtype=object)[codes], size=CLASS_MARKER_SIZE - 1)
    elif c is not None and color_kind == "position":
        marker.update(color=c[idx].astype(float), colorscale="Viridis")
    count, gap = len(panels), 0.06
    width = (1 - gap * (count - 1)) / count
    # WebGL only for many points a panel: SVG styles every marker as a DOM node, WebGL has a large fixed cost.
    kind = "scattergl" if len(idx) > CODES_GL_THRESHOLD else "scatter"
    data, layout = [], dict(annotations=[])
    for j, (title, Z, ranges) in enumerate(panels):
        Z = np.asarray(Z, dtype=float)
        Z = Z[:, None] if Z.ndim == 1 else Z
        if len(Z) != n:
            raise ValueError(f"every panel needs {n} points, got {len(Z)}")
        x = Z[idx, 0]
        y = Z[idx, 1] if Z.shape[1] > 1 else np.zeros(len(idx))
        suffix = "" if j == 0 else str(j + 1)
        m = dict(marker)
        if c is not None and color_kind == "position" and j == count - 1:
            m["colorbar"] = dict(title=dict(text="position"), thickness=14)
        data.append(dict(type=kind, x=x, y=y, mode="markers", marker=m, showlegend=False,
                         hoverinfo="skip", xaxis=f"x{suffix}", yaxis=f"y{suffix}"))
        xr, yr = ranges if ranges is not None else (padded_range(x), padded_range(y))
        left = j * (width + gap)
        layout[f"xaxis{suffix}"] = dict(domain=[left, left + width], range=list(xr), title=dict(text="z₁"),
                                        zeroline=False, anchor=f"y{suffix}")
        layout[f"yaxis{suffix}"] = dict(range=list(yr), title=dict(text="z₂" if Z.shape[1] > 1 else ""),
                                        zeroline=False, showticklabels=Z.shape[1] > 1, anchor=f"x{suffix}")
        layout["annotations"].append(dict(text=title, x=left + width / 2, y=1.0, xref="paper", yref="paper",
                                          xanchor="center", yanchor="bottom", showarrow=False,
                                          font=dict(size=15)))
    for label, colour, symbol in zip(classes, class_colors(len(classes)), class_symbols(len(classes))):
        data.append(dict(type="scatter", x=[None], y=[None], mode="markers", name=plain_html(label),
                         marker=dict(size=10, color=colour, symbol=symbol)))
    fig = go.Figure(dict(data=data, layout=layout))
    base_layout(fig, height=height)
    fig.update_layout(showlegend=bool(classes), legend=dict(title=dict(text="label"), y=1.2), margin=dict(t=105))
    if uirevision is not None:
        fig.update_layout(uirevision=uirevision)
    return fig


def _colours_and_rows(color, n: int, max_points: int | None, seed: int) -> tuple[np.ndarray | None, np.ndarray]:
    """The colours as an array (checked against n points) and the rows drawn: all, or a fixed random subset."""
    c = None if color is None else np.asarray(color)
    if c is not None and len(c) != n:
        raise ValueError(f"color has {len(c)} entries for {n} points")
    return c, subsample(n, n if max_points is None else max_points, seed)
