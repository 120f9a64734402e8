"""Read a learner's own CSV file into a ``Dataset``, or say in plain words why it cannot be used.

``read_csv`` raises ``DataError`` (and nothing else) with a message that says what is wrong and
what to do. It reads a file as a person would, and refuses what a person could not tell. The rules,
so that the page can state them:

* **Input**: a path, ``bytes``, or a file-like object (e.g. Streamlit's ``UploadedFile``).
* **Limits**: at most ``MAX_BYTES`` (1 MB), ``MAX_ROWS`` (5,000 data rows) and ``MAX_COLUMNS`` (200).
* **Encoding**: UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, else
  Windows-1252 (Excel's "CSV" on Windows; Latin-1 text reads the same). Anything else is refused.
* **Delimiter**: comma, semicolon or tab, detected from the first rows (an Excel ``sep=;`` first line
  is obeyed).
* **Numbers** are read as people and spreadsheets write them: ``1.5`` or ``1,5`` (a decimal comma:
  unquoted in a semicolon or tab file, quoted in a comma file), ``-2``, ``−2`` or ``(2)`` (negative),
  ``1e-3`` or ``1,5E-3``, with thousands separators (``1,234,567``, ``1.234.567,8``, ``1 234``,
  ``1'234``, ``1,00,000``), with a percent sign (``12.3%`` reads as 12.3) or a currency sign (``$1,234.50``,
  ``12,50 €``). One column holds one kind of sign (not both $ and €). ``1_000`` and ``0x10`` are text.
* **Decimal point or comma?** ``1.000`` or ``1,234`` reads either way. It is read the way the other
  numbers of its column show, else those of the file (``1.5``: a decimal point; ``0,5`` or ``1.234,5``:
  a decimal comma); a comma-separated file that shows neither uses decimal points. When nothing tells,
  the file is refused, naming the column.
* **Header**: the first row is a header if it holds text where the data below it holds numbers
  (or if it holds no numbers at all); otherwise the columns are named "column 1", "column 2", ...
  Empty names become "column 3" and repeated ones "x (2)": every name differs. scikit-learn's first
  line "N, D, class names" (its ``iris.csv``, ``wine_data.csv``, ``breast_cancer.csv``) is read as it
  means: N rows of D features "column 1".."column D", and a last column "class" named by those names.
* **Around the table** (each said in ``Dataset.notes``): a row under the header that holds only text,
  over columns of numbers, gives their units ("height (cm)"); a title (one text cell above the header),
  a note below the table (one text cell under a row of numbers), a repeat of the header, and last rows
  that are totals are skipped: a cell reads total, sum, average, ... (once in its column), or, under
  at least 5 rows, a row without text holds in each of two or more number columns the sum of those above.
* **Columns**: every column of numbers becomes a feature, except pandas' index: first columns named
  "", "Unnamed: 0" or "index" that hold different whole numbers (0, 1, 2, ...; shuffled or with gaps
  once rows were sorted or dropped). One column may become the labels
  (``label_column``): with ``"auto"``, a column named label/labels/class/target/species/category, else
  the text column with the fewest distinct values. Labels must repeat to be guessed: at most
  ``MAX_LABEL_CLASSES`` (50) classes **and** at most half as many classes as rows (rounded up); a
  named number column that does not repeat colours by its value. Other text columns and empty
  columns are ignored, and ``Dataset.notes`` says so, as it says which numbers were read from signs.
* **Missing or infinite values** (empty, NA, N/A, NaN, null, none, ?, -, –, inf, and Excel's
  #N/A, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!): the rows that hold them are **dropped**, and
  ``Dataset.notes`` and ``Dataset.description`` say how many. A number column with a stray word in it
  is refused, naming the line.
"""

import codecs
import csv
import functools
import io
import math
import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from core.data.datasets import Dataset
from core.errors import DataError

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
MAX_COLUMNS = 200
MAX_ABS_VALUE = 1e100  # beyond this, squaring in PCA or training overflows float64
MAX_LABEL_CLASSES = 50
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
MISSING = frozenset({"", "na", "n/a", "nan", "null", "none", "?", "-", "\u2013", "\u2014", "#n/a", "#na",
                     "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!"})
