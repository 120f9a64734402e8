"""Dead and saturated hidden units of a trained autoencoder: where backprop's gradient cannot get through.

For a hidden unit j with outputs h_nj = f(a_nj) over the N training points:

* **dead**: h_nj == 0 for every n, with an activation whose derivative is then 0 (ReLU): no gradient ever
  reaches the unit's incoming weights, so training cannot revive it;
* **saturated**: f'(a_nj) < 1 % of f's largest slope for more than 90 % of the points (sigmoid and tanh
  for large |a|, ELU far below 0): the unit passes almost no gradient back.

Works on the learned state only (``coefs_``, ``intercepts_`` as (n_in, n_out) and (n_out,) arrays, encoder
first, decoder mirrored), so it reads any model that follows the `Autoencoder` contract.
"""

from dataclasses import dataclass

import numpy as np

from core.activations import ACTIVATIONS

SATURATION_SLOPE = 0.01   # a unit passes less than 1 % of f's largest slope ...
SATURATION_SHARE = 0.9    # ... for more than 90 % of the points


@dataclass(frozen=True)
class LayerHealth:
    """Counts for one hidden layer: ``active + saturated + dead == units``."""

    name: str
    units: int
    dead: int
    saturated: int

    @property
    def active(self) -> int:
        return self.units - self.dead - self.saturated


def hidden_outputs(coefs: list[np.ndarray], intercepts: list[np.ndarray], activation: str,
                   X: np.ndarray) -> list[np.ndarray]:
    """Outputs h_l = f(h_{l-1} W_l + b_l) of every hidden layer (the code included), each (N, n_l)."""
    f = ACTIVATIONS[activation].function
    h = np.asarray(X, dtype=np.float64)
    outs = []
    for W, b in zip(coefs[:-1], intercepts[:-1], strict=True):
        h = f(h @ W + b)
        outs.append(h)
    return outs


def layer_names(n_hidden: int) -> list[str]:
    """Names for the hidden layers of a mirrored network with ``n_hidden`` (odd) hidden layers."""
    k = (n_hidden + 1) // 2  # encoder layers, the code being the last of them
    names = [f"encoder {i + 1}" for i in range(k - 1)] + ["code"]
    names += [f"decoder {i + 1}" for i in range(k - 1)]
    return names


def unit_health(model, X: np.ndarray) -> list[LayerHealth]:
    """Dead and saturated units per hidden layer of a fitted autoencoder on the data X, shape (N, D).

    ``model`` needs ``coefs_``, ``intercepts_`` and ``activation`` (the Autoencoder's learned state).
    """
    act = ACTIVATIONS[model.activation]
    slope_floor = SATURATION_SLOPE * act.max_slope
    outs = hidden_outputs(model.coefs_, model.intercepts_, model.activation, X)
    names = layer_names(len(outs))
    report = []
    for name, h in zip(names, outs, strict=True):
        slope = act.derivative(h)
        dead = np.all(slope == 0.0, axis=0) & np.all(h == 0.0, axis=0)
        saturated = (np.mean(slope < slope_floor, axis=0) > SATURATION_SHARE) & ~dead
        report.append(LayerHealth(name, h.shape[1], int(dead.sum()), int(saturated.sum())))
    return report
