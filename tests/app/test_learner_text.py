"""What a learner supplies is shown as text, never as Markdown, LaTeX or HTML (issue 14, part 4)."""

import re

from tests.app.apptest import live_charts, opened, opened_box, plotly_figures, shown

PAGE = "pages/playground.py"
LINK = "[Log in again](https://evil.example/login)"
LATEX_NAME = "$\\frac{}$ **x**.csv"
MARKUP = re.compile(r"(?<!\\)[\[\]()*_$<>`#|~]")  # a markup character not escaped by a backslash


def inert(raw: str, supplied: str) -> bool:
    """``supplied`` appears in the raw Markdown ``raw`` with every markup character escaped."""
    return supplied in shown(raw) and not MARKUP.search(raw)


def upload(at, name: str, data: bytes):
    if not at.file_uploader:  # drawn once its expander is opened
        opened_box(at, "playground_csv_box")
    at.file_uploader(key="playground_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_link_key_is_named_as_text_in_the_warning():
    at = opened(PAGE, query={LINK: "1"})
    [warning] = at.warning
    bullet = warning.value.split("\n- ", 1)[1]
    assert inert(bullet, LINK[:30])  # (a long key is shortened)


def test_a_file_name_is_shown_as_text():
    at = upload(opened(PAGE), LATEX_NAME, b"")
    [error] = at.error
    assert inert(error.value.split(" Your previous data")[0], LATEX_NAME)


def test_column_names_and_labels_are_text_in_captions_legends_and_ticks():
    label = '<a href="https://evil.example">click</a>'
    column = "[see](https://evil.example)"
    rows = "".join(f"{i % 3},{i * 0.5},{(i * 7) % 5},{label if i % 2 else 'plain'},note {i}\n" for i in range(40))
    data = f"a,b,c,species,{column}\n{rows}".encode()
    at = upload(opened(PAGE), "labels.csv", data)
    captions = [c.value for c in at.caption if "ignored" in shown(c.value).lower() or column in shown(c.value)]
    assert captions and all(inert(c, column) for c in captions)
    next(b for b in at.button if b.label == "Step").click().run()
    legends = [t.name for fig in plotly_figures(at) for t in fig.data if t.name and "click" in t.name]
    assert legends and all("<a" not in name and "&lt;a href" in name for name in legends)
    assert live_charts(at)
