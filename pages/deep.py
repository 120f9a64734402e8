"""Lesson 5: stacking layers into a deep autoencoder; 2-D maps of the digits; greedy layer-wise pre-training."""

import numpy as np
import streamlit as st

from analysis.neighbours import CodeScores
from analysis.stacking import compare_depths_steps
from core.activations import ACTIVATIONS
from core.network import layer_sizes, parameter_count
from core.params import format_layers
from ui.cached import baseline, dataset
from ui.charts import chart, network_diagram
from ui.lesson import load_lesson, question, questions, show
from ui.live_plot import live_plotly_chart
from ui.live_run import too_big
from ui.live_trainer import background_job, live_training, start_job, throttled
from ui.prediction import waiting_for
from ui.widgets import dataset_picker, gap_row, layer_editor, param_input
from viz.latent import bounded_range, latent_figure
from viz.pca import code_caption
from viz.reconstruction import data_space_figure
from viz.stacking import curves_caption, stacking_figure
from viz.style import CHART
from viz.training import loss_curves_figure

PAGE = "deep"
EPOCHS, STEP_EPOCHS = 600, 50
SETTLED = 200  # epochs after which the maps are far enough apart to judge the prediction
PRETRAIN_EPOCHS, FINETUNE_EPOCHS = 60, 200  # per stage, then for the stacked network
TRAIN = dict(optimizer="adam", learning_rate=0.01, batch_size=None, random_state=0)
scorer = st.cache_data(show_spinner=False, max_entries=8)(CodeScores.of)  # the data's neighbour ranks, once

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

# --- the layer editor and the network drawn ------------------------------------------------------------------
show(L, "editor")
left, right = st.columns(2)
with left:
    data = dataset_picker(PAGE, ["digits", "s_curve", "swiss_roll"])
    activation = param_input(PAGE, "activation", start="tanh",
                             label="Activation f (every hidden layer, the code included)")
with right:
    sizes = layer_editor(PAGE, data.n_features)
layers, k = layer_sizes(data.n_features, sizes), sizes[-1]
st.markdown(f"Network **{' → '.join(map(str, layers))}**: {len(layers) - 1} weight matrices, "
            f"{parameter_count(layers):,} weights and biases; code size **{k}**.")
network_diagram(layers, (activation,) * (len(layers) - 2) + ("identity",), key=f"{PAGE}_network")
question(L, "mirror")

# --- train it live next to PCA ----------------------------------------------------------------------------------
show(L, "training")
trust = question(L, "trust")
pca = baseline(data.X, k)
scores = scorer(data.X, data.y if data.y_kind == "class" else None)
pca_trust, pca_knn = scores(pca.codes)
fixed = ACTIVATIONS[activation].bounds
pca_map = st.cache_data(show_spinner=False, max_entries=16)(latent_figure)(
    pca.codes, data.y, color_kind=data.y_kind, title="PCA's 2-D projection", height=440, showlegend=False)


def live_views(run) -> None:
    gap_row(run.loss, pca.optimum, k)
    show(L, "neighbours")
    trust, knn = throttled(f"{PAGE}_scores", run, lambda: scores(run.model.transform(data.X)))
    cols = st.columns(4)
    cols[0].metric(f"T({scores.k}), autoencoder", f"{trust:.3f}", delta=f"{trust - pca_trust:+.3f} vs PCA")
    cols[1].metric(f"T({scores.k}), PCA", f"{pca_trust:.3f}")
    if knn is not None:
        cols[2].metric(f"{scores.k}-NN accuracy, autoencoder", f"{knn:.1%}",
                       delta=f"{100 * (knn - pca_knn):+.1f} points vs PCA")
        cols[3].metric(f"{scores.k}-NN accuracy, PCA", f"{pca_knn:.1%}")
    st.caption(f"Both scores on the same {len(scores.rows)} points (a fixed random subset), k = {scores.k}.")
    left, right = st.columns(2)
    with left:
        chart(pca_map, key=f"{PAGE}_map_pca")
        st.caption(code_caption(pca.eigenvalues, len(data.X), len(data.X), axes=min(k, 2)))
    with right:
        live_plotly_chart(throttled(f"{PAGE}_map", run, lambda: latent_figure(
            run.model.transform(data.X), data.y, color_kind=data.y_kind, title="The deep autoencoder's 2-D code",
            height=440, ranges=(bounded_range(fixed),) * 2 if fixed else None, uirevision=f"{PAGE}_map")),
            key=f"{PAGE}_map_ae", config=CHART)
    show(L, "reconstructions")
    # Three 3-D scenes are heavy for the browser to redraw: refreshed less often than pictures.
    live_plotly_chart(throttled(f"{PAGE}_recon", run, lambda: data_space_figure(
        data, pca.reconstructions, run.model.predict(data.X), rows=np.arange(8), uirevision=f"{PAGE}_recon",
        title=f"Reconstructions from a {k}-number code" + (" (drag to turn)" if data.image_shape is None else "")),
        1.0 if data.image_shape is not None else 2.0), key=f"{PAGE}_recon", config=CHART)


