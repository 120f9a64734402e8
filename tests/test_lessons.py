"""Every lesson file parses, every page's sections exist, and every question is well-formed."""

import re
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
    assert lesson.title == "T" and lesson.sections == {"a": "A *x*", "b": "B"}  # a simple formula as text
    assert lesson.questions[0].answer == 1
    with pytest.raises(ValueError, match="out of range"):
        parse_lesson("t", md, toml.replace("answer=1", "answer=2"))
    with pytest.raises(ValueError, match="unique"):
        parse_lesson("t", md, toml + toml)


def test_pages_only_show_sections_that_exist():
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


# --- one notation on every page (issue 15): the seed's z = f(Wx + b), W is k × D; J is a sum, J/N its mean -------

NOTATION_LINK = "](/#notation)"  # Streamlit names a heading's anchor after its text: "### Notation" -> #notation
TRANSPOSED_PRE_ACTIVATION = re.compile(r"[WV](?:_\{?\w+\}?)?\s*\^\s*(?:\\top|T|\{\\top\}|\{T\})\s*\\?,?\s*\(?\s*[xz]")
MEAN_CALLED_J = re.compile(  # a mean over the samples written as if it were the sum J: J = (1/N) sum ...
    r"J(?:\^\*|\^\{?\\ast\}?)?(?:_\{(?:[^{}]|\{[^{}]*\})*\}|_\w)?(?:\([^)]*\))?\s*=\s*\\[dt]?frac\s*\{?1\}?\s*\{?N\}?")
SUM_OF_EIGENVALUES_CALLED_J = re.compile(  # J* = sum_{i>k} lambda_i without the factor N (that is J*/N)
    r"J(?:\^\*|\^\{?\\ast\}?)?(?:_\{?\w+\}?)?(?:\(k\))?\s*=\s*\\sum_\{i\s*>\s*k\}")
SHAPE_IN_BY_OUT = re.compile(r"n_\\(?:text|mathrm)\{in\}\s*\\times\s*n_\\(?:text|mathrm)\{out\}|n_in x n_out")


def lesson_texts() -> dict[str, str]:
    """Every lesson's words: its Markdown and its questions, by file name."""
    files = sorted(LESSONS.glob("*.md")) + sorted(LESSONS.glob("*.toml"))
    return {p.name: p.read_text(encoding="utf-8") for p in files}


def anchor(heading: str) -> str:
    """The anchor Streamlit gives a Markdown heading: its words, lower case, joined by hyphens."""
    return "-".join(re.findall(r"[^\W_]+", heading.lower()))


def test_the_notation_is_written_down_once_on_the_home_page_and_shown():
    source = (LESSONS / "home.md").read_text(encoding="utf-8")
    home = parse_lesson("home", source, None)
    heading = re.match(r"#+\s+(.+)", home.sections["notation"])
    assert heading and anchor(heading.group(1)) == "notation"
    notation = source.split("<!-- section: notation -->")[1]  # as written, before formulas become text
    defined = " ".join(re.findall(r"^\|([^|]*)\|", notation, re.MULTILINE))  # the symbol column
    for symbol in ("x", "y", r"\hat x", "z", "W", "V", "b", "c", "f", "g", "a", "k", "D", "N", "J", "J/N",
                   r"\lambda_i", r"\eta", r"\delta"):
        assert re.search(r"\$" + re.escape(symbol) + r"(?=\$|\s\\in\b)", defined), symbol
    assert "coefs_" in home.sections["notation"] and "transposed" in home.sections["notation"]
    assert 'show(L, "notation")' in (Path(__file__).resolve().parent.parent / "pages" / "home.py").read_text()


@pytest.mark.parametrize("stem", [s for s in STEMS if s != "home"])
def test_every_lesson_links_to_the_notation(stem):
    assert NOTATION_LINK in (LESSONS / f"{stem}.md").read_text(encoding="utf-8")


