"""weights_from_npz under attack: hostile archives, then the fuzz. Every input gives checked weights or a plain
DataError, never another exception, and reading never costs much memory whatever the file claims or unpacks to."""

import io
import struct
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.lib import format as npformat

from core import Autoencoder, DataError, load_dataset
from playground_kit.export import MAX_MEMBERS, weights_from_npz, weights_to_npz

X = load_dataset("iris", scale="standard").X
MODEL = Autoencoder(hidden_layer_sizes=(3, 2), activation="tanh", max_epochs=2, random_state=0).fit(X)
GOOD = weights_to_npz(MODEL)
PEAK_BYTES = 2_000_000  # the model's arrays are 0.4 kB; the bombs below unpack to up to 30 MB


# --- builders -------------------------------------------------------------------------------------

def npy_header(shape, descr="<f8", fortran=False, version=(1, 0), pad=0):
    """A .npy header saying anything at all (numpy's writer would refuse some of these)."""
    text = f"{{'descr': {descr!r}, 'fortran_order': {fortran!r}, 'shape': {tuple(shape)!r}, }}" + " " * pad + "\n"
    length = struct.pack("<H" if version[0] == 1 else "<I", len(text))
    return npformat.magic(*version) + length + text.encode("utf-8" if version[0] >= 3 else "latin1")


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=array.dtype.hasobject)
    return buffer.getvalue()


def good_members():
    with zipfile.ZipFile(io.BytesIO(GOOD)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zeros_member(shape, header_shape=None):
    """A member writer: a header for ``shape`` followed by its zeros, streamed (never whole in memory)."""
    def write(handle):
        handle.write(npy_header(header_shape or shape))
        left, chunk = int(np.prod(shape)) * 8, bytes(1 << 20)
        while left > 0:
            handle.write(chunk[:left])
            left -= len(chunk)
    return write


def zipped(members, compression=zipfile.ZIP_STORED):
    """A zip of ``{name: bytes or writer}``; duplicate names allowed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        for name, content in members.items() if isinstance(members, dict) else members:
            if callable(content):
                with archive.open(name, "w") as handle:
                    content(handle)
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def lie_about_size(data, file_size, entry=0):
    """``data`` with the unpacked size of its ``entry``-th directory record replaced (the local header keeps the
    true one; zipfile trusts the directory)."""
    data = bytearray(data)
    at = -1
    for _ in range(entry + 1):
        at = data.find(b"PK\x01\x02", at + 1)
        if at < 0:
            return bytes(data)
    data[at + 24:at + 28] = struct.pack("<I", file_size)
    return bytes(data)


def outcome(data):
    """weights_from_npz's answer, checked: right shapes and finite float64, or a DataError; small peak memory."""
    tracemalloc.start()
    try:
        coefs, intercepts = weights_from_npz(data, MODEL)
    except DataError as err:
        assert str(err)
        return str(err)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < PEAK_BYTES, peak
    for got, want in zip(coefs + intercepts, MODEL.coefs_ + MODEL.intercepts_, strict=True):
        assert got.dtype == np.float64 and got.shape == want.shape and np.isfinite(got).all()
    return None


# --- named hostile files ----------------------------------------------------------------------------

def test_a_small_file_claiming_a_huge_array_is_refused_without_allocating_it():
    data = zipped(good_members() | {"coef_0.npy": npy_header((10**11,)) + bytes(600)})
    assert len(data) < 4500
    assert "shape (100000000000,) but the current model needs (4, 3)" in outcome(data)


@pytest.mark.parametrize("n_zeros", [3_000_000, 1000])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(n_zeros):
    data = zipped(good_members() | {"coef_0.npy": zeros_member((n_zeros,))}, zipfile.ZIP_DEFLATED)
    assert len(data) < 40_000
    assert "unpacks to" in outcome(data)


def test_a_bomb_that_understates_its_size_is_read_only_as_far_as_it_claims():
    members = good_members() | {"coef_0.npy": zeros_member((4_000_000,), header_shape=(4, 3))}
    data = lie_about_size(zipped(members, zipfile.ZIP_DEFLATED), 128 + 96,
                          entry=list(members).index("coef_0.npy"))
    assert "damaged" in outcome(data)  # the CRC of the first 224 bytes does not match


def test_a_header_that_claims_gigabytes_of_header_is_not_inflated():
    header = npformat.magic(2, 0) + struct.pack("<I", 4_000_000_000)  # numpy then asks the member for 4 GB
    members = good_members() | {"coef_0.npy": lambda h: (h.write(header), zeros_member((3_000_000,))(h))}
    # 4150 bytes: within the member's allowance, and more than zipfile's first 4 kB inflated on opening.
    data = lie_about_size(zipped(members, zipfile.ZIP_DEFLATED), 4150, entry=list(members).index("coef_0.npy"))
    assert "damaged" in outcome(data)  # read no further than the 4150 bytes it claims (their CRC fails)


@pytest.mark.parametrize("members, words", [
    ([("coef_0.npy", b"x")] * 2, "twice"),
    ([(f"x{i}.npy", b"") for i in range(MAX_MEMBERS + 1)], f"more than {MAX_MEMBERS} entries"),
    ([("coef_0", b"")], "1 weight matrix but the current architecture has 4"),
    ([(f"coef_{i}", b"") for i in range(4)], "missing intercept_0"),
])
def test_odd_archives_are_refused_by_name(members, words):
    assert words in outcome(zipped(members))


def test_a_member_without_the_npy_suffix_is_unexpected():
    members = good_members()
    members["coef_0"] = members.pop("coef_0.npy")
    assert "'coef_0', which is not part of a weights file" in outcome(zipped(members))


@pytest.mark.parametrize("content, words", [
    (npy_header((4, 3), descr="|O") + bytes(96), "only pickle can load"),
    (npy_header((4, 3), descr=[("a", "<f8")]) + bytes(96), "not numbers"),
    (npy_header((4, 3), descr="<c16") + bytes(96), "not numbers"),
    (npy_header((4, 3), descr="<f4") + bytes(96), "damaged: its size does not match its shape"),
    (npy_header((4, 3), version=(3, 0)) + bytes(96), "not a NumPy array this page can read"),
    (npy_header((4, 3), pad=4100), "not a NumPy array this page can read"),  # a header longer than 4 kB
    (npy_header((4, 3), pad=5000), "unpacks to 5.07 kB, but the layer 1 weights of the current model take at most"),
    (b"\x93NUMPY\x01\x00\x0e\x00{'descr': 1, }" + bytes(96), "not a NumPy array this page can read"),
])
def test_odd_headers_are_refused(content, words):
    assert words in outcome(zipped(good_members() | {"coef_0.npy": content}))


def test_encrypted_or_unusually_packed_members_are_refused():
    data = bytearray(GOOD)
    at = data.find(b"PK\x01\x02")
    flagged = bytes(data[:at + 8]) + b"\x01\x00" + bytes(data[at + 10:])
    assert "encrypted" in outcome(flagged)
    assert "packed in a way" in outcome(zipped(good_members(), zipfile.ZIP_BZIP2))


def test_the_untouched_file_is_accepted():
    assert outcome(GOOD) is None


# --- the fuzz ---------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_fuzz_arbitrary_bytes(data):
    outcome(data)


EDITS = st.tuples(st.sampled_from(["flip", "cut", "insert", "overwrite"]), st.integers(0, len(GOOD) - 1),
                  st.binary(min_size=1, max_size=8))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=4))
