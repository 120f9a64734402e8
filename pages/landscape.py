"""Lesson 3b: the loss landscape of the smallest linear autoencoder, y = w wᵀx, and the learner's own run on it."""

import streamlit as st

from analysis.landscape import (
    TiedLandscape,
    descent_path,
    gaussian_data,
    nearest,
    network_gradient_norm,
    network_w,
    saddle_starts,
    set_network_w,
    untied_grid,
    untied_minima,
    untied_valley,
)
from ui.charts import chart
from ui.click_map import clickable_map, linked_number, run_from
from ui.lesson import load_lesson, on_demand, question, questions, show
from ui.live_trainer import live_training
from ui.prediction import waiting_for
from viz.landscape import critical_rows, data_figure, tied_map, untied_map, with_run
from viz.style import CHART

PAGE = "landscape"
RADIUS, GRID = 1.5, 61  # the map: w in [-1.5, 1.5]², a point to click every 0.05
EPOCHS = 600  # plain gradient descent at the map's safe rate: long enough to leave a saddle and settle
PACE = 60  # epochs a second: next to the saddle a run lingers ~80 epochs (1.3 s; 5 s at the slow pace)
ss = st.session_state

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

data_col, cloud_col = st.columns(2)
with data_col:
    var1 = linked_number(PAGE, "var1", "Variance λ₁ along the first axis", 0.1, 3.0, 0.1, 2.0)
    var2 = linked_number(PAGE, "var2", "Variance λ₂ across it", 0.1, 3.0, 0.1, 0.5)
    angle = linked_number(PAGE, "angle", "Angle of the first axis (degrees)", 0.0, 175.0, 5.0, 30.0)
    l2 = linked_number(PAGE, "l2", "L2 penalty l2", 0.0, 2.0, 0.05, 0.0,
                       help="The loss adds l2 · ‖w‖² (the tied matrix counted once, as core's loss does).")
X = gaussian_data(var1, var2, angle)
land = TiedLandscape.of(X, l2)
points, lr = land.critical_points(), land.safe_learning_rate(RADIUS)
ticks, _, Z = land.grid(RADIUS, GRID)
starts = saddle_starts(land)
with cloud_col:
    chart(data_figure(X, land.eigen), static=True)


def put(w) -> None:
    ss[f"{PAGE}:w1"], ss[f"{PAGE}:w2"] = float(w[0]), float(w[1])


st.markdown("**Where training starts**: click the map further down, type w, or start on or next to a saddle.")
c1, c2, c3, c4 = st.columns(4, vertical_alignment="bottom")
w1 = linked_number(PAGE, "w1", "Start w₁", -RADIUS, RADIUS, 0.05, -0.2, box=True, container=c1)
w2 = linked_number(PAGE, "w2", "Start w₂", -RADIUS, RADIUS, 0.05, 1.2, box=True, container=c2)
no_saddle = "No saddle on this map: the second direction is switched off (λ₂ ≤ l2/2)."
c3.button("Start on the saddle", key=f"{PAGE}_on_saddle", on_click=put, args=(starts and starts[0],),
          disabled=starts is None, help=no_saddle if starts is None else "Exactly on the saddle +u₂.",
          width="stretch")
c4.button("Start next to it", key=f"{PAGE}_near_saddle", on_click=put, args=(starts and starts[1],),
          disabled=starts is None, help=no_saddle if starts is None else "0.03 from the saddle, along u₁.",
          width="stretch")
start = (w1, w2)
if var1 == var2:
    st.info("With equal variances no direction is better than another: the minima form a whole circle, and "
            "there is no saddle. Make the variances differ to see the picture of the lesson.",
            icon=":material/info:")

show(L, "points")
st.table(critical_rows(points), border="horizontal")
st.caption(f"Eigenvalues of the data's covariance (1/N)XᵀX: λ₁ = {land.eigen[0][0]:.3f}, "
           f"λ₂ = {land.eigen[0][1]:.3f}; a direction switches off when λᵢ ≤ l2/2 = {l2 / 2:.3f}.")

