"""Home: what the app teaches, the map of lessons, how to use it in a class, and the notation every page uses."""

import streamlit as st

from ui.lesson import load_lesson, show
from ui.navigation import built

L = load_lesson("home")
st.title(L.title)
show(L, "intro")

st.subheader("The lessons")
for section in ("Lessons", "Explore"):
    pages = [p for p in built() if p.section == section]
    if not pages:
        continue
    cols = st.columns(2)
    for i, p in enumerate(pages):
        with cols[i % 2].container(border=True):
            st.page_link(p.path, label=f"**{p.title}**", icon=p.icon)
            st.caption(p.summary)

left, right = st.columns(2)
with left:
    show(L, "classroom")
with right:
    show(L, "offline")
show(L, "notation")
