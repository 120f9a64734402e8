import pytest

from core.network import layer_sizes, parameter_count
from core.params import format_layers, parse_layers


@pytest.mark.parametrize("text,expected", [
    ("32, 16, 2", (32, 16, 2)), ("2", (2,)), (" 8 ,4 ", (8, 4)), ("32,16,2,", (32, 16, 2)),
])
def test_parse_good(text, expected):
    assert parse_layers(text) == expected
    assert parse_layers(format_layers(expected)) == expected


@pytest.mark.parametrize("text,message", [
    ("", "separated by commas"),
    ("   ", "separated by commas"),
    ("32,,x", "Layer 2 is empty"),
    (",32", "Layer 1 is empty"),
    ("32, x", '"x" \\(layer 2\\) is not a whole number'),
    ("2.5", "not a whole number"),
    ("32, 0", "at least 1 unit"),
    ("32, -4", "at least 1 unit"),
    ("9999", "at most 512"),
    ("1,1,1,1,1,1,1", "at most 6 encoder layers"),
])
def test_parse_bad(text, message):
    with pytest.raises(ValueError, match=message):
        parse_layers(text)


def test_layer_sizes_and_parameters():
    assert layer_sizes(64, (32, 16, 2)) == (64, 32, 16, 2, 16, 32, 64)
    assert layer_sizes(3, (2,)) == (3, 2, 3)
    # 64*32+32 + 32*2+2 + 2*32+32 + 32*64+64
    assert parameter_count([64, 32, 2, 32, 64]) == 2080 + 66 + 96 + 2112
