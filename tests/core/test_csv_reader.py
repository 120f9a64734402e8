"""read_csv: good files read right, every bad file gives a plain DataError, and nothing else ever escapes."""

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.data import csv_reader
from core.data.csv_reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, read_csv
from core.data.datasets import Dataset
from core.errors import DataError

IRIS_LIKE = b"sepal length,sepal width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,3.3,virginica\n5.8,2.7,virginica\n"


def _error(data, **kwargs):
    with pytest.raises(DataError) as info:
        read_csv(data, **kwargs)
    message = str(info.value)
    assert not message.startswith(csv_reader._UNEXPECTED)  # a real diagnosis, not the safety net
    return message


# --- good files -------------------------------------------------------------------------------------

def test_good_file_with_text_labels():
    ds = read_csv(IRIS_LIKE)
    assert isinstance(ds, Dataset) and ds.name == "csv"
    np.testing.assert_array_equal(ds.X, [[5.1, 3.5], [4.9, 3.0], [6.3, 3.3], [5.8, 2.7]])
    assert ds.X.dtype == np.float64
    assert ds.feature_names == ("sepal length", "sepal width")
    assert ds.y_kind == "class" and ds.target_names == ("setosa", "virginica")
    np.testing.assert_array_equal(ds.y, [0, 0, 1, 1])
    assert "N = 4 rows, D = 2" in ds.description and "'species'" in ds.description


def test_semicolons_with_decimal_commas():
    ds = read_csv(b"a;b;c\n1,5;2;x\n3;4,25;y\n-1e3;0,5;x\n")
    np.testing.assert_array_equal(ds.X, [[1.5, 2.0], [3.0, 4.25], [-1000.0, 0.5]])
    assert "semicolons" in ds.description


def test_tabs_and_windows_line_endings():
    ds = read_csv(b"a\tb\r\n1\t2\r\n3\t4\r\n")
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])
    assert ds.feature_names == ("a", "b")


def test_byte_order_mark_is_not_part_of_the_first_name():
    ds = read_csv(b"\xef\xbb\xbfx,y\n1,2\n3,4\n")
    assert ds.feature_names == ("x", "y")


def test_utf16_with_byte_order_mark_and_windows_1252_text():
    assert read_csv("x,y\n1,2\n3,4\n".encode("utf-16")).feature_names == ("x", "y")
    ds = read_csv("längd,höjd\n1,2\n3,4\n".encode("cp1252"))
    assert ds.feature_names == ("längd", "höjd")


def test_no_header_numbers_the_columns():
    ds = read_csv(b"1,2,3\n4,5,6\n7,8,9\n")
    assert ds.feature_names == ("column 1", "column 2", "column 3") and ds.X.shape == (3, 3)
    assert any("numbered" in note for note in ds.notes)


def test_no_header_with_a_text_label_column():
    ds = read_csv(b"1,2,a\n3,4,b\n5,6,a\n")
    assert ds.X.shape == (3, 2) and ds.target_names == ("a", "b")


def test_excel_sep_line_quotes_trailing_cells_and_duplicate_names():
    ds = read_csv(b'sep=;\nx;x;"name; with ;";\n1;2;"a;b";\n3;4;"c";\n')
    assert ds.feature_names == ("x", "x (2)")
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])
    ds = read_csv(b'a,b,c\n1,2,"q, r"\n3,4,"s"\n', label_column=None)
    assert ds.y is None and any("'c'" in note for note in ds.notes)  # the ignored text column is named


def test_blank_lines_and_empty_columns_are_skipped():
    ds = read_csv(b"a,,b\n\n1,,2\n   \n3,,4\n\n")
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])
    assert any("empty" in note for note in ds.notes)


