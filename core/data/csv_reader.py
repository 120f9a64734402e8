"""Read a learner's own CSV file into a ``Dataset``, or say in plain words why it cannot be used.

``read_csv`` raises ``DataError`` (and nothing else) with a message that says what is wrong and
what to do. The rules, so that the page can state them:

* **Input**: a path, ``bytes``, or a file-like object (e.g. Streamlit's ``UploadedFile``).
* **Limits**: at most ``MAX_BYTES`` (1 MB), ``MAX_ROWS`` (5,000 data rows) and ``MAX_COLUMNS`` (200).
* **Encoding**: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, else
  Windows-1252 (Excel's "CSV" on Windows; Latin-1 text reads the same). Anything else is refused.
* **Delimiter**: comma, semicolon or tab, detected from the first rows (an Excel ``sep=;`` first line
  is obeyed). With semicolons or tabs a decimal comma (``1,5``) reads as 1.5.
* **Header**: the first row is a header if it holds text where the data below it holds numbers
  (or if it holds no numbers at all); otherwise the columns are named "column 1", "column 2", ...
* **Columns**: every column of numbers becomes a feature. One column may become the labels
  (``label_column``): with ``"auto"``, a column named label/labels/class/target/species/category,
  else the text column with the fewest distinct values (at most 50). Other text columns and empty
  columns are ignored, and ``Dataset.notes`` says so.
* **Missing or infinite values** (empty, NA, N/A, NaN, null, none, ?, -, inf): the rows that hold
  them are **dropped**, and ``Dataset.notes`` and ``Dataset.description`` say how many. A number
  column with a stray word in it is refused, naming the line.
"""

import codecs
import csv
import io
import math
import os
import re

import numpy as np

from core.data.datasets import Dataset
from core.errors import DataError

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_ABS_VALUE = 1e100  # beyond this, squaring in PCA or training overflows float64
MAX_LABEL_CLASSES = 50
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "?", "-", "#n/a", "#na"})
LABEL_NAMES = frozenset({"label", "labels", "class", "target", "species", "category"})

_UNEXPECTED = "Something in this file could not be read"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_FIX_ENCODING = "Save it from your spreadsheet as \"CSV UTF-8 (comma delimited)\" and upload it again."
_BINARY_MAGIC = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or a zip archive",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
_TEXT, _MISSING = "text", "missing"  # cell kinds; a number is kept as a float


def read_csv(file, *, label_column="auto", max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS):
    """Read a CSV file of numbers into a ``Dataset`` (name ``"csv"``).

    Parameters
    ----------
    file : str, os.PathLike, bytes or a binary/text file-like object
    label_column : "auto", None, str or int
        Which column holds labels: ``"auto"`` (see the module docstring), ``None`` (no labels),
        a column name from the header, or a 0-based column index.
    max_bytes, max_rows, max_columns : int
        Refuse files larger than this (bytes), with more data rows, or with more columns.

    Returns
    -------
    Dataset
        ``X`` (N x D float64, unscaled), ``feature_names``, ``y``/``y_kind``/``target_names`` from
        the label column (text or small integers: ``"class"`` codes; other numbers: ``"position"``),
        ``notes`` (rows dropped, columns ignored) and a ``description`` that repeats them.

    Raises
    ------
    DataError
        For anything it cannot use, with a message for the learner. Never any other exception.
    """
    try:
        data, filename = _read_bytes(file, max_bytes)
        text = _decode(data)
        return _build(text, filename, label_column, max_rows, max_columns)
    except DataError:
        raise
    except Exception as exc:  # a safety net: the tests check it is never reached
        raise DataError(f"{_UNEXPECTED} ({type(exc).__name__}). Check that it is a plain CSV file of numbers.") from exc


# --- bytes and text -------------------------------------------------------------------------------

