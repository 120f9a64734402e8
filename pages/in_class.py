"""Class mode: a teacher starts a class, asks the room a lesson's question and shows the votes; learners join."""

import streamlit as st

from classes import ClassError, ClassExpired, UnknownClass
from ui.class_mode import JOINED, TEACHER, join_typed, leave, show_notice
from ui.class_teacher import ask_form, current, end_button, follow_switch, share, start_button
from ui.lesson import load_lesson, show
from ui.text import plain

PAGE = "in_class"
ss = st.session_state

L = load_lesson(PAGE)
st.title(L.title)
show(L, "intro")
show_notice()

if TEACHER in ss:
    class_id, code, key = ss[TEACHER]
    try:
        st.subheader(f"Class {code}")
        share(code, key)
        st.subheader("Ask the class")
        ask_form(class_id, key)
        current(class_id, key)
        st.divider()
        show(L, "teaching")
        left, right = st.columns(2)
        with left:
            follow_switch(class_id, key)
        with right:
            end_button(class_id, key)
    except (UnknownClass, ClassExpired) as e:  # ended elsewhere (the teacher link on another device), or too old
        ss.pop(TEACHER, None)
        st.info(plain(e), icon=":material/groups:")
        start_button()
    except ClassError as e:  # the database is down: the message, and the rest of the app works
        st.error(plain(e), icon=":material/cloud_off:")
else:
    learner, teacher = st.columns(2, gap="large")
    with learner, st.container(border=True):
        show(L, "join")
        if JOINED in ss:
            st.success(f"You are in class {plain(ss[JOINED][1])}.", icon=":material/groups:")
            st.button("Leave the class", key="classmode_leave", on_click=leave, icon=":material/logout:")
        else:
            st.text_input("Class code", max_chars=12, placeholder="ABCDE", key="classmode_code")
            st.button("Join", key="classmode_join", type="primary", icon=":material/login:", on_click=join_typed)
    with teacher, st.container(border=True):
        show(L, "teach")
        start_button()
