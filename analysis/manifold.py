"""What a model with a 1-D code does in data space: the curve its decoder draws (PCA's is a straight line).

`decoded_curve`: the decoder applied to an even grid of codes spanning the codes actually used (plus a small
margin): the curve (or line) the model reconstructs onto.
"""

import numpy as np


def code_grid(Z: np.ndarray, n: int = 200, margin: float = 0.02) -> np.ndarray:
    """An even grid of n codes, shape (n, 1), from min(Z) to max(Z) widened by ``margin`` of the span."""
    z = np.asarray(Z, dtype=np.float64).ravel()
    if z.size == 0 or not np.all(np.isfinite(z)):
        raise ValueError("The codes must be a non-empty array of finite numbers.")
    lo, hi = float(z.min()), float(z.max())
    pad = margin * (hi - lo)
    return np.linspace(lo - pad, hi + pad, n)[:, None]


def decoded_curve(model, X: np.ndarray, n: int = 200) -> np.ndarray:
    """The curve a 1-D-code model reconstructs onto, shape (n, D), in order along the code.

    ``model`` needs ``transform`` (encode) and ``inverse_transform`` (decode) -- an `Autoencoder` or a `PCA`
    with one component. The grid spans the codes of X, so the curve covers the region the data uses.
    """
    Z = np.asarray(model.transform(X))
    if Z.ndim != 2 or Z.shape[1] != 1:
        raise ValueError(f"decoded_curve needs a 1-D code, got codes of shape {Z.shape}.")
    return np.asarray(model.inverse_transform(code_grid(Z, n)))
