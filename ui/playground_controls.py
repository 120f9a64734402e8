"""Every control of the playground, built from the settings table (``core.run_settings.SETTINGS``).

Bounds, defaults and help texts come from that table (which takes them from ``core.params.PARAMS``);
nothing here is a number of its own. Advanced controls are hidden in presenter mode (their values stay).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import DATASETS
from core.activations import ACTIVATIONS
from core.layers_spec import parse_layers
from core.optimizers import OPTIMIZERS
from core.params import MAX_HIDDEN_LAYERS
from core.run_settings import SETTINGS, code_limit
from ui.playground_state import FULL_BATCH, key, setting_value, widget_value

SCALE_LABELS = {"standard": "standardise (mean 0, std 1)", "minmax": "scale to [0, 1]", "none": "raw units"}
CSV = "csv"


def _help(name: str, extra: str = "") -> str:
    return SETTINGS[name].help + (f"\n\n{extra}" if extra else "")


def presenter_toggle() -> bool:
    s = SETTINGS["presenter"]
    return st.toggle(s.label, key=key("presenter"), help=s.help)


def data_controls(csv_title: str | None) -> dict[str, Any]:
    """Dataset and preprocessing. ``csv_title``: the learner's uploaded file, offered as one more dataset."""
    options = list(DATASETS) + ([CSV] if csv_title else [])
    if st.session_state.get(key("data")) not in options:
        st.session_state[key("data")] = SETTINGS["data"].default

    def label(name: str) -> str:
        return f"Your file: {csv_title}" if name == CSV else DATASETS[name].title

    data = st.selectbox(SETTINGS["data"].label, options, key=key("data"), format_func=label, help=_help("data"))
    scale = st.radio(SETTINGS["scale"].label, SETTINGS["scale"].choices, key=key("scale"), horizontal=True,
                     format_func=SCALE_LABELS.get, help=_help("scale"))
    return {"data": data, "scale": scale}


def architecture_controls(n_samples: int, n_features: int, presenter: bool) -> dict[str, Any]:
    """Layers, code size, activations, tied weights. The code slider stops at min(N, D)."""
    values: dict[str, Any] = {}
    code = SETTINGS["code"]
    top = code_limit(n_samples, n_features)
    if st.session_state.get(key("code"), 1) > top:
        st.session_state[key("code")] = top
    values["code"] = st.slider(code.label, int(code.low), max(top, 2), key=key("code"), disabled=top < 2,
                               help=_help("code", f"At most {top} here: the data has N = {n_samples} samples "
                                                       f"of D = {n_features} features."))
    values["code"] = min(values["code"], top)
    if top < code.high:
        limit = f"{n_features} features" if top == n_features else f"{n_samples} samples"
        st.caption(f"At most {top} code units here: the data has only {limit}.")
    values["act"] = st.selectbox(SETTINGS["act"].label, SETTINGS["act"].choices, key=key("act"),
                                 help=_help("act", _descriptions(ACTIVATIONS)))
    values["hidden"] = _hidden_layers(presenter)
    if not presenter:
        values["out"] = st.selectbox(SETTINGS["out"].label, SETTINGS["out"].choices, key=key("out"),
                                     help=_help("out", _descriptions(ACTIVATIONS)))
        values["tied"] = st.toggle(SETTINGS["tied"].label, key=key("tied"), help=_help("tied"))
    return values


def _hidden_layers(presenter: bool) -> tuple[int, ...]:
    """The extra encoder layers typed as text; a typo shows an error and keeps the last valid layers."""
    s = SETTINGS["hidden"]
    ss = st.session_state
    if not presenter:
        st.text_input(s.label, key=key("hidden"), placeholder="none, e.g. 32, 16", help=s.help)
    text = ss.get(key("hidden"), "")
    if not text.strip():
        ss["playground_hidden_valid"] = ()
        return ()
    try:
        layers = parse_layers(text, max_layers=MAX_HIDDEN_LAYERS - 1, max_width=int(s.high))
    except ValueError as exc:
        kept = ss.get("playground_hidden_valid", ())
        st.error(f"{exc} Using {', '.join(map(str, kept)) or 'no extra layers'} until this is fixed.")
        return kept
    ss["playground_hidden_valid"] = layers
    return layers


def training_controls(n_samples: int, presenter: bool) -> dict[str, Any]:
    """Optimizer, learning rate, batch size, epochs, regularisers and seed."""
    values: dict[str, Any] = {}
    lr = SETTINGS["lr"]
    values["lr"] = st.select_slider(lr.label, lr.choices, key=key("lr"), format_func=lambda v: f"{v:g}",
                                    help=_help("lr", "Changing it while training takes effect at the next step."))
    epochs = SETTINGS["epochs"]
    values["epochs"] = st.slider(epochs.label, int(epochs.low), int(epochs.high), key=key("epochs"),
                                 step=int(epochs.step), help=epochs.help)
    if not presenter:
        values["opt"] = st.selectbox(SETTINGS["opt"].label, SETTINGS["opt"].choices, key=key("opt"),
                                     help=_help("opt", _descriptions(OPTIMIZERS)))
        batch = SETTINGS["batch"]
        options = [widget_value("batch", b) for b in batch.choices]
        values["batch"] = setting_value("batch", st.selectbox(
            batch.label, options, key=key("batch"), help=batch.help,
            format_func=lambda b: f"full batch (all {n_samples})" if b == FULL_BATCH else str(b)))
        l2 = SETTINGS["l2"]
        values["l2"] = st.select_slider(l2.label, l2.choices, key=key("l2"), format_func=lambda v: f"{v:g}",
                                        help=l2.help)
        for name in ("dropout", "noise"):
            s = SETTINGS[name]
            values[name] = round(st.slider(s.label, float(s.low), float(s.high), key=key(name),
                                           step=float(s.step), help=s.help), 6)
    seed = SETTINGS["seed"]
    values["seed"] = int(st.number_input(seed.label, int(seed.low), int(seed.high), key=key("seed"), step=1,
                                         help=seed.help))
    return values


def current_values(drawn: dict[str, Any]) -> dict[str, Any]:
    """Every setting: the drawn widgets' values, the hidden ones from session state."""
    ss = st.session_state
    values = {name: setting_value(name, ss.get(key(name), widget_value(name, s.default)))
              for name, s in SETTINGS.items()}
    values["hidden"] = ss.get("playground_hidden_valid", ())
    values.update(drawn)
    return values


def _descriptions(registry: dict) -> str:
    return "\n".join(f"- **{name}**: {item.description}" for name, item in registry.items())
