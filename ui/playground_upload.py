"""The learner's own CSV file: upload, read with ``core.read_csv``, preview; a bad file changes nothing.

The file is read in the uploader's callback (before the page draws its dataset menu), so a good file can
select itself in the menu; a bad one leaves the previous dataset and model untouched and shows why.
"""

from __future__ import annotations

import streamlit as st

from core import DataError, read_csv
from core.csv_reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from ui.playground_controls import CSV
from ui.playground_state import key

UPLOADER = "playground_upload"  # no colon: a file uploader's value cannot be re-stored
PREVIEW_ROWS = 5
LIMITS = (f"At most {MAX_BYTES / 1e6:g} MB, {MAX_ROWS:,} rows and {MAX_COLUMNS} columns; "
          "comma, semicolon or tab separated, a header row with names.")


def _on_upload() -> None:
    ss = st.session_state
    uploaded = ss.get(UPLOADER)
    if uploaded is None:
        ss["playground_csv_error"] = None  # the learner removed the file: keep the data they had
        return
    try:
        dataset = read_csv(uploaded)
    except DataError as exc:
        ss["playground_csv_error"] = f"{uploaded.name}: {exc}"
        return
    except Exception:  # read_csv promises DataError only; a learner must still never see a traceback
        ss["playground_csv_error"] = f"{uploaded.name}: this file could not be read as a table of numbers."
        return
    ss["playground_csv"] = {"name": uploaded.name, "dataset": dataset}
    ss["playground_csv_error"] = None
    ss[key("data")] = CSV


def uploader() -> None:
    """The file uploader and the outcome of the last upload (error, or what was read)."""
    st.file_uploader("Upload your own CSV file", type=["csv", "txt", "tsv"], key=UPLOADER, on_change=_on_upload,
                     help=LIMITS)
    st.caption(LIMITS + " The file stays in this session: it is **not** part of the shareable link.")
    error = st.session_state.get("playground_csv_error")
    if error:
        st.error(error + " Your previous data is still in use.", icon=":material/error:")


def csv_title() -> str | None:
    loaded = st.session_state.get("playground_csv")
    return loaded["name"] if loaded else None


def csv_dataset():
    loaded = st.session_state.get("playground_csv")
    return loaded["dataset"] if loaded else None


def preview(dataset) -> None:
    """The first rows as read (raw units), the label column if any, and anything changed on the way in."""
    raw = dataset.to_display()[:PREVIEW_ROWS]
    frame = {}
    if dataset.y is not None:
        labels = dataset.y[:PREVIEW_ROWS]
        if dataset.target_names is not None:
            labels = [dataset.target_names[int(i)] for i in labels]
        frame["label (colour only)"] = list(labels)
    for j, name in enumerate(dataset.feature_names):
        frame[str(name)] = raw[:, j]
    st.markdown(f"**{dataset.n_samples:,} samples × {dataset.n_features} features** read from your file; "
                f"the first {min(PREVIEW_ROWS, dataset.n_samples)}:")
    st.dataframe(frame, hide_index=True, width="stretch")
    for note in dataset.notes:
        st.caption(note)
