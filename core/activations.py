"""Activation functions: one registry of named (function, derivative) pairs.

The UI builds its menus from ``list(ACTIVATIONS)``; the network looks the pair up by name.

Every ``derivative`` is written in terms of the layer **output** ``h = f(z)``, not the pre-activation
``z``: for each function here, f'(z) is a function of f(z) alone (e.g. tanh' = 1 - h^2,
sigmoid' = h (1 - h), relu' = [h > 0]). So backprop needs only the outputs it already keeps, and the
forward pass may overwrite ``z`` in place with ``h``.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit

LEAKY_SLOPE = 0.01  # slope of leaky_relu for z < 0
ELU_ALPHA = 1.0  # elu(z) = alpha (e^z - 1) for z < 0


class Activation(NamedTuple):
    """A named activation.

    function(z, out=None) -> h = f(z), elementwise; ``out`` may be ``z`` itself (in place).
    derivative(h) -> f'(z) expressed through the output h = f(z), same shape as h.
    description: one line for the UI.
    """

    name: str
    function: Callable[..., np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]
    description: str


def _identity(z, out=None):
    if out is None:
        return np.array(z, dtype=np.float64)
    if out is not z:
        out[...] = z
    return out


def _identity_derivative(h):
    return np.ones_like(h)


def _relu(z, out=None):
    return np.maximum(z, 0.0, out=out)


def _relu_derivative(h):
    return (h > 0).astype(np.float64)


def _tanh(z, out=None):
    return np.tanh(z, out=out)


def _tanh_derivative(h):
    return 1.0 - h * h


def _sigmoid(z, out=None):
    return expit(z, out=out) if out is not None else expit(z)


def _sigmoid_derivative(h):
    return h * (1.0 - h)


def _leaky_relu(z, out=None):
    slope = np.where(z > 0, 1.0, LEAKY_SLOPE)
    return np.multiply(z, slope, out=out)


def _leaky_relu_derivative(h):
    # h > 0 exactly when z > 0, because the slope is positive on both sides.
    return np.where(h > 0, 1.0, LEAKY_SLOPE)


def _elu(z, out=None):
    h = np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))
    if out is None:
        return h
    out[...] = h
    return out


def _elu_derivative(h):
    # For z <= 0: d/dz alpha (e^z - 1) = alpha e^z = h + alpha.
    return np.where(h > 0, 1.0, h + ELU_ALPHA)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("identity", _identity, _identity_derivative, "f(z) = z: no bend, a linear layer (PCA's world)"),
        Activation("relu", _relu, _relu_derivative, "f(z) = max(0, z): zero below 0, straight above"),
        Activation("tanh", _tanh, _tanh_derivative, "f(z) = tanh(z): smooth S-curve from -1 to 1"),
        Activation("sigmoid", _sigmoid, _sigmoid_derivative, "f(z) = 1 / (1 + e^-z): smooth S-curve from 0 to 1"),
        Activation(
            "leaky_relu", _leaky_relu, _leaky_relu_derivative, "f(z) = z above 0, 0.01 z below: relu that never dies"
        ),
        Activation("elu", _elu, _elu_derivative, "f(z) = z above 0, e^z - 1 below: a smooth relu"),
    )
}

# Activations whose natural initialisation is He's (variance 2 / fan_in) rather than Glorot's.
RELU_LIKE = frozenset({"relu", "leaky_relu", "elu"})
