"""The live-training component in AppTest: Step is deterministic, settings apply mid-run, divergence pauses."""

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.apptest import live_charts, press
from ui.live_threads import HEARTBEAT_SECONDS, keep_training, wait_until_idle


def trainer_script():
    import numpy as np
    import streamlit as st

    from ui.live_trainer import live_training

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 6)) @ rng.normal(size=(6, 6))
    lr = st.number_input("lr", value=0.01, format="%.4f", key="t:lr")
    k = st.number_input("k", value=2, key="t:k")
    seen = []
    live_training("t", X, dict(hidden_layer_sizes=(int(k),), learning_rate=float(lr), random_state=0),
                  data_key="toy", epochs=100, step_epochs=10, reference=1.0, live=lambda run: seen.append(run.epoch))
    st.session_state["live_calls"] = len(seen)


def run_of(at):
    return at.session_state["runs"]["t"]


def button(at, label):
    return next(b for b in at.button if b.label == label)


@pytest.fixture
def at():
    at = AppTest.from_function(trainer_script, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def test_starts_ready_with_train_step_reset(at):
    assert {"Train", "Step", "Reset"} <= {b.label for b in at.button}
    assert run_of(at).status == "ready" and run_of(at).epoch == 0
    assert at.session_state["live_calls"] == 0


def test_step_trains_exactly_step_epochs_and_live_view_runs(at):
    press(at, "Step")
    run = run_of(at)
    assert run.epoch == 10 and len(run.history) == 10 and run.status == "paused"
    assert at.session_state["live_calls"] == 1
    press(at, "Step")
    assert run_of(at).epoch == 20
    assert run_of(at).losses[-1] < run_of(at).losses[0]


def test_loss_chart_is_updated_in_place_as_training_goes_on(at):
    # One live chart with the same identity on every run: the browser updates it instead of building a new one
    # (st.plotly_chart's identity changes with its figure: the chart blinked on every tick).
    [(first_id, fig)] = live_charts(at)
    assert fig.data[0].name == "training loss" and len(fig.data[0].x) == 0
    assert fig.data[1].y[0] == 1.0  # the reference line
    press(at, "Step")
    press(at, "Step")
    [(same_id, fig)] = live_charts(at)
    assert same_id == first_id and first_id.endswith("t_loss_chart")
    assert list(fig.data[0].x) == list(range(1, 21))
    assert list(fig.data[0].y) == pytest.approx(run_of(at).losses)


def no_reference_script():
    import numpy as np

    from ui.live_trainer import live_training

    X = np.random.default_rng(1).normal(size=(50, 4))
    live_training("n", X, dict(hidden_layer_sizes=(2,), random_state=0), data_key="toy", epochs=100, step_epochs=5)


def test_an_empty_loss_chart_is_not_sent_before_the_first_epoch():
    # With no reference line, guess or levels, the chart before training would be empty axes.
    at = AppTest.from_function(no_reference_script, default_timeout=60)
    at.run()
    assert not live_charts(at)
    assert any("drawn here from the first epoch on" in c.value for c in at.caption)
    press(at, "Step")
    [(_, fig)] = live_charts(at)
    assert list(fig.data[0].x) == [1, 2, 3, 4, 5]
    assert not any("drawn here from the first epoch on" in c.value for c in at.caption)


def long_script():
    import numpy as np

    from ui.live_trainer import live_training

    X = np.random.default_rng(2).normal(size=(100, 5))
    live_training("long", X, dict(hidden_layer_sizes=(2,), random_state=0), data_key="toy", epochs=1_000_000)


def epoch_after(run, seconds: float) -> int:
    time.sleep(seconds)
    return run.epoch


def test_train_goes_on_between_reruns_and_pause_stops_it():
    at = AppTest.from_function(long_script, default_timeout=60).run()
    button(at, "Train").click().run()
    run = at.session_state["runs"]["long"]
    assert run.status == "training" and "Pause" in {b.label for b in at.button}
    # No rerun in between: the server's training threads carry on by themselves.
    first = epoch_after(run, 0.3)
    assert epoch_after(run, 0.5) > first > 0
    button(at, "Pause").click().run()
    run = at.session_state["runs"]["long"]
    assert run.status == "paused" and wait_until_idle(run)
    paused_at = run.epoch
    assert epoch_after(run, 0.3) == paused_at


def test_train_click_trains_a_head_start_before_the_page_draws(monkeypatch):
    """The click's own response shows the first slice (0.1 s of CPU), trained before the page draws."""
    import ui.live_trainer

    monkeypatch.setattr(ui.live_trainer, "keep_training", lambda run: None)  # no training threads: the click alone
    at = AppTest.from_function(long_script, default_timeout=60).run()
    button(at, "Train").click().run()
    run = at.session_state["runs"]["long"]
    assert run.epoch > 50, run.epoch  # thousands on 100 x 5 data; 0 without the head start
    assert any(f"**Epoch {run.epoch} / 1000000**" in m.value for m in at.markdown)
    assert run.status == "training"


def test_training_stops_by_itself_when_the_page_stops_ticking():
    """AppTest fires no fragment timers, like a closed tab: training must stop within the heartbeat."""
    at = AppTest.from_function(long_script, default_timeout=60).run()
    button(at, "Train").click().run()
    run = at.session_state["runs"]["long"]
    assert wait_until_idle(run, timeout=HEARTBEAT_SECONDS + 5)
    stopped_at = run.epoch
    assert stopped_at > 0 and epoch_after(run, 0.3) == stopped_at
    assert run.status == "training"  # still wanted: the next tick (the learner comes back) resumes it
    at.run()
    assert epoch_after(run, 0.5) > stopped_at


def test_reset_starts_a_fresh_network(at):
    press(at, "Step")
    first_loss = run_of(at).history[0]["loss"]
    button(at, "Reset").click().run()
    assert run_of(at).epoch == 0 and run_of(at).status == "ready"
    press(at, "Step")
    assert run_of(at).history[0]["loss"] == pytest.approx(first_loss)  # same seed, same run


def test_learning_rate_changes_mid_run_without_reset(at):
    press(at, "Step")
    at.number_input(key="t:lr").set_value(0.002).run()
    run = run_of(at)
    assert run.epoch == 10 and run.model.learning_rate == pytest.approx(0.002)


def test_shape_change_starts_fresh_with_notice(at):
    press(at, "Step")
    at.number_input(key="t:k").set_value(3).run()
    assert run_of(at).epoch == 0
    assert any("starts again" in i.value for i in at.info)


def test_divergence_pauses_keeps_model_and_says_what_to_do(at):
    at.number_input(key="t:lr").set_value(10.0).run()
    for _ in range(5):
        press(at, "Step")
    run = run_of(at)
    assert run.status == "diverged"
    assert any("learning rate" in e.value for e in at.error)
    import numpy as np

    assert all(np.isfinite(W).all() for W in run.model.coefs_)
    at.number_input(key="t:lr").set_value(0.01).run()
    press(at, "Step")
    assert run_of(at).status == "paused" and np.isfinite(run_of(at).loss)


def test_out_of_bounds_setting_is_explained_not_raised(at):
    at.number_input(key="t:lr").set_value(-1.0).run()
    press(at, "Step")
    assert not at.exception
    assert any("learning_rate" in e.value for e in at.error)
    assert run_of(at).epoch == 0


def epochs_script():
    import numpy as np
    import streamlit as st

    from ui.live_trainer import live_training

    X = np.random.default_rng(1).normal(size=(100, 5))
    epochs = st.number_input("epochs", value=20, key="e:epochs")
    live_training("e", X, dict(hidden_layer_sizes=(2,), random_state=0), data_key="toy", epochs=int(epochs),
                  step_epochs=15)


def test_changing_the_length_mid_run_keeps_training_going():
    at = AppTest.from_function(epochs_script, default_timeout=60).run()
    step = lambda: press(at, "Step")  # noqa: E731
    step()
    assert at.session_state["runs"]["e"].epoch == 15
    at.number_input(key="e:epochs").set_value(50).run()
    step()
    step()
    run = at.session_state["runs"]["e"]
    assert run.epoch == 45 and run.status == "paused"
    step()
    assert at.session_state["runs"]["e"].epoch == 50 and at.session_state["runs"]["e"].status == "finished"
    at.number_input(key="e:epochs").set_value(30).run()
    assert at.session_state["runs"]["e"].epochs == 50, "never shorter than what was trained"


def heavy_script():
    import numpy as np

    from ui.live_trainer import live_training

    X = np.random.default_rng(3).normal(size=(1500, 64))  # about 0.2 s of a core an epoch, within the work limit
    live_training("h", X, dict(hidden_layer_sizes=(256, 256, 8), activation="tanh", batch_size=16, random_state=0),
                  data_key="toy", epochs=1000, step_epochs=25)


def test_a_long_step_trains_on_the_threads_and_pause_stops_it_between_steps():
    at = AppTest.from_function(heavy_script, default_timeout=60).run()
    button(at, "Step").click().run()  # the click returns before its 25 epochs are trained...
    run = at.session_state["runs"]["h"]
    assert run.status == "training" and run.stop_at == 25 and run.epoch < 25
    button(at, "Pause").click().run()  # ...and Pause stops them
    assert run.status == "paused" and run.stop_at is None and wait_until_idle(run)
    paused_at = run.epoch
    assert epoch_after(run, 0.3) == paused_at < 25


def test_a_network_over_the_work_limit_cannot_start_and_says_why():
    def script():
        import numpy as np

        from ui.live_trainer import live_training

        live_training("big", np.zeros((1797, 64)), dict(hidden_layer_sizes=(512, 512, 512, 512, 512, 32)),
                      data_key="toy", epochs=10)

    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception
    assert all(b.disabled for b in at.button if b.label in ("Train", "Step"))
    assert any("too large to train here" in e.value and "billion" in e.value for e in at.error)
    assert at.session_state["runs"]["big"].epoch == 0


def nonlinear_script():
    from core import load_dataset
    from ui.live_trainer import live_training

    X = load_dataset("digits", scale="standard", n_samples=600).X
    live_training("n", X, dict(hidden_layer_sizes=(32, 16, 2), activation="tanh", optimizer="adam",
                               learning_rate=0.01, batch_size=None, random_state=0),
                  data_key="digits600", epochs=120, step_epochs=30)


def train_to_the_end(at):
    press(at, "Train")
    run = at.session_state["runs"]["n"]
    while run.status == "training":  # a page's redraws keep the training threads going
        keep_training(run)
        time.sleep(0.02)
    at.run()
    return run


def test_the_live_trainer_reproduces_a_nonlinear_run_exactly():
    """However the run is sliced (the click's head start, the threads' slices, a Reset in between), it is core's."""
    from core import Autoencoder, load_dataset

    at = AppTest.from_function(nonlinear_script, default_timeout=60).run()
    first = train_to_the_end(at).losses
    press(at, "Reset")
    second = train_to_the_end(at).losses
    X = load_dataset("digits", scale="standard", n_samples=600).X
    direct = Autoencoder(hidden_layer_sizes=(32, 16, 2), activation="tanh", learning_rate=0.01, max_epochs=120,
                         random_state=0).fit(X).loss_curve_
    assert len(first) == len(second) == 120
    assert list(first) == list(second) == direct


def test_continue_pause_continue_keeps_growing_to_the_new_target():
    at = AppTest.from_function(nonlinear_script, default_timeout=60).run()
    run = train_to_the_end(at)
    assert run.epoch == 120 and run.status == "finished"
    press(at, "Train")  # train as long again: to 240
    assert run.epochs == 240
    if run.status == "training":  # (a fast machine may have finished already)
        press(at, "Pause")
    at.run()
    assert run.epochs == 240, "a rerun must keep the continued run's target"  # it was reset to max(120, epoch)
    if run.status == "paused":
        press(at, "Train")
    while run.status == "training":
        keep_training(run)
        time.sleep(0.02)
    assert run.epoch == 240 and run.status == "finished"


def paced_script():
    import numpy as np

    from ui.live_trainer import live_training

    X = np.random.default_rng(4).normal(size=(100, 5))
    live_training("p", X, dict(hidden_layer_sizes=(2,), random_state=0), data_key="toy", epochs=500, pace=8)


def test_the_pace_control_and_one_epoch_at_a_time():
    at = AppTest.from_function(paced_script, default_timeout=60).run()
    pace = at.get("button_group")[0]
    assert pace.proto.label == "Pace" and at.session_state["p:pace"] == "normal"
    run = at.session_state["runs"]["p"]
    assert run.pace == 8
    press(at, "1 epoch")
    assert run.epoch == 1 and run.status == "paused"
    press(at, "1 epoch")
    assert run.epoch == 2
    at.session_state["p:pace"] = "slow"
    at.run()
    button(at, "Train").click().run()
    assert run.status == "training" and run.epoch == 3  # the click shows the first epoch at once
    time.sleep(0.3)
    assert run.epoch <= 3 + 1  # at 2 epochs a second, no more than one more
    press(at, "Pause")


def test_a_screen_reader_hears_a_training_run_at_most_once_a_second(monkeypatch):
    import types

    import ui.live_trainer as lt

    state = {}
    monkeypatch.setattr(lt.st, "session_state", state)
    clock = iter([0.0, 0.4, 0.9, 1.1, 1.2])
    monkeypatch.setattr(lt.time, "monotonic", lambda: next(clock))
    training, paused = types.SimpleNamespace(status="training"), types.SimpleNamespace(status="paused")
    heard = [lt._announced("k", f"epoch {i}", training) for i in range(4)]
    assert heard == ["epoch 0", "epoch 0", "epoch 0", "epoch 3"]
    assert lt._announced("k", "epoch 4, paused", paused) == "epoch 4, paused"  # a stop is told at once