run = live_training(PAGE, data.X, dict(TRAIN, hidden_layer_sizes=sizes, activation=activation),
                    data_key=f"{data.name}/standard", epochs=EPOCHS, reference=pca.optimum,
                    reference_label=f"PCA optimum, k = {k}", live=live_views, step_epochs=STEP_EPOCHS,
                    pace=30)  # below PCA's line after about 100 epochs: three seconds in
if (waiting := waiting_for(run, SETTLED)) is None:
    trust_ae, knn_ae = scores(run.model.transform(data.X))
    score, ae, pca_score = ((f"{scores.k}-NN accuracy", knn_ae, pca_knn) if knn_ae is not None
                            else (f"trustworthiness T({scores.k})", trust_ae, pca_trust))
    trust.seen(f"with {format_layers(sizes)} and {ACTIVATIONS[activation].label} on {data.title}, after {run.epoch} "
               f"epochs the autoencoder's map has {score} {ae:.3f} and PCA's {pca_score:.3f}")
else:
    trust.seen(None, waiting)

# --- stacking, and shallow vs deep ---------------------------------------------------------------------------
show(L, "stacking")
question(L, "greedy")
request = (data.name, sizes, activation)
refused = too_big(data.X, {"hidden_layer_sizes": sizes})
if st.button(f"Run both comparisons for {format_layers(sizes)}, {ACTIVATIONS[activation].label}",
             key=f"{PAGE}_compare", type="primary", disabled=refused is not None, help=refused):
    start_job(f"{PAGE}:comparison", compare_depths_steps(
        data.X, sizes, pretrain_epochs=PRETRAIN_EPOCHS, finetune_epochs=FINETUNE_EPOCHS,
        **dict(TRAIN, activation=activation)), request, shared=True)  # the request names all it depends on
job = background_job(f"{PAGE}:comparison", "Training the stages, the stack and the end-to-end networks")
result = job.result if job is not None and job.status == "finished" else None
if job is not None and job.status == "failed":
    st.error(f"A comparison run diverged: {job.message}", icon=":material/warning:")
elif job is not None and job.status == "paused":
    st.info("Stopped before the end: press the button to run the comparisons again.", icon=":material/info:")
if result is not None:
    name, shown_sizes, shown_activation = job.request
    reference = baseline(dataset(name, scale="standard").X, shown_sizes[-1]).optimum
    if job.request != request:
        st.info(f"These charts are for {format_layers(shown_sizes)} with {ACTIVATIONS[shown_activation].label} on "
                f"{name}; press the button to run them for the current settings.", icon=":material/info:")
    chart(stacking_figure(result.end_to_end, result.pretrain_epochs, result.stacked_loss, result.finetune,
                          reference=reference,
                          title=f"Stacked and fine-tuned vs end to end ({format_layers(shown_sizes)})"),
          key=f"{PAGE}_stacking_chart")
    c1, c2, c3 = st.columns(3)
    c1.metric("End to end, final loss", f"{result.end_to_end[-1]:.3f}")
    c2.metric("Stacked, before fine-tuning", f"{result.stacked_loss:.3f}")
    c3.metric("Pre-trained + fine-tuned, final loss", f"{result.finetune[-1]:.3f}")
    st.caption("Final loss of each pre-training stage on its own input: "
               + ", ".join(f"stage {i + 1}: {v:.3f}" for i, v in enumerate(result.stage_losses)))
elif job is None:
    st.caption("Press the button to train the comparison networks with the settings above (a few seconds).")

show(L, "shallow_vs_deep")
if result is not None:
    chart(loss_curves_figure(result.curves, reference=reference,
                             reference_label=f"PCA optimum, k = {shown_sizes[-1]}",
                             title=f"Same code size, same {result.total_epochs} epochs"), key=f"{PAGE}_depth_chart")
    st.caption(curves_caption(result.curves, reference))
question(L, "shallow_limit")

show(L, "summary")
questions(L)