LABEL_NAMES = frozenset({"label", "labels", "class", "target", "species", "category"})
INDEX_NAME = re.compile(r"|index|unnamed: \d+", re.IGNORECASE)  # what pandas writes over its index
TOTAL_WORDS = frozenset({"total", "totals", "grand total", "subtotal", "sum", "average", "mean",
                         "gesamt", "summe", "insgesamt", "totaal", "totale", "somme", "moyenne", "suma"})

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
_TEXT, _MISSING = "text", "missing"  # cell kinds; a number is a float, or a _Number until its column is read
_SIGNS = "-+\u2212"  # U+2212 is the minus sign some spreadsheets write
_CURRENCY = "$€£¥₹₩₽₺₪"
_GROUPING = "., '\u00a0\u202f\u2009\u2019"  # decimal marks and thousands separators people write
_MANTISSA = re.compile(rf"([\d{_GROUPING}]+)([eE][-+]?\d+)?")


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
        the label column (text or repeating integers: ``"class"`` codes; other numbers: ``"position"``),
        ``notes`` (rows dropped, columns ignored, numbers read from signs) and a ``description`` that
        repeats them.

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
        numeric = sum(_is_number(_token(c)) for c in cells) / len(cells)
        score = (consistent, numeric, width)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best, text


def _used(fields):
    """The fields without the empty cells that spreadsheets add at the end of a row."""
    n = len(fields)
    while n and not fields[n - 1].strip():
        n -= 1
    return fields[:n]


# --- numbers as people write them -----------------------------------------------------------------

class _Number(NamedTuple):
    """A number that is not simply a float: 1.000 (one, or one thousand?), 2,5, 1,234, $5, 12%, (5).

    ``dot`` and ``comma``: its value if "." is the decimal mark and if "," is (None: not a number so).
    """

    dot: float | None
    comma: float | None
    shows: str | None  # the one decimal mark it can be read with ("1.5": "."), or None ("12", "1.000")
    digits: str = ""  # as written, without sign, unit and exponent
    unit: str = ""  # "%" or a currency sign, dropped
    brackets: bool = False  # (5) is -5, as accountants write it

    def read(self, mark):
        """(value, decimal mark used); with two different readings, the one for ``mark`` ((None, None) if no mark)."""
        if self.comma is None or self.dot == self.comma:
            return self.dot, "."
        if self.dot is None:
            return self.comma, ","
        if mark is None:
            return None, None
        return (self.dot, ".") if mark == "." else (self.comma, ",")


@functools.lru_cache(maxsize=1 << 16)  # columns repeat their values; this keeps big files fast
def _token(value):
    """A float, a ``_Number``, ``_MISSING`` or ``_TEXT``."""
    v = value.strip()
    low = v.lower()
    if low in MISSING or low.lstrip(_SIGNS) == "nan":
        return _MISSING
    plain = _plain(v)
    if plain is not None:
        return plain
    if low.lstrip(_SIGNS) in ("inf", "infinity"):  # with the minus sign U+2212, which float() refuses
        x = -math.inf if low[0] in "-\u2212" else math.inf
        return _Number(x, x, None)
    return _number(v) or _TEXT


def _is_number(token):
    return type(token) is float or type(token) is _Number


def _plain(v):
    """The common cases, quickly: 12, -2.5, 3e-05 as a float; 2,5 and 1.000 (one, or one thousand?) as a _Number."""
    mark = "," if "," in v else "."
    try:
        x = float(v.replace(",", ".") if mark == "," else v)
    except ValueError:
        return None
    if "_" in v:
        return None  # Python reads 1_000, but no spreadsheet writes it
    whole, point, fraction = v.lstrip("+-").partition(mark)
    if point and len(fraction) == 3 and fraction.isdecimal() and 0 < len(whole) <= 3 and whole[0] != "0":
        thousands = float(v.replace(mark, ""))
        return _Number(*((x, thousands) if mark == "." else (thousands, x)), None, f"{whole}{mark}{fraction}")
    return _Number(None, x, ",") if mark == "," else x


