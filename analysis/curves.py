"""Train one network per setting and keep its loss curves: optimisers side by side, regularisers against
overfitting. Each run is a fresh, seeded `core.Autoencoder`, so the same settings give the same curves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.autoencoder import Autoencoder
from core.errors import TrainingDiverged


def weight_norm(model) -> float:
    """sqrt(sum_l ||W_l||_F^2) over the weight matrices the model owns (a tied pair counts once); no biases."""
    coefs = model.coefs_[: len(model.coefs_) // 2] if model.tied_weights else model.coefs_
    return float(np.sqrt(sum(float(np.vdot(W, W)) for W in coefs)))


@dataclass(frozen=True)
class Curve:
    """What one training run left behind."""

    loss: np.ndarray  # (epochs,) training loss (data term) after each epoch
    val_loss: np.ndarray | None  # (epochs,) the same on the validation data, if given
    weight_norm: float  # at the end of the run (the last finite parameters if it diverged)
    diverged: str | None  # the TrainingDiverged message, or None

    @property
    def final(self) -> float:
        return float(self.loss[-1]) if self.loss.size else float("nan")

    @property
    def final_val(self) -> float:
        return float(self.val_loss[-1]) if self.val_loss is not None and self.val_loss.size else float("nan")


def train_curve(X, params: dict, *, epochs: int, X_val=None) -> Curve:
    """Train ``Autoencoder(**params)`` on X (N, D) for ``epochs`` epochs (validation on X_val) and keep its curves.

    A divergence ends the run early: the curves stop at the last good epoch and ``diverged`` holds the message.
    """
    return run_to_end(curve_steps(X, params, epochs=epochs, X_val=X_val))


def curve_steps(X, params: dict, *, epochs: int, X_val=None):
    """`train_curve`, a gradient step at a time: a generator of ``Autoencoder.fit_steps``'s items that returns the
    `Curve`, so a caller can do the same work in slices (and stop between two steps)."""
    model = Autoencoder(**params)
    message = None
    try:
        yield from model.fit_steps(X, epochs=epochs, X_val=X_val)
    except TrainingDiverged as exc:
        message = str(exc)
    loss = np.asarray(model.loss_curve_, dtype=float)
    val = None if X_val is None else np.asarray(model.val_loss_curve_, dtype=float)
    return Curve(loss, val, weight_norm(model), message)


def run_to_end(steps):
    """Run a generator to its end and return what it returns: a sliced computation's work, done in one go."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def holdout_rows(n: int, n_train: int, n_val: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A fixed random choice of ``n_train`` training rows and ``n_val`` other validation rows of range(n)."""
    order = np.random.default_rng(seed).permutation(n)
    return order[:n_train], order[n_train:n_train + n_val]
