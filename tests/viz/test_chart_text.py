"""Every chart's text reads at 4.5:1 or more (WCAG 2.1 AA), as the learner's browser draws it.

``st.plotly_chart`` (theme="streamlit") merges its theme into each figure's ``layout.template.layout``
(Streamlit 1.67, PlotlyChart.js: lodash ``merge``, so the theme's values replace the template's), and the live
charts merge ``ui.live_plot.STREAMLIT_LOOK`` the same way. A figure's own layout values win over both. The
resolver below follows Plotly's rules for the colours that matter: a text element's own colour, else the
template's, else the layout's font colour (itself the layout's, else the template's); the same for backgrounds.
Both of Streamlit's themes are checked: this app's config offers only its light one (one custom theme, no theme
menu), but the charts carry their own background and text, so a dark theme would not change them.
"""

import copy
import re

import numpy as np
import pytest

from core.activations import ACTIVATIONS
from tests.viz.colour_science import contrast
from ui.live_plot import STREAMLIT_LOOK
from viz import (
    activations,
    classifiers,
    correlation,
    dimensions,
    gradcheck,
    images,
    l2_axes,
    landscape,
    latent,
    manifold,
    network,
    pca,
    projection,
    reconstruction,
    regularization,
    stacking,
    training,
)

# What Streamlit 1.67 writes into every st.plotly_chart's template (PlotlyChart.js, the function that builds the
# theme's layout): fadedText for fonts, ticks, axis titles and the hover label; bodyText for legend entries;
# its background. Light theme: gray70, gray90, white; dark: gray30, gray10 and the dark background.
STREAMLIT = {
    "light": ("#808495", "#262730", "#FFFFFF"),
    "dark": ("#E6EAF1", "#FAFAFA", "#0E1117"),
}


def streamlit_theme(name: str) -> dict:
    faded, body, bg = STREAMLIT[name]
    axis = {"tickfont": {"color": faded}, "title": {"font": {"color": faded}}}
    return {"font": {"color": faded}, "legend": {"font": {"color": body}, "title": {"font": {"color": faded}}},
            "paper_bgcolor": bg, "plot_bgcolor": bg, "xaxis": axis, "yaxis": copy.deepcopy(axis),
            "hoverlabel": {"bgcolor": bg, "font": {"color": faded}},
            "coloraxis": {"colorbar": {"tickfont": {"color": faded}, "title": {"font": {"color": faded}}}}}


def merge(target: dict, source: dict) -> dict:
    for k, v in source.items():
        if isinstance(v, dict):
            merge(target.setdefault(k, {}) if isinstance(target.get(k), dict) else target.setdefault(k, {}), v)
        else:
            target[k] = v
    return target