def test_lessons_use_one_convention_for_w_and_j():
    """W maps x to the next layer as Wx (never Wᵀx); a per-sample mean is J/N, never J; shapes are n_out × n_in."""
    for name, text in lesson_texts().items():
        for rule, message in ((TRANSPOSED_PRE_ACTIVATION, "a pre-activation written with a transposed W or V"),
                              (MEAN_CALLED_J, "a mean over the samples called J (it is J/N)"),
                              (SUM_OF_EIGENVALUES_CALLED_J, "J = the sum of the discarded eigenvalues (that is J/N)"),
                              (SHAPE_IN_BY_OUT, "a weight shape n_in × n_out (W is n_out × n_in)")):
            found = rule.search(text)
            assert found is None, f"lessons/{name}: {message}: {found.group(0)!r}"


@pytest.mark.parametrize("text", [
    r"$a = W^\top x + b$", r"$z = W^T(x - \mu)$", r"$o = V^\top z + c$", r"$J(\theta) = \dfrac{1}{N}\sum_n$",
    r"$J_{\text{PCA}}(k) = \frac{1}{N}\sum$", r"$J^*_k = \sum_{i>k} \lambda_i$", r"$J(k) = \sum_{i>k}\lambda_i$",
    r"an $n_\text{in}\times n_\text{out}$ weight matrix", "an n_in x n_out matrix",
])
def test_the_convention_rules_catch_the_old_notation(text):
    rules = (TRANSPOSED_PRE_ACTIVATION, MEAN_CALLED_J, SUM_OF_EIGENVALUES_CALLED_J, SHAPE_IN_BY_OUT)
    assert any(rule.search(text) for rule in rules)


@pytest.mark.parametrize("text", [
    r"$a = Wx + b$", r"$XW^\top + b$", r"$\big(V^\top\delta_{\mathrm{out}}\big)$", r"$\hat x = \mu + Q^\top z$",
    r"$\frac{J}{N} = \frac1N \sum_n$", r"$J^\ast = N \sum_{i=k+1}^{D} \lambda_i$", r"$J^\ast/N = \sum_{i>k}\lambda_i$",
    r"($W = V^\top$)", r"an $n_\text{out}\times n_\text{in}$ weight matrix",
])
def test_the_convention_rules_pass_the_new_notation(text):
    rules = (TRANSPOSED_PRE_ACTIVATION, MEAN_CALLED_J, SUM_OF_EIGENVALUES_CALLED_J, SHAPE_IN_BY_OUT)
    assert not any(rule.search(text) for rule in rules)


# --- predict, then watch (issue 16): the fields a teacher may set, and the pages that honour them ----------------

def test_optional_fields_are_checked():
    md = "# T\n<!-- section: a -->\nA\n"
    toml = '[[questions]]\nid="q"\nprompt="p"\nchoices=["x","y","none"]\nanswer=0\nexplanation="e"\n'
    q = parse_lesson("t", md, toml + 'keep_last=1\nafter="Train"\n').questions[0]
    assert (q.keep_last, q.after) == (1, "Train")
    with pytest.raises(ValueError, match="at least two must be shuffled"):
        parse_lesson("t", md, toml + "keep_last=2\n")
    with pytest.raises(ValueError, match="unknown fields"):
        parse_lesson("t", md, toml + "afterwards=1\n")


def test_a_question_asked_after_an_experiment_is_given_its_evidence_by_its_page():
    pages = Path(__file__).resolve().parent.parent / "pages"
    for toml in LESSONS.glob("*.toml"):
        lesson = parse_lesson(toml.stem, (LESSONS / f"{toml.stem}.md").read_text(), toml.read_text())
        for q in (q for q in lesson.questions if q.after):
            assert q.after == "Train", f"{toml.name}: {q.id} waits for {q.after!r}, a button no page has"
            src = (pages / f"{toml.stem}.py").read_text()
            m = re.search(rf'^(\w+) = question\(L, "{q.id}"\)$', src, re.MULTILINE)
            assert m and f"{m.group(1)}.seen(" in src, f"pages/{toml.stem}.py never shows {q.id}'s verdict"


def test_every_choice_has_words_outside_its_formulas():
    """A radio option's accessible name is its label's text; a label that is only a formula has none a screen reader
    is sure to read (axe-core: label)."""
    for toml in LESSONS.glob("*.toml"):
        lesson = parse_lesson(toml.stem, (LESSONS / f"{toml.stem}.md").read_text(), toml.read_text())
        for q in lesson.questions:
            for choice in q.choices:
                assert re.sub(r"\$[^$]*\$", "", choice).strip(" .,:;"), f"{toml.name}: {q.id}: {choice!r}"
