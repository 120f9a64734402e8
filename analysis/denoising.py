"""A denoising autoencoder, literally ``fit(noisy, clean)``: noisy input, clean target.

Noise is x~ = x + sigma * eps with eps ~ N(0, I), drawn from a seed. The training set is ``copies`` noisy
versions of each clean sample (each paired with its clean original), so the network sees several corruptions
of every digit without drawing new noise each epoch (the Autoencoder's own ``noise`` parameter does that).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.autoencoder import Autoencoder
from core.metrics import mse

DENOISER = {"hidden_layer_sizes": (32, 16), "activation": "tanh", "optimizer": "adam", "learning_rate": 0.01,
            "batch_size": 128, "max_epochs": 40}


def add_noise(X, sigma: float, *, random_state: int = 0) -> np.ndarray:
    """X + sigma * N(0, 1) noise, same shape (N, D); seeded."""
    X = np.asarray(X, dtype=np.float64)
    return X + sigma * np.random.default_rng(random_state).standard_normal(X.shape)


def train_denoiser(X_clean, sigma: float, *, copies: int = 3, random_state: int = 0, **params) -> Autoencoder:
    """Fit an autoencoder on ``copies`` noisy versions of X_clean (N, D) with the clean rows as target."""
    clean = np.tile(np.asarray(X_clean, dtype=np.float64), (copies, 1))
    noisy = add_noise(clean, sigma, random_state=random_state)
    model = Autoencoder(random_state=random_state, **{**DENOISER, **params})
    return model.fit(noisy, clean)


@dataclass(frozen=True)
class DenoisingResult:
    noisy_error: float  # (1/N) sum ||x~ - x||^2: how far the noise moved the input (about sigma^2 D)
    denoised_error: float  # (1/N) sum ||y(x~) - x||^2: how far the network's output is from the clean x


def denoising_errors(model, X_clean, X_noisy) -> DenoisingResult:
    """Errors of the noisy input and of the network's output, both measured against the clean data."""
    return DenoisingResult(mse(X_noisy, X_clean), mse(model.predict(X_noisy), X_clean))


@dataclass(frozen=True)
class DenoisingDemo:
    """A denoiser trained on the first rows of X, shown on a few held-out rows and scored on the rest."""

    noisy: np.ndarray     # (n_shown, D) the inputs it sees
    clean: np.ndarray     # (n_shown, D) what they were
    denoised: np.ndarray  # (n_shown, D) its outputs
    errors: DenoisingResult  # over every row not trained on


def denoising_demo(X, sigma: float, *, n_train: int = 800, shown: int = 1500, n_shown: int = 10) -> DenoisingDemo:
    """`train_denoiser` on X[:n_train]; noisy versions of ``n_shown`` held-out rows from row ``shown`` on, and the
    errors on every row from ``n_train`` on."""
    X = np.asarray(X, dtype=np.float64)
    model = train_denoiser(X[:n_train], sigma)
    clean = X[shown:shown + n_shown]
    noisy = add_noise(clean, sigma, random_state=1)
    test = X[n_train:]
    return DenoisingDemo(noisy, clean, model.predict(noisy),
                         denoising_errors(model, test, add_noise(test, sigma, random_state=2)))
