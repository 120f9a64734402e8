"""Class mode on every page: one store per server, joining by link (``?join=ABCDE``) or code, a teacher's link
(``?teach=ABCDE.key``), and for a joined learner a banner "Class ABCDE" with the teacher's question, polled.

A session that has not joined a class and opens no class link never touches the database. A database that is
down shows its message in the class parts only; the lessons go on.
"""

import time

import streamlit as st

from classes import ClassError, ClassExpired, ClassStore, StorageUnavailable, UnknownClass, new_learner
from classes.checks import NAME, TEXT
from classes.database import database_url
from ui.class_questions import find
from ui.lesson import choice_orders, read_lesson
from ui.navigation import built
from ui.text import plain

CLASS_PAGE = "in_class"
POLL_SECONDS = 1.5  # a learner sees a new question within about 2 s
RETRY_SECONDS = 10.0  # after a failed open, how long the server waits before trying the database again
# Session keys (no page's prefix, so "Reset this page" keeps the class).
LEARNER, JOINED, TEACHER = "classmode_learner", "classmode_joined", "classmode_teacher"
VOTES, NOTICE, FOLLOWED = "classmode_votes", "classmode_notice", "classmode_followed"
GO = "classmode_go"  # where "Teacher's settings" goes once its click's rerun comes
FOLLOW_ON = "classmode:follow"  # the teacher's switch; a ":" key keeps its value on every page (ui.state)
NOT_SETTINGS = {"presenter", "join", "teach"}
_down: dict[str, tuple[float, str]] = {}  # per database: until when not to try it again, and why


@st.cache_resource(show_spinner=False)
def _open(url: str) -> ClassStore:
    return ClassStore.open(url)  # shared infrastructure (a connection pool), not a learner's data


def store() -> ClassStore:
    """The server's store for the configured database; raises StorageUnavailable (quickly, once it has failed)."""
    url = database_url()
    until, message = _down.get(url, (0.0, ""))
    if time.monotonic() < until:
        raise StorageUnavailable(message)
    try:
        return _open(url)
    except StorageUnavailable as e:
        _down[url] = (time.monotonic() + RETRY_SECONDS, str(e))
        raise


def learner() -> str:
    """This session's anonymous token: it joins and votes, and names no one."""
    return st.session_state.setdefault(LEARNER, new_learner())


def notice(message: str, kind: str = "error") -> None:
    """A message for the class parts to show once (from a callback, which draws nothing itself)."""
    st.session_state[NOTICE] = (kind, message)


def show_notice() -> None:
    kind, message = st.session_state.pop(NOTICE, (None, None))
    if message:
        getattr(st, kind)(plain(message), icon=":material/groups:")


def join(code: str) -> bool:
    """Join the class with this code (from a link or the form); a refusal becomes the notice."""
    try:
        joined = store().join(code, learner())
    except ClassError as e:
        notice(str(e))
        return False
    st.session_state[JOINED] = (joined.class_id, joined.code)
    st.session_state.setdefault(VOTES, {})
    notice(f"You joined class {joined.code}. Your teacher's questions appear at the top of every page.", "success")
    return True


def join_typed() -> None:
    join(st.session_state.get("classmode_code") or "")


def leave() -> None:
    st.session_state.pop(JOINED, None)
    st.session_state.pop(VOTES, None)


def teach(link: str) -> bool:
    """Take a teacher's link ``ABCDE.key``: the class is this session's to run."""
    code, _, key = str(link).partition(".")
    try:
        taught = store().teach(code, key)
    except ClassError as e:
        notice(str(e))
        return False
    st.session_state[TEACHER] = (taught.class_id, taught.code, key)
    return True


def _take_links() -> None:
    # Read once, then out of the address bar: a projected address bar must not show the teacher key.
    qp = st.query_params
    if "teach" in qp:
        link = qp["teach"]
        del qp["teach"]
        teach(link)
    if "join" in qp:
        code = qp["join"]
        del qp["join"]
        join(code)


def class_banner(page: str) -> None:
    """Once per run, from app.py: links taken, then the banner and question (learner) or follow-me (teacher)."""
    ss = st.session_state
    if "join" in st.query_params or "teach" in st.query_params:
        _take_links()
    if page != CLASS_PAGE:
        show_notice()
    if TEACHER in ss:
        _teacher_banner(page)
    elif JOINED in ss:
        _learner_card(page)


@st.fragment(run_every=2.0)
def _teacher_banner(page: str) -> None:
    if TEACHER not in st.session_state:
        return
    code = st.session_state[TEACHER][1]
    if page != CLASS_PAGE:
        st.page_link(f"pages/{CLASS_PAGE}.py", label=f"Class {code}: you are teaching; the votes are here",
                     icon=":material/co_present:")
        publish_follow(page)


