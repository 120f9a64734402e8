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

import functools
import secrets
import sys
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

PERSISTENT_MARK = ":"


def ensure_router() -> None:
    """Make sure this run went through ``app.py``'s navigation.

    Streamlit starts every server in its old "pages directory" mode because ``pages/`` exists, and leaves it
    only when ``st.navigation`` first runs. So if the very first visitors of a fresh server open deep links
    (say ``/pca?join=ABCDE``), their pages run on their own: the old sidebar, no page config, no class. The
    first of them leaves that mode; each of them, seeing that its run did not start from the router, reruns
    through ``app.py``.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    ctx = get_script_run_ctx()
    if ctx is not None and not ctx.fragment_ids_this_run and _without_router(ctx.main_script_path):
        st.rerun()


def _without_router(main_script: str) -> bool:
    """Whether the script this run started from is not the main script (a page run on its own). Frames, not a
    flag: the runs of two first visitors are under way at once."""
    frame, outermost = sys._getframe(), None
    while frame is not None:
        if frame.f_globals.get("__name__") == "__main__":
            outermost = frame.f_globals.get("__file__")
        frame = frame.f_back
    return outermost is not None and not _same_file(outermost, main_script)


@functools.cache
def _same_file(a: str, b: str) -> bool:
    return Path(a).resolve() == Path(b).resolve()


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
