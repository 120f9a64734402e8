"""For a teacher, on every page: presenter mode (larger text and charts, kept in the link as ``?presenter=1``) and
a reset of the page between two demonstrations (its settings, runs, answers and results)."""

import streamlit as st

from ui.live_threads import connected, session_id

PRESENTER = "app:presenter"
CSS = """<style>
[data-testid="stMarkdown"] p, [data-testid="stMarkdown"] li, [data-testid="stCaptionContainer"] { font-size: 1.35rem; }
[data-testid="stCaptionContainer"] { color: #31333F; }
[data-testid="stMainBlockContainer"] h1 { font-size: 3.2rem; }
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p { font-size: 1.25rem; }
[data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p { font-size: 3rem; }
</style>"""
TRUE = {"1", "true", "yes", "on"}


def presenting() -> bool:
    """Whether presenter mode is on: the learner's switch, first set from the link the page was opened with."""
    if PRESENTER not in st.session_state:
        st.session_state[PRESENTER] = str(st.query_params.get("presenter", "")).lower() in TRUE
    return bool(st.session_state[PRESENTER])


def classroom_controls(page: str) -> bool:
    """The sidebar's presenter switch and "Reset this page" button; presenter mode's larger text. Returns it."""
    on = presenting()
    with st.sidebar:
        st.toggle("Presenter mode", key=PRESENTER, help="Larger text and charts for a projector; the link keeps it, "
                  "so a prepared lesson opens in presenter mode.")
        st.button("Reset this page", key="app_reset_page", on_click=reset_page, args=(page,), icon=":material/replay:",
                  help="Every setting, run, answer and result of this page back to the start, for the next "
                       "demonstration.")
    on = presenting()
    if on:
        st.html(CSS)
        st.query_params["presenter"] = "1"
    elif "presenter" in st.query_params:
        del st.query_params["presenter"]
    return on


def reset_page(page: str) -> None:
    """Forget what the learner did on ``page``: its widgets' values, its runs and jobs, its answers and notices."""
    ss = st.session_state
    for name in [k for k in ss.keys() if isinstance(k, str) and k.startswith((f"{page}:", f"{page}_"))]:
        del ss[name]
    for store in ("runs", "jobs", "notices", "drawn_for", "live_views"):
        for name in [k for k in ss.get(store, {}) if str(k).startswith(page)]:
            job = ss[store][name]
            if hasattr(job, "leave"):  # a run or a job: it stops after its current slice (unless others share it)
                job.leave(session_id(), connected)
            del ss[store][name]
    for name in [k for k in ss.get("answers", {}) if k.startswith(f"{page}/")]:
        del ss["answers"][name]
    for name in [k for k in st.query_params if k != "presenter"]:  # the page's settings in its link (ui.link)
        del st.query_params[name]
