"""Rebuild expensive live views at most once a second while a network trains; always fresh when it is not.

The trainer redraws its fragment a few times per second. Building a Plotly figure of thousands of points, or a
neighbour score, on every tick would take most of each tick's time away from training; reusing the last one
for up to ``seconds`` keeps training fast and the views at most a second behind (they are exact once paused).
"""

import time
from collections.abc import Callable

import streamlit as st

STATE_KEY = "live_views"  # per learner: {view key: (run, built at, value)}


def throttled(key: str, run, build: Callable[[], object], seconds: float = 1.0):
    """``build()``, or its last result for this run if the run is training and that result is < ``seconds`` old."""
    cache = st.session_state.setdefault(STATE_KEY, {})
    now = time.monotonic()
    entry = cache.get(key)
    if entry is not None and entry[0] is run and run.status == "training" and now - entry[1] < seconds:
        return entry[2]
    value = build()
    cache[key] = (run, now, value)
    return value
