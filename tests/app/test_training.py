"""AppTest of the `training` lesson: backprop checked for every activation, optimisers, regularisers, live run."""

import math
import re

import pytest

from core.activations import ACTIVATIONS
from tests.app.apptest import app_test, metric, opened, plotly_figures, press

PAGE = "pages/training.py"
TIMEOUT = 300


def number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture(scope="module")
def at():
    """One page for the module (its cached runs take minutes), the gradient check shown."""
    at = opened(PAGE, TIMEOUT)
    assert not [m for m in at.metric if m.label == "Largest relative error"]  # it waits for the learner's answer
    press(at, key="training_show_gradcheck_size")
    return at


def test_page_runs_with_the_lesson_and_a_passing_gradient_check(at):
    assert "Training an autoencoder" in at.title[0].value
    assert at.selectbox(key="training:activation").value == "tanh"
    assert number(metric(at, "Largest relative error")) < 1e-6
    assert metric(at, "Verdict") == "backprop is right"
    assert number(metric(at, "Parameters checked")) == 64 * 2 + 2 + 2 * 64 + 64
    assert len(at.dataframe) == 0  # the per-layer numbers are sent only once their expander is opened
    at.session_state["training_trace"] = True  # as a click on the expander: its state, then a rerun
    at.run()
    text = " ".join(m.value for m in at.markdown)
    assert "Loss on this one sample" in text and "First-layer weight from pixel" in text
    assert len(at.dataframe) == 1  # the per-layer forward/backward table


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_gradient_check_passes_for_every_activation(at, activation):
    at.selectbox(key="training:activation").set_value(activation).run()
    assert not at.exception
    assert number(metric(at, "Largest relative error")) < 1e-6, activation


def test_gradient_check_passes_for_the_deeper_network(at):
    at.selectbox(key="training:activation").set_value("sigmoid")
    at.radio(key="training:layers").set_value("64 → 8 → 2 → 8 → 64").run()
    assert not at.exception
    assert number(metric(at, "Largest relative error")) < 1e-6
    assert number(metric(at, "Parameters checked")) == 64 * 8 + 8 + 8 * 2 + 2 + 2 * 8 + 8 + 8 * 64 + 64
    gradcheck = next(f for f in plotly_figures(at) if f.layout.title.text and "relative error" in f.layout.title.text)
    assert len(gradcheck.data[0].x) == 4  # one bar per layer


def test_optimisers_reach_near_pca_and_momentum_adam_beat_sgd(at):
    losses = {name: number(metric(at, f"{name}: loss after 200 epochs")) for name in ("sgd", "momentum", "adam")}
    assert losses["momentum"] < losses["sgd"] and losses["adam"] < losses["sgd"]


def test_a_rate_too_high_for_momentum_is_reported_and_framed(at):
    at.select_slider(key="training:opt_lr").set_value(0.05).run()
    assert not at.exception
    assert metric(at, "momentum: loss") == "diverged"
    assert number(metric(at, "adam: loss after 200 epochs")) < 30
    chart = next(f for f in plotly_figures(at) if f.layout.title.text and "same start" in f.layout.title.text)
    assert chart.layout.yaxis.range[1] < 100  # the exploding curve does not set the frame
    at.select_slider(key="training:opt_lr").set_value(0.01).run()


def open_tab(at, label: str) -> None:
    """As a click on one of the experiments' tabs: only the open one is computed and sent."""
    at.session_state["training_experiments"] = label
    at.run()
    assert not at.exception


def test_only_the_open_experiment_is_sent(at):
    assert [m for m in at.metric if m.label.startswith("adam: loss")]  # the first tab, open at first
    assert not [m for m in at.metric if "validation loss" in m.label or "error vs clean" in m.label]


def test_each_regulariser_lowers_the_validation_loss(at):
    open_tab(at, "Overfitting")
    none = number(metric(at, "none: validation loss"))
    for label in ("L2 λ=0.01: validation loss", "dropout p=0.2: validation loss", "noise σ=0.5: validation loss"):
        assert number(metric(at, label)) < none - 1.0, label


def test_denoiser_output_is_closer_to_clean_than_its_input(at):
    open_tab(at, "Denoising")
    noisy = number(metric(at, "Noisy input: error vs clean"))
    out = number(metric(at, "Network output: error vs clean"))
    assert 0 < out < 0.5 * noisy


def test_live_run_steps_and_a_too_high_rate_diverges_and_keeps_the_model():
    at = app_test(PAGE, timeout=300)
    at.run()
    press(at, key="training_overfit_step")
    assert not at.exception
    assert "Epoch 25 / 200" in " ".join(m.value for m in at.markdown)
    train, val = number(metric(at, "Training loss")), number(metric(at, "Validation loss"))
    assert 0 < train < val
    at.select_slider(key="training:live_lr").set_value(1.0).run()
    press(at, key="training_overfit_step")
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "Training diverged" in errors and "lower the learning rate" in errors
    # the last good model is kept: the counter stops at the epoch the message names, its loss is finite
    kept = re.search(r"keeps its parameters from epoch (\d+)", errors)
    assert kept and f"Epoch {kept.group(1)} / 200" in " ".join(m.value for m in at.markdown)
    assert math.isfinite(number(metric(at, "Training loss")))


def test_the_check_appears_once_the_learner_has_answered():
    at = opened(PAGE, TIMEOUT)
    assert not [m for m in at.metric if m.label == "Verdict"]
    at.radio(key="training:q:gradcheck_size").set_value(0).run()
    press(at, key="check_training_gradcheck_size")
    assert metric(at, "Verdict") == "backprop is right"
