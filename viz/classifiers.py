"""The same classifier on different inputs: test accuracy and fit time, side by side."""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import COLORS, FONT_SIZE, base_layout, guess_trace

INPUT_COLORS = {"raw": COLORS["data"], "PCA": COLORS["pca"], "AE": COLORS["ae"]}


def _color(name: str) -> str:
    for key, color in INPUT_COLORS.items():
        if name.startswith(key):
            return color
    return COLORS["muted"]


def classifier_figure(
    names: Sequence[str],
    accuracy: Sequence[float],
    fit_seconds: Sequence[float],
    *,
    title: str | None = "Logistic regression on three inputs (held-out test set)",
    height: int = 380,
) -> go.Figure:
    """Two bar panels: test accuracy (0-100 %) and classifier fit time (ms), one bar per input.

    ``names`` label the inputs (e.g. "raw (64)", "PCA (k=10)", "AE (k=10)"); ``accuracy`` is a fraction in
    [0, 1]; ``fit_seconds`` the classifier's fit time in seconds. Colours follow the input kind.
    """
    names = list(names)
    acc = 100 * np.asarray(accuracy, dtype=float)
    ms = 1000 * np.asarray(fit_seconds, dtype=float)
    if not (len(names) == acc.size == ms.size):
        raise ValueError("names, accuracy and fit_seconds must have the same length")
    colors = [_color(n) for n in names]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("test accuracy (%)", "classifier fit time (ms)"),
                        horizontal_spacing=0.2)
    fig.add_trace(go.Bar(x=names, y=acc, marker_color=colors, name="accuracy", showlegend=False,
                         text=[f"{v:.1f} %" for v in acc], textposition="outside"), row=1, col=1)
    fig.add_trace(go.Bar(x=names, y=ms, marker_color=colors, name="fit time", showlegend=False,
                         text=[f"{v:.0f} ms" for v in ms], textposition="outside"), row=1, col=2)
    base_layout(fig, height=height, title=title)
    fig.update_annotations(font_size=FONT_SIZE)
    fig.update_yaxes(title_text="accuracy (%)", range=[0, 105], row=1, col=1)
    fig.update_yaxes(title_text="milliseconds", range=[0, 1.2 * float(ms.max()) if ms.size and ms.max() > 0 else 1],
                     row=1, col=2)
    return fig


def quality_figure(rows, *, title: str | None = "Reconstruction against use, one point per code size k",
                   height: int = 420, guess: tuple[float, str] | None = None) -> go.Figure:
    """Each code's test reconstruction error J/N (x) against the test accuracy of a classifier on it (y): one line
    per method (``rows`` of ``analysis.downstream.CodeQuality``), each point labelled with its k. ``guess`` is
    ``(accuracy in %, label)``: the learner's prediction, a dotted line of its own across the chart."""
    fig = go.Figure()
    for method in dict.fromkeys(r.method for r in rows):
        mine = sorted((r for r in rows if r.method == method), key=lambda r: r.k)
        fig.add_trace(go.Scatter(
            x=[r.error for r in mine], y=[100 * r.accuracy for r in mine], mode="lines+markers+text", name=method,
            text=[f"k={r.k}" for r in mine], textposition="top center", marker=dict(size=10, color=_color(method)),
            line=dict(color=_color(method), width=2),
            hovertemplate=method + " %{text}<br>J/N = %{x:.2f}<br>accuracy %{y:.1f} %<extra></extra>"))
    if guess is not None:
        errors = [r.error for r in rows]
        fig.add_trace(guess_trace([min(errors), max(errors)], guess[0], guess[1]))
    base_layout(fig, height=height, title=title)
    fig.update_xaxes(title_text="reconstruction error J/N on unseen images (lower is better)")
    fig.update_yaxes(title_text="classifier accuracy on unseen images (%)")
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0), margin=dict(b=40))
    return fig


def quality_caption(rows, odd: Sequence[int] = ()) -> str:
    """The reconstruction-against-use chart in words: each method's error and accuracy at its smallest and largest k
    (``rows`` of ``analysis.downstream.CodeQuality``), and the code sizes ``odd`` where the method that reconstructs
    better classifies worse (``analysis.downstream.disagreements``)."""
    parts = []
    for method in dict.fromkeys(r.method for r in rows):
        mine = sorted((r for r in rows if r.method == method), key=lambda r: r.k)
        ends = (mine[0], mine[-1]) if len(mine) > 1 else (mine[0],)
        parts.append(f"{method}: " + ", ".join(f"k = {r.k}: J/N {r.error:.2f}, accuracy {100 * r.accuracy:.1f} %"
                                               for r in ends))
    note = (f"One method reconstructs better but classifies worse at k = {', '.join(map(str, odd))}." if len(odd)
            else "Here the better reconstruction is also the better input at every k.")
    return "; ".join(parts) + ". " + note
