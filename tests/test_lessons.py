"""Every lesson file parses, every page's sections exist, and every question is well-formed."""

from pathlib import Path

import pytest

from ui.lesson import parse_lesson

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
STEMS = sorted(p.stem for p in LESSONS.glob("*.md"))


@pytest.mark.parametrize("stem", STEMS)
def test_lesson_parses(stem):
    toml = LESSONS / f"{stem}.toml"
    lesson = parse_lesson(stem, (LESSONS / f"{stem}.md").read_text(), toml.read_text() if toml.exists() else None)
    assert lesson.title and lesson.sections
    assert all(body for body in lesson.sections.values()), "an empty section"
    for q in lesson.questions:
        assert len(q.choices) >= 2 and q.explanation


def test_sections_split_and_questions_checked():
    md = "# T\n<!-- section: a -->\nA $x$\n<!-- section: b -->\nB\n"
    toml = '[[questions]]\nid="q"\nprompt="p"\nchoices=["x","y"]\nanswer=1\nexplanation="e"\n'
    lesson = parse_lesson("t", md, toml)
    assert lesson.title == "T" and lesson.sections == {"a": "A $x$", "b": "B"}
    assert lesson.questions[0].answer == 1
    with pytest.raises(ValueError, match="out of range"):
        parse_lesson("t", md, toml.replace("answer=1", "answer=2"))
    with pytest.raises(ValueError, match="unique"):
        parse_lesson("t", md, toml + toml)


def test_pages_only_show_sections_that_exist():
    import re

    pages = Path(__file__).resolve().parent.parent / "pages"
    for page in pages.glob("*.py"):
        src = page.read_text()
        m = re.search(r'load_lesson\((?:"(\w+)")?', src)
        if not m:
            continue
        stem = m.group(1) or page.stem  # by convention a page's lesson has the page's name
        lesson = parse_lesson(stem, (LESSONS / f"{stem}.md").read_text(), None)
        for name in re.findall(r'show\(L, "([\w-]+)"\)', src):
            assert name in lesson.sections, f"{page.name} shows missing section {name!r}"
