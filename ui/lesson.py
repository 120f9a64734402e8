"""Lesson prose and check-yourself questions, read from ``lessons/`` so a teacher edits words, not code.

``lessons/<stem>.md``: Markdown + LaTeX. The first ``# `` line is the title; sections start with a line
``<!-- section: name -->``. ``lessons/<stem>.toml``: ``[[questions]]`` tables with ``id``, ``prompt``,
``choices``, ``answer`` (0-based index) and ``explanation``; optional ``keep_last`` (how many trailing choices,
such as "none of the above", stay last when the choices are shuffled) and ``after`` (the button of the experiment
whose outcome the verdict waits for, e.g. ``"Train"``).
"""

import random
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from ui.plain_math import plain_inline_math
from ui.state import init_state

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"
SECTION = re.compile(r"^<!--\s*section:\s*([\w-]+)\s*-->\s*$", re.MULTILINE)
QUESTION_FIELDS = {"id", "prompt", "choices", "answer", "explanation", "keep_last", "after"}


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    keep_last: int = 0
    after: str = ""


@dataclass(frozen=True)
class Lesson:
    stem: str
    title: str
    sections: dict[str, str]
    questions: tuple[Question, ...] = field(default_factory=tuple)


def parse_lesson(stem: str, markdown: str, questions_toml: str | None) -> Lesson:
    """Split ``markdown`` into its title and named sections; parse and check the questions. Simple inline formulas
    are written out as text (`ui.plain_math`)."""
    markdown = plain_inline_math(markdown)
    title_match = re.search(r"^#\s+(.+)$", markdown, re.MULTILINE)
    title = title_match.group(1).strip() if title_match else stem.replace("_", " ").title()
    parts = SECTION.split(markdown)
    sections = {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}
    questions = []
    if questions_toml:
        for raw in tomllib.loads(questions_toml).get("questions", []):
            q = Question(
                id=str(raw["id"]),
                prompt=plain_inline_math(str(raw["prompt"])),
                choices=tuple(plain_inline_math(str(c)) for c in raw["choices"]),
                answer=int(raw["answer"]),
                explanation=plain_inline_math(str(raw.get("explanation", ""))),
                keep_last=int(raw.get("keep_last", 0)),
                after=str(raw.get("after", "")),
            )
            if not 0 <= q.answer < len(q.choices):
                raise ValueError(f"lessons/{stem}.toml: question {q.id!r} has answer {q.answer} out of range")
            if not 0 <= q.keep_last <= len(q.choices) - 2:
                raise ValueError(f"lessons/{stem}.toml: question {q.id!r} keeps {q.keep_last} choices last; "
                                 "at least two must be shuffled")
            unknown = set(raw) - QUESTION_FIELDS
            if unknown:
                raise ValueError(f"lessons/{stem}.toml: question {q.id!r} has unknown fields {sorted(unknown)}")
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


def read_lesson(stem: str) -> Lesson:
    """``lessons/<stem>.md`` (+ ``.toml``), parsed; edits on disk show up on the next rerun."""
    md = LESSONS_DIR / f"{stem}.md"
    toml_path = LESSONS_DIR / f"{stem}.toml"
    return _read(stem, md.stat().st_mtime, toml_path.stat().st_mtime if toml_path.exists() else 0.0)


def load_lesson(stem: str) -> Lesson:
    """The lesson of the page that is running: ``read_lesson``, and none of its questions drawn yet."""
    init_state()
    st.session_state["questions_shown"][stem] = set()
    return read_lesson(stem)


def _shown(lesson: Lesson) -> set:
    # Questions already drawn on this run, so questions() shows only the rest; load_lesson resets it.
    init_state()
    return st.session_state["questions_shown"].setdefault(lesson.stem, set())


def show(lesson: Lesson, section: str) -> None:
    """Render one named section of the lesson's prose."""
    if section not in lesson.sections:
        raise KeyError(f"lessons/{lesson.stem}.md has no section {section!r}")
    st.markdown(lesson.sections[section])


def on_demand(label: str, key: str, view: Callable[[], None], *, expanded: bool = False, icon: str | None = None
              ) -> None:
    """``view`` behind an expander, run and sent to the browser only once opened: it stays one click away and the
    page stays light until then (bench/page_load.py). ``expanded``: open when first drawn."""
    # A new label (a count, the layer sizes) makes a new expander: it opens as the learner left the last one.
    with st.expander(label, expanded=bool(st.session_state.get(key, expanded)), key=key, icon=icon,
                     on_change="rerun") as box:
        if box.open:
            view()


