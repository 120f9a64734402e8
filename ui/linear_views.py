"""The linear-autoencoder lesson's parts: the run from tiny weights and its saddles, the live numbers (with L2's),
and the views of the trained network (its code, reconstructions and weights against PCA's)."""

from __future__ import annotations

import streamlit as st

from analysis.baseline import Baseline
from analysis.linear import (
    axis_cosines,
    closest_cosines,
    compare,
    l2_axes,
    l2_optimum,
    l2_singular_values,
    recover_pca_axes,
)
from analysis.saddles import RATE, TINY_SCALE, TinyPlan, saddles_visited
from analysis.saddles import tiny_start as shrink
from ui import link
from ui.charts import chart
from ui.live_plot import live_plotly_chart
from ui.live_run import new_run, start_from, structural
from ui.live_threads import chart_refresh_seconds
from ui.live_trainer import throttled
from ui.prediction import waiting_for
from ui.state import default, init_state
from ui.text import counted
from ui.widgets import gap_row, number
from viz.images import image_grid
from viz.l2_axes import singular_values_figure
from viz.latent import codes_figure, nice_symmetric_range
from viz.style import CHART

CODE_POINTS = 400  # every digit's cluster shows; few enough to draw as SVG
N_SHOWN = 10
CLEAR_GAPS = "low_rank"  # the data tiny weights switch to from digits, whose top eigenvalues are close together


def _tiny_from_link(text: str) -> tuple[bool, None]:
    if text not in ("0", "1"):
        raise ValueError("use 1 (on) or 0 (off)")
    return text == "1", None


def _on_tiny(page: str) -> None:
    ss = st.session_state
    if ss[f"{page}:tiny"] and ss.get(f"{page}:dataset") == "digits":
        ss[f"{page}:dataset"] = CLEAR_GAPS


def tiny_toggle(page: str) -> bool:
    """The option "start from tiny weights" (in the link as ``?tiny=1``); turning it on moves digits to data with
    clear eigen-gaps."""
    key = f"{page}:tiny"
    link.read(key, _tiny_from_link)
    default(key, False)
    on = st.toggle("Start from tiny weights (plain gradient descent)", key=key, on_change=_on_tiny, args=(page,),
                   help=f"Weights drawn in ±{TINY_SCALE:g}, plain full-batch gradient descent (sgd) with a step "
                        "size set by the data: the loss stalls on each saddle before it drops.")
    link.notes(key)
    link.write(key, "1" if on else "0")
    return on


def tiny_note(plan: TinyPlan) -> str:
    return (f"Plain gradient descent (sgd, full batch) at η = {RATE:g}/λ₁ = {plan.learning_rate:g}, "
            f"for {plan.epochs} epochs.")


def chart_levels(plan: TinyPlan | None, pca: Baseline, l2: float) -> list[tuple[float, str]]:
    """The loss chart's labelled lines besides PCA's optimum: the saddles of a run from tiny weights, and the
    reconstruction loss at the L2 optimum when there is a penalty."""
    levels = [] if plan is None else [(float(v), f"saddle j = {j}: {v:.4g}") for j, v in enumerate(plan.levels[:-1])]
    if l2 > 0:
        loss = l2_optimum(pca.eigenvalues, pca.k, l2)[0]
        levels.append((loss, f"L2 optimum: {loss:.4g}"))
    return levels


def prepare_tiny_run(key: str, X, params: dict, *, data_key: str, epochs: int) -> None:
    """Before ``live_training`` draws it: make the run under ``key`` one whose network starts from tiny weights (a
    fresh one when the settings changed, or after Reset made it a random one)."""
    init_state()
    runs = st.session_state["runs"]
    run = runs.get(key)
    same = run is not None and run.data_key == data_key and structural(run.params) == structural(params)
    if same and (run.history or run.status == "too_big"):
        return  # it started from tiny weights (its epoch-0 record says so), or it cannot start at all
    if run is not None:
        if run.epoch > 0 and not same:
            st.session_state["notices"][key] = ("You changed the data or the network's shape, so training starts "
                                                "again from tiny weights.")
        run.leave()
    fresh = new_run(key, X, params, data_key=data_key, epochs=epochs)
    if fresh.status != "too_big":
        fresh = start_from(fresh, lambda model: shrink(model, X, seed=params.get("random_state")))
        fresh.status = "ready"  # untrained: Train starts it (start_from leaves an import paused)
    runs[key] = fresh


def plateau_outcome(run, plan: TinyPlan | None, guess=None) -> tuple[str | None, str | None]:
    """``(evidence, waiting)`` for the plateaus question: on how many of the saddle lines the loss stalled."""
    if plan is None:
        return None, "Turn on **Start from tiny weights** above, then press **Train**."
    waiting = waiting_for(run, plan.settled)
    if waiting is not None:
        return None, waiting
    seen = saddles_visited(run.losses, plan.levels)
    where = ", ".join(f"{plan.levels[j]:.4g}" for j in seen)
    text = (f"the loss stalled on {len(seen)} of the {counted(len(plan.levels) - 1, 'saddle line')}"
            + (f" (J/N = {where})" if seen else "") + " before it settled on PCA's line")
    if guess is not None:
        text += f"; your guess was {guess.value:g}"
    return text, None