def get(node, path: str):
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def hex_colour(colour: str, under: str = "#FFFFFF") -> str:
    """A CSS colour as '#RRGGBB'; a translucent rgba() is composited over ``under``."""
    colour = colour.strip()
    if colour.lower() in ("white",):
        return "#FFFFFF"
    if colour.lower() in ("black",):
        return "#000000"
    if colour.startswith("#"):
        h = colour[1:]
        return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h[:6]).upper()
    m = re.match(r"rgba?\(([^)]*)\)", colour)
    assert m, f"unexpected colour {colour!r}"
    parts = [float(p) for p in m.group(1).split(",")]
    alpha = parts[3] if len(parts) > 3 else 1.0
    base = [int(hex_colour(under)[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(alpha * p + (1 - alpha) * b) for p, b in zip(parts[:3], base)]
    return "#" + "".join(f"{v:02X}" for v in mixed)


def text_colours(fig, theme: dict) -> list[tuple[str, str, str]]:
    """(where, text colour, background) for every piece of text a figure draws, after ``theme`` is merged into
    its template as Streamlit does."""
    spec = fig.to_plotly_json()
    layout = spec["layout"]
    tpl = merge(copy.deepcopy(get(layout, "template.layout") or {}), theme)

    def resolve(path: str, template_path: str | None = None):
        own = get(layout, path)
        return own if own is not None else get(tpl, template_path or path)

    font = resolve("font.color") or "#444444"
    paper = hex_colour(resolve("paper_bgcolor") or "#FFFFFF")
    plot = hex_colour(resolve("plot_bgcolor") or "#FFFFFF", paper)
    out = []
    if get(layout, "title.text"):
        out.append(("title", resolve("title.font.color") or font, paper))
    for key in [k for k in layout if re.fullmatch(r"[xy]axis\d*", k)]:
        axis, generic = layout[key], key[0] + "axis"
        if axis.get("visible") is False:
            continue
        if axis.get("showticklabels") is not False:
            tick = get(axis, "tickfont.color") or get(tpl, f"{generic}.tickfont.color") or font
            out.append((f"{key} ticks", tick, paper))
        if get(axis, "title.text"):
            title = get(axis, "title.font.color") or get(tpl, f"{generic}.title.font.color") or font
            out.append((f"{key} title", title, paper))
    if layout.get("showlegend") is not False and any(t.get("showlegend") is not False for t in spec["data"]):
        bg = hex_colour(get(layout, "legend.bgcolor") or paper, paper)
        out.append(("legend", resolve("legend.font.color") or font, bg))
        if get(layout, "legend.title.text"):
            out.append(("legend title", resolve("legend.title.font.color") or font, bg))
    hover_bg = resolve("hoverlabel.bgcolor")
    if hover_bg:  # without one, Plotly picks a contrasting label colour itself
        out.append(("hover", resolve("hoverlabel.font.color") or font, hex_colour(hover_bg)))
    for i, ann in enumerate(layout.get("annotations", [])):
        if ann.get("text"):
            out.append((f"annotation {i}", get(ann, "font.color") or font, hex_colour(ann.get("bgcolor") or paper)))
    for i, trace in enumerate(spec["data"]):
        bar = trace.get("colorbar") or get(trace, "marker.colorbar")
        shows = trace.get("showscale", get(trace, "marker.showscale"))
        if bar is not None and shows is not False:
            out.append((f"trace {i} colorbar", get(bar, "tickfont.color") or font, paper))
        if "text" in trace.get("mode", "") or (trace.get("type") == "bar" and trace.get("textposition") == "outside"):
            out.append((f"trace {i} text", get(trace, "textfont.color") or font, plot))
        elif trace.get("type") == "bar" and trace.get("text") is not None:  # words inside the bar, on its colour
            ink = get(trace, "insidetextfont.color") or get(trace, "textfont.color") or "unset"
            assert ink != "unset", f"trace {i}: Plotly's automatic colour for words in a bar is not always readable"
            out.append((f"trace {i} text in bar", ink, hex_colour(get(trace, "marker.color"))))
    for key in [k for k in layout if k.startswith("scene")]:
        for a in ("xaxis", "yaxis", "zaxis"):
            out.append((f"{key}.{a}", get(layout, f"{key}.{a}.tickfont.color") or font, paper))
    return [(where, hex_colour(colour, bg), bg) for where, colour, bg in out]


def _figures():
    rng = np.random.default_rng(0)
    Z, y = rng.normal(size=(60, 2)), np.repeat(np.arange(3), 20)
    X3 = rng.normal(size=(40, 3))
    lam = np.array([5.0, 3.0, 1.0, 0.5, 0.2])
    history = [{"epoch": e, "loss": 10 / e, "val_loss": 11 / e} for e in range(1, 20)]
    Row = type("Row", (), {})
    rows = []
    for method in ("PCA", "AE"):
        for k in (2, 8):
            r = Row()
            r.method, r.k, r.error, r.accuracy = method, k, 10.0 / k, 0.5 + k / 20
            rows.append(r)
    return {
        "latent class": latent.latent_figure(Z, y, title="code"),
        "latent position": latent.latent_figure(Z, rng.random(60), color_kind="position"),
        "codes": latent.codes_figure([("A", Z, None), ("B", -Z, None)], y),
        "codes position": latent.codes_figure([("A", Z, None)], rng.random(60), color_kind="position"),
        "activations": activations.activation_figure(ACTIVATIONS, "relu"),
        "classifier": classifiers.classifier_figure(["raw", "PCA k=8", "AE k=8"], [0.9, 0.8, 0.85], [0.1, 0.2, 0.3]),
        "quality": classifiers.quality_figure(rows, guess=(80.0, "your guess")),
        "correlation": correlation.correlation_figure([np.eye(3), -np.eye(3)], ["x", "z"]),
        "dimensions": dimensions.dimensions_figure([1, 2, 3], {"PCA": [1.0, 0.5, 0.2]}, elbow=2),
        "gradcheck": gradcheck.gradcheck_figure(["W1", "W2"], [1e-9, 1e-8], [1e-9, 1e-8]),
        "images": images.image_grid([rng.random((3, 4)), rng.random((3, 4))], (2, 2), rows_titles=["in", "out"]),
        "curve 2d": manifold.curve_2d_figure(Z, Z, Z[:, 0], Z),
        "surface 3d": manifold.surface_3d_figure(X3, X3, X3, rng.random(40), title="3-D"),
        "code vs position": manifold.code_vs_position_figure(rng.random(60), {"PCA": Z[:, 0]}),
        "unit health": manifold.unit_health_figure(["h1"], [3], [1], [0]),
        "network": network.network_figure([8, 4, 2, 4, 8], activations=["relu", "identity"] * 2, title="net"),
        "scree": pca.scree_figure(lam, 2, title="scree"),
        "error curve": pca.error_curve_figure(np.array([9.7, 4.7, 1.7, 0.7, 0.2, 0.0]), 2),
        "kept": pca.kept_figure(np.array([0, 0.5, 0.8, 0.9, 0.97, 1.0]), 2, guess=70.0),
        "projection": projection.projection_figure(X3, X3 * 0.9, title="3-D projection"),
        "profile": reconstruction.profile_figure(X3[:2], {"PCA": X3[:2] * 0.9}),
        "regularization": regularization.regularization_figure({"none": [2, 1], "L2": [2, 1.5]},
                                                               {"none": [2.1, 1.2], "L2": [2, 1.6]},
                                                               {"none": 3.0, "L2": 2.0}),
        "stacking": stacking.stacking_figure(np.array([3.0, 2, 1]), 2, 1.5, np.array([1.4, 1.2]), reference=1.0,
                                            title="stacked"),
        "loss curves": training.loss_curves_figure({"sgd": [3, 2, 1], "adam": [3, 1, 0.5]}, reference=0.4,
                                                   reference_label="PCA optimum", title="optimisers"),
        "untied map": landscape.untied_map(np.linspace(-2, 2, 9), rng.random((9, 9)), saddle_loss=1.0,
                                           title="L(w, v)"),
        "singular values (live)": l2_axes.singular_values_figure([0.9, 0.5], [0.95, 0.6]),
        "loss (live)": training.loss_figure(history, epochs=40, reference=0.5, blowup=(19, float("inf")),
                                            guess=(1.0, "your guess"), levels=[(2.0, "saddle")]),
    }


FIGURES = _figures()
# Drawn with the live chart component (ui.live_plot): its look instead of Streamlit's theme.
LIVE = {"loss (live)", "singular values (live)"}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", list(FIGURES))
def test_every_text_on_every_chart_reads_at_4_5_to_1(name, theme):
    look = STREAMLIT_LOOK if name in LIVE else streamlit_theme(theme)
    found = text_colours(FIGURES[name], look)
    assert found, "the resolver found no text"
    poor = [(w, c, bg, round(contrast(c, bg), 2)) for w, c, bg in found if contrast(c, bg) < 4.5]
    assert not poor, poor


def test_the_resolver_sees_streamlits_grey_on_a_figure_without_its_own_colours():
    import plotly.graph_objects as go
    bare = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="a"), layout=dict(title="t", xaxis_title="x"))
    found = dict((w, (c, bg)) for w, c, bg in text_colours(bare, streamlit_theme("light")))
    assert found["xaxis ticks"] == ("#808495", "#FFFFFF") and found["xaxis title"][0] == "#808495"
    assert contrast(*found["xaxis ticks"]) == pytest.approx(3.72, abs=0.01)


def test_the_live_look_takes_its_text_colours_from_the_palette():
    from viz.palette import BACKGROUND, TEXT, TEXT_SOFT
    assert STREAMLIT_LOOK["xaxis"]["tickfont"]["color"] == TEXT_SOFT
    assert STREAMLIT_LOOK["legend"]["font"]["color"] == TEXT and STREAMLIT_LOOK["paper_bgcolor"] == BACKGROUND


def _legend_shown(fig) -> bool:
    return fig.layout.showlegend is not False and sum(t.showlegend is not False and bool(t.name) for t in fig.data) > 1


@pytest.mark.parametrize("name", [n for n, f in FIGURES.items() if f.layout.title.text and _legend_shown(f)])
def test_a_titled_chart_keeps_its_legend_off_the_title(name):
    # A row legend above the plot grows upwards as it wraps on a phone, into the title (tests/browser's
    # unreadable_chart_text): with a title, the legend sits at the foot, under the plot, or beside it.
    legend = FIGURES[name].layout.legend
    above = legend.yref in (None, "paper") and (legend.y is None or legend.y >= 1) and legend.orientation == "h"
    assert not above, (legend.orientation, legend.yref, legend.y)
