"""The teacher's side of class mode: start a class, share its code, link and QR code, ask a lesson's question,
show the room's votes live (counts only), close, reveal, follow me, end the class."""

import base64
import html

import streamlit as st

from classes import ClassError, qr_svg
from ui.class_mode import CLASS_PAGE, FOLLOW_ON, FOLLOWED, TEACHER, notice, show_notice, store
from ui.class_questions import askable, find, lessons_with_questions
from ui.classroom import presenting
from ui.lesson import read_lesson
from ui.live_plot import live_plotly_chart, preload_plotly
from ui.text import plain
from viz.class_votes import choice_votes_figure, number_votes_figure
from viz.style import CHART, without_italics

CHART_SECONDS = 1.0  # the projected chart follows the votes this often
BINS = 10


def start_button() -> None:
    st.button("Start a class", key="classmode_start", type="primary", on_click=_start, icon=":material/add:")


def _start() -> None:
    try:
        started = store().start_class()
    except ClassError as e:
        notice(str(e))
        return
    st.session_state[TEACHER] = (started.class_id, started.code, started.teacher_key)


def base_url() -> str:
    """The app's address as the browser sees it, without this page's path."""
    url = (st.context.url or "http://localhost:8501").rstrip("/")
    return url.removesuffix(f"/{CLASS_PAGE}")


def share(code: str, key: str) -> None:
    """The join code, link and QR code for the room; the teacher link, folded away (it must stay private)."""
    join_link = f"{base_url()}/{CLASS_PAGE}?join={code}"
    left, right = st.columns([3, 2], vertical_alignment="center")
    with left:
        st.markdown(f"Join code: <span style='font-size: 3.5rem; font-weight: 700; letter-spacing: 0.4rem'>"
                    f"{code}</span>", unsafe_allow_html=True)  # the code is five letters of classes.checks
        st.markdown(f"Or open this link, or scan the QR code: \n`{join_link}`")
        with st.expander("Your teacher link: keep it private", icon=":material/key:"):
            st.caption("Anyone with this link can run this class. Copy it now (a new tab or another device opens "
                       "the class with it); do not show it on the projector.")
            st.code(f"{base_url()}/{CLASS_PAGE}?teach={code}.{key}", language=None, wrap_lines=True)
    with right:
        size = 360 if presenting() else 240
        svg = base64.b64encode(qr_svg(join_link).encode()).decode()  # an <img>: st.html strips inline SVG
        st.markdown(f'<img src="data:image/svg+xml;base64,{svg}" alt="QR code of the join link, '
                    f'{html.escape(join_link)}" style="width: {size}px; max-width: 100%">', unsafe_allow_html=True)


def ask_form(class_id: int, key: str) -> None:
    """Pick a lesson and one of its questions (or numeric predictions), and ask the room."""
    lessons = dict(lessons_with_questions())
    c1, c2 = st.columns([1, 2])
    lesson = c1.selectbox("Lesson", list(lessons), format_func=lessons.get, key="classmode:ask_lesson")
    options = askable(lesson)
    picked = c2.selectbox("Question", range(len(options)), key=f"classmode:ask_{lesson}",
                          format_func=lambda i: ("(a number) " if options[i].kind == "number" else "")
                          + without_italics(options[i].prompt))
    q = options[picked]
    low, high = q.low, q.high
    if q.kind == "number":
        n1, n2 = st.columns(2)
        low = n1.number_input("Lowest answer", value=q.low, key=f"classmode_low_{lesson}_{q.id}")
        high = n2.number_input("Highest answer", value=q.high, key=f"classmode_high_{lesson}_{q.id}")
    st.button("Ask the class", key="classmode_ask", type="primary", icon=":material/campaign:", on_click=_ask,
              args=(class_id, key, q, low, high))


