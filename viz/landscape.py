"""The loss landscape of the smallest linear autoencoders as maps: L(w) of the tied 2 → 1 → 2 network with its
critical points named and the learner's run on it, and L(w, v) of the untied 1 → 1 → 1 one with its valley."""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from viz.style import COLORS, layout_dict

# One look per kind of critical point, the same on both maps: symbol, fill, what the legend calls it.
MARKS = {
    "minimum": ("star", "#FFFFFF", "minimum"),
    "saddle": ("x", COLORS["pca"], "saddle"),
    "maximum": ("triangle-up", COLORS["reference"], "maximum"),
    "flat": ("circle-open", "#FFFFFF", "flat point"),
}
PLURALS = {"minimum": "minima", "saddle": "saddles", "maximum": "maxima", "flat": "flat points"}
COLORSCALE = "Viridis"
LEVELS = 16  # contour lines between the lowest point and the colour scale's top


def _surface(ticks, Z, top: float, *, x: str, y: str, name: str) -> go.Contour:
    """The loss as filled contours; every point of it can be clicked (plotly reports the nearest grid point)."""
    low = float(np.nanmin(Z))
    return go.Contour(
        x=ticks, y=ticks, z=np.asarray(Z, np.float32), zmin=low, zmax=top, zauto=False, colorscale=COLORSCALE,
        contours=dict(coloring="heatmap", start=low, end=top, size=(top - low) / LEVELS, showlines=True),
        line=dict(width=0.6, color="rgba(255,255,255,0.45)"), name=name, showlegend=False,
        showscale=False,  # a colour bar would take a third of a phone's width; hover and the table give values
        hovertemplate=f"{x} %{{x:.2f}}, {y} %{{y:.2f}}<br>{name} %{{z:.3f}}<extra></extra>",
    )


def _marks(kind: str, points: np.ndarray, label: str | None = None) -> go.Scatter:
    symbol, fill, name = MARKS[kind]
    points = np.atleast_2d(points)
    return go.Scatter(x=points[:, 0], y=points[:, 1], mode="markers", name=label or name,
                      marker=dict(symbol=symbol, size=17, color=fill, line=dict(width=2, color="#000000")),
                      hovertemplate=f"{label or name}<br>(%{{x:.3f}}, %{{y:.3f}})<extra></extra>")


def _square(fig: go.Figure, radius: float, x: str, y: str, legend_y: float = -0.2) -> None:
    fig.update_xaxes(title_text=x, range=[-radius, radius], constrain="domain", zeroline=False, showgrid=False)
    fig.update_yaxes(title_text=y, range=[-radius, radius], scaleanchor="x", constrain="domain", zeroline=False,
                     showgrid=False)
    # The legend under the map: beside it, it would squeeze the map on a phone.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=legend_y, xanchor="left", x=0),
                      margin=dict(l=40, r=10, b=40), clickmode="event", hovermode="closest", dragmode=False)


def tied_map(ticks: np.ndarray, Z: np.ndarray, points: Sequence, *, path: np.ndarray | None = None,
             now: np.ndarray | None = None, title: str | None = None, height: int = 540,
             uirevision: str | None = None) -> go.Figure:
    """L(w) over the plane of w = (w₁, w₂): ``ticks`` (n,) both axes, ``Z`` (n, n) with rows along w₂.

    ``points`` are `analysis.landscape.CriticalPoint`s (marked and named by kind); ``path`` (m, 2) the run's w from
    its start (drawn as a line, its start as a square); ``now`` (2,) the network's w at this moment.
    """
    top = 2 * max(p.loss for p in points)  # the maximum's height, twice: the far corners would wash out the rest
    fig = go.Figure(_surface(ticks, Z, top, x="w₁", y="w₂", name="L(w)"))
    for kind in MARKS:
        chosen = [p for p in points if p.name == kind]
        if chosen:
            where = "at 0" if chosen[0].where == "0" else f"±{chosen[0].where[1:]}"
            fig.add_trace(_marks(kind, np.array([p.w for p in chosen]),
                                 f"{PLURALS[kind] if len(chosen) > 1 else MARKS[kind][2]} {where}"))
    fig.add_traces(run_traces(path, now))
    fig.update_layout(**layout_dict(height=height, title=title), uirevision=uirevision)
    _square(fig, float(ticks[-1]), "w₁", "w₂")
    return fig


