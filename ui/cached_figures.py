"""Static figures built once per server with `st.cache_data`: Plotly figures are slow to build, quick to copy."""

import streamlit as st

from core.activations import ACTIVATIONS
from viz.activations import activation_figure
from viz.network import network_figure


@st.cache_data(show_spinner=False, max_entries=64)
def network_chart(layers: tuple[int, ...], activations: tuple[str, ...], height: int = 360):
    """The network diagram for these layer sizes and activation labels."""
    return network_figure(list(layers), activations=list(activations), height=height)


@st.cache_data(show_spinner=False, max_entries=16)
def activation_chart(selected: str):
    """The registry's activations and derivatives, ``selected`` highlighted."""
    return activation_figure(ACTIVATIONS, selected)
