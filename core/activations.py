"""Activation functions: one registry of named records, each a function with its derivative and what the lessons
need to know about it (its label, its kink, its initialisation, where its outputs live).

The UI builds its menus from ``list(ACTIVATIONS)`` and its labels from ``ACTIVATIONS[name].label``; the network
looks the record up by name.

Every ``derivative`` is written in terms of the layer **output** ``h = f(z)``, not the pre-activation ``z``:
for each function here, f'(z) is a function of f(z) alone (tanh' = 1 - h^2, sigmoid' = h (1 - h),
relu' = [h > 0]). So backprop needs only the outputs it already keeps, and the forward pass may overwrite
``z`` in place with ``h``.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit

LEAKY_SLOPE = 0.01  # slope of leaky_relu for z < 0
ELU_ALPHA = 1.0  # elu(z) = alpha (e^z - 1) for z < 0


class Activation(NamedTuple):
    """A named activation f and what depends on it.

    function(z, out=None) -> h = f(z), elementwise; ``out`` may be ``z`` itself (in place).
    derivative(h) -> f'(z) expressed through the output h = f(z), same shape as h.
    label: its name as the lessons print it ("leaky ReLU").
    description: one line for the UI.
    kinked: f' jumps at 0 (relu-like): a finite difference across the kink is wrong, so gradient checks avoid it.
    init: "he" (variance 2 / fan_in, for relu-like layers) or "glorot" (2 / (fan_in + fan_out)).
    bounds: the interval f's outputs live in, or None when unbounded (a chart of the code can fix its axes).
    max_slope: the largest value of f' (a unit is saturated when its slope is far below it).
    """

    name: str
    label: str
    function: Callable[..., np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    description: str
    kinked: bool = False
    init: str = "glorot"
    bounds: tuple[float, float] | None = None
    max_slope: float = 1.0


def _identity(z, out=None):
    if out is None:
        return np.array(z, dtype=np.float64)
    if out is not z:
        out[...] = z
    return out


def _relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def _tanh(z, out=None):
    return np.tanh(z, out=out)


def _sigmoid(z, out=None):
    return expit(z, out=out) if out is not None else expit(z)


def _leaky_relu(z, out=None):
    return np.multiply(z, np.where(z > 0, 1.0, LEAKY_SLOPE), out=out)


def _elu(z, out=None):
    h = np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))
    if out is None:
        return h
    out[...] = h
    return out


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("identity", "identity", _identity, np.ones_like,
                   "f(z) = z: no bend, a linear layer (PCA's world)"),
        Activation("relu", "ReLU", _relu, lambda h: (h > 0).astype(np.float64),
                   "f(z) = max(0, z): zero below 0, straight above", kinked=True, init="he"),
        Activation("tanh", "tanh", _tanh, lambda h: 1.0 - h * h,
                   "f(z) = tanh(z): smooth S-curve from -1 to 1", bounds=(-1.0, 1.0)),
        Activation("sigmoid", "sigmoid", _sigmoid, lambda h: h * (1.0 - h),
                   "f(z) = 1 / (1 + e^-z): smooth S-curve from 0 to 1", bounds=(0.0, 1.0), max_slope=0.25),
        # h > 0 exactly when z > 0 (the slope is positive on both sides), so f' is read off the output.
        Activation("leaky_relu", "leaky ReLU", _leaky_relu, lambda h: np.where(h > 0, 1.0, LEAKY_SLOPE),
                   "f(z) = z above 0, 0.01 z below: relu that never dies", kinked=True, init="he"),
        # For z <= 0: d/dz alpha (e^z - 1) = alpha e^z = h + alpha. Its second derivative jumps at 0.
        Activation("elu", "ELU", _elu, lambda h: np.where(h > 0, 1.0, h + ELU_ALPHA),
                   "f(z) = z above 0, e^z - 1 below: a smooth relu", kinked=True, init="he"),
    )
}
