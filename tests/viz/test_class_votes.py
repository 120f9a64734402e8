"""The room's votes as figures: a bar per choice with its count, the right one green once revealed; a histogram of
numbers over the question's bins; labels escaped for Plotly."""

import pytest

from viz.class_votes import RIGHT, choice_votes_figure, number_votes_figure, wrapped
from viz.style import COLORS


def test_one_bar_per_choice_with_its_count_in_order():
    fig = choice_votes_figure(["yes", "no", "maybe"], [3, 0, 1])
    bar = fig.data[0]
    assert list(bar.y) == ["yes", "no", "maybe"] and list(bar.x) == [3, 0, 1]
    assert list(bar.text) == ["3", "0", "1"]
    assert fig.layout.yaxis.autorange == "reversed", "the first choice on top, as the learners read them"
    assert fig.layout.xaxis.range[1] > 3, "the largest count's label fits"


def test_the_right_answer_turns_green_only_when_revealed():
    assert set(choice_votes_figure(["a", "b"], [1, 2]).data[0].marker.color) == {COLORS["ae"]}
    assert list(choice_votes_figure(["a", "b"], [1, 2], right=1).data[0].marker.color) == [COLORS["ae"], RIGHT]


def test_labels_are_wrapped_and_escaped():
    assert wrapped("<b>bold</b> & a very long choice that goes on and on") == \
        "&lt;b&gt;bold&lt;/b&gt; &amp; a very<br>long choice that goes on<br>and on"


def test_a_histogram_of_numbers_over_the_bins():
    edges = [0.0, 25.0, 50.0, 75.0, 100.0]
    fig = number_votes_figure([0, 2, 5, 1], edges, unit=" %")
    bar = fig.data[0]
    assert list(bar.x) == [12.5, 37.5, 62.5, 87.5] and list(bar.width) == [25.0] * 4
    assert list(bar.y) == [0, 2, 5, 1] and list(bar.text) == ["", "2", "5", "1"]
    assert list(fig.layout.xaxis.range) == [0.0, 100.0]


def test_mismatched_counts_are_refused():
    with pytest.raises(ValueError):
        choice_votes_figure(["a"], [1, 2])
    with pytest.raises(ValueError):
        number_votes_figure([1, 2], [0.0, 1.0])


def test_a_variable_written_in_italics_is_drawn_in_italics():
    (label,) = choice_votes_figure([r"By *Nλ*ₖ₊₁: *J*\* and *<b>*"], [0]).data[0].y
    assert label == "By <i>Nλ</i>ₖ₊₁: <i>J</i>* and<br><i>&lt;b&gt;</i>"  # markup in the text stays text
