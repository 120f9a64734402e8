"""A denoising autoencoder, literally ``fit(noisy, clean)``: noisy input, clean target.

Noise is x~ = x + sigma * eps with eps ~ N(0, I), drawn from a seed. The training set is ``copies`` noisy
versions of each clean sample (each paired with its clean original), so the network sees several corruptions
of every digit without drawing new noise each epoch (the Autoencoder's own ``noise`` parameter does that).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.autoencoder import Autoencoder

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
    X_clean, X_noisy = np.asarray(X_clean, dtype=np.float64), np.asarray(X_noisy, dtype=np.float64)
    n = X_clean.shape[0]
    return DenoisingResult(float(np.sum((X_noisy - X_clean) ** 2)) / n,
                           float(np.sum((model.predict(X_noisy) - X_clean) ** 2)) / n)