def test_fuzz_mutated_weights_files(edits):
    data = GOOD
    for kind, at, blob in edits:
        at %= max(len(data), 1)
        if kind == "flip" and data:
            data = data[:at] + bytes([data[at] ^ blob[0]]) + data[at + 1:]
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + blob + data[at:]
        else:
            data = data[:at] + blob + data[at + len(blob):]
    outcome(data)


NAMES = st.sampled_from(["coef_0.npy", "coef_3.npy", "intercept_1.npy", "n_layers.npy", "params_json.npy",
                         "coef_4.npy", "other.npy", "n_layers", "../coef_1.npy", "dir/intercept_0.npy"])
SHAPES = st.one_of(st.sampled_from([(4, 3), (3, 2), (3,), (2,), (), (3, 4), (4,)]),
                   st.lists(st.integers(-2, 10**12), max_size=3).map(tuple))
DESCRS = st.sampled_from(["<f8", ">f8", "<f4", "<i8", "|u1", "|O", "<U5", "<U99999999", "<c16", "<f16", "|b1",
                          "|V8", [("a", "<f8")], "(2,)<f8", "<M8[s]", "not a dtype", 7])


@st.composite
def member_contents(draw):
    """One member: a header saying anything, then some bytes (exactly its size when that is small), or junk."""
    shape, descr = draw(SHAPES), draw(DESCRS)
    header = npy_header(shape, descr, draw(st.booleans()), draw(st.sampled_from([(1, 0), (2, 0), (3, 0), (9, 9)])),
                        draw(st.sampled_from([0, 0, 70, 5000])))
    try:
        exact = int(np.prod(shape)) * np.dtype(descr).itemsize if 0 <= np.prod(shape, dtype=float) < 10**4 else 0
    except (TypeError, ValueError):
        exact = 0
    body = draw(st.one_of(st.just(bytes(exact if exact <= 10**4 else 0)), st.binary(max_size=200)))
    return draw(st.one_of(st.just(header + body), st.just(header), st.binary(max_size=300)))


@st.composite
def hostile_archives(draw):
    """A good weights file with a few members put in (new or replaced), removed or duplicated, maybe deflated,
    maybe lying about a member's size."""
    members = list(good_members().items())
    for _ in range(draw(st.integers(1, 3))):
        action, name = draw(st.sampled_from(["put"] * 6 + ["delete", "duplicate"])), draw(NAMES)
        kept = [(n, c) for n, c in members if n != name or action == "duplicate"]
        members = kept if action == "delete" else kept + [(name, draw(member_contents()))]
    data = zipped(members, draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))
    if draw(st.booleans()):
        data = lie_about_size(data, draw(st.integers(0, 2**32 - 1)), draw(st.integers(0, len(members))))
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_archives())
def test_fuzz_hostile_archives(data):
    outcome(data)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["coef_0.npy", "intercept_1.npy", "params_json.npy", "extra.npy"]),
       st.sampled_from([10_000, 1_000_000, 3_750_000]), st.sampled_from([None, 0, 224, 10**6]))
def test_fuzz_zip_bombs(name, n_zeros, claimed):
    members = good_members() | {name: zeros_member((n_zeros,))}
    data = zipped(members, zipfile.ZIP_DEFLATED)
    if claimed is not None:
        data = lie_about_size(data, claimed, entry=list(members).index(name))
    assert outcome(data) is not None
