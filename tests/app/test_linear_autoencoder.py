"""AppTest of the `linear_autoencoder` lesson: the gap to PCA's optimum closes, the subspace and axes match."""

import json

import numpy as np
import pytest

from core import load_dataset
from core.pca import discarded_variance
from tests.app.apptest import live_charts, metric, opened, press
from ui.widgets import number

PAGE = "pages/linear_autoencoder.py"
TIMEOUT = 90


def _step(at, times=1):
    press(at, key="linear_autoencoder_step", times=times)


def test_first_load_shows_network_prediction_and_no_metrics_yet(at):
    assert "linear autoencoder" in at.title[0].value.lower()
    # The metrics row holds its place from the start, with dashes until the first epoch.
    for label in ("Gap to PCA optimum", "Largest principal angle", "Code → PCA code, R²"):
        assert metric(at, label) == "–"
    assert any("Press **Train**" in i.value or "Train the network" in i.value for i in at.info)
    assert at.slider(key="linear_autoencoder:k").value == 2
    assert at.select_slider(key="linear_autoencoder:learning_rate").value == 0.05


def test_stepping_drives_the_gap_under_one_percent_and_the_subspace_onto_pcas(at):
    _step(at)  # 25 epochs
    first = metric(at, "Gap to PCA optimum")
    assert first.endswith(" %")
    _step(at, 5)  # 150 epochs in all
    gap_text = metric(at, "Gap to PCA optimum")
    gap = float(gap_text.removesuffix(" %"))
    assert 0 <= gap < 1.0, gap_text
    assert gap < float(first.removesuffix(" %"))
    angle = float(metric(at, "Largest principal angle").removesuffix("°"))
    assert 0 <= angle < 10
    r2 = float(metric(at, "Code → PCA code, R²"))
    assert r2 > 0.99
    # PCA's axes recovered from the decoder match PCA's components.
    cos = [float(m.value) for m in at.metric if m.label.endswith("|cos| recovered vs PCA")]
    assert len(cos) == 2 and min(cos) > 0.99
    # The codes, reconstructions and weights are drawn once training has stopped.
    captions = " ".join(c.value for c in at.caption)
    assert "400 of the 1797 samples" in captions and "R² of the map: 1.0000" in captions
    assert "network J/N" in captions


def test_gap_is_computed_against_the_independent_optimum(at):
    _step(at, 2)
    X = load_dataset("digits", scale="standard").X
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    optimum = float(np.sum(s[2:] ** 2) / len(X))
    assert optimum == pytest.approx(discarded_variance(X)[2], rel=1e-10)
    model = at.session_state["runs"]["linear_autoencoder"].model
    loss = float(np.mean(np.sum((X - model.predict(X)) ** 2, axis=1)))
    assert metric(at, "Gap to PCA optimum") == f"{100 * (loss - optimum) / optimum:.2f} %"


def test_k_and_data_changes_restart_and_other_data_runs(at):
    _step(at)
    at.slider(key="linear_autoencoder:k").set_value(3).run()
    assert not at.exception
    assert metric(at, "Gap to PCA optimum") == "–"  # a fresh network: nothing trained yet
    at.selectbox(key="linear_autoencoder:dataset").set_value("low_rank").run()
    assert not at.exception
    assert at.slider(key="linear_autoencoder:k").value == 3
    at.slider(key="linear_autoencoder:k").set_value(1).run()
    _step(at, 2)
    assert metric(at, "Gap to PCA optimum").endswith(" %")
    at.selectbox(key="linear_autoencoder:dataset").set_value("wine").run()
    _step(at)
    assert not at.exception


def test_k_comes_from_the_pca_page_when_set_there():
    at = opened(PAGE, TIMEOUT, state={"pca:k": 5, "pca:dataset": "wine"})
    assert at.slider(key="linear_autoencoder:k").value == 5
    assert at.selectbox(key="linear_autoencoder:dataset").value == "wine"


def test_an_early_divergence_is_shown_with_its_value(at):
    at.selectbox(key="linear_autoencoder:optimizer").set_value("sgd").run()
    at.select_slider(key="linear_autoencoder:learning_rate").set_value(1.0).run()
    _step(at)
    run = at.session_state["runs"]["linear_autoencoder"]
    epoch, loss = run.blowup
    assert run.status == "diverged" and epoch <= 3 and loss > 1e4
    status = next(m.value for m in at.markdown if m.value.startswith("**Epoch "))
    assert f"at epoch {epoch}" in status and "e+" in status  # the loss it reached, not a blank chart
    assert any(t.name == "diverged" for _, fig in live_charts(at) for t in fig.data)


def test_the_status_line_is_a_live_region_for_screen_readers(at):
    press(at, key="linear_autoencoder_step")
    status = next(m.value for m in at.markdown if m.value.startswith("**Epoch "))
    assert '<span role="status" aria-live="polite"' in status
    run = at.session_state["runs"]["linear_autoencoder"]
    optimum = _eigenvalues(run.X)[run.params["hidden_layer_sizes"][0]:].sum()
    gap = 100 * (run.loss - optimum) / optimum
    line = f"Epoch 25 of 300, loss {number(run.loss)}, {gap:.1f} % above PCA optimum J*/N, paused"
    assert f">{line}</span>" in status
    # the loss chart carries the same words as its accessible name
    labels = [json.loads(c.proto.json)["label"] for c in at.get("bidi_component")
              if c.proto.component_name == "live_plotly_chart"]
    assert f"Loss chart: {line}" in labels


