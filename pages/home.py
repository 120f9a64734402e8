"""Home: what the app teaches, the map of lessons, how to use it in a class, and the notation every page uses."""

import streamlit as st

from ui.lesson import load_lesson, show
from ui.navigation import built
from ui.progress import clear_answers, progress

L = load_lesson("home")
st.title(L.title)
show(L, "intro")

st.subheader("The lessons")
done = {r.page.stem: r for r in progress()}
for section in ("Lessons", "Explore"):
    pages = [p for p in built() if p.section == section]
    if not pages:
        continue
    for i, p in enumerate(pages):
        if i % 2 == 0:  # a row per pair, so a phone (where columns stack) keeps the lessons in order
            cols = st.columns(2)
        with cols[i % 2].container(border=True):
            st.page_link(p.path, label=f"**{p.title}**", icon=p.icon)
            st.caption(p.summary)
            if p.stem in done:
                st.caption(f"Your answers: {done[p.stem].text}.")
if any(r.answered for r in done.values()):
    st.button("Clear my answers", key="progress_clear_home", on_click=clear_answers, icon=":material/delete_sweep:",
              help="Your answers and guesses live only as long as this browser tab's session; this forgets them now.")

left, right = st.columns(2)
with left:
    show(L, "classroom")
    st.page_link("pages/in_class.py", label="Teaching a class? Start one: the room answers on its phones",
                 icon=":material/groups:")
with right:
    show(L, "offline")
show(L, "notation")
