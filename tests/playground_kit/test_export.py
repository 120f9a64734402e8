"""Exports of a training run: weights (.npz, no pickle), loss history (CSV), and a script that retrains it."""

import ast
import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Autoencoder, DataError, load_dataset
from core.params import MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH
from playground_kit.export import (
    MAX_WEIGHTS_BYTES,
    MAX_WEIGHTS_MB,
    apply_weights,
    decode_array,
    embed_array,
    history_to_csv,
    imported_loss,
    size_text,
    training_script,
    weights_from_npz,
    weights_to_npz,
)

ROOT = Path(__file__).resolve().parents[2]


def trained(seed=0, epochs=5, **params):
    X = load_dataset("iris", scale="standard").X
    model = Autoencoder(hidden_layer_sizes=params.pop("hidden_layer_sizes", (3, 2)), activation="tanh",
                        random_state=seed, **params)
    history = list(model.fit_iter(X, epochs=epochs))
    return model, X, history


def test_weights_round_trip_restores_the_same_predictions():
    model, X, _ = trained(seed=0)
    other, _, _ = trained(seed=7)
    assert not np.allclose(model.predict(X), other.predict(X))
    coefs, intercepts = weights_from_npz(weights_to_npz(model), other)
    apply_weights(other, coefs, intercepts)
    np.testing.assert_array_equal(other.predict(X), model.predict(X))
    assert [c.shape for c in other.coefs_] == [(4, 3), (3, 2), (2, 3), (3, 4)]


def test_tied_weights_round_trip_and_untied_file_refused():
    tied, X, _ = trained(seed=1, tied_weights=True)
    target, _, _ = trained(seed=2, tied_weights=True)
    apply_weights(target, *weights_from_npz(weights_to_npz(tied), target))
    np.testing.assert_array_equal(target.predict(X), tied.predict(X))
    untied, _, _ = trained(seed=3)
    with pytest.raises(DataError, match="tied"):
        weights_from_npz(weights_to_npz(untied), target)


def test_a_file_for_another_architecture_names_the_mismatch():
    model, _, _ = trained(hidden_layer_sizes=(3, 2))
    wider, _, _ = trained(hidden_layer_sizes=(3, 1))
    with pytest.raises(DataError, match=r"shape \(3, 2\).*needs \(3, 1\)"):
        weights_from_npz(weights_to_npz(model), wider)
    shallow, _, _ = trained(hidden_layer_sizes=(2,))
    with pytest.raises(DataError, match="4 weight matrices.*has 2"):
        weights_from_npz(weights_to_npz(model), shallow)


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"\x00\x01junk" * 50, "not a NumPy .npz"),
    (b"coef_0,1,2\n3,4,5\n", "not a NumPy .npz"),
    (_npz(other=np.zeros(3)), "no autoencoder weights"),
    (_npz(coef_0=np.array([{"a": 1}], dtype=object)), "1 weight matrix but"),
    (b"x" * (MAX_WEIGHTS_BYTES + 20_000), r"is 24\.02 MB; the limit is 24 MB"),
])
def test_bad_files_give_a_clear_data_error(data, message):
    model, _, _ = trained()
    with pytest.raises(DataError, match=message):
        weights_from_npz(data, model)


def test_object_arrays_are_never_unpickled():
    model, _, _ = trained(hidden_layer_sizes=(2,))
    data = _npz(coef_0=np.array([[object()] * 2] * 4, dtype=object), coef_1=np.zeros((2, 4)),
                intercept_0=np.zeros(2), intercept_1=np.zeros(4))
    with pytest.raises(DataError, match="pickle"):
        weights_from_npz(data, model)


def test_non_finite_or_text_weights_are_refused():
    model, _, _ = trained(hidden_layer_sizes=(2,))
    good = {f"coef_{i}": c.copy() for i, c in enumerate(model.coefs_)}
    good.update({f"intercept_{i}": b.copy() for i, b in enumerate(model.intercepts_)})
    bad = dict(good, coef_1=np.full((2, 4), np.nan))
    with pytest.raises(DataError, match="NaN"):
        weights_from_npz(_npz(**bad), model)
    text = dict(good, intercept_0=np.array(["a", "b"]))
    with pytest.raises(DataError, match="not numbers"):
        weights_from_npz(_npz(**text), model)


