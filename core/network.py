r"""The autoencoder's maths: a mirrored multilayer network whose parameters live in one flat vector.

Layer sizes for ``n_features = D`` and ``hidden_layer_sizes = (h_1, ..., h_k)`` (`layer_sizes`):
``D -> h_1 -> ... -> h_k -> h_{k-1} -> ... -> h_1 -> D``, so ``L = 2k`` layers. The lessons write a layer as
``h' = f(a)``, ``a = W h + b`` with W of shape (n_out, n_in); here rows are samples, so each matrix is stored
transposed: ``h_l`` is (n, n_l), ``W_l`` (the lessons' W transposed, as in ``Autoencoder.coefs_``) is
(n_l, n_{l+1}), ``b_l`` is (n_{l+1},). The code is ``h_k``. With tied weights the decoder layer ``l >= k`` uses
``W_l = W_{L-1-l}^T`` (its own bias).

Forward, with f on every hidden layer and g on the output (``a_l`` the pre-activations):

.. math:: a_l = h_l W_l + b_l,\qquad h_{l+1} = f(a_l)\ (l < L-1),\qquad y = h_L = g(a_{L-1})

Loss on a batch of n rows with target ``T``, where a tied matrix is one parameter, penalised once:

.. math:: \mathcal L = \frac1n \sum_i \lVert y_i - t_i \rVert^2 + \lambda \sum_{\text{owned }W} \lVert W\rVert_F^2

Backward, with :math:`\delta_l = \partial\mathcal L / \partial a_l`, :math:`\odot` elementwise and ``m_l`` the
inverted-dropout mask of ``h_l`` (entries 0 or 1/(1-p); all ones when not training):

.. math::
    \delta_{L-1} = \tfrac2n (y - T) \odot g'(a_{L-1}),\quad
    \partial W_l = h_l^\top \delta_l,\quad \partial b_l = \textstyle\sum_i \delta_{l,i},\quad
    \delta_{l-1} = (\delta_l W_l^\top) \odot m_l \odot f'(a_{l-1})

All weights come first in the flat vector, then all biases, so the L2 term and its gradient are one operation
each, and an optimiser updates every parameter with a handful of NumPy calls.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import NamedTuple

import numpy as np
from threadpoolctl import ThreadpoolController

from core.activations import ACTIVATIONS
from core.metrics import mean_squared_norm

# Uniform initialisation limits by the activation's rule: Glorot's for smooth units, He's for relu-like ones.
INIT_LIMITS = {"glorot": lambda fan_in, fan_out: np.sqrt(6.0 / (fan_in + fan_out)),
               "he": lambda fan_in, fan_out: np.sqrt(6.0 / fan_in)}


def layer_sizes(n_features: int, hidden_layer_sizes) -> tuple[int, ...]:
    """All layer sizes of the mirrored network, input to output: (D, h_1, ..., h_k, ..., h_1, D)."""
    hidden = tuple(int(h) for h in hidden_layer_sizes)
    return (int(n_features), *hidden, *hidden[-2::-1], int(n_features))


def forward_work(n_samples: int, sizes) -> int:
    """Multiply-adds of one forward pass of ``n_samples`` rows through layers of these sizes: N sum_l n_l n_{l+1}.
    A training epoch costs about four of them: forward and backward (twice the forward), and the epoch's loss."""
    return int(n_samples) * sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def parameter_count(sizes) -> int:
    """Weights plus biases of an untied dense network with these layer sizes: sum_l (n_l + 1) n_{l+1}."""
    return sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


class Parameters(NamedTuple):
    """A flat parameter vector and its gradient, each with its per-layer views (writing a view writes the vector)."""

    flat: np.ndarray
    coefs: list
    intercepts: list
    grad: np.ndarray
    grad_coefs: list
    grad_intercepts: list


class Forward(NamedTuple):
    """What a training forward pass keeps for backprop: ``inputs[l]`` is what layer l multiplied (X, then the
    previous output times its dropout mask), ``outputs[l]`` is f(a_l), ``masks[l]`` the dropout mask or None;
    ``pre[l]`` the pre-activation a_l, kept only when asked for (backprop itself does not need it)."""

    inputs: list
    outputs: list
    masks: list
    pre: list | None = None


