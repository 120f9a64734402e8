import numpy as np
import pytest

from analysis.baseline import pca_baseline
from analysis.manifold import code_grid, decoded_curve
from analysis.units import hidden_outputs, layer_names, unit_health
from core import Autoencoder, load_dataset
from core.pca import discarded_variance


def _model(activation, sizes=(4, 1), D=2):
    m = Autoencoder(hidden_layer_sizes=sizes, activation=activation, random_state=0)
    m.fit_iter(np.random.default_rng(0).normal(size=(20, D)), epochs=0)
    return m


def test_hidden_outputs_match_the_model():
    X = np.random.default_rng(1).normal(size=(30, 2))
    m = _model("tanh")
    outs = hidden_outputs(m.coefs_, m.intercepts_, "tanh", X)
    assert [o.shape[1] for o in outs] == [4, 1, 4]
    assert np.allclose(outs[1], m.transform(X))


def test_dead_relu_units_are_counted():
    X = np.random.default_rng(1).normal(size=(30, 2))
    m = _model("relu")
    m.intercepts_[0][:2] = -100.0   # two encoder units never switch on: dead
    health = unit_health(m, X)
    assert [h.name for h in health] == ["encoder 1", "code", "decoder 1"]
    assert health[0].dead == 2 and health[0].units == 4
    assert health[0].active + health[0].saturated + health[0].dead == 4


def test_saturated_tanh_units_are_counted():
    X = np.random.default_rng(1).normal(size=(30, 2))
    m = _model("tanh")
    m.coefs_[0][:, 0] = 0.0
    m.intercepts_[0][0] = 10.0      # tanh(10): slope 8e-9, saturated for every point
    health = unit_health(m, X)
    assert health[0].saturated == 1 and health[0].dead == 0
    m2 = _model("identity")
    assert all(h.dead == 0 and h.saturated == 0 for h in unit_health(m2, X))


def test_layer_names():
    assert layer_names(1) == ["code"]
    assert layer_names(5) == ["encoder 1", "encoder 2", "code", "decoder 1", "decoder 2"]


def test_pca_baseline_is_the_optimum():
    X = load_dataset("arc", scale="standard").X
    base = pca_baseline(X, 1)
    assert base.error == pytest.approx(discarded_variance(X)[1])
    assert base.codes.shape == (len(X), 1) and base.reconstructions.shape == X.shape


def test_decoded_curve_of_pca_is_its_line():
    X = load_dataset("arc", scale="standard").X
    base = pca_baseline(X, 1)
    curve = decoded_curve(base.model, X, n=50)
    assert curve.shape == (50, 2)
    # every point of PCA's curve lies on the line mean + t * component
    resid = (curve - base.model.mean_) - np.outer((curve - base.model.mean_) @ base.model.components_[0],
                                                  base.model.components_[0])
    assert np.abs(resid).max() < 1e-12
    with pytest.raises(ValueError, match="1-D code"):
        decoded_curve(pca_baseline(X, 2).model, X)


def test_code_grid():
    g = code_grid(np.array([[0.0], [1.0]]), n=5, margin=0.0)
    assert g.ravel().tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    with pytest.raises(ValueError):
        code_grid(np.array([np.nan]))


def test_tanh_network_bends_below_pca_on_the_arc():
    X = load_dataset("arc", scale="standard").X
    pca_error = pca_baseline(X, 1).error
    m = Autoencoder(hidden_layer_sizes=(16, 1), activation="tanh", learning_rate=0.01, max_epochs=300,
                    random_state=0).fit(X)
    assert m.loss_curve_[-1] < 0.5 * pca_error
    curve = decoded_curve(m, X)
    # the decoder's curve is bent: it is far from any straight line through its ends
    ends = curve[-1] - curve[0]
    normal = np.array([-ends[1], ends[0]]) / np.linalg.norm(ends)
    assert np.abs((curve - curve[0]) @ normal).max() > 0.5
