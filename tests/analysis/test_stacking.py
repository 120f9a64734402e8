import numpy as np
import pytest

from analysis.curves import train_curve
from analysis.stacking import compare_depths, compare_depths_steps, greedy_layerwise
from core import Autoencoder, load_dataset


@pytest.fixture(scope="module")
def digits():
    return load_dataset("digits", scale="standard", n_samples=300).X


PARAMS = dict(activation="tanh", learning_rate=0.01, random_state=0)


def test_stacked_network_is_the_stages_composed(digits):
    r = greedy_layerwise(digits, (16, 2), pretrain_epochs=40, finetune_epochs=0, **PARAMS)
    assert len(r.stage_curves) == 2 and r.pretrain_epochs == 80
    assert len(r.finetune_curve) == 0
    # Rebuild the stages by hand (same seeds): the stacked net must equal their composition.
    s1 = Autoencoder(hidden_layer_sizes=(16,), max_epochs=40, **{**PARAMS, "random_state": 0}).fit(digits)
    H = s1.transform(digits)
    s2 = Autoencoder(hidden_layer_sizes=(2,), output_activation="tanh", max_epochs=40,
                     **{**PARAMS, "random_state": 1}).fit(H)
    composed = s1.inverse_transform(s2.predict(H))
    assert np.allclose(r.model.predict(digits), composed)
    assert np.allclose(r.model.transform(digits), s2.transform(H))
    assert r.stacked_loss == pytest.approx(np.mean(np.sum((digits - composed) ** 2, axis=1)))
    assert r.stage_curves[1][-1] < r.stage_curves[1][0]  # the second stage learned its codes


def test_fine_tuning_improves_on_the_stack(digits):
    r = greedy_layerwise(digits, (16, 2), pretrain_epochs=40, finetune_epochs=60, **PARAMS)
    assert len(r.finetune_curve) == 60
    assert r.finetune_curve[-1] < r.stacked_loss
    assert r.model.n_epochs_ == 60


def test_loss_curve_and_seed(digits):
    a = train_curve(digits, dict(hidden_layer_sizes=(2,), **PARAMS), epochs=20).loss
    b = train_curve(digits, dict(hidden_layer_sizes=(2,), **PARAMS), epochs=20).loss
    assert len(a) == 20 and np.array_equal(a, b) and a[-1] < a[0]


def test_needs_a_layer(digits):
    with pytest.raises(ValueError):
        greedy_layerwise(digits, (), pretrain_epochs=1, finetune_epochs=1)


def test_the_comparison_in_steps_reports_progress_and_gives_the_same_result(digits):
    params = dict(PARAMS, optimizer="adam", batch_size=None)
    steps = compare_depths_steps(digits, (8, 2), pretrain_epochs=5, finetune_epochs=10, **params)
    progress = []
    while True:
        try:
            progress.append(next(steps))
        except StopIteration as done:
            sliced = done.value
            break
    assert progress == sorted(progress) and 0 <= progress[0] < progress[-1] == 1.0
    whole = compare_depths(digits, (8, 2), pretrain_epochs=5, finetune_epochs=10, **params)
    assert list(sliced.curves) == list(whole.curves)
    for label in whole.curves:
        np.testing.assert_array_equal(sliced.curves[label], whole.curves[label])
    assert sliced.stacked_loss == whole.stacked_loss and sliced.total_epochs == 20
