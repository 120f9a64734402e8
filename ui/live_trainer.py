"""The live-training panel every lesson reuses: Train / Pause / Step / Reset, a live loss chart, live views.

How it stays responsive under load: the controls and the live panel are a fragment, so Train reruns only them,
and the click trains a first slice itself. While training, the panel (a fragment inside it) reruns on a timer
("ticks") and only draws, holding the run's lock so it never sees a half-updated network. The rest of the
training runs on the server's training threads (`ui.live_threads`), in short slices shared fairly between
all the learners, and goes on between ticks; each tick tells those threads the page is still watching.
"""

import html
import time
from collections.abc import Callable, Sequence

import numpy as np
import streamlit as st

from analysis.baseline import gap_percent
from core.params import LIVE_PARAMS
from ui.accessibility import calm
from ui.live_plot import live_plotly_chart
from ui.live_run import Job, SharedJobs, TrainingRun, advance, new_run, restart, step, structural, swap_data
from ui.live_threads import (
    HEAD_START_CPU_SECONDS,
    chart_refresh_seconds,
    connected,
    keep_training,
    redraw_interval,
    session_id,
)
from ui.state import default, init_state
from ui.text import plain
from ui.widgets import number
from viz.latent import padded_range
from viz.style import CHART
from viz.training import loss_figure

SHARED_JOBS = SharedJobs()  # per server: jobs learners share (start_job(..., shared=True))
VIEWS_KEY = "live_views"  # per learner: {view key: (run, built at, value)}, see `throttled`


def _get_run(key: str, X, params: dict, data_key: str, epochs: int, X_val, pace: float | None,
             follow_data: bool = False) -> TrainingRun:
    runs = st.session_state["runs"]
    run = runs.get(key)
    if follow_data and run is not None and run.data_key != data_key and structural(run.params) == structural(params):
        swap_data(run, X, data_key)  # the same network, weights and optimiser go on with the new data
    if run is not None and (run.data_key != data_key or structural(run.params) != structural(params)):
        if run.epoch > 0:
            st.session_state["notices"][key] = ("You changed the data or the network's shape, so training starts "
                                                "again from a fresh random network.")
        _retire(run)
        run = None
    if run is None:
        run = runs[key] = new_run(key, X, params, data_key=data_key, epochs=epochs, X_val=X_val)
        run.set_pace(pace)
        return run
    if pace != run.pace:
        with run.lock:
            run.set_pace(pace)
    changed = {k: params[k] for k in LIVE_PARAMS if k in params and run.params.get(k) != params[k]}
    if changed:
        with run.lock:
            # Takes effect at the model's next batch: the optimiser reads the learning rate at every step.
            run.model.set_params(**changed)
            run.params.update(changed)
    if epochs != run.requested:  # the page asks for another length (a slider): a continued run keeps its own
        with run.lock:
            run.requested, run.epochs = int(epochs), max(int(epochs), run.epoch)
            if run.status == "finished" and run.epoch < run.epochs:
                run.status = "paused"
            elif run.epoch >= run.epochs and run.status == "training":
                run.status = "finished"
    return run


def _retire(run: TrainingRun) -> None:
    """Stop a run that is being replaced: its training thread lets it go after the current slice."""
    with run.lock:
        if run.status == "training":
            run.status = "paused"


def _on_train(key: str) -> None:
    run = st.session_state["runs"][key]
    with run.lock:
        if run.status == "too_big":
            return
        if run.status == "finished":
            run.epochs += run.requested  # train as long again; the chart's x-axis grows once
        run.status, run.message, run.stop_at = "training", None, None
        run.set_pace(run.pace)  # the pace counts from the click
        advance(run, seconds=HEAD_START_CPU_SECONDS, clock=time.thread_time)  # see HEAD_START_CPU_SECONDS
    keep_training(run)  # the rest on the training threads, while the page redraws


def _on_pause(key: str) -> None:
    run = st.session_state["runs"][key]
    with run.lock:
        if run.status == "training":
            run.status, run.stop_at = "paused", None


def _on_step(key: str, step_epochs: int) -> None:
    run = st.session_state["runs"][key]
    with run.lock:
        if run.status == "too_big":
            return
        step(run, step_epochs)
        advance(run, seconds=HEAD_START_CPU_SECONDS, clock=time.thread_time)  # a short Step ends in the click
    keep_training(run)  # the rest of a long one on the training threads, where Pause and a closed tab stop it


