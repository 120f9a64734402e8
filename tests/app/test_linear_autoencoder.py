"""AppTest of the `linear_autoencoder` lesson: the gap to PCA's optimum closes, the subspace and axes match."""

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
    assert f">Epoch 25 of 300, loss {number(run.loss)}, paused</span>" in status
