"""Lesson 4: nonlinear activations bend the code; where a nonlinear autoencoder beats PCA, and where it cannot."""

import numpy as np
import streamlit as st

from analysis.manifold import decoded_curve
from analysis.units import unit_health
from core.activations import ACTIVATIONS
from core.network import layer_sizes, parameter_count
from ui.cached import activation_chart, baseline
from ui.charts import chart, network_diagram
from ui.lesson import load_lesson, on_demand, question, questions, show
from ui.live_plot import live_plotly_chart
from ui.live_trainer import live_training, throttled
from ui.prediction import numeric_guess, run_outcome
from ui.widgets import dataset_picker, gap_row, param_input, width_slider
from viz.latent import bounded_range, latent_figure
from viz.manifold import code_vs_position_figure, unit_health_figure
from viz.reconstruction import data_space_figure
from viz.style import CHART

PAGE = "nonlinear"
EPOCHS = 1000
STEP_EPOCHS = 100
SETTLED = 300  # epochs after which the identity network is on PCA's line
N_DIGITS = 8

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

# --- the activations and their derivatives --------------------------------------------------------------
show(L, "activations")
on_demand("Every activation's formula, f(a) and f′(a)", f"{PAGE}_formulas",  # its formulas: about 460 DOM nodes
          lambda: show(L, "activation_table"))
show(L, "activation_why")
activation = param_input(PAGE, "activation", start="tanh", label="Activation f (every hidden layer, the code included)")
st.caption(ACTIVATIONS[activation].description)
chart(activation_chart(activation), key=f"{PAGE}_activation_chart")
question(L, "sigmoid_slope")

# --- data and network -------------------------------------------------------------------------------------
show(L, "data")
left, right = st.columns([1, 2])
with left:
    data = dataset_picker(PAGE, ["arc", "circle", "s_curve", "swiss_roll", "digits"])
    D = data.n_features
    k = 1 if D <= 2 else 2  # 2-D data to a 1-D code, anything larger to a 2-D code
    width = width_slider(PAGE, "Hidden layer width h (0 = no hidden layer)", allow_none=True)
    sizes = (width, k) if width > 0 else (k,)
    layers = layer_sizes(D, sizes)
    st.markdown(f"Code size **k = {k}** ({D}-D data).  \nNetwork **{' → '.join(map(str, layers))}**, "
                f"{parameter_count(layers):,} weights and biases.")
    c1, c2 = st.columns(2)
    lr = param_input(PAGE, "learning_rate", start=0.01, high=1.0, container=c1)
    seed = param_input(PAGE, "random_state", start=0, key=f"{PAGE}:seed", container=c2)
with right:
    network_diagram(layers, (activation,) * (len(layers) - 2) + ("identity",), height=320, key=f"{PAGE}_network")
show(L, "architecture")

# --- train next to PCA --------------------------------------------------------------------------------------
show(L, "training")
identity = question(L, "identity_line")
pca = baseline(data.X, k)
guess = numeric_guess(PAGE, "loss", "Your guess: the network's final loss, as a % of PCA's optimum",
                      about=f"{ACTIVATIONS[activation].label}, h = {width}, on {data.title}", low=0.0, high=200.0,
                      step=1.0, start=100.0, unit=" %", help="100 % is on PCA's line; below 100 % beats PCA.",
                      gate=False).guess
fixed = ACTIVATIONS[activation].bounds  # a bounded code gets fixed axes, so the live plot does not jump


def data_space(run):
    X_ae = run.model.predict(data.X)
    curve = decoded_curve(run.model, data.X) if D == 2 else None
    return data_space_figure(data, pca.reconstructions, X_ae, rows=np.arange(N_DIGITS), curve=curve, Z_pca=pca.codes,
                             title="Reconstructions in data space" + (" (drag to turn)" if D == 3 else ""),
                             uirevision=f"{PAGE}_data_space")


def codes(run):
    Z = run.model.transform(data.X)
    if k == 1 and data.y_kind == "position":
        return (code_vs_position_figure(data.y, {"PCA code": pca.codes, "autoencoder code": Z}, uirevision=PAGE,
                                        title="Codes against the position on the curve"),)
    ranges = (bounded_range(fixed),) * 2 if fixed else None
    return (latent_figure(pca.codes, data.y, color_kind=data.y_kind, title="PCA's 2-D code", height=400,
                          showlegend=False),
            latent_figure(Z, data.y, color_kind=data.y_kind, title="The autoencoder's 2-D code", height=400,
                          ranges=ranges, uirevision=f"{PAGE}_latent"))


def health(run):
    h = unit_health(run.model, run.X)
    code_dead = any(u.name == "code" and u.dead == u.units for u in h)  # nothing reaches the decoder
    return code_dead, unit_health_figure([u.name for u in h], [u.active for u in h], [u.saturated for u in h],
                                         [u.dead for u in h], height=120 + 45 * len(h),
                                         title=f"Hidden units: {sum(u.dead for u in h)} dead, "
                                               f"{sum(u.saturated for u in h)} saturated of {sum(u.units for u in h)}")


def live_views(run) -> None:
    gap_row(run.loss, pca.optimum, k)
    # The 2-D curve is cheap and the most telling view: refreshed often; three 3-D scenes are heavy: less often.
    live_plotly_chart(throttled(f"{PAGE}_data_space", run, lambda: data_space(run), {2: 0.5, 3: 2.0}.get(D, 1.0)),
                      key=f"{PAGE}_data_space", config=CHART)
    show(L, "latent")
    figures = throttled(f"{PAGE}_latent", run, lambda: codes(run))
    for i, (figure, column) in enumerate(zip(figures, st.columns(len(figures)), strict=True)):
        with column:
            live_plotly_chart(figure, key=f"{PAGE}_latent_{len(figures)}_{i}", config=CHART)
    show(L, "dead")
    code_dead, figure = throttled(f"{PAGE}_health", run, lambda: health(run))
    if code_dead:
        st.warning("Every unit of the code is dead: it outputs the same value for every sample, so the decoder can "
                   "only give the mean and the loss stays at the data's total variance. No gradient reaches the dead "
                   "units, so training cannot bring them back: press Reset with another seed, or lower the learning "
                   "rate.", icon=":material/heart_broken:")
    live_plotly_chart(figure, key=f"{PAGE}_health", config=CHART)


run = live_training(
    PAGE,
    data.X,
    dict(hidden_layer_sizes=sizes, activation=activation, optimizer="adam", learning_rate=lr, batch_size=None,
         random_state=seed),
    data_key=f"{data.name}/standard",
    epochs=EPOCHS,
    reference=pca.optimum,
    reference_label=f"PCA optimum, k = {k}",
    live=live_views,
    step_epochs=STEP_EPOCHS,
    pace=50,  # on the arc the loss leaves PCA's line after about 150 epochs: three seconds in
    guess=guess and (pca.optimum * guess.value / 100, f"your guess = {guess.value:g} % of PCA's"),
)
identity.seen(*run_outcome(run, pca.optimum, "PCA's optimum (the dashed line)", min_epochs=SETTLED)
              if activation == "identity" else (None, "This prediction is about the identity activation: choose "
                                                      "it above, then press Train."))

show(L, "summary")
questions(L)