def test_the_largest_network_the_app_allows_round_trips_within_the_limit():
    X = np.random.default_rng(0).normal(size=(4, 200))  # MAX_COLUMNS features of a CSV
    model = Autoencoder(hidden_layer_sizes=(MAX_LAYER_WIDTH,) * MAX_HIDDEN_LAYERS, max_epochs=1, random_state=0).fit(X)
    data = weights_to_npz(model)
    assert 22_000_000 < len(data) <= MAX_WEIGHTS_BYTES <= MAX_WEIGHTS_MB * 10**6  # the uploader's MB, as it counts
    other = Autoencoder(hidden_layer_sizes=(MAX_LAYER_WIDTH,) * MAX_HIDDEN_LAYERS, max_epochs=1, random_state=1).fit(X)
    apply_weights(other, *weights_from_npz(data, other))
    np.testing.assert_array_equal(other.predict(X), model.predict(X))


def test_compressed_fortran_ordered_and_narrower_arrays_load_exactly():
    model, X, _ = trained(hidden_layer_sizes=(2,))
    arrays = {f"coef_{i}": np.asfortranarray(c) for i, c in enumerate(model.coefs_)}
    arrays.update({f"intercept_{i}": b.astype(np.float32) for i, b in enumerate(model.intercepts_)})
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    coefs, intercepts = weights_from_npz(buffer.getvalue(), model)
    for got, want in zip(coefs + intercepts, model.coefs_ + [b.astype(np.float32) for b in model.intercepts_]):
        assert got.dtype == np.float64 and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("extra, message", [
    ({"other": np.zeros(1)}, "'other.npy', which is not part of a weights file"),
    ({"intercept_0": np.zeros(2, dtype=np.complex128)}, r"layer 1 biases \('intercept_0'\) are not numbers"),
    ({"coef_0": np.zeros((4, 2), dtype=np.longdouble)}, "wider than this page reads"),
    ({"n_layers": np.asarray("two")}, "saved counts .* are not numbers"),
])
def test_unexpected_or_odd_arrays_are_named(extra, message):
    model, _, _ = trained(hidden_layer_sizes=(2,))
    good = {f"coef_{i}": c for i, c in enumerate(model.coefs_)} | {f"intercept_{i}": b
                                                                   for i, b in enumerate(model.intercepts_)}
    with pytest.raises(DataError, match=message):
        weights_from_npz(_npz(**(good | extra)), model)


def test_weights_whose_loss_overflows_are_refused_and_change_nothing():
    model, X, _ = trained(hidden_layer_sizes=(2,))
    before = model.predict(X)
    huge = [np.full_like(c, 1e300) for c in model.coefs_]
    with pytest.raises(DataError, match="overflow"):
        imported_loss(model, huge, model.intercepts_, X)
    np.testing.assert_array_equal(model.predict(X), before)
    other, _, _ = trained(seed=5, hidden_layer_sizes=(2,))
    assert imported_loss(model, other.coefs_, other.intercepts_, X) == pytest.approx(-other.score(X), rel=1e-12)
    np.testing.assert_array_equal(model.predict(X), before)


@pytest.mark.parametrize("n_bytes, limit, text", [
    (1_020_000, 1_000_000, "1.02 MB"), (1_000_001, 1_000_000, "1.000001 MB"), (24_000_000, None, "24 MB"),
    (22_656_576, None, "22.7 MB"), (4096, None, "4.1 kB"), (96, None, "96 bytes"), (960_000_000, None, "960 MB"),
])
def test_sizes_are_exact_enough_to_differ_from_the_limit(n_bytes, limit, text):
    assert size_text(n_bytes, limit) == text