def test_label_column_choices():
    data = b"x,y,target,kind\n1,2,0,p\n3,4,1,q\n5,6,1,p\n7,8,0,q\n"
    auto = read_csv(data)  # a column named "target" wins
    assert auto.target_names == ("0", "1") and auto.feature_names == ("x", "y")
    by_name = read_csv(data, label_column="KIND")
    assert by_name.target_names == ("p", "q") and by_name.feature_names == ("x", "y", "target")
    by_index = read_csv(data, label_column=0)
    assert by_index.y_kind == "class" and by_index.feature_names == ("y", "target")
    none = read_csv(data, label_column=None)
    assert none.y is None and none.feature_names == ("x", "y", "target")
    assert "no column called" in _error(data, label_column="colour").lower()
    assert "no column number" in _error(data, label_column=9).lower()


def test_continuous_numeric_label_is_a_position():
    ds = read_csv(b"a,b,target\n1,2,0.5\n3,4,1.25\n5,6,2.0\n")
    assert ds.y_kind == "position" and ds.target_names is None
    np.testing.assert_array_equal(ds.y, [0.5, 1.25, 2.0])


def test_id_like_text_column_is_not_taken_as_labels():
    rows = "\n".join(f"id{i},{i},{i * i}" for i in range(60))
    ds = read_csv(("name,a,b\n" + rows + "\n").encode())
    assert ds.y is None and ds.X.shape == (60, 2)


# --- missing and infinite values: rows are dropped and reported ------------------------------------

def test_missing_and_infinite_values_drop_their_rows_and_say_how_many():
    ds = read_csv(b"a,b,label\n1,2,u\n,4,u\n5,inf,v\n7,NA,v\n9,10,\n11,12,v\n-inf,1,u\n")
    np.testing.assert_array_equal(ds.X, [[1, 2], [11, 12]])
    assert ds.target_names == ("u", "v")
    np.testing.assert_array_equal(ds.y, [0, 1])
    assert any("Dropped 5 of 7 rows" in note for note in ds.notes)
    assert "Dropped 5 of 7 rows" in ds.description


def test_too_few_rows_left_after_dropping():
    assert "only 1 row" in _error(b"a,b\n1,2\n,4\n5,\n").lower()


# --- every bad file -------------------------------------------------------------------------------

@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"  \n\n \r\n", "empty"),
    (b"a,b,c\n", "header row but no data"),
    (b"a,b\n1,2\n", "only one row"),
    (b"a,b\nx,y\nz,w\n", "no column"),
    (b"a,b\n1,2\n3,4,5\n6,7\n", "line 3 has 3 values but most rows have 2"),
    (b"a,b,c\n1,2,3\n4,5\n6,7,8\n", "line 3 has 2 values"),
    (b"a,b\n\x00\x01\x02\x03,4\n", "binary"),
    (b"PK\x03\x04\x14\x00\x06\x00", "excel"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"a,b\n1,2\n\x81\x8d,4\n", "encoding"),
    (b"a,b\n1,2\n3,\x07\n", "control characters"),
    (b"a|b|c\n1|2|3\n4|5|6\n", "separated"),
    (b"a,b\n1,2\n3,abc\n5,6\n", "column 'b' holds numbers, but line 3 has 'abc'"),
    (b"a,b\n1,2\n3,1e300\n", "large"),
    (b"sep=|\na|b\n1|2\n", "delimiter"),
    (b'a,b\n1,"2\n3,4\n', "check its quotes"),
    (b'a,b\n1,"2"x\n3,4\n', "check its quotes"),
])
def test_bad_files_raise_data_error_with_a_plain_message(data, words):
    assert words in _error(data).lower()


