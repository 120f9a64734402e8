"""Lesson 1: the network's target output is its input; the architecture x -> z = f(Wx) -> y = g(Vz)."""

import streamlit as st

from core.activations import ACTIVATIONS
from ui.lesson import load_lesson, questions, show
from ui.pickers import cached_dataset
from ui.state import default
from ui.trainer import live_training
from viz.images import image_grid
from viz.network import network_figure

PAGE = "autoencoder"
N_SHOWN = 8

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

show(L, "architecture")
digits = cached_dataset("digits", scale="minmax")
D = digits.X.shape[1]
default(f"{PAGE}:k", 2)
default(f"{PAGE}:activation", "identity")
left, right = st.columns([1, 2])
with left:
    k = st.slider("Code size k (units in the bottleneck)", 1, 32, key=f"{PAGE}:k")
    activation = st.selectbox("Activation f of the code", list(ACTIVATIONS), key=f"{PAGE}:activation",
                              help="How each code unit bends its input; the output g stays the identity here.")
    st.markdown(f"$x \\in \\mathbb{{R}}^{{{D}}} \\;\\to\\; z \\in \\mathbb{{R}}^{{{k}}} \\;\\to\\; "
                f"y \\in \\mathbb{{R}}^{{{D}}}$")
    st.markdown(f"- $W$ is **{k} × {D}**, $b$ has {k} entries\n- $V$ is **{D} × {k}**, $c$ has {D} entries\n"
                f"- {2 * D * k + k + D:,} numbers to learn in all")
with right:
    st.plotly_chart(network_figure([D, k, D], activations=[activation, "identity"], height=400),
                    width="stretch", config={"displayModeBar": False})
show(L, "shapes")

show(L, "training")


def reconstructions(run) -> None:
    """Live: a few digits (top) and what the network makes of them (bottom)."""
    x = run.X[:N_SHOWN]
    y = run.model.predict(x)
    st.plotly_chart(
        image_grid([x, y], digits.image_shape, rows_titles=["input x", "output y"], zrange=(0.0, 1.0),
                   title=f"Copies through a {k}-number code", height=260),
        width="stretch", key=f"{PAGE}_recon", config={"displayModeBar": False},
    )


live_training(
    PAGE,
    digits.X,
    dict(hidden_layer_sizes=(k,), activation=activation, optimizer="adam", learning_rate=0.01,
         batch_size=None, random_state=0),
    data_key="digits/minmax",
    epochs=600,
    live=reconstructions,
)

show(L, "unsupervised")
show(L, "pca")
questions(L)
