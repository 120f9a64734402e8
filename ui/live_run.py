"""One learner's live training run: the model, its history and status, and `advance`, which trains it a slice.

No Streamlit here: the page's redraw ticks read a run, and the server's training threads (`ui.live_threads`)
advance it. Whoever advances a run or reads its model holds ``run.lock``. The settings marked ``live`` in
``core.params.PARAMS`` change a run in place; any other change starts a fresh network.

A run trains through one ``Autoencoder.fit_steps`` generator, open from its first step to its end, so it is
exactly the run ``fit`` would give however it was sliced, paused, stepped or continued. A slice stops between two
gradient steps, so Pause, Reset and a closed tab stop it within one step; and one step is bounded, because a
run may not ask for more than `MAX_EPOCH_WORK` (the message says so before it starts).
"""

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from core import Autoencoder, TrainingDiverged
from core.network import forward_work, layer_sizes
from core.params import LIVE_PARAMS, layers_as_tuple

# Multiply-adds of one forward pass over the data (samples x the network's weights): about 0.2 s of a core, so a
# training epoch (about four such passes) stays under a second on a shared server (bench/README.md).
MAX_EPOCH_WORK = 1_000_000_000
OPEN_ENDED = 10**9  # epochs of a run's generator: the run, not the generator, decides where it stops


@dataclass
class TrainingRun:
    """One learner's live training: the model, its per-epoch history and where it stands.

    ``epochs`` is where training finishes; ``stop_at`` where a Step pauses it. ``requested`` is the length the page
    asked for (a finished run's Train adds that much again). ``pace`` is how many epochs a second the learner
    watches (None: as fast as the server trains); a Step is never paced.
    """

    key: str
    model: Autoencoder
    X: np.ndarray
    X_val: np.ndarray | None
    data_key: str
    params: dict
    epochs: int
    requested: int = 0
    stop_at: int | None = None
    pace: float | None = None
    paced_since: tuple = (0.0, 0)  # (time.monotonic(), epoch) when the pace last started
    history: list = field(default_factory=list)
    status: str = "ready"  # ready | training | paused | finished | diverged | too_big
    message: str | None = None
    blowup: tuple | None = None  # (epoch, loss) of the last divergence: shown on the chart, not in the history
    steps: Iterator | None = None
    # Held while training or reading the model, so a redraw never sees a half-updated network.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    scheduled: bool = False  # a training thread has this run in its queue (ui.live_threads)
    seen: float = 0.0        # time.monotonic() of the last redraw tick that wanted it to keep training
    session: str | None = None  # the Streamlit session watching it: training stops when its tab is closed

    @property
    def epoch(self) -> int:
        return int(self.history[-1]["epoch"]) if self.history else 0

    @property
    def losses(self) -> np.ndarray:
        return np.array([r["loss"] for r in self.history], dtype=float)

    @property
    def loss(self) -> float | None:
        return float(self.history[-1]["loss"]) if self.history else None

    def advance(self, seconds: float = math.inf, clock: Callable[[], float] | None = None) -> list[dict]:
        return advance(self, seconds=seconds, clock=clock)

    def leave(self, session: str | None = None, still_here=None) -> None:
        """Its learner goes (Reset): it stops after the step in progress."""
        with self.lock:
            if self.status == "training":
                self.status = "paused"

    def set_pace(self, pace: float | None) -> None:
        """Watch ``pace`` epochs a second (None: fast) from now on."""
        self.pace, self.paced_since = pace, (time.monotonic(), self.epoch)

    def due(self) -> int:
        """The epoch the run may have reached by now at its pace: one at once, then ``pace`` a second."""
        if self.pace is None or self.stop_at is not None:
            return OPEN_ENDED
        since, epoch = self.paced_since
        return epoch + 1 + int(self.pace * (time.monotonic() - since))

    def wait(self) -> float:
        """Seconds until the pace allows the next epoch (0: now)."""
        if self.due() > self.epoch:
            return 0.0
        since, epoch = self.paced_since
        return max(0.0, since + (self.epoch - epoch) / self.pace - time.monotonic())


