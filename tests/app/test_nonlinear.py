"""AppTest of the `nonlinear` lesson: every activation runs and trains; tanh beats PCA on the arc."""

import pytest

from core.activations import ACTIVATIONS
from tests.app.apptest import chart_specs, metric, metric_element, plotly_figures, press

PAGE = "pages/nonlinear.py"


def test_first_load_shows_the_lesson(at):
    assert at.title[0].value.startswith("Nonlinear activations")
    assert at.selectbox(key="nonlinear:activation").value == "tanh"
    assert at.selectbox(key="nonlinear:dataset").value == "arc"
    assert any("2 → 16 → 1 → 16 → 2" in m.value for m in at.markdown)
    assert any("Press **Train**" in i.value for i in at.info)  # live views wait for the first epoch
    assert len(plotly_figures(at)) >= 3  # activations, network, loss curve


def test_the_formula_table_is_sent_only_once_opened(at):
    assert not any("| leaky ReLU |" in m.value for m in at.markdown)
    assert any("Why the derivative matters" in m.value for m in at.markdown)  # the reasoning stays on the page
    at.session_state["nonlinear_formulas"] = True  # as a click on the expander: its state, then a rerun
    at.run()
    assert any("| leaky ReLU |" in m.value and "1 − tanh²\u2009*a*" in m.value for m in at.markdown)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_every_activation_trains(at, activation):
    at.selectbox(key="nonlinear:activation").set_value(activation).run()
    assert not at.exception
    press(at, "Step")
    assert any("**Epoch 100 / 1000**" in m.value for m in at.markdown)
    loss = float(metric(at, "Autoencoder loss J/N"))
    assert 0 < loss < 5
    assert float(metric(at, "PCA optimum J*/N (k = 1)")) == pytest.approx(0.9568, abs=1e-3)
    assert "Hidden units:" in chart_specs(at)


def test_tanh_goes_below_pca_and_identity_stays_on_it(at):
    press(at, "Step", 3)  # 300 epochs
    gap = metric_element(at, "Gap to PCA optimum")
    assert gap.delta == "below PCA", gap.delta
    assert float(gap.value.removesuffix(" %")) < -50
    at.selectbox(key="nonlinear:activation").set_value("identity").run()
    press(at, "Step", 5)  # 500 epochs: a fresh linear network reaches PCA's optimum, not below it
    loss = float(metric(at, "Autoencoder loss J/N"))
    assert loss >= 0.9568 - 1e-3
    assert metric_element(at, "Gap to PCA optimum").delta == "equal to PCA"


def test_one_layer_network_cannot_beat_pca(at):
    at.slider(key="nonlinear:width").set_value(0).run()
    assert any("2 → 1 → 2" in m.value for m in at.markdown)
    press(at, "Step", 3)
    assert float(metric(at, "Autoencoder loss J/N")) >= 0.9568 - 1e-3


@pytest.mark.parametrize("dataset,chart_text", [("s_curve", "scatter3d"), ("digits", "heatmap"),
                                                 ("circle", "autoencoder reconstruction")])
def test_other_datasets(at, dataset, chart_text):
    at.selectbox(key="nonlinear:dataset").set_value(dataset).run()
    assert not at.exception
    press(at, "Step")
    assert chart_text in chart_specs(at)
    k = 1 if dataset == "circle" else 2
    assert any(f"Code size **k = {k}**" in m.value for m in at.markdown)


def test_a_dead_relu_code_is_named_and_a_new_seed_or_rate_starts_afresh(at):
    at.selectbox(key="nonlinear:activation").set_value("relu").run()
    press(at, "Step", 3)
    warnings = " ".join(w.value for w in at.warning)
    assert "Every unit of the code is dead" in warnings
    assert float(metric(at, "Autoencoder loss J/N")) > 0.99 * 2.0  # stuck at the total variance
    at.number_input(key="nonlinear:seed").set_value(3).run()
    assert at.session_state["runs"]["nonlinear"].epoch == 0  # a new seed is a fresh network
    at.select_slider(key="nonlinear:learning_rate").set_value(0.002).run()
    assert at.session_state["runs"]["nonlinear"].model.learning_rate == 0.002
