"""Gradient-descent optimisers as small objects that hold their own state (scikit-learn style).

Each is built from the list of parameter arrays it will update and a learning rate, then
``update_params(params, grads)`` changes every ``params[i]`` **in place** by one step.

The learning rate is the public attribute ``learning_rate`` and is read afresh at every step, so whoever owns
the optimiser may change it between steps (the Autoencoder copies its own ``learning_rate`` into it before
every batch, which is how a slider moved mid-run takes effect at the next batch). Nothing derived from the
learning rate is cached.

``get_state()`` / ``set_state(state)`` copy the internal buffers out and back, so a caller can roll back a
step that made the loss blow up.

The UI builds its menu from ``list(OPTIMIZERS)``; ``OPTIMIZERS[name].description`` is one line for it.
"""

from __future__ import annotations

import numpy as np


class SGD:
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \eta\, g`."""

    name = "sgd"
    description = "plain gradient descent: step = -learning_rate x gradient"

    def __init__(self, params, learning_rate=0.01):
        self.learning_rate = learning_rate
        self.t = 0

    def update_params(self, params, grads):
        lr = self.learning_rate
        for p, g in zip(params, grads, strict=True):
            p -= lr * g
        self.t += 1

    def get_state(self):
        return {"t": self.t}

    def set_state(self, state):
        self.t = state["t"]


class Momentum:
    r"""Heavy-ball momentum, :math:`\mu = 0.9`: :math:`v \leftarrow \mu v - \eta g,\ \theta \leftarrow \theta + v`."""

    name = "momentum"
    description = "gradient descent that keeps 90% of its previous step (a heavy ball rolling downhill)"

    def __init__(self, params, learning_rate=0.01, momentum=0.9):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocities = [np.zeros_like(p) for p in params]
        self.t = 0

    def update_params(self, params, grads):
        lr = self.learning_rate
        for p, g, v in zip(params, grads, self.velocities, strict=True):
            v *= self.momentum
            v -= lr * g
            p += v
        self.t += 1

    def get_state(self):
        return {"t": self.t, "velocities": [v.copy() for v in self.velocities]}

    def set_state(self, state):
        self.t = state["t"]
        for v, saved in zip(self.velocities, state["velocities"], strict=True):
            v[...] = saved


class Adam:
    r"""Adam (Kingma & Ba, 2015), in the form scikit-learn uses.

    .. math::
        m \leftarrow \beta_1 m + (1-\beta_1) g,\quad v \leftarrow \beta_2 v + (1-\beta_2) g^2,\quad
        \theta \leftarrow \theta - \eta \frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}\,\frac{m}{\sqrt{v} + \epsilon}

    with :math:`\beta_1 = 0.9,\ \beta_2 = 0.999,\ \epsilon = 10^{-8}`. Every step works in preallocated
    buffers (no temporary arrays): on small networks the cost is the number of NumPy calls, not the arithmetic.
    """

    name = "adam"
    description = "adaptive steps per weight from running averages of the gradient and its square"

    def __init__(self, params, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.ms = [np.zeros_like(p) for p in params]
        self.vs = [np.zeros_like(p) for p in params]
        self._tmp = [np.empty_like(p) for p in params]
        self.t = 0

    def update_params(self, params, grads):
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        step = self.learning_rate * np.sqrt(1.0 - b2**self.t) / (1.0 - b1**self.t)
        for p, g, m, v, tmp in zip(params, grads, self.ms, self.vs, self._tmp, strict=True):
            # m += (1 - b1) (g - m)  is  m = b1 m + (1 - b1) g, without a temporary
            np.subtract(g, m, out=tmp)
            tmp *= 1.0 - b1
            m += tmp
            np.multiply(g, g, out=tmp)
            tmp -= v
            tmp *= 1.0 - b2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += self.epsilon
            np.divide(m, tmp, out=tmp)
            tmp *= step
            p -= tmp

    def get_state(self):
        return {"t": self.t, "ms": [m.copy() for m in self.ms], "vs": [v.copy() for v in self.vs]}

    def set_state(self, state):
        self.t = state["t"]
        for m, saved in zip(self.ms, state["ms"], strict=True):
            m[...] = saved
        for v, saved in zip(self.vs, state["vs"], strict=True):
            v[...] = saved


OPTIMIZERS: dict[str, type] = {cls.name: cls for cls in (SGD, Momentum, Adam)}