def _number(v):
    """Strip brackets, a sign, a percent or currency sign, and read what is left both ways; None if not a number."""
    brackets = len(v) > 2 and v[0] == "(" and v[-1] == ")"
    if brackets:
        v = v[1:-1].strip()
    unit = ""
    if v and (v[-1] in _CURRENCY or v[-1] == "%"):
        unit, v = v[-1], v[:-1].rstrip()
    sign, v = _sign(v)
    if v and v[0] in _CURRENCY and not unit:
        unit, v = v[0], v[1:].lstrip()
        if not sign:
            sign, v = _sign(v)  # "$-5" as well as "-$5"
    match = _MANTISSA.fullmatch(v)
    if not match or (brackets and sign):
        return None
    digits, exponent = match.group(1), match.group(2) or ""
    negative = brackets or sign in ("-", "\u2212")
    dot, comma = (_read_as(digits, exponent, mark, negative) for mark in ".,")
    if dot is None and comma is None:
        return None
    shows = "." if comma is None else "," if dot is None else None
    return _Number(dot, comma, shows, digits, unit, brackets)


def _sign(v):
    return (v[0], v[1:].lstrip()) if v[:1] and v[0] in _SIGNS else ("", v)


def _read_as(digits, exponent, mark, negative):
    """The number ``digits`` + ``exponent`` with ``mark`` as the decimal mark, or None if it is not one so written."""
    whole, point, fraction = digits.partition(mark)
    if point and not (fraction.isdecimal() or (whole and not fraction)):
        return None
    if exponent and not whole.isdecimal() and whole:
        return None  # nobody groups thousands in 1.5e3
    whole = _ungroup(whole, mark)
    if whole is None or not (whole or fraction):
        return None
    value = float(f"{whole or 0}.{fraction or 0}{exponent}")
    return -value if negative else value


def _ungroup(whole, mark):
    """The digits of ``whole`` without thousands separators, or None unless they group it as people do."""
    if whole.isdecimal() or not whole:
        return whole
    separators = set(re.sub(r"\d", "", whole))
    if len(separators) != 1 or mark in separators:
        return None
    groups = whole.split(separators.pop())
    sizes = [len(g) for g in groups]
    if not all(g.isdecimal() for g in groups) or groups[0].startswith("0"):
        return None
    western = sizes[0] <= 3 and all(s == 3 for s in sizes[1:])  # 1,234,567
    indian = sizes[0] <= 2 and sizes[-1] == 3 and all(s == 2 for s in sizes[1:-1])  # 12,34,567
    return "".join(groups) if western or indian else None


def _show(x):
    return f"{x:.15g}"


# --- the table: header, data rows, and what surrounds them ----------------------------------------

@dataclass
class _Table:
    """Column names and, for each data row, its line number, its fields as written and its cells."""

    header: list | None  # the header's fields as written; None when the first row is data
    names: list
    lines: list
    raw: list
    cells: list  # per row, per column: a float, _Number, _MISSING or _TEXT; number columns' become floats
    notes: list = field(default_factory=list)
    class_names: tuple | None = None  # from scikit-learn's "N, D, class names" first line

    def drop(self, positions):
        gone = set(positions)
        keep = [i for i in range(len(self.lines)) if i not in gone]
        self.lines, self.raw, self.cells = ([rows[i] for i in keep] for rows in (self.lines, self.raw, self.cells))

    def column(self, j):
        return [row[j] for row in self.cells]


