r"""Check backpropagation against the definition of the derivative, and trace it for one sample.

* `numerical_gradients`: central differences
  :math:`\partial J/\partial\theta_i \approx (J(\theta+\varepsilon e_i) - J(\theta-\varepsilon e_i)) / 2\varepsilon`
  for every weight and bias of a fitted `core.Autoencoder`, error :math:`O(\varepsilon^2)`.
* `gradient_check`: the relative error
  :math:`r = \lVert g_{bp} - g_{num}\rVert / (\lVert g_{bp}\rVert + \lVert g_{num}\rVert)` per layer, where
  :math:`g_{bp}` comes from ``Autoencoder.loss_and_gradients`` (the code that trains the model).
* `backprop_trace`: the forward values and error signals of one sample, layer by layer, from core's own pass
  (``Autoencoder.backprop_trace``) in column-vector form, so a lesson can print the chain rule with live numbers
  (a test checks them against an independent implementation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.activations import ACTIVATIONS
from core.autoencoder import Autoencoder
from core.metrics import mse

EPSILON = 1e-5  # truncation ~eps^2 = 1e-10 and rounding ~1e-16/eps = 1e-11 are both far below 1e-6


def _activations(model) -> list:
    n_layers = len(model.coefs_)
    return [ACTIVATIONS[model.activation]] * (n_layers - 1) + [ACTIVATIONS[model.output_activation]]


def _loss(model, X, T, acts) -> float:
    """J = (1/N) sum_n ||y_n - t_n||^2 + l2 * sum ||W||_F^2, computed from the public weights alone.

    Written here rather than calling the model, so the numeric side of the check is an independent
    implementation of the definition (and cheap: no backward pass).
    """
    h = X
    for W, b, act in zip(model.coefs_, model.intercepts_, acts, strict=True):
        h = act.function(h @ W + b)
    loss = mse(h, T)
    if model.l2 > 0:
        # a tied decoder matrix is the encoder's transposed: one parameter, penalised once
        owned = model.coefs_[: len(model.coefs_) // 2] if model.tied_weights else model.coefs_
        loss += model.l2 * sum(float(np.vdot(W, W)) for W in owned)
    return loss


def kink_safe_rows(model, X, *, margin: float = 1e-3) -> np.ndarray:
    """Indices of rows whose hidden pre-activations all lie farther than ``margin`` from 0.

    relu-like activations have a kink at 0; a perturbation that pushes a unit across it makes the
    *numeric* derivative wrong (the analytic one is right on each side). Checking on samples away from
    every kink removes that false alarm. For smooth activations every row is returned.
    """
    X = np.asarray(X, dtype=np.float64)
    acts = _activations(model)
    keep = np.ones(X.shape[0], dtype=bool)
    h = X
    for W, b, act in zip(model.coefs_[:-1], model.intercepts_[:-1], acts[:-1], strict=True):
        z = h @ W + b
        if act.kinked:
            keep &= np.all(np.abs(z) > margin, axis=1)
        h = act.function(z)
    return np.flatnonzero(keep)


def numerical_gradients(model, X, y=None, *, eps: float = EPSILON) -> dict:
    """Central-difference gradient of the model's loss (data term + L2) at its current parameters.

    Parameters
    ----------
    model : fitted core.Autoencoder (parameters are perturbed in place and restored exactly).
    X : ndarray, shape (N, D); ``y``: the target as for ``loss_and_gradients`` (None: X).

    Returns
    -------
    ``{"coefs": [...], "intercepts": [...]}`` shaped like ``model.coefs_`` / ``model.intercepts_``.
    Costs two loss evaluations per parameter: use a small network and a few samples.
    """
    X = np.asarray(X, dtype=np.float64)
    T = X if y is None else np.asarray(y, dtype=np.float64)
    acts = _activations(model)
    out = {"coefs": [], "intercepts": []}
    for group in ("coefs", "intercepts"):
        for param in getattr(model, f"{group}_"):
            grad = np.zeros(param.shape)
            for idx in np.ndindex(param.shape):
                saved = param[idx]
                param[idx] = saved + eps
                plus = _loss(model, X, T, acts)
                param[idx] = saved - eps
                minus = _loss(model, X, T, acts)
                param[idx] = saved  # restore the exact float, not saved + eps - eps
                grad[idx] = (plus - minus) / (2 * eps)
            out[group].append(grad)
    return out


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||), 0 when both are zero. Scale-free: 1e-8 means ~8 matching digits."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


@dataclass(frozen=True)
class LayerCheck:
    """The gradient check of one layer l (weights W_l of shape (n_in, n_out) and biases b_l)."""

    layer: int  # 1-based
    n_in: int
    n_out: int
    weight_error: float  # relative error of dJ/dW_l
    bias_error: float  # relative error of dJ/db_l
    weight_grad_norm: float  # ||dJ/dW_l|| from backprop, to show the gradient is not trivially zero

    @property
    def label(self) -> str:
        return f"layer {self.layer}: {self.n_out}×{self.n_in}"  # the lessons' W: one row per unit it feeds


def gradient_check(model, X, y=None, *, eps: float = EPSILON) -> list[LayerCheck]:
    """Compare ``model.loss_and_gradients`` with `numerical_gradients`, layer by layer (encoder first)."""
    _, analytic = model.loss_and_gradients(X, y)
    numeric = numerical_gradients(model, X, y, eps=eps)
    checks = []
    for l, (ga, gn, ba, bn) in enumerate(
        zip(analytic["coefs"], numeric["coefs"], analytic["intercepts"], numeric["intercepts"], strict=True), start=1
    ):
        checks.append(LayerCheck(l, ga.shape[0], ga.shape[1], relative_error(ga, gn), relative_error(ba, bn),
                                 float(np.linalg.norm(ga))))
    return checks


@dataclass(frozen=True)
class Trace:
    """Backprop for one sample x (D,), per layer l = 0..L-1 (encoder first, output last).

    Forward: ``inputs[l]`` = h_l (n_l,), ``pre[l]`` = a_l = W_l h_l + b_l (the lessons' W, ``coefs_[l]``
    transposed), ``outputs[l]`` = f_l(a_l).
    Backward: ``deltas[l]`` = dℓ/dz_l (n_{l+1},); ``grad_coefs[l]`` = a_l δ_l^T (n_l, n_{l+1});
    ``grad_intercepts[l]`` = δ_l. Loss ℓ = ||y - t||^2 (data term, one sample, so no 1/N).
    """

    x: np.ndarray
    target: np.ndarray
    inputs: list
    pre: list
    outputs: list
    deltas: list
    local_derivatives: list  # f_l'(z_l), the factor each layer multiplies the incoming signal by
    grad_coefs: list
    grad_intercepts: list
    loss: float
    code_layer: int  # index l whose output is the code


def backprop_trace(model, x: np.ndarray, target: np.ndarray | None = None) -> Trace:
    """The forward and backward pass of a fitted (untied) Autoencoder on one sample, every value kept: core's own
    pass (``Autoencoder.backprop_trace`` on a batch of one), in the lessons' column-vector form.

    The chain rule, with y = f_{L-1}(a_{L-1}) and ℓ = ||y - t||^2:
    δ_{L-1} = 2 (y - t) ⊙ f'_{L-1}(a_{L-1});  δ_{l-1} = (W_l δ_l) ⊙ f'_{l-1}(a_{l-1});
    dℓ/dW_l = h_l δ_l^T;  dℓ/db_l = δ_l.  No dropout, no noise, no L2 (they do not change the chain).
    """
    if getattr(model, "tied_weights", False):
        raise ValueError("backprop_trace shows untied networks only (tied weights share one matrix)")
    x = np.asarray(x, dtype=np.float64).ravel()
    core_trace = model.backprop_trace(x[None, :], None if target is None else np.asarray(target)[None, :])
    t = core_trace.target[0]
    outputs = [h[0] for h in core_trace.outputs]
    return Trace(
        x=x, target=t, inputs=[x, *outputs[:-1]], pre=[a[0] for a in core_trace.pre_activations], outputs=outputs,
        deltas=[d[0] for d in core_trace.deltas],
        local_derivatives=[act.derivative(h) for act, h in zip(_activations(model), outputs, strict=True)],
        grad_coefs=core_trace.grad_coefs, grad_intercepts=core_trace.grad_intercepts, loss=core_trace.loss,
        code_layer=len(outputs) // 2 - 1,
    )


@dataclass(frozen=True)
class CheckedNetwork:
    """A small network trained briefly, its gradient check on rows it was not trained on, and one row's trace."""

    checks: list  # LayerCheck per layer
    trace: Trace  # backprop on the first checked row
    row: int      # index of that row in X
    n_rows: int   # rows checked
    n_params: int


def check_trained_network(X, activation: str, hidden_layer_sizes: tuple, *, n_train: int = 300, n_check: int = 20,
                          epochs: int = 20) -> CheckedNetwork:
    """Train ``Autoencoder(hidden_layer_sizes, activation)`` for ``epochs`` epochs on the first ``n_train`` rows of X,
    then check its gradient on ``n_check`` of the next 100 rows, away from any kink (`kink_safe_rows`)."""
    X = np.asarray(X, dtype=np.float64)
    model = Autoencoder(hidden_layer_sizes=hidden_layer_sizes, activation=activation, max_epochs=epochs,
                        random_state=0).fit(X[:n_train])
    rows = n_train + kink_safe_rows(model, X[n_train:n_train + 100])[:n_check]
    n_params = sum(W.size for W in model.coefs_) + sum(b.size for b in model.intercepts_)
    return CheckedNetwork(gradient_check(model, X[rows]), backprop_trace(model, X[rows[0]]), int(rows[0]),
                          len(rows), int(n_params))
