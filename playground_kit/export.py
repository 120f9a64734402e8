"""Take a trained autoencoder out of the app, and bring its weights back in.

Three exports describe one training run:

- `weights_to_npz(model)`: the learned arrays ``coefs_[l]`` (n_in x n_out) and ``intercepts_[l]`` (n_out,)
  in a NumPy ``.npz`` archive, plus the estimator's settings as JSON text. Only numeric and unicode arrays
  are written, so the file loads with ``allow_pickle=False``.
- `history_to_csv(history)`: one line per epoch (epoch, loss, val_loss, seconds).
- `training_script(...)`: a self-contained Python script that rebuilds the same data and the same
  `core.Autoencoder`, trains it for the same number of epochs with the same seed and prints the final loss.

`weights_from_npz(data, model)` reads such an archive back, checking every member's name, unpacked size and
``.npy`` header against the model before it reads any data; anything it cannot use raises `DataError` with a
message a learner understands (never a pickle load, never another exception type). `imported_loss` then refuses
weights whose loss on the learner's data is not finite.
"""

from __future__ import annotations

import base64
import copy
import csv
import hashlib
import io
import json
import math
import pprint
import re
import unicodedata
import zipfile
import zlib
from typing import Any, NamedTuple

import numpy as np
from numpy.lib import format as npformat

from core.errors import DataError
from core.metrics import mse
from core.params import MAX_HIDDEN_LAYERS

#: The weights uploader's limit in MB. The largest network the app allows (200 features, 6 encoder layers of 512)
#: exports 22.7 MB, uncompressed (`tests/playground/test_export.py` checks it round-trips).
MAX_WEIGHTS_MB = 24
#: Largest weights file, and largest total unpacked size, that `weights_from_npz` accepts.
MAX_WEIGHTS_BYTES = MAX_WEIGHTS_MB * 1_000_000  # the uploader counts 10**6 bytes a MB (2**20 on Windows): the less
HEADER_BYTES = 4096  # allowance for one member's .npy header (NumPy writes 128 bytes)
MAX_MEMBERS = 64  # zip entries; a weights file holds 4 per encoder layer + 3, at most 27
PARAMS_JSON_BYTES = 65_536  # the settings text saved beside the weights (about 2 kB)
_NPY_VERSIONS = {(1, 0): npformat.read_array_header_1_0, (2, 0): npformat.read_array_header_2_0}
_UPLOAD_OURS = "Upload the .npz file downloaded with 'Download weights'."
_SAME_SETTINGS = "Choose the same dataset, layers and code size as when the weights were saved."