def _eigenvalues(X):
    """Eigenvalues of the 1/N covariance, independently of core: the squared singular values over N."""
    return np.linalg.svd(X - X.mean(axis=0), compute_uv=False) ** 2 / len(X)


def test_tiny_weights_draw_the_saddles_before_train_and_the_verdict_counts_the_plateaus(at):
    at.toggle(key="linear_autoencoder:tiny").set_value(True).run()
    assert not at.exception
    # Digits' top eigenvalues are close: the option moves to the 3-D cloud, whose gaps are clear.
    assert at.selectbox(key="linear_autoencoder:dataset").value == "low_rank"
    run = at.session_state["runs"]["linear_autoencoder"]
    assert run.status == "ready" and run.epoch == 0 and run.params["optimizer"] == "sgd"
    assert max(np.abs(W).max() for W in run.model.coefs_) <= 1e-5
    # Before Train: the dashed saddle lines at sum_{i>j} lambda_i, j = 0, 1, and PCA's line (j = 2).
    X = load_dataset("low_rank", scale="standard", n_features=3, rank=2, noise=0.5, n_samples=300).X
    lam = _eigenvalues(X)
    fig = next(f for _, f in live_charts(at) if any(t.name == "training loss" for t in f.data))
    labels = next(t for t in fig.data if t.name == "level labels")
    np.testing.assert_allclose(labels.y, [lam.sum(), lam[1:].sum()], rtol=1e-10)
    assert list(labels.text) == [f"saddle j = 0: {lam.sum():.4g}", f"saddle j = 1: {lam[1:].sum():.4g}"]
    assert list(next(t for t in fig.data if t.name == "levels").y)[::3] == list(labels.y)  # the lines beneath
    assert fig.data[0].y[0] == pytest.approx(lam.sum(), rel=1e-6)  # epoch 0: on the highest saddle
    captions = " ".join(c.value for c in at.caption)
    assert "Plain gradient descent (sgd, full batch) at η = 0.2/λ₁ = 0.11, for 150 epochs" in captions
    at.radio(key="linear_autoencoder:q:plateaus").set_value(2).run()
    at.button(key="check_linear_autoencoder_plateaus").click().run()
    at.number_input(key="linear_autoencoder:guess_value:plateaus").set_value(2.0).run()
    at.button(key="linear_autoencoder_guess_plateaus").click().run()
    _step(at, 6)  # 150 epochs: the run's whole length
    verdict = " ".join(s.value for s in at.success)
    assert (f"the loss stalled on 2 of the 2 saddle lines (J/N = {lam.sum():.4g}, {lam[1:].sum():.4g}) before it "
            "settled on PCA's line; your guess was 2") in verdict
    assert metric(at, "Gap to PCA optimum") == "0.00 %"


def test_the_plateau_question_waits_for_the_option(at):
    at.radio(key="linear_autoencoder:q:plateaus").set_value(2).run()
    at.button(key="check_linear_autoencoder_plateaus").click().run()
    assert any("Turn on **Start from tiny weights**" in i.value for i in at.info)


def test_the_l2_slider_shows_live_numbers_converging_to_kunins_prediction(at):
    at.selectbox(key="linear_autoencoder:dataset").set_value("low_rank").run()
    at.select_slider(key="linear_autoencoder:l2").set_value(0.2).run()
    assert not at.exception
    X = load_dataset("low_rank", scale="standard", n_features=3, rank=2, noise=0.5, n_samples=300).X
    lam = _eigenvalues(X)
    assert metric(at, "‖W − Vᵀ‖ / ‖W‖") == "–"  # before the first epoch
    price = (0.2**2 / lam[:2]).sum()  # both kept eigenvalues are above 0.2
    assert metric(at, "L2 optimum J/N (λ = 0.2)") == number(lam[2] + price)
    _step(at, 12)  # 300 epochs of Adam at 0.05, the run's whole length
    assert float(metric(at, "‖W − Vᵀ‖ / ‖W‖")) < 1e-3
    cosines = [float(v) for v in metric(at, "Decoder's directions vs PCA's, |cos|").split(" · ")]
    assert len(cosines) == 2 and min(cosines) > 0.999
    targets, values = next(fig for _, fig in live_charts(at) if fig.data[0].name.startswith("target")).data
    np.testing.assert_allclose(targets.y, np.sqrt(1 - 0.2 / lam[:2]), rtol=1e-10)
    np.testing.assert_allclose(values.y, targets.y, rtol=0.01)
    labels = next(t for _, fig in live_charts(at) for t in fig.data if t.name == "level labels")
    assert labels.y[0] == pytest.approx(lam[2] + price, rel=1e-10)  # the loss it settles on, dashed
    assert labels.text[0] == f"L2 optimum: {lam[2] + price:.4g}"


def test_reset_starts_again_from_tiny_weights_and_turning_the_option_off_from_random_ones(at):
    at.toggle(key="linear_autoencoder:tiny").set_value(True).run()
    _step(at)
    press(at, key="linear_autoencoder_reset")
    run = at.session_state["runs"]["linear_autoencoder"]
    assert run.epoch == 0 and run.status == "ready" and max(np.abs(W).max() for W in run.model.coefs_) <= 1e-5
    at.toggle(key="linear_autoencoder:tiny").set_value(False).run()
    run = at.session_state["runs"]["linear_autoencoder"]
    assert run.history == [] and run.params["optimizer"] == "adam"  # a fresh random network, the learner's settings
    assert not any(t.name == "levels" for _, fig in live_charts(at) for t in fig.data)