def _table(text, delimiter, max_rows, max_columns):
    rows = _split_rows(text, delimiter, limit=max_rows + 10)  # room for a header, units, a title and totals
    if not rows:
        raise DataError("The file is empty. Choose a CSV file with a header row and rows of numbers.")
    notes = []
    rows = _drop_margins(rows, notes)
    rows, class_names = _count_line(rows, notes, max_rows)
    rows = _same_width(rows, delimiter, max_columns)
    cells = [[_token(v) for v in fields] for _, fields in rows]
    has_header = class_names is not None or _looks_like_header(cells)
    header = rows[0][1] if has_header else None
    if not has_header:
        notes.insert(0, "The first row holds no column names, so the columns are numbered.")
    table = _Table(header, _column_names(header or [""] * len(rows[0][1])), [line for line, _ in rows],
                   [fields for _, fields in rows], cells, notes, class_names)
    table.drop([0] if has_header else [])
    if has_header:
        _units_row(table)
        _repeated_header(table)
    _total_words(table)
    _check_row_count(table, max_rows)
    return table


def _drop_margins(rows, notes):
    """Skip a title (one text cell above a header) and footnotes (one text cell below a row of numbers)."""
    if max(len(_used(f)) for _, f in rows) < 2:
        return rows
    start = 0
    while start + 1 < len(rows) and _lone_text(rows[start][1]) and _header_like(rows[start + 1][1]):
        start += 1
    end = len(rows)
    while end - 1 > start + 1 and _lone_text(rows[end - 1][1]):
        end -= 1
    if end < len(rows) and not any(_is_number(_token(f)) for f in rows[end - 1][1]):
        end = len(rows)  # rows of text and missing numbers, not a footnote below a table of numbers
    for what, skipped in (("a title", rows[:start]), ("a note below the table", rows[end:])):
        for line, fields in skipped:
            notes.append(f"Skipped line {line} ({fields[0].strip()[:40]!r}): {what}, not data.")
    return rows[start:end]


def _lone_text(fields):
    used = _used(fields)
    return len(used) == 1 and _token(used[0]) == _TEXT


def _header_like(fields):
    return len(_used(fields)) >= 2 and not any(_is_number(_token(f)) for f in fields)


def _count_line(rows, notes, max_rows):
    """scikit-learn's first line "N, D, class names" over rows ending in a class number.

    Returns (the rows with a header instead of that line, the class names), else (rows, None).
    """
    line, first = rows[0]
    used, below = _used(first), rows[1:]
    tokens = [_token(v) for v in used]
    if len(used) < 3 or not all(map(_is_count, tokens[:2])) or any(t != _TEXT for t in tokens[2:]):
        return rows, None
    n, d, class_names = int(tokens[0]), int(tokens[1]), tuple(v.strip() for v in used[2:])
    fits = len(below) == n or {len(_used(f)) for _, f in below} == {d + 1}
    if not fits or not all(_used(f) and _is_number(_token(_used(f)[-1])) for _, f in below):
        return rows, None  # two whole numbers at the start of an ordinary first row
    if len(below) > max_rows:
        raise _too_many_rows(max_rows)
    problem = _count_line_problem(n, d, len(class_names), below)
    if problem:
        raise DataError(
            f"The first line ({', '.join(v.strip() for v in used)}) looks like scikit-learn's \"rows, columns, "
            f"class names\" line, but {problem}. Correct it, or replace it with a row of column names."
        )
    notes.append(
        f"The first line gives the number of rows ({n}), of features ({d}) and the class names, as in "
        f"scikit-learn's data files: the last column is the class, named {', '.join(class_names)}."
    )
    return [(line, [""] * d + ["class"])] + below, class_names


def _is_count(token):
    return type(token) is float and math.isfinite(token) and token >= 1 and token == int(token)


def _count_line_problem(n, d, n_classes, below):
    if len(below) != n:
        return f"the file has {len(below)} rows of data below it, not {n}"
    for line, fields in below:
        if len(_used(fields)) != d + 1:
            return f"line {line} has {len(_used(fields))} values, not {d + 1} ({d} features and the class)"
        code = _token(fields[d])
        if type(code) is not float or code not in range(n_classes):
            return (f"line {line} has {fields[d].strip()[:20]!r} in its last column, where a class number "
                    f"from 0 to {n_classes - 1} should be")
    return None


