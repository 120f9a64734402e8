"""Greedy layer-wise pre-training against end-to-end training, as loss curves on one epoch axis."""

import numpy as np
import plotly.graph_objects as go

from viz.style import COLORS, base_layout, legend_at_foot


def stacking_figure(end_to_end: np.ndarray, pretrain_epochs: int, stacked_loss: float, finetune: np.ndarray,
                    *, reference: float | None = None, reference_label: str = "PCA optimum",
                    title: str | None = None, height: int = 420) -> go.Figure:
    """Both runs of the same deep network on one chart, every epoch of every stage counted on the x-axis.

    Parameters
    ----------
    end_to_end : (E,) loss per epoch of the deep net trained from a random start
    pretrain_epochs : epochs spent in all pre-training stages together (a shaded band; the stages' own losses
        are on other targets -- their codes -- so they are not drawn on this loss axis)
    stacked_loss : loss on X of the stacked net before fine-tuning (a marker at x = pretrain_epochs)
    finetune : (F,) loss per epoch of the stacked net during fine-tuning, drawn from x = pretrain_epochs + 1

    Traces: end to end, stacked (marker), stacked then fine-tuned, and the reference line if given.
    """
    e2e = np.asarray(end_to_end, dtype=float)
    ft = np.asarray(finetune, dtype=float)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=np.arange(1, len(e2e) + 1), y=e2e, mode="lines", name="end to end, random start",
                             line=dict(color=COLORS["val"], width=3)))  # orange means PCA elsewhere
    fig.add_trace(go.Scatter(x=[pretrain_epochs], y=[stacked_loss], mode="markers", name="stacked, before fine-tuning",
                             marker=dict(color=COLORS["ae"], size=12, symbol="diamond")))
    fig.add_trace(go.Scatter(x=pretrain_epochs + np.arange(1, len(ft) + 1), y=ft, mode="lines",
                             name="pre-trained, then fine-tuned", line=dict(color=COLORS["ae"], width=3)))
    last = max(len(e2e), pretrain_epochs + len(ft), 1)
    if reference is not None:
        fig.add_trace(go.Scatter(x=[0, last], y=[reference, reference], mode="lines",
                                 name=f"{reference_label} = {reference:.4g}",
                                 line=dict(color=COLORS["reference"], width=2, dash="dash")))
    if pretrain_epochs > 0:
        fig.add_vrect(x0=0, x1=pretrain_epochs, fillcolor=COLORS["muted"], opacity=0.25, line_width=0,
                      annotation_text="pre-training, one layer at a time", annotation_position="top left")
    values = np.concatenate([e2e, ft, [stacked_loss]] + ([[reference]] if reference is not None else []))
    values = values[np.isfinite(values)]
    top = float(values.max()) * 1.05 if values.size else 1.0
    legend_at_foot(base_layout(fig, height=height, title=title))
    fig.update_xaxes(title_text="epochs of training (all stages counted)", range=[0, last])
    fig.update_yaxes(title_text="loss J / N on the data", range=[0, top])
    return fig


def curves_caption(curves: dict, reference: float | None = None, reference_label: str = "PCA's optimum") -> str:
    """Loss curves in words (their text alternative): each curve's final loss, and the reference line's value."""
    finals = "; ".join(f"{name} {float(np.asarray(c)[-1]):.3f}" for name, c in curves.items() if len(c))
    longest = max((len(c) for c in curves.values()), default=0)
    tail = f"; {reference_label} {reference:.3f}" if reference is not None else ""
    return f"Final loss J/N after {longest} epoch{'s' if longest != 1 else ''}: {finals}{tail}."
