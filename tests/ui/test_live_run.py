"""train_for: bounded slices of a fit_iter generator, with a fake clock (no real timings)."""

import numpy as np
import pytest

import ui.live_run
from core import Autoencoder, TrainingDiverged
from ui.live_run import train_for


class FakeClock:
    """perf_counter stand-in: every call advances by ``tick`` seconds."""

    def __init__(self, tick):
        self.now, self.tick = 0.0, tick

    def __call__(self):
        self.now += self.tick
        return self.now


@pytest.fixture
def X():
    return np.random.default_rng(0).normal(size=(30, 4))


def _records(n, diverge_at=None):
    for epoch in range(1, n + 1):
        if epoch == diverge_at:
            raise TrainingDiverged("lower the learning rate to 0.001")
        yield {"epoch": epoch, "loss": 1.0 / epoch, "val_loss": None, "seconds": 0.0}


def test_stops_after_the_deadline(monkeypatch):
    monkeypatch.setattr(ui.live_run.time, "perf_counter", FakeClock(tick=1.0))
    # deadline at 1 + 3.5 = 4.5; each record advances the clock by 1: records end at 2, 3, 4, 5
    records = train_for(_records(100), seconds=3.5)
    assert [r["epoch"] for r in records] == [1, 2, 3, 4]
    assert not records.finished


def test_another_clock_sets_the_deadline(monkeypatch):
    # e.g. time.thread_time: the slice is this thread's CPU time, however long the wall clock says it took
    monkeypatch.setattr(ui.live_run.time, "perf_counter", FakeClock(tick=100.0))
    records = train_for(_records(100), seconds=3.5, clock=FakeClock(tick=0.5))
    # deadline at 0.5 + 3.5 = 4.0; records end at 1.0, 1.5, ..., 4.0 (the 7th)
    assert [r["epoch"] for r in records] == [1, 2, 3, 4, 5, 6, 7]


def test_at_least_one_epoch_even_with_no_time():
    gen = _records(10)
    assert [r["epoch"] for r in train_for(gen, seconds=0)] == [1]
    assert [r["epoch"] for r in train_for(gen, seconds=0)] == [2]  # the generator stays open


def test_max_epochs_caps_a_step():
    gen = _records(10)
    assert [r["epoch"] for r in train_for(gen, seconds=1e9, max_epochs=3)] == [1, 2, 3]
    assert train_for(gen, seconds=1e9, max_epochs=0) == []
    rest = train_for(gen, seconds=1e9)
    assert [r["epoch"] for r in rest] == [4, 5, 6, 7, 8, 9, 10]
    assert rest.finished


def test_divergence_keeps_the_records_pulled_before_it():
    with pytest.raises(TrainingDiverged) as info:
        train_for(_records(10, diverge_at=4), seconds=1e9)
    assert [r["epoch"] for r in info.value.records] == [1, 2, 3]
    assert info.value.records.finished


def test_drives_a_real_model_across_ticks_with_a_mid_run_change(X):
    model = Autoencoder(hidden_layer_sizes=(2,), random_state=0)
    run = model.fit_iter(X, epochs=12)
    first = train_for(run, seconds=1e9, max_epochs=5)
    model.set_params(learning_rate=0.05)
    second = train_for(run, seconds=1e9)
    assert [r["epoch"] for r in first + second] == list(range(1, 13))
    assert second.finished and model.n_epochs_ == 12
    assert model.loss_curve_ == [r["loss"] for r in first + second]


def test_a_real_divergence_hands_back_earlier_records(X):
    model = Autoencoder(hidden_layer_sizes=(2,), optimizer="sgd", learning_rate=0.01, random_state=0)
    run = model.fit_iter(X, epochs=50)
    train_for(run, seconds=1e9, max_epochs=2)
    model.set_params(learning_rate=500.0)
    with pytest.raises(TrainingDiverged, match="lower the learning rate") as info:
        train_for(run, seconds=1e9)
    assert [r["epoch"] for r in info.value.records] == list(range(3, model.n_epochs_ + 1))
    assert np.isfinite(model.predict(X)).all()