def _same_width(rows, delimiter, max_columns):
    """Rows cut to the number of columns in use; spreadsheets often add empty cells at the end."""
    used = [len(_used(fields)) for _, fields in rows]
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


def _looks_like_header(cells):
    first, rest = cells[0], cells[1:]
    if not any(_is_number(c) for c in first) and _TEXT in first:
        return True
    for j, c in enumerate(first):
        below = [row[j] for row in rest if row[j] != _MISSING]
        if c == _TEXT and below and all(_is_number(b) for b in below):
            return True
    return False


def _column_names(header):
    """The header's names, "column j" for an empty one and "name (k)" for a repeat: all different."""
    written, names = {raw.strip() for raw in header}, []
    for j, raw in enumerate(header):
        base = name = raw.strip() or f"column {j + 1}"
        k = 1
        while name in names or (name in written and name != raw.strip()):  # never take another column's name
            k += 1
            name = f"{base} ({k})"
        names.append(name)
    return names


def _units_row(table):
    """A first data row of text (no numbers) over a column of numbers holds units: add them to the names."""
    if not table.cells:
        return
    first, rest = table.cells[0], table.cells[1:]
    if any(_is_number(c) for c in first) or not any(
            c == _TEXT and _numbers_only([row[j] for row in rest]) for j, c in enumerate(first)):
        return
    units = [u.strip().strip("()[]").strip() if _numbers_only([row[j] for row in rest]) else ""
             for j, u in enumerate(table.raw[0])]
    named = [f"{h.strip()} ({u})" if u and h.strip() else h.strip() or u for h, u in zip(table.header, units)]
    table.names = _column_names(named)
    table.notes.append(f"Line {table.lines[0]} ({', '.join(u for u in units if u)}) holds units, not numbers: "
                       "added to the names of the number columns.")
    table.drop([0])


def _numbers_only(column):
    present = [c for c in column if c != _MISSING]
    return bool(present) and all(_is_number(c) for c in present)


def _repeated_header(table):
    """Files pasted together repeat their header: skip those rows."""
    header = [h.strip() for h in table.header]
    again = [i for i, fields in enumerate(table.raw) if [f.strip() for f in fields] == header]
    if again:
        lines = ", ".join(str(table.lines[i]) for i in again)
        table.notes.append(f"Skipped line(s) {lines}: they repeat the header.")
        table.drop(again)


def _total_words(table):
    """Skip last rows that say they are totals ("Total", "Sum", "Average", ...), each word once in its column."""
    while len(table.raw) > 2:
        *above, last = table.raw
        word = next((f.strip() for j, f in enumerate(last)  # once: a class called "mean" is no total
                     if _is_total(f) and not any(_same(row[j], f) for row in above)), None)
        if word is None:
            return
        table.notes.append(f"Skipped line {table.lines[-1]} ({word!r}): a total, not data.")
        table.drop([len(above)])


def _same(a, b):
    return a.strip().lower() == b.strip().lower()


def _is_total(value):
    return value.strip().rstrip(":").strip().lower() in TOTAL_WORDS


def _too_many_rows(max_rows):
    return DataError(
        f"The file has more than {max_rows:,} rows of data, the limit. Keep a sample of the rows and try again."
    )


def _check_row_count(table, max_rows):
    if len(table.cells) > max_rows:
        raise _too_many_rows(max_rows)
    if not table.cells:
        raise DataError("The file has a header row but no data below it. Add rows of numbers under the header.")
    if len(table.cells) == 1:
        raise DataError("The file has only one row of data. PCA and autoencoders need many rows (samples): add more.")


# --- columns --------------------------------------------------------------------------------------