class _Member(NamedTuple):
    """What one array of a weights file may be: its shape, NumPy kinds and widest item (bytes), for messages."""

    shape: tuple[int, ...]
    kinds: str
    itemsize: int
    what: str

    @property
    def max_bytes(self) -> int:
        """The member's largest unpacked size: its header and its data at the widest item."""
        return HEADER_BYTES + math.prod(self.shape) * self.itemsize


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
    ``model.intercepts_``. Raises `DataError` (what is wrong, what to do), and nothing else, for: an empty,
    oversized or non-``.npz`` file, a file that needs pickle, missing or unknown arrays, a different number of
    layers, any shape mismatch (the message names the layer and both shapes), non-numeric or non-finite values.

    Nothing is unpacked before every member has been checked against the model: its name, its unpacked size
    (``ZipInfo.file_size``) and its ``.npy`` header (shape, dtype). So a small file that claims or unpacks to a
    huge array costs no memory, and the data read is never larger than the model's own arrays.
    """
    coefs, intercepts = _model_arrays(model)
    expected = _expected_members(coefs, intercepts)
    _check_file_size(data)
    try:
        with _opened_zip(data) as archive:
            infos = _checked_names(archive, expected, len(coefs))
            _check_total(infos)
            for name, info in infos.items():
                _check_member(archive, info, name, expected[name])
            arrays = {name: _read_array(archive, infos[name], name, expected[name])
                      for name in expected if name.startswith(("coef_", "intercept_"))}
    except DataError:
        raise
    except Exception as exc:  # zipfile, zlib and numpy raise a dozen types for damaged bytes; one message for all
        raise DataError(f"The weights file is damaged (it could not be unpacked). {_UPLOAD_OURS}") from exc
    n_layers = len(coefs)
    new_coefs = [arrays[f"coef_{i}"] for i in range(n_layers)]
    _check_tied(model, new_coefs)
    return new_coefs, [arrays[f"intercept_{i}"] for i in range(n_layers)]


def imported_loss(model: Any, coefs: list[np.ndarray], intercepts: list[np.ndarray], X: np.ndarray) -> float:
    """The loss J/N on ``X`` of ``model`` with these weights, computed on a copy (``model`` is left as it is).

    Raises `DataError` when it is not finite: weights so large that the reconstructions overflow could be
    neither trained nor compared with PCA.
    """
    trial = copy.deepcopy(model)
    apply_weights(trial, coefs, intercepts)
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is what this checks for, not a warning
        loss = float(mse(trial.predict(X), X))
    if not math.isfinite(loss):
        raise DataError("With these weights the reconstructions of the current data overflow (the loss is "
                        "infinite), so they cannot be used; nothing was changed. " + _UPLOAD_OURS)
    return loss


def size_text(n_bytes: int, limit: int | None = None) -> str:
    """``n_bytes`` in bytes, kB or MB to 3 digits, or more if need be to differ from ``limit``: "1.02 MB", not
    "1.0 MB", beside a limit of 1 MB."""
    scale, unit = next((s, u) for s, u in ((10**6, "MB"), (10**3, "kB"), (1, "bytes")) if n_bytes >= s or s == 1)
    decimals = 0 if scale == 1 else max(0, 2 - int(math.log10(n_bytes / scale)))
    while limit is not None and n_bytes != limit and decimals < 9 and (
            _decimal(n_bytes / scale, decimals) == _decimal(limit / scale, decimals)):
        decimals += 1
    return f"{_decimal(n_bytes / scale, decimals)} {unit}"


def _decimal(x: float, decimals: int) -> str:
    text = f"{x:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _expected_members(coefs: list[np.ndarray], intercepts: list[np.ndarray]) -> dict[str, _Member]:
    """Every array a weights file for this model may hold (its name without ``.npy``), and what it may be."""
    members = {"n_layers": _Member((), "iu", 8, "saved counts"),  # plural names: the messages say "are"
               "n_features_in": _Member((), "iu", 8, "saved counts"),
               "params_json": _Member((), "U", PARAMS_JSON_BYTES, "saved settings")}
    for i, (W, b) in enumerate(zip(coefs, intercepts, strict=True)):
        members[f"coef_{i}"] = _Member(tuple(W.shape), "fiu", 8, f"layer {i + 1} weights")
        members[f"intercept_{i}"] = _Member(tuple(b.shape), "fiu", 8, f"layer {i + 1} biases")
    return members


def _check_file_size(data: bytes) -> None:
    if not data:
        raise DataError("The weights file is empty. Download the weights from this page and upload that file.")
    if len(data) > MAX_WEIGHTS_BYTES:
        raise DataError(f"The weights file is {size_text(len(data), MAX_WEIGHTS_BYTES)}; the limit is "
                        f"{size_text(MAX_WEIGHTS_BYTES)}. {_UPLOAD_OURS}")


def _opened_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, if ``data`` is a zip with a short directory; `DataError` otherwise."""
    if data.startswith(npformat.MAGIC_PREFIX):
        raise DataError("This file holds a single array, not a weights archive. Upload a .npz file from this page.")
    # zipfile builds one object per directory entry, each behind this signature: count them before it does.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise DataError(f"The file holds more than {MAX_MEMBERS} entries; a weights file holds at most "
                        f"{4 * MAX_HIDDEN_LAYERS + 3}. {_UPLOAD_OURS}")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, and others for bytes that only look like a zip at the end
        raise DataError("This is not a NumPy .npz weights file (it could not be opened as one). "
                        + _UPLOAD_OURS) from exc


def _checked_names(archive: zipfile.ZipFile, expected: dict[str, _Member], n_layers: int) -> dict[str, Any]:
    """The archive's members by array name, once the names are those of a weights file for this model."""
    infos: dict[str, Any] = {}
    for info in archive.infolist():
        name = info.filename.removesuffix(".npy")
        if name in infos:
            raise DataError(f"The file holds '{name}' twice, so it is damaged. {_UPLOAD_OURS}")
        infos[name] = info
    file_layers = sum(1 for name in infos if re.fullmatch(r"coef_\d+", name))
    if file_layers == 0:
        raise DataError("This .npz file holds no autoencoder weights (no 'coef_0' array). " + _UPLOAD_OURS)
    if file_layers != n_layers:
        matrices = "matrix" if file_layers == 1 else "matrices"
        raise DataError(f"The file has {file_layers} weight {matrices} but the current architecture has "
                        f"{n_layers}. Set the same layers and code size as when the weights were saved.")
    needed = [name for name in expected if name.startswith(("coef_", "intercept_"))]
    missing = [name for name in needed if name not in infos]
    if missing:
        raise DataError(f"The weights file is missing {', '.join(missing)}. Download the weights again.")
    # Unknown: a name this model has no array for, or one without the .npy that np.savez always adds.
    unknown = [info.filename for name, info in infos.items() if name not in expected or name == info.filename]
    if unknown:
        raise DataError(f"The file holds {unknown[0]!r}, which is not part of a weights file. {_UPLOAD_OURS}")
    return infos


def _check_total(infos: dict[str, Any]) -> None:
    total = sum(info.file_size for info in infos.values())
    if total > MAX_WEIGHTS_BYTES:
        raise DataError(f"The weights file unpacks to {size_text(total, MAX_WEIGHTS_BYTES)}; the limit is "
                        f"{size_text(MAX_WEIGHTS_BYTES)}. {_UPLOAD_OURS}")