def _on_reset(key: str) -> None:
    run = st.session_state["runs"][key]
    _retire(run)
    st.session_state["runs"][key] = restart(run)


def _paces(normal: float | None) -> dict[str, float | None]:
    """The pace control's choices, epochs a second: a quarter of the lesson's pace, the lesson's, and unpaced."""
    return {"slow": None if normal is None else normal / 4, "normal": normal, "fast": None}


def _on_pace(key: str, normal: float | None) -> None:
    run = st.session_state["runs"][key]
    with run.lock:
        run.set_pace(_paces(normal)[st.session_state[f"{key}:pace"] or "fast"])


def _controls(run: TrainingRun, step_epochs: int, pace: float | None) -> None:
    key = run.key
    c1, c2, c3, c4, c5 = st.columns([1, 1, 1, 1, 2.4], vertical_alignment="bottom")
    blocked = run.status == "too_big"
    if run.status == "training":
        c1.button("Pause", key=f"{key}_pause", on_click=_on_pause, args=(key,), icon=":material/pause:",
                  width="stretch")
    else:
        c1.button("Train", key=f"{key}_train", on_click=_on_train, args=(key,), type="primary",
                  icon=":material/play_arrow:", width="stretch", disabled=blocked)
    c2.button("Step", key=f"{key}_step", on_click=_on_step, args=(key, step_epochs), icon=":material/skip_next:",
              help=f"Train exactly {step_epochs} epochs, then pause.", width="stretch", disabled=blocked)
    c3.button("1 epoch", key=f"{key}_step1", on_click=_on_step, args=(key, 1), icon=":material/exposure_plus_1:",
              help="Train exactly one epoch, then pause.", width="stretch", disabled=blocked)
    c4.button("Reset", key=f"{key}_reset", on_click=_on_reset, args=(key,), icon=":material/restart_alt:",
              help="Start again from a fresh random network (same settings and seed).", width="stretch")
    if pace is not None:
        paces = _paces(pace)
        c5.segmented_control("Pace", list(paces), key=f"{key}:pace", on_change=_on_pace, args=(key, pace),
                             format_func=lambda p: p if paces[p] is None else f"{p} · {paces[p]:g}/s",
                             help="How many epochs a second you watch while it trains; fast is as fast as the "
                                  "server trains. Step and 1 epoch are never slowed down.")


HIDDEN = "position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap"
ANNOUNCE_SECONDS = 1.0  # a screen reader hears the run's status at most this often
STATUS_TEXT = {
    "ready": "ready: press Train",
    "training": "training…",
    "paused": "paused",
    "finished": "finished",
    "diverged": "stopped: the loss diverged",
    "too_big": "too large to train here",
}


def _panel(key: str, *, ticking: bool, reference, reference_label, live, log_y, live_header, guess, levels) -> None:
    run = st.session_state["runs"][key]
    if run.status == "training":
        keep_training(run)
    elif ticking:
        st.rerun()  # it finished or diverged since the last tick: stop the timer and refresh the buttons
    with run.lock:  # a consistent picture: no epoch ends while this draws
        _draw(run, reference=reference, reference_label=reference_label, live=live, log_y=log_y,
              live_header=live_header, guess=guess, levels=levels)


def _draw(run: TrainingRun, *, reference, reference_label, live, log_y, live_header, guess, levels) -> None:
    key = run.key
    status = STATUS_TEXT[run.status]
    loss = "–" if run.loss is None else number(run.loss)
    if run.status == "diverged" and run.blowup is not None:
        status += f" (to {number(run.blowup[1])} at epoch {run.blowup[0]})"
    gap = _gap_words(run.loss, reference, reference_label)
    line = f"Epoch {run.epoch} of {run.epochs}, loss {loss}{', ' + gap if gap else ''}, {status}"
    st.markdown(f"**Epoch {run.epoch} / {run.epochs}** · loss J/N = **{loss}**{' · ' + plain(gap) if gap else ''}"
                f" · {status}"
                f'<span role="status" aria-live="polite" style="{HIDDEN}">{html.escape(_announced(key, line, run))}'
                "</span>", unsafe_allow_html=True)
    if run.message:
        st.error(run.message, icon=":material/warning:")
    if live_header:
        _live(run, live, header=True)
    if run.epoch == 0 and reference is None and guess is None and not levels:
        st.caption("The loss curve is drawn here from the first epoch on.")  # an empty chart: not worth its load
    else:
        chart = throttled(f"{key}_loss_chart", run, lambda: loss_figure(
            run.history, epochs=run.epochs, reference=reference, reference_label=reference_label, log_y=log_y,
            uirevision=key, blowup=run.blowup if run.status == "diverged" else None, guess=guess,
            levels=levels).to_json(), seconds=chart_refresh_seconds())
        live_plotly_chart(chart, key=f"{key}_loss_chart", config=CHART, label=f"Loss chart: {line}")
    if not live_header:
        _live(run, live)