def test_an_untrained_model_cannot_take_weights():
    with pytest.raises(DataError, match="train"):
        weights_from_npz(_npz(coef_0=np.zeros(1)), Autoencoder())


def test_history_csv_is_exact():
    _, _, history = trained(epochs=4)
    rows = list(csv.DictReader(io.StringIO(history_to_csv(history))))
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3, 4]
    assert [float(r["loss"]) for r in rows] == [r["loss"] for r in history]
    assert all(r["val_loss"] == "" for r in rows)


def test_embedded_arrays_are_exact():
    X = np.random.default_rng(0).normal(size=(7, 3))
    np.testing.assert_array_equal(decode_array(embed_array(X), X.shape), X)


def _app_like_run(X, params, epochs, changes):
    """What the live trainer does: one generator, settings changed between epochs."""
    model = Autoencoder(**params)
    pending = dict(changes)
    loss = None
    for record in model.fit_iter(X, epochs=epochs):
        loss = record["loss"]
        if record["epoch"] in pending:
            model.set_params(**pending[record["epoch"]])
    return loss


def _run_script(source, tmp_path):
    path = tmp_path / "playground_run.py"
    path.write_text(source)
    done = subprocess.run([sys.executable, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return float(re.search(r"final loss: (\S+)", done.stdout).group(1)), done


@pytest.mark.parametrize("embedded", [False, True])
def test_the_script_reproduces_the_final_loss(tmp_path, embedded):
    X = load_dataset("wine", scale="minmax").X
    params = dict(hidden_layer_sizes=(8, 2), activation="tanh", optimizer="adam", learning_rate=0.01,
                  batch_size=32, dropout=0.1, noise=0.05, random_state=3)
    changes = [(20, {"learning_rate": 0.002}), (35, {"dropout": 0.0})]
    app_loss = _app_like_run(X, params, 50, changes)
    source = training_script(params, 50, X=X, dataset=None if embedded else {"name": "wine", "scale": "minmax"},
                             changes=changes, app_final_loss=app_loss)
    compile(source, "playground_run.py", "exec")
    loss, done = _run_script(source, tmp_path)
    assert abs(loss - app_loss) <= 1e-6
    assert "warning" not in done.stderr
    # Without the mid-run changes the run would end elsewhere: the script really applies them.
    assert abs(_app_like_run(X, params, 50, []) - app_loss) > 1e-6


def test_the_script_warns_when_its_data_differs(tmp_path):
    X = load_dataset("iris", scale="standard").X
    source = training_script({"hidden_layer_sizes": (2,), "random_state": 0}, 3, X=X + 1.0,
                             dataset={"name": "iris", "scale": "standard"})
    _, done = _run_script(source, tmp_path)
    assert "data differs" in done.stderr


def _code_only(source):
    """The script's code with every string constant blanked: what Python runs, whatever the notes say."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
    return ast.dump(tree)


@pytest.mark.parametrize("name", [
    'w.npz\nimport os; os.system("echo pwned")\n',
    'w.npz"""\nimport os\n"""',
    "w.npz\r\n\x0bprint('x')\u2028raise SystemExit\u2029#\x1b[2J\u202e",
    "w\\.npz\\",
])
def test_learner_strings_in_the_script_stay_inert(name):
    X = load_dataset("iris", scale="standard").X
    kwargs = dict(X=X, dataset={"name": "iris", "scale": "standard"}, app_final_loss=0.5)
    note = f"the app's model was loaded from '{name}' during the run"
    plain = training_script({"hidden_layer_sizes": (2,), "random_state": 0}, 3, notes=["note"], **kwargs)
    hostile = training_script({"hidden_layer_sizes": (2,), "random_state": 0}, 3, notes=[note], **kwargs,
                              title=f"Run of {name}")
    assert _code_only(hostile) == _code_only(plain)  # the only code is the expected code
    assert "import os" not in [line.strip() for line in hostile.splitlines()]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202e]", hostile)
    comment = next(line for line in hostile.splitlines() if line.startswith("# NOTE: the app's model"))
    assert "w" in comment and "npz" in comment  # still says which file