show(L, "predict")
where = question(L, "where")
show(L, "train")
params = dict(hidden_layer_sizes=(1,), tied_weights=True, activation="identity", output_activation="identity",
              optimizer="sgd", learning_rate=lr, batch_size=None, l2=l2, random_state=0)
data_key = f"gauss/{var1:g}/{var2:g}/{angle:g}"
run_from(PAGE, X, params, lambda model: set_network_w(model, start, X), start=start, data_key=data_key,
         epochs=EPOCHS, setup=(l2,))
surface = tied_map(ticks, Z, points, title="The loss L(w), darker is lower, and your run",
                   uirevision=PAGE).to_plotly_json()  # built once: the redraws add only the run to it
steps = descent_path(land, start, lr, EPOCHS)


def live_map(run) -> None:
    """The network's w, the gradient there and the nearest critical point; the map with the run's path."""
    w = network_w(run.model)
    near, distance = nearest(points, w)
    left, right = st.columns([3, 2], vertical_alignment="center")
    right.metric("The network's w", f"({w[0]:+.3f}, {w[1]:+.3f})", help="Its encoder weights; the decoder is wᵀ.")
    right.metric("‖∇L‖ there", f"{network_gradient_norm(run.model, X):.1e}",
                 help="The gradient's length, from core's backpropagation: zero at every critical point.")
    right.metric("Nearest critical point", near.label, help=f"At distance {distance:.4f}.")
    right.caption(f"Plain gradient descent (sgd, all {len(X)} points in every step) at η = {lr:.4f}, a rate that "
                  "cannot overshoot anywhere on the map. The black line is every step from the start; the blue dot "
                  "is the network itself. The loss chart below shows J/N, the map J/N + l2‖w‖².")
    with left:
        path = steps[:run.epoch + 1] if run.epoch <= EPOCHS else descent_path(land, start, lr, run.epoch)
        clickable_map(with_run(surface, path, w), key=f"{PAGE}_map", on_click=lambda x, y: put((x, y)),
                      config=CHART)


run = live_training(PAGE, X, params, data_key=data_key, epochs=EPOCHS, live=live_map, live_header=True, pace=PACE)
waiting = waiting_for(run, EPOCHS // 2)
end, (near, distance) = network_w(run.model), nearest(points, network_w(run.model))
where.seen(None if waiting else f"after {run.epoch} epochs w = ({end[0]:+.3f}, {end[1]:+.3f}), "
           f"{distance:.3f} from the {near.label}", waiting)
on, gap = nearest(points, start)
if gap < 1e-9:  # a critical point: gradient descent cannot leave it
    st.info(f"This start is exactly on the {on.label}: there ‖∇L‖ = {land.slope(start):.1e}, so gradient "
            "descent has nothing to follow and w stays where it is."
            + (" Press **Start next to it** to see what a nudge of 0.03 does." if on.name == "saddle" else ""),
            icon=":material/pause_circle:")
show(L, "saddle")

show(L, "untied")


def untied_view() -> None:
    untied_col, text_col = st.columns([3, 2])
    s = float(land.eigen[0][0])  # the data projected on u₁: 1-D, mean square λ₁
    uticks, UZ = untied_grid(s, l2, 2.0, GRID)
    with text_col:
        show(L, "valley")
    with untied_col:
        chart(untied_map(uticks, UZ, saddle_loss=s, valley=untied_valley(2.0) if l2 == 0 else None,
                         minima=untied_minima(s, l2),
                         title=f"Untied x → v·w·x: L(w, v), darker is lower (λ = {s:.2f}, l2 = {l2:g})"))


on_demand("The map of L(w, v): where are its minima?", f"{PAGE}_untied", untied_view)
show(L, "next")
questions(L)
