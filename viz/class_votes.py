"""The room's answers for the projected screen: counts per choice, or a histogram of numbers. Counts only, never
who answered what; large type, to be read from the back of a room."""

import textwrap

import plotly.graph_objects as go

from viz.palette import TEXT
from viz.style import COLORS, base_layout, plain_html, without_italics

BIG = 22  # the chart's text, in px before presenter mode enlarges it
RIGHT = "#009E73"  # the right answer once revealed (Okabe-Ito green)


def wrapped(label: str, width: int = 24) -> str:
    """A choice's text on lines of at most ``width`` characters (Plotly's ``<br>``), escaped for Plotly; a
    variable written in italics (*k*) is drawn in italics."""
    return "<br>".join(without_italics(plain_html(line), r"<i>\1</i>")
                       for line in textwrap.wrap(str(label), width) or [""])


def choice_votes_figure(labels: list[str], counts: list[int], *, right: int | None = None,
                        height: int = 460) -> go.Figure:
    """One horizontal bar per choice, in the order given, top to bottom, its count written at its end; ``right``
    (an index into ``labels``) is drawn green once the teacher has revealed it."""
    if len(labels) != len(counts):
        raise ValueError("one count per choice")
    colors = [RIGHT if i == right else COLORS["ae"] for i in range(len(labels))]
    fig = go.Figure(go.Bar(
        y=[wrapped(t) for t in labels], x=list(counts), orientation="h", marker_color=colors,
        text=[str(c) for c in counts], textposition="outside", textfont=dict(size=BIG + 6, color=TEXT),
        cliponaxis=False, hovertemplate="%{x} answers<extra></extra>"))
    base_layout(fig, height=height)
    top = max(max(counts, default=0), 1)
    fig.update_layout(font=dict(size=BIG), margin=dict(l=10, r=60, t=10, b=10), bargap=0.25, showlegend=False)
    fig.update_xaxes(range=[0, top * 1.15], visible=False)  # each bar's count is written at its end
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=BIG))
    return fig


def number_votes_figure(counts: list[int], edges: list[float], *, unit: str = "", height: int = 460) -> go.Figure:
    """A histogram of the room's numeric predictions: ``counts[i]`` answers in [edges[i], edges[i + 1])."""
    if len(edges) != len(counts) + 1:
        raise ValueError("len(counts) + 1 edges")
    centres = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])]
    widths = [b - a for a, b in zip(edges[:-1], edges[1:])]
    fig = go.Figure(go.Bar(
        x=centres, y=list(counts), width=widths, marker_color=COLORS["ae"], marker_line=dict(color="white", width=2),
        text=[str(c) if c else "" for c in counts], textposition="outside", textfont=dict(size=BIG + 6, color=TEXT),
        cliponaxis=False, customdata=list(zip(edges[:-1], edges[1:])),
        hovertemplate="%{customdata[0]:.4g} to %{customdata[1]:.4g}: %{y} answers<extra></extra>"))
    base_layout(fig, height=height)
    top = max(max(counts, default=0), 1)
    fig.update_layout(font=dict(size=BIG), margin=dict(l=10, r=20, t=30, b=50), bargap=0, showlegend=False)
    fig.update_xaxes(title=f"the room's predictions{plain_html(unit)}", range=[edges[0], edges[-1]])
    fig.update_yaxes(title="answers", range=[0, top * 1.2], dtick=max(1, round(top / 5)))
    return fig