class BackpropTrace(NamedTuple):
    """One forward and backward pass on a batch with every intermediate (``Autoencoder.backprop_trace``)."""

    X: np.ndarray
    target: np.ndarray
    pre_activations: list  # a_l = h_l W_l + b_l, per layer
    outputs: list          # h_{l+1} = f(a_l); the last is y
    deltas: list           # dL/da_l, per layer
    loss: float
    grad_coefs: list
    grad_intercepts: list


class Network:
    """Shapes, views, forward and backward passes of one architecture (no learned state of its own).

    Parameters
    ----------
    n_features : int, D.
    hidden_layer_sizes : tuple of int, the encoder widths; the last is the code.
    activation, output_activation : names in ``ACTIVATIONS``.
    tied_weights : bool.
    """

    def __init__(self, n_features, hidden_layer_sizes, activation, output_activation, tied_weights):
        self.sizes = layer_sizes(n_features, hidden_layer_sizes)
        self.n_layers = len(self.sizes) - 1
        self.n_encoder = len(hidden_layer_sizes)
        self.tied = bool(tied_weights)
        self.activations = [ACTIVATIONS[activation]] * (self.n_layers - 1) + [ACTIVATIONS[output_activation]]
        # Owned weight matrices (all layers, or only the encoder's when tied), then every layer's bias.
        owned = self.n_encoder if self.tied else self.n_layers
        bounds = np.cumsum([0] + [self.sizes[l] * self.sizes[l + 1] for l in range(owned)]
                           + [self.sizes[l + 1] for l in range(self.n_layers)])
        self._w_slices = list(zip(bounds[:owned], bounds[1:owned + 1], strict=True))
        self._b_slices = list(zip(bounds[owned:-1], bounds[owned + 1:], strict=True))
        self.n_weights, self.n_params = int(bounds[owned]), int(bounds[-1])
        self._ones = np.ones(0)

    # ------------------------------------------------------------------ layout
    def views(self, flat):
        """``(coefs, intercepts)``: lists of views into ``flat`` shaped (n_l, n_{l+1}) and (n_{l+1},).

        A tied decoder matrix is a transposed view of its encoder's.
        """
        coefs = []
        for l in range(self.n_layers):
            if self.tied and l >= self.n_encoder:
                coefs.append(coefs[self.n_layers - 1 - l].T)
            else:
                start, stop = self._w_slices[l]
                coefs.append(flat[start:stop].reshape(self.sizes[l], self.sizes[l + 1]))
        return coefs, [flat[start:stop] for start, stop in self._b_slices]

    def parameters(self, flat) -> Parameters:
        """``flat`` with its views, and a zero gradient of the same layout."""
        grad = np.zeros_like(flat)
        return Parameters(flat, *self.views(flat), grad, *self.views(grad))

    def init_params(self, rng):
        """A fresh flat parameter vector: uniform weights by each layer's init rule (`INIT_LIMITS`), zero biases."""
        flat = np.zeros(self.n_params)
        coefs, _ = self.views(flat)
        for l in range(self.n_encoder if self.tied else self.n_layers):
            limit = INIT_LIMITS[self.activations[l].init](self.sizes[l], self.sizes[l + 1])
            coefs[l][...] = rng.uniform(-limit, limit, size=coefs[l].shape)
        return flat

    # ----------------------------------------------------------------- passes
    def forward(self, coefs, intercepts, X, start=0, stop=None):
        """Outputs of layers ``start .. stop-1`` applied to X (no dropout): the code, a reconstruction, ..."""
        h = X
        for l in range(start, self.n_layers if stop is None else stop):
            z = np.dot(h, coefs[l])
            z += intercepts[l]
            h = self.activations[l].function(z, out=z)  # in place: z is not needed again
        return h

    def forward_train(self, coefs, intercepts, X, dropout=0.0, rng=None, keep_pre=False) -> Forward:
        """The forward pass, keeping what backprop needs. Dropout of probability p acts on every hidden layer,
        the code included, never on the output; kept units are scaled by 1/(1-p) so prediction needs no change.
        ``keep_pre`` also keeps each layer's pre-activation (a copy: the activation is applied in place)."""
        fwd = Forward([], [], [], [] if keep_pre else None)
        h = X
        for l in range(self.n_layers):
            fwd.inputs.append(h)
            z = np.dot(h, coefs[l])
            z += intercepts[l]
            if keep_pre:
                fwd.pre.append(z.copy())
            h = self.activations[l].function(z, out=z)
            fwd.outputs.append(h)
            mask = None
            if dropout > 0.0 and l < self.n_layers - 1:
                mask = (rng.random(h.shape) >= dropout) * (1.0 / (1.0 - dropout))
                h = h * mask
            fwd.masks.append(mask)
        return fwd

    def residual(self, fwd: Forward, T):
        """``y - T``. With an identity output it is written over y, which backprop then no longer needs."""
        y = fwd.outputs[-1]
        if self.activations[-1].name == "identity":
            y -= T
            return y
        return y - T

    def backward(self, p: Parameters, fwd: Forward, residual, l2, deltas: list | None = None) -> float:
        """Fill ``p.grad`` with the gradient of the loss; return the loss (data term + L2 term).

        ``residual`` is `residual` (fwd, T); it is overwritten (it becomes delta). A list ``deltas`` receives a
        copy of every layer's delta_l = dL/da_l, in layer order (for showing backprop; training passes none).
        """
        n = len(residual)
        loss = mean_squared_norm(residual)
        delta = residual  # the factor 2/n goes on the (smaller) gradient vector at the end
        for l in reversed(range(self.n_layers)):
            f = self.activations[l]
            if f.name != "identity":
                delta *= f.derivative(fwd.outputs[l])
            if deltas is not None:
                deltas.insert(0, delta * (2.0 / n))
            a = fwd.inputs[l]
            if self.tied and l >= self.n_encoder:
                # the decoder's share of a tied matrix, written transposed into its encoder's slot (added to below)
                _gram(delta, a, out=p.grad_coefs[self.n_layers - 1 - l])
            elif self.tied:
                p.grad_coefs[l] += _gram(a, delta)
            else:
                _gram(a, delta, out=p.grad_coefs[l])
            np.dot(self._ones_for(n), delta, out=p.grad_intercepts[l])  # column sums, by BLAS: see bench/README.md
            if l > 0:
                delta = np.dot(delta, p.coefs[l].T)
                if fwd.masks[l - 1] is not None:
                    delta *= fwd.masks[l - 1]
        grad = p.grad
        grad *= 2.0 / n
        if l2 > 0.0:
            w = p.flat[: self.n_weights]
            grad[: self.n_weights] += (2.0 * l2) * w
            loss += l2 * float(np.vdot(w, w))
        return loss

    def _ones_for(self, n):
        if self._ones.shape[0] != n:
            self._ones = np.ones(n)
        return self._ones


def _gram(a, b, out=None):
    """``a.T @ b`` for (n, p) and (n, q) arrays, into ``out`` (p, q) if given.

    BLAS is faster when the narrower operand is the transposed one (bench/README.md), so for p > q this computes
    ``(b.T @ a).T`` and copies the small result.
    """
    if a.shape[1] > b.shape[1]:
        result = np.dot(b.T, a).T
        if out is None:
            return result
        np.copyto(out, result)
        return out
    return np.dot(a.T, b, out=out)


_blas_controllers = None


@contextmanager
def single_threaded_blas():
    """Run the block with BLAS on one thread, then restore the previous thread counts.

    The matrices here are small: a second BLAS thread costs more in hand-over than it saves, and on a shared
    machine a busy-waiting BLAS thread slows every learner's epoch down.
    """
    global _blas_controllers
    if _blas_controllers is None:
        _blas_controllers = ThreadpoolController().select(user_api="blas").lib_controllers
    # Only the libraries not on one thread already are switched: a switch costs more than a short step.
    changed = [(c, n) for c in _blas_controllers if (n := c.num_threads) != 1]
    for c, _ in changed:
        c.set_num_threads(1)
    try:
        yield
    finally:
        for c, n in changed:
            c.set_num_threads(n)
