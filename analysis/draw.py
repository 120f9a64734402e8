"""The maths of the "Draw your data" page: preset point sets, checked points, PCA's first axis on them, and the
points' text forms (a table's cells, a link's value).

Points are an array P of shape (N, 2) on the board, the square [-BOUND, BOUND]^2. PCA with one component draws
the line through the mean m along the first principal direction u (unit length); each point's projection is
m + u u^T (p - m), and the squared lengths of the segments from the points to their projections sum to J.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analysis.baseline import pca_baseline

BOUND = 3.0            # the board is [-BOUND, BOUND] in both coordinates
MAX_POINTS = 500       # the board holds at most this many points
MAX_LINK_POINTS = 200  # a shareable link carries at most this many
LINK_DECIMALS = 2      # ... rounded to this many decimals
MIN_PCA_POINTS = 2     # PCA needs two points for a direction
PRESETS = ("line", "noisy line", "arc", "circle", "S", "two clusters", "cross")


def preset(name: str, seed: int = 0, n: int = 80) -> np.ndarray:
    """The preset ``name`` (one of `PRESETS`) as n points (N, 2) on the board; the same seed gives the same points."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0.0, 1.0, n)
    if name == "line":
        P = np.column_stack([4 * t - 2, 1.6 * t - 0.8])
    elif name == "noisy line":
        P = np.column_stack([4 * t - 2, 1.6 * t - 0.8]) + rng.normal(0, 0.25, (n, 2))
    elif name == "arc":  # a half circle: its chord is a poor straight-line summary of it
        a = np.pi * t
        P = np.column_stack([2 * np.cos(a), 2 * np.sin(a) - 1]) + rng.normal(0, 0.05, (n, 2))
    elif name == "circle":
        a = 2 * np.pi * t[:-1] if n > 1 else t
        P = np.column_stack([1.8 * np.cos(a), 1.8 * np.sin(a)]) + rng.normal(0, 0.05, (len(a), 2))
    elif name == "S":
        a = 3 * np.pi * (t - 0.5)
        P = np.column_stack([1.2 * np.sin(a), 2.4 * (t - 0.5) * 2]) + rng.normal(0, 0.05, (n, 2))
    elif name == "two clusters":
        centres = np.array([[-1.5, -0.8], [1.5, 0.8]])
        P = centres[np.arange(n) % 2] + rng.normal(0, 0.35, (n, 2))
    elif name == "cross":
        s = 4 * t - 2
        P = np.where((np.arange(n) % 2)[:, None] == 0, np.column_stack([s, 0.5 * s]),
                     np.column_stack([-0.5 * s, s])) + rng.normal(0, 0.05, (n, 2))
    else:
        raise ValueError(f"Unknown preset {name!r}: choose one of {', '.join(PRESETS)}.")
    return on_board(P)


def on_board(P) -> np.ndarray:
    """P as a float array (N, 2), each coordinate clipped to the board, the first `MAX_POINTS` kept.

    Raises ValueError for anything that is not N pairs of finite numbers."""
    P = np.asarray(P, dtype=np.float64)
    if P.size == 0:
        return np.zeros((0, 2))
    if P.ndim != 2 or P.shape[1] != 2:
        raise ValueError(f"Points must be pairs (x, y); got an array of shape {P.shape}.")
    if not np.all(np.isfinite(P)):
        raise ValueError("Every coordinate must be a finite number.")
    return np.clip(P[:MAX_POINTS], -BOUND, BOUND)


@dataclass(frozen=True)
class PCALine:
    """PCA with one component on the points P (N, 2)."""

    mean: np.ndarray         # (2,)
    direction: np.ndarray    # (2,) unit vector, pointing right (or up when vertical)
    projections: np.ndarray  # (N, 2): each point's reconstruction on the line
    optimum: float           # J*/N = lambda_2, the mean squared segment length
    kept: float              # lambda_1 / (lambda_1 + lambda_2), the share of the variance the line keeps
    angle: float             # the line's angle to the x-axis in degrees, in (-90, 90]


def axis_angle(direction) -> float:
    """The angle of the line along ``direction`` (2,) to the x-axis, in degrees in (-90, 90]: a line's angle, so
    u and -u give the same."""
    angle = math.degrees(math.atan2(float(direction[1]), float(direction[0])))
    while angle <= -90:
        angle += 180
    while angle > 90:
        angle -= 180
    return angle


def pca_line(P) -> PCALine | None:
    """PCA's first axis on P (N, 2) with ``core.PCA`` (None with fewer than `MIN_PCA_POINTS` points)."""
    P = on_board(P)
    if len(P) < MIN_PCA_POINTS:
        return None
    base = pca_baseline(P, 1)
    u = base.components[0]
    if u[0] < 0 or (u[0] == 0 and u[1] < 0):  # one sign for one line, so the angle does not jump
        u = -u
    return PCALine(mean=base.mean, direction=u, projections=base.reconstructions, optimum=base.optimum,
                   kept=base.kept_fraction, angle=axis_angle(u))


