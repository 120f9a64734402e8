"""What a learner supplied (file, column and label names, cells, link keys) is shown as text, never as markup.

Streamlit renders messages, captions and labels as Markdown with LaTeX (``$...$``) and autolinks; `plain` makes a
string inert there. Plotly's own HTML subset (legends, ticks, hover) is `viz.style.plain_html`'s job.
"""

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def plain(text) -> str:
    """``text`` as literal characters in Streamlit Markdown: every ASCII punctuation mark backslash-escaped (no
    emphasis, link, heading, HTML or LaTeX can start), line breaks and control or direction marks made spaces."""
    return _PUNCTUATION.sub(r"\\\1", _CONTROL.sub(" ", str(text)))


def counted(n: int, noun: str) -> str:
    """``n`` and the noun, singular for one: "1 number", "3 numbers"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
