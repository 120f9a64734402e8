"""Every value that reaches class mode from a link, a form or a page is checked here: its type, its length, its
characters, and that a number is finite and in range. A bad one raises :class:`InvalidInput` with a message that
names what was wrong and never repeats the input."""

import json
import math
import re
import secrets
from numbers import Integral, Real

from classes.errors import InvalidInput

CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ"  # no I, L or O: read aloud or off a projector, never taken for 1 or 0
CODE_LENGTH = 5
NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # a lesson's stem, a question's id, a setting's name
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")  # what secrets.token_urlsafe makes: learner tokens, teacher keys
TEXT = re.compile(r"[A-Za-z0-9_ .,:+-]{0,64}")  # a setting's text value: "digits", "8,2", "relu"
MAX_SETTINGS = 16
MAX_NUMBER = 1e12


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def new_learner() -> str:
    """An anonymous token for one browser session: it joins a class and votes, and names no one."""
    return secrets.token_urlsafe(16)


def code(text: object) -> str:
    """A join code as typed: case, spaces and dashes do not matter ("abc-de" is ABCDE)."""
    if isinstance(text, str) and len(text) <= 32:
        cleaned = re.sub(r"[\s-]", "", text).upper()
        if len(cleaned) == CODE_LENGTH and all(c in CODE_LETTERS for c in cleaned):
            return cleaned
    raise InvalidInput(f"A class code is {CODE_LENGTH} letters, like ABCDE.")


def name(text: object, what: str) -> str:
    if isinstance(text, str) and NAME.fullmatch(text):
        return text
    raise InvalidInput(f"The {what} must be a short name in lower-case letters, digits and _.")


def token(text: object, what: str) -> str:
    if isinstance(text, str) and TOKEN.fullmatch(text):
        return text
    raise InvalidInput(f"The {what} is not valid: open the link again.")


def integer(x: object, low: int, high: int, what: str) -> int:
    if isinstance(x, Integral) and not isinstance(x, bool) and low <= x <= high:
        return int(x)
    raise InvalidInput(f"The {what} must be a whole number from {low} to {high}.")


def real(x: object, low: float, high: float, what: str) -> float:
    if isinstance(x, Real) and not isinstance(x, bool):
        try:
            value = float(x)
        except OverflowError:  # an int beyond any float
            value = math.nan
        if math.isfinite(value) and low <= value <= high:
            return value
    raise InvalidInput(f"The {what} must be a number from {low:g} to {high:g}.")


def number_range(low: object, high: object) -> tuple[float, float]:
    low = real(low, -MAX_NUMBER, MAX_NUMBER, "lowest answer")
    high = real(high, -MAX_NUMBER, MAX_NUMBER, "highest answer")
    if not low < high:
        raise InvalidInput("The highest answer must be above the lowest.")
    return low, high


def settings(values: object) -> dict:
    """The teacher's settings for "follow me": at most 16 names, each with a short text, a whole number, a finite
    number or a yes/no."""
    if not isinstance(values, dict) or len(values) > MAX_SETTINGS:
        raise InvalidInput(f"The teacher's settings must be at most {MAX_SETTINGS} named values.")
    checked = {}
    for key, value in values.items():
        key = name(key, "setting")
        if isinstance(value, bool):
            checked[key] = value
        elif isinstance(value, Integral):
            checked[key] = integer(value, -10**9, 10**9, f"setting {key}")
        elif isinstance(value, Real):
            checked[key] = real(value, -MAX_NUMBER, MAX_NUMBER, f"setting {key}")
        elif isinstance(value, str) and TEXT.fullmatch(value):
            checked[key] = value
        else:
            raise InvalidInput(f"The setting {key} must be a short text, a number or yes/no.")
    return checked


def to_json(values: dict) -> str:
    return json.dumps(values, sort_keys=True, allow_nan=False)
