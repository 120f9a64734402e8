"""The floor for `bench/page_load.py`: a bare Streamlit page with a title, a line of text and one Plotly chart.

    streamlit run bench/floor_page.py
"""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.title("A bare page")
st.markdown("One Plotly chart, nothing else: the least a page of this app can cost.")
x = np.linspace(0.0, 6.0, 200)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(x), mode="lines")), width="stretch")
