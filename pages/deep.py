"""Lesson 5: stacking layers into a deep autoencoder; 2-D maps of the digits; greedy layer-wise pre-training."""

import streamlit as st

from core.activations import ACTIVATIONS
from core.errors import TrainingDiverged
from core.layers_spec import format_layers, mirrored_network, parameter_count
from ui.cached_figures import network_chart
from ui.deep_parts import CHART, comparisons, layer_editor, maps, neighbour_metrics, pca_view, reconstructions
from ui.lesson import load_lesson, question, questions, show
from ui.nonlinear_parts import metrics_row
from ui.pickers import dataset_picker
from ui.state import default
from ui.trainer import live_training
from viz.activations import label
from viz.stacking import stacking_figure
from viz.training import loss_curves_figure

PAGE = "deep"
DATASETS = ["digits", "s_curve", "swiss_roll"]
EPOCHS = 600
STEP_EPOCHS = 50
PRETRAIN_EPOCHS = 60   # per stage
FINETUNE_EPOCHS = 200

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

# --- the layer editor and the network drawn ------------------------------------------------------------------
show(L, "editor")
default(f"{PAGE}:activation", "tanh")
left, right = st.columns(2)
with left:
    data = dataset_picker(PAGE, DATASETS, default="digits")
    D = data.X.shape[1]
    activation = st.selectbox("Activation f (every hidden layer, the code included)", list(ACTIVATIONS),
                              key=f"{PAGE}:activation", format_func=label)
with right:
    sizes = layer_editor(PAGE, D)
layers = mirrored_network(D, sizes)
st.markdown(f"Network **{' → '.join(map(str, layers))}**: {len(layers) - 1} weight matrices, "
            f"{parameter_count(layers):,} weights and biases; code size **{sizes[-1]}**.")
acts = [label(activation)] * (len(layers) - 2) + ["identity"]
st.plotly_chart(network_chart(tuple(layers), tuple(acts)), width="stretch", key=f"{PAGE}_network", config=CHART)
question(L, "mirror")

# --- train it live next to PCA ----------------------------------------------------------------------------------
show(L, "training")
question(L, "trust")
k = sizes[-1]
pca = pca_view(data.name, k)


def live_views(run) -> None:
    metrics_row(run.loss, pca["error"])
    show(L, "neighbours")
    neighbour_metrics(data, run, pca)
    maps(data, run, pca, activation)
    show(L, "reconstructions")
    reconstructions(data, run, pca)


live_training(
    PAGE,
    data.X,
    dict(hidden_layer_sizes=sizes, activation=activation, optimizer="adam", learning_rate=0.01, batch_size=None,
         random_state=0),
    data_key=f"{data.name}/standard",
    epochs=EPOCHS,
    reference=pca["error"],
    reference_label=f"PCA optimum, k = {k}",
    live=live_views,
    step_epochs=STEP_EPOCHS,
)

# --- stacking, and shallow vs deep ---------------------------------------------------------------------------
show(L, "stacking")
question(L, "greedy")
request = (data.name, sizes, activation, PRETRAIN_EPOCHS, FINETUNE_EPOCHS)
if st.button(f"Run both comparisons for {format_layers(sizes)}, {label(activation)} (takes a few seconds)",
             key="deep_compare", type="primary"):
    st.session_state[f"{PAGE}:comparison"] = request
shown = st.session_state.get(f"{PAGE}:comparison")
result = None
if shown is not None:
    try:
        with st.spinner("Training the stages, the stack and the end-to-end networks…"):
            result = comparisons(*shown)
    except TrainingDiverged as exc:
        st.error(f"A comparison run diverged: {exc}", icon=":material/warning:")
    if shown != request:
        st.info(f"These charts are for {format_layers(shown[1])} with {label(shown[2])} on {shown[0]}; press the "
                "button to run them for the current settings.", icon=":material/info:")
if result is not None:
    st.plotly_chart(stacking_figure(result["end_to_end"], result["pretrain"], result["stacked"], result["finetune"],
                                    reference=pca_view(shown[0], shown[1][-1])["error"],
                                    title=f"Stacked and fine-tuned vs end to end ({format_layers(shown[1])})"),
                    width="stretch", key=f"{PAGE}_stacking_chart", config=CHART)
    c1, c2, c3 = st.columns(3)
    c1.metric("End to end, final loss", f"{result['end_to_end'][-1]:.3f}")
    c2.metric("Stacked, before fine-tuning", f"{result['stacked']:.3f}")
    c3.metric("Pre-trained + fine-tuned, final loss", f"{result['finetune'][-1]:.3f}")
    st.caption("Final loss of each pre-training stage on its own input: "
               + ", ".join(f"stage {i + 1}: {v:.3f}" for i, v in enumerate(result["stages"])))
else:
    st.caption("Press the button to train the comparison networks with the settings above.")

show(L, "shallow_vs_deep")
if result is not None:
    st.plotly_chart(loss_curves_figure(result["curves"], reference=pca_view(shown[0], shown[1][-1])["error"],
                                       reference_label=f"PCA optimum, k = {shown[1][-1]}",
                                       title=f"Same code size, same {result['total']} epochs"),
                    width="stretch", key=f"{PAGE}_depth_chart", config=CHART)
question(L, "shallow_limit")

show(L, "summary")
questions(L)