def _gap_words(loss: float | None, reference: float | None, label: str) -> str:
    """The loss against the reference line in words ("0.1 % above PCA's optimum"): the chart's message as text."""
    if loss is None or reference is None or not np.isfinite(gap := gap_percent(loss, reference)):
        return ""
    return f"{abs(gap):.1f} % {'above' if gap >= 0 else 'below'} {label}"


def _announced(key: str, line: str, run: TrainingRun) -> str:
    """What the status region tells a screen reader: the status line, at most once a second while training (the
    panel redraws several times a second), at once when the run stops."""
    views = st.session_state.setdefault(VIEWS_KEY, {})
    last = views.get(f"{key}_announced")
    now = time.monotonic()
    if last is None or run.status != "training" or now - last[0] >= ANNOUNCE_SECONDS:
        last = views[f"{key}_announced"] = (now, line)
    return last[1]


def _live(run: TrainingRun, live, *, header: bool = False) -> None:
    if live is None:
        return
    if run.epoch > 0 or header:
        live(run)
    else:
        st.info("Press **Train** (or **Step**) to start; the live views appear after the first epoch.")


def live_training(
    key: str,
    X: np.ndarray,
    params: dict,
    *,
    data_key: str,
    epochs: int = 2000,
    X_val: np.ndarray | None = None,
    reference: float | None = None,
    reference_label: str = "PCA optimum",
    live: Callable[[TrainingRun], None] | None = None,
    step_epochs: int = 25,
    pace: float | None = None,
    log_y: bool = False,
    live_header: bool = False,
    guess: tuple[float, str] | None = None,
    follow_data: bool = False,
    levels: Sequence[tuple[float, str]] = (),
) -> TrainingRun:
    """Draw the training controls and the live panel for the model ``Autoencoder(**params)`` on ``X``.

    The run is kept in ``st.session_state["runs"][key]``; see ``TrainingRun``. ``live(run)`` draws extra live
    views inside the ticking fragment, under the loss chart from the first epoch on. With ``live_header`` it is
    a row of numbers above the chart, drawn from the start (``live`` must handle ``run.epoch == 0``): the
    browser draws the numbers before it gets to the chart, and has their code loaded before Train is pressed,
    which on a busy machine made the difference between the first numbers in a second or in several. ``pace``
    is the lesson's epochs a second to watch (the learner may choose a quarter of it, or fast; None: no pace
    control, as fast as the server trains). ``guess`` is ``(value, label)``: the learner's predicted loss, drawn on the
    loss chart as a dotted line of its own; ``levels``, ``(value, label)`` pairs, more dashed reference lines (the
    saddles a run passes). With ``follow_data``, new data (another ``data_key``) does not restart
    the run: the same network trains on, on the new data. Returns the run as it stands when the page's script
    reaches this call.
    """
    init_state()
    default(f"{key}:pace", "fast" if pace is None else "normal")
    run = _get_run(key, X, params, data_key, epochs, X_val, _paces(pace)[st.session_state[f"{key}:pace"] or "fast"],
                   follow_data)
    notice = st.session_state["notices"].pop(key, None)
    if notice:
        st.info(notice, icon=":material/refresh:")
    st.session_state["drawn_for"][key] = _page_state(run)
    draw = dict(reference=reference, reference_label=reference_label, live=live, log_y=log_y,
                live_header=live_header, guess=guess, levels=levels)

    # The buttons are inside a fragment, so Train reruns only this part of the page: the whole page's rerun
    # (the server's script, and every element redrawn by the browser) was most of the cost of a click when a
    # class pressed Train together. Step, Reset and Pause change what the rest of the page shows (its views of
    # the network), so after them the whole page reruns.
    @st.fragment
    def section() -> None:
        run = st.session_state["runs"][key]
        if run.status != "training" and _page_state(run) != st.session_state["drawn_for"].get(key):
            st.rerun()
        _controls(run, step_epochs, pace)
        training = run.status == "training"

        # While training, a few redraws per second at most, fewer when the server is busy (see redraw_interval);
        # training stops with a whole-page rerun, which stops the timer. The panel is a fragment either way, so
        # its elements keep the same places on the page whether it ticks or not, and Train replaces them in place.
        @st.fragment(run_every=calm(redraw_interval()) if training else None)
        def panel() -> None:
            _panel(key, ticking=training, **draw)

        panel()

    section()
    return run


