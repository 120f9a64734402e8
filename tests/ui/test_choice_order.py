"""The order a learner sees each question's choices in: per learner, stable, and fair to the right answer."""

from collections import Counter
from pathlib import Path

from ui.lesson import Lesson, Question, choice_orders, parse_lesson

LESSONS = Path(__file__).resolve().parents[2] / "lessons"


def all_lessons() -> list[Lesson]:
    return [parse_lesson(p.stem, p.with_suffix(".md").read_text(), p.read_text())
            for p in sorted(LESSONS.glob("*.toml"))]


def test_an_order_is_a_permutation_and_the_same_for_the_same_learner():
    for lesson in all_lessons():
        first, again = choice_orders(lesson, 12345), choice_orders(lesson, 12345)
        assert first == again
        for q in lesson.questions:
            assert sorted(first[q.id]) == list(range(len(q.choices)))


def test_learners_see_different_orders():
    lessons = all_lessons()
    for a, b in [(1, 2), (7, 8), (2**31, 3)]:
        assert any(choice_orders(les, a) != choice_orders(les, b) for les in lessons)


def test_no_place_holds_more_than_40_percent_of_the_right_answers_for_any_learner():
    lessons = all_lessons()
    worst = 0.0
    for seed in range(500):
        places = Counter(choice_orders(les, seed)[q.id].index(q.answer) for les in lessons for q in les.questions)
        worst = max(worst, max(places.values()) / sum(places.values()))
    assert worst <= 0.40, worst


def test_the_files_spread_the_right_answers_too():
    places = Counter(q.answer for les in all_lessons() for q in les.questions)
    assert max(places.values()) / sum(places.values()) <= 0.40, places


def test_choices_kept_last_stay_last():
    q = Question("q", "p", ("a", "b", "c", "none of the above"), answer=3, explanation="e", keep_last=1)
    lesson = Lesson("t", "T", {}, (q,))
    orders = {choice_orders(lesson, seed)["q"] for seed in range(50)}
    assert all(order[-1] == 3 for order in orders) and len(orders) > 1
