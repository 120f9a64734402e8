"""Backprop for one sample written out with its numbers: a per-layer table and the chain rule filled in.

Pure functions from an ``analysis.gradcheck.Trace`` to what a page shows: rows for a table, Markdown with LaTeX.
"""

import numpy as np


def short_vector(v, n: int = 4) -> str:
    """The first ``n`` entries of v, 3 decimals: "[0.120, -1.500, …]"."""
    return "[" + ", ".join(f"{x:.3f}" for x in np.asarray(v)[:n]) + (", …]" if len(v) > n else "]")


def trace_rows(t) -> list[dict]:
    """One row per layer: its role, W's shape, the forward output, f′, the error signal δ and ‖∂ℓ/∂W‖."""
    last = len(t.deltas) - 1
    return [{"layer": f"{l + 1} ({'output' if l == last else 'code' if l == t.code_layer else 'hidden'})",
             "W shape": "×".join(map(str, t.grad_coefs[l].shape)), "forward: f(z)": short_vector(t.outputs[l]),
             "f′(z)": short_vector(t.local_derivatives[l]), "backward: δ = ∂ℓ/∂z": short_vector(t.deltas[l]),
             "‖∂ℓ/∂W‖": f"{np.linalg.norm(t.grad_coefs[l]):.4f}"} for l in range(last + 1)]


def chain_rule_markdown(t) -> str:
    """The output unit with the largest error signal, and the first-layer weight from the largest pixel to the unit
    with the largest δ, their formulas filled in with the trace's numbers (1-based indices, as printed)."""
    i, j, o = (int(np.argmax(np.abs(v))) for v in (t.x, t.deltas[0], t.deltas[-1]))
    return (
        f"Output unit {o + 1}: $\\delta_{{\\text{{out}},{o + 1}}} = 2\\,(y_{{{o + 1}}} - x_{{{o + 1}}})\\,"
        f"g'(o_{{{o + 1}}}) = 2\\times({t.outputs[-1][o] - t.target[o]:.3f})\\times{t.local_derivatives[-1][o]:.3f}"
        f" = {t.deltas[-1][o]:.4f}$.  \nFirst-layer weight from pixel {i + 1} to unit {j + 1}: "
        f"$\\dfrac{{\\partial \\ell}}{{\\partial (W_1)_{{{i + 1},{j + 1}}}}} = x_{{{i + 1}}}\\,(\\delta_1)_{{{j + 1}}}"
        f" = ({t.x[i]:.3f})\\times({t.deltas[0][j]:.4f}) = {t.grad_coefs[0][i, j]:.5f}$."
    )
