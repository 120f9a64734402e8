"""One update in slow motion: each sub-step's formulas filled in with its numbers (LaTeX), and the network
diagram with the active layer and, going backward, each connection drawn by its gradient."""

from __future__ import annotations

import numpy as np

from viz.network import network_figure

SUBSTEPS = ("Forward: the code", "Forward: the output", "Loss", "Backward: δ at the output",
            "Backward: δ at the code", "Gradients", "Update")
ACTIVE_LAYER = (1, 2, 2, 2, 1, None, None)  # the diagram's highlighted layer per sub-step (0 input, 1 code, 2 output)


def num(x: float) -> str:
    """A number for the matrices: four significant digits, a true minus sign."""
    text = f"{x:.4g}"
    return text.replace("e", "\\mathrm{e}") if "e" in text else text


def mat(M) -> str:
    """A vector (as a column) or a matrix as a LaTeX bmatrix."""
    M = np.asarray(M, dtype=float)
    M = M[:, None] if M.ndim == 1 else M
    rows = " \\\\ ".join(" & ".join(num(v) for v in row) for row in M)
    return f"\\begin{{bmatrix}} {rows} \\end{{bmatrix}}"


def chain(lhs: str, *steps: str, first: str = "=") -> str:
    """``lhs = step_1 = step_2 ...`` with each step on its own line (a step starting with ``&`` is a line as it
    is), so that a narrow screen still shows it whole: at most one matrix a line."""
    rows = [f"{lhs} &{first} {steps[0]}", *(step if step.startswith("&") else f"&= {step}" for step in steps[1:])]
    return "\\begin{aligned} " + " \\\\ ".join(rows) + " \\end{aligned}"


def substep_tex(u, i: int) -> list[str]:
    """The LaTeX lines of sub-step ``i`` of ``u`` (an ``analysis.one_update.OneUpdate``), one equation each."""
    b, n = u.before, u.n
    if i == 0:
        return [f"X = {mat(u.X)}", f"W = {mat(b['W'])}", f"b = {mat(b['b'])}", chain("A", "WX + b", mat(u.A)),
                chain("Z", "f(A)", mat(u.Z))]
    if i == 1:
        return [f"V = {mat(b['V'])}", f"c = {mat(b['c'])}", chain("O", "VZ + c", mat(u.A_out)),
                chain("Y", "g(O)", mat(u.Y))]
    if i == 2:
        terms = " + ".join(num(e) for e in u.errors)
        return [f"\\lVert y_{{{j + 1}}} - x_{{{j + 1}}} \\rVert^2 = {num(e)}" for j, e in enumerate(u.errors)] + [
            chain("L", f"\\frac{{1}}{{{n}}}\\left({terms}\\right)", num(u.loss))]
    if i == 3:
        return [chain("Y - X", mat(u.Y - u.X)),
                chain("\\delta_{out}", f"\\frac{{2}}{{{n}}}(Y - X) \\odot g'(O)", mat(u.delta_out))]
    if i == 4:
        return [chain("V^\\top \\delta_{out}", mat(u.back)), chain("f'(A)", mat(u.fprime)),
                chain("\\delta_{code}", "(V^\\top \\delta_{out}) \\odot f'(A)", mat(u.delta_code))]
    if i == 5:
        g, d = u.grads, "\\frac{{\\partial L}}{{\\partial {}}}"
        return [chain(d.format("V"), "\\delta_{out} Z^\\top", mat(g["V"])),
                chain(d.format("c"), "\\textstyle\\sum_i \\delta_{out}", mat(g["c"])),
                chain(d.format("W"), "\\delta_{code} X^\\top", mat(g["W"])),
                chain(d.format("b"), "\\textstyle\\sum_i \\delta_{code}", mat(g["b"]))]
    return _update_tex(u)


def _update_tex(u) -> list[str]:
    eta = num(u.learning_rate)
    lines = []
    for name in ("W", "V", "b", "c"):
        p, g, new = u.before[name], u.grads[name], u.after[name]
        d = f"\\frac{{\\partial L}}{{\\partial {name}}}"
        if u.optimizer == "sgd":
            lines.append(chain(name, f"{name} - \\eta {d}", mat(p), f"&\\quad - {eta}\\,{mat(g)}", mat(new),
                               first="\\leftarrow"))
        elif u.optimizer == "momentum":
            v = u.state_after["velocity"][name]
            lines += [chain(f"v_{name}", f"\\mu\\,v_{name} - \\eta {d}", mat(v), first="\\leftarrow"),
                      chain(name, f"{name} + v_{name}", mat(new), first="\\leftarrow")]
        else:
            m, v = u.state_after["m"][name], u.state_after["v"][name]
            lines += [chain(f"m_{name}", mat(m)), chain(f"v_{name}", mat(v)),
                      chain(name, f"{name} - \\eta_t \\frac{{m_{name}}}{{\\sqrt{{v_{name}}} + \\epsilon}}",
                            mat(new), first="\\leftarrow")]
    return lines


def substep_figure(u, i: int, *, height: int = 300):
    """The D -> k -> D diagram for sub-step ``i``: the active layer highlighted; connections drawn by the weights
    going forward, by their gradients at the gradient sub-step, and by their change at the update."""
    source = u.before if i < 5 else (u.grads if i == 5 else {k: u.after[k] - u.before[k] for k in u.before})
    D, k = u.X.shape[0], u.A.shape[0]
    what = "the weights" if i < 5 else "their gradients" if i == 5 else "their change"
    return network_figure([D, k, D], activations=["f", "g"], max_drawn=4, height=height, active=ACTIVE_LAYER[i],
                          edge_values=[source["W"].T, source["V"].T], title=f"Connections: {what}")
