"""One learner's live training run: the model, its history and status, and `advance`, which trains it a slice.

No Streamlit here: the page's redraw ticks read a run, and the server's training threads (`ui.live_threads`)
advance it. Whoever advances a run or reads its model holds ``run.lock``. The settings marked ``live`` in
``core.params.PARAMS`` change a run in place; any other change starts a fresh network.
"""

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from core import Autoencoder, TrainingDiverged
from core.params import LIVE_PARAMS


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
    # Held while training or reading the model, so a redraw never sees a half-updated network.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    scheduled: bool = False  # a training thread has this run in its queue (ui.live_threads)
    seen: float = 0.0        # time.monotonic() of the last redraw tick that wanted it to keep training

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


def advance(run: TrainingRun, *, seconds: float = math.inf, max_epochs: int | None = None,
            clock: Callable[[], float] | None = None) -> list[dict]:
    """Train ``run`` for at most ``seconds`` (of wall time, or of ``clock``: see `train_for`) or ``max_epochs``
    epochs; update its status.

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
        records = train_for(run.iterator, seconds, max_epochs=limit, clock=clock)
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


class Records(list):
    """The records pulled by `train_for` (a plain list of dicts), plus ``finished``.

    ``finished`` is True when the generator is exhausted (it trained every epoch it was asked for, or the
    model was re-initialised elsewhere), so the caller knows to stop ticking.
    """

    finished: bool = False


# Iterators being advanced right now, by id (alive while listed). A generator that one thread is running raises
# "generator already executing" if another calls next() on it; a Streamlit rerun can overlap the run before it.
_busy: set[int] = set()
_busy_lock = threading.Lock()


def train_for(iterator: Iterator[dict], seconds: float, max_epochs: int | None = None, *,
              clock: Callable[[], float] | None = None) -> Records:
    """Pull epoch records from a `fit_iter` generator for about ``seconds`` of wall time.

    ``clock=time.thread_time`` counts this thread's CPU time instead (default: ``time.perf_counter``): a fixed
    amount of work however busy the machine is.

    Stops after the first record that ends at or past the deadline (so at least one epoch runs whenever
    ``max_epochs`` allows one, even with ``seconds=0``: a Step button always moves), after ``max_epochs``
    records, or when the generator ends (then ``records.finished`` is True). An epoch in progress is never cut,
    so the overrun is at most one epoch. The generator is left open for the next call. If another thread is
    advancing the same iterator at this moment, returns an empty `Records` at once (not finished).

    Returns
    -------
    Records: a list of the records pulled, oldest first.

    Raises
    ------
    TrainingDiverged
        Re-raised from the generator. The records pulled in this call *before* the divergence are not lost:
        they are attached as ``exc.records`` (a `Records` with ``finished=True``; the model has them in
        ``loss_curve_`` too). The generator is finished; the model holds the parameters of its last good epoch.
    """
    records = Records()
    if max_epochs is not None and max_epochs <= 0:
        return records
    with _busy_lock:
        if id(iterator) in _busy:
            return records
        _busy.add(id(iterator))
    try:
        return _pull(iterator, seconds, max_epochs, records, clock or time.perf_counter)
    finally:
        with _busy_lock:
            _busy.discard(id(iterator))


def _pull(iterator, seconds, max_epochs, records, clock):
    deadline = clock() + seconds
    try:
        for record in iterator:
            records.append(record)
            if max_epochs is not None and len(records) >= max_epochs:
                return records
            if clock() >= deadline:
                return records
    except TrainingDiverged as exc:
        records.finished = True
        exc.records = records
        raise
    records.finished = True
    return records
