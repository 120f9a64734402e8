"""Lesson 3: the linear autoencoder y = VWx, trained live, reaches PCA's optimum and spans PCA's subspace."""

import streamlit as st

from analysis.linear import axis_cosines, closest_cosines, compare, recover_pca_axes
from core.network import layer_sizes
from ui.cached import baseline, network_chart
from ui.classroom import chart
from ui.lesson import load_lesson, question, questions, show
from ui.live_trainer import live_training
from ui.prediction import numeric_guess, run_outcome
from ui.text import counted
from ui.widgets import gap_row, k_slider, param_input, subspace_data_picker
from viz.images import image_grid
from viz.latent import codes_figure, nice_symmetric_range
from viz.style import CHART

PAGE = "linear_autoencoder"
EPOCHS = 300  # long enough to see the flat part after the fall onto PCA's line
SETTLED = 100  # epochs after which a run has had time to settle (Adam at 0.05 is on PCA's line by about 50)
CODE_POINTS = 400  # every digit's cluster shows; few enough to draw as SVG
N_SHOWN = 10

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

left, right = st.columns(2)
with left:
    data = subspace_data_picker(PAGE, follow="pca")
N, D = data.X.shape
with right:
    k = k_slider(PAGE, D, follow="pca")
    lr = param_input(PAGE, "learning_rate", start=0.05, high=1.0)  # Adam at 0.05: on PCA's line in ~50 epochs
    c1, c2 = st.columns(2)
    optimizer = param_input(PAGE, "optimizer", container=c1)
    seed = param_input(PAGE, "random_state", start=0, key=f"{PAGE}:seed", container=c2)
params = dict(hidden_layer_sizes=(k,), activation="identity", output_activation="identity", optimizer=optimizer,
              learning_rate=lr, batch_size=None, random_state=seed)
pca = baseline(data.X, k)

st.plotly_chart(network_chart(layer_sizes(D, (k,)), ("identity", "identity"), height=300,
                              title=f"The network: {D} → {k} → {D}, identity activations"),
                width="stretch", config=CHART)

show(L, "predict")
settle = question(L, "settle")
guess = numeric_guess(PAGE, "settle", "Your guess: where will the loss J/N settle?", about=f"k = {k} on {data.title}",
                      low=0.0, high=float(round(2 * pca.optima[0], 1)), step=0.1, start=float(round(pca.optima[0], 1)),
                      help="A number on the loss chart's scale; it starts near the loss of an untrained network.",
                      gate=False).guess


def live_numbers(run) -> None:
    """Loss, optimum and gap, the largest principal angle and the code's fit to PCA's; dashes before epoch 1."""
    c = compare(run.model, data.X, pca) if run.epoch > 0 else None
    gap_row(None if c is None else c.loss, pca.optimum, k, extra=(
        ("Largest principal angle", "–" if c is None else f"{c.angle:.2f}°",
         "Between the decoder's k-dimensional subspace and PCA's: 0° means the same subspace."),
        ("Code → PCA code, R²", "–" if c is None else f"{c.r2:.4f}",
         "How well the best affine map turns the network's code into PCA's: 1 is perfectly."),
    ))


show(L, "train")
run = live_training(PAGE, data.X, params, data_key=f"{data.name}/standard", epochs=EPOCHS, reference=pca.optimum,
                    reference_label="PCA optimum J*/N", live=live_numbers, live_header=True,
                    guess=guess and (guess.value, f"your guess = {guess.value:g}"),
                    pace=10)  # the fall onto PCA's line (about 50 epochs) lasts five seconds
outcome, waiting = run_outcome(run, pca.optimum, "PCA's optimum J*/N (the dashed line)", guess, min_epochs=SETTLED)
settle.seen(outcome, waiting)
if guess and outcome:
    st.caption(f"Your guess against the outcome: {outcome}.")
show(L, "why")
# The views of the trained network are drawn when training stops (the trainer reruns the page then).
trained = run.epoch > 0 and run.status != "training"
c = compare(run.model, data.X, pca) if trained else None


def ready() -> bool:
    """Whether the trained network's views can be drawn; if not, say when they will be."""
    if not trained:
        st.info("Train the network (or press **Step**) to see this for your network." if run.epoch == 0
                else "Shown when training pauses or finishes.")
    return trained


show(L, "latent")
if ready():
    color, kind = data.colours()
    ranges = [None, None]
    if k > 1:
        ranges = [tuple(nice_symmetric_range(Z[:, j]) for j in (0, 1)) for Z in (c.codes, pca.codes)]
    chart(codes_figure([("Network's<br>code z", c.codes, ranges[0]), ("PCA's<br>code", pca.codes, ranges[1]),
                        ("Mapped onto<br>PCA's axes", c.mapped, ranges[1])],
                       color, color_kind=kind, max_points=CODE_POINTS))
    st.caption(f"{min(CODE_POINTS, N)} of the {N} samples, the same ones in each panel. R² of the map: {c.r2:.4f}.")

if data.image_shape is not None:
    show(L, "reconstructions")
    if ready():
        rows = [data.to_display(A[:N_SHOWN]) for A in (data.X, pca.reconstructions, run.model.predict(data.X))]
        chart(image_grid(rows, data.image_shape, rows_titles=["original x", "PCA x̂", "network y"],
                         zrange=(0.0, 16.0), title=f"Reconstructions from {counted(k, 'number')}"))
        st.caption(f"Mean squared error over all {N} samples: PCA J*/N = {pca.optimum:.4f}, network J/N = "
                   f"{c.loss:.4f}. Pixels are shown on their original 0–16 scale.")

show(L, "weights")
if ready():
    axes, _ = recover_pca_axes(c.decoder, data.X)
    shown = min(k, N_SHOWN)
    if data.image_shape is not None:
        chart(image_grid([c.decoder[:shown], axes[:shown], pca.components[:shown]], data.image_shape,
                         rows_titles=["network decoder", "recovered axes", "PCA components"], signed=True,
                         normalize="each", col_titles=[f"{i + 1}" for i in range(shown)],
                         title="Weights as images (red +, blue −)"))
    st.caption("Each raw decoder image against its closest PCA component, |cos|: "
               + ", ".join(f"{v:.3f}" for v in closest_cosines(c.decoder, pca.components)[:N_SHOWN])
               + ". The recovered axes against PCA's components, axis by axis:")
    cos = axis_cosines(axes, pca.components)
    for i, col in enumerate(st.columns(min(k, 5))):
        col.metric(f"Axis {i + 1}: |cos| recovered vs PCA", f"{cos[i]:.4f}")

show(L, "next")
questions(L)
