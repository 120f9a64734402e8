"""Lesson prose and check-yourself questions, read from ``lessons/`` so a teacher edits words, not code.

``lessons/<stem>.md``: Markdown + LaTeX. The first ``# `` line is the title; sections start with a line
``<!-- section: name -->``. ``lessons/<stem>.toml``: ``[[questions]]`` tables with ``id``, ``prompt``,
``choices``, ``answer`` (0-based index) and ``explanation``.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ui.state import init_state

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"
SECTION = re.compile(r"^<!--\s*section:\s*([\w-]+)\s*-->\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    choices: tuple[str, ...]
    answer: int
    explanation: str


@dataclass(frozen=True)
class Lesson:
    stem: str
    title: str
    sections: dict[str, str]
    questions: tuple[Question, ...] = field(default_factory=tuple)


def parse_lesson(stem: str, markdown: str, questions_toml: str | None) -> Lesson:
    """Split ``markdown`` into its title and named sections; parse and check the questions."""
    title_match = re.search(r"^#\s+(.+)$", markdown, re.MULTILINE)
    title = title_match.group(1).strip() if title_match else stem.replace("_", " ").title()
    parts = SECTION.split(markdown)
    sections = {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}
    questions = []
    if questions_toml:
        for raw in tomllib.loads(questions_toml).get("questions", []):
            q = Question(
                id=str(raw["id"]),
                prompt=str(raw["prompt"]),
                choices=tuple(str(c) for c in raw["choices"]),
                answer=int(raw["answer"]),
                explanation=str(raw.get("explanation", "")),
            )
            if not 0 <= q.answer < len(q.choices):
                raise ValueError(f"lessons/{stem}.toml: question {q.id!r} has answer {q.answer} out of range")
            questions.append(q)
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise ValueError(f"lessons/{stem}.toml: question ids must be unique")
    return Lesson(stem=stem, title=title, sections=sections, questions=tuple(questions))


@st.cache_data(show_spinner=False)
def _read(stem: str, md_mtime: float, toml_mtime: float) -> Lesson:
    md = (LESSONS_DIR / f"{stem}.md").read_text(encoding="utf-8")
    toml_path = LESSONS_DIR / f"{stem}.toml"
    return parse_lesson(stem, md, toml_path.read_text(encoding="utf-8") if toml_path.exists() else None)


def load_lesson(stem: str) -> Lesson:
    """Load ``lessons/<stem>.md`` (+ ``.toml``); edits on disk show up on the next rerun."""
    init_state()
    st.session_state["questions_shown"][stem] = set()
    md = LESSONS_DIR / f"{stem}.md"
    toml_path = LESSONS_DIR / f"{stem}.toml"
    return _read(stem, md.stat().st_mtime, toml_path.stat().st_mtime if toml_path.exists() else 0.0)


def _shown(lesson: Lesson) -> set:
    # Questions already drawn on this run, so questions() shows only the rest; load_lesson resets it.
    init_state()
    return st.session_state["questions_shown"].setdefault(lesson.stem, set())


def show(lesson: Lesson, section: str) -> None:
    """Render one named section of the lesson's prose."""
    if section not in lesson.sections:
        raise KeyError(f"lessons/{lesson.stem}.md has no section {section!r}")
    st.markdown(lesson.sections[section])


def question(lesson: Lesson, qid: str) -> None:
    """A predict-then-check question: pick an answer, press Check, then see whether and why it is right."""
    q = next((q for q in lesson.questions if q.id == qid), None)
    if q is None:
        raise KeyError(f"lessons/{lesson.stem}.toml has no question {qid!r}")
    _shown(lesson).add(q.id)
    answer_key = f"{lesson.stem}/{q.id}"
    init_state()
    with st.container(border=True):
        choice = st.radio(
            f"**{q.prompt}**", range(len(q.choices)), format_func=lambda i: q.choices[i], index=None,
            key=f"{lesson.stem}:q:{q.id}",
        )
        if st.button("Check", key=f"check_{lesson.stem}_{q.id}", disabled=choice is None):
            st.session_state["answers"][answer_key] = choice
        checked = st.session_state["answers"].get(answer_key)
        if checked is not None:
            if checked == q.answer:
                st.success(f"Right. {q.explanation}")
            else:
                st.error(f"Not quite: the answer is “{q.choices[q.answer]}”. {q.explanation}")


def answered(lesson: Lesson, qid: str) -> bool:
    """Whether what the question ``qid`` predicts may be shown: the learner has checked an answer, or chose to see it
    without one. Until then a note says so, with a button for a teacher who wants to show it at once."""
    init_state()
    key = f"{lesson.stem}:shown:{qid}"
    if f"{lesson.stem}/{qid}" in st.session_state["answers"] or st.session_state.get(key):
        return True
    with st.container(border=True):
        st.markdown("The result is shown once you have checked an answer to the question above: commit to a "
                    "prediction first.")
        st.button("Show it without answering", key=f"{lesson.stem}_show_{qid}", type="tertiary",
                  on_click=st.session_state.__setitem__, args=(key, True), icon=":material/visibility:")
    return False


def questions(lesson: Lesson, *, heading: str = "Check yourself") -> None:
    """Render every question of the lesson not already shown on this page."""
    rest = [q for q in lesson.questions if q.id not in _shown(lesson)]
    if not rest:
        return
    st.subheader(heading)
    st.caption("Commit to an answer first, then press Check to see why.")
    for q in rest:
        question(lesson, q.id)
