"""The playground's files: the learner's own CSV in, weights in, and three downloads out (weights, loss history,
a script that reproduces the run). A bad file changes nothing: the data and the model stay as they were.

Uploads are read in the uploader's callback (before the page draws its menus), so a good CSV can select itself
in the data menu. Downloads are generated on click from a snapshot taken on the last full page run while
training was not running, so the weights, the history and the script always describe the same epoch.
"""

from __future__ import annotations

import copy

import streamlit as st

from core import DataError, read_csv
from core.data.csv_reader import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from playground_kit.export import (
    MAX_WEIGHTS_BYTES,
    MAX_WEIGHTS_MB,
    apply_weights,
    history_to_csv,
    imported_loss,
    size_text,
    training_script,
    weights_from_npz,
    weights_to_npz,
)
from playground_kit.session import CSV, PAGE, key, log_import
from ui.live_run import start_from
from ui.text import plain

CSV_UPLOADER, WEIGHTS_UPLOADER = "playground_upload", "playground_weights_file"  # no colon: not re-stored
# Each uploader states its own limit (in MB, as the uploader counts), so the server's global one can be the larger.
CSV_UPLOAD_MB, WEIGHTS_UPLOAD_MB = MAX_BYTES // 1_000_000, MAX_WEIGHTS_MB
PREVIEW_ROWS = 5
LIMITS = (f"At most {size_text(MAX_BYTES)}, {MAX_ROWS:,} rows and {MAX_COLUMNS} columns; "
          "comma, semicolon or tab separated, a header row with names.")
KEPT = "Nothing was changed: your data, model and settings are as they were."


# ------------------------------------------------------------------------------------------------ CSV in
def _on_csv() -> None:
    ss = st.session_state
    uploaded = ss.get(CSV_UPLOADER)
    if uploaded is None:
        ss["playground_csv_error"] = None  # the learner removed the file: keep the data they had
        return
    try:
        if uploaded.size > MAX_BYTES:  # said here with the file's own size, which read_csv's message leaves out
            raise DataError(f"The file is {size_text(uploaded.size, MAX_BYTES)}; a CSV file can be at most "
                            f"{size_text(MAX_BYTES)}. Keep fewer rows or columns (or a random sample of the rows).")
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


def csv_uploader() -> None:
    """The file uploader and the outcome of the last upload (an error, if any)."""
    st.file_uploader("Upload your own CSV file", type=["csv", "txt", "tsv"], key=CSV_UPLOADER, on_change=_on_csv,
                     max_upload_size=CSV_UPLOAD_MB, help=LIMITS)
    st.caption(LIMITS + " The file stays in this session: it is **not** part of the shareable link.")
    error = st.session_state.get("playground_csv_error")
    if error:
        st.error(plain(error) + " Your previous data is still in use.", icon=":material/error:")


def csv_file() -> tuple[str | None, object]:
    """The learner's last good file: (its name, its ``Dataset``), or (None, None)."""
    loaded = st.session_state.get("playground_csv")
    return (loaded["name"], loaded["dataset"]) if loaded else (None, None)


def csv_preview(dataset) -> None:
    """The first rows as read (raw units), the label column if any, and anything changed on the way in."""
    raw = dataset.to_display()[:PREVIEW_ROWS]
    frame = {str(name): raw[:, j] for j, name in enumerate(dataset.feature_names)}  # the reader made names unique
    if dataset.y is not None:
        label = "label (colour only)"
        while label in frame:  # a column of the file has that name
            label += "′"
        frame = {label: list(dataset.colours()[0][:PREVIEW_ROWS])} | frame
    st.markdown(f"**{dataset.n_samples:,} samples × {dataset.n_features} features** read from your file; "
                f"the first {min(PREVIEW_ROWS, dataset.n_samples)}:")
    st.dataframe(frame, hide_index=True, width="stretch")
    for note in dataset.notes:
        st.caption(plain(note))


