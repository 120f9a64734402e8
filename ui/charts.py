"""How a page draws a chart: every chart of the lessons goes through ``ui.live_plot``'s component, which loads the
lessons' small plotly.js rather than the full one ``st.plotly_chart`` brings (bench/README.md)."""

from ui.cached import network_chart
from ui.live_plot import live_plotly_chart
from viz.style import CHART, STATIC


def chart(figure, *, key: str | None = None, static: bool = False) -> None:
    """A Plotly figure across the column, enlarged in presenter mode; ``static`` for a picture with nothing to hover
    or zoom (the network's layers), which the browser draws faster."""
    live_plotly_chart(figure, key=key, config=STATIC if static else CHART)


def network_diagram(layers, activations, *, height: int = 360, title: str | None = None, key: str | None = None):
    """The network's layers (``ui.cached.network_chart``), drawn static: a diagram has nothing to hover or zoom."""
    chart(network_chart(tuple(layers), tuple(activations), height=height, title=title), key=key, static=True)
