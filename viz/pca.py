"""PCA's spectrum: the scree plot (kept vs discarded eigenvalues, cumulative explained variance) and J against k."""

import numpy as np
import plotly.graph_objects as go

from viz.style import AXIS_TEXT, COLORS, FONT_SIZE, base_layout, guess_trace


def scree_figure(eigenvalues: np.ndarray, k: int, *, title: str | None = None, max_bars: int | None = None,
                 height: int = 400) -> go.Figure:
    """Bars of the eigenvalues lambda_1 >= ... >= lambda_D, the first k highlighted as kept,
    and the cumulative explained variance sum_{i<=j} lambda_i / sum_i lambda_i (in %) on a second axis.

    ``max_bars`` shows only the first eigenvalues (the cumulative curve still uses all of them).
    """
    lam = np.asarray(eigenvalues, dtype=float)
    if lam.ndim != 1 or lam.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {lam.shape}")
    if not 0 <= k <= lam.size:
        raise ValueError(f"k must be in 0..{lam.size}, got {k}")
    total = lam.sum()
    cumulative = 100 * np.cumsum(lam) / total if total > 0 else np.zeros_like(lam)
    m = lam.size if max_bars is None else min(max_bars, lam.size)
    i = np.arange(1, m + 1)
    kept = i <= k
    fig = go.Figure()
    fig.add_trace(go.Bar(x=i[kept], y=lam[:m][kept], name=f"kept (i ≤ {k})", marker_color=COLORS["pca"],
                         hovertemplate="λ<sub>%{x}</sub> = %{y:.4g}<extra>kept</extra>"))
    fig.add_trace(go.Bar(x=i[~kept], y=lam[:m][~kept], name="discarded: their sum is J*/N",
                         marker_color=COLORS["muted"],
                         hovertemplate="λ<sub>%{x}</sub> = %{y:.4g}<extra>discarded</extra>"))
    fig.add_trace(go.Scatter(x=i, y=cumulative[:m], name="cumulative explained variance (%)", yaxis="y2",
                             mode="lines+markers", line=dict(color=COLORS["ae"], width=2), marker=dict(size=5),
                             hovertemplate="first %{x}: %{y:.1f} %<extra></extra>"))
    base_layout(fig, height=height, title=title)
    fig.update_layout(
        barmode="overlay", bargap=0.15,
        xaxis=dict(title=dict(text="component i"), range=[0.4, m + 0.6]),
        yaxis=dict(title=dict(text="eigenvalue λᵢ"), rangemode="tozero"),
        yaxis2=dict(AXIS_TEXT, title=dict(text="cumulative %", font=AXIS_TEXT["title"]["font"]), overlaying="y",
                    side="right", range=[0, 105], showgrid=False, tickvals=[0, 25, 50, 75, 100]),
        margin=dict(r=70, b=40),
        # Below the plot: three entries do not fit on one line above it in a half-width column.
        legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0),
    )
    return fig


def error_curve_figure(errors: np.ndarray, k: int, *, title: str | None = None, height: int = 400) -> go.Figure:
    """PCA's optimum J*/N = sum_{i>j} lambda_i against the code size j = 0..D, with the chosen k marked.

    ``errors`` has shape (D + 1,): entry j is the error with j components (``core.pca.discarded_variance``).
    """
    J = np.asarray(errors, dtype=float)
    if J.ndim != 1 or J.size < 2:
        raise ValueError(f"errors must be a 1-D array of length D + 1 >= 2, got shape {J.shape}")
    if not 0 <= k < J.size:
        raise ValueError(f"k must be in 0..{J.size - 1}, got {k}")
    j = np.arange(J.size)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=j, y=J, mode="lines+markers", name="J*/N for each k",
                             line=dict(color=COLORS["pca"], width=2), marker=dict(size=5),
                             hovertemplate="k = %{x}: J*/N = %{y:.4g}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[k], y=[J[k]], mode="markers+text", name=f"your k = {k}",
                             marker=dict(size=14, color=COLORS["reference"], symbol="diamond"),
                             text=[f"  k = {k}: {J[k]:.4g}"], textposition="middle right",
                             hovertemplate="k = %{x}: J*/N = %{y:.4g}<extra></extra>"))
    base_layout(fig, height=height, title=title)
    top = float(J.max()) if J.max() > 0 else 1.0
    fig.update_xaxes(title_text="number of components k", range=[-0.5, J.size - 0.5])
    fig.update_yaxes(title_text="error per sample J*/N", range=[0, 1.05 * top])
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0), margin=dict(b=40))
    return fig