def _column_kinds(table):
    """'number', 'text' or 'empty' for each column; a number column with a stray word is refused."""
    kinds, empty = [], []
    for j, name in enumerate(table.names):
        column = table.column(j)
        n_text = column.count(_TEXT)
        n_number = len(column) - n_text - column.count(_MISSING)
        if n_text == 0 and n_number == 0:
            kinds.append("empty")
            empty.append(name)
        elif n_text == 0:
            kinds.append("number")
        elif n_number > n_text:
            i = column.index(_TEXT)
            raise DataError(
                f"Column {name!r} holds numbers, but line {table.lines[i]} has {table.raw[i][j].strip()[:40]!r} in "
                "it. Correct that value, or leave the cell empty to mark it missing."
            )
        else:
            kinds.append("text")
    if empty:
        table.notes.append(f"Ignored empty column(s): {_quote_list(empty)}.")
    return kinds


def _read_numbers(table, kinds, default_mark):
    """Each number column's cells become floats; True if some were read with a decimal comma.

    A number that reads both ways (1.000) is read with the decimal mark that the other numbers of its
    column show, else those of the file, else ``default_mark``; with none, the file is refused.
    """
    numbers = [j for j, kind in enumerate(kinds) if kind == "number"]
    unsure = [j for j in numbers if any(map(_reads_both_ways, table.column(j)))]
    own = {j: _marks(table, j) for j in unsure}
    in_file = set() if all(own.values()) else set().union(*(_marks(table, j) for j in numbers))  # before any is read
    comma = False
    for j in numbers:
        marks = (own[j] or in_file or {default_mark}) if j in own else set()
        comma |= _read_column(table, j, next(iter(marks)) if len(marks) == 1 else None)
    return comma


def _reads_both_ways(cell):
    return type(cell) is _Number and None not in (cell.dot, cell.comma) and cell.dot != cell.comma


def _marks(table, j):
    """The decimal marks that the numbers of column j show: "." for a float written with one."""
    marks = {cell.shows for cell in table.column(j) if type(cell) is _Number} - {None}
    rows = zip(table.cells, table.raw, strict=True)
    if "." not in marks and any(type(row[j]) is float and "." in fields[j] for row, fields in rows):
        marks.add(".")
    return marks


def _read_column(table, j, mark):
    """Column j's numbers as floats, reading those that read both ways with ``mark``; notes what needed reading."""
    name, examples, units, comma, special = table.names[j], {}, set(), False, 0
    for row, fields, line in zip(table.cells, table.raw, table.lines, strict=True):
        cell = row[j]
        if type(cell) is not _Number:
            continue
        row[j], used = cell.read(mark)
        if row[j] is None:
            raise _ambiguous(name, fields[j], line, cell)
        comma |= used == ","
        units.add(cell.unit)
        reasons = list(_reasons(cell, used))
        special += bool(reasons)
        for reason in reasons:
            examples.setdefault(reason, f"{fields[j].strip()!r} as {_show(row[j])}")
    if len(units - {""}) > 1:
        shown = " and ".join(repr(u) for u in sorted(units - {""}))
        raise DataError(f"Column {name!r} mixes values written with {shown}, so they cannot be compared as numbers. "
                        "Convert them to one unit (or put each in its own column) and upload the file again.")
    if examples:
        table.notes.append(_reading_note(name, examples, special))
    return comma


def _reading_note(name, examples, count):
    read = {}
    for reason, example in examples.items():
        read.setdefault(example, []).append(reason)
    more = count - len(read)
    return (f"Column {name!r}: read " + ", ".join(f"{ex} ({', '.join(why)})" for ex, why in read.items())
            + (f", and {more} more value{'s' * (more > 1)} like {'them' if len(read) > 1 else 'it'}" if more else "")
            + ".")


def _reasons(cell, used):
    if cell.unit:
        yield "percent sign dropped" if cell.unit == "%" else "currency sign dropped"
    if cell.brackets:
        yield "brackets read as minus"
    if cell.digits and not cell.digits.replace(used, "", 1).isdecimal():
        yield "thousands separators dropped"


def _ambiguous(name, text, line, cell):
    return DataError(
        f"Column {name!r} holds {text.strip()!r} (line {line}): that is {_show(cell.dot)} if '.' is the decimal "
        f"mark and ',' separates thousands, but {_show(cell.comma)} the other way round, and the other numbers in "
        "the file do not settle which. Write the numbers without thousands separators and with one decimal mark "
        "throughout (1000 and 2.5, or 1000 and 2,5), and upload the file again."
    )


