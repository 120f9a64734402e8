import numpy as np
import pytest

from core.activations import ACTIVATIONS
from viz.activations import activation_curves, activation_figure


def test_curves_match_the_formulas():
    a = np.linspace(-3, 3, 61)
    h, dh = activation_curves(ACTIVATIONS["sigmoid"], a)
    s = 1 / (1 + np.exp(-a))
    assert np.allclose(h, s) and np.allclose(dh, s * (1 - s))
    assert dh.max() == pytest.approx(0.25)
    h, dh = activation_curves(ACTIVATIONS["relu"], a)
    assert np.allclose(dh, (a > 0).astype(float))
    h, dh = activation_curves(ACTIVATIONS["elu"], a)
    assert np.allclose(dh[a < 0], np.exp(a[a < 0]))
    # the derivative drawn equals a central difference of the function drawn
    for name, act in ACTIVATIONS.items():
        h, dh = activation_curves(act, a)
        numeric = np.gradient(h, a)
        smooth = np.abs(a) > 0.2  # away from the kinks of relu-like functions
        assert np.allclose(dh[smooth][1:-1], numeric[smooth][1:-1], atol=0.02), name


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_figure_for_every_activation(name):
    fig = activation_figure(ACTIVATIONS, name)
    assert len(fig.data) == 2 * len(ACTIVATIONS)
    chosen = [t for t in fig.data if t.line.width == 4]
    assert len(chosen) == 2 and all(t.name == ACTIVATIONS[name].label for t in chosen)
    assert fig.data[-1].name == ACTIVATIONS[name].label  # drawn last, on top
    assert list(fig.layout.xaxis.range) == [-4.0, 4.0]
    assert list(fig.layout.yaxis2.range) == [-0.1, 1.15]
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text == "f(a)"
    assert fig.layout.annotations[0].text.startswith(ACTIVATIONS[name].label)


def test_figure_is_small_and_has_the_kink_at_zero():
    fig = activation_figure(ACTIVATIONS, "relu")
    assert len(fig.to_json()) < 40_000  # it was 123 KiB, the largest chart the lessons sent
    relu = fig.data[-2]  # the selected one, f(a): drawn last in its panel
    i = list(relu.x).index(0.0)  # a = 0 is a point, so the kink is drawn sharp
    assert relu.y[i] == 0.0 and relu.y[i + 1] > 0.0


def test_unknown_activation():
    with pytest.raises(KeyError, match="Unknown activation"):
        activation_figure(ACTIVATIONS, "swish")
