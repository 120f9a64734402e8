"""The playground's state: every setting in ``st.session_state`` and in the page's link, its inputs built from the
settings table, and the log of what happened to a run besides training (for the exported script).

Why not ``bind="query-params"`` on each widget: Streamlit then drops a bad URL value silently, and the parameter
would be named after the widget key (``playground%3Alr``). Here the link is read once per browser session,
through `playground_kit.settings.parse_query` (clamp or ignore, with a note for each), and rewritten after every full
run from the current settings (``?data=digits&code=2&lr=0.01``).

Keys, all initialised in `init`:
- ``"playground:<setting>"``: the widget value of each setting in ``SETTINGS`` (``hidden`` is kept as text).
- ``playground_hidden_valid``: the last hidden layers typed without a mistake.
- ``playground_link_notes``: notes about the link the page was opened with (list of str).
- ``playground_csv`` / ``playground_csv_error``: the learner's last good CSV (dict) / the last upload's error.
- ``playground_log``: what happened to the current run besides training (settings changed mid-run, imports).
- ``playground_import``: the last weights import's outcome (dict).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core import DATASETS
from core.activations import ACTIVATIONS
from core.optimizers import OPTIMIZERS
from core.params import LIVE_PARAMS, MAX_HIDDEN_LAYERS, format_layers, parse_layers
from playground_kit.settings import DEFAULTS, RESERVED, SETTINGS, code_limit, parse_query, to_query
from ui.state import init_state
from ui.text import counted, plain

PAGE = "playground"
CSV = "csv"  # the data menu's entry for the learner's own file
FULL_BATCH = 0  # the batch-size menu's stand-in for None (a selectbox shows None as "no choice")
SCALE_LABELS = {"standard": "standardise (mean 0, std 1)", "minmax": "scale to [0, 1]", "none": "raw units"}
REGISTRIES = {"act": ACTIVATIONS, "out": ACTIVATIONS, "opt": OPTIMIZERS}  # menus whose help lists each choice


def key(name: str) -> str:
    """The session-state key of a setting's widget."""
    return f"{PAGE}:{name}"


def widget_value(name: str, value: Any) -> Any:
    """A setting's value as its widget holds it (layers are edited as text, full batch is 0)."""
    if name == "hidden":
        return format_layers(value)
    return FULL_BATCH if name == "batch" and value is None else value


def init() -> None:
    """First visit in this browser session: defaults, then the link's settings. Later visits keep the learner's."""
    init_state()
    ss = st.session_state
    for name, value in (("playground_csv", None), ("playground_csv_error", None), ("playground_log", {}),
                        ("playground_import", None), ("playground_hidden_valid", ())):
        ss.setdefault(name, value)
    if not ss.get("playground_link_read"):
        repeated = {k: st.query_params.get_all(k) for k in st.query_params if len(st.query_params.get_all(k)) > 1}
        values, notes = parse_query(st.query_params.to_dict() | repeated)  # the last of repeated parameters wins
        for name, value in DEFAULTS.items():
            ss[key(name)] = widget_value(name, values.get(name, value))
        ss["playground_hidden_valid"] = values.get("hidden", ())
        ss["playground_link_notes"], ss["playground_link_read"] = notes, True
    for name in SETTINGS:  # re-stored, so a control hidden in presenter mode keeps its value
        ss[key(name)] = ss[key(name)]


def write_link(values: dict[str, Any], *, include_data: bool = True) -> None:
    """Put ``values`` in the address bar (only when something changed, to spare the browser's history)."""
    wanted = to_query({k: v for k, v in values.items() if include_data or k != "data"})
    wanted |= {k: v for k, v in st.query_params.to_dict().items() if k in RESERVED}  # e.g. presenter mode's
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def link_notes() -> list[str]:
    return st.session_state.get("playground_link_notes", [])


def dismiss_notes() -> None:
    st.session_state["playground_link_notes"] = []


