"""Take a trained autoencoder out of the app, and bring its weights back in.

Three exports describe one training run:

- `weights_to_npz(model)`: the learned arrays ``coefs_[l]`` (n_in x n_out) and ``intercepts_[l]`` (n_out,)
  in a NumPy ``.npz`` archive, plus the estimator's settings as JSON text. Only numeric and unicode arrays
  are written, so the file loads with ``allow_pickle=False``.
- `history_to_csv(history)`: one line per epoch (epoch, loss, val_loss, seconds).
- `training_script(...)`: a self-contained Python script that rebuilds the same data and the same
  `core.Autoencoder`, trains it for the same number of epochs with the same seed and prints the final loss.

`weights_from_npz(data, model)` reads such an archive back; anything it cannot use raises `DataError`
with a message a learner understands (never a pickle load, never another exception type).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import pprint
import zipfile
import zlib
from typing import Any

import numpy as np

from core.errors import DataError

#: Largest weights file `weights_from_npz` accepts (the app's uploader states it too).
MAX_WEIGHTS_BYTES = 5_000_000


# --------------------------------------------------------------------------------------------------
# Weights
# --------------------------------------------------------------------------------------------------
def weights_to_npz(model: Any) -> bytes:
    """Serialise a fitted autoencoder's weights to ``.npz`` bytes.

    Layout: ``coef_0 .. coef_{L-1}`` (float64, shapes ``(n_in, n_out)``), ``intercept_0 ..`` (float64,
    ``(n_out,)``), ``n_layers`` (int), ``n_features_in`` (int) and ``params_json`` (a 0-d unicode array
    holding ``json.dumps(model.get_params())``). No object arrays, so no pickle is ever needed to read it.
    """
    coefs, intercepts = _model_arrays(model)
    arrays: dict[str, np.ndarray] = {}
    for i, (W, b) in enumerate(zip(coefs, intercepts, strict=True)):
        arrays[f"coef_{i}"] = np.asarray(W, dtype=np.float64)
        arrays[f"intercept_{i}"] = np.asarray(b, dtype=np.float64)
    arrays["n_layers"] = np.asarray(len(coefs))
    arrays["n_features_in"] = np.asarray(int(model.n_features_in_))
    arrays["params_json"] = np.asarray(json.dumps(_jsonable(model.get_params()), sort_keys=True))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def weights_from_npz(data: bytes, model: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Read weights saved by `weights_to_npz` and check they fit ``model`` (a fitted Autoencoder).

    Returns ``(coefs, intercepts)``: float64 arrays with exactly the shapes of ``model.coefs_`` and
    ``model.intercepts_``. Raises `DataError` (what is wrong, what to do) for: an empty, oversized or
    non-``.npz`` file, a file that needs pickle, missing arrays, a different number of layers, any shape
    mismatch (the message names the layer and both shapes), non-numeric or non-finite values.
    """
    if not data:
        raise DataError("The weights file is empty. Download the weights from this page and upload that file.")
    if len(data) > MAX_WEIGHTS_BYTES:
        raise DataError(
            f"The weights file is {len(data) / 1e6:.1f} MB; the limit is {MAX_WEIGHTS_BYTES / 1e6:.0f} MB. "
            "Upload a .npz file downloaded from this page."
        )
    expected_coefs, expected_intercepts = _model_arrays(model)
    try:
        archive = np.load(io.BytesIO(data), allow_pickle=False)
    except Exception as exc:  # np.load raises many types for junk bytes; the learner needs one message
        raise DataError(
            "This is not a NumPy .npz weights file (it could not be opened as one). "
            "Upload the .npz file downloaded with 'Download weights'."
        ) from exc
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise DataError("This file holds a single array, not a weights archive. Upload a .npz file from this page.")
    try:
        with archive:
            names = set(archive.files)
            n_layers = len(expected_coefs)
            needed = [f"coef_{i}" for i in range(n_layers)] + [f"intercept_{i}" for i in range(n_layers)]
            if not any(name.startswith("coef_") for name in names):
                raise DataError("This .npz file holds no autoencoder weights (no 'coef_0' array). "
                                "Upload a file downloaded with 'Download weights'.")
            file_layers = sum(1 for name in names if name.startswith("coef_"))
            if file_layers != n_layers:
                matrices = "matrix" if file_layers == 1 else "matrices"
                raise DataError(
                    f"The file has {file_layers} weight {matrices} but the current architecture has {n_layers}. "
                    "Set the same layers and code size as when the weights were saved."
                )
            missing = [name for name in needed if name not in names]
            if missing:
                raise DataError(f"The weights file is missing {', '.join(missing)}. Download the weights again.")
            coefs = [_checked(archive, f"coef_{i}", W.shape, f"layer {i + 1} weights")
                     for i, W in enumerate(expected_coefs)]
            intercepts = [_checked(archive, f"intercept_{i}", b.shape, f"layer {i + 1} biases")
                          for i, b in enumerate(expected_intercepts)]
            if getattr(model, "tied_weights", False):
                # A tied decoder is the encoder transposed: weights from an untied model cannot be squeezed in.
                for i in range(n_layers // 2):
                    if not np.allclose(coefs[n_layers - 1 - i], coefs[i].T, rtol=1e-12, atol=1e-12):
                        raise DataError(
                            "These weights come from a model without tied weights, but 'Tied weights' is on. "
                            "Turn 'Tied weights' off to import them."
                        )
    except DataError:
        raise
    except (ValueError, OSError, zipfile.BadZipFile, EOFError, KeyError) as exc:
        # allow_pickle=False turns object arrays into ValueError; a truncated zip member into the others.
        raise DataError(
            "The weights file is damaged or holds arrays that need pickle to load, which this page refuses "
            "for safety. Upload a .npz file downloaded with 'Download weights'."
        ) from exc
    return coefs, intercepts


def apply_weights(model: Any, coefs: list[np.ndarray], intercepts: list[np.ndarray]) -> None:
    """Copy checked arrays (from `weights_from_npz`) into ``model``'s parameters, in place.

    The model's own arrays are overwritten element-wise (not replaced), so anything that holds a view of
    them (tied decoder weights, an optimizer's parameter list) sees the new values.
    """
    current_coefs, current_intercepts = _model_arrays(model)
    targets = list(current_coefs) + list(current_intercepts)
    for target, source in zip(targets, list(coefs) + list(intercepts), strict=True):
        target[...] = source


def _model_arrays(model: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    coefs = getattr(model, "coefs_", None)
    intercepts = getattr(model, "intercepts_", None)
    if coefs is None or intercepts is None:
        raise DataError("There is no trained model yet: train for at least one epoch first.")
    return list(coefs), list(intercepts)


def _checked(archive: Any, name: str, shape: tuple[int, ...], what: str) -> np.ndarray:
    array = archive[name]
    if array.dtype.kind not in "fiu":
        raise DataError(f"The {what} ('{name}') are not numbers (dtype {array.dtype}).")
    if array.shape != tuple(shape):
        raise DataError(
            f"The {what} have shape {array.shape} but the current model needs {tuple(shape)}. "
            "Choose the same dataset, layers and code size as when the weights were saved."
        )
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise DataError(f"The {what} contain NaN or infinite values; these weights cannot be used.")
    return array


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, tuple):
            value = list(value)
        if isinstance(value, np.generic):
            value = value.item()
        out[key] = value
    return out


# --------------------------------------------------------------------------------------------------
# Loss history
# --------------------------------------------------------------------------------------------------
HISTORY_COLUMNS = ("epoch", "loss", "val_loss", "seconds")


def history_to_csv(history: list[dict[str, Any]]) -> str:
    """One CSV line per epoch record: ``epoch,loss,val_loss,seconds`` (``val_loss`` empty when absent).

    Losses are written with ``repr`` precision (17 significant digits), so a reader gets the exact floats.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HISTORY_COLUMNS)
    for record in history:
        writer.writerow([_csv_cell(record.get(column)) for column in HISTORY_COLUMNS])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return repr(float(value))


# --------------------------------------------------------------------------------------------------
# A script that reproduces the run
# --------------------------------------------------------------------------------------------------
def data_fingerprint(X: np.ndarray) -> str:
    """SHA-256 of the float64 C-ordered bytes of ``X`` (N x D) and its shape: identical data, identical text."""
    X = np.ascontiguousarray(X, dtype=np.float64)
    digest = hashlib.sha256(repr(X.shape).encode() + X.tobytes()).hexdigest()
    return digest[:16]


def embed_array(X: np.ndarray) -> str:
    """``X`` as base64 text of its zlib-compressed little-endian float64 bytes (exact, no pickle)."""
    X = np.ascontiguousarray(X, dtype="<f8")
    return base64.b64encode(zlib.compress(X.tobytes(), 9)).decode("ascii")


def decode_array(text: str, shape: tuple[int, int]) -> np.ndarray:
    """Inverse of `embed_array`."""
    raw = zlib.decompress(base64.b64decode(text))
    return np.frombuffer(raw, dtype="<f8").reshape(shape).copy()


def training_script(
    params: dict[str, Any],
    epochs: int,
    *,
    X: np.ndarray,
    dataset: dict[str, Any] | None = None,
    changes: list[tuple[int, dict[str, Any]]] | None = None,
    changes_exact: bool = True,
    app_final_loss: float | None = None,
    notes: list[str] | tuple[str, ...] = (),
    title: str = "Autoencoder run exported from the playground",
) -> str:
    """Python source that retrains the run and prints ``final loss: <value>``.

    Parameters
    ----------
    params : the Autoencoder keyword arguments of the run (``random_state`` included) as at its start.
    epochs : the number of epochs the app trained (the script trains exactly these).
    X : (N, D) the training data the app used; its fingerprint is checked by the script.
    dataset : ``{"name": ..., **load_dataset options}`` to reload built-in data with `core.load_dataset`;
        ``None`` embeds ``X`` itself (compressed float64 bytes, exact), e.g. for an uploaded CSV.
    changes : ``[(after_epoch, {param: value}), ...]``: settings changed mid-run (learning rate, L2, dropout,
        noise), applied after that many epochs, as the app's trainer did.
    changes_exact : False when the epoch of a change is only approximately known (it was made while
        training ran); the script then says that its loss may differ from the app's.
    app_final_loss : the app's final loss, printed for comparison.
    notes : warnings about the run that the script cannot replay (e.g. weights imported from a file);
        written as comments and printed.
    """
    epochs = int(epochs)
    merged: dict[int, dict[str, Any]] = {}
    for after, changed in changes or []:
        if 0 < int(after) < epochs:
            merged.setdefault(int(after), {}).update(changed)
    changes = sorted(merged.items())
    params = _jsonable(dict(params))
    if dataset is None:
        N, D = np.shape(X)
        data_code = (
            "# The data is embedded (it came from an uploaded file, which the script cannot fetch).\n"
            f"X = np.frombuffer(zlib.decompress(base64.b64decode(DATA)), dtype='<f8').reshape({N}, {D}).copy()\n"
        )
        data_block = f'DATA = (\n{_wrap(embed_array(X))}\n)\n'
    else:
        options = {k: v for k, v in dataset.items() if k != "name"}
        args = ", ".join([repr(dataset["name"])] + [f"{k}={v!r}" for k, v in sorted(options.items())])
        data_code = f"X = load_dataset({args}).X\n"
        data_block = ""
    if changes and not changes_exact:
        note = ("# NOTE: settings were changed while the app was training, so the exact epoch of each change is\n"
                "# only approximately known. The final loss below may differ slightly from the app's.\n")
    elif changes:
        note = "# Settings changed mid-run are applied after the same epochs as in the app.\n"
    else:
        note = "# No setting changed during the run: this reproduces the app's final loss.\n"
    for extra in notes:
        note += f"# NOTE: {extra}\n"
    lines = [
        '"""' + title + ".",
        "",
        "Run it from the folder that holds the app's code (it imports the course's `core` library):",
        "    python playground_run.py",
        "It prints the final loss; with the same seed it matches the app's loss.",
        '"""',
        "import base64  # noqa: F401  (used when the data is embedded)",
        "import hashlib",
        "import sys",
        "import zlib  # noqa: F401",
        "",
        "import numpy as np",
        "",
        "from core import Autoencoder, TrainingDiverged, load_dataset  # noqa: F401",
        "",
        f"PARAMS = {pprint.pformat(params, sort_dicts=True)}",
        "PARAMS['hidden_layer_sizes'] = tuple(PARAMS['hidden_layer_sizes'])",
        f"EPOCHS = {epochs}",
        f"CHANGES = {changes!r}  # (after epoch, settings) as changed in the app",
        f"APP_FINAL_LOSS = {app_final_loss!r}",
        f"DATA_FINGERPRINT = {data_fingerprint(X)!r}",
        data_block,
        note,
        data_code,
        "X = np.ascontiguousarray(X, dtype=np.float64)",
        "fingerprint = hashlib.sha256(repr(X.shape).encode() + X.tobytes()).hexdigest()[:16]",
        "if fingerprint != DATA_FINGERPRINT:",
        "    print('warning: the data differs from the app\\'s (different library version?)', file=sys.stderr)",
        "",
        "model = Autoencoder(**PARAMS)",
        "pending = dict(CHANGES)",
        "loss = float('nan')",
        "try:",
        "    for record in model.fit_iter(X, epochs=EPOCHS):",
        "        loss = record['loss']",
        "        if record['epoch'] in pending:",
        "            model.set_params(**pending[record['epoch']])",
        "except TrainingDiverged as exc:",
        "    print(f'training diverged: {exc}', file=sys.stderr)",
        *[f"print({('note: ' + extra)!r}, file=sys.stderr)" for extra in notes],
        "print(f'epochs: {model.n_epochs_}')",
        "print(f'final loss: {loss!r}')",
        "if APP_FINAL_LOSS is not None:",
        "    print(f'app final loss: {APP_FINAL_LOSS!r} (difference {abs(loss - APP_FINAL_LOSS):.3g})')",
        "",
    ]
    return "\n".join(lines)


def _wrap(text: str, width: int = 96) -> str:
    return "\n".join(f'    "{text[i:i + width]}"' for i in range(0, len(text), width))
