"""AppTest helpers: a page by its repo-relative path (AppTest resolves relative paths against the caller), the
fixture that opens a test module's ``PAGE``, and readers of what a page shows (metrics, charts)."""

import base64
import json
import re
import time
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def app_test(path: str, timeout: float = 120) -> AppTest:
    """``AppTest.from_file`` for ``path`` relative to the repo root, e.g. ``app_test("pages/pca.py")``."""
    return AppTest.from_file(str(ROOT / path), default_timeout=timeout)


def opened(path: str, timeout: float = 120, *, query: dict | None = None, state: dict | None = None) -> AppTest:
    """The page at ``path`` run once, with ``query`` parameters and session ``state`` set first; no exception."""
    at = app_test(path, timeout)
    at.query_params.update(query or {})
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened_box(at: AppTest, key: str) -> AppTest:
    """The page with the expander ``key`` of ``ui.lesson.on_demand`` opened: as a click on it, its state, then a
    rerun (what is inside is drawn only then)."""
    at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_fixture(scope: str = "function"):
    """A fixture ``at``: the test module's ``PAGE`` opened (within its ``TIMEOUT``, default 120 s)."""

    @pytest.fixture(scope=scope)
    def at(request) -> AppTest:
        return opened(request.module.PAGE, getattr(request.module, "TIMEOUT", 120))

    return at


def decode_typed_arrays(obj):
    """Replace Plotly's base64 typed arrays (``{"dtype", "bdata", "shape"?}``) by NumPy arrays, recursively."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            shape = obj.get("shape")
            if shape:
                arr = arr.reshape([int(n) for n in str(shape).split(",")] if isinstance(shape, str) else shape)
            return arr
        return {k: decode_typed_arrays(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [decode_typed_arrays(v) for v in obj]
    return obj


def live_charts(at: AppTest) -> list:
    """The live charts (``ui.live_plot``, updated in place) as ``(element id, go.Figure)``, in page order."""
    import plotly.graph_objects as go

    return [(c.proto.id, go.Figure(decode_typed_arrays(json.loads(json.loads(c.proto.json)["figure"]))))
            for c in at.get("bidi_component") if c.proto.component_name == "live_plotly_chart"]


def chart_specs(at: AppTest) -> str:
    """The JSON of every Plotly chart on the page (``st.plotly_chart``'s and the live charts'), for text checks."""
    return " ".join([c.proto.spec for c in at.get("plotly_chart")]
                    + [json.loads(c.proto.json)["figure"] for c in at.get("bidi_component")
                       if c.proto.component_name == "live_plotly_chart"])


def plotly_figures(at: AppTest) -> list:
    """Every Plotly chart on the page as a ``go.Figure`` (typed arrays decoded): ``st.plotly_chart``'s in page
    order, then the live charts."""
    import plotly.graph_objects as go

    return ([go.Figure(decode_typed_arrays(json.loads(chart.proto.spec))) for chart in at.get("plotly_chart")]
            + [fig for _, fig in live_charts(at)])


def press(at: AppTest, label: str | None = None, times: int = 1, *, key: str | None = None) -> None:
    """Click the button labelled ``label`` (or keyed ``key``) ``times`` times, rerunning and checking for exceptions
    each time; after a click that started training or a job, wait until the training threads have done it (see
    `finish_steps`) and rerun, so that the page shows where the work ended."""
    for _ in range(times):
        before = progress(at)
        button = next(b for b in at.button if (b.key == key if key else b.label == label))
        button.click().run()
        assert not at.exception, [e.value for e in at.exception]
        # A Step may end on the training threads while the click's own run is still drawing: compare, not ask.
        if finish_steps(at) or ended(before, progress(at)):
            at.run()
            assert not at.exception, [e.value for e in at.exception]


def progress(at: AppTest) -> dict:
    """Where each live run and job of the session stands: what a click that trains or works changes."""
    state = at.session_state
    runs = state["runs"].values() if "runs" in state else []
    jobs = state["jobs"].values() if "jobs" in state else []
    return ({id(r): (r.status, r.epoch) for r in runs}
            | {id(j): (j.status, j.progress, id(j.result)) for j in jobs})


def ended(before: dict, after: dict) -> bool:
    """Whether some run or job stopped working after ``before`` (a Step or a job that ended)."""
    return any(state != before.get(key) and state[0] != "training" for key, state in after.items())


def finish_steps(at: AppTest, timeout: float = 180.0) -> bool:
    """Wait until every Step of the page's live runs, and every job a click started, is done on the training
    threads, keeping their heartbeat going as a page's redraws would (AppTest fires no fragment timers); True if
    any had to be waited for."""
    from ui.live_threads import keep_training

    state = at.session_state
    runs = [r for r in (state["runs"].values() if "runs" in state else []) if r.stop_at is not None]
    work = runs + list(state["jobs"].values() if "jobs" in state else [])
    working = [w for w in work if w.status == "training"]
    deadline = time.monotonic() + timeout
    while any(w.status == "training" for w in working):
        assert time.monotonic() < deadline, "a Step or a job did not finish"
        for w in working:
            keep_training(w)
        time.sleep(0.02)
    return bool(working)


def shown(markdown: str) -> str:
    """What a learner reads in a Markdown element: its text without the backslashes that escape it (ui.text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def metric_element(at: AppTest, label: str):
    """The ``st.metric`` labelled ``label`` (its ``value``, ``delta``, ...)."""
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r}; have {[m.label for m in at.metric]}"
    return found[0]


def metric(at: AppTest, label: str) -> str:
    """The value of the ``st.metric`` labelled ``label``."""
    return metric_element(at, label).value
