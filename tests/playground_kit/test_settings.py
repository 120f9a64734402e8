"""The playground's settings: every link, however hand-edited, gives valid settings and honest notes."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from core.params import check_param
from playground_kit.settings import (
    DEFAULTS,
    LR_LADDER,
    SETTINGS,
    data_options,
    fit_to_data,
    model_params,
    parse_query,
    to_query,
)


def test_defaults_round_trip_without_notes():
    values, notes = parse_query(to_query(DEFAULTS))
    assert notes == []
    assert values == DEFAULTS


def test_a_changed_run_round_trips():
    chosen = dict(DEFAULTS, data="s_curve", scale="minmax", hidden=(32, 16), code=3, act="tanh", out="sigmoid",
                  tied=True, opt="momentum", lr=0.002, batch=64, epochs=3000, l2=1e-4, dropout=0.2, noise=0.35,
                  seed=1234)
    query = to_query(chosen)
    assert query["hidden"] == "32,16" and query["batch"] == "64"
    values, notes = parse_query(query)
    assert notes == [] and values == chosen


def test_out_of_range_numbers_are_clamped_with_a_note():
    values, notes = parse_query({"code": "999", "epochs": "-5", "dropout": "3", "seed": "-1", "noise": "1e9"})
    assert values == {"code": SETTINGS["code"].high, "epochs": SETTINGS["epochs"].low,
                      "dropout": SETTINGS["dropout"].high, "seed": 0, "noise": SETTINGS["noise"].high}
    assert len(notes) == 5 and all("using" in n for n in notes)


def test_off_ladder_learning_rate_snaps_to_the_nearest_rung():
    values, notes = parse_query({"lr": "0.013", "l2": "3e-9"})
    assert values == {"lr": 0.01, "l2": 0.0}
    assert len(notes) == 2
    values, notes = parse_query({"lr": "1000"})
    assert values == {"lr": max(LR_LADDER)} and notes


def test_nonsense_is_ignored_with_a_note():
    query = {"act": "softmaxx", "lr": "fast", "tied": "maybe", "hidden": "32,,2", "code": "nan", "batch": "inf",
             "data": "../../etc/passwd", "bogus": "1"}
    values, notes = parse_query(query)
    assert values == {}
    assert len(notes) == len(query)


def test_repeated_parameter_uses_the_last_value_and_reserved_ones_are_silent():
    values, notes = parse_query({"code": ["3", "4"], "embed": "true", "presenter": "1"})
    assert values == {"code": 4} and notes == []


def test_batch_size_full_and_nearest():
    assert parse_query({"batch": "full"}) == ({"batch": None}, [])
    values, notes = parse_query({"batch": "100"})
    assert values == {"batch": 128} and notes


def test_model_params_are_valid_for_the_autoencoder_table():
    values = dict(DEFAULTS, hidden=(16,), code=3, batch=32, l2=1e-3)
    params = model_params(values)
    assert params["hidden_layer_sizes"] == (16, 3)
    for name, value in params.items():
        check_param(name, value)
    assert data_options(dict(DEFAULTS, scale="none")) == {"scale": None}


def test_code_is_clamped_to_the_data_dimension():
    values, notes = fit_to_data(dict(DEFAULTS, code=5), n_features=2)
    assert values["code"] == 2 and len(notes) == 1
    assert fit_to_data(DEFAULTS, n_features=64) == (DEFAULTS, [])
    values, notes = fit_to_data(dict(DEFAULTS, code=5), n_features=10, n_samples=3)
    assert values["code"] == 3 and "3 samples" in notes[0]


text = st.text(max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(list(SETTINGS) + ["x", "embed"]), st.one_of(text, st.lists(text, max_size=3))))
def test_any_query_gives_valid_settings(query):
    values, notes = parse_query(query)
    assert set(values) <= set(SETTINGS)
    merged = dict(DEFAULTS, **values)
    for name, value in model_params(merged).items():
        check_param(name, value)
    for name, value in values.items():
        s = SETTINGS[name]
        if s.kind in ("int", "float"):
            assert s.low <= value <= s.high and math.isfinite(value)
        if s.kind in ("choice", "ladder", "batch"):
            assert value in s.choices
    # What was accepted reads back unchanged from its own link.
    assert parse_query(to_query(values)) == (values, [])


def test_a_link_with_thousands_of_keys_gives_a_short_list_of_notes():
    values, notes = parse_query({f"junk{i}": "1" for i in range(1000)} | {"code": "4"})
    assert values == {"code": 4}
    assert len(notes) == 8 and "993 more" in notes[-1]


def test_a_repeated_setting_takes_its_last_usable_value():
    values, notes = parse_query({"code": ["3", "oops"]})
    assert values == {"code": 3} and notes == ["“code=oops” could not be used; the link's earlier “code=3” was."]
    assert parse_query({"act": ["tanh", "relu"]}) == ({"act": "relu"}, [])
