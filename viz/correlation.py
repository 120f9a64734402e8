"""Correlation matrices side by side: raw features against learned codes."""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from viz.style import FONT_SIZE, base_layout


def correlation_figure(
    matrices: Sequence[np.ndarray],
    titles: Sequence[str],
    *,
    title: str | None = "Correlation between features",
    height: int = 420,
) -> go.Figure:
    """One heatmap per correlation matrix (each square, entries in [-1, 1], NaN shown blank).

    All panels share one diverging colour scale fixed to [-1, 1] (blue negative, red positive), so colours
    compare across panels. Feature 1 is at the top-left as in a printed matrix.
    """
    mats = [np.asarray(m, dtype=float) for m in matrices]
    if len(mats) != len(titles) or not mats:
        raise ValueError("give one title per matrix, and at least one matrix")
    for m in mats:
        if m.ndim != 2 or m.shape[0] != m.shape[1]:
            raise ValueError(f"a correlation matrix must be square, got shape {m.shape}")
    fig = make_subplots(rows=1, cols=len(mats), subplot_titles=list(titles), horizontal_spacing=0.08)
    for i, m in enumerate(mats, start=1):
        idx = np.arange(1, m.shape[0] + 1)
        fig.add_trace(go.Heatmap(
            z=m, x=idx, y=idx, zmin=-1, zmax=1, colorscale="RdBu_r", showscale=(i == len(mats)),
            colorbar={"title": "r", "len": 0.9}, hovertemplate="feature %{y} vs %{x}: r = %{z:.2f}<extra></extra>",
        ), row=1, col=i)
        # fixed ranges (row 1 at the top) so every panel is filled edge to edge, however many features
        fig.update_yaxes(range=[m.shape[0] + 0.5, 0.5], row=1, col=i, title_text="feature" if i == 1 else None)
        fig.update_xaxes(range=[0.5, m.shape[0] + 0.5], title_text="feature", row=1, col=i)
    base_layout(fig, height=height, title=title)
    fig.update_annotations(font_size=FONT_SIZE)
    return fig