@st.fragment(run_every=POLL_SECONDS)
def _learner_card(page: str) -> None:
    ss = st.session_state
    if JOINED not in ss:
        return
    class_id, code = ss[JOINED]
    try:
        s = store()
        question, follow = s.now_showing(class_id)
    except (UnknownClass, ClassExpired) as e:
        leave()
        st.info(f"Class {plain(code)}: {plain(e)}", icon=":material/groups:")
        return
    except ClassError as e:
        st.warning(f"Class {plain(code)}: {plain(e)}", icon=":material/groups:")
        return
    with st.container(border=True, key="classmode_card"):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f":material/groups: **Class {plain(code)}**")
        if follow is not None and follow.page in {p.stem for p in built()}:
            right.button("Teacher's settings", key="classmode_follow", icon=":material/sync:", on_click=_follow,
                         args=(follow.page, follow.settings), help="Open the teacher's lesson with its settings.")
        if question is not None:
            _question(question)
    if GO in ss:
        go_page, settings = ss.pop(GO)
        st.switch_page(f"pages/{go_page}.py", query_params=settings)


def publish_follow(page: str) -> None:
    """Follow me: offer the teacher's page and its link's settings to the class, when they changed."""
    ss = st.session_state
    if not ss.get(FOLLOW_ON) or page == CLASS_PAGE:
        return
    settings = {k: v for k, v in st.query_params.items()
                if k not in NOT_SETTINGS and NAME.fullmatch(k) and TEXT.fullmatch(v)}
    if ss.get(FOLLOWED) == (page, settings):
        return
    class_id, _, key = ss[TEACHER]
    try:
        store().set_follow(class_id, key, page, dict(list(settings.items())[:16]))
    except ClassError as e:
        st.caption(plain(e))
        return
    ss[FOLLOWED] = (page, settings)


def _follow(page: str, settings: dict) -> None:
    ss = st.session_state
    for name in settings:  # the page takes its link afresh (ui.link reads it once per session and page)
        for key in (f"{page}:link_read:{name}", f"{page}:{name}", f"{page}:{name}_chosen"):
            ss.pop(key, None)
    ss[GO] = (page, {k: str(v) for k, v in settings.items()})


def _question(q) -> None:
    """The teacher's question: answer (or change the answer) while it is open; the verdict once revealed."""
    ss = st.session_state
    asked = find(q.lesson, q.question, q.kind)
    if asked is None:
        st.warning("Your teacher asked a question this version of the app does not have.")
        return
    mine = ss.setdefault(VOTES, {}).get(q.id)
    title = read_lesson(q.lesson).title
    st.markdown(f"**Your teacher asks** ({plain(title)}): {asked.prompt}")
    show_notice()
    if asked.kind == "choice":
        order = choice_orders(read_lesson(q.lesson), ss["choice_seed"]).get(asked.id, range(len(asked.choices)))
        said = None if mine is None else f"“{asked.choices[mine]}”"
    else:
        said = None if mine is None else f"{mine:g}{asked.unit}"
    if q.state == "open":
        key = f"classmode_answer_{q.id}"
        if asked.kind == "choice":
            st.radio("Your answer", list(order), format_func=lambda i: asked.choices[i], key=key,
                     index=None if mine is None else list(order).index(mine))
        else:
            st.number_input(f"Your answer, from {asked.low:g} to {asked.high:g}{asked.unit}", min_value=q.low,
                            max_value=q.high, value=mine if mine is not None else None, key=key)
        st.button("Change my answer" if said else "Send my answer", key=f"classmode_send_{q.id}", type="primary",
                  on_click=_vote, args=(q.id, key), icon=":material/send:")
        if said:
            st.caption(f"Your answer is in: {said}. You can change it until your teacher closes the vote.")
    elif q.state == "closed":
        st.info(f"The vote is closed. Your answer: {said}." if said else "The vote is closed.", icon=":material/lock:")
    elif asked.kind == "choice":
        right = f"the answer is “{asked.choices[asked.answer]}”. {asked.explanation}"
        if mine == asked.answer:
            st.success(f"Right: {right}")
        elif said:
            st.error(f"Not quite: {right}")
        else:
            st.info(f"The vote is over: {right}", icon=":material/visibility:")
    else:
        st.info(f"Your answer: {said}. Now watch the teacher's experiment." if said else
                "Now watch the teacher's experiment.", icon=":material/visibility:")


def _vote(question_id: int, key: str) -> None:
    answer = st.session_state.get(key)
    if answer is None:
        notice("Choose an answer first.", "warning")
        return
    try:
        store().vote(question_id, learner(), answer)
    except ClassError as e:
        notice(str(e))
        return
    st.session_state.setdefault(VOTES, {})[question_id] = answer