def live_numbers(page: str, X, pca: Baseline):
    """The live row: loss, optimum and gap, principal angle and the code's fit (dashes before epoch 1); with an
    L2 penalty, also the encoder's distance from the decoder's transpose, the singular values against their
    targets and the decoder's directions against PCA's."""

    def draw(run) -> None:
        c = compare(run.model, X, pca) if run.epoch > 0 else None
        gap_row(None if c is None else c.loss, pca.optimum, pca.k, extra=(
            ("Largest principal angle", "–" if c is None else f"{c.angle:.2f}°",
             "Between the decoder's k-dimensional subspace and PCA's: 0° means the same subspace."),
            ("Code → PCA code, R²", "–" if c is None else f"{c.r2:.4f}",
             "How well the best affine map turns the network's code into PCA's: 1 is perfectly."),
        ))
        l2 = float(run.params.get("l2", 0.0))
        if l2 > 0:
            _l2_row(page, run, pca, l2)

    return draw


def _l2_row(page: str, run, pca: Baseline, l2: float) -> None:
    a = l2_axes(run.model, pca, l2) if run.epoch > 0 else None
    targets = l2_singular_values(pca.eigenvalues, pca.k, l2)
    # A direction whose eigenvalue is at most l2 switches off: its singular vector is no axis of anything.
    cosines = "–" if a is None else " · ".join("off" if t == 0 else f"{v:.4f}"
                                               for v, t in zip(a.cosines[:5], targets, strict=False))
    left, right = st.columns([2, 3])
    left.metric("‖W − Vᵀ‖ / ‖W‖", "–" if a is None else f"{a.asymmetry:.1e}",
                help="How far the encoder is from the decoder's transpose: 0 at the L2 optimum (Kunin et al. 2019).")
    left.metric("Decoder's directions vs PCA's, |cos|", cosines,
                help="Each left singular vector of the decoder (the decoder alone, no data) against PCA's component "
                     "of the same rank: 1 means the same axis. Off: λᵢ ≤ λ, the direction is switched off.")
    left.metric(f"L2 optimum J/N (λ = {l2:g})", number(l2_optimum(pca.eigenvalues, pca.k, l2)[0]),
                help="PCA's optimum plus the price of unique axes: Σ min(λᵢ, λ²/λᵢ) over the k kept directions.")
    with right:
        figure = throttled(f"{page}_l2_chart", run, lambda: singular_values_figure(
            [] if a is None else a.singular_values, targets, uirevision=page).to_json(),
            seconds=chart_refresh_seconds())
        live_plotly_chart(figure, key=f"{page}_l2_chart", config=CHART)


def ready(run) -> bool:
    """Whether the trained network's views can be drawn (it trained, and training stopped); if not, say when."""
    trained = run.epoch > 0 and run.status != "training"
    if not trained:
        st.info("Train the network (or press **Step**) to see this for your network." if run.epoch == 0
                else "Shown when training pauses or finishes.")
    return trained


def latent_view(c, pca: Baseline, data) -> None:
    """The network's code, PCA's code, and the network's code mapped onto PCA's axes, for the same samples."""
    color, kind = data.colours()
    ranges = [None, None]
    if pca.k > 1:
        ranges = [tuple(nice_symmetric_range(Z[:, j]) for j in (0, 1)) for Z in (c.codes, pca.codes)]
    chart(codes_figure([("Network's<br>code z", c.codes, ranges[0]), ("PCA's<br>code", pca.codes, ranges[1]),
                        ("Mapped onto<br>PCA's axes", c.mapped, ranges[1])],
                       color, color_kind=kind, max_points=CODE_POINTS))
    n = len(data.X)
    st.caption(f"{min(CODE_POINTS, n)} of the {n} samples, the same ones in each panel. R² of the map: {c.r2:.4f}.")


def reconstructions_view(c, pca: Baseline, data, model) -> None:
    rows = [data.to_display(A[:N_SHOWN]) for A in (data.X, pca.reconstructions, model.predict(data.X))]
    chart(image_grid(rows, data.image_shape, rows_titles=["original x", "PCA x̂", "network y"],
                     zrange=(0.0, 16.0), title=f"Reconstructions from {counted(pca.k, 'number')}"))
    st.caption(f"Mean squared error over all {len(data.X)} samples: PCA J*/N = {pca.optimum:.4f}, network J/N = "
               f"{c.loss:.4f}. Pixels are shown on their original 0–16 scale.")


def weights_view(c, pca: Baseline, data) -> None:
    """The decoder's images, PCA's axes recovered from them, PCA's components, and how close each is."""
    axes, _ = recover_pca_axes(c.decoder, data.X)
    k = pca.k
    shown = min(k, N_SHOWN)
    if data.image_shape is not None:
        chart(image_grid([c.decoder[:shown], axes[:shown], pca.components[:shown]], data.image_shape,
                         rows_titles=["network decoder", "recovered axes", "PCA components"], signed=True,
                         normalize="each", col_titles=[f"{i + 1}" for i in range(shown)],
                         title="Weights as images (red +, blue −)"))
    st.caption("Each raw decoder image against its closest PCA component, |cos|: "
               + ", ".join(f"{v:.3f}" for v in closest_cosines(c.decoder, pca.components)[:N_SHOWN])
               + ". The recovered axes against PCA's components, axis by axis:")
    cos = axis_cosines(axes, pca.components)
    for i, col in enumerate(st.columns(min(k, 5))):
        col.metric(f"Axis {i + 1}: |cos| recovered vs PCA", f"{cos[i]:.4f}")
