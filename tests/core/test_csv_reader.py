"""read_csv: good files read right, every bad file gives a plain DataError, and nothing else ever escapes."""

import io
from pathlib import Path

import numpy as np
import pytest
import sklearn.datasets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.data import csv_reader
from core.data.csv_reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, read_csv
from core.data.datasets import Dataset
from core.errors import DataError

SAMPLES = Path(__file__).parent / "csv_samples"
SKLEARN_DATA = Path(sklearn.datasets.__file__).parent / "data"
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


# --- files as real programs and spreadsheets write them ---------------------------------------------

@pytest.mark.parametrize("filename, load", [("iris.csv", sklearn.datasets.load_iris),
                                            ("wine_data.csv", sklearn.datasets.load_wine),
                                            ("breast_cancer.csv", sklearn.datasets.load_breast_cancer)])
def test_scikit_learn_data_files_read_as_their_first_line_says(filename, load):
    ds = read_csv(SKLEARN_DATA / filename)  # first line "150,4,setosa,versicolor,virginica": N, D, class names
    bunch = load()
    np.testing.assert_array_equal(ds.X, bunch.data)
    np.testing.assert_array_equal(ds.y, bunch.target)
    assert ds.y_kind == "class" and ds.target_names == tuple(bunch.target_names)
    assert ds.feature_names == tuple(f"column {j + 1}" for j in range(bunch.data.shape[1]))
    assert any("scikit-learn" in note for note in ds.notes)


@pytest.mark.parametrize("data, words", [
    (b"3,2,a,b\n1,2,0\n3,4,1\n", "the file has 2 rows of data below it, not 3"),
    (b"2,2,a,b\n1,2,0\n3,4,2\n", "'2' in its last column, where a class number from 0 to 1 should be"),
    (b"2,2,a,b\n1,2,0\n3,4,1,5\n", "line 3 has 4 values, not 3"),
])
def test_a_count_line_that_does_not_fit_says_what_is_off(data, words):
    message = _error(data)
    assert "scikit-learn" in message and words in message


def test_pandas_index_columns_are_not_data():
    import pandas as pd

    frame = pd.DataFrame({"a": [1.5, 2.5, 3.5, 4.5], "b": [1, 2, 3, 4]})
    written = {
        "to_csv()": frame.to_csv(),  # ",a,b": the index has no name
        "read back and saved again": pd.read_csv(io.StringIO(frame.to_csv())).to_csv(),  # ",Unnamed: 0,a,b"
        "reset_index()": frame.reset_index().to_csv(index=False),  # "index,a,b"
        "rows reordered": frame.iloc[[3, 0, 2]].to_csv(),  # 3, 0, 2
        "counted from 1": "Unnamed: 0,a,b\n1,1.5,1\n2,2.5,2\n3,3.5,3\n",
    }
    for how, text in written.items():
        ds = read_csv(text.encode())
        assert ds.feature_names == ("a", "b"), how
        assert any("pandas writes its index" in note for note in ds.notes), how
    assert read_csv(b"id,a\n1,5\n2,6\n3,7\n").feature_names == ("id", "a")  # a named column stays
    assert read_csv(b",a\n1.5,5\n2,6\n2,7\n").feature_names == ("column 1", "a")  # not whole, different numbers


def test_percentages_read_as_numbers_with_a_note():
    rows = "".join(f"{i + 0.3}%,{i}\n" for i in range(40))  # was a label column of 40 classes
    ds = read_csv(("share,n\n" + rows).encode())
    assert ds.feature_names == ("share", "n") and ds.y is None
    np.testing.assert_allclose(ds.X[:, 0], np.arange(40) + 0.3)
    assert any("'0.3%' as 0.3 (percent sign dropped), and 39 more" in note for note in ds.notes)


def test_thousands_separated_by_dots_read_as_numbers():
    rows = "".join(f"{i + 1}.{i:03d}.674,{i}\n" for i in range(40))  # was a label column of 40 classes
    ds = read_csv(("population,n\n" + rows).encode())
    np.testing.assert_array_equal(ds.X[:3, 0], [1_000_674, 2_001_674, 3_002_674])
    assert any("thousands separators dropped" in note for note in ds.notes)
    ds = read_csv(b"a;b\n1.234.567,5;1\n2.000,25;2\n")
    np.testing.assert_array_equal(ds.X[:, 0], [1_234_567.5, 2000.25])


