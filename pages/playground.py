"""Playground: every control, your own CSV data, a shareable link that reproduces the run, exports."""

import streamlit as st

from core.export import data_fingerprint
from core.run_settings import data_options, fit_to_data, model_params
from ui import playground_state as state
from ui.lesson import load_lesson, questions, show
from ui.pickers import cached_dataset
from ui.playground_controls import (
    CSV,
    architecture_controls,
    current_values,
    data_controls,
    presenter_toggle,
    training_controls,
)
from ui.playground_export import downloads, importer, snapshot
from ui.playground_upload import csv_dataset, csv_title, preview, uploader
from ui.playground_views import live_views, pca_summary
from ui.trainer import live_training
from viz.network import network_figure

PAGE = state.PAGE
PRESENTER_CSS = """<style>
[data-testid="stMarkdown"] p, [data-testid="stMarkdown"] li { font-size: 1.35rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem; }
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p { font-size: 1.25rem; }
[data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p { font-size: 3rem; }
</style>"""

L = load_lesson(PAGE)
state.init()
state.keep()
title, toggle = st.columns([3, 1], vertical_alignment="center")
with toggle:
    presenter = presenter_toggle()
if presenter:
    st.html(PRESENTER_CSS)
title.title(L.title)
if not presenter:
    show(L, "intro")
if state.link_notes():
    with st.container(border=True):
        st.warning("Some settings in this link could not be used as given:\n\n"
                   + "\n".join(f"- {n}" for n in state.link_notes()), icon=":material/link_off:")
        st.button("Dismiss", key="playground_dismiss", on_click=state.dismiss_notes)

col_data, col_arch, col_train = st.columns(3, border=True)
with col_data:
    st.subheader("Data")
    chosen = data_controls(csv_title())
    if chosen["data"] == CSV:
        dataset = csv_dataset().rescaled(data_options(chosen)["scale"])
    else:
        dataset = cached_dataset(chosen["data"], **data_options(chosen))
    st.caption(dataset.description)
    if not presenter:
        with st.expander("Use your own CSV file", expanded=csv_title() is not None):
            uploader()
N, D = dataset.X.shape
with col_arch:
    st.subheader("Architecture")
    arch = architecture_controls(N, D, presenter)
with col_train:
    st.subheader("Training")
    train = training_controls(N, presenter)

values, data_notes = fit_to_data(current_values({**chosen, **arch, **train}), D, N)
for note in data_notes:
    st.info(note, icon=":material/info:")
state.write_link(values, include_data=values["data"] != CSV)
params = model_params(values)
k = values["code"]
layers = [D, *params["hidden_layer_sizes"], *reversed(params["hidden_layer_sizes"][:-1]), D]
with st.expander(f"The network: {' → '.join(map(str, layers))}", expanded=not presenter):
    st.plotly_chart(network_figure(layers, activations=[values["act"]] * (len(layers) - 2) + [values["out"]],
                                   height=300), width="stretch", config={"displayModeBar": False})

if not presenter:
    show(L, "controls")
pca = pca_summary(dataset.X, k)
floor = float(pca["floors"][k])
data_key = (f"csv/{data_fingerprint(dataset.X)}" if values["data"] == CSV else values["data"]) + f"/{values['scale']}"
state.log_before_training(st.session_state["runs"], PAGE, params, data_key)
state.restart_generator_on_new_length(st.session_state["runs"], PAGE, values["epochs"])
run = live_training(PAGE, dataset.X, params, data_key=data_key, epochs=values["epochs"], reference=floor,
                    reference_label=f"PCA optimum (k = {k})", live=live_views(dataset, k, floor, pca,
                                                                              presenter=presenter))
log = state.log_after_training(run)

if values["data"] == CSV and not presenter:
    st.subheader("Your file")
    preview(csv_dataset())

st.header("Share and export")
if not presenter:
    show(L, "link")
st.caption("The address bar holds every setting on this page. An uploaded file is **not** part of the link: "
           "whoever opens it gets the built-in dataset.")
spec = None if values["data"] == CSV else {"name": values["data"], **data_options(values)}
snap = snapshot(run, log, spec) if run.epoch > 0 and run.status != "training" else None
downloads(snap, training=run.status == "training")
if not presenter:
    show(L, "export")
    importer()
    show(L, "presenter")
    show(L, "try")
questions(L)