def setting_input(name: str, *, n_samples: int = 0, n_features: int = 0, csv_title: str | None = None) -> Any:
    """The input for ``SETTINGS[name]``, by its kind; returns the setting's value (not the widget's)."""
    s, k, ss = SETTINGS[name], key(name), st.session_state
    help_text = s.help + ("\n\n" + "\n".join(f"- **{n}**: {r.description}" for n, r in REGISTRIES[name].items())
                          if name in REGISTRIES else "")
    if name == "data":
        options = list(DATASETS) + ([CSV] if csv_title else [])
        ss[k] = ss[k] if ss.get(k) in options else s.default
        return st.selectbox(s.label, options, key=k, help=help_text,
                            format_func=lambda n: f"Your file: {csv_title}" if n == CSV else DATASETS[n].title)
    if name == "scale":
        return st.radio(s.label, s.choices, key=k, horizontal=True, format_func=SCALE_LABELS.get, help=s.help)
    if name == "code":  # at most min(N, D): PCA has no more components to compare with
        top = code_limit(n_samples, n_features)
        ss[k] = min(ss[k], top)
        value = st.slider(s.label, int(s.low), max(top, 2), key=k, disabled=top < 2, help=s.help)
        if top < s.high:
            st.caption(f"At most {top} code units here: the data has only "
                       f"{counted(n_features, 'feature') if top == n_features else counted(n_samples, 'sample')}.")
        return min(value, top)
    if name == "hidden":
        text = st.text_input(s.label, key=k, placeholder="none, e.g. 32, 16", help=s.help)
        try:
            ss["playground_hidden_valid"] = parse_layers(text, max_layers=MAX_HIDDEN_LAYERS - 1) if text.strip() else ()
        except ValueError as exc:
            kept = format_layers(ss["playground_hidden_valid"]) or "no extra layers"
            st.error(f"{plain(exc)} Using {kept} until this is fixed.")
        return ss["playground_hidden_valid"]
    if name == "batch":
        value = st.selectbox(s.label, [widget_value(name, b) for b in s.choices], key=k, help=s.help,
                             format_func=lambda b: f"full batch (all {n_samples})" if b == FULL_BATCH else str(b))
        return None if value == FULL_BATCH else value
    if s.kind == "choice":
        return st.selectbox(s.label, s.choices, key=k, help=help_text,
                            format_func=lambda c: ACTIVATIONS[c].label if name in ("act", "out") else c)
    if s.kind == "ladder":
        return st.select_slider(s.label, s.choices, key=k, format_func=lambda v: f"{v:g}", help=s.help)
    if s.kind == "bool":
        return st.toggle(s.label, key=k, help=s.help)
    if name == "seed" or s.kind == "int":
        widget = st.number_input if name == "seed" else st.slider
        return int(widget(s.label, int(s.low), int(s.high), key=k, step=int(s.step), help=s.help))
    return round(st.slider(s.label, float(s.low), float(s.high), key=k, step=float(s.step), help=s.help), 6)


def current_values(drawn: dict[str, Any]) -> dict[str, Any]:
    """Every setting: the drawn inputs' values, the hidden ones' from session state."""
    ss = st.session_state
    values = {name: ss[key(name)] for name in SETTINGS}
    values["batch"] = None if values["batch"] == FULL_BATCH else values["batch"]
    values["hidden"] = ss["playground_hidden_valid"]
    return values | drawn


# ------------------------------------------------------------------------------------------------ run log
def log_before_training(run, params: dict, data_key: str) -> None:
    """Record a mid-run change of a live setting, *before* the trainer applies it.

    The trainer applies a changed learning rate (or another live setting) to its paused generator when the page
    calls it, so the change takes effect after exactly ``run.epoch`` epochs: the script replays it there.
    """
    if run is None or run.epoch == 0 or run.data_key != data_key:
        return
    if any(run.params.get(k) != v for k, v in params.items() if k not in LIVE_PARAMS):
        return  # a fresh run starts: nothing to log for the old one
    changed = {k: params[k] for k in LIVE_PARAMS if run.params.get(k) != params.get(k)}
    if changed:
        changes = _log(run)["changes"]
        if changes and changes[-1][0] == run.epoch:
            changes[-1][1].update(changed)  # several moves while paused: one change at that epoch
        else:
            changes.append((run.epoch, changed))


def log_after_training(run) -> dict:
    """The log of ``run`` (a fresh one for a new run: Reset, new settings or an import start one)."""
    log = _log(run)
    if run.status == "diverged":
        log["diverged"] = True
    return log


def log_import(run, name: str) -> None:
    """The run starts from weights imported from the file ``name``."""
    _log(run)["imported"] = name


def _log(run) -> dict:
    log = st.session_state["playground_log"]
    if log.get("model") is not run.model:
        log.clear()
        log.update(model=run.model, initial=dict(run.params), changes=[], imported=None, diverged=False)
    return log