def test_one_or_one_thousand_is_read_as_the_file_shows_or_refused():
    message = _error(b"a;b\n1.000;1\n2.500;2\n3.250;3\n")  # was read as 1, 2.5, 3.25
    assert "Column 'a' holds '1.000' (line 2): that is 1 if '.' is the decimal mark" in message
    assert "but 1000 the other way round" in message
    cases = [
        (b"a;b\n1.000;0,5\n2.500;2\n", [1000, 2500]),  # the file writes decimal commas
        (b"a;b\n1.000;1\n2.5;2\n", [1, 2.5]),  # its column writes a decimal point
        (b"a\tb\n1.000\t0.25\n2.500\t2\n", [1, 2.5]),  # the file writes decimal points
        (b"a,b\n1.000,1\n2.500,2\n", [1, 2.5]),  # a comma-separated file writes decimal points
        (b'a,b\n"1,000",1\n"2,500",2\n', [1000, 2500]),  # ... so its commas separate thousands
    ]
    for data, column in cases:
        np.testing.assert_array_equal(read_csv(data).X[:, 0], column)
    assert "Column 'a'" in _error(b"a;b;c\n1.000;0,5;1.5\n2.500;2;2\n")  # the file writes both: nothing tells


def test_python_underscores_and_hex_are_not_numbers():
    ds = read_csv(b"a,b\n1_000,1\n2_000,2\n3_000,3\n")  # 1_000 was read as 1000
    assert ds.feature_names == ("b",) and any("'a'" in note for note in ds.notes)
    assert "line 3 has '1_000'" in _error(b"a,b\n1000,1\n1_000,2\n3000,3\n")
    assert read_csv(b"a,b\n0x10,1\n0x20,2\n0x30,3\n").feature_names == ("b",)


def test_repeated_and_empty_names_are_made_different():
    ds = read_csv(b"x,x,x (2),y\n1,2,3,4\n5,6,7,8\n")  # gave two columns "x (2)"
    assert ds.feature_names == ("x", "x (3)", "x (2)", "y")
    assert read_csv(b"a,,column 2\n1,2,3\n4,5,6\n").feature_names == ("a", "column 2 (2)", "column 2")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["x", "x (2)", "x (3)", "X", "", " ", "column 1", "column 2", "column 2 (2)"]),
                min_size=1, max_size=6))
def test_fuzz_column_names_always_differ(header):
    width = len(header)
    ds = read_csv((",".join(header) + "\n" + ",".join(["1.5"] * width) + "\n" + ",".join(["-2"] * width)).encode())
    assert len(set(ds.feature_names)) == len(ds.feature_names) == width


def test_quoted_thousands_read_as_numbers():
    ds = read_csv(b'population\n"1,234,567"\n"2,345,678"\n"3,456,789"\n')  # was "no column holds numbers"
    np.testing.assert_array_equal(ds.X[:, 0], [1_234_567, 2_345_678, 3_456_789])
    ds = read_csv(b'a,b\n"1,5",1\n"2,25",2\n')  # quoted decimal commas, as Google Sheets writes them
    np.testing.assert_array_equal(ds.X[:, 0], [1.5, 2.25])


def test_a_guessed_label_column_must_repeat():
    def table(label):
        return ("a,b,name\n" + "".join(f"{i},{i * i},{label(i)}\n" for i in range(40))).encode()

    assert read_csv(table(lambda i: f"n{i % 39}")).y is None  # 39 names for 40 rows: not classes
    assert read_csv(table(lambda i: f"n{i % 21}")).y is None  # more than half as many classes as rows
    assert len(read_csv(table(lambda i: f"n{i % 20}")).target_names) == 20
    assert len(read_csv(table(lambda i: f"n{i % 39}"), label_column="name").target_names) == 39  # asked for
    unique = "".join(f"{i},{i * i},s{i}\n" for i in range(10))
    assert read_csv(("a,b,species\n" + unique).encode()).y is None  # named so, but nothing repeats
    assert read_csv(("a,b,target\n" + unique.replace(",s", ",")).encode()).y_kind == "position"


def test_total_rows_at_the_end_are_skipped():
    ds = read_csv(b"item,a,b\nx,1,2\ny,3,4\nx,5,6\ny,7,8\nTotal:,16,20\n")  # "Total" was a class
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4], [5, 6], [7, 8]])
    assert ds.target_names == ("x", "y") and any("'Total:'" in note for note in ds.notes)
    ds = read_csv(b"a,b\n1,2\n3,4\n5,6\nSum,12\nAverage,4\n")
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4], [5, 6]])
    assert "line 3 has 'Total'" in _error(b"a,b\n1,2\nTotal,3\n5,6\n7,8\n")  # not at the end: a stray word


def test_a_last_row_of_column_sums_is_skipped():
    rows = [[1.5, 2], [3, 4], [5, 6.25], [7, 8], [9, 10]]
    ds = read_csv(("a,b\n" + "".join(f"{x},{y}\n" for x, y in rows) + "25.5,30.25\n").encode())
    np.testing.assert_array_equal(ds.X, rows)
    assert any("sums of the rows above" in note for note in ds.notes)
    assert read_csv(b"a,b\n1,2\n3,4\n5,6\n9,12\n").X.shape == (4, 2)  # under fewer than 5 rows: may be data


def test_a_units_row_goes_into_the_names():
    ds = read_csv(b"height,weight,species\ncm,[kg],\n170,65,a\n180,80,b\n165,55,a\n175,70,b\n")
    assert ds.feature_names == ("height (cm)", "weight (kg)") and ds.target_names == ("a", "b")
    assert any("units" in note for note in ds.notes)