def _read_bytes(file, max_bytes):
    if isinstance(file, (bytes, bytearray, memoryview)):
        data, filename = bytes(file), None
    elif isinstance(file, (str, os.PathLike)):
        filename = os.path.basename(os.fspath(file))
        try:
            with open(file, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise DataError(f"There is no file called {filename!r}.") from None
        except IsADirectoryError:
            raise DataError(f"{filename!r} is a folder, not a file.") from None
        except (OSError, ValueError) as exc:
            raise DataError(f"The file {filename!r} could not be opened ({exc}).") from None
    elif hasattr(file, "read"):
        filename = getattr(file, "name", None)
        try:
            file.seek(0)  # an UploadedFile may have been read already
        except Exception:
            pass
        data = file.read(max_bytes + 1)
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogatepass")
        if not isinstance(data, (bytes, bytearray)):
            raise DataError("The uploaded object did not give the contents of a file.")
        data = bytes(data)
    else:
        raise DataError(f"read_csv needs a file, a path or bytes, not {type(file).__name__}.")
    if len(data) > max_bytes:
        raise DataError(
            f"The file is larger than the limit of {_size(max_bytes)}. "
            "Keep fewer rows or columns (or a random sample of the rows) and try again."
        )
    return data, filename if isinstance(filename, str) else None


def _size(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} MB"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000} kB"
    return f"{n:,} bytes"


def _decode(data):
    if not data.strip():
        raise DataError("The file is empty. Choose a CSV file with a header row and rows of numbers.")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise DataError(f"This looks like {kind}, not a CSV text file. {_FIX_ENCODING}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"The file says it is UTF-16 text but it is not. {_FIX_ENCODING}") from None
    elif b"\x00" in data:
        raise DataError(
            "The file holds binary (non-text) content, so it is not a CSV file, "
            "or it is saved in an encoding this app cannot read (such as UTF-16 without a byte-order mark). "
            + _FIX_ENCODING
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise DataError(
                    f"The file is not in a text encoding this app can read (UTF-8 or Windows-1252). {_FIX_ENCODING}"
                ) from None
    text = text.lstrip("\ufeff")
    if _CONTROL.search(text):
        raise DataError(f"The file holds control characters, so it is not a plain CSV text file. {_FIX_ENCODING}")
    if not text.strip():
        raise DataError("The file is empty. Choose a CSV file with a header row and rows of numbers.")
    return text


# --- rows -----------------------------------------------------------------------------------------

def _split_rows(text, delimiter, limit):
    """Non-blank rows as (line number, fields), at most ``limit`` of them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for fields in reader:
            if any(f.strip() for f in fields):
                rows.append((reader.line_num, fields))
                if len(rows) >= limit:
                    break
    except csv.Error as exc:
        raise DataError(
            f"Line {reader.line_num} cannot be read as CSV ({exc}). Check its quotes (\") and its length."
        ) from None
    return rows


def _detect_delimiter(text):
    """The delimiter (and the text without an Excel ``sep=`` line) that splits the first rows best."""
    first_line, newline, rest = text.partition("\n")
    if first_line.lower().startswith("sep="):
        hint = first_line.rstrip("\r")[4:]
        if hint in DELIMITERS:
            return hint, newline + rest  # keep the line count, so messages name the right lines
        raise DataError(
            f"The first line asks for the delimiter {hint!r}; separate columns with commas, semicolons or tabs."
        )
    sample = text[:65536]
    best, best_score = ",", None
    for delimiter in DELIMITERS:
        try:
            rows = _split_rows(sample, delimiter, limit=200)
        except DataError:
            continue  # not this delimiter; the full read reports the problem if it is the one
        if len(text) > len(sample) and len(rows) > 1:
            rows = rows[:-1]  # the sample may cut its last row short
        if not rows or len(rows[0][1]) < 2:
            continue
        width = len(rows[0][1])
        consistent = sum(len(f) == width for _, f in rows) / len(rows)
        cells = [c for _, f in rows[1:] for c in f] or rows[0][1]
        numeric = sum(isinstance(_cell(c, delimiter != ","), float) for c in cells) / len(cells)
        score = (consistent, numeric, width)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best, text


def _cell(value, decimal_comma):
    """A float (never NaN), ``_MISSING`` or ``_TEXT``."""
    try:
        number = float(value)  # the common case first: float() ignores surrounding spaces itself
    except (ValueError, OverflowError):
        pass
    else:
        return number if number == number else _MISSING  # NaN is a missing value
    v = value.strip()
    if v.lower() in MISSING:
        return _MISSING
    if decimal_comma and v.count(",") == 1 and "." not in v:
        return _cell(v.replace(",", "."), False)
    return _TEXT


# --- from rows to a Dataset -----------------------------------------------------------------------

def _build(text, filename, label_column, max_rows, max_columns):
    delimiter, text = _detect_delimiter(text)
    decimal_comma = delimiter != ","
    rows = _split_rows(text, delimiter, limit=max_rows + 2)
    if not rows:
        raise DataError("The file is empty. Choose a CSV file with a header row and rows of numbers.")
    rows = _same_width(rows, delimiter, max_columns)
    width = len(rows[0][1])

    cells = [[_cell(v, decimal_comma) for v in fields] for _, fields in rows]
    has_header = _looks_like_header(cells)
    names = _column_names(rows[0][1] if has_header else [""] * width)
    body, lines = cells[1:] if has_header else cells, [line for line, _ in rows][int(has_header):]
    raw = [fields for _, fields in rows][int(has_header):]
    if len(body) > max_rows:
        raise DataError(
            f"The file has more than {max_rows:,} rows of data, the limit. Keep a sample of the rows and try again."
        )
    if not body:
        raise DataError("The file has a header row but no data below it. Add rows of numbers under the header.")
    if len(body) == 1:
        raise DataError("The file has only one row of data. PCA and autoencoders need many rows (samples): add more.")

    notes = [] if has_header else ["The first row holds no column names, so the columns are numbered."]
    kinds = _column_kinds(body, names, lines, raw, notes)
    label = _choose_label(label_column, names, kinds, body, raw)
    features = [j for j, kind in enumerate(kinds) if kind == "number" and j != label]
    ignored = [names[j] for j, kind in enumerate(kinds) if kind == "text" and j != label]
    if ignored:
        notes.append(f"Ignored text column(s): {_quote_list(ignored)}.")
    if not features and width == 1:
        raise DataError(
            "This app could not tell how the columns are separated, and the one column it found holds no "
            "numbers. Separate the columns with commas, semicolons or tabs."
        )
    if not features:
        raise DataError("No column of the file holds numbers, so there is nothing to analyse.")

    X = np.array([[row[j] if isinstance(row[j], float) else np.nan for j in features] for row in body])
    keep = np.isfinite(X).all(axis=1)
    if label is not None:
        keep &= np.array([_label_present(row[label]) for row in body])
    dropped = int((~keep).sum())
    if dropped:
        gone = [str(line) for line, k in zip(lines, keep, strict=True) if not k]
        where = ", ".join(gone[:5]) + (", ..." if dropped > 5 else "")
        notes.append(f"Dropped {dropped} of {len(body)} rows with missing or infinite values (lines {where}).")
    if keep.sum() < 2:
        raise DataError(
            f"Only {int(keep.sum())} row(s) have a value in every number column"
            + (" and a label" if label is not None else "")
            + ". Fill in the missing values (or delete mostly empty columns) and try again."
        )
    X = np.ascontiguousarray(X[keep])
    biggest = float(np.abs(X).max())
    if biggest > MAX_ABS_VALUE:
        raise DataError(f"The file holds values as large as {biggest:.3g}; rescale them to below {MAX_ABS_VALUE:.0e}.")

    y, y_kind, target_names = _labels(label, body, raw, keep, names, notes)
    feature_names = tuple(names[j] for j in features)
    what = f"Your file{f' {filename}' if filename else ''}: N = {X.shape[0]} rows, D = {X.shape[1]} number columns"
    sep = DELIMITERS[delimiter] + (" (decimal commas allowed)" if decimal_comma else "")
    description = " ".join([f"{what}, separated by {sep}.", *notes])
    return Dataset(
        name="csv", title=f"Your data ({filename})" if filename else "Your data", X=X, y=y, y_kind=y_kind,
        feature_names=feature_names, target_names=target_names, description=description, notes=tuple(notes),
    )


def _same_width(rows, delimiter, max_columns):
    """Rows cut to the number of columns in use; spreadsheets often add empty cells at the end."""
    used = [len(fields) - _trailing_blanks(fields) for _, fields in rows]
    width = max(used)
    if width > max_columns:
        raise DataError(f"The file has {width} columns; the limit is {max_columns}. Keep fewer columns and try again.")
    if all(len(fields) >= width for _, fields in rows):
        return [(line, fields[:width]) for line, fields in rows]
    usual = max(set(used), key=used.count)
    if usual == width:  # a few rows are short
        line, n = next((line, len(f)) for line, f in rows if len(f) < width)
    else:  # a few rows are long
        line, n = next((line, u) for (line, _), u in zip(rows, used, strict=True) if u > usual)
    raise DataError(
        f"Line {line} has {n} values but most rows have {usual}. Every row needs the same number of "
        f"values, separated by {DELIMITERS[delimiter]}; leave a cell empty to mark it missing."
    )


def _trailing_blanks(fields):
    n = 0
    while n < len(fields) and not fields[len(fields) - 1 - n].strip():
        n += 1
    return n


def _looks_like_header(cells):
    first, rest = cells[0], cells[1:]
    if not any(isinstance(c, float) for c in first) and _TEXT in first:
        return True
    for j, c in enumerate(first):
        below = [row[j] for row in rest if row[j] != _MISSING]
        if c == _TEXT and below and all(isinstance(b, float) for b in below):
            return True
    return False


def _column_names(header):
    names, seen = [], {}
    for j, raw in enumerate(header):
        name = raw.strip() or f"column {j + 1}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _column_kinds(body, names, lines, raw, notes):
    """'number', 'text' or 'empty' for each column; a number column with a stray word is refused."""
    kinds, empty = [], []
    for j, name in enumerate(names):
        column = [row[j] for row in body]
        n_text = column.count(_TEXT)
        n_number = len(column) - n_text - column.count(_MISSING)
        if n_text == 0 and n_number == 0:
            kinds.append("empty")
            empty.append(name)
        elif n_text == 0:
            kinds.append("number")
        elif n_number > n_text:
            i = next(i for i, c in enumerate(column) if c == _TEXT)
            raise DataError(
                f"Column {name!r} holds numbers, but line {lines[i]} has {raw[i][j].strip()[:40]!r} in it. "
                "Correct that value, or leave the cell empty to mark it missing."
            )
        else:
            kinds.append("text")
    if empty:
        notes.append(f"Ignored empty column(s): {_quote_list(empty)}.")
    return kinds


def _choose_label(label_column, names, kinds, body, raw):
    """Index of the label column, or None."""
    if label_column is None:
        return None
    if isinstance(label_column, str) and label_column != "auto":
        matches = [j for j, n in enumerate(names) if n == label_column.strip()]
        matches = matches or [j for j, n in enumerate(names) if n.lower() == label_column.strip().lower()]
        if not matches:
            raise DataError(f"There is no column called {label_column!r}. The columns are {_quote_list(names)}.")
        j = matches[0]
    elif isinstance(label_column, int) and not isinstance(label_column, bool):
        if not -len(names) <= label_column < len(names):
            raise DataError(f"There is no column number {label_column}: the file has {len(names)} columns.")
        j = label_column % len(names)
    elif label_column == "auto":
        named = [j for j, n in enumerate(names) if n.lower() in LABEL_NAMES and kinds[j] != "empty"]
        if named:
            return named[0]
        distinct = {j: len({r[j].strip() for r in raw} - {""}) for j, k in enumerate(kinds) if k == "text"}
        small = [j for j, n in distinct.items() if n <= MAX_LABEL_CLASSES]
        return min(small, key=lambda j: (distinct[j], j)) if small else None
    else:
        raise DataError(f"label_column must be 'auto', None, a column name or a column number, not {label_column!r}.")
    if kinds[j] == "empty":
        raise DataError(f"The label column {names[j]!r} is empty.")
    return j


def _label_present(cell):
    if cell == _TEXT:
        return True
    return isinstance(cell, float) and math.isfinite(cell)


def _labels(label, body, raw, keep, names, notes):
    """(y, y_kind, target_names) from the label column: class codes, or floats for a continuous one."""
    if label is None:
        return None, None, None
    cells = [row[label] for row, k in zip(body, keep, strict=True) if k]
    values = [r[label].strip() for r, k in zip(raw, keep, strict=True) if k]
    numbers = all(isinstance(c, float) for c in cells)
    if numbers and not (all(c == int(c) for c in cells) and len(set(cells)) <= MAX_LABEL_CLASSES):
        notes.append(f"Colour from column {names[label]!r} (a number per row).")
        return np.array(cells, dtype=np.float64), "position", None
    if numbers:
        classes = sorted(set(cells))
        target_names = tuple(f"{c:g}" if abs(c) < 1e15 else str(c) for c in classes)
        codes = {c: i for i, c in enumerate(classes)}
        y = np.array([codes[c] for c in cells], dtype=np.int64)
    else:
        target_names = tuple(sorted(set(values)))
        codes = {c: i for i, c in enumerate(target_names)}
        y = np.array([codes[v] for v in values], dtype=np.int64)
    notes.append(f"Labels from column {names[label]!r} ({len(target_names)} classes).")
    return y, "class", target_names


def _quote_list(names, limit=8):
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