@dataclass
class Job:
    """Work that a click starts and the training threads do in slices, like a run's training: ``steps`` is a
    generator that yields its progress (a fraction in [0, 1]) between short pieces of work and returns its result.
    ``request`` says what it computes (so a page can tell which settings a result belongs to)."""

    key: str
    steps: Iterator
    request: tuple = ()
    status: str = "training"  # training | paused | finished | failed
    progress: float = 0.0
    result: object = None
    message: str | None = None
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    scheduled: bool = False
    seen: float = 0.0
    session: str | None = None
    watchers: set = field(default_factory=set)  # the sessions showing it (several when it is shared)

    def leave(self, session: str | None, still_here: Callable[[str | None], bool] = lambda s: True) -> None:
        """``session`` stops watching: the work stops when no one else watches (a shared job goes on for them).
        ``still_here`` tells whether another watcher's tab is still open."""
        with self.lock:
            self.watchers = {s for s in self.watchers if s != session and still_here(s)}
            if not self.watchers and self.status == "training":
                self.status = "paused"

    def advance(self, seconds: float = math.inf, clock: Callable[[], float] | None = None) -> None:
        """Work for about ``seconds``; the overrun is one piece of the generator's work."""
        clock = clock or time.perf_counter
        deadline = clock() + seconds
        while True:
            try:
                self.progress = float(next(self.steps))
            except StopIteration as done:
                self.status, self.progress, self.result = "finished", 1.0, done.value
                return
            except Exception as exc:  # a failed computation says why; the page stays usable
                self.status, self.message = "failed", str(exc)
                return
            if clock() >= deadline:
                return


class SharedJobs:
    """Jobs that learners share: the same request gives the same job, so a class pressing one button together
    computes it once. Only for jobs whose ``(key, request)`` names everything their result depends on (the data,
    the settings) and whose result is reproducible. The last ``size`` requests are kept."""

    def __init__(self, size: int = 16):
        self.size, self._jobs, self._lock = size, OrderedDict(), threading.Lock()

    def join(self, job: Job) -> Job:
        """The job already started for ``job``'s request (resumed if everyone had left it), else ``job`` itself."""
        name = (job.key, job.request)
        with self._lock:
            found = self._jobs.get(name)
            if found is not None and found.status != "failed":
                with found.lock:
                    if found.status == "paused":
                        found.status = "training"
                self._jobs.move_to_end(name)
                job.steps.close()
                return found
            self._jobs[name] = job
            while len(self._jobs) > self.size:
                self._jobs.popitem(last=False)
            return job


def structural(params: dict) -> dict:
    return {k: v for k, v in params.items() if k not in LIVE_PARAMS}


def too_big(X, params: dict) -> str | None:
    """Why a run of ``Autoencoder(**params)`` on X (N, D) asks for more work than one learner may, or None."""
    sizes = layer_sizes(X.shape[1], layers_as_tuple(params.get("hidden_layer_sizes", (2,))))
    work = forward_work(len(X), sizes)
    if work <= MAX_EPOCH_WORK:
        return None
    return (f"This network is too large to train here: {len(X):,} samples through {' → '.join(map(str, sizes))} "
            f"is {work / 1e9:.1f} billion multiply-adds per pass over the data, and one learner may ask for at most "
            f"{MAX_EPOCH_WORK / 1e9:g} billion, so that every learner's training stays responsive on a shared "
            "server. Use narrower or fewer hidden layers, or fewer samples.")


def new_run(key: str, X, params: dict, *, data_key: str, epochs: int, X_val=None) -> TrainingRun:
    run = TrainingRun(key=key, model=Autoencoder(**params), X=X, X_val=X_val, data_key=data_key, params=dict(params),
                      epochs=int(epochs), requested=int(epochs))
    run.message = too_big(X, params)
    if run.message:
        run.status = "too_big"
    return run


def restart(run: TrainingRun) -> TrainingRun:
    """A fresh run with the same settings, data, length and pace: a new random network, nothing trained."""
    fresh = new_run(run.key, run.X, run.params, data_key=run.data_key, epochs=run.requested, X_val=run.X_val)
    fresh.set_pace(run.pace)
    return fresh


def start_from(run: TrainingRun, load: Callable[[Autoencoder], float]) -> TrainingRun:
    """A fresh run whose network starts from weights that ``load(model)`` writes into it and whose loss it returns
    (an import): epoch 0 shows that loss, and training continues from those weights."""
    fresh = restart(run)
    fresh.model.fit_steps(run.X, epochs=0, X_val=run.X_val)  # weights of the right shapes, to be overwritten
    loss = load(fresh.model)
    fresh.history.append({"epoch": 0, "loss": float(loss), "val_loss": None, "seconds": 0.0})
    fresh.status = "paused"
    return fresh


