"""The shared widgets' pure parts: the layer editor's sliders turned into sizes."""

from ui.widgets import halving_layers


def test_halving_layers():
    assert halving_layers(2, 32, 2) == (32, 16, 2)
    assert halving_layers(0, 32, 2) == (2,)
    assert halving_layers(4, 16, 3) == (16, 8, 4, 3, 3)
