"""The server's training threads: a slice at a time, round robin, only while the page watches."""

import time

import numpy as np

from ui.live_run import new_run
from ui.live_threads import (
    active_runs,
    chart_refresh_seconds,
    keep_training,
    redraw_interval,
    wait_until_idle,
)


def toy_run(key: str, epochs: int = 1_000_000):
    X = np.random.default_rng(0).normal(size=(300, 8))
    return new_run(key, X, dict(hidden_layer_sizes=(3,), random_state=0), data_key="toy", epochs=epochs)


def test_many_runs_share_the_threads_fairly():
    runs = [toy_run(f"r{i}") for i in range(6)]
    for r in runs:
        r.status = "training"
    deadline = time.monotonic() + 3.0  # many slices each: a busy machine's preemptions average out
    while time.monotonic() < deadline:  # every learner's page ticks
        for r in runs:
            keep_training(r)
        time.sleep(0.1)
    for r in runs:
        r.status = "paused"
    assert all(wait_until_idle(r) for r in runs)
    epochs = [r.epoch for r in runs]
    assert min(epochs) > 0, epochs
    # A slice is wall time, so a thread the OS preempts trains less in it: "fair" means no learner far behind.
    assert min(epochs) >= 0.4 * max(epochs), f"a learner starved: {epochs}"


def test_a_run_finishes_exactly_at_its_length_and_is_let_go():
    run = toy_run("short", epochs=40)
    run.status = "training"
    keep_training(run)
    assert wait_until_idle(run)
    assert run.status == "finished" and run.epoch == 40 and len(run.history) == 40


def test_same_run_twice_is_queued_once_and_matches_a_run_trained_in_one_go():
    run = toy_run("twice", epochs=60)
    run.status = "training"
    keep_training(run)
    keep_training(run)  # a second tick while queued must not start a second trainer on the same run
    assert wait_until_idle(run)
    reference = toy_run("ref", epochs=60)
    losses = [r["loss"] for r in reference.model.fit_iter(reference.X, epochs=60)]
    np.testing.assert_allclose(run.losses, losses, rtol=0, atol=0)  # slicing changes nothing: deterministic


def test_redraws_slow_down_as_more_learners_train():
    assert redraw_interval(1) == 0.25
    assert redraw_interval(4) == 0.5
    assert redraw_interval(8) == 1.0
    assert redraw_interval(30) == 1.5
    intervals = [redraw_interval(n) for n in range(0, 100)]
    assert intervals == sorted(intervals)


def test_active_runs_counts_the_queued_runs_and_drops_them_when_done():
    runs = [toy_run(f"a{i}", epochs=30) for i in range(3)]
    before = active_runs()
    for r in runs:
        r.status = "training"
        keep_training(r)
    assert active_runs() >= before + 1  # at least one is still queued right after the submit
    assert all(wait_until_idle(r) for r in runs)
    assert active_runs() == before


def test_the_loss_chart_may_lag_two_redraws_at_most():
    for n in (1, 5, 50):
        assert chart_refresh_seconds(n) == 2 * redraw_interval(n)


def counting(n):
    """A job of n small pieces: yields its progress, returns the sum of range(n)."""
    total = 0
    for i in range(n):
        total += i
        yield (i + 1) / n
    return total


def test_a_job_is_done_in_slices_and_returns_its_result():
    from ui.live_run import Job

    job = Job("sum", counting(20_000))
    while job.status == "training":  # the page's redraws keep it going
        keep_training(job)
        time.sleep(0.01)
    assert job.status == "finished" and job.result == sum(range(20_000)) and job.progress == 1.0


def test_a_cancelled_job_stops_within_a_slice():
    from ui.live_run import Job

    job = Job("long", counting(10**9))
    keep_training(job)
    time.sleep(0.2)
    with job.lock:  # what Cancel does: waits for the slice in progress, then stops the job
        job.status = "paused"
    assert wait_until_idle(job)
    stopped_at = job.progress
    time.sleep(0.2)
    assert 0 < job.progress == stopped_at < 1


def test_a_failing_job_says_why():
    from ui.live_run import Job

    def failing():
        yield 0.5
        raise ValueError("the comparison diverged")

    job = Job("bad", failing())
    job.advance()
    assert job.status == "failed" and job.message == "the comparison diverged"


def test_a_closed_tab_stops_its_run_at_the_next_slice(monkeypatch):
    """The training threads ask Streamlit whether the run's session still has its tab (not only the heartbeat)."""
    import ui.live_threads as threads

    class FakeRuntime:
        active = {"tab-1"}

        @classmethod
        def exists(cls):
            return True

        @classmethod
        def instance(cls):
            return cls

        @classmethod
        def is_active_session(cls, session):
            return session in cls.active

    monkeypatch.setattr(threads, "Runtime", FakeRuntime)
    run = toy_run("closing")
    run.status, run.session = "training", "tab-1"
    keep_training(run)
    time.sleep(0.2)
    assert run.epoch > 0 and run.scheduled
    FakeRuntime.active.clear()  # the learner closes the tab; the heartbeat is still fresh
    assert wait_until_idle(run, timeout=1.0)
    stopped_at = run.epoch
    assert epoch_after(run, 0.3) == stopped_at and run.status == "training"  # resumes when the tab comes back


def epoch_after(run, seconds: float) -> int:
    time.sleep(seconds)
    return run.epoch


def test_learners_asking_the_same_shared_job_get_one_computation():
    from ui.live_run import Job, SharedJobs

    shared = SharedJobs(size=2)
    first = shared.join(Job("compare", counting(20_000), ("digits", (32, 2))))
    first.watchers.add("tab-1")
    second = shared.join(Job("compare", counting(20_000), ("digits", (32, 2))))
    second.watchers.add("tab-2")
    other = shared.join(Job("compare", counting(10), ("s_curve", (32, 2))))
    assert second is first and other is not first

    first.leave("tab-1")  # one learner cancels: the other still watches, so it goes on
    assert first.status == "training" and first.watchers == {"tab-2"}
    first.leave("tab-2")  # the last one leaves: it stops
    assert first.status == "paused"
    third = shared.join(Job("compare", counting(20_000), ("digits", (32, 2))))
    assert third is first and first.status == "training", "asked again, it resumes where it stopped"
    while first.status == "training":
        keep_training(first)
        time.sleep(0.01)
    assert first.result == sum(range(20_000))

    shared.join(Job("compare", counting(10), ("swiss_roll", (32, 2))))  # a third: the least recently asked goes
    assert shared.join(Job("compare", counting(10), ("s_curve", (32, 2)))) is not other


def test_a_closed_tab_does_not_keep_a_shared_job_going_after_the_last_learner_cancels():
    from ui.live_run import Job

    job = Job("compare", counting(10**9), ("digits",))
    job.watchers |= {"closed-tab", "tab-1"}
    job.leave("tab-1", still_here=lambda session: session != "closed-tab")
    assert job.status == "paused" and job.watchers == set()


def test_a_failed_shared_job_is_not_handed_out_again():
    from ui.live_run import Job, SharedJobs

    def failing():
        yield 0.5
        raise ValueError("diverged")

    shared = SharedJobs()
    job = shared.join(Job("compare", failing(), ("digits",)))
    job.advance()
    assert job.status == "failed"
    assert shared.join(Job("compare", counting(3), ("digits",))) is not job