def _page_state(run: TrainingRun) -> tuple:
    """What the rest of the page depends on: which network, how far trained, and whether it trains."""
    return id(run), run.epoch, run.status


def throttled(key: str, run: TrainingRun, build: Callable[[], object], seconds: float = 1.0):
    """``build()``, or its last result for this run if the run is training and that result is < ``seconds`` old.

    The panel redraws a few times a second; rebuilding a figure of thousands of points (or a neighbour score) on
    every tick would take most of each tick from training. Views are at most ``seconds`` behind while training,
    and exact once it pauses.
    """
    cache = st.session_state.setdefault(VIEWS_KEY, {})
    now = time.monotonic()
    entry = cache.get(key)
    if entry is not None and entry[0] is run and run.status == "training" and now - entry[1] < seconds:
        return entry[2]
    value = build()
    cache[key] = (run, now, value)
    return value


def growing_ranges(key: str, run: TrainingRun, Z: np.ndarray) -> tuple[list[float], list[float]]:
    """Axis ranges for the first two columns of a live code Z that only ever grow during a run, so that the chart
    does not jump at every tick (a fresh run starts from its own code's ranges)."""
    cache = st.session_state.setdefault(VIEWS_KEY, {})
    y = Z[:, 1] if Z.shape[1] > 1 else np.zeros(len(Z))
    now = [padded_range(Z[:, 0]), padded_range(y)]
    entry = cache.get(key)
    if entry is not None and entry[0] is run.model and run.epoch > 1:
        now = [[min(a[0], b[0]), max(a[1], b[1])] for a, b in zip(entry[2], now, strict=True)]
    cache[key] = (run.model, time.monotonic(), now)
    return now[0], now[1]


def start_job(key: str, steps, request: tuple = (), *, shared: bool = False) -> Job:
    """Hand the generator ``steps`` (see `ui.live_run.Job`) to the training threads as this learner's job ``key``,
    replacing (and leaving) the one before. ``shared``: ``request`` names everything the result depends on, so
    learners asking the same get one job (`ui.live_run.SharedJobs`)."""
    init_state()
    jobs = st.session_state["jobs"]
    if key in jobs:
        jobs[key].leave(session_id(), connected)
    job = Job(key, steps, request)
    job = SHARED_JOBS.join(job) if shared else job
    job.watchers.add(session_id())
    jobs[key] = job
    keep_training(job)
    return job


def _cancel_job(key: str) -> None:
    """This learner stops watching the job: it stops, unless other learners share it (then only they see it)."""
    jobs = st.session_state["jobs"]
    jobs[key].leave(session_id(), connected)
    if jobs[key].status == "training":
        del jobs[key]


def background_job(key: str, label: str) -> Job | None:
    """This learner's job ``key`` (None if never started). While it works: its progress and a Cancel button, in a
    fragment whose redraws keep it going (a closed tab stops it); the whole page reruns when it ends."""
    init_state()
    if key not in st.session_state["jobs"]:
        return None
    working = st.session_state["jobs"][key].status == "training"

    @st.fragment(run_every=redraw_interval() if working else None)
    def panel() -> None:
        job = st.session_state["jobs"].get(key)
        if job is None or job.status != "training":
            if working:
                st.rerun()  # it ended since the last redraw: show its result
            return
        keep_training(job)
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.progress(job.progress, text=f"{label}: {100 * job.progress:.0f} %")
        right.button("Cancel", key=f"{key}_cancel", on_click=_cancel_job, args=(key,), icon=":material/stop:",
                     width="stretch")

    panel()
    return st.session_state["jobs"][key]