def _sum_row(table, kinds):
    """Skip a last row whose every number is the sum of the numbers above it (at least 5 rows): a total row."""
    numbers = [j for j, kind in enumerate(kinds) if kind == "number"]
    if len(numbers) < 2 or len(table.cells) < 6 or any(
            table.raw[-1][j].strip() for j, kind in enumerate(kinds) if kind == "text"):
        return
    if not all(isinstance(row[j], float) for row in table.cells for j in numbers):
        return
    block = np.array([[row[j] for j in numbers] for row in table.cells])
    if not np.isfinite(block).all():
        return
    total, above = block[-1], block[:-1].sum(axis=0)
    if np.any(total != 0) and np.allclose(total, above, rtol=1e-9, atol=1e-12):
        table.notes.append(f"Skipped line {table.lines[-1]}: its numbers are the sums of the rows above (a total).")
        table.drop([len(block) - 1])


def _index_columns(table, kinds):
    """pandas writes its index as a first column named "" ("Unnamed: 0" once read and saved again): not data."""
    for j, kind in enumerate(kinds):
        if table.header is None or kind != "number" or not INDEX_NAME.fullmatch(table.header[j].strip()):
            return
        values = table.column(j)  # 0, 1, 2, ...; shuffled or with gaps once rows were sorted or dropped
        if not all(type(v) is float and v >= 0 and v == int(v) for v in values) or len(set(values)) < len(values):
            return
        kinds[j] = "index"


def _choose_label(label_column, names, kinds, raw):
    """Index of the label column, or None."""
    if label_column is None:
        return None
    if label_column == "auto":
        return _guess_label(names, kinds, raw)
    if isinstance(label_column, str):
        matches = [j for j, n in enumerate(names) if n == label_column.strip()]
        matches = matches or [j for j, n in enumerate(names) if n.lower() == label_column.strip().lower()]
        if not matches:
            raise DataError(f"There is no column called {label_column!r}. The columns are {_quote_list(names)}.")
        j = matches[0]
    elif isinstance(label_column, int) and not isinstance(label_column, bool):
        if not -len(names) <= label_column < len(names):
            raise DataError(f"There is no column number {label_column}: the file has {len(names)} columns.")
        j = label_column % len(names)
    else:
        raise DataError(f"label_column must be 'auto', None, a column name or a column number, not {label_column!r}.")
    if kinds[j] == "empty":
        raise DataError(f"The label column {names[j]!r} is empty.")
    return j


def _guess_label(names, kinds, raw):
    """A column named like labels, else the text column with the fewest distinct values; its values must repeat."""
    distinct = {j: len({r[j].strip() for r in raw} - {""}) for j, kind in enumerate(kinds) if kind == "text"}
    for j, name in enumerate(names):
        if name.lower() in LABEL_NAMES and (kinds[j] == "number" or j in distinct and _repeats(distinct[j], len(raw))):
            return j
    repeating = [(n, j) for j, n in distinct.items() if _repeats(n, len(raw))]
    return min(repeating)[1] if repeating else None


def _repeats(n_classes, n_rows):
    """Labels repeat: at most MAX_LABEL_CLASSES classes and at most half as many classes as rows (rounded up)."""
    return n_classes <= MAX_LABEL_CLASSES and 2 * n_classes <= n_rows + 1


# --- from columns to a Dataset --------------------------------------------------------------------

