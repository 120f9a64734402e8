"""One update in slow motion: the forward pass, the loss, the backward pass and the step of a tiny autoencoder."""

import time

import numpy as np
import streamlit as st

from analysis.one_update import MAX_BATCH, NAMES, one_update, tiny_model
from core import TrainingDiverged
from ui.charts import chart
from ui.lesson import load_lesson, questions, show
from ui.state import default
from ui.widgets import dataset_picker, param_input
from viz.one_update import SUBSTEPS, substep_figure, substep_tex

PAGE = "one_update"
SECONDS = 1.0  # Play slowly: one sub-step a second (a tick may come a little early: 0.8 of it counts)
ss = st.session_state

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

show(L, "controls")
c1, c2, c3 = st.columns(3)
data = dataset_picker(PAGE, ["arc", "circle", "s_curve", "iris"], container=c1)
D = data.n_features
default(f"{PAGE}:k", 1)
k = 1 if D == 2 else c1.radio("Code size k", [1, 2], key=f"{PAGE}:k", horizontal=True)
activation = param_input(PAGE, "activation", start="tanh", label="Activation f of the code", container=c2)
optimizer = param_input(PAGE, "optimizer", start="sgd", container=c2)
lr = param_input(PAGE, "learning_rate", start=0.1, high=1.0, container=c3)
default(f"{PAGE}:batch", 2)
n = c3.slider("Batch size n", 1, MAX_BATCH, key=f"{PAGE}:batch")
seed = param_input(PAGE, "random_state", start=0, key=f"{PAGE}:seed", container=c3)

setup = (data.name, k, activation, optimizer, seed)
if ss.get(f"{PAGE}_setup") != setup:  # another network: a fresh one, its first batch, from the forward pass
    ss[f"{PAGE}_setup"], ss[f"{PAGE}_model"] = setup, tiny_model(k, activation, optimizer, lr, seed, data.X)
    ss[f"{PAGE}_rows"], ss[f"{PAGE}_substep"], ss[f"{PAGE}_losses"] = None, 0, []
model = ss[f"{PAGE}_model"]
model.learning_rate = lr  # live, as in every trainer
if ss[f"{PAGE}_rows"] is None or len(ss[f"{PAGE}_rows"]) != n:
    ss[f"{PAGE}_rows"] = np.random.default_rng().choice(len(data.X), n, replace=False).tolist()
batch = data.X[ss[f"{PAGE}_rows"]]


def move(by: int) -> None:
    ss[f"{PAGE}_substep"] = min(max(ss[f"{PAGE}_substep"] + by, 0), len(SUBSTEPS) - 1)


def new_batch() -> None:
    ss[f"{PAGE}_rows"], ss[f"{PAGE}_substep"] = None, 0


def play(on: bool) -> None:
    ss[f"{PAGE}_playing"], ss[f"{PAGE}_moved_at"] = on, time.monotonic()


def take_step(stepped, before: float, after: float) -> None:
    ss[f"{PAGE}_model"], ss[f"{PAGE}_substep"], ss[f"{PAGE}_stepped"] = stepped, 0, True
    ss[f"{PAGE}_losses"].append((before, after))


try:
    u, stepped = one_update(model, batch)
except TrainingDiverged as error:
    st.error(f"{error} Lower the learning rate above; the network keeps its weights.", icon=":material/warning:")
    st.stop()

i = ss[f"{PAGE}_substep"]
playing = ss.get(f"{PAGE}_playing", False)
b1, b2, b3, b4 = st.columns(4)
b1.button("Previous", key=f"{PAGE}_previous", on_click=move, args=(-1,), disabled=i == 0,
          icon=":material/skip_previous:", width="stretch")
b2.button("Next", key=f"{PAGE}_next", on_click=move, args=(1,), disabled=i == len(SUBSTEPS) - 1, type="primary",
          icon=":material/skip_next:", width="stretch")
b3.button("Pause" if playing else "Play slowly", key=f"{PAGE}_play", on_click=play, args=(not playing,),
          icon=":material/pause:" if playing else ":material/slow_motion_video:", width="stretch",
          disabled=i == len(SUBSTEPS) - 1 and not playing)
b4.button("New batch", key=f"{PAGE}_new_batch", on_click=new_batch, icon=":material/shuffle:", width="stretch")


@st.fragment(run_every=SECONDS if playing else None)
def view() -> None:
    """The current sub-step; while playing, one sub-step further each second (the last one stops the play)."""
    if ss.pop(f"{PAGE}_stepped", False):
        st.rerun()  # a step was taken here: the whole page computes the next update
    i = ss[f"{PAGE}_substep"]
    if ss.get(f"{PAGE}_playing") and time.monotonic() - ss.get(f"{PAGE}_moved_at", 0) >= 0.8 * SECONDS:
        move(1)
        ss[f"{PAGE}_moved_at"] = time.monotonic()
        if ss[f"{PAGE}_substep"] == len(SUBSTEPS) - 1:
            play(False)
            st.rerun()  # the whole page: the buttons and the timer follow
        i = ss[f"{PAGE}_substep"]
    st.subheader(f"{i + 1} of {len(SUBSTEPS)} · {SUBSTEPS[i]}")
    st.progress((i + 1) / len(SUBSTEPS))
    left, right = st.columns([2, 3])
    with left:
        chart(substep_figure(u, i))
        st.caption(f"Samples {', '.join(str(r + 1) for r in ss[f'{PAGE}_rows'])} of {data.title}; {optimizer}, "
                   f"η = {lr:g}; steps taken so far: {len(ss[f'{PAGE}_losses'])}.")
    with right:
        show(L, "forward" if i < 3 else "backward" if i < 6 else "update")
        for line in substep_tex(u, i):
            st.latex(line)
    if i == 5:
        st.dataframe([{"gradient": f"∂L/∂{name}", "backprop (core)": np.round(u.grads[name].ravel(), 6).tolist(),
                       "central differences": np.round(u.numeric[name].ravel(), 6).tolist(),
                       "relative error": f"{u.check[name]:.1e}"} for name in NAMES], hide_index=True, width="stretch")
    if i == len(SUBSTEPS) - 1:
        m1, m2, m3 = st.columns(3)
        m1.metric("Loss on this batch before the step", f"{u.loss:.6f}")
        m2.metric("…and after it", f"{u.loss_after:.6f}", delta=f"{u.loss_after - u.loss:+.6f}", delta_color="inverse")
        m3.button("Take this step", key=f"{PAGE}_take", type="primary", on_click=take_step,
                  args=(stepped, u.loss, u.loss_after), icon=":material/check:", width="stretch")


view()
if ss[f"{PAGE}_losses"]:
    st.caption("Steps taken on this page, the batch loss before → after: " + "; ".join(
        f"{a:.4f} → {b:.4f}" for a, b in ss[f"{PAGE}_losses"][-8:]))

questions(L)
