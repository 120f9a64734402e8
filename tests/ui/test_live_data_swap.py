"""A run that takes new data keeps its network and optimiser (the draw page: the curve chases moved points)."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import Autoencoder
from tests.app.apptest import press
from ui.live_run import MAX_EPOCH_WORK, new_run, step, swap_data

PARAMS = dict(hidden_layer_sizes=(8, 1), activation="tanh", learning_rate=0.01, batch_size=None, random_state=0)


def data(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(40, 2))


def test_swapped_data_trains_on_from_the_same_weights_and_optimiser():
    A, B = data(0), data(1)
    run = new_run("r", A, PARAMS, data_key="a", epochs=50)
    step(run, 20)
    run.advance()
    assert run.epoch == 20
    swap_data(run, B, "b")
    assert run.steps is None and run.data_key == "b" and run.X is B and run.epoch == 20
    step(run, 30)
    run.advance()
    # the same as one model trained 20 epochs on A, then continued (warm: weights, Adam's moments, epochs) on B
    reference = Autoencoder(**PARAMS)
    first = [r["loss"] for r in reference.fit_iter(A, epochs=20)]
    then = [r["loss"] for r in reference.fit_iter(B, epochs=30, warm_start=True)]
    assert run.epoch == 50 and run.losses.tolist() == first + then
    assert run.model.optimizer_state()["t"] == reference.optimizer_state()["t"] == 50


def test_a_swap_in_mid_slice_closes_the_old_generator():
    run = new_run("r", data(0), PARAMS, data_key="a", epochs=50)
    step(run, 5)
    run.advance()
    old = run.steps
    swap_data(run, data(1), "b")
    with pytest.raises(StopIteration):
        next(old)


def test_data_too_large_for_the_network_stops_the_run_and_smaller_data_frees_it():
    run = new_run("r", data(0), PARAMS, data_key="a", epochs=50)
    huge = np.broadcast_to(np.zeros(2), (MAX_EPOCH_WORK // 10, 2))  # only its shape counts: no memory
    swap_data(run, huge, "huge")
    assert run.status == "too_big" and "too large" in run.message
    swap_data(run, data(1), "b")
    assert run.status == "paused" and run.message is None


def follower_script():
    import numpy as np
    import streamlit as st

    from ui.live_trainer import live_training

    shift = st.number_input("shift", value=0.0, key="t:shift")
    follow = st.checkbox("follow", value=True, key="t:follow")
    X = np.random.default_rng(0).normal(size=(60, 2)) + shift
    live_training("t", X, dict(hidden_layer_sizes=(8, 1), activation="tanh", learning_rate=0.01, random_state=0),
                  data_key=f"shift={shift}", epochs=100, step_epochs=10, follow_data=follow)


@pytest.mark.parametrize("follow", [True, False])
def test_live_training_follows_new_data_only_when_asked(follow):
    at = AppTest.from_function(follower_script, default_timeout=60)
    at.run()
    at.checkbox(key="t:follow").set_value(follow).run()
    press(at, "Step")
    model = at.session_state["runs"]["t"].model
    at.number_input(key="t:shift").set_value(1.0).run()
    assert not at.exception
    run = at.session_state["runs"]["t"]
    assert run.data_key == "shift=1.0" and float(run.X.mean()) == pytest.approx(float(data_mean(1.0)), abs=1e-12)
    if follow:
        assert run.model is model and run.epoch == 10 and not any("fresh" in i.value for i in at.info)
    else:
        assert run.model is not model and run.epoch == 0 and any("fresh random network" in i.value for i in at.info)


def data_mean(shift: float) -> float:
    return float((np.random.default_rng(0).normal(size=(60, 2)) + shift).mean())
