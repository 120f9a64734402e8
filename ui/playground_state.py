"""The playground's state: every setting in ``st.session_state`` and in the page's link (query parameters).

Why not ``bind="query-params"`` on each widget: Streamlit then drops a bad URL value silently, and the
parameter would be named after the widget key (``playground%3Alr``). Here the link is read once per browser
session, through `core.run_settings.parse_query` (clamp or ignore, with a note for each), and rewritten after
every full run from the current settings (``?data=digits&code=2&lr=0.01``).

Keys, all initialised in `init`:
- ``"playground:<setting>"``: the widget value of each setting in ``core.run_settings.SETTINGS``
  (``hidden`` is kept as text, e.g. ``"32, 16"``).
- ``playground_link_notes``: notes about the link the page was opened with (list of str).
- ``playground_csv`` / ``playground_csv_error``: the learner's last good CSV (dict) / the last upload's error.
- ``playground_log``: what happened to the current run besides training (settings changed mid-run, imports).
- ``playground_import``: the last weights import's outcome (dict).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.layers_spec import format_layers
from core.run_settings import DEFAULTS, SETTINGS, parse_query, to_query
from ui.state import init_state

PAGE = "playground"
LINKED = "playground_link_read"


def key(name: str) -> str:
    """The session-state key of a setting's widget."""
    return f"{PAGE}:{name}"


FULL_BATCH = 0  # the batch-size menu's stand-in for None (a selectbox shows None as "no choice")


def widget_value(name: str, value: Any) -> Any:
    """A setting's value as its widget holds it (layers are edited as text, full batch is 0)."""
    if name == "hidden":
        return format_layers(value)
    if name == "batch" and value is None:
        return FULL_BATCH
    return value


def setting_value(name: str, value: Any) -> Any:
    """The inverse of `widget_value` for the settings whose widget value differs (batch)."""
    if name == "batch" and value == FULL_BATCH:
        return None
    return value


def init() -> None:
    """First visit in this browser session: defaults, then the link's settings. Later visits keep the learner's."""
    init_state()
    ss = st.session_state
    ss.setdefault("playground_csv", None)
    ss.setdefault("playground_csv_error", None)
    ss.setdefault("playground_log", {})
    ss.setdefault("playground_import", None)
    if ss.get(LINKED):
        return
    values, notes = parse_query(st.query_params.to_dict() | _repeated())
    for name, default in DEFAULTS.items():
        ss[key(name)] = widget_value(name, values.get(name, default))
    ss["playground_link_notes"] = notes
    ss[LINKED] = True


def _repeated() -> dict[str, list[str]]:
    # to_dict() keeps only the last of repeated parameters; parse_query also takes the last, but sees the list.
    return {k: st.query_params.get_all(k) for k in st.query_params if len(st.query_params.get_all(k)) > 1}


def keep() -> None:
    """Re-store this page's settings so a control hidden in presenter mode keeps its value."""
    ss = st.session_state
    for name in SETTINGS:
        if key(name) in ss:
            ss[key(name)] = ss[key(name)]


def write_link(values: dict[str, Any], *, include_data: bool = True) -> None:
    """Put ``values`` in the address bar (only when something changed, to spare the browser's history)."""
    wanted = to_query({k: v for k, v in values.items() if include_data or k != "data"})
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def link_notes() -> list[str]:
    return st.session_state.get("playground_link_notes", [])


def dismiss_notes() -> None:
    st.session_state["playground_link_notes"] = []


# ------------------------------------------------------------------------------------------------ run log
LIVE = ("learning_rate", "l2", "dropout", "noise")


def restart_generator_on_new_length(runs: dict, run_key: str, epochs: int) -> None:
    """Work around ``ui.trainer``: a paused run whose epoch count changes keeps a generator sized for the old
    count, and stalls when it runs dry. Dropping it makes the trainer open a new one with ``warm_start=True``,
    which continues the same parameters, optimiser state and random stream (so the run stays reproducible)."""
    run = runs.get(run_key)
    if run is not None and run.status != "training" and run.epochs != epochs and run.epoch > 0:
        run.iterator = None


def log_before_training(runs: dict, run_key: str, params: dict, data_key: str) -> None:
    """Record a mid-run change of a live setting, *before* the trainer applies it.

    The trainer applies a changed learning rate (L2, dropout, noise) to its paused generator when the page
    calls it, so the change takes effect after exactly ``run.epoch`` epochs: the script replays it there.
    """
    run = runs.get(run_key)
    if run is None or run.epoch == 0 or run.data_key != data_key:
        return
    if {k: v for k, v in run.params.items() if k not in LIVE} != {k: v for k, v in params.items() if k not in LIVE}:
        return  # a fresh run starts: nothing to log for the old one
    changed = {k: params[k] for k in LIVE if run.params.get(k) != params.get(k)}
    if changed:
        changes = _log(run)["changes"]
        if changes and changes[-1][0] == run.epoch:
            changes[-1][1].update(changed)  # several moves while paused: one change at that epoch
        else:
            changes.append((run.epoch, changed))


def log_after_training(run) -> dict:
    """The log of ``run`` (a fresh one when the run is new or back at epoch 0)."""
    log = _log(run)
    if run.epoch == 0:
        log.update(initial=dict(run.params), changes=[], imported=None, diverged=False)
    if run.status == "diverged":
        log["diverged"] = True
    return log


def _log(run) -> dict:
    ss = st.session_state
    log = ss["playground_log"]
    if log.get("model") is not run.model:
        log.clear()
        log.update(model=run.model, initial=dict(run.params), changes=[], imported=None, diverged=False)
    return log
