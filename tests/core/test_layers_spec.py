import pytest

from core.layers_spec import format_layers, halving_layers, mirrored_network, parameter_count, parse_layers


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


def test_halving_layers():
    assert halving_layers(2, 32, 2) == (32, 16, 2)
    assert halving_layers(0, 32, 2) == (2,)
    assert halving_layers(4, 16, 3) == (16, 8, 4, 3, 3)


def test_mirrored_network_and_parameters():
    assert mirrored_network(64, (32, 16, 2)) == [64, 32, 16, 2, 16, 32, 64]
    assert mirrored_network(3, (2,)) == [3, 2, 3]
    # 64*32+32 + 32*2+2 + 2*32+32 + 32*64+64
    assert parameter_count([64, 32, 2, 32, 64]) == 2080 + 66 + 96 + 2112
