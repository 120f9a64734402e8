"""What the drawing board draws, as plain JSON-ready dicts (the board is a small component, not a Plotly chart):
the points, PCA's axis and projection segments, and the autoencoder's decoder curve and reconstructions."""

from __future__ import annotations

import numpy as np

from viz.style import COLORS

BOARD_COLORS = {"points": "#1A1A1A", "pca": COLORS["pca"], "segments": "#9A9A9A", "curve": COLORS["ae"],
                "recon": COLORS["ae"], "grid": "#E6EBF2", "axes": "#C9D1DC"}
DECIMALS = 4  # coordinates sent to the browser: far below a pixel on the board


def _rounded(A) -> list:
    return np.round(np.asarray(A, dtype=np.float64), DECIMALS).tolist()


def board_scene(P, *, axis=None, segments=None, bound: float, max_points: int, rev: int, ack: str = "",
                label: str = "Drawing board") -> dict:
    """The board's data: the points P (N, 2) on the square [-bound, bound]^2 (at most ``max_points``), PCA's
    ``axis`` (its two ends, (2, 2)) and the projection ``segments`` (N, 4: x, y, x', y'), either may be None;
    ``rev`` (the server's version of the points: the board takes them when it changes) and ``ack`` (the last
    report of the board's that the server has taken)."""
    return {"points": _rounded(P) if len(P) else [], "rev": int(rev), "ack": ack, "bound": float(bound),
            "max": int(max_points), "colors": BOARD_COLORS, "label": label,
            "axis": None if axis is None else _rounded(axis),
            "segments": [] if segments is None else _rounded(segments)}


def model_overlay(curve, reconstructions=None, *, bound: float, run: str = "") -> dict:
    """The autoencoder's part of the board: the decoder ``curve`` (M, 2) in order along the code (or None before
    the network has trained; clipped to twice the board's ``bound``, where it runs off the board anyway) and
    optionally each point's reconstruction (N, 2); ``run`` names the network it comes from."""
    return {"curve": None if curve is None else _rounded(np.clip(curve, -2 * bound, 2 * bound)),
            "recon": None if reconstructions is None else _rounded(reconstructions), "run": run}
