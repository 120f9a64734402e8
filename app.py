"""Router: page configuration and navigation. Every page lives in pages/, listed in ui/navigation.py."""

from pathlib import Path

import streamlit as st

from ui.accessibility import page_aids
from ui.class_mode import class_banner
from ui.classroom import classroom_controls
from ui.live_plot import ensure_plotly_js
from ui.navigation import navigation
from ui.progress import progress_sidebar
from ui.runtime import limit_blas_threads, start_memory_housekeeping
from ui.state import init_state, keep_widget_values
from ui.warmup import lower_priority_if_warming, start_warmup

limit_blas_threads()
start_memory_housekeeping()
ensure_plotly_js()
lower_priority_if_warming()
# The favicon is a file of ours: a material icon or an emoji favicon is fetched from a server outside.
st.set_page_config(page_title="Autoencoders, seen through PCA", page_icon=str(Path(__file__).parent / "static" /
                                                                             "favicon.png"), layout="wide")
init_state()
keep_widget_values()
page = navigation()
classroom_controls(page.url_path or "home")
progress_sidebar()
page_aids()
class_banner(page.url_path or "home")  # a joined learner's class and question, on every page
page.run()
start_warmup()  # after the first visitor's page: it goes first