def swap_data(run: TrainingRun, X, data_key: str) -> None:
    """Train ``run`` on new data X from its next step on, keeping its weights, optimiser state, epoch count and
    history (the draw page: the curve chases the points the learner moves). A network too large for the new
    data is stopped, as `new_run` would."""
    with run.lock:
        if run.steps is not None:  # its generator holds the old X: the next slice opens one on the new data
            try:
                run.steps.close()
            except ValueError:  # being advanced by a thread that does not hold the lock: it ends by itself
                pass
        run.steps, run.X, run.data_key = None, X, data_key
        message = too_big(X, run.params)
        if message:
            run.status, run.message = "too_big", message
        elif run.status == "too_big":
            run.status, run.message = "paused", None


def step(run: TrainingRun, epochs: int) -> None:
    """Make the run train ``epochs`` more epochs, then pause (a Step), or finish if its end comes first; a finished
    run grows by ``epochs``."""
    if run.epoch >= run.epochs:
        run.epochs = run.epoch + epochs
    run.stop_at = min(run.epoch + epochs, run.epochs)
    run.status, run.message = "training", None


def advance(run: TrainingRun, *, seconds: float = math.inf, clock: Callable[[], float] | None = None) -> list[dict]:
    """Train ``run`` for about ``seconds`` (of wall time, or of ``clock``: see `train_for`), up to its next stop (a
    Step's target or its end); update its status. The records are in ``run.history`` before this returns."""
    target = run.epochs if run.stop_at is None else min(run.stop_at, run.epochs)
    if run.status == "too_big" or run.epoch >= target:
        _settle(run)
        return []
    target = min(target, run.due())  # ahead of the learner's pace: nothing to do yet
    if run.epoch >= target:
        return []
    if run.steps is None:  # the first step, or continuing after a divergence
        try:
            run.steps = run.model.fit_steps(run.X, epochs=OPEN_ENDED, X_val=run.X_val,
                                            warm_start=hasattr(run.model, "coefs_"))  # imported weights too
        except ValueError as exc:  # a setting out of bounds: say which, keep everything as it is
            run.status, run.message = "paused", f"Cannot train with these settings: {exc}"
            return []
    try:
        records = train_for(run.steps, seconds, max_epochs=target - run.epoch, clock=clock)
    except TrainingDiverged as exc:
        run.history.extend(getattr(exc, "records", []))
        run.steps, run.stop_at = None, None
        run.status, run.message, run.blowup = "diverged", str(exc), (exc.epoch, exc.loss)
        return []
    run.history.extend(records)
    if records.finished:  # the model was re-initialised elsewhere: continue from where it stands
        run.steps = None
    _settle(run)
    return records


def _settle(run: TrainingRun) -> None:
    """A run that reached its Step's target pauses there; one that reached its end is finished."""
    if run.epoch >= run.epochs:
        run.status, run.stop_at = "finished", None
    elif run.stop_at is not None and run.epoch >= run.stop_at:
        run.status, run.stop_at = "paused", None


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


def train_for(iterator: Iterator, seconds: float, max_epochs: int | None = None, *,
              clock: Callable[[], float] | None = None) -> Records:
    """Pull from a ``fit_steps`` (or ``fit_iter``) generator for about ``seconds`` of wall time.

    ``clock=time.thread_time`` counts this thread's CPU time instead (default: ``time.perf_counter``): a fixed
    amount of work however busy the machine is.

    Every item is a gradient step (``None``) or an epoch's record. Stops after the first item that ends at or
    past the deadline (so at least one step runs, even with ``seconds=0``), after ``max_epochs`` records, or when
    the generator ends (then ``records.finished`` is True): the overrun is at most one step or one epoch's loss
    evaluation. The generator is left open for the next call. If another thread is advancing the same iterator at
    this moment, returns an empty `Records` at once (not finished).

    Returns
    -------
    Records: a list of the epoch records pulled, oldest first.

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
        for item in iterator:
            if item is not None:
                records.append(item)
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