def run_traces(path: np.ndarray | None, now: np.ndarray | None) -> list[dict]:
    """The run on the map as plain trace dicts (no validation: built on every redraw): its ``path`` (m, 2) as a line
    with its start as a square, and the network's w ``now`` (2,) as a dot. Empty parts are left out."""
    traces = []
    if path is not None and len(path):
        outline = dict(width=2, color="#000000")
        traces += [dict(type="scatter", x=path[:, 0], y=path[:, 1], mode="lines", name="the run's path",
                        line=dict(color="#000000", width=3), hoverinfo="skip"),
                   dict(type="scatter", x=path[:1, 0], y=path[:1, 1], mode="markers", name="start",
                        marker=dict(symbol="square", size=13, color="#FFFFFF", line=outline),
                        hovertemplate="start (%{x:.3f}, %{y:.3f})<extra></extra>")]
    if now is not None:
        traces.append(dict(type="scatter", x=[float(now[0])], y=[float(now[1])], mode="markers",
                           name="the network now",
                           marker=dict(size=15, color=COLORS["ae"], line=dict(width=2, color="#FFFFFF")),
                           hovertemplate="the network's w (%{x:.3f}, %{y:.3f})<extra></extra>"))
    return traces


def with_run(base: dict, path: np.ndarray | None, now: np.ndarray | None) -> str:
    """The JSON of ``base`` (``tied_map(...).to_plotly_json()``, built once) with the run's traces added: a redraw
    costs the run's traces, not the surface's validation (a whole `tied_map` takes ~0.2 s)."""
    return to_json_plotly({"data": [*base["data"], *run_traces(path, now)], "layout": base["layout"]})


def untied_map(ticks: np.ndarray, Z: np.ndarray, *, saddle_loss: float, valley: tuple | None = None,
               minima: Sequence = (), title: str | None = None, height: int = 460) -> go.Figure:
    """L(w, v) of x ↦ v·w·x over ``ticks`` (n,) both axes, ``Z`` (n, n) rows along v: the saddle at 0, and either
    the ``valley`` (w, v) of minima vw = 1 (no L2) or the isolated ``minima`` [(w, v), ...] (with L2)."""
    fig = go.Figure(_surface(ticks, Z, 2 * saddle_loss, x="w", y="v", name="L(w, v)"))
    if valley is not None:
        fig.add_trace(go.Scatter(x=valley[0], y=valley[1], mode="lines", name="valley of minima, vw = 1",
                                 line=dict(color=COLORS["reference"], width=4, dash="dash"), hoverinfo="skip"))
    isolated = [m for m in minima if any(m)]
    fig.add_trace(_marks("saddle" if isolated or valley is not None else "minimum", np.zeros((1, 2)),
                         "saddle at 0" if isolated or valley is not None else "the only minimum, 0"))
    if isolated:
        fig.add_trace(_marks("minimum", np.array(isolated), "the two minima, w = v"))
    fig.update_layout(**layout_dict(height=height, title=title))
    _square(fig, float(ticks[-1]), "w (encoder)", "v (decoder)")
    return fig


def critical_rows(points: Sequence) -> list[dict]:
    """The critical points as table rows: name and place ("saddle at +u₂"), w, ‖w‖², the loss there and the Hessian's
    curvatures. Six columns fit a phone's width."""
    return [{"point": f"{p.name} at {p.where}", "w": f"({p.w[0]:+.3f}, {p.w[1]:+.3f})", "‖w‖²": f"{p.w @ p.w:.3f}",
             "L(w)": f"{p.loss:.3f}", "curvatures": ", ".join(f"{c:+.2f}" for c in p.curvatures)}
            for p in points]


def data_figure(X: np.ndarray, eigen: tuple, *, height: int = 330, max_points: int = 120) -> go.Figure:
    """The 2-D data (n, 2) and its principal axes: u₁ and u₂ drawn ±2 standard deviations (√λᵢ) long. At most
    ``max_points`` of the points are drawn (the first: the sample is random), each an SVG element."""
    lam, U = eigen
    shown = X[:max_points]
    name = "data x" if len(shown) == len(X) else f"data x ({len(shown)} of {len(X)})"
    fig = go.Figure(go.Scatter(x=shown[:, 0], y=shown[:, 1], mode="markers", name=name,
                               marker=dict(size=5, color=COLORS["data"], opacity=0.6), hoverinfo="skip"))
    for i, color in ((0, COLORS["pca"]), (1, COLORS["code"])):
        end = 2 * np.sqrt(lam[i]) * U[:, i]
        fig.add_trace(go.Scatter(x=[-end[0], end[0]], y=[-end[1], end[1]], mode="lines",
                                 line=dict(color=color, width=4), hoverinfo="skip",
                                 name=f"u{'₁₂'[i]}, λ{'₁₂'[i]} = {lam[i]:.2f}"))
    top = float(np.abs(X).max()) * 1.05
    fig.update_layout(**layout_dict(height=height, title="The data and its principal axes"))
    _square(fig, top, "x₁", "x₂", legend_y=-0.32)
    return fig
