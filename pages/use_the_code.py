"""Lesson 7: the code as input to another model, fit(X, X) literally, and how many dimensions there are."""

import streamlit as st

from ui import use_the_code_parts as parts
from ui.lesson import load_lesson, question, questions, show

L = load_lesson("use_the_code")
st.title(L.title)
show(L, "intro")

show(L, "downstream")
k = parts.k_control()
question(L, "predict_accuracy")
parts.classifier_view(k)

show(L, "correlation")
parts.correlation_view(k)

show(L, "fit_xx")
parts.source_view()

show(L, "pipeline")
parts.pipeline_view(k)

show(L, "mlp")
parts.mlp_view(k)

show(L, "dimensions")
question(L, "elbow_rank")
name, rank, log_y = parts.dimension_controls()
parts.dimensions_view(name, rank, log_y)

show(L, "summary")
questions(L)
