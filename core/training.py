"""Advance a training run by a bounded slice of work: what one tick of the live-training UI does.

Pure Python, no UI: the app keeps a ``model.fit_iter(...)`` generator per run and calls `train_for` on it
for each slice of training.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from core.errors import TrainingDiverged


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
