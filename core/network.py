r"""The autoencoder's maths: a mirrored multilayer network on one flat parameter vector.

Layer sizes for ``n_features = D`` and ``hidden_layer_sizes = (h_1, ..., h_k)``:
``D -> h_1 -> ... -> h_k -> h_{k-1} -> ... -> h_1 -> D``, so ``L = 2k`` layers. Layer ``l`` computes

.. math:: z_l = a_l W_l + b_l,\qquad a_{l+1} = f(z_l)\ (l < L-1),\qquad y = a_L = g(z_{L-1})

with rows as samples: ``a_l`` is (n, n_l), ``W_l`` is (n_l, n_{l+1}), ``b_l`` is (n_{l+1},). The code is
``a_k``. With tied weights the decoder layer ``l >= k`` uses ``W_l = W_{L-1-l}^T`` (its own bias).

Loss on a batch of n rows with target ``T``:
:math:`\mathcal L = \frac1n \sum_i \lVert y_i - t_i \rVert^2 + \lambda \sum_{\text{owned }W} \lVert W\rVert_F^2`
(a shared, tied matrix is one parameter and is penalised once). Backprop, with :math:`\odot` elementwise:

.. math::
    \delta_{L-1} = \tfrac2n (y - T) \odot g'(z_{L-1}),\quad
    \partial W_l = a_l^\top \delta_l,\quad \partial b_l = \textstyle\sum_i \delta_{l,i},\quad
    \delta_{l-1} = (\delta_l W_l^\top) \odot m_l \odot f'(z_{l-1})

where ``m_l`` is the inverted-dropout mask of ``a_l`` (entries 0 or 1/(1-p); all ones when not training).

All weights come first in the flat vector, then all biases, so the L2 term and its gradient are one
operation each, and an optimiser updates every parameter with a handful of NumPy calls.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
from threadpoolctl import ThreadpoolController

from core.activations import ACTIVATIONS, RELU_LIKE


class Network:
    """Shapes, views, forward and backward passes for one architecture (no learned state of its own).

    Parameters
    ----------
    n_features : int, D.
    hidden_layer_sizes : tuple of int, the encoder widths; the last is the code.
    activation, output_activation : names in ``ACTIVATIONS``.
    tied_weights : bool.
    """

    def __init__(self, n_features, hidden_layer_sizes, activation, output_activation, tied_weights):
        hidden = tuple(hidden_layer_sizes)
        self.sizes = (n_features, *hidden, *hidden[-2::-1], n_features)
        self.n_layers = len(self.sizes) - 1
        self.n_encoder = len(hidden)
        self.activation = activation
        self.output_activation = output_activation
        self.tied = bool(tied_weights)
        self._acts = [ACTIVATIONS[activation]] * (self.n_layers - 1) + [ACTIVATIONS[output_activation]]
        # Owned weight matrices: all layers, or only the encoder's when tied.
        owned = range(self.n_encoder) if self.tied else range(self.n_layers)
        self._w_slices, offset = [], 0
        for l in owned:
            n = self.sizes[l] * self.sizes[l + 1]
            self._w_slices.append((offset, offset + n))
            offset += n
        self.n_weights = offset
        self._b_slices = []
        for l in range(self.n_layers):
            self._b_slices.append((offset, offset + self.sizes[l + 1]))
            offset += self.sizes[l + 1]
        self.n_params = offset
        self._ones_cache = np.ones(0)

    # ------------------------------------------------------------------ layout
    def views(self, flat):
        """``(coefs, intercepts)``: lists of views into ``flat`` shaped (n_l, n_{l+1}) and (n_{l+1},).

        Writing into a view writes into ``flat``; a tied decoder matrix is a transposed view of its encoder's.
        """
        coefs = []
        for l in range(self.n_layers):
            if self.tied and l >= self.n_encoder:
                coefs.append(coefs[self.n_layers - 1 - l].T)
            else:
                start, stop = self._w_slices[l]
                coefs.append(flat[start:stop].reshape(self.sizes[l], self.sizes[l + 1]))
        intercepts = [flat[start:stop] for start, stop in self._b_slices]
        return coefs, intercepts

    def init_params(self, rng):
        """A fresh flat parameter vector: Glorot-uniform weights (He-uniform before a relu-like layer), zero biases."""
        flat = np.zeros(self.n_params)
        coefs, _ = self.views(flat)
        for l in range(self.n_encoder if self.tied else self.n_layers):
            fan_in, fan_out = self.sizes[l], self.sizes[l + 1]
            if self._acts[l].name in RELU_LIKE:
                limit = np.sqrt(6.0 / fan_in)
            else:
                limit = np.sqrt(6.0 / (fan_in + fan_out))
            coefs[l][...] = rng.uniform(-limit, limit, size=(fan_in, fan_out))
        return flat

    # ----------------------------------------------------------------- passes
    def forward(self, coefs, intercepts, X, start=0, stop=None):
        """Outputs of layers ``start .. stop-1`` applied to X (no dropout): the code, a reconstruction, ..."""
        h = X
        for l in range(start, self.n_layers if stop is None else stop):
            z = np.dot(h, coefs[l])
            z += intercepts[l]
            h = self._acts[l].function(z, out=z)
        return h

    def forward_train(self, coefs, intercepts, X, dropout=0.0, rng=None):
        """Forward pass keeping what backprop needs.

        Returns ``(outputs, inputs, masks)``: ``outputs[l]`` is f(z_l) (n, n_{l+1}); ``inputs[l]`` is what layer
        l multiplied, i.e. X for l = 0 and ``outputs[l-1] * masks[l-1]`` otherwise; ``masks[l]`` is None without
        dropout, else the inverted-dropout mask (entries 0 or 1/(1-p)). Dropout of probability p acts on every
        hidden layer, the code included, never on the output.
        """
        outputs, inputs, masks = [], [], []
        h = X
        for l in range(self.n_layers):
            inputs.append(h)
            z = np.dot(h, coefs[l])
            z += intercepts[l]
            h = self._acts[l].function(z, out=z)
            outputs.append(h)
            mask = None
            if dropout > 0.0 and l < self.n_layers - 1:
                # inverted dropout: scale the kept units by 1/(1-p) so nothing changes at prediction time
                mask = (rng.random(h.shape) >= dropout) * (1.0 / (1.0 - dropout))
                h = h * mask
            masks.append(mask)
        return outputs, inputs, masks

    def backward(self, coefs, flat_params, grad_coefs, grad_intercepts, flat_grad, passes, T, l2, residual=None):
        """Fill the gradient views from a `forward_train` pass; return the batch loss (data term + L2 term).

        ``passes`` is what `forward_train` returned; ``T`` is the target (n, D); ``grad_coefs`` and
        ``grad_intercepts`` are `views` of ``flat_grad`` (overwritten). ``residual``: ``outputs[-1] - T`` if the
        caller already has it (it is then overwritten).
        """
        outputs, inputs, masks = passes
        n = T.shape[0]
        # delta stays unscaled on the way back; the factor 2/n goes on the (small) gradient vector at the end
        delta = self.residual(passes, T) if residual is None else residual
        data_loss = float(np.vdot(delta, delta)) / n
        ones = self._ones(n)
        last = self.n_layers - 1
        for l in range(last, -1, -1):
            act = self._acts[l]
            if act.name != "identity":
                delta *= act.derivative(outputs[l])
            a = inputs[l]
            if self.tied and l > last - self.n_encoder:
                # decoder layer of a tied pair: its gradient is the transpose; the encoder adds its part later
                _gram(delta, a, out=grad_coefs[last - l])
            elif self.tied:
                grad_coefs[l] += _gram(a, delta)
            else:
                _gram(a, delta, out=grad_coefs[l])
            np.dot(ones, delta, out=grad_intercepts[l])  # column sums, faster than delta.sum(axis=0)
            if l > 0:
                back = np.dot(delta, coefs[l].T)
                if masks[l - 1] is not None:
                    back *= masks[l - 1]
                delta = back
        flat_grad *= 2.0 / n
        loss = data_loss
        if l2 > 0.0:
            w, gw = flat_params[: self.n_weights], flat_grad[: self.n_weights]
            gw += (2.0 * l2) * w
            loss += l2 * float(np.vdot(w, w))
        return loss

    def residual(self, passes, T):
        """``y - T`` for a `forward_train` pass. With an identity output it is computed in place in ``y``
        (backprop never needs y itself then): one pass over an (n, D) array saved per epoch."""
        y = passes[0][-1]
        if self._acts[-1].name == "identity":
            y -= T
            return y
        return y - T

    def _ones(self, n):
        if self._ones_cache.shape[0] != n:
            self._ones_cache = np.ones(n)
        return self._ones_cache



def _gram(a, b, out=None):
    """``a.T @ b`` for (n, p) and (n, q) arrays, into ``out`` (p, q) if given.

    BLAS is markedly faster (about 1.5x, measured on 1797 x 64 by 1797 x 10) when the narrower operand is the
    transposed one, so for p > q this computes ``(b.T @ a).T`` instead and copies the small result.
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
    machine (many learners, few cores) a busy-waiting BLAS thread slowed an epoch down tenfold when measured.
    The BLAS libraries are found once; switching costs a few microseconds.
    """
    global _blas_controllers
    if _blas_controllers is None:
        _blas_controllers = ThreadpoolController().select(user_api="blas").lib_controllers
    previous = [c.num_threads for c in _blas_controllers]
    for c in _blas_controllers:
        c.set_num_threads(1)
    try:
        yield
    finally:
        for c, n in zip(_blas_controllers, previous, strict=True):
            c.set_num_threads(n)