# ------------------------------------------------------------------------------------------------ weights in
def _on_weights() -> None:
    ss = st.session_state
    uploaded, run = ss.get(WEIGHTS_UPLOADER), ss["runs"].get(PAGE)
    if uploaded is None:
        ss["playground_import"] = None
    elif run is None or run.status == "too_big":
        ss["playground_import"] = {"ok": False, "message": "There is no network of these settings to load weights "
                                   "into. Choose settings that can train, then import the weights."}
    elif run.status == "training":
        ss["playground_import"] = {"ok": False, "message": "Pause training first, then import the weights."}
    else:
        try:
            ss["playground_import"] = _import_weights(uploaded, run)
        except Exception:  # weights_from_npz promises DataError only; a learner must still never see a traceback
            ss["playground_import"] = {"ok": False, "message": f"{uploaded.name}: this file could not be read as "
                                       f"weights. {KEPT} Upload the .npz file downloaded with 'Download weights'."}


def _import_weights(uploaded, run) -> dict:
    """A fresh run of the current settings that starts from the file's weights, once they are known to fit and to
    give a finite loss; the run before is kept if they do not."""

    def load(model) -> float:
        coefs, intercepts = weights_from_npz(uploaded.getvalue(), model)
        loss = imported_loss(model, coefs, intercepts, run.X)
        apply_weights(model, coefs, intercepts)
        return loss

    try:
        fresh = start_from(run, load)
    except DataError as exc:
        return {"ok": False, "message": f"{uploaded.name}: {exc}"}
    st.session_state["runs"][PAGE] = fresh
    log_import(fresh, uploaded.name)
    loss = fresh.loss
    return {"ok": True, "loss": loss, "message": f"Loaded the weights from {uploaded.name}: training starts again "
            f"from them (epoch 0). Loss J/N of the imported model on this data: {loss:.6f}"}


def weights_importer() -> None:
    st.file_uploader("Import weights (.npz saved from this page)", type=["npz"], key=WEIGHTS_UPLOADER,
                     on_change=_on_weights, max_upload_size=WEIGHTS_UPLOAD_MB,
                     help=f"At most {size_text(MAX_WEIGHTS_BYTES)}. Read without pickle: a weights file cannot run "
                     "code. The layers and code size must match the current settings.")
    outcome = st.session_state.get("playground_import")
    if outcome:
        (st.success if outcome["ok"] else st.error)(plain(outcome["message"]))


# ------------------------------------------------------------------------------------------------ files out
def snapshot(run, log: dict, dataset_spec: dict | None) -> dict:
    """Everything the downloads need, copied now (training may move the live model on afterwards)."""
    notes = []
    if log.get("imported"):
        notes.append(f"the app's model was loaded from '{log['imported']}' during the run; this script trains "
                     "from a fresh random start, so its loss differs")
    if log.get("diverged"):
        notes.append("training diverged during the app's run and continued from the last good epoch; "
                     "this script stops where the divergence happens")
    return {"model": copy.deepcopy(run.model), "history": list(run.history), "epoch": run.epoch,
            "params": dict(log.get("initial", run.params)), "X": run.X, "dataset": dataset_spec, "notes": notes,
            "changes": [(epoch, dict(changed)) for epoch, changed in log.get("changes", [])]}


def downloads(snap: dict | None, training: bool) -> None:
    """Three download buttons; disabled (with the reason) while training runs or before the first epoch."""
    reason = ("Pause training first, so that the files describe one epoch." if training
              else "Train for at least one epoch first." if snap is None else None)
    files = (("Download weights (.npz)", lambda: weights_to_npz(snap["model"]), "playground_weights.npz",
              "application/octet-stream", "playground_dl_weights"),
             ("Download loss history (.csv)", lambda: history_to_csv(snap["history"]), "playground_loss_history.csv",
              "text/csv", "playground_dl_history"),
             ("Download Python script", lambda: training_script(
                 snap["params"], snap["epoch"], X=snap["X"], dataset=snap["dataset"], changes=snap["changes"],
                 app_final_loss=float(snap["history"][-1]["loss"]), notes=snap["notes"]),
              "playground_run.py", "text/x-python", "playground_dl_script"))
    for col, (label, data, name, mime, widget_key) in zip(st.columns(3), files, strict=True):
        col.download_button(label, data=data if snap else b"", file_name=name, mime=mime, key=widget_key,
                            icon=":material/download:", disabled=reason is not None, on_click="ignore",
                            width="stretch", help=reason)
    if snap is not None and snap["notes"]:
        st.caption("The script says so too: " + plain("; ".join(snap["notes"]) + "."))
