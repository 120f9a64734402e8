"""Exports of a training run: weights (.npz, no pickle), loss history (CSV), and a script that retrains it."""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core import Autoencoder, DataError, load_dataset
from playground.export import (
    apply_weights,
    decode_array,
    embed_array,
    history_to_csv,
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
    (b"x" * 6_000_001, "limit"),
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
