import numpy as np
import pytest

from core import Autoencoder, load_dataset
from analysis.curves import train_curve
from analysis.stacking import greedy_layerwise


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