def test_a_second_thread_gets_nothing_instead_of_an_error():
    import threading

    entered, release = threading.Event(), threading.Event()

    def slow():
        entered.set()
        release.wait(timeout=10)
        yield {"epoch": 1, "loss": 1.0, "val_loss": None, "seconds": 0.0}

    gen = slow()
    results = []
    worker = threading.Thread(target=lambda: results.append(train_for(gen, seconds=1e9)))
    worker.start()
    assert entered.wait(timeout=10)
    overlapping = train_for(gen, seconds=1e9)  # would be "generator already executing" with a bare next()
    assert overlapping == [] and not overlapping.finished
    release.set()
    worker.join(timeout=10)
    assert [r["epoch"] for r in results[0]] == [1] and results[0].finished


def test_a_slice_stops_between_two_steps_of_an_epoch_and_the_run_is_the_same(X):
    """fit_steps yields after every gradient step: a slice may end mid-epoch, and slicing changes no number."""
    params = dict(hidden_layer_sizes=(3,), activation="tanh", batch_size=4, dropout=0.2, noise=0.1, random_state=3)
    model = Autoencoder(**params)
    steps = model.fit_steps(X, epochs=6)
    first = train_for(steps, seconds=0)  # one gradient step of the first epoch's 8
    assert first == [] and not first.finished and model.n_epochs_ == 0
    sizes = np.random.default_rng(0).integers(1, 5, size=100)
    records = []
    for seconds in sizes:  # slices that end after 1 to 4 steps: deadlines far inside an epoch
        clock = FakeClock(tick=1.0)
        records += train_for(steps, seconds=float(seconds) - 0.5, clock=clock)
    assert [r["epoch"] for r in records] == [1, 2, 3, 4, 5, 6]
    whole = Autoencoder(**params, max_epochs=6).fit(X)
    assert model.loss_curve_ == whole.loss_curve_
    np.testing.assert_array_equal(model.predict(X), whole.predict(X))


def test_a_run_larger_than_the_work_limit_is_refused_with_a_message_naming_the_limit():
    from ui.live_run import MAX_EPOCH_WORK, advance, new_run

    X = np.zeros((1797, 64))
    run = new_run("big", X, dict(hidden_layer_sizes=(512, 512, 512, 512, 512, 32)), data_key="d", epochs=10)
    assert run.status == "too_big"
    assert f"{MAX_EPOCH_WORK / 1e9:g} billion" in run.message and "1,797 samples" in run.message
    assert advance(run) == [] and run.epoch == 0 and run.status == "too_big"
    fits = new_run("ok", X, dict(hidden_layer_sizes=(512, 256, 2)), data_key="d", epochs=10)
    assert fits.status == "ready" and fits.message is None


def test_a_paced_run_trains_no_further_than_its_pace_allows_and_a_step_is_not_paced(X):
    from ui.live_run import advance, new_run, step

    run = new_run("p", X, dict(hidden_layer_sizes=(2,), random_state=0), data_key="d", epochs=100)
    run.status = "training"
    run.set_pace(10.0)
    advance(run)
    assert run.epoch == 1  # the first epoch at once
    assert advance(run) == [] and run.epoch == 1 and run.status == "training" and 0 < run.wait() <= 0.1
    since, epoch = run.paced_since
    run.paced_since = (since - 1.0, epoch)  # a second later: ten more epochs are due
    advance(run)
    assert run.epoch == 11 and run.wait() > 0
    step(run, 5)
    advance(run)
    assert run.epoch == 16 and run.status == "paused"
    run.set_pace(None)  # fast
    run.status = "training"
    advance(run)
    assert run.epoch == 100 and run.status == "finished"
