"""The use-the-code lesson's last part, "how many dimensions are there?": the error against code size k of PCA, a
linear and a nonlinear autoencoder on a dataset of the learner's choice, with the elbows marked."""

import streamlit as st

from analysis.dimensions import CurveSettings, dimension_study
from ui.cached import dataset
from ui.charts import chart
from ui.lesson import Lesson, question, show
from ui.state import default
from viz.dimensions import dimensions_figure

DIM_DATA = {"low_rank": "Low-rank cloud (D = 10)", "s_curve": "S-curve (D = 3)", "digits": "Digits (D = 64)"}
# Per dataset: how each k's two autoencoders are trained, sized so that a whole curve takes a few seconds.
DIM_SETTINGS = {"low_rank": CurveSettings(nonlinear_epochs=100), "s_curve": CurveSettings(),
                "digits": CurveSettings(linear_epochs=300, linear_learning_rate=0.02, nonlinear_hidden=32,
                                        nonlinear_epochs=40)}
dimensions = st.cache_data(show_spinner="Training one linear and one nonlinear autoencoder per code size…",
                           max_entries=32)(dimension_study)


def how_many_dimensions(L: Lesson) -> None:
    """The section, its question and its widgets (keyed by the lesson's page, ``L.stem``)."""
    page = L.stem
    show(L, "dimensions")
    question(L, "elbow_rank")
    for name, value in (("dim_data", "low_rank"), ("rank", 3), ("log_y", False)):
        default(f"{page}:{name}", value)
    c1, c2, c3 = st.columns([3, 2, 1])
    name = c1.radio("Data", list(DIM_DATA), format_func=DIM_DATA.get, key=f"{page}:dim_data", horizontal=True)
    rank = c2.slider("Rank r of the cloud", 1, 7, key=f"{page}:rank", disabled=name != "low_rank",
                     help="The low-rank cloud lives near an r-dimensional subspace of ℝ¹⁰, plus noise σ = 0.1.")
    log_y = c3.toggle("Log scale", key=f"{page}:log_y", help="Shows the small errors after the elbow.")
    X = {"low_rank": lambda: dataset("low_rank", rank=rank).X, "s_curve": lambda: dataset("s_curve").X,
         "digits": lambda: dataset("digits", scale="standard", n_samples=500).X}[name]()
    # Every k for the small sets (a few past the cloud's rank show the flat part), a ladder for the digits.
    ks = {"low_rank": range(min(X.shape[1], rank + 4) + 1), "s_curve": range(X.shape[1] + 1),
          "digits": [0, 1, 2, 4, 8, 16, 32]}[name]
    r = dimensions(X, list(ks), DIM_SETTINGS[name])
    marked = next(((m, e) for m, e in r.elbows.items() if e.clear), None)
    chart(dimensions_figure(r.ks, r.curves, elbow=marked[1].k if marked else None, log_y=log_y,
                            elbow_label=f"{marked[0]} elbow" if marked else "elbow",
                            title=f"{DIM_DATA[name]}: error against k"))
    st.markdown("  \n".join(
        f"**{m}**: a clear elbow at **k = {e.k}** (gain ratio {e.ratio:.1f}, {100 * e.residual:.1f} % of the error "
        "left there)." if e.clear else f"**{m}**: no clear elbow (the sharpest bend is at k = {e.k}: gain ratio "
        f"{e.ratio:.1f}, {100 * e.residual:.1f} % of the error left there)." for m, e in r.elbows.items()))
    st.markdown(f"PCA keeps 90 % of the variance from **k = {r.k90}** and 95 % from **k = {r.k95}** (of D = "
                f"{r.n_features}).")
    s = DIM_SETTINGS[name]
    st.caption(f"Run here: N = {r.n_samples} points; for each k one linear D-k-D autoencoder (Adam η = "
               f"{s.linear_learning_rate}, full batch, {s.linear_epochs} epochs) and one D-{s.nonlinear_hidden}-k-"
               f"{s.nonlinear_hidden}-D {s.nonlinear_activation} autoencoder (Adam η = {s.nonlinear_learning_rate}, "
               f"batches of {s.nonlinear_batch_size}, {s.nonlinear_epochs} epochs), seed 0. PCA is exact.")