def test_a_title_above_and_a_note_below_are_skipped():
    for data in (b"Measurements 2024,,\na,b,c\n1,2,3\n4,5,6\n7,8,9\nSource: lab book,,\n",
                 b"Measurements 2024\na,b,c\n1,2,3\n4,5,6\n7,8,9\nSource: lab book\n"):
        ds = read_csv(data)
        np.testing.assert_array_equal(ds.X, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        assert ds.feature_names == ("a", "b", "c") and len([n for n in ds.notes if "Skipped" in n]) == 2


def test_a_repeated_header_is_skipped():
    ds = read_csv(b"a,b\n1,2\n3,4\na,b\n5,6\n")
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4], [5, 6]])
    assert any("repeat the header" in note for note in ds.notes)


def test_currency_signs_and_negatives_in_brackets():
    ds = read_csv(b'price,cost\n"$1,234.50",($12.00)\n$99.99,$5.00\n"$2,000.00",-1\n')
    np.testing.assert_array_equal(ds.X, [[1234.5, -12], [99.99, 5], [2000, -1]])
    ds = read_csv("price;cost\n1.234,50 €;(12,00 €)\n99,99 €;5,00 €\n€ 2,00;-1\n".encode())
    np.testing.assert_array_equal(ds.X, [[1234.5, -12], [99.99, 5], [2, -1]])
    assert any("brackets read as minus" in note for note in ds.notes)
    assert "Column 'price' mixes values written with '$' and '€'" in _error("price,n\n$5,1\n€6,2\n".encode())


@pytest.mark.parametrize("written, value", [
    ("1,5E-3", 0.0015), ("2,5e+2", 250), ("\u22121.5", -1.5), ("- 4", -4), ("+7", 7), ("(50)", -50),
    ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234", 1234), ("1'234.5", 1234.5),
    ("1\u2019234.5", 1234.5), ('"1,00,000"', 100_000), ("12,5 %", 12.5), ("1.234.567", 1_234_567),
])
def test_numbers_as_people_write_them(written, value):
    ds = read_csv(f"x;n\n{written};1\n2;2\n".encode())
    assert ds.X[0, 0] == pytest.approx(value) and ds.X[1, 0] == 2


def test_excel_error_values_are_missing():
    ds = read_csv(b"a,b\n1,2\n#DIV/0!,3\n4,#VALUE!\n6,7\n8,#REF!\n9,10\n")  # was refused as a stray word
    np.testing.assert_array_equal(ds.X, [[1, 2], [6, 7], [9, 10]])
    assert any("Dropped 3 of 6 rows" in note for note in ds.notes)


def test_byte_order_marks_before_an_excel_sep_line_and_twice():
    assert read_csv(b"\xef\xbb\xbfsep=;\na;b\n1;2\n3;4\n").feature_names == ("a", "b")
    assert read_csv(b"\xef\xbb\xbf\xef\xbb\xbfa,b\n1,2\n3,4\n").feature_names == ("a", "b")


def test_a_german_excel_export():
    ds = read_csv(SAMPLES / "excel_de.csv")  # Windows-1252, a title, units, a total, 1.234,5, €, %
    assert ds.feature_names == ("Länge (cm)", "Gewicht (kg)", "Preis", "Anteil")
    np.testing.assert_allclose(ds.X[0], [1234.5, 0.75, 12.5, 12.5])
    np.testing.assert_allclose(ds.X[2], [1010, 0.8, 1200, 33.3])
    assert ds.X.shape == (5, 4) and ds.target_names == ("A", "B")
    assert "decimal commas" in ds.description and "'Summe'" in ds.description


def test_a_us_accounts_sheet():
    ds = read_csv(SAMPLES / "accounts_us.csv")  # a title, "$1,234.50", "($200.00)", 12.5%, a total, a source line
    assert ds.feature_names == ("Revenue", "Cost", "Margin") and ds.X.shape == (6, 3)
    np.testing.assert_allclose(ds.X[0], [1234.5, -200, 12.5])
    np.testing.assert_allclose(ds.X[2], [2001.75, -1000, -3.5])
    assert any("'Total'" in note for note in ds.notes) and any("Source" in note for note in ds.notes)


def _written(cents, thousands, decimal):
    whole = f"{abs(cents) // 100:,}".replace(",", thousands)
    return f"{'-' if cents < 0 else ''}{whole}{decimal}{abs(cents) % 100:02d}"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(-10**11, 10**11), min_size=2, max_size=12),
       st.sampled_from([(",", "."), (".", ","), (" ", ","), ("\u00a0", ","), ("'", "."), ("", "."), ("", ",")]))
def test_fuzz_grouped_numbers_read_back(cents, style):
    text = "x\tn\n" + "".join(f"{_written(c, *style)}\t{i}\n" for i, c in enumerate(cents))
    ds = read_csv(text.encode(), label_column=None)
    np.testing.assert_allclose(ds.X[:, 0], np.array(cents) / 100, rtol=1e-15)
