"""A learner's progress: per lesson, how many questions they have answered and got right, in this session only."""

from dataclasses import dataclass

import streamlit as st

from ui.lesson import on_demand, read_lesson
from ui.navigation import PageInfo, built
from ui.state import init_state

CLEARED = (":q:", ":guess:", ":guess_value:", ":guess_skipped:", ":shown:")  # the keys of answers and guesses


@dataclass(frozen=True)
class Progress:
    page: PageInfo
    answered: int
    right: int
    total: int

    @property
    def text(self) -> str:
        if not self.answered:
            return f"none yet ({self.total} questions)"
        return f"{self.answered} of {self.total} answered, {self.right} right"


def progress() -> list[Progress]:
    """Every built lesson with questions, in the navigation's order, with the learner's counts."""
    init_state()
    answers = st.session_state["answers"]
    rows = []
    for page in built():
        lesson = read_lesson(page.stem)
        if not lesson.questions:
            continue
        mine = [answers[f"{page.stem}/{q.id}"] == q.answer for q in lesson.questions
                if f"{page.stem}/{q.id}" in answers]
        rows.append(Progress(page, len(mine), sum(mine), len(lesson.questions)))
    return rows


def clear_answers() -> None:
    """Forget every answer, choice and guess of this session (a callback: the rerun it starts shows none)."""
    ss = st.session_state
    ss["answers"] = {}
    for key in [k for k in ss.keys() if isinstance(k, str) and any(mark in k for mark in CLEARED)]:
        del ss[key]


def progress_sidebar() -> None:
    """A line in the sidebar with the learner's total, opening onto each lesson's counts."""
    rows = progress()
    answered, right, total = (sum(getattr(r, f) for r in rows) for f in ("answered", "right", "total"))

    def per_lesson() -> None:
        st.markdown("  \n".join(f"{r.page.title}: {r.text}" for r in rows))
        st.button("Clear my answers", key="progress_clear_sidebar", on_click=clear_answers, type="tertiary",
                  icon=":material/delete_sweep:",
                  help="Your answers live only as long as this tab's session; this forgets them now.")

    with st.sidebar:
        on_demand(f"Your answers: {answered} of {total}, {right} right", "progress_sidebar", per_lesson,
                  icon=":material/checklist:")
