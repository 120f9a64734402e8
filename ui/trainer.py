"""The live-training component every lesson reuses: Train / Pause / Step / Reset and a live loss chart.

How it stays responsive under load: the controls sit outside a fragment; while training, the fragment reruns on
a timer and each rerun ("tick") trains for a bounded slice of wall time, then redraws. Training mutates the
model in place and the records are appended before anything is drawn, so a tick that Streamlit interrupts at a
drawing call keeps the work it did. Streamlit coalesces timer reruns that arrive while a tick is still running
(they do not pre-empt it), so a slow tick on a busy server delays the next redraw instead of cancelling it.
"""

import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import streamlit as st

from core import Autoencoder, TrainingDiverged
from core.training import train_for
from ui.state import init_state
from viz.training import loss_figure

# Settings a learner may change while the network trains; any other change starts a fresh network.
LIVE_PARAMS = ("learning_rate", "l2", "dropout", "noise")
TICK_SECONDS = 0.15     # wall time of training per tick (about 100-150 ms of compute)
REDRAW_INTERVAL = 0.25  # seconds between ticks: a few redraws per second at most


@dataclass
class TrainingRun:
    """One learner's live training: the model, its per-epoch history and where it stands."""

    key: str
    model: Autoencoder
    X: np.ndarray
    X_val: np.ndarray | None
    data_key: str
    params: dict
    epochs: int
    history: list = field(default_factory=list)
    status: str = "ready"  # ready | training | paused | finished | diverged
    message: str | None = None
    iterator: Iterator | None = None
    # (seconds training, seconds drawing) of recent ticks: what benchmarks read to split the server's work.
    ticks: deque = field(default_factory=lambda: deque(maxlen=500))

    @property
    def epoch(self) -> int:
        return int(self.history[-1]["epoch"]) if self.history else 0

    @property
    def losses(self) -> np.ndarray:
        return np.array([r["loss"] for r in self.history], dtype=float)

    @property
    def loss(self) -> float | None:
        return float(self.history[-1]["loss"]) if self.history else None


def structural(params: dict) -> dict:
    return {k: v for k, v in params.items() if k not in LIVE_PARAMS}


def new_run(key: str, X, params: dict, *, data_key: str, epochs: int, X_val=None) -> TrainingRun:
    return TrainingRun(key=key, model=Autoencoder(**params), X=X, X_val=X_val, data_key=data_key,
                       params=dict(params), epochs=int(epochs))


def advance(run: TrainingRun, *, seconds: float = math.inf, max_epochs: int | None = None) -> list[dict]:
    """Train ``run`` for at most ``seconds`` of wall time or ``max_epochs`` epochs; update its status.

    The records are appended to ``run.history`` before this returns, so nothing trained is ever lost.
    """
    remaining = run.epochs - run.epoch
    if remaining <= 0:
        run.status = "finished"
        return []
    if run.iterator is None:
        try:
            run.iterator = run.model.fit_iter(run.X, epochs=remaining, X_val=run.X_val, warm_start=run.epoch > 0)
        except ValueError as exc:  # a setting out of bounds: say which, keep everything as it is
            run.status, run.message = "paused", f"Cannot train with these settings: {exc}"
            return []
    limit = remaining if max_epochs is None else min(max_epochs, remaining)
    try:
        records = train_for(run.iterator, seconds, max_epochs=limit)
    except TrainingDiverged as exc:
        run.history.extend(getattr(exc, "records", []))
        run.iterator = None
        run.status = "diverged"
        run.message = str(exc)
        return []
    run.history.extend(records)
    if records.finished:
        run.iterator = None  # ran dry (opened for fewer epochs): the next tick opens a fresh one
    if run.epoch >= run.epochs:
        run.status = "finished"
        run.iterator = None
    return records


def _get_run(key: str, X, params: dict, data_key: str, epochs: int, X_val) -> TrainingRun:
    runs = st.session_state["runs"]
    run = runs.get(key)
    if run is not None and (run.data_key != data_key or structural(run.params) != structural(params)):
        st.session_state["notices"][key] = (
            "You changed the data or the network's shape, so training starts again from a fresh random network."
        )
        run = None
    if run is None:
        run = runs[key] = new_run(key, X, params, data_key=data_key, epochs=epochs, X_val=X_val)
        return run
    changed = {k: params[k] for k in LIVE_PARAMS if k in params and run.params.get(k) != params[k]}
    if changed:
        # Takes effect at the model's next batch: the optimiser reads the learning rate at every step.
        run.model.set_params(**changed)
        run.params.update(changed)
    if epochs != run.epochs:
        # The generator was opened for the old length: drop it, the next tick opens one with warm_start.
        run.epochs = max(int(epochs), run.epoch)
        run.iterator = None
        if run.status == "finished" and run.epoch < run.epochs:
            run.status = "paused"
        elif run.epoch >= run.epochs and run.status == "training":
            run.status = "finished"
    return run


