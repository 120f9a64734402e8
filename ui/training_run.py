"""One learner's live training run: the model, its history and status, and `advance`, which trains it a bit.

No Streamlit here: the page's redraw ticks read a run, and the server's training threads (`ui.training_worker`)
advance it. Whoever advances a run or reads its model holds ``run.lock``.
"""

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from core import Autoencoder, TrainingDiverged
from core.training import train_for

# Settings a learner may change while the network trains; any other change starts a fresh network.
LIVE_PARAMS = ("learning_rate", "l2", "dropout", "noise")


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
    scheduled: bool = False  # a training thread has this run in its queue (ui.training_worker)
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