def _build(text, filename, label_column, max_rows, max_columns):
    delimiter, text = _detect_delimiter(text)
    table = _table(text, delimiter, max_rows, max_columns)
    kinds = _column_kinds(table)
    comma = _read_numbers(table, kinds, "." if delimiter == "," else None)  # a comma file writes decimal points
    _sum_row(table, kinds)
    _index_columns(table, kinds)
    label = _choose_label(label_column, table.names, kinds, table.raw)
    features = _features(table, kinds, label)
    X, keep = _matrix(table, features, label)
    y, y_kind, target_names = _labels(label, table, keep, guessed=label_column == "auto")
    notes = table.notes
    what = f"Your file{f' {filename}' if filename else ''}: N = {X.shape[0]} rows, D = {X.shape[1]} number columns"
    sep = DELIMITERS[delimiter] + (", with decimal commas" if comma else "")
    return Dataset(
        name="csv", title=f"Your data ({filename})" if filename else "Your data", X=X, y=y, y_kind=y_kind,
        feature_names=tuple(table.names[j] for j in features), target_names=target_names,
        description=" ".join([f"{what}, separated by {sep}.", *notes]), notes=tuple(notes),
    )


def _features(table, kinds, label):
    """The number columns that become features; says which columns are ignored."""
    features = [j for j, kind in enumerate(kinds) if kind == "number" and j != label]
    index = [j for j, kind in enumerate(kinds) if kind == "index" and j != label]
    if index:
        called = ", ".join(repr(table.header[j].strip()) if table.header[j].strip() else "no name" for j in index)
        first = ", ".join(_show(row[index[0]]) for row in table.cells[:3])
        table.notes.append(f"Ignored the first column(s) ({called}): whole numbers that name the rows ({first}, ...), "
                           "as pandas writes its index; not data.")
    ignored = [table.names[j] for j, kind in enumerate(kinds) if kind == "text" and j != label]
    if ignored:
        table.notes.append(f"Ignored text column(s): {_quote_list(ignored)}.")
    if not features and len(kinds) == 1:
        raise DataError(
            "This app could not tell how the columns are separated, and the one column it found holds no "
            "numbers. Separate the columns with commas, semicolons or tabs."
        )
    if not features:
        raise DataError("No column of the file holds numbers, so there is nothing to analyse.")
    return features


def _matrix(table, features, label):
    """X from the feature columns, without the rows that miss a value (or the label); says which were dropped."""
    body, lines = table.cells, table.lines
    X = np.array([[row[j] if isinstance(row[j], float) else np.nan for j in features] for row in body])
    keep = np.isfinite(X).all(axis=1)
    if label is not None:
        keep &= np.array([_label_present(row[label]) for row in body])
    dropped = int((~keep).sum())
    if dropped:
        gone = [str(line) for line, k in zip(lines, keep, strict=True) if not k]
        where = ", ".join(gone[:5]) + (", ..." if dropped > 5 else "")
        table.notes.append(f"Dropped {dropped} of {len(body)} rows with missing or infinite values (lines {where}).")
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
    return X, keep


def _label_present(cell):
    if type(cell) is _Number:  # a number in a text column
        cell = cell.dot if cell.dot is not None else cell.comma
    if isinstance(cell, float):
        return math.isfinite(cell)
    return cell == _TEXT


def _labels(label, table, keep, guessed):
    """(y, y_kind, target_names) from the label column: class codes, or floats for a continuous one."""
    if label is None:
        return None, None, None
    name = table.names[label]
    cells = [row[label] for row, k in zip(table.cells, keep, strict=True) if k]
    values = [r[label].strip() for r, k in zip(table.raw, keep, strict=True) if k]
    if table.class_names and label == len(table.names) - 1:  # the class column of a scikit-learn count line
        table.notes.append(f"Labels from column {name!r} ({len(table.class_names)} classes).")
        return np.array(cells, dtype=np.int64), "class", table.class_names
    numbers = all(isinstance(c, float) for c in cells)
    n_classes = len(set(cells)) if numbers else 0
    repeats = _repeats(n_classes, len(cells)) if guessed else n_classes <= MAX_LABEL_CLASSES
    if numbers and not (all(c == int(c) for c in cells) and repeats):  # a measurement: colour by its value
        table.notes.append(f"Colour from column {name!r} (a number per row).")
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
    table.notes.append(f"Labels from column {name!r} ({len(target_names)} classes).")
    return y, "class", target_names


def _quote_list(names, limit=8):
    shown = ", ".join(repr(n) for n in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")
