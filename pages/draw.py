"""Draw your data: put 2-D points on a board; PCA's first axis and an autoencoder's decoder curve follow them live."""

import streamlit as st

from analysis.draw import BOUND, MIN_PCA_POINTS, PRESETS, distance_to_line, pca_line
from analysis.manifold import decoded_curve
from core.activations import ACTIVATIONS
from core.network import layer_sizes
from ui import points_board
from ui.lesson import load_lesson, question, show
from ui.live_trainer import live_training, throttled
from ui.prediction import run_outcome
from ui.state import default
from ui.widgets import gap_row, number, param_input, width_slider
from viz.draw import model_overlay

PAGE = "draw"
EPOCHS = 3000  # long enough to keep drawing while it trains
STEP_EPOCHS = 100
SETTLED = 300  # epochs after which a tanh network has bent its curve along the arc preset
MIN_TRAIN_POINTS = 3

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")
arc_tanh = question(L, "arc_tanh")

# --- the board and PCA on its points ---------------------------------------------------------------------------
P, table_message = points_board.points(PAGE)
line = pca_line(P)
left, right = st.columns([3, 2])
with right:
    default(f"{PAGE}:preset", "arc")
    st.selectbox("Preset", PRESETS, key=f"{PAGE}:preset", help="A ready-made set of points (it replaces yours; Undo "
                 "on the board brings yours back).")
    st.button("Load the preset", key=f"{PAGE}_load", on_click=points_board.load_preset, args=(PAGE,),
              icon=":material/scatter_plot:")
    default(f"{PAGE}:segments", True)
    show_segments = st.toggle("Projection segments", key=f"{PAGE}:segments",
                              help="Each point joined to its projection on PCA's axis: their squared lengths sum "
                                   "to J.")
    show_recon = st.toggle("The network's reconstructions", key=f"{PAGE}:recon",
                           help="Each point's reconstruction by the network, as a hollow blue circle.")
    show(L, "board")
    if line is None:
        st.info(f"Put at least {MIN_PCA_POINTS} points on the board for PCA's axis.", icon=":material/info:")
    else:
        c1, c2 = st.columns(2)
        c1.metric("Points N", len(P))
        c2.metric("PCA's J*/N", number(line.optimum), help="The mean squared length of the grey segments: λ₂.")
        c1.metric("Variance kept", f"{100 * line.kept:.1f} %", help="λ₁ / (λ₁ + λ₂): the share PCA's axis keeps.")
        c2.metric("Axis angle", f"{line.angle:.2f}°", help="The angle of PCA's axis to the horizontal.")
    points_board.write_link(PAGE, P)
with left:
    points_board.board(PAGE, P, line, show_segments=show_segments, curve_on=len(P) >= MIN_TRAIN_POINTS)
with st.expander("The points as a table (for the keyboard)", expanded=bool(table_message)):
    st.caption("Edit a cell, add a row or delete rows; the board follows. Coordinates go from −3 to 3.")
    points_board.table(PAGE, P, table_message)

# --- the autoencoder on the same points -------------------------------------------------------------------------
show(L, "network")
c1, c2, c3 = st.columns(3)
activation = param_input(PAGE, "activation", start="tanh", label="Activation f", container=c1)
width = width_slider(PAGE, "Hidden layer width h", start=16, container=c2)
lr = param_input(PAGE, "learning_rate", start=0.01, high=1.0, container=c3)
st.markdown(f"Network **{' → '.join(map(str, layer_sizes(2, (width, 1))))}**, "
            f"{ACTIVATIONS[activation].label} on both hidden layers and the code.")


def overlay(run) -> tuple[dict, str]:
    """The network's curve and reconstructions for the board, and the curve's largest distance from PCA's line."""
    if run.epoch == 0 or not hasattr(run.model, "coefs_"):
        return model_overlay(None, bound=BOUND, run=str(id(run))), "–"
    curve = decoded_curve(run.model, P)
    recon = run.model.predict(P) if show_recon else None
    return (model_overlay(curve, recon, bound=BOUND, run=str(id(run))),
            number(float(distance_to_line(curve, line).max())))


def live_views(run) -> None:
    view, far = throttled(f"{PAGE}_overlay", run, lambda: overlay(run), 0.25)
    gap_row(run.loss, line.optimum, 1, extra=(("Curve off PCA's line", far,
                                               "The largest distance of the decoder curve from PCA's axis: 0 when "
                                               "the network's curve is PCA's line."),))
    points_board.feed(view)


if len(P) < MIN_TRAIN_POINTS:
    st.info(f"Put at least {MIN_TRAIN_POINTS} points on the board to train the network.", icon=":material/info:")
    run = None
else:
    run = live_training(
        PAGE,
        P,
        dict(hidden_layer_sizes=(width, 1), activation=activation, optimizer="adam", learning_rate=lr,
             batch_size=None, random_state=0),
        data_key=f"points/{hash(P.tobytes())}",
        epochs=EPOCHS,
        reference=line.optimum,
        reference_label="PCA's J*/N",
        live=live_views,
        step_epochs=STEP_EPOCHS,
        pace=100,  # the arc's curve forms over a few seconds
        live_header=True,
        follow_data=True,
    )
if activation != "tanh":
    arc_tanh.seen(None, "This prediction is about a tanh network: choose tanh above, then press **Train**.")
elif run is None:
    arc_tanh.seen(None, f"Put at least {MIN_TRAIN_POINTS} points on the board, then press **Train**.")
else:
    arc_tanh.seen(*run_outcome(run, line.optimum, "PCA's J*/N (the dashed line)", min_epochs=SETTLED))

show(L, "summary")
