"""What a teacher can ask: every lesson's questions and numeric predictions, each a name the class store accepts,
and each numeric prediction one that its page really asks."""

from pathlib import Path

from classes.checks import name
from ui.class_questions import NUMBERS, askable, find, lessons_with_questions
from ui.lesson import read_lesson

PAGES = Path(__file__).resolve().parents[2] / "pages"


def test_every_lesson_question_can_be_asked_and_found_again():
    lessons = dict(lessons_with_questions())
    assert "pca" in lessons and "in_class" not in lessons, "the class page has nothing to ask"
    for stem in lessons:
        for q in askable(stem):
            assert name(q.lesson, "lesson") and name(q.id, "question")
            assert find(q.lesson, q.id, q.kind) == q
    assert [q.id for q in askable("pca") if q.kind == "choice"] == [q.id for q in read_lesson("pca").questions]


def test_every_numeric_prediction_is_asked_on_its_page():
    for n in NUMBERS:
        source = (PAGES / f"{n.lesson}.py").read_text()
        assert f'numeric_guess(PAGE, "{n.id}"' in source, n
        assert n.kind == "number" and n.low < n.high


def test_an_unknown_question_is_not_found():
    assert find("pca", "no_such_question", "choice") is None
    assert find("no_such_lesson", "kept", "number") is None
    assert find("pca", "kept", "choice") is None, "the kind must match too"
