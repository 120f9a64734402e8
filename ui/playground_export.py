"""Share and export: the link, three downloads (weights, loss history, a script) and a weights import.

Downloads are generated on click (a callable ``data``) from a snapshot taken on the last full page run while
training was not running, so the weights, the history and the script always describe the same epoch.
"""

from __future__ import annotations

import copy

import streamlit as st

from core import DataError
from core.export import apply_weights, history_to_csv, training_script, weights_from_npz
from core.export import weights_to_npz
from core.metrics import reconstruction_error

RUN_KEY = "playground"
WEIGHTS_UPLOADER = "playground_weights_file"  # no colon: an uploader's value cannot be re-stored


def snapshot(run, log: dict, dataset_spec: dict | None) -> dict:
    """Everything the downloads need, copied now (training may move the live model on afterwards)."""
    notes = []
    if log.get("imported"):
        notes.append(f"the app's model was loaded from '{log['imported']}' during the run; this script trains "
                     "from a fresh random start, so its loss differs")
    if log.get("diverged"):
        notes.append("training diverged during the app's run and continued from the last good epoch; "
                     "this script stops where the divergence happens")
    return {
        "model": copy.deepcopy(run.model),
        "history": list(run.history),
        "epoch": run.epoch,
        "params": dict(log.get("initial", run.params)),
        "changes": [(e, dict(p)) for e, p in log.get("changes", [])],
        "X": run.X,
        "dataset": dataset_spec,
        "notes": notes,
    }


def downloads(snap: dict | None, training: bool) -> None:
    """Three download buttons; disabled (with the reason) while training runs or before the first epoch."""
    reason = None
    if training:
        reason = "Pause training first, so that the files describe one epoch."
    elif snap is None:
        reason = "Train for at least one epoch first."
    c1, c2, c3 = st.columns(3)
    common = dict(disabled=reason is not None, on_click="ignore", width="stretch", help=reason)
    c1.download_button("Download weights (.npz)", data=(lambda: weights_to_npz(snap["model"])) if snap else b"",
                       file_name="playground_weights.npz", mime="application/octet-stream",
                       key="playground_dl_weights", icon=":material/download:", **common)
    c2.download_button("Download loss history (.csv)",
                       data=(lambda: history_to_csv(snap["history"])) if snap else b"",
                       file_name="playground_loss_history.csv", mime="text/csv", key="playground_dl_history",
                       icon=":material/download:", **common)
    c3.download_button("Download Python script", data=(lambda: _script(snap)) if snap else b"",
                       file_name="playground_run.py", mime="text/x-python", key="playground_dl_script",
                       icon=":material/download:", **common)
    if snap is not None and snap["notes"]:
        st.caption("The script says so too: " + "; ".join(snap["notes"]) + ".")


def _script(snap: dict) -> str:
    return training_script(snap["params"], snap["epoch"], X=snap["X"], dataset=snap["dataset"],
                           changes=snap["changes"], app_final_loss=float(snap["history"][-1]["loss"]),
                           notes=snap["notes"])


def _on_import() -> None:
    ss = st.session_state
    uploaded = ss.get(WEIGHTS_UPLOADER)
    if uploaded is None:
        ss["playground_import"] = None
        return
    run = ss.get("runs", {}).get(RUN_KEY)
    if run is None or run.epoch == 0:
        ss["playground_import"] = {"ok": False, "message": "Train for at least one epoch (press Step) first, so "
                                   "there is a network of the current shape to load the weights into."}
        return
    if run.status == "training":
        ss["playground_import"] = {"ok": False, "message": "Pause training first, then import the weights."}
        return
    try:
        coefs, intercepts = weights_from_npz(uploaded.getvalue(), run.model)
    except DataError as exc:
        ss["playground_import"] = {"ok": False, "message": f"{uploaded.name}: {exc}"}
        return
    apply_weights(run.model, coefs, intercepts)
    loss = reconstruction_error(run.X, run.model.predict(run.X))
    ss["playground_log"]["imported"] = uploaded.name
    ss["playground_import"] = {"ok": True, "message": f"Loaded the weights from {uploaded.name}. "
                               f"Loss J/N of the imported model on this data: {loss:.6f}", "loss": loss}


def importer() -> None:
    st.file_uploader("Import weights (.npz saved from this page)", type=["npz"], key=WEIGHTS_UPLOADER,
                     on_change=_on_import, help="Read without pickle: a weights file cannot run code. The layers "
                     "and code size must match the current settings.")
    outcome = st.session_state.get("playground_import")
    if outcome:
        (st.success if outcome["ok"] else st.error)(outcome["message"])
