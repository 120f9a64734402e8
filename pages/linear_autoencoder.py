"""Lesson 3: the linear autoencoder y = VWx, trained live, reaches PCA's optimum and spans PCA's subspace."""

import streamlit as st

from ui.lesson import load_lesson, question, questions, show
from ui.linear_ae_parts import EPOCHS, PAGE, codes, controls, live_view, reconstructions, weights
from ui.pca_parts import data_picker, pca_result
from ui.trainer import live_training
from viz.network import network_figure

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

left, right = st.columns(2)
with left:
    data = data_picker(PAGE)
N, D = data.X.shape
with right:
    params = controls(D)
k = params["hidden_layer_sizes"][0]
pca = pca_result(data.name, k)

st.plotly_chart(
    network_figure([D, k, D], activations=["identity", "identity"], height=300,
                   title=f"The network: {D} → {k} → {D}, identity activations"),
    width="stretch", config={"displayModeBar": False},
)

show(L, "predict")
question(L, "settle")

show(L, "train")
run = live_training(
    PAGE,
    data.X,
    params,
    data_key=f"{data.name}/standard",
    epochs=EPOCHS,
    reference=pca.optimum,
    reference_label="PCA optimum J*/N",
    live=live_view(data.X, pca),
    live_header=True,
)

show(L, "why")


def trained_view(draw) -> None:
    """Draw a view of the trained network, or say when it will appear."""
    if run.epoch == 0:
        st.info("Train the network (or press **Step**) to see this for your network.")
    elif run.status == "training":
        # Drawn once training stops (the trainer reruns the page then): redrawing every tick would slow it.
        st.info("Shown when training pauses or finishes.")
    else:
        draw(data, run.model, pca)


show(L, "latent")
trained_view(codes)
if data.image_shape is not None:
    show(L, "reconstructions")
    trained_view(reconstructions)
show(L, "weights")
trained_view(weights)

show(L, "next")
questions(L)
