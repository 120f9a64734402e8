"""A lesson's settings in its link: ``/pca?k=7&dataset=wine`` opens the page with them, and the address bar follows
the learner's changes, so a teacher can share a prepared lesson.

A linked widget keyed ``"<page>:<name>"`` is ``?<name>=`` in the link. Before it is drawn, `read` takes the link's
value once per session and page, through the widget's own ``check`` (clamped or snapped into what the widget
offers, or refused); `notes` then says what was changed or not used. After it is drawn, `write` puts its value in
the address bar.
"""

import math
from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.text import plain

NOTES = "link_notes"  # per widget key: what the link asked for that could not be used as given


def read(key: str, check: Callable[[str], tuple[Any, str | None]]) -> None:
    """Give the widget ``key`` the link's value, once per session and page; ``check(text)`` returns the value to use
    and a note if it differs from the text, or raises ``ValueError`` saying why it cannot be used."""
    page, name = key.split(":", 1)
    ss = st.session_state
    flag = f"{page}:link_read:{name}"
    if ss.get(flag):
        return
    ss[flag] = True
    if name not in st.query_params:
        return
    text = str(st.query_params[name])
    shown = text if len(text) <= 40 else text[:39] + "…"
    try:
        value, note = check(text.strip())
    except (ValueError, TypeError, OverflowError) as exc:
        ss.setdefault(NOTES, {})[key] = f"The link's “{name}={shown}” was not used: {exc}"
        return
    ss[key] = value
    if note:
        ss.setdefault(NOTES, {})[key] = f"The link's “{name}={shown}”: {note}"


def notes(key: str, container=None) -> None:
    """Say, once, what the link asked of the widget ``key`` that could not be used as given."""
    note = st.session_state.get(NOTES, {}).pop(key, None)
    if note:
        (container if container is not None else st).warning(plain(note), icon=":material/link_off:")


def write(key: str, text: str) -> None:
    """Put the widget's value in the address bar (only when it changed: every change is a browser history entry)."""
    name = key.split(":", 1)[1]
    if st.query_params.get(name) != text:
        st.query_params[name] = text


def number(text: str, low: float, high: float, *, step: float | None = None) -> tuple[float, str | None]:
    """A number from the link, clamped to [low, high] (and to a multiple of ``step`` from ``low``)."""
    value = float(text)
    if math.isnan(value):
        raise ValueError("it is not a number")
    used = min(max(value, low), high)
    if step:
        used = low + round((used - low) / step) * step
    return used, None if used == value else f"using {used:g} (from {low:g} to {high:g})"


def rung(text: str, rungs) -> tuple[float, str | None]:
    """A number from the link, snapped to the nearest of ``rungs`` on a log scale (0 is its own rung)."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("it is not a finite number")
    positive = [r for r in rungs if r > 0]
    if value <= 0:
        used = 0.0 if 0.0 in rungs else positive[0]
    else:
        used = min(positive, key=lambda r: abs(math.log(r / value)))
    return used, None if used == value else f"using {used:g}, the nearest value offered"


def choice(text: str, choices) -> tuple[str, None]:
    if text not in choices:
        raise ValueError(f"choose one of {', '.join(map(str, choices))}")
    return text, None
