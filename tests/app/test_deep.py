"""AppTest of the `deep` lesson: layer editor, every activation, live 2-D maps against PCA, the comparisons."""

import pytest

from core.activations import ACTIVATIONS
from tests.app.apptest import chart_specs, metric, metric_element, opened, plotly_figures, press, shown

PAGE = "pages/deep.py"
PCA_ERROR_DIGITS_K2 = 47.827  # (1/N) sum of discarded eigenvalues of standardised digits, k = 2


def _trace_names(at):
    return [t.name for fig in plotly_figures(at) for t in fig.data]


def _network(at):
    return next(m.value for m in at.markdown if m.value.startswith("Network **"))


def test_first_load(at):
    assert at.title[0].value.startswith("Stacking layers")
    assert "64 → 32 → 16 → 2 → 16 → 32 → 64" in _network(at)
    assert "5,346 weights and biases" in _network(at)
    assert at.text_input(key="deep:layers").value == "32, 16, 2"
    assert not at.error


def test_layer_editor_rejects_bad_input_and_keeps_the_network(at):
    at.text_input(key="deep:layers").set_value("8, 2").run()
    assert "64 → 8 → 2 → 8 → 64" in _network(at)
    at.text_input(key="deep:layers").set_value("32,,x").run()
    assert not at.exception
    assert "Layer 2 is empty" in shown(at.error[0].value)
    assert "still the last valid one: 8, 2" in shown(at.error[0].value)
    assert "64 → 8 → 2 → 8 → 64" in _network(at)
    at.text_input(key="deep:layers").set_value("16, x").run()
    assert '"x" (layer 2) is not a whole number' in shown(at.error[0].value)
    at.text_input(key="deep:layers").set_value("32, 64").run()
    assert "must be smaller than the input's 64 features" in shown(at.error[0].value)
    assert "64 → 8 → 2 → 8 → 64" in _network(at)


def test_sliders_write_the_layers(at):
    at.slider(key="deep:depth").set_value(1).run()
    at.slider(key="deep:width").set_value(16).run()
    assert at.text_input(key="deep:layers").value == "16, 2"
    assert "64 → 16 → 2 → 16 → 64" in _network(at)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_every_activation_trains(at, activation):
    at.text_input(key="deep:layers").set_value("16, 2").run()
    at.selectbox(key="deep:activation").set_value(activation).run()
    press(at, "Step")
    assert any("**Epoch 50 / 600**" in m.value for m in at.markdown)
    trust = float(metric(at, "T(5), autoencoder"))
    assert 0.5 < trust <= 1.0
    assert metric(at, "T(5), PCA") == "0.816"
    assert metric(at, "5-NN accuracy, PCA") == "52.7%"


def test_deep_tanh_beats_pca(at):
    press(at, "Step", 2)  # 100 epochs
    loss = float(next(m.value for m in at.markdown if "**Epoch 100 / 600**" in m.value)
                 .split("loss J/N = **")[1].split("**")[0])
    assert loss < PCA_ERROR_DIGITS_K2
    assert metric_element(at, "T(5), autoencoder").delta.startswith("+")
    assert metric_element(at, "5-NN accuracy, autoencoder").delta.startswith("+")


def test_comparisons(at):
    at.text_input(key="deep:layers").set_value("8, 2").run()
    assert "Stacked and fine-tuned" not in chart_specs(at)
    press(at, key="deep_compare")
    assert not at.exception
    assert "Stacked and fine-tuned vs end to end (8, 2)" in chart_specs(at)
    names = _trace_names(at)
    assert "shallow: 64 → 2 → 64" in names and "yours, end to end: 8, 2" in names
    assert "pre-trained, then fine-tuned" in names
    stacked = float(metric(at, "Stacked, before fine-tuning"))
    tuned = float(metric(at, "Pre-trained + fine-tuned, final loss"))
    assert tuned < stacked
    assert any("stage 2:" in c.value for c in at.caption)
    # changing the settings keeps the last charts, labelled as such
    at.text_input(key="deep:layers").set_value("16, 2").run()
    assert any("These charts are for 8, 2" in i.value for i in at.info)


def test_learners_asking_the_same_comparison_share_one_job_and_see_the_same_result():
    """A class pressing "Run both comparisons" together computes it once (Cancel among learners sharing a job:
    tests/ui/test_live_threads.py; AppTest gives every session the same id)."""
    one, two, three = opened(PAGE), opened(PAGE), opened(PAGE)
    for at, layers in ((one, "8, 4"), (two, "8, 4"), (three, "16, 4")):
        at.text_input(key="deep:layers").set_value(layers).run()
    one.button(key="deep_compare").click().run()
    two.button(key="deep_compare").click().run()
    three.button(key="deep_compare").click().run()
    job_one, job_two, job_three = (at.session_state["jobs"]["deep:comparison"] for at in (one, two, three))
    assert job_one is job_two and job_three is not job_one, "the same request, one job; another request, its own"
    press(two, key="deep_compare")  # asked again: joins the same job, waits for it, shows it
    assert two.session_state["jobs"]["deep:comparison"] is job_one
    assert job_one.status == "finished"
    press(one, key="deep_compare")
    assert metric(one, "Pre-trained + fine-tuned, final loss") == metric(two, "Pre-trained + fine-tuned, final loss")
