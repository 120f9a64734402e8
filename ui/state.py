"""Every per-learner session key, initialised once, here.

Keys:
- ``runs``: dict of live-training runs (``ui.live_run.TrainingRun``) by component key.
- ``jobs``: dict of other work a click started on the training threads (``ui.live_run.Job``) by key.
- ``drawn_for``: per run, what the whole page was last drawn for (``ui.live_trainer``).
- ``live_views``: per live view, the last figure built and when (``ui.live_trainer.throttled``).
- ``answers``: dict of checked question answers by ``"<lesson>/<question id>"``.
- ``notices``: dict of one-off notices by component key (e.g. "settings changed, training restarted").
- ``choice_seed``: this learner's seed for the order of each question's choices (``ui.lesson.choice_orders``).
- ``questions_shown``: per lesson, the question ids drawn on the current run (reset by ``load_lesson``).
- ``"<page>:<name>"``: widget values. Streamlit forgets a widget's value when its page is not on screen;
  re-storing every such key on each run keeps a learner's settings when they navigate away and back.
"""

import secrets

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

PERSISTENT_MARK = ":"


def ensure_router() -> None:
    """Make sure this run went through ``app.py``'s navigation.

    Streamlit starts every server in its old "pages directory" mode because ``pages/`` exists, and leaves it
    only when ``st.navigation`` first runs. So if the very first visitor of a fresh server opens a deep link
    (say ``/pca``), the page runs on its own, with the old sidebar and no page config. Leaving that mode and
    rerunning sends the run through ``app.py`` (once per server process).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def init_state() -> None:
    """Create the shared containers once (safe to call from any page part, any number of times)."""
    ensure_router()
    ss = st.session_state
    ss.setdefault("runs", {})
    ss.setdefault("jobs", {})
    ss.setdefault("answers", {})
    ss.setdefault("notices", {})
    ss.setdefault("drawn_for", {})
    ss.setdefault("live_views", {})
    ss.setdefault("questions_shown", {})
    ss.setdefault("choice_seed", secrets.randbits(32))


def keep_widget_values() -> None:
    """Re-store every ``"<page>:<name>"`` key; call once per run, before any widget is drawn (``app.py``)."""
    ss = st.session_state
    for key in list(ss.keys()):
        if isinstance(key, str) and PERSISTENT_MARK in key:
            ss[key] = ss[key]


def default(key: str, value) -> None:
    """Give a keyed widget its first value without fighting values the learner already chose."""
    st.session_state.setdefault(key, value)
