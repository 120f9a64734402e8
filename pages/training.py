"""Lesson 6: training an autoencoder is training a network: backprop checked, optimisers, regularisers."""

import streamlit as st

from ui import training_parts as parts
from ui.lesson import load_lesson, question, questions, show
from viz.network import network_figure

L = load_lesson("training")
st.title(L.title)
show(L, "intro")

show(L, "backprop")
activation, layers = parts.network_controls()
sizes = [64, *layers, *layers[-2::-1], 64]
st.plotly_chart(network_figure(sizes, activations=[activation] * (len(sizes) - 2) + ["identity"], height=300,
                               title=f"The network: {' → '.join(map(str, sizes))}, f = {activation}"),
                width="stretch", config=parts.CHART)
result = parts.gradcheck_result(activation, layers)
parts.chain_rule(result)

show(L, "gradcheck")
question(L, "gradcheck_size")
parts.gradcheck_view(result)

show(L, "optimisers")
parts.optimisers_view()

show(L, "overfitting")
question(L, "overfit_sign")
parts.regularisers_view()

show(L, "denoising")
parts.denoising_view()

show(L, "divergence")
parts.live_run()

show(L, "summary")
questions(L)
