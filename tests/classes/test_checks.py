"""Input checks: what a learner or a link may send, and what is refused (with a message that repeats nothing)."""

import math

import numpy as np
import pytest

from classes import InvalidInput, checks, new_learner


def test_a_code_is_read_as_typed_and_drawn_from_unambiguous_letters():
    assert checks.code(" abc-de ") == checks.code("ABC DE") == "ABCDE"
    assert len({checks.new_code() for _ in range(200)}) > 190  # 23^5 codes: repeats are rare
    assert all(len(c) == 5 and set(c) <= set(checks.CODE_LETTERS) for c in (checks.new_code() for _ in range(50)))
    for bad in ["ABCD", "ABCDEF", "ABCD0", "ABCDL", "", None, b"ABCDE", "A" * 33, "ABC\x00DE"]:
        with pytest.raises(InvalidInput) as e:
            checks.code(bad)
        assert "like ABCDE" in str(e.value)


def test_learner_tokens_are_anonymous_and_checked():
    tokens = {new_learner() for _ in range(100)}
    assert len(tokens) == 100 and all(checks.TOKEN.fullmatch(t) for t in tokens)
    for bad in ["short", "a" * 65, "has space in it!!", "<script>alert(1)</script>", 123]:
        with pytest.raises(InvalidInput, match="open the link again"):
            checks.token(bad, "session")


def test_numbers_are_finite_in_range_and_not_booleans():
    assert checks.integer(np.int64(3), 0, 5, "answer") == 3
    assert checks.real(np.float64(0.5), 0, 1, "answer") == 0.5
    assert checks.real(2, 0, 5, "answer") == 2.0
    for bad in [True, 6, -1, 2.0, "2", None]:
        with pytest.raises(InvalidInput, match="whole number from 0 to 5"):
            checks.integer(bad, 0, 5, "answer")
    for bad in [math.nan, math.inf, -math.inf, 1.5, False, "0.5", 10**400]:
        with pytest.raises(InvalidInput, match="number from 0 to 1"):
            checks.real(bad, 0, 1, "answer")
    assert checks.number_range(-1, 2.5) == (-1.0, 2.5)
    for low, high in [(1, 1), (2, 1), (0, 1e13), (math.nan, 1)]:
        with pytest.raises(InvalidInput):
            checks.number_range(low, high)


def test_settings_are_a_small_flat_dict_of_plain_values():
    good = {"dataset": "digits", "k": 3, "learning_rate": 0.01, "tied": True, "layers": "32,16,2"}
    assert checks.settings(good) == good
    assert checks.to_json(checks.settings({"b": 1, "a": 2})) == '{"a": 2, "b": 1}'
    for bad in [[("k", 1)], {"k": {"nested": 1}}, {"k": None}, {"K": 1}, {"k": math.inf}, {"k": "a\nb"},
                {"k": "é"}, {"k": 10**10}, {f"s{i}": 1 for i in range(17)}, {1: 2}]:
        with pytest.raises(InvalidInput):
            checks.settings(bad)


def test_names_are_lesson_stems_and_question_ids():
    assert checks.name("linear_autoencoder", "lesson") == "linear_autoencoder"
    for bad in ["", "Pca", "../pca", "pca.py", "1pca", "p" * 41, "pca ", None]:
        with pytest.raises(InvalidInput, match="lesson must be a short name"):
            checks.name(bad, "lesson")
