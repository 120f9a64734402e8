"""Lesson 4: nonlinear activations bend the code; where a nonlinear autoencoder beats PCA, and where it cannot."""

import streamlit as st

from core.activations import ACTIVATIONS
from core.layers_spec import mirrored_network, parameter_count
from ui.cached_figures import activation_chart, network_chart
from ui.lesson import load_lesson, question, questions, show
from ui.nonlinear_parts import (CHART, cached_pca, code_size_for, data_space_view, health_view, latent_view,
                                metrics_row)
from ui.pickers import dataset_picker
from ui.state import default
from ui.trainer import live_training
from viz.activations import label

PAGE = "nonlinear"
DATASETS = ["arc", "circle", "s_curve", "swiss_roll", "digits"]
EPOCHS = 1000
STEP_EPOCHS = 100

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

# --- the activations and their derivatives --------------------------------------------------------------
show(L, "activations")
default(f"{PAGE}:activation", "tanh")
activation = st.selectbox("Activation f (every hidden layer, the code included)", list(ACTIVATIONS),
                          key=f"{PAGE}:activation", format_func=label)
st.caption(ACTIVATIONS[activation].description)
st.plotly_chart(activation_chart(activation), width="stretch", key=f"{PAGE}_activation_chart",
                config=CHART)
question(L, "sigmoid_slope")

# --- data and network -------------------------------------------------------------------------------------
show(L, "data")
default(f"{PAGE}:width", 16)
left, right = st.columns([1, 2])
with left:
    data = dataset_picker(PAGE, DATASETS, default="arc")
    D = data.X.shape[1]
    k = code_size_for(D)
    width = st.slider("Hidden layer width h (0 = no hidden layer)", 0, 64, step=4, key=f"{PAGE}:width",
                      help="Units in the extra layer on each side of the code: D → h → k → h → D.")
    sizes = (width, k) if width > 0 else (k,)
    layers = mirrored_network(D, sizes)
    st.markdown(f"Code size **k = {k}** ({D}-D data).  \nNetwork **{' → '.join(map(str, layers))}**, "
                f"{parameter_count(layers):,} weights and biases.")
with right:
    acts = [activation] * (len(layers) - 2) + ["identity"]
    st.plotly_chart(network_chart(tuple(layers), tuple(label(a) for a in acts), height=320),
                    width="stretch", key=f"{PAGE}_network", config=CHART)
show(L, "architecture")

# --- train next to PCA --------------------------------------------------------------------------------------
show(L, "training")
question(L, "identity_line")
pca = cached_pca(data.name, k)
pca_error = pca[0]


def live_views(run) -> None:
    metrics_row(run.loss, pca_error)
    data_space_view(data, run, pca)
    show(L, "latent")
    latent_view(data, run, pca, activation)
    show(L, "dead")
    health_view(run)


live_training(
    PAGE,
    data.X,
    dict(hidden_layer_sizes=sizes, activation=activation, optimizer="adam", learning_rate=0.01,
         batch_size=None, random_state=0),
    data_key=f"{data.name}/standard",
    epochs=EPOCHS,
    reference=pca_error,
    reference_label=f"PCA optimum, k = {k}",
    live=live_views,
    step_epochs=STEP_EPOCHS,
)

show(L, "summary")
questions(L)
