"""A learner's numeric prediction: a number committed before the outcome is shown, then drawn on the outcome's chart.

The guess is kept in ``st.session_state["<page>:guess:<name>"]`` (so Reset this page forgets it) with what it was a
guess for (``about``: the settings it was made under); a page draws it only while the settings are the same.
"""

import math
from dataclasses import dataclass

import streamlit as st

from analysis.baseline import gap_percent
from ui.state import default
from ui.text import plain
from ui.widgets import number


@dataclass(frozen=True)
class Guess:
    value: float
    about: str  # the settings the guess was made under, in words ("k = 5 on Digits")


@dataclass(frozen=True)
class Prediction:
    guess: Guess | None  # the learner's guess, if it was made under the current settings
    revealed: bool       # whether the outcome may be shown: a guess was committed, or the learner chose to skip


def numeric_guess(page: str, name: str, label: str, *, about: str, low: float, high: float, step: float,
                  start: float, unit: str = "", help: str | None = None, gate: bool = True) -> Prediction:
    """Ask for a number before the outcome is shown; once committed, show it with a way to guess again.

    ``about`` names the current settings: a guess made under other settings is not drawn, and the learner is
    asked again (the outcome stays shown). With ``gate`` the page shows the outcome only once ``revealed`` (a
    guess, or the learner's "Show it without guessing"); without, the outcome comes from an experiment anyway.
    """
    key, skip = f"{page}:guess:{name}", f"{page}:guess_skipped:{name}"
    stored = st.session_state.get(key)
    guess = Guess(*stored) if stored else None
    current = guess if guess is not None and guess.about == about else None
    with st.container(border=True):
        if current is not None:
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.markdown(f"Your guess: **{current.value:g}{unit}** (for {plain(about)}). It is drawn on the chart "
                        "with the outcome.")
            c2.button("Guess again", key=f"{page}_guess_again_{name}", on_click=st.session_state.pop, args=(key,),
                      icon=":material/undo:")
            return Prediction(current, True)
        # The settings go in a caption, not in the label: a label is also the input's accessible name, read out as
        # written, escapes included.
        st.caption(f"Your last guess, {guess.value:g}{unit}, was for {plain(guess.about)}. Guess again for "
                   f"{plain(about)}:" if guess is not None else f"For {plain(about)}:")
        default(f"{page}:guess_value:{name}", start)
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        digits = max(0, -math.floor(math.log10(step)))  # as many decimals as the step has
        c1.number_input(label, min_value=low, max_value=high, step=step, format=f"%.{digits}f",
                        key=f"{page}:guess_value:{name}", help=help)
        c2.button("Commit my guess", key=f"{page}_guess_{name}", type="primary", on_click=_commit,
                  args=(key, f"{page}:guess_value:{name}", about))
        if gate and guess is None and not st.session_state.get(skip):
            st.button("Show it without guessing", key=f"{page}_guess_skip_{name}", type="tertiary",
                      on_click=st.session_state.__setitem__, args=(skip, True), icon=":material/visibility:")
            return Prediction(None, False)
    return Prediction(None, True)


def _commit(key: str, value_key: str, about: str) -> None:
    # The value is read here, not bound when the button was drawn: a number typed just before the click counts.
    # A plain tuple: keep_widget_values re-stores it unchanged.
    st.session_state[key] = (float(st.session_state[value_key]), about)


def waiting_for(run, min_epochs: int) -> str | None:
    """What a live run still needs before its outcome counts as evidence for a prediction; None once it does (it
    finished, or paused after ``min_epochs``)."""
    if run.status == "training":
        return "Watch the run: the verdict comes when it finishes or you pause it."
    if run.status == "diverged":
        return "This run diverged before it could settle: lower the learning rate, then press Train again."
    if run.epoch == 0:
        return "Now press **Train** and watch."
    if run.epoch < min_epochs:
        return f"Train on: the verdict comes once the network has trained {min_epochs} epochs (it is at {run.epoch})."
    return None


def run_outcome(run, reference: float, reference_name: str, guess: Guess | None = None, *,
                min_epochs: int) -> tuple[str | None, str | None]:
    """``(evidence, waiting)`` for ``Verdict.seen``: where the run's loss settled against a reference line and
    the learner's guess, once the run counts as evidence; before that, what it still needs."""
    waiting = waiting_for(run, min_epochs)
    if waiting is not None:
        return None, waiting
    gap = gap_percent(run.loss, reference)
    line = f"{reference_name} = {number(reference)}"
    where = f"{abs(gap):.2f} % {'below' if gap < 0 else 'above'} {line}" if abs(gap) >= 0.005 else f"on {line}"
    seen = f"after {run.epoch} epochs the loss is {number(run.loss)}, {where}"
    if guess is not None:
        off = guess.value - run.loss
        seen += (f"; your guess, {guess.value:g}, was {number(abs(off))} {'above' if off > 0 else 'below'} it"
                 if abs(off) >= 0.005 else f"; your guess, {guess.value:g}, was right on it")
    return seen, None
