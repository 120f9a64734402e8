"""What several pages load or build once per server with ``st.cache_data``: datasets, PCA baselines, static
figures. Nothing per learner is cached here (a learner's model lives in ``st.session_state``).
"""

import numpy as np
import streamlit as st

from analysis.baseline import Baseline, pca_baseline
from core import load_dataset
from core.activations import ACTIVATIONS
from viz.activations import activation_figure
from viz.network import network_figure


@st.cache_data(show_spinner=False, max_entries=64)
def dataset(name: str, **options):
    """``core.load_dataset``: the same name and options load once per server."""
    return load_dataset(name, **options)


@st.cache_data(show_spinner=False, max_entries=64)
def baseline(X: np.ndarray, k: int) -> Baseline:
    """PCA with k components on X (N, D): fitted once per data and k."""
    return pca_baseline(X, k)


@st.cache_data(show_spinner=False, max_entries=64)
def network_chart(layers: tuple[int, ...], activations: tuple[str, ...], height: int = 360, title: str | None = None):
    """The network diagram for these layer sizes and activation names."""
    labels = [ACTIVATIONS[a].label if a in ACTIVATIONS else a for a in activations]
    return network_figure(list(layers), activations=labels, height=height, title=title)


@st.cache_data(show_spinner=False, max_entries=16)
def activation_chart(selected: str):
    """The registry's activations and derivatives, ``selected`` highlighted."""
    return activation_figure(ACTIVATIONS, selected)
