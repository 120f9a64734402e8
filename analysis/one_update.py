r"""One gradient step of a tiny autoencoder D -> k -> D, taken apart: forward, loss, backward and the update.

Every number is core's: the forward and backward pass is ``Autoencoder.backprop_trace`` on the batch, the step is
one ``partial_fit`` of a copy of the model (one full-batch step of its optimiser), the optimiser's buffers are
``optimizer_state``. They are turned into the lessons' orientation: samples are the columns of X (D x n), W is
k x D (one row per code unit), V is D x k, so

.. math:: A = WX + b,\quad Z = f(A),\quad Y = g(VZ + c),\quad L = \tfrac1n \textstyle\sum_i \lVert y_i - x_i\rVert^2

and :math:`\delta_{out} = \tfrac2n (Y - X) \odot g'`, :math:`\delta_{code} = (V^\top \delta_{out}) \odot f'(A)`,
:math:`\partial L/\partial V = \delta_{out} Z^\top`, :math:`\partial L/\partial W = \delta_{code} X^\top`, the biases'
gradients the row sums of the deltas. The gradient check (central differences) is computed beside it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from analysis.gradcheck import numerical_gradients, relative_error
from core import Autoencoder
from core.activations import ACTIVATIONS

MAX_FEATURES, MAX_CODE, MAX_BATCH = 4, 2, 4  # every number still fits on a screen
NAMES = ("W", "b", "V", "c")


def _oriented(coefs, intercepts) -> dict[str, np.ndarray]:
    """core's (coefs_, intercepts_) of a D -> k -> D network as the lessons' W (k x D), b, V (D x k), c."""
    return {"W": coefs[0].T.copy(), "b": intercepts[0].copy(), "V": coefs[1].T.copy(), "c": intercepts[1].copy()}


@dataclass(frozen=True)
class OneUpdate:
    """One full-batch step on n samples, every intermediate in the lessons' orientation (columns are samples)."""

    X: np.ndarray           # (D, n)
    before: dict            # W, b, V, c before the step
    A: np.ndarray           # (k, n) code pre-activations WX + b
    Z: np.ndarray           # (k, n) the code f(A)
    A_out: np.ndarray       # (D, n) VZ + c
    Y: np.ndarray           # (D, n) g(A_out)
    errors: np.ndarray      # (n,) ||y_i - x_i||^2
    loss: float             # the mean of errors (+ the L2 term, none here)
    delta_out: np.ndarray   # (D, n) dL/dA_out
    back: np.ndarray        # (k, n) V^T delta_out: what reaches the code before f' multiplies it
    fprime: np.ndarray      # (k, n) f'(A)
    delta_code: np.ndarray  # (k, n) dL/dA
    grads: dict             # dL/dW, dL/db, dL/dV, dL/dc by the names of the parameters
    numeric: dict           # the same by central differences
    check: dict             # relative error of each gradient against its numeric twin
    optimizer: str
    learning_rate: float
    state_before: dict      # buffer name -> {W, b, V, c}; plus "t"
    state_after: dict
    after: dict             # W, b, V, c after the step
    loss_after: float       # the loss on the same batch after the step, as the step's own epoch recorded it

    @property
    def n(self) -> int:
        return self.X.shape[1]


def tiny_model(k: int, activation: str, optimizer: str, learning_rate: float, seed: int, X) -> Autoencoder:
    """A fresh D -> k -> D autoencoder on X (D <= 4, k <= 2), initialised and untrained."""
    D = np.asarray(X).shape[1]
    if not (2 <= D <= MAX_FEATURES and 1 <= k <= min(MAX_CODE, D - 1)):
        raise ValueError(f"the slow-motion network needs 2 <= D <= {MAX_FEATURES} and 1 <= k <= {MAX_CODE}, k < D")
    model = Autoencoder(hidden_layer_sizes=(k,), activation=activation, optimizer=optimizer,
                        learning_rate=learning_rate, batch_size=None, random_state=seed)
    model.fit_steps(X, 0)  # initialises the parameters; trains nothing
    return model


def _state(model: Autoencoder) -> dict:
    state = model.optimizer_state()
    return {"t": state["t"], **{name: _oriented(*state[name]) for name in state if name != "t"}}


def one_update(model: Autoencoder, batch: np.ndarray) -> tuple[OneUpdate, Autoencoder]:
    """Take ``model``'s next step on ``batch`` (n <= 4 rows) apart; return it and the stepped copy (``model``
    itself is unchanged). Raises ``TrainingDiverged`` if the step makes the loss explode."""
    batch = np.asarray(batch, dtype=np.float64)
    if not 1 <= len(batch) <= MAX_BATCH:
        raise ValueError(f"a batch of 1 to {MAX_BATCH} samples, got {len(batch)}")
    t = model.backprop_trace(batch)
    numeric = numerical_gradients(model, batch)
    after = copy.deepcopy(model)
    after.partial_fit(batch)
    g = _oriented(t.grad_coefs, t.grad_intercepts)
    num = _oriented(numeric["coefs"], numeric["intercepts"])
    fprime = ACTIVATIONS[model.activation].derivative(t.outputs[0]).T
    delta_code = t.deltas[0].T
    return OneUpdate(
        X=batch.T.copy(), before=_oriented(model.coefs_, model.intercepts_), A=t.pre_activations[0].T,
        Z=t.outputs[0].T, A_out=t.pre_activations[1].T, Y=t.outputs[1].T,
        errors=np.sum((t.outputs[1] - t.target) ** 2, axis=1), loss=float(t.loss), delta_out=t.deltas[1].T,
        back=model.coefs_[1] @ t.deltas[1].T, fprime=fprime, delta_code=delta_code, grads=g, numeric=num,
        check={name: relative_error(g[name], num[name]) for name in NAMES}, optimizer=model.optimizer,
        learning_rate=float(model.learning_rate), state_before=_state(model), state_after=_state(after),
        after=_oriented(after.coefs_, after.intercepts_), loss_after=float(after.loss_curve_[-1]),
    ), after
