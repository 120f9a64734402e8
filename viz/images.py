"""Grids of small images (digits, their reconstructions, weight vectors drawn as pictures) in one heatmap.

The whole grid is a single ``go.Heatmap`` of a mosaic with blank (NaN) gutters between images: one trace
redraws much faster than one trace per image, and pixels stay square through ``scaleanchor``.
"""

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz.style import FONT_SIZE, base_layout

# Ink on paper for pixel intensities; blue-white-red for signed weights (white is zero).
INK = [[0.0, "#FFFFFF"], [1.0, "#111111"]]
SIGNED = [[0.0, "#2166AC"], [0.5, "#FFFFFF"], [1.0, "#B2182B"]]


def _as_rows(images) -> np.ndarray:
    """Images as an array (rows, cols, P): a (cols, P) array is one row, a list of (cols, P) arrays is rows."""
    arr = np.asarray(images, dtype=float)
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3:
        raise ValueError(f"images must have shape (cols, P) or (rows, cols, P), got {arr.shape}")
    return arr


def mosaic(images, image_shape: tuple[int, int], *, gap: int = 1, normalize: str = "global") -> np.ndarray:
    """Tile images of shape (rows, cols, h*w) into one 2-D array with NaN gutters ``gap`` pixels wide.

    ``normalize="each"`` divides every image by its own largest absolute value (to [-1, 1]), which is how
    weight vectors are compared by pattern rather than by size; ``"global"`` leaves values as they are.
    """
    arr = _as_rows(images)
    h, w = image_shape
    rows, cols, p = arr.shape
    if p != h * w:
        raise ValueError(f"each image has {p} values, but image_shape {image_shape} needs {h * w}")
    if normalize == "each":
        scale = np.abs(arr).max(axis=2, keepdims=True)
        arr = arr / np.where(scale > 0, scale, 1.0)
    elif normalize != "global":
        raise ValueError(f'normalize must be "global" or "each", got {normalize!r}')
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan)
    for r in range(rows):
        for c in range(cols):
            out[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = arr[r, c].reshape(h, w)
    return out


def image_grid(
    images,
    image_shape: tuple[int, int],
    rows_titles: Sequence[str] | None = None,
    *,
    col_titles: Sequence[str] | None = None,
    title: str | None = None,
    signed: bool = False,
    normalize: str = "global",
    zrange: tuple[float, float] | None = None,
    height: int | None = None,
    gap: int = 1,
) -> go.Figure:
    """Draw images (rows, cols, h*w) as a grid, one heatmap; rows labelled on the left, columns on top.

    Parameters
    ----------
    images : array (cols, P) or (rows, cols, P), P = h*w, or a list of (cols, P) arrays (one per row)
    image_shape : (h, w), e.g. (8, 8) for digits
    rows_titles, col_titles : labels drawn left of each row / above each column
    signed : blue-white-red around zero (weights, components) instead of white-to-black ink (pixels)
    normalize : "global" (one colour scale for all) or "each" (every image scaled to its own max |value|)
    zrange : colour limits; default: data min/max (ink) or symmetric +-max|value| (signed)
    """
    arr = _as_rows(images)
    rows, cols, _ = arr.shape
    h, w = image_shape
    grid = mosaic(arr, image_shape, gap=gap, normalize=normalize)
    finite = grid[np.isfinite(grid)]
    if zrange is None:
        if signed:
            m = float(np.abs(finite).max()) if finite.size else 1.0
            zrange = (-m or -1.0, m or 1.0)
        else:
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            zrange = (lo, hi if hi > lo else lo + 1.0)
    fig = go.Figure(go.Heatmap(
        z=grid, zmin=zrange[0], zmax=zrange[1], colorscale=SIGNED if signed else INK,
        showscale=False, hoverinfo="skip", xgap=0, ygap=0,
    ))
    row_centres = [r * (h + gap) + (h - 1) / 2 for r in range(rows)]
    col_centres = [c * (w + gap) + (w - 1) / 2 for c in range(cols)]
    fig.update_yaxes(
        autorange="reversed", scaleanchor="x", constrain="domain", showgrid=False, zeroline=False,
        tickmode="array", tickvals=row_centres if rows_titles else [],
        ticktext=list(rows_titles) if rows_titles else [], ticks="",
    )
    fig.update_xaxes(
        side="top", constrain="domain", showgrid=False, zeroline=False, tickmode="array",
        tickvals=col_centres if col_titles else [], ticktext=list(col_titles) if col_titles else [], ticks="",
        range=[-0.5, grid.shape[1] - 0.5],
    )
    if rows_titles is not None and len(rows_titles) != rows:
        raise ValueError(f"got {len(rows_titles)} row titles for {rows} rows")
    if col_titles is not None and len(col_titles) != cols:
        raise ValueError(f"got {len(col_titles)} column titles for {cols} columns")
    if height is None:
        # About 700 px of width for the grid, pixels square, at most 12 px per pixel (an 8x8 image ~ 96 px).
        px = float(np.clip(700 / grid.shape[1], 4, 12))
        height = int(np.clip(grid.shape[0] * px + (90 if title else 50) + (30 if col_titles else 0), 140, 900))
    base_layout(fig, height=height, title=title)
    fig.update_layout(
        margin=dict(l=10 + (8 * max(map(len, rows_titles)) if rows_titles else 0),
                    r=10, t=(60 if title else 20) + (30 if col_titles else 0), b=10),
        font=dict(size=FONT_SIZE), plot_bgcolor="white",
    )
    return fig
