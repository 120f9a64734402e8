"""Playground: every control, your own CSV data, a shareable link that reproduces the run, exports."""

import streamlit as st

from analysis.manifold import decoded_curve
from core.network import layer_sizes
from playground_kit import session
from playground_kit.export import data_fingerprint
from playground_kit.files import csv_file, csv_preview, csv_uploader, downloads, snapshot, weights_importer
from playground_kit.settings import SETTINGS, data_options, fit_to_data, model_params
from ui.cached import baseline, dataset
from ui.charts import chart, network_diagram
from ui.classroom import presenting
from ui.lesson import load_lesson, on_demand, questions, show
from ui.live_plot import live_plotly_chart
from ui.live_trainer import growing_ranges, live_training, throttled
from ui.text import plain
from ui.widgets import gap_row
from viz.latent import latent_figure
from viz.network import network_caption
from viz.pca import code_caption
from viz.reconstruction import data_space_figure, spread_rows
from viz.style import CHART

PAGE = session.PAGE
MAX_POINTS = 1500  # of the code plots

L = load_lesson(PAGE)
session.init()
presenter = presenting()  # the sidebar's switch: advanced controls and the longer texts are hidden
st.title(L.title)
if not presenter:
    show(L, "intro")
if session.link_notes():
    with st.container(border=True):
        st.warning("Some settings in this link could not be used as given:\n\n"
                   + "\n".join(f"- {plain(n)}" for n in session.link_notes()), icon=":material/link_off:")
        st.button("Dismiss", key="playground_dismiss", on_click=session.dismiss_notes)

csv_name, csv_data = csv_file()
drawn = {}
col_data, col_arch, col_train = st.columns(3, border=True)
with col_data:
    st.subheader("Data")
    drawn.update(data=session.setting_input("data", csv_title=csv_name), scale=session.setting_input("scale"))
    scale = data_options(drawn)["scale"]
    data = csv_data.rescaled(scale) if drawn["data"] == session.CSV else dataset(drawn["data"], scale=scale)
    st.caption(plain(data.description))
    if not presenter:  # the uploader is drawn once opened: the page stays light (bench/page_load.py)
        on_demand("Use your own CSV file", f"{PAGE}_csv_box", csv_uploader, expanded=csv_name is not None)
N, D = data.X.shape
INPUTS = {"Architecture": ("code", "act", "hidden", "out", "tied"),
          "Training": ("lr", "epochs", "opt", "batch", "l2", "dropout", "noise", "seed")}
for column, (heading, names) in zip((col_arch, col_train), INPUTS.items(), strict=True):
    with column:
        st.subheader(heading)
        for name in names:
            if not (presenter and SETTINGS[name].advanced):  # hidden in presenter mode, their values kept
                drawn[name] = session.setting_input(name, n_samples=N, n_features=D)

values, data_notes = fit_to_data(session.current_values(drawn), D, N)
for note in data_notes:
    st.info(note, icon=":material/info:")
session.write_link(values, include_data=values["data"] != session.CSV)
params, k = model_params(values), values["code"]
layers = layer_sizes(D, params["hidden_layer_sizes"])


def network_view() -> None:
    network_diagram(layers, (values["act"],) * (len(layers) - 2) + (values["out"],), height=300)
    st.caption(network_caption(layers))


# The layer sizes are in the label; the picture is drawn once opened, and stays open as the sizes change.
on_demand(f"The network: {' → '.join(map(str, layers))}", f"{PAGE}_network_box", network_view)

if not presenter:
    show(L, "controls")
pca = baseline(data.X, k)
color, kind = data.colours()
rows = spread_rows(N, 8 if data.image_shape else 3)


def styled(fig, *, side_legend: bool = False):
    if side_legend:  # class legends beside the plot: on top they collide with the title
        fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, xanchor="left", x=1.02))
    return fig


pca_code = styled(latent_figure(pca.codes, color, color_kind=kind, max_points=MAX_POINTS, height=420,
                                title="PCA code (first principal components)", axis_labels=("PC 1", "PC 2")),
                  side_legend=True)


def live_views(run) -> None:
    gap_row(run.loss, pca.optimum, k)
    Z = run.model.transform(run.X)
    left, right = st.columns(2)
    with left:
        live_plotly_chart(styled(latent_figure(
            Z, color, color_kind=kind, ranges=growing_ranges(f"{PAGE}_code", run, Z), max_points=MAX_POINTS,
            title=f"Autoencoder code z (epoch {run.epoch})", uirevision=f"{PAGE}_ae_code", height=420),
            side_legend=True), key=f"{PAGE}_ae_code", config=CHART)
    with right:
        chart(pca_code, key=f"{PAGE}_pca_code")
        st.caption(code_caption(pca.eigenvalues, min(MAX_POINTS, N), N, axes=min(k, 2)))
    if k > 2:
        st.caption(f"The plots show the first 2 of the {k} code units.")
    live_plotly_chart(throttled(f"{PAGE}_recon", run, lambda: styled(data_space_figure(
        data, pca.reconstructions, run.model.predict(run.X), rows=rows, Z_pca=pca.codes,
        curve=decoded_curve(run.model, run.X) if D == 2 and k == 1 else None, title="Reconstructions",
        uirevision=f"{PAGE}_recon"), side_legend=D == 2)), key=f"{PAGE}_recon", config=CHART)


data_key = (f"csv/{data_fingerprint(data.X)}" if values["data"] == session.CSV else values["data"]) + f"/{scale}"
session.log_before_training(st.session_state["runs"].get(PAGE), params, data_key)
run = live_training(PAGE, data.X, params, data_key=data_key, epochs=values["epochs"], reference=pca.optimum,
                    reference_label=f"PCA optimum (k = {k})", live=live_views, pace=50)
log = session.log_after_training(run)

if values["data"] == session.CSV and not presenter:
    st.subheader("Your file")
    csv_preview(csv_data)

st.header("Share and export")
if not presenter:
    show(L, "link")
st.caption("The address bar holds every setting on this page. An uploaded file is **not** part of the link: "
           "whoever opens it gets the built-in dataset.")
spec = None if values["data"] == session.CSV else {"name": values["data"], **data_options(values)}
snap = snapshot(run, log, spec) if run.history and run.status != "training" else None
downloads(snap, training=run.status == "training")
if not presenter:
    show(L, "export")
    on_demand("Import weights", f"{PAGE}_import_box", weights_importer)
    show(L, "presenter")
    show(L, "try")
questions(L)
