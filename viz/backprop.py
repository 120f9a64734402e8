"""Backprop for one sample written out with its numbers: a per-layer table and the chain rule filled in.

Pure functions from an ``analysis.gradcheck.Trace`` to what a page shows: rows for a table, Markdown with LaTeX.
They use the lessons' notation: a layer computes its pre-activation a = Wx + b, W has one row per unit of the
layer it feeds (n_out x n_in), and δ = ∂ℓ/∂a. The trace keeps the code's layout, ``grad_coefs[l]`` of shape
(n_in, n_out): the transpose of ∂ℓ/∂W, so entry (i, j) is the weight from input i to unit j.
"""

import numpy as np

from viz.network import weight_labels


def short_vector(v, n: int = 4) -> str:
    """The first ``n`` entries of v, 3 decimals: "[0.120, -1.500, …]"."""
    return "[" + ", ".join(f"{x:.3f}" for x in np.asarray(v)[:n]) + (", …]" if len(v) > n else "]")


def trace_rows(t) -> list[dict]:
    """One row per layer: its role, its weight matrix as the diagram names it (rows × columns = n_out × n_in), the
    forward output f(a), f′(a), the error signal δ = ∂ℓ/∂a and ‖∂ℓ/∂W‖."""
    last = len(t.deltas) - 1
    sizes = [t.grad_coefs[0].shape[0]] + [g.shape[1] for g in t.grad_coefs]
    names = weight_labels(sizes)
    return [{"layer": f"{l + 1} ({'output' if l == last else 'code' if l == t.code_layer else 'hidden'})",
             "weights": names[l], "forward: f(a)": short_vector(t.outputs[l]),
             "f′(a)": short_vector(t.local_derivatives[l]), "backward: δ = ∂ℓ/∂a": short_vector(t.deltas[l]),
             "‖∂ℓ/∂W‖": f"{np.linalg.norm(t.grad_coefs[l]):.4f}"} for l in range(last + 1)]


def chain_rule_markdown(t) -> str:
    """The output unit with the largest error signal, and the first-layer weight from the largest pixel to the unit
    with the largest δ, their formulas filled in with the trace's numbers (1-based indices, as printed).

    The first layer's matrix and signal are named as in the lesson: W and δ_code with one code layer, W₁ and δ₁
    in a deeper network. Its entry (row j, column i) is the weight from pixel i into unit j: ∂ℓ/∂W = δ xᵀ.
    """
    i, j, o = (int(np.argmax(np.abs(v))) for v in (t.x, t.deltas[0], t.deltas[-1]))
    W, entry, delta = (("W", "W", "\\delta_{\\text{code}}") if len(t.deltas) == 2
                       else ("W_1", "(W_1)", "\\delta_1"))
    return (
        f"Output unit {o + 1}: $\\delta_{{\\text{{out}},{o + 1}}} = 2\\,(y_{{{o + 1}}} - x_{{{o + 1}}})\\,"
        f"g'(o_{{{o + 1}}}) = 2\\times({t.outputs[-1][o] - t.target[o]:.3f})\\times{t.local_derivatives[-1][o]:.3f}"
        f" = {t.deltas[-1][o]:.4f}$.  \nFirst-layer weight from pixel {i + 1} to unit {j + 1}, row {j + 1} and "
        f"column {i + 1} of ${W}$: $\\dfrac{{\\partial \\ell}}{{\\partial {entry}_{{{j + 1},{i + 1}}}}} = "
        f"({delta})_{{{j + 1}}}\\,x_{{{i + 1}}} = "
        f"({t.deltas[0][j]:.4f})\\times({t.x[i]:.3f}) = {t.grad_coefs[0][i, j]:.5f}$."
    )
