"""Widgets several lessons share: the dataset picker, the code-size slider, an input for any Autoencoder parameter
(its range, ladder, step, label and help read from ``core.params.PARAMS``), the layer editor, and the row of
numbers that sets a loss beside PCA's optimum.

Every widget's key is ``"<page>:<name>"``, so a learner's choice survives leaving the page (``ui.state``), and
every one is in the page's link as ``?<name>=`` (``ui.link``): a teacher can share a prepared lesson.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from analysis.baseline import gap_percent
from core import DATASETS
from core.activations import ACTIVATIONS
from core.params import MAX_HIDDEN_LAYERS, PARAMS, format_layers, parse_layers
from ui import link
from ui.cached import dataset
from ui.state import default
from ui.text import plain

# Hidden-layer widths a lesson's slider offers (top, step): wide enough to bend a code, small enough to train live.
WIDTHS = (128, 4)
# The data of the lessons on PCA's subspace (pca, linear_autoencoder), with its load options: the 3-D cloud lives
# near a plane (rank 2) with visible noise, so a projection's error segments can be seen.
SUBSPACE_DATA = {"digits": {}, "low_rank": dict(n_features=3, rank=2, noise=0.5, n_samples=300), "wine": {}}
SUBSPACE_TITLES = {"low_rank": "Low-rank cloud in 3-D (rank 2 + noise)"}
SCALE_NOTES = {"standard": "Standardised: every feature has mean 0 and standard deviation 1.",
               "minmax": "Scaled: every feature to [0, 1]."}


def dataset_picker(page: str, names: list[str], *, start: str | None = None, follow: str | None = None,
                   options: dict | None = None, titles: dict | None = None, scale: str | None = "standard",
                   container=None):
    """A selectbox over the built-in datasets ``names``; returns the loaded ``core.Dataset``.

    ``start``: the first choice (default the first name), or the choice made on the page ``follow``.
    ``options``: per name, `load_dataset` options; ``titles``: per name, a title other than the registry's.
    """
    where = container if container is not None else st
    key, options, titles = f"{page}:dataset", options or {}, titles or {}
    link.read(key, lambda text: link.choice(text, names))
    default(key, st.session_state.get(f"{follow}:dataset", start) if follow else start)
    if st.session_state[key] not in names:
        st.session_state[key] = names[0]
    name = where.selectbox("Dataset", names, key=key, format_func=lambda n: titles.get(n, DATASETS[n].title))
    link.notes(key, where)
    link.write(key, name)
    data = dataset(name, scale=scale, **options.get(name, {}))
    where.caption(f"{data.description} {SCALE_NOTES.get(scale, '')}".strip())
    return data


def subspace_data_picker(page: str, *, follow: str | None = None, container=None):
    """`dataset_picker` over `SUBSPACE_DATA`, standardised."""
    return dataset_picker(page, list(SUBSPACE_DATA), follow=follow, options=SUBSPACE_DATA, titles=SUBSPACE_TITLES,
                          container=container)


def k_slider(page: str, n_features: int, *, start: int = 2, follow: str | None = None, network: bool = True,
             container=None, label: str = "Code size k (components kept)") -> int:
    """The code size k: 1 to D for PCA, 1 to min(D, the code slider's top in ``PARAMS``) for a network.

    Starts from the page ``follow``'s k (else ``start``). A dataset with fewer features clamps it, and the k the
    learner chose comes back with a dataset that has enough.
    """
    where = container if container is not None else st
    ss, key, wanted = st.session_state, f"{page}:k", f"{page}:k_chosen"
    top = n_features if not network else min(n_features, PARAMS["hidden_layer_sizes"].slider_range[1])
    link.read(key, lambda text: link.number(text, 1, top, step=1))
    default(key, ss.get(f"{follow}:k", start) if follow else start)
    default(wanted, int(ss[key]))
    ss[key] = int(min(max(ss[wanted], 1), top))
    k = where.slider(label, 1, top, key=key, help="How many numbers each point is squeezed into.",
                     on_change=lambda: ss.__setitem__(wanted, ss[key]))
    link.notes(key, where)
    link.write(key, str(k))
    return k


def param_input(page: str, name: str, *, start=None, label: str | None = None, low=None, high=None,
                key: str | None = None, container=None):
    """An input for the Autoencoder parameter ``name``, its kind, range, step and help from ``PARAMS[name]``.

    A ladder (learning rate, L2) is a select slider over its rungs from ``low`` to ``high``; a number a slider
    over the spec's range (narrowed by ``low`` / ``high``); a choice a selectbox; a seed a number box.
    ``start`` is the first value (the spec's default when None); ``key`` defaults to ``"<page>:<name>"``.
    """
    spec = PARAMS[name]
    where = container if container is not None else st
    key = key or f"{page}:{name}"
    label = label or spec.label
    lo, hi = spec.slider_range
    lo, hi = lo if low is None else low, hi if high is None else high
    rungs = [v for v in spec.ladder if lo <= v <= hi] if spec.ladder else []
    if rungs:
        check = lambda text: link.rung(text, rungs)  # noqa: E731
    elif spec.kind == "choice":
        check = lambda text: link.choice(text, spec.choices)  # noqa: E731
    else:
        check = lambda text: link.number(text, lo, hi, step=spec.step)  # noqa: E731
    link.read(key, check)
    default(key, spec.default if start is None else start)
    if rungs:
        value = st.session_state[key]
        if value not in rungs:  # set elsewhere (another page's range): the nearest rung
            st.session_state[key] = min(rungs, key=lambda v: abs(v - value))
        value = where.select_slider(label, rungs, key=key, help=spec.help, format_func=lambda v: f"{v:g}")
    elif spec.kind == "choice":
        names = ACTIVATIONS if name.endswith("activation") else {}
        value = where.selectbox(label, spec.choices, key=key, help=spec.help,
                                format_func=lambda c: names[c].label if c in names else c)
    elif spec.kind == "seed":
        st.session_state[key] = int(st.session_state[key])
        value = int(where.number_input(label, min_value=0, max_value=int(spec.max), step=1, key=key, help=spec.help))
    else:
        st.session_state[key] = type(spec.step)(st.session_state[key])
        value = where.slider(label, type(spec.step)(lo), type(spec.step)(hi), step=spec.step, key=key, help=spec.help)
    link.notes(key, where)
    link.write(key, f"{value:g}" if isinstance(value, float) else str(value))
    return value


def width_slider(page: str, label: str, *, start: int = 16, allow_none: bool = False, container=None,
                 on_change=None, args=()) -> int:
    """A hidden-layer width up to `WIDTHS` (from 0, meaning no such layer, with ``allow_none``)."""
    where = container if container is not None else st
    key = f"{page}:width"
    top, step = WIDTHS
    low = 0 if allow_none else step

    def check(text: str) -> tuple[int, str | None]:
        value, note = link.number(text, low, top, step=step)
        return int(value), note

    link.read(key, check)
    default(key, start)
    width = where.slider(label, low, top, step=step, key=key, on_change=on_change, args=args,
                         help="Units in a hidden layer between the data and the code (the decoder mirrors it).")
    link.notes(key, where)
    link.write(key, str(width))
    return width


def halving_layers(depth: int, width: int, code: int) -> tuple[int, ...]:
    """Encoder sizes for ``depth`` hidden layers before the code: width, width/2, ..., never below the code, then
    the code: ``halving_layers(2, 32, 2) == (32, 16, 2)``."""
    return tuple(max(code, width // 2**i) for i in range(depth)) + (code,)


def _sliders_to_text(page: str) -> None:
    ss = st.session_state
    code = ss[f"{page}:valid_layers"][-1]
    ss[f"{page}:layers"] = format_layers(halving_layers(ss[f"{page}:depth"], ss[f"{page}:width"], code))


def _text_to_sliders(page: str) -> None:
    """The depth and width sliders show the typed layers (the width to the slider's nearest step)."""
    ss = st.session_state
    try:
        sizes = parse_layers(ss[f"{page}:layers"])
    except ValueError:
        return  # the editor says what is wrong; the sliders stay
    top, step = WIDTHS
    ss[f"{page}:depth"] = min(len(sizes) - 1, MAX_HIDDEN_LAYERS - 1)
    if len(sizes) > 1:
        ss[f"{page}:width"] = int(min(max(step * round(sizes[0] / step), step), top))


def check_layers(text: str, n_features: int) -> tuple[int, ...]:
    """Parse the layer editor's text and check it fits the data: a `ValueError` with a learner's message if not."""
    sizes = parse_layers(text)
    if sizes[-1] >= n_features:
        raise ValueError(f"The code (the last number, {sizes[-1]}) must be smaller than the input's {n_features} "
                         "features, or there is nothing to compress.")
    return sizes


def layer_editor(page: str, n_features: int, start: tuple[int, ...] = (32, 16, 2)) -> tuple[int, ...]:
    """Depth and width sliders and the encoder's sizes as text; returns the last valid sizes (errors shown)."""
    link.read(f"{page}:layers", lambda text: (format_layers(check_layers(text, n_features)), None))
    default(f"{page}:valid_layers", tuple(start))
    default(f"{page}:layers", format_layers(start))
    default(f"{page}:depth", len(start) - 1)
    _text_to_sliders(page)
    c1, c2 = st.columns(2)
    c1.slider("Depth: hidden layers before the code", 0, MAX_HIDDEN_LAYERS - 1, key=f"{page}:depth",
              on_change=_sliders_to_text, args=(page,))
    width_slider(page, "Width of the first hidden layer", start=start[0], container=c2, on_change=_sliders_to_text,
                 args=(page,))
    text = st.text_input("Encoder layer sizes, first hidden layer to code (the decoder mirrors them)",
                         key=f"{page}:layers", help='Whole numbers separated by commas, e.g. "32, 16, 2".')
    link.notes(f"{page}:layers")
    try:
        sizes = check_layers(text, n_features)
    except ValueError as exc:
        kept = st.session_state[f"{page}:valid_layers"]
        st.error(f"{plain(exc)} The network below is still the last valid one: {format_layers(kept)}.",
                 icon=":material/error:")
        return kept
    st.session_state[f"{page}:valid_layers"] = sizes
    link.write(f"{page}:layers", format_layers(sizes).replace(" ", ""))
    return sizes


def number(x: float) -> str:
    """A loss for the page: four decimals, or three significant digits and an exponent when huge or not finite."""
    return f"{x:.4f}" if np.isfinite(x) and abs(x) < 1e6 else f"{x:.3g}"


def gap_row(loss: float | None, optimum: float, k: int, *, extra: tuple = ()) -> None:
    """The network's loss, PCA's optimum with the same code size, and the gap between them, as metrics; then the
    ``extra`` metrics, ``(label, value, help)``. Dashes before the first epoch (``loss`` None)."""
    gap = float("nan") if loss is None else gap_percent(loss, optimum)
    if not np.isfinite(gap):
        verdict = None
    elif abs(gap) < 0.05:
        verdict = "equal to PCA"
    else:
        verdict = f"{'below' if gap < 0 else 'above'} PCA"
    cols = st.columns(3 + len(extra))
    cols[0].metric("Autoencoder loss J/N", "–" if loss is None else number(loss),
                   help="The mean squared reconstruction error over all samples, after the last epoch.")
    cols[1].metric(f"PCA optimum J*/N (k = {k})", number(optimum),
                   help="The smallest loss any linear map through k numbers can reach: the sum of the discarded "
                        "eigenvalues.")
    percent = "–" if not np.isfinite(gap) else f"{gap:.2f} %" if abs(gap) < 1e6 else f"{gap:.3g} %"
    cols[2].metric("Gap to PCA optimum", percent, delta=verdict,
                   delta_color="off", delta_arrow="off",
                   help="100 · (loss − J*/N) / (J*/N). Below zero, the autoencoder beats every linear map. Shown as – "
                        "before training, or when J*/N = 0 (nothing is discarded, so a relative gap is undefined).")
    for col, (label, value, help_text) in zip(cols[3:], extra, strict=True):
        col.metric(label, value, help=help_text)