def _on_train(key: str) -> None:
    run = st.session_state["runs"][key]
    if run.status == "finished":
        run.epochs += run.epochs  # train as long again; the chart's x-axis grows once
    run.status, run.message = "training", None


def _on_pause(key: str) -> None:
    run = st.session_state["runs"][key]
    if run.status == "training":
        run.status = "paused"


def _on_step(key: str, step_epochs: int) -> None:
    run = st.session_state["runs"][key]
    if run.status == "finished":
        run.epochs += step_epochs
    run.status, run.message = "paused", None
    advance(run, max_epochs=step_epochs)


def _on_reset(key: str) -> None:
    run = st.session_state["runs"][key]
    st.session_state["runs"][key] = new_run(key, run.X, run.params, data_key=run.data_key, epochs=run.epochs,
                                            X_val=run.X_val)


def _controls(run: TrainingRun, step_epochs: int) -> None:
    key = run.key
    c1, c2, c3, _ = st.columns([1, 1, 1, 3])
    if run.status == "training":
        c1.button("Pause", key=f"{key}_pause", on_click=_on_pause, args=(key,), icon=":material/pause:",
                  width="stretch")
    else:
        c1.button("Train", key=f"{key}_train", on_click=_on_train, args=(key,), type="primary",
                  icon=":material/play_arrow:", width="stretch")
    c2.button("Step", key=f"{key}_step", on_click=_on_step, args=(key, step_epochs), icon=":material/skip_next:",
              help=f"Train exactly {step_epochs} epochs, then pause.", width="stretch")
    c3.button("Reset", key=f"{key}_reset", on_click=_on_reset, args=(key,), icon=":material/restart_alt:",
              help="Start again from a fresh random network (same settings and seed).", width="stretch")


STATUS_TEXT = {
    "ready": "ready: press Train",
    "training": "training…",
    "paused": "paused",
    "finished": "finished",
    "diverged": "stopped: the loss diverged",
}


def _panel(key: str, *, reference, reference_label, live, log_y) -> None:
    run = st.session_state["runs"][key]
    started = time.perf_counter()
    trained = 0.0
    if run.status == "training":
        advance(run, seconds=TICK_SECONDS)
        trained = time.perf_counter() - started
        if run.status != "training":
            st.rerun()  # stop the timer and refresh the buttons
    status = STATUS_TEXT[run.status]
    loss = "–" if run.loss is None else f"{run.loss:.4f}"
    st.markdown(f"**Epoch {run.epoch} / {run.epochs}** · loss J/N = **{loss}** · {status}")
    if run.message:
        st.error(run.message, icon=":material/warning:")
    st.plotly_chart(
        loss_figure(run.history, epochs=run.epochs, reference=reference, reference_label=reference_label,
                    log_y=log_y, uirevision=key),
        width="stretch", key=f"{key}_loss_chart", config={"displayModeBar": False},
    )
    if live is not None:
        if run.epoch > 0:
            live(run)
        else:
            st.info("Press **Train** (or **Step**) to start; the live views appear after the first epoch.")
    if trained:
        run.ticks.append((trained, time.perf_counter() - started - trained))


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
    log_y: bool = False,
) -> TrainingRun:
    """Draw the training controls and the live panel for the model ``Autoencoder(**params)`` on ``X``.

    The run is kept in ``st.session_state["runs"][key]``; see ``TrainingRun``. ``live(run)`` draws extra live
    views inside the ticking fragment. Returns the run as it stands when the page's script reaches this call.
    """
    init_state()
    run = _get_run(key, X, params, data_key, epochs, X_val)
    notice = st.session_state["notices"].pop(key, None)
    if notice:
        st.info(notice, icon=":material/refresh:")
    _controls(run, step_epochs)

    @st.fragment(run_every=REDRAW_INTERVAL if run.status == "training" else None)
    def panel() -> None:
        _panel(key, reference=reference, reference_label=reference_label, live=live, log_y=log_y)

    panel()
    return run
