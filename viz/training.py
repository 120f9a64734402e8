"""Loss curves: the live chart of the training component, and several curves on one chart."""

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz.style import COLORS, axis, base_layout, guess_trace, layout_dict, legend_at_foot, plain_html

# A live chart never needs more points than the screen has pixels; thinning keeps each redraw small.
MAX_POINTS = 600
LABEL_COLOR = "#555555"  # the levels' labels: dark enough to read as text on white


def thin(x: np.ndarray, y: np.ndarray, max_points: int = MAX_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Keep at most ``max_points`` evenly spaced samples, always including the last one."""
    n = len(x)
    if n <= max_points:
        return x, y
    idx = np.unique(np.append(np.linspace(0, n - 1, max_points).astype(int), n - 1))
    return x[idx], y[idx]


def loss_range(losses: np.ndarray, reference: float | None, *, log_y: bool = False,
               guess: float | None = None, levels: Sequence[float] = ()) -> list[float]:
    """A y-range that holds the whole curve, the reference line, the other levels and the learner's guess, with a
    little headroom.

    The range depends only on the first loss, the lowest loss and the lines, so it changes rarely
    while training (the curve falls into a frame that stays put).
    """
    finite = losses[np.isfinite(losses)]
    top = float(finite[0]) if finite.size else 1.0
    top = max(top, float(finite.max()) if finite.size else top)
    low = float(finite.min()) if finite.size else 0.0
    for line in (reference, guess, *levels):
        if line is not None and np.isfinite(line):
            low, top = min(low, line), max(top, line)
    if log_y:
        low = max(low, 1e-12)
        return [float(np.log10(low)) - 0.05, float(np.log10(max(top, low * 1.01))) + 0.05]
    span = max(top - low, 0.02 * abs(top), 1e-9)  # one loss alone (epoch 0) still gets a frame with round ticks
    return [max(0.0, low - 0.08 * span), top + 0.05 * span]


def loss_figure(
    history: Sequence[Mapping],
    *,
    epochs: int,
    reference: float | None = None,
    reference_label: str = "PCA optimum",
    log_y: bool = False,
    uirevision: str = "loss",
    height: int = 340,
    blowup: tuple | None = None,
    guess: tuple[float, str] | None = None,
    levels: Sequence[tuple[float, str]] = (),
) -> go.Figure:
    """The live loss chart: training loss (and validation loss when present) against epoch.

    ``history`` is a list of records ``{"epoch", "loss", "val_loss", ...}``. The x-axis is fixed to
    ``[0, epochs]`` and ``uirevision`` keeps zoom and legend state across redraws. ``blowup`` is ``(epoch, loss)``
    of a divergence: a marker at the top of the frame says where the loss went (the frame stays on the curve).
    ``guess`` is ``(value, label)``: the learner's prediction of the loss, a dotted line of its own. ``levels`` are
    more reference levels ``(value, label)`` (the saddles a run passes): thinner dashed lines, each labelled on the
    chart at its right end rather than in the legend (a legend of k saddles would crowd the chart).
    Built in one constructor call: this chart is redrawn on every training tick, and each ``update_*`` call
    re-validates the figure.
    """
    epoch = np.array([r["epoch"] for r in history], dtype=float)
    loss = np.array([r["loss"] for r in history], dtype=float)
    x, y = thin(epoch, loss)
    data = [go.Scatter(x=x, y=y, mode="lines", name="training loss", line=dict(color=COLORS["ae"], width=3))]
    val = np.array([np.nan if r.get("val_loss") is None else r["val_loss"] for r in history], dtype=float)
    if history and np.isfinite(val).any():
        xv, yv = thin(epoch, val)
        data.append(go.Scatter(x=xv, y=yv, mode="lines", name="validation loss",
                               line=dict(color=COLORS["val"], width=3)))
    if reference is not None:
        data.append(go.Scatter(x=[0, epochs], y=[reference, reference], mode="lines",
                               name=f"{reference_label} = {reference:.4g}",
                               line=dict(color=COLORS["reference"], width=2, dash="dash")))
    if levels:
        data += levels_traces(levels, epochs)
    if guess is not None:
        data.append(guess_trace([0, epochs], guess[0], guess[1]))
    all_losses = np.concatenate([loss, val[np.isfinite(val)]]) if history else np.array([])
    y_range = loss_range(all_losses, reference, log_y=log_y, guess=None if guess is None else guess[0],
                         levels=[v for v, _ in levels])
    if blowup is not None:
        top = 10 ** y_range[1] if log_y else y_range[1]
        value = "infinity" if not np.isfinite(blowup[1]) else f"{blowup[1]:.3g}"
        data.append(go.Scatter(x=[blowup[0]], y=[top], mode="markers+text", name="diverged",
                               marker=dict(symbol="triangle-up", size=16, color=COLORS["reference"]),
                               text=[f"loss {value} at epoch {blowup[0]}"], textposition="bottom right",
                               cliponaxis=False))
    layout = layout_dict(height=height)
    layout.update(
        uirevision=uirevision,
        showlegend=True,  # before the first epoch too: the dashed line is labelled from the start
        xaxis=axis("epoch", range=[0, epochs]),
        yaxis=axis("loss J / N", type="log" if log_y else "linear", range=y_range),
    )
    return go.Figure(data=data, layout=layout)


def levels_traces(levels: Sequence[tuple[float, str]], epochs: int) -> list[go.Scatter]:
    """Reference levels ``(value, label)``: dashed segments over [0, epochs] (one trace, gaps between), and each
    label written above its segment's right end (a text trace of its own); out of the legend."""
    x, y = [], []
    for value, _ in levels:
        x += [0, epochs, None]
        y += [value, value, None]
    return [go.Scatter(x=x, y=y, mode="lines", name="levels", showlegend=False, hoverinfo="y",
                       line=dict(color=COLORS["data"], width=1.5, dash="dash")),
            go.Scatter(x=[epochs] * len(levels), y=[v for v, _ in levels], mode="text", name="level labels",
                       text=[plain_html(label) for _, label in levels], textposition="top left", showlegend=False,
                       hoverinfo="skip", cliponaxis=False, textfont=dict(color=LABEL_COLOR))]


def loss_curves_figure(
    curves: Mapping[str, Sequence[float]],
    *,
    reference: float | None = None,
    reference_label: str | None = None,
    log_y: bool = False,
    title: str | None = None,
    colors: Mapping[str, str] | None = None,
    height: int = 380,
) -> go.Figure:
    """Several loss curves (name -> per-epoch losses) on one chart, with an optional reference line."""
    fig = go.Figure()
    longest = 1
    for name, values in curves.items():
        y = np.asarray(values, dtype=float)
        longest = max(longest, len(y))
        x, y = thin(np.arange(1, len(y) + 1, dtype=float), y)
        line = dict(width=3)
        if colors and name in colors:
            line["color"] = colors[name]
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=name, line=line))
    if reference is not None:
        label = reference_label or "reference"
        fig.add_trace(
            go.Scatter(
                x=[0, longest],
                y=[reference, reference],
                mode="lines",
                name=f"{label} = {reference:.4g}",
                line=dict(color=COLORS["reference"], width=2, dash="dash"),
            )
        )
    base_layout(fig, height=height, title=title)
    if title:
        legend_at_foot(fig)
    fig.update_xaxes(title_text="epoch")
    fig.update_yaxes(title_text="loss J / N", type="log" if log_y else "linear")
    return fig