def kept_figure(kept: np.ndarray, k: int, *, guess: float | None = None, max_bars: int = 40,
                title: str | None = None, height: int = 300) -> go.Figure:
    """The share of the variance that j components keep, for j = 1..D (``kept`` has shape (D + 1,), in [0, 1]),
    the chosen k's bar highlighted and the learner's ``guess`` for it (in %) a dotted line of its own."""
    share = 100 * np.asarray(kept, dtype=float)
    m = min(max_bars, share.size - 1)
    j = np.arange(1, m + 1)
    fig = go.Figure(go.Bar(x=j, y=share[1:m + 1], name="variance kept by j components (%)",
                           marker_color=[COLORS["pca"] if i == k else COLORS["muted"] for i in j],
                           text=[f"{share[k]:.1f} %" if i == k else "" for i in j], textposition="outside",
                           textfont=dict(size=FONT_SIZE), constraintext="none", cliponaxis=False,
                           hovertemplate="%{x} components keep %{y:.1f} %<extra></extra>"))
    if guess is not None:
        fig.add_trace(guess_trace([0.5, m + 0.5], guess, f"your guess for k = {k}: {guess:g} %"))
    base_layout(fig, height=height, title=title)
    fig.update_xaxes(title_text="number of components j", range=[0.4, m + 0.6])
    fig.update_yaxes(title_text="variance kept (%)", range=[0, 112], tickvals=[0, 25, 50, 75, 100])
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.3, xanchor="left", x=0), margin=dict(b=40))
    return fig


# Text alternatives: each chart's message in numbers, as a caption under it (read out by a screen reader).
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def lam(i: int) -> str:
    """λ with a subscript: lam(12) -> "λ₁₂"."""
    return f"λ{str(i).translate(SUB)}"


def scree_caption(eigenvalues: np.ndarray, k: int) -> str:
    """The scree plot in words: the first eigenvalues, the share the k kept ones hold, and J*/N."""
    ev = np.asarray(eigenvalues, dtype=float)
    total = ev.sum()
    share = 100 * ev[:k].sum() / total if total > 0 else 100.0
    first = ", ".join(f"{lam(i + 1)} = {v:.3g}" for i, v in enumerate(ev[:min(3, ev.size)]))
    last = f", …, {lam(ev.size)} = {ev[-1]:.3g}" if ev.size > 3 else ""
    kept = f"the {k} kept direction{'s hold' if k != 1 else ' holds'}"
    return (f"{first}{last}. {kept[0].upper()}{kept[1:]} {share:.1f} % of the variance; the {ev.size - k} "
            f"discarded eigenvalues sum to J*/N = {ev[k:].sum():.4g}.")


def error_curve_caption(errors: np.ndarray, k: int) -> str:
    """The error curve in words: from the total variance at k = 0, through the chosen k, to 0 at k = D."""
    J = np.asarray(errors, dtype=float)
    return (f"J*/N is {J[0]:.4g} with no component (the total variance), {J[k]:.4g} at k = {k} and {J[-1]:.2g} at "
            f"k = {J.size - 1}; each step to the right removes the next eigenvalue.")


def kept_caption(kept: np.ndarray, k: int, share: float = 0.9) -> str:
    """The kept-variance bars in words: the chosen k's share and how many components keep ``share`` of it."""
    fraction = np.asarray(kept, dtype=float)
    enough = int(np.argmax(fraction >= share - 1e-12))
    return (f"k = {k} keeps {100 * fraction[k]:.1f} % of the variance; {enough} of the {fraction.size - 1} "
            f"components keep {100 * share:.0f} %.")


def code_caption(eigenvalues: np.ndarray, shown: int, n: int, axes: int = 2) -> str:
    """PCA's code plot in words: how many points are drawn and the variance along each of its ``axes`` (1 or 2)."""
    ev = np.asarray(eigenvalues, dtype=float)
    total = ev.sum() or 1.0
    each = "; ".join(f"z{str(i + 1).translate(SUB)} has variance {lam(i + 1)} = {v:.3g} ({100 * v / total:.1f} %)"
                     for i, v in enumerate(ev[:axes]))
    return f"{shown} of the {n} samples. {each} of the total {ev.sum():.4g}."