def _check_member(archive: zipfile.ZipFile, info: Any, name: str, member: _Member) -> None:
    """One member's storage, unpacked size and .npy header against the model, without reading its data."""
    if info.flag_bits & 0x1:
        raise DataError(f"The file's '{name}' is encrypted. {_UPLOAD_OURS}")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise DataError(f"The file's '{name}' is packed in a way NumPy does not write. {_UPLOAD_OURS}")
    if info.file_size > member.max_bytes:
        raise DataError(f"The file's '{name}' unpacks to {size_text(info.file_size)}, but the {member.what} of the "
                        f"current model take at most {size_text(member.max_bytes)}. {_SAME_SETTINGS}")
    with archive.open(info) as raw:
        _npy_header(_Capped(raw, info.file_size), name, member, info.file_size)


def _npy_header(stream: _Capped, name: str, member: _Member, file_size: int) -> tuple[tuple[int, ...], bool, Any]:
    """Shape, Fortran order and dtype of a member's array, checked against ``member``; the stream is left
    at the first byte of the data."""
    try:
        version = npformat.read_magic(stream)
        read_header = _NPY_VERSIONS.get(version)
        if read_header is None:
            raise ValueError(f"unsupported .npy version {version}")
        shape, fortran, dtype = read_header(stream, max_header_size=HEADER_BYTES)
    except ValueError as exc:
        raise DataError(f"The file's '{name}' is not a NumPy array this page can read. {_UPLOAD_OURS}") from exc
    if dtype.hasobject:
        raise DataError(f"The {member.what} ('{name}') are Python objects, which only pickle can load; this "
                        f"page refuses pickle for safety. {_UPLOAD_OURS}")
    if dtype.kind not in member.kinds:  # structured and sub-array dtypes are kind "V"
        what = "numbers" if "f" in member.kinds or "i" in member.kinds else "text"
        raise DataError(f"The {member.what} ('{name}') are not {what} (dtype {dtype}). {_UPLOAD_OURS}")
    if dtype.itemsize > member.itemsize:
        raise DataError(f"The {member.what} ('{name}') are {dtype} values, wider than this page reads. {_UPLOAD_OURS}")
    if tuple(shape) != member.shape:
        raise DataError(f"The {member.what} have shape {tuple(shape)} but the current model needs "
                        f"{member.shape}. {_SAME_SETTINGS}")
    if stream.used + math.prod(shape) * dtype.itemsize != file_size:
        raise DataError(f"The file's '{name}' is damaged: its size does not match its shape. {_UPLOAD_OURS}")
    return tuple(shape), fortran, dtype


def _read_array(archive: zipfile.ZipFile, info: Any, name: str, member: _Member) -> np.ndarray:
    """A checked member's data as float64 (its size is known by now: at most the model's own array)."""
    with archive.open(info) as raw:
        stream = _Capped(raw, info.file_size)
        shape, fortran, dtype = _npy_header(stream, name, member, info.file_size)
        nbytes = math.prod(shape) * dtype.itemsize
        raw_data = stream.read(nbytes)
    if len(raw_data) != nbytes:
        raise DataError(f"The file's '{name}' is cut short. {_UPLOAD_OURS}")
    array = np.frombuffer(raw_data, dtype=dtype).reshape(shape, order="F" if fortran else "C").astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise DataError(f"The {member.what} contain NaN or infinite values; these weights cannot be used.")
    return array


def _check_tied(model: Any, coefs: list[np.ndarray]) -> None:
    """A tied decoder is the encoder transposed: weights from an untied model cannot be squeezed in."""
    n_layers = len(coefs)
    if getattr(model, "tied_weights", False):
        for i in range(n_layers // 2):
            if not np.allclose(coefs[n_layers - 1 - i], coefs[i].T, rtol=1e-12, atol=1e-12):
                raise DataError("These weights come from a model without tied weights, but 'Tied weights' is on. "
                                "Turn 'Tied weights' off to import them.")


class _Capped:
    """A zip member's stream that never reads past ``cap`` bytes, whatever a reader asks for.

    Why: zipfile inflates up to the size *asked for* before cutting at the member's stated size, so a reader
    asking for a header length of 4 GB (numpy does, if the header says so) would inflate a zip bomb.
    """

    def __init__(self, stream: Any, cap: int) -> None:
        self._stream, self._left, self.used = stream, cap, 0

    def read(self, n: int = -1) -> bytes:
        data = self._stream.read(self._left if n is None or n < 0 else min(n, self._left))
        self._left -= len(data)
        self.used += len(data)
        return data


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
        written as comments and printed. They may hold a learner's file name: like ``title``, each is put on one
        line without control characters and is only ever written in a comment or as a string literal.
    """
    notes, title = [_inert(extra) for extra in notes], _inert(title)
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
        '"""' + title.replace("\\", "\\\\").replace('"', '\\"') + ".",  # backslashes and quotes escaped
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


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # controls, bidi and other format marks, surrogates, line breaks


def _inert(text: Any) -> str:
    """``text`` on one line, without control or invisible format characters (a newline would end a comment and
    start code; a bidi override would make the comment read differently from what Python runs)."""
    return "".join(" " if unicodedata.category(c) in _UNPRINTABLE else c for c in str(text))


def _wrap(text: str, width: int = 96) -> str:
    return "\n".join(f'    "{text[i:i + width]}"' for i in range(0, len(text), width))
