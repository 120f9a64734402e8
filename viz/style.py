"""One look for every figure: colours that read on a projector, large fonts, a white template."""

import copy
import html
import re

import plotly.graph_objects as go

from viz.palette import BACKGROUND, TEXT, TEXT_SOFT

# Colour-blind-safe (Okabe-Ito); named for what they show so every page agrees.
COLORS = {
    "ae": "#0072B2",         # the autoencoder (blue)
    "pca": "#E69F00",        # PCA (orange)
    "data": "#7F7F7F",       # raw data points (grey)
    "reference": "#D55E00",  # reference lines such as PCA's optimum (vermillion)
    "val": "#009E73",        # validation curves (green)
    "code": "#CC79A7",       # the code / bottleneck layer (purple)
    "muted": "#BBBBBB",
    "guess": "#000000",      # the learner's own prediction (black, dotted)
}
FONT_SIZE = 15
CHART = {"displayModeBar": False}  # the Plotly config of every chart: no toolbar over the lessons
# The config of a picture with nothing to hover, drag or zoom: plotly.js skips its interaction layers (page_load).
STATIC = {**CHART, "staticPlot": True}

_AXIS = dict(gridcolor="#E6EBF2", linecolor="#888", zerolinecolor="#C9D1DC", automargin=True)
# Text colours on the figure's own layout, not only in its template: st.plotly_chart's theme (and the live charts'
# look, ui/live_plot.py) writes its own greys into every chart's template (Streamlit's #808495 is 3.7:1 on white),
# and a figure's own settings are what it leaves alone. The background goes with them, so the text stays readable
# whatever the app's theme.
AXIS_TEXT = dict(tickfont=dict(color=TEXT_SOFT), title=dict(font=dict(color=TEXT_SOFT)))


def axis(title: str, **settings) -> dict:
    """An axis titled ``title`` with the readable text of AXIS_TEXT, for a layout that sets its axes whole."""
    return dict(tickfont=dict(color=TEXT_SOFT), title=dict(text=title, font=dict(color=TEXT_SOFT)), **settings)


HOVER = dict(bgcolor=BACKGROUND, bordercolor=TEXT_SOFT, font=dict(color=TEXT, size=FONT_SIZE))
_TEXT_LAYOUT = dict(paper_bgcolor=BACKGROUND, plot_bgcolor=BACKGROUND, font=dict(color=TEXT),
                    title=dict(font=dict(color=TEXT)),
                    legend=dict(font=dict(color=TEXT), title=dict(font=dict(color=TEXT))),
                    hoverlabel=HOVER, xaxis=AXIS_TEXT, yaxis=AXIS_TEXT)
# A small white template: "plotly_white" would add ~6 KB of JSON to every chart on every redraw. Built once as
# a Template object: passing a plain dict makes plotly re-validate it on every figure (~10x slower).
TEMPLATE = go.layout.Template(
    layout=dict(
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        font=dict(color=TEXT),
        colorway=[COLORS["ae"], COLORS["pca"], COLORS["val"], COLORS["reference"], COLORS["code"],
                  "#56B4E9", "#F0E442", "#000000"],
        xaxis=_AXIS | AXIS_TEXT,
        yaxis=_AXIS | AXIS_TEXT,
        hoverlabel=HOVER,
    )
)


def layout_dict(*, height: int = 380, title: str | None = None) -> dict:
    """The shared layout as a plain dict, for figures built in one constructor call."""
    text = copy.deepcopy(_TEXT_LAYOUT)  # fresh nested dicts: callers may change what they get
    layout = dict(
        template=TEMPLATE,
        height=height,
        margin=dict(l=60, r=20, t=60 if title else 30, b=50),
        **text,
    )
    layout["font"]["size"] = FONT_SIZE
    layout["legend"].update(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0)
    if title:
        layout["title"].update(text=title, x=0, xanchor="left")
    return layout


def legend_at_foot(fig: go.Figure) -> go.Figure:
    """The legend in a row at the foot of the figure, under the axis title, its room reserved whatever the height:
    above the plot, beside a title, its rows run into the title on a phone."""
    return fig.update_layout(legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, xanchor="left",
                                         x=0))


def base_layout(fig: go.Figure, *, height: int = 380, title: str | None = None) -> go.Figure:
    """Apply the shared template, fonts, text colours and margins; returns the same figure for chaining."""
    fig.update_layout(**layout_dict(height=height, title=title))
    # Every axis of a figure with subplots (xaxis2, ...), which the layout's xaxis and yaxis do not reach.
    fig.update_xaxes(AXIS_TEXT)
    fig.update_yaxes(AXIS_TEXT)
    return fig


def plain_html(text) -> str:
    """``text`` as literal characters in Plotly's labels, which render a subset of HTML (links among them)."""
    return html.escape(str(text), quote=False)


# A Markdown italic run, as lesson text writes a variable (ui.plain_math): *k*, *Nλ*; never ** or an escaped \*.
ITALIC = re.compile(r"(?<![\\*])\*(?![\s*])([^*\n]+?)(?<![\s\\])\*(?!\*)")


def without_italics(text: str, italic: str = r"\1") -> str:
    r"""Lesson text for a place that draws no Markdown (a menu, a chart's label): each italic run replaced by
    ``italic`` (the run itself by default; ``r"<i>\1</i>"`` for Plotly), ``\*`` by ``*``."""
    return ITALIC.sub(italic, text).replace("\\*", "*")


PRESENTER_SCALE = 1.35  # presenter mode: charts this much taller, their text this much larger


def enlarge(fig: go.Figure, factor: float = PRESENTER_SCALE) -> go.Figure:
    """Presenter mode: the same figure taller, with larger text (for a projector at the back of a room)."""
    height = fig.layout.height or 380
    size = round(FONT_SIZE * factor)
    fig.update_layout(height=int(height * factor), font=dict(size=size), title_font_size=round(size * 1.15),
                      legend_font_size=size)
    # Explicit sizes: a chart theme (e.g. Streamlit's) may set tick and axis-title fonts of its own.
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_annotations(font_size=size)
    margin = fig.layout.margin  # the figure's own margins hold labels (the network's layers): larger too
    fig.update_layout(margin={side: round(getattr(margin, side) * factor) for side in "tblr"
                              if getattr(margin, side) is not None})
    return fig


def guess_trace(x, value: float, label: str) -> go.Scatter:
    """The learner's guess as a trace of its own: a dotted line at ``value`` over ``x``, named ``label``."""
    x = list(x)
    return go.Scatter(x=x, y=[value] * len(x), mode="lines", name=label, hoverinfo="name",
                      line=dict(color=COLORS["guess"], width=2, dash="dot"))