def test_size_limit_names_the_limit():
    assert "1 MB" in _error(b"a,b\n" + b"1,2\n" * (MAX_BYTES // 4 + 1))
    assert "2 kB" in _error(b"a,b\n" + b"1,2\n" * 600, max_bytes=2000)
    assert "500 bytes" in _error(b"a,b\n" + b"1,2\n" * 200, max_bytes=500)


def test_row_and_column_limits_name_the_limit():
    assert "5,000" in _error(b"a,b\n" + b"1,2\n" * (MAX_ROWS + 1))
    assert read_csv(b"a,b\n" + b"1,2\n" * MAX_ROWS).X.shape == (MAX_ROWS, 2)
    wide = ",".join(["1"] * (MAX_COLUMNS + 1)).encode()
    assert str(MAX_COLUMNS) in _error(wide + b"\n" + wide + b"\n")
    assert "10 rows" in _error(b"a\n" + b"1\n" * 11, max_rows=10)


def test_limits_are_exported_for_the_page():
    assert (MAX_BYTES, MAX_ROWS, MAX_COLUMNS) == (1_000_000, 5_000, 200)


# --- ways to hand over a file ---------------------------------------------------------------------

def test_path_and_pathlike(tmp_path):
    path = tmp_path / "flowers.csv"
    path.write_bytes(IRIS_LIKE)
    assert read_csv(path).title == "Your data (flowers.csv)"
    assert read_csv(str(path)).X.shape == (4, 2)
    assert "no file" in _error(tmp_path / "missing.csv").lower()
    assert "folder" in _error(tmp_path).lower()


def test_file_like_objects_are_read_from_the_start():
    buffer = io.BytesIO(IRIS_LIKE)
    buffer.read(10)  # already read once, as a page might
    assert read_csv(buffer).X.shape == (4, 2)
    assert read_csv(io.StringIO(IRIS_LIKE.decode())).X.shape == (4, 2)


def test_streamlit_uploaded_file():
    from streamlit.proto.Common_pb2 import FileURLs
    from streamlit.runtime.uploaded_file_manager import UploadedFile, UploadedFileRec

    upload = UploadedFile(UploadedFileRec(file_id="1", name="mine.csv", type="text/csv", data=IRIS_LIKE), FileURLs())
    ds = read_csv(upload)
    assert ds.title == "Your data (mine.csv)" and "mine.csv" in ds.description


@pytest.mark.parametrize("thing", [42, None, object(), ["a,b", "1,2"]])
def test_other_objects_are_refused_with_data_error(thing):
    _error(thing)


def test_bad_label_column_argument_is_a_data_error():
    _error(IRIS_LIKE, label_column=2.5)


# --- the fuzz: arbitrary input gives a Dataset or a DataError, never anything else ----------------

def _check_outcome(data, **kwargs):
    try:
        ds = read_csv(data, **kwargs)
    except DataError as err:
        assert str(err) and not str(err).startswith(csv_reader._UNEXPECTED), str(err)
        return
    assert ds.X.ndim == 2 and ds.X.shape[0] >= 2 and ds.X.shape[1] >= 1
    assert np.isfinite(ds.X).all() and len(ds.feature_names) == ds.X.shape[1]
    if ds.y is not None:
        assert ds.y.shape == (ds.X.shape[0],)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_fuzz_arbitrary_bytes(data):
    _check_outcome(data)


CSVISH = st.text(alphabet="0123456789.,;\t\n\r -+eEinfaNA\"'x#?é\x00", max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CSVISH, st.sampled_from(["auto", None, "x", 0, -1]), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_fuzz_csv_like_text(text, label_column, encoding):
    _check_outcome(text.encode(encoding, errors="replace"), label_column=label_column, max_rows=20, max_columns=8)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.one_of(st.floats(allow_nan=True), st.sampled_from(["", "NA", "a", "b"])),
                         min_size=3, max_size=3), min_size=0, max_size=12),
       st.sampled_from([",", ";", "\t"]))
def test_fuzz_tables_of_numbers(rows, delimiter):
    text = "p,q,r\n" + "\n".join(delimiter.join(str(v) for v in row) for row in rows)
    _check_outcome(text.replace(",", delimiter).encode())


def test_a_csv_dataset_can_be_standardised_and_shown_back_in_its_units():
    ds = read_csv(b"a,b\n1,10\n2,30\n3,50\n")
    std = ds.rescaled("standard")
    np.testing.assert_allclose(std.X.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(std.X.std(axis=0), 1.0)
    np.testing.assert_allclose(std.to_display(), ds.X)