def segments(P, line: PCALine) -> np.ndarray:
    """(N, 4): each point (x, y) and its projection on PCA's line (x', y'); the squared lengths sum to J."""
    return np.hstack([on_board(P), line.projections])


def axis_ends(line: PCALine, bound: float = BOUND) -> np.ndarray:
    """(2, 2): where PCA's line through the mean leaves the square [-bound, bound]^2 (for drawing it)."""
    m, u = line.mean, line.direction
    ts = []
    for i in range(2):
        if abs(u[i]) > 1e-12:
            ts += [(-bound - m[i]) / u[i], (bound - m[i]) / u[i]]
    ts = sorted(ts)
    inside = [t for t in ts if np.all(np.abs(m + t * u) <= bound + 1e-9)]
    lo, hi = (min(inside), max(inside)) if len(inside) >= 2 else (-bound, bound)
    return np.array([m + lo * u, m + hi * u])


def distance_to_line(Q, line: PCALine) -> np.ndarray:
    """(M,): the distance of each point of Q (M, 2) from PCA's line."""
    d = np.asarray(Q, dtype=np.float64) - line.mean
    normal = np.array([-line.direction[1], line.direction[0]])
    return np.abs(d @ normal)


def parse_cell(value, name: str, row: int) -> float:
    """A table cell as a coordinate, or ValueError saying which cell and why (rows counted from 1)."""
    where = f"Row {row + 1}, {name}"
    if value is None or (isinstance(value, str) and not value.strip()) or (
            isinstance(value, float) and math.isnan(value)):
        raise ValueError(f"{where} is empty: type a number.")
    try:
        number = float(str(value).strip().replace("−", "-"))
    except ValueError:
        raise ValueError(f"{where} is “{str(value)[:20]}”, not a number.") from None
    if not math.isfinite(number):
        raise ValueError(f"{where} is not a finite number.")
    if abs(number) > BOUND:
        raise ValueError(f"{where} is {number:g}: the board goes from {-BOUND:g} to {BOUND:g}.")
    return number


def apply_edits(P, edits: dict) -> np.ndarray:
    """The points P (N, 2) after a table's edits: ``edited_rows`` {row: {"x"/"y": value}}, ``added_rows``
    [{"x": .., "y": ..}], ``deleted_rows`` [row, ...] (the form of ``st.data_editor``'s state).

    Raises ValueError naming the first bad cell; P itself is never changed."""
    Q = on_board(P).copy()
    for row, cells in (edits.get("edited_rows") or {}).items():
        row = int(row)
        if not 0 <= row < len(Q):
            continue
        for name, value in cells.items():
            if name in ("x", "y"):
                Q[row, "xy".index(name)] = parse_cell(value, name, row)
    added = [[parse_cell((cells or {}).get(name), name, len(Q) + i) for name in "xy"]
             for i, cells in enumerate(edits.get("added_rows") or [])]
    deleted = {int(r) for r in edits.get("deleted_rows") or []}
    Q = np.array([q for i, q in enumerate(Q) if i not in deleted] + added, dtype=np.float64).reshape(-1, 2)
    if len(Q) > MAX_POINTS:
        raise ValueError(f"The board holds at most {MAX_POINTS} points.")
    return Q


def to_link(P) -> str | None:
    """The points as a link's value "x,y;x,y;..." rounded to `LINK_DECIMALS`; None beyond `MAX_LINK_POINTS`."""
    P = on_board(P)
    if len(P) > MAX_LINK_POINTS:
        return None
    return ";".join(f"{x:.{LINK_DECIMALS}f},{y:.{LINK_DECIMALS}f}".replace("-0.00", "0.00") for x, y in P)


def from_link(text: str) -> tuple[np.ndarray, str | None]:
    """The points of a link's value (see `to_link`) and a note if some were clipped or dropped; ValueError if the
    value cannot be read."""
    text = text.strip()
    if not text:
        return np.zeros((0, 2)), None
    pairs = text.split(";")
    if len(pairs) > MAX_LINK_POINTS:
        raise ValueError(f"it holds {len(pairs)} points; a link carries at most {MAX_LINK_POINTS}")
    P = []
    for i, pair in enumerate(pairs):
        parts = pair.split(",")
        try:
            if len(parts) != 2:
                raise ValueError
            x, y = float(parts[0]), float(parts[1])
        except ValueError:
            raise ValueError(f"point {i + 1} is not two numbers “x,y”") from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"point {i + 1} is not finite")
        P.append((x, y))
    P = np.array(P)
    clipped = on_board(P)
    note = None if np.array_equal(clipped, P) else f"points off the board were moved to its edge (±{BOUND:g})"
    return clipped, note
