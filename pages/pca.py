"""Lesson 2: PCA's objective J, the rank-k reconstruction, and J = N * (sum of the discarded eigenvalues)."""

import inspect
import textwrap

import streamlit as st

from core import PCA
from ui.cached import baseline
from ui.charts import chart
from ui.lesson import load_lesson, on_demand, question, questions, show, show_on_demand, tabs_on_demand
from ui.prediction import numeric_guess
from ui.text import counted
from ui.widgets import k_slider, subspace_data_picker
from viz.images import image_grid
from viz.latent import latent_figure
from viz.pca import (
    code_caption,
    error_curve_caption,
    error_curve_figure,
    kept_caption,
    kept_figure,
    scree_caption,
    scree_figure,
)
from viz.projection import projection_figure

PAGE = "pca"
N_SHOWN = 10
CODE_POINTS = 400  # every class's cluster shows; a fifth of the SVG points of all 1797 digits


L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")

left, right = st.columns([1, 1])
data = subspace_data_picker(PAGE, container=left)
N, D = data.X.shape
k = k_slider(PAGE, D, network=False, container=right)
pca = baseline(data.X, k)
J, J_eig = N * pca.error, N * pca.optimum

show(L, "objective")
kept = numeric_guess(PAGE, "kept", "Your guess: what share of the variance do the k components keep?",
                     about=f"k = {k} on {data.title}", low=0.0, high=100.0, step=1.0, start=50.0, unit=" %")
m1, m2, m3 = st.columns(3)
m1.metric("J = Σ‖x − x̂‖² (measured)", f"{J:,.1f}",
          help="Summed over every sample, from the actual reconstructions x̂ = μ + QᵀQ(x − μ).")
m2.metric("N · Σ discarded λ", f"{J_eig:,.1f}",
          help="N times the sum of the eigenvalues of the 1/N covariance that PCA discards (i > k).")
m3.metric("Variance kept", f"{100 * pca.kept_fraction:.1f} %" if kept.revealed else "guess first",
          help="Σ_{i≤k} λ_i / Σ_i λ_i: the cumulative explained variance at k.")
if kept.revealed:
    chart(kept_figure(pca.kept_fractions, k, guess=kept.guess and kept.guess.value,
                      title=f"Variance kept by j components; yours: k = {k}"))
    st.caption(kept_caption(pca.kept_fractions, k))


def reconstructions_view() -> None:
    """The data beside its rank-k reconstruction: digits as pictures, 2-D or 3-D points with their projections."""
    if data.image_shape is not None:
        rebuilt = [data.to_display(A[:N_SHOWN]) for A in (data.X, pca.reconstructions)]
        chart(image_grid(rebuilt, data.image_shape, rows_titles=["original x", f"rank-{k} x̂"],
                         zrange=(0.0, 16.0), title=f"Digits rebuilt from {counted(k, 'number')}"))
        chart(image_grid(pca.components[:N_SHOWN], data.image_shape, signed=True, normalize="each",
                         col_titles=[f"u{i + 1}" for i in range(min(k, N_SHOWN))],
                         title="Principal directions (red +, blue −)"))
        st.caption(f"Each reconstruction is the mean digit plus a weighted sum of these k images; the weights are the "
                   f"code z = Q(x − μ). Pixels are shown back on their original 0–16 scale. The mean error over all "
                   f"{N} digits is J/N = {pca.error:.2f} (standardised pixels, summed over the {D} pixels).")
    elif D in (2, 3):
        chart(projection_figure(data.X, pca.reconstructions, components=pca.components, mean=pca.mean,
                                title=f"Points, their rank-{k} projections and the errors"))
        st.caption(f"Grey: the data. Orange: each point's reconstruction, on the subspace through the mean. Red: the "
                   f"error segments; J = {J:,.2f} is the sum of their squared lengths. Drag to turn the 3-D view.")
    else:
        st.info(f"{data.title} has {D} features, too many to draw a point or a picture; J above and the "
                "Choosing k tab tell the same story in numbers.")


def choose_k_view() -> None:
    """How fast J falls with k: the eigenvalues (scree plot) and J*/N for every k."""
    show(L, "choose_k")
    c1, c2 = st.columns(2)
    with c1:
        chart(scree_figure(pca.eigenvalues, k, max_bars=min(D, 40), title="Scree plot: eigenvalues λᵢ"))
        st.caption(scree_caption(pca.eigenvalues, k))
    with c2:
        chart(error_curve_figure(pca.optima, k, title="PCA's error J*/N against k"))
        st.caption(error_curve_caption(pca.optima, k))


def code_view() -> None:
    """Every point's 2-number code, coloured by its label (never shown to PCA)."""
    show(L, "projection")
    color, kind = data.colours()
    chart(latent_figure(baseline(data.X, min(2, D)).codes, color, color_kind=kind, height=480,
                        title="PCA's 2-D code", max_points=CODE_POINTS,
                        axis_labels=("z₁ (first component)", "z₂ (second component)")))
    st.caption(code_caption(pca.eigenvalues, min(CODE_POINTS, N), N))


show_on_demand(L, "inverse", "What “x̂ = Q⁻¹Qx” means")

show(L, "eigen")
show_on_demand(L, "eigen_proof", "The proof: Pythagoras and the trace")
tabs_on_demand({"Reconstructions": reconstructions_view, "Choosing k": choose_k_view, "The 2-D code": code_view},
               key=f"{PAGE}_views")  # three views of the same k numbers
question(L, "next_k")


def code_view() -> None:
    show(L, "code")
    st.code(textwrap.dedent(inspect.getsource(PCA.fit)), language="python", wrap_lines=True)


on_demand("The code that computed all of this", f"{PAGE}_more_code", code_view)
show(L, "next")
questions(L)
