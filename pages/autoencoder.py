"""Lesson 1: the network's target output is its input; the architecture x -> z = f(Wx) -> y = g(Vz)."""

import streamlit as st

from core.network import layer_sizes, parameter_count
from ui.cached import dataset
from ui.charts import chart, network_diagram
from ui.lesson import load_lesson, questions, show
from ui.live_trainer import live_training
from ui.widgets import k_slider, param_input
from viz.images import image_grid

PAGE = "autoencoder"
N_SHOWN = 8

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

show(L, "architecture")
digits = dataset("digits", scale="minmax")
D = digits.n_features
left, right = st.columns([1, 2])
with left:
    k = k_slider(PAGE, D, label="Code size k (units in the bottleneck)")
    activation = param_input(PAGE, "activation", label="Activation f of the code")
    layers = layer_sizes(D, (k,))
    st.markdown(f"$x \\in \\mathbb{{R}}^{{{D}}} \\;\\to\\; z \\in \\mathbb{{R}}^{{{k}}} \\;\\to\\; "
                f"y \\in \\mathbb{{R}}^{{{D}}}$")
    st.markdown(f"- $W$ is **{k} × {D}**, $b$ has {k} entr{'y' if k == 1 else 'ies'}\n- $V$ is **{D} × {k}**, "
                f"$c$ has {D} entr{'y' if D == 1 else 'ies'}\n- {parameter_count(layers):,} numbers to learn in all")
with right:
    network_diagram(layers, (activation, "identity"), height=400)
show(L, "shapes")

show(L, "training")


def reconstructions(run) -> None:
    """Live: a few digits (top) and what the network makes of them (bottom)."""
    x = run.X[:N_SHOWN]
    chart(image_grid([x, run.model.predict(x)], digits.image_shape, rows_titles=["input x", "output y"],
                     zrange=(0.0, 1.0), title=f"Copies through a {k}-number code", height=260), key=f"{PAGE}_recon")


live_training(
    PAGE,
    digits.X,
    dict(hidden_layer_sizes=(k,), activation=activation, optimizer="adam", learning_rate=0.01,
         batch_size=None, random_state=0),
    data_key="digits/minmax",
    epochs=600,
    pace=30,  # the digits sharpen over the first hundred epochs: three seconds, a dozen redraws
    live=reconstructions,
)

show(L, "unsupervised")
show(L, "pca")
questions(L)
