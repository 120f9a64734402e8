"""Train the learners' live runs (and do the other work their clicks start, `ui.live_run.Job`) on a small
server-wide pool of threads, in short slices, round robin.

Why not train inside the page's redraw ticks: a tick only comes when the browser asks for it (the fragment's
timer runs in the browser), after it has drawn the last one. Under load (a class on one server, or a slow
laptop drawing Plotly charts) ticks came seconds apart and training crawled while the server's CPU sat idle.
Here training goes on between ticks; the ticks only draw. A run is trained in slices of ``SLICE_SECONDS``; after
each slice it goes to the back of the queue, so every learner in a class gets the same share of the cores.

A run keeps training only while its page keeps ticking (``HEARTBEAT_SECONDS``) and its browser tab is connected: a
learner who closes the tab stops costing CPU at the next slice, one who goes to another page within seconds, and
the next tick on their return resumes it.
"""

import heapq
import itertools
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.live_run import Job, TrainingRun

SLICE_SECONDS = 0.05
# Trained in the Train click's own rerun, in CPU time so that a busy server still does a fixed amount of work:
# the click's response already shows where the run is going (bench/README.md has the figures).
HEAD_START_CPU_SECONDS = 0.1
HEARTBEAT_SECONDS = 3.0
LOCK_WAIT_SECONDS = 0.02
# (at most this many learners training, seconds between redraws): redraws cost every browser CPU, so fewer of
# them leave more of a shared server's cores for training (bench/load.py).
REDRAW_STEPS = ((1, 0.25), (4, 0.5), (8, 1.0), (float("inf"), 1.5))
WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))

_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="trainer")
_queue_lock = threading.Lock()
_active: set[int] = set()  # id() of the runs queued now
_later: list = []  # (when, order, run): runs ahead of their pace, queued again when their next epoch is due
_later_ready = threading.Condition(_queue_lock)


def active_runs() -> int:
    """How many runs the training threads have queued now (learners training at this moment)."""
    with _queue_lock:
        return len(_active)


def redraw_interval(active: int | None = None) -> float:
    """Seconds between a training page's redraws: slower when many learners train at once.

    Each redraw costs the server a script run and the learner's browser a Plotly update; with a class on one
    server, fewer redraws leave more of the cores for training.
    """
    active = active_runs() if active is None else active
    return next(seconds for limit, seconds in REDRAW_STEPS if active <= limit)


def chart_refresh_seconds(active: int | None = None) -> float:
    """How old the live loss chart may get while training: twice the redraw interval (0.5 s for one learner).

    The numbers update on every redraw; the chart is re-sent unchanged in between, which costs the browser next
    to nothing.
    """
    return 2 * redraw_interval(active)


def wanted(run: TrainingRun | Job) -> bool:
    """Should ``run`` train on: it is training, its page ticked recently and its tab is still connected."""
    return run.status == "training" and time.monotonic() - run.seen < HEARTBEAT_SECONDS and connected(run.session)


def connected(session: str | None) -> bool:
    """Whether the Streamlit session ``session`` still has its browser tab (True outside a server, e.g. AppTest)."""
    if session is None or not Runtime.exists():
        return True
    return Runtime.instance().is_active_session(session)


def session_id() -> str | None:
    """The Streamlit session of this script run (None outside one)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.session_id


def keep_training(run: TrainingRun | Job) -> None:
    """Mark ``run`` as watched now (by this script run's session), and queue it for training if it is not queued."""
    run.seen = time.monotonic()
    run.session = session_id() or run.session
    with _queue_lock:
        if run.scheduled or run.status != "training":
            return
        run.scheduled = True
        _active.add(id(run))
    _pool.submit(train_slice, run)


def train_slice(run: TrainingRun | Job) -> None:
    """Train ``run`` for one slice, then queue it again (at the back) or let it go."""
    # The page holds the lock while it draws this run: then skip the slice rather than block a pool thread.
    if run.lock.acquire(timeout=LOCK_WAIT_SECONDS):
        try:
            if wanted(run):
                run.advance(seconds=SLICE_SECONDS)
        except Exception as exc:  # never lose a thread or leave a run "training" with no one training it
            run.status, run.message = "paused", f"Training stopped: {exc}"
        finally:
            run.lock.release()
    wait = run.wait() if isinstance(run, TrainingRun) else 0.0
    with _queue_lock:
        again = wanted(run)
        run.scheduled = again
        if not again:
            _active.discard(id(run))
        elif wait > 0:  # ahead of its pace: no thread works for it until its next epoch is due
            heapq.heappush(_later, (time.monotonic() + wait, next(_order), run))
            _later_ready.notify()
            return
    if again:
        _pool.submit(train_slice, run)


_order = itertools.count()  # breaks ties in _later without comparing runs


def _wake_paced_runs() -> None:
    """Queue each run of ``_later`` again when its time comes (one thread for all of them)."""
    with _later_ready:
        while True:
            if not _later:
                _later_ready.wait()
                continue
            when = _later[0][0]
            if when > time.monotonic():
                _later_ready.wait(when - time.monotonic())
                continue
            _pool.submit(train_slice, heapq.heappop(_later)[2])


threading.Thread(target=_wake_paced_runs, name="pace", daemon=True).start()


def wait_until_idle(run: TrainingRun | Job, timeout: float = 10.0) -> bool:
    """Wait until no thread has ``run`` queued (for tests and scripts); returns whether it is idle."""
    deadline = time.monotonic() + timeout
    while run.scheduled and time.monotonic() < deadline:
        time.sleep(0.01)
    return not run.scheduled