def show_on_demand(lesson: Lesson, section: str, label: str) -> None:
    """A section of the lesson's prose behind an expander (``on_demand``): a derivation one click away."""
    on_demand(label, f"{lesson.stem}_more_{section}", lambda: show(lesson, section))


def tabs_on_demand(views: dict[str, Callable[[], None]], key: str) -> None:
    """One tab per view, and only the open tab's view runs: what it computes and draws is sent once it is opened
    (bench/page_load.py)."""
    for tab, view in zip(st.tabs(list(views), key=key, on_change="rerun"), views.values(), strict=True):
        with tab:
            if tab.open:
                view()


def choice_orders(lesson: Lesson, seed: int) -> dict[str, tuple[int, ...]]:
    """The order a learner sees each question's choices in, as indices into its ``choices``.

    Random per learner (``seed``) and lesson, the same on every rerun. The right answer's place is drawn from
    shuffled rounds of the places (each place once per round among questions with as many shuffled choices), so
    within a lesson the right answers are spread over the places and a learner cannot learn where they sit.
    """
    rng = random.Random(f"{seed}/{lesson.stem}")
    rounds: dict[int, list[int]] = {}
    orders = {}
    for q in lesson.questions:
        n = len(q.choices) - q.keep_last
        others = [i for i in range(n) if i != q.answer]
        rng.shuffle(others)
        if q.answer < n:
            places = rounds.setdefault(n, [])
            if not places:
                places.extend(rng.sample(range(n), n))
            others.insert(places.pop(), q.answer)
        orders[q.id] = tuple(others) + tuple(range(n, len(q.choices)))
    return orders


class Verdict:
    """Where a question's verdict goes; for a question asked ``after`` an experiment, the page hands over what the
    experiment showed (``seen``) once it has run, and only then is the verdict given."""

    def __init__(self, q: Question, checked: int | None, box) -> None:
        self.q, self.checked, self.box = q, checked, box
        if checked is not None and not q.after:
            self._give(None)

    def seen(self, evidence: str | None, waiting: str | None = None) -> None:
        """``evidence``: what the learner just saw, in a phrase ("the loss settled at 47.83, on the dashed line"),
        or None while the experiment has not run far enough; ``waiting`` then says what is still needed."""
        if self.checked is None or not self.q.after:
            return
        if evidence is None:
            self.box.info(f"Your prediction is locked in: “{self.q.choices[self.checked]}”. "
                          + (waiting or f"Now press **{self.q.after}** and watch."), icon=":material/lock:")
        else:
            self._give(evidence)

    def _give(self, evidence: str | None) -> None:
        q = self.q
        saw = f"You saw it: {evidence}. " if evidence else ""
        if self.checked == q.answer:
            self.box.success(f"Right. {saw}{q.explanation}")
        else:
            self.box.error(f"Not quite: the answer is “{q.choices[q.answer]}”. {saw}{q.explanation}")


def question(lesson: Lesson, qid: str) -> Verdict:
    """A predict-then-check question: pick an answer, press Check, then see whether and why it is right.

    The choices come in this learner's order (``choice_orders``). A question asked ``after`` an experiment locks
    the choice at Check and gives its verdict when the page calls ``.seen(...)`` on the returned ``Verdict`` with
    what the experiment showed.
    """
    q = next((q for q in lesson.questions if q.id == qid), None)
    if q is None:
        raise KeyError(f"lessons/{lesson.stem}.toml has no question {qid!r}")
    _shown(lesson).add(q.id)
    answer_key = f"{lesson.stem}/{q.id}"
    init_state()
    answers, choice_key = st.session_state["answers"], f"{lesson.stem}:q:{q.id}"
    locked = bool(q.after) and answer_key in answers
    with st.container(border=True):
        choice = st.radio(
            f"**{q.prompt}**", choice_orders(lesson, st.session_state["choice_seed"])[q.id],
            format_func=lambda i: q.choices[i], index=None, key=choice_key, disabled=locked,
        )
        if not locked:  # a callback, so the rerun it starts already sees the answer (and locks the choice)
            st.button("Lock in my prediction" if q.after else "Check", key=f"check_{lesson.stem}_{q.id}",
                      disabled=choice is None, on_click=_check, args=(choice_key, answer_key))
        return Verdict(q, answers.get(answer_key), st.empty())


def _check(choice_key: str, answer_key: str) -> None:
    st.session_state["answers"][answer_key] = st.session_state.get(choice_key)


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