def _ask(class_id: int, key: str, q, low: float, high: float) -> None:
    try:
        if q.kind == "choice":
            store().ask(class_id, key, q.lesson, q.id, len(q.choices))
        else:
            store().ask_number(class_id, key, q.lesson, q.id, low, high, BINS)
    except ClassError as e:
        notice(str(e))


def current(class_id: int, key: str) -> None:
    """The question asked last: its words, the live chart of the votes, Close and Reveal."""
    preload_plotly()  # the first Ask's chart then draws at once (bench/class_load.py: it waited for plotly.js)
    question = store().current(class_id)
    if question is None:
        st.caption("No question asked yet: pick one above and press **Ask the class**.")
        return
    asked = find(question.lesson, question.question, question.kind)
    if asked is None:
        st.warning("The last question is not in this version of the app.")
        return
    state = {"open": "the vote is open", "closed": "the vote is closed", "revealed": "the answer is revealed"}
    st.markdown(f"**{plain(read_lesson(asked.lesson).title)}** ({state[question.state]}): {asked.prompt}")
    votes(class_id, key, question.id)
    c1, c2, _ = st.columns([1, 1, 2])
    c1.button("Close the vote", key="classmode_close", icon=":material/lock:", on_click=_act,
              args=("close", class_id, key, question.id), disabled=question.state != "open")
    c2.button("Reveal the answer", key="classmode_reveal", icon=":material/visibility:", on_click=_act,
              args=("reveal", class_id, key, question.id), disabled=question.state == "revealed")
    if question.state == "revealed":
        if asked.kind == "choice":
            st.success(f"The answer: “{asked.choices[asked.answer]}”. {asked.explanation}")
        else:
            st.info("Every learner's page now says: watch the teacher's experiment. Open the lesson and run it.")


def _act(action: str, class_id: int, key: str, question_id: int) -> None:
    try:
        getattr(store(), action)(class_id, key, question_id)
    except ClassError as e:
        notice(str(e))


@st.fragment(run_every=CHART_SECONDS)
def votes(class_id: int, key: str, question_id: int) -> None:
    """The room's votes so far, counts only, redrawn in place."""
    try:
        counts = store().counts(class_id, key, question_id)
    except ClassError as e:
        st.warning(plain(e))
        return
    q = counts.question
    asked = find(q.lesson, q.question, q.kind)
    st.metric("Answers", f"{counts.total} of {counts.joined}", help="Learners who answered, of those who joined.")
    if q.kind == "choice":
        fig = choice_votes_figure(list(asked.choices), list(counts.counts),
                                  right=asked.answer if q.state == "revealed" else None)
    else:
        fig = number_votes_figure(list(counts.counts), list(counts.edges), unit=asked.unit)
    live_plotly_chart(fig, key="classmode_votes_chart", config=CHART)


def follow_switch(class_id: int, key: str) -> None:
    st.toggle("Follow me", key=FOLLOW_ON, on_change=_follow_changed, args=(class_id, key),
              help="The lesson you open next, with its settings, is offered on every learner's page "
                   "(\"Teacher's settings\").")


def _follow_changed(class_id: int, key: str) -> None:
    st.session_state.pop(FOLLOWED, None)
    if not st.session_state.get(FOLLOW_ON):
        try:
            store().set_follow(class_id, key, None)
        except ClassError as e:
            notice(str(e))


def end_button(class_id: int, key: str) -> None:
    with st.popover("End the class", icon=":material/stop_circle:"):
        st.markdown("Ending the class deletes its questions and votes; its code stops working.")
        st.button("End it now", key="classmode_end", type="primary", on_click=_end, args=(class_id, key))


def _end(class_id: int, key: str) -> None:
    try:
        store().end_class(class_id, key)
    except ClassError as e:
        notice(str(e))
        return
    for name in (TEACHER, FOLLOWED, FOLLOW_ON):
        st.session_state.pop(name, None)
    notice("The class has ended: its votes are deleted.", "success")


__all__ = ["start_button", "share", "ask_form", "current", "follow_switch", "end_button", "show_notice"]
