r"""The loss landscape of the smallest linear autoencoders, in closed form (Baldi & Hornik 1989; Kunin et al. 2019).

**Tied, 2 → 1 → 2.** With centred data X (N, 2), covariance :math:`C = X^\top X / N` (eigenvalues
:math:`\lambda_1 \ge \lambda_2`, eigenvectors :math:`u_1, u_2`) and the tied network :math:`y = w w^\top x`
(encoder :math:`W = w^\top`, decoder :math:`V = w`, biases 0), core's loss (``core.network``: a tied matrix is
penalised once, :math:`\lVert W \rVert_F^2 = \lVert w \rVert^2`) is

.. math:: L(w) = \operatorname{tr} C - (2 - \lVert w\rVert^2)\, w^\top C w + \ell\, \lVert w\rVert^2,

with ``l2`` written :math:`\ell`. Its gradient and Hessian are

.. math::
    \nabla L = 2\bigl[(\lVert w\rVert^2 - 2) C w + (w^\top C w) w + \ell w\bigr],\qquad
    H = 2\bigl[(\lVert w\rVert^2 - 2) C + 2 C w w^\top + 2 w w^\top C + (w^\top C w + \ell) I\bigr].

Critical points: :math:`w = 0`, and :math:`w = \pm a_i u_i` with

.. math:: a_i^2 = \lVert w \rVert^2 = 1 - \frac{\ell}{2\lambda_i}\quad(\lambda_i > \ell / 2),

so with core's scaling a direction switches off when :math:`\lambda_i \le \ell/2`. (The form
:math:`1 - \lambda/\lambda_i` of Kunin et al. is the same with their penalty :math:`\lambda = \ell/2`.) With both
directions on, 0 is a maximum, :math:`\pm a_1 u_1` are the minima (PCA's first axis) and :math:`\pm a_2 u_2` saddles;
the Hessian at :math:`a_i u_i` has eigenvalue :math:`8(\lambda_i - \ell/2)` along :math:`u_i` and
:math:`2(\lambda_i - \lambda_j)(1 + \ell / (2\lambda_i))` along :math:`u_j`. The loss there is
:math:`\operatorname{tr} C - \lambda_i + \ell - \ell^2 / (4\lambda_i)`.

**Untied, 1 → 1 → 1.** For 1-D centred data of mean square :math:`s`, the network :math:`x \mapsto v w x` has

.. math:: L(w, v) = s\,(vw - 1)^2 + \ell\,(w^2 + v^2):

without L2 every point of the hyperbola :math:`vw = 1` is a minimum (the invariance :math:`(w, v) \to (cw, v/c)`);
with :math:`0 < \ell < s` the minima shrink to the two points :math:`w = v = \pm\sqrt{1 - \ell/s}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SAMPLES = 200  # enough points to see the cloud; the covariance is made exact anyway (see `gaussian_data`)


def gaussian_data(var1: float, var2: float, angle_deg: float, n: int = SAMPLES, seed: int = 0) -> np.ndarray:
    """2-D Gaussian points (n, 2), centred, whose covariance (1/N) XᵀX is exactly the one asked for: variance
    ``var1`` along the direction at ``angle_deg`` degrees and ``var2`` across it (the sample is whitened first, so
    the landscape's marked points are those of the sliders' numbers)."""
    if min(var1, var2) <= 0 or not np.isfinite([var1, var2, angle_deg]).all():
        raise ValueError("the variances must be positive numbers and the angle a finite number")
    Z = np.random.default_rng(seed).standard_normal((n, 2))
    Z -= Z.mean(axis=0)
    Z = Z @ np.linalg.inv(np.linalg.cholesky(Z.T @ Z / n)).T  # sample covariance exactly I
    t = np.radians(angle_deg)
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return Z * np.sqrt([var1, var2]) @ R.T


@dataclass(frozen=True)
class CriticalPoint:
    name: str           # "maximum", "minimum", "saddle" (or "flat": equal variances)
    where: str          # "0", "+u₁", "−u₁", "+u₂", "−u₂"
    w: np.ndarray       # (2,)
    loss: float
    curvatures: tuple   # the Hessian's eigenvalues there, ascending

    @property
    def label(self) -> str:
        """Its name and place, as a learner reads it: "maximum at 0", "minimum +u₁"."""
        return f"{self.name} {'at 0' if self.where == '0' else self.where}"


@dataclass(frozen=True)
class TiedLandscape:
    """L(w) of the tied 2 → 1 → 2 linear autoencoder on data of covariance ``C`` with core's ``l2``."""

    C: np.ndarray       # (2, 2)
    l2: float = 0.0

    @classmethod
    def of(cls, X: np.ndarray, l2: float = 0.0) -> TiedLandscape:
        """The landscape of centred data X (N, 2), the covariance taken with 1/N as in core's loss."""
        return cls(X.T @ X / len(X), float(l2))

    @property
    def eigen(self) -> tuple[np.ndarray, np.ndarray]:
        """(λ₁ ≥ λ₂, U with columns u₁, u₂), each uᵢ signed so its largest entry is positive."""
        lam, U = np.linalg.eigh(self.C)
        lam, U = lam[::-1], U[:, ::-1]
        U = U * np.where(U[np.abs(U).argmax(axis=0), [0, 1]] < 0, -1.0, 1.0)
        return lam, U

    def loss(self, w1, w2) -> np.ndarray:
        """L at w = (w1, w2); arrays broadcast, so a meshgrid gives the whole map at once."""
        w1, w2 = np.asarray(w1, float), np.asarray(w2, float)
        C = self.C
        norm2 = w1**2 + w2**2
        quad = C[0, 0] * w1**2 + 2 * C[0, 1] * w1 * w2 + C[1, 1] * w2**2
        return np.trace(C) - (2 - norm2) * quad + self.l2 * norm2

    def gradient(self, w) -> np.ndarray:
        w = np.asarray(w, float)
        Cw = self.C @ w
        return 2 * ((w @ w - 2) * Cw + (w @ Cw) * w + self.l2 * w)

    def slope(self, w) -> float:
        """‖∇L‖ at w."""
        return float(np.linalg.norm(self.gradient(w)))

    def hessian(self, w) -> np.ndarray:
        w = np.asarray(w, float)
        Cw = self.C @ w
        return 2 * ((w @ w - 2) * self.C + 2 * np.outer(Cw, w) + 2 * np.outer(w, Cw)
                    + (w @ Cw + self.l2) * np.eye(2))

    def critical_points(self) -> list[CriticalPoint]:
        """0 and ±aᵢuᵢ for every direction still on (λᵢ > l2/2), each named by its Hessian's signs. Equal variances
        (a ring of minima, no single axis) give the ring's two points on u₁, u₂ as they come."""
        lam, U = self.eigen
        points = [("0", np.zeros(2))]
        for i in (0, 1):
            if lam[i] > self.l2 / 2:
                a = np.sqrt(1 - self.l2 / (2 * lam[i]))
                points += [(f"+u{'₁₂'[i]}", a * U[:, i]), (f"−u{'₁₂'[i]}", -a * U[:, i])]
        return [self._named(where, w) for where, w in points]

    def _named(self, where: str, w: np.ndarray) -> CriticalPoint:
        curv = np.linalg.eigvalsh(self.hessian(w))
        tol = 1e-9 * max(1.0, np.abs(curv).max())
        if curv[0] > tol:
            name = "minimum"
        elif curv[1] < -tol:
            name = "maximum"
        else:
            name = "saddle" if curv[0] < -tol and curv[1] > tol else "flat"
        return CriticalPoint(name, where, w, float(self.loss(*w)), tuple(float(c) for c in curv))

    def grid(self, radius: float, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(w1 values (n,), w2 values (n,), L (n, n) with rows along w2) on [-radius, radius]²."""
        ticks = np.linspace(-radius, radius, n)
        return ticks, ticks, self.loss(*np.meshgrid(ticks, ticks))

    def safe_learning_rate(self, radius: float) -> float:
        """A plain gradient-descent rate that cannot overshoot anywhere on the square [-radius, radius]²: the inverse
        of a bound on the Hessian's norm there (‖w‖² ≤ 2 radius²), so a step never jumps over a valley."""
        r2, lam1 = 2 * radius**2, float(np.linalg.eigvalsh(self.C)[-1])
        return 1.0 / (2 * (abs(r2 - 2) * lam1 + 5 * lam1 * r2 + self.l2))


def untied_loss(w, v, s: float, l2: float = 0.0) -> np.ndarray:
    """L(w, v) = s (vw − 1)² + l2 (w² + v²) of x ↦ v·w·x on 1-D centred data of mean square ``s``; broadcasts."""
    w, v = np.asarray(w, float), np.asarray(v, float)
    return s * (v * w - 1) ** 2 + l2 * (w**2 + v**2)


def untied_gradient(w: float, v: float, s: float, l2: float = 0.0) -> np.ndarray:
    r = s * (v * w - 1)
    return 2 * np.array([r * v + l2 * w, r * w + l2 * v])


def untied_minima(s: float, l2: float = 0.0) -> list[tuple[float, float]]:
    """With l2 > 0 the two minima ±(√(1 − l2/s), √(1 − l2/s)) (none but 0 once l2 ≥ s); without L2 the valley
    vw = 1 has no isolated minima, so an empty list (see `untied_valley`)."""
    if l2 <= 0:
        return []
    if l2 >= s:
        return [(0.0, 0.0)]
    a = float(np.sqrt(1 - l2 / s))
    return [(a, a), (-a, -a)]


def untied_valley(radius: float, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Points of the hyperbola vw = 1 inside [-radius, radius]² (two branches joined by a NaN, for one trace)."""
    w = np.linspace(1 / radius, radius, n)
    return np.concatenate([w, [np.nan], -w]), np.concatenate([1 / w, [np.nan], -1 / w])


def descent_path(land: TiedLandscape, start, learning_rate: float, steps: int) -> np.ndarray:
    """Plain gradient descent from ``start`` on the closed form: w after 0 … ``steps`` steps, (steps + 1, 2). It is
    the tied network's own full-batch ``sgd`` run (biases stay 0 on centred data; tests check it against core)."""
    path = np.empty((int(steps) + 1, 2))
    path[0] = start
    for t in range(int(steps)):
        path[t + 1] = path[t] - learning_rate * land.gradient(path[t])
    return path


def nearest(points: list[CriticalPoint], w) -> tuple[CriticalPoint, float]:
    """The critical point closest to ``w`` and its distance."""
    d = [float(np.linalg.norm(p.w - np.asarray(w, float))) for p in points]
    return points[int(np.argmin(d))], min(d)


def network_w(model) -> np.ndarray:
    """w of a trained tied 2 → 1 → 2 ``Autoencoder``: its encoder matrix (2, 1) as a vector."""
    return np.asarray(model.coefs_[0], float)[:, 0].copy()


def network_gradient_norm(model, X: np.ndarray) -> float:
    """‖∇L‖ of the network at its current weights, from core's backprop: the shared matrix once, and the biases."""
    _, grads = model.loss_and_gradients(X)
    parts = [grads["coefs"][0], *grads["intercepts"]]
    return float(np.sqrt(sum(float(np.sum(g**2)) for g in parts)))


def set_network_w(model, w, X: np.ndarray) -> float:
    """Write w into a tied 2 → 1 → 2 ``Autoencoder`` (biases 0) and return its data loss J/N on X there."""
    model.coefs_[0][...] = np.asarray(w, float).reshape(2, 1)
    for b in model.intercepts_:
        b[...] = 0.0
    return -float(model.score(X))


def saddle_starts(land: TiedLandscape, nudge: float = 0.03) -> tuple[np.ndarray, np.ndarray] | None:
    """Two starts for the lesson: exactly on the saddle +a₂u₂, and ``nudge`` from it along u₁ (towards a minimum);
    None when the second direction is switched off (no saddle there)."""
    saddle = next((p.w for p in land.critical_points() if p.where == "+u₂"), None)
    if saddle is None:
        return None
    return saddle.copy(), saddle + nudge * land.eigen[1][:, 0]


def untied_grid(s: float, l2: float, radius: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(ticks (n,), L (n, n) with rows along v) of the untied map on [-radius, radius]²."""
    ticks = np.linspace(-radius, radius, n)
    w, v = np.meshgrid(ticks, ticks)
    return ticks, untied_loss(w, v, s, l2)
