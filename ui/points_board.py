"""The draw page's points and the three ways to change them: the drawing board (a small component whose JavaScript,
in ``ui/points_board/``, only draws and reports the points when a gesture ends), the table of points for keyboard
users (``st.data_editor``), and the shareable link (``?points=x,y;x,y;...``, up to 200 points, rounded).

The server holds the points (``"<page>:points"``) and a version number (``"<page>:rev"``) that grows with every
change. The board takes the server's points when the version changes, except while a report of its own is on
its way (``"<page>:ack"`` names the last report taken). The table is keyed by the version, so it shows the
current points afresh after every change.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from analysis.draw import (
    BOUND,
    MAX_LINK_POINTS,
    MAX_POINTS,
    PCALine,
    apply_edits,
    axis_ends,
    from_link,
    on_board,
    preset,
    segments,
    to_link,
)
from ui import link
from ui.state import default
from viz.draw import board_scene

FRONTEND = Path(__file__).resolve().parent / "points_board"
_board = st.components.v2.component("draw_board", js=(FRONTEND / "board.js").read_text(encoding="utf-8"),
                                    css=(FRONTEND / "board.css").read_text(encoding="utf-8"), isolate_styles=False)
# The network's curve comes from the live trainer's redraws, which do not redraw the board: this hands it over.
_feed = st.components.v2.component(
    "draw_board_feed", isolate_styles=False,
    js='export default function ({ data }) { window.__drawBoardOverlay = data; '
       'window.dispatchEvent(new Event("drawboard-overlay")); }')


def _keys(page: str) -> tuple[str, str, str]:
    return f"{page}:points", f"{page}:rev", f"{page}:ack"


def table_key(page: str) -> str:
    return f"{page}_table_{st.session_state[f'{page}:rev']}"  # no ":": ui.state must not re-store a table's edits


def set_points(page: str, P) -> None:
    points, rev, _ = _keys(page)
    st.session_state[points] = on_board(P).tolist()
    st.session_state[rev] = st.session_state.get(rev, 0) + 1


def load_preset(page: str) -> None:
    set_points(page, preset(st.session_state[f"{page}:preset"]))


def points(page: str, start: str = "arc") -> tuple[np.ndarray, str | None]:
    """The current points (N, 2), after the link (once per session) and the table's last edits; and what was wrong
    with those edits, if anything (the points then stay the last good ones)."""
    key, rev, _ = _keys(page)

    def check(text: str):
        P, note = from_link(text)
        return P.tolist(), note

    link.read(key, check)
    default(key, preset(start).tolist())
    default(rev, 0)
    message = _take_table_edits(page)
    return np.asarray(st.session_state[key], dtype=np.float64).reshape(-1, 2), message


def _take_table_edits(page: str) -> str | None:
    edits = st.session_state.get(table_key(page)) or {}
    if not any(edits.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
        return None
    key = _keys(page)[0]
    try:
        P = apply_edits(st.session_state[key], edits)
    except ValueError as exc:
        if _only_unfinished_rows(edits):  # a row just added: wait for both of its cells
            return "A new row becomes a point once both x and y hold numbers."
        set_points(page, st.session_state[key])  # a fresh table, showing the last good points
        return f"{exc} The points keep their last good values."
    set_points(page, P)
    return None


def _only_unfinished_rows(edits: dict) -> bool:
    added = edits.get("added_rows") or []
    values = [v for row in added for v in (row or {}).values()]
    blank = all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
    return bool(added) and not edits.get("edited_rows") and not edits.get("deleted_rows") and (
        not values or blank or any(len(row or {}) < 2 for row in added))


def _on_report(page: str, key: str) -> None:
    report = (st.session_state.get(key) or {}).get("edit")
    if not isinstance(report, dict):
        return
    try:
        P = on_board(report.get("points") or np.zeros((0, 2)))
    except (ValueError, TypeError):  # not the board's own report: ignore it, keep the points
        return
    set_points(page, P)
    st.session_state[_keys(page)[2]] = str(report.get("seq", ""))


def board(page: str, P: np.ndarray, line: PCALine | None, *, show_segments: bool, curve_on: bool) -> None:
    """The drawing board showing the points P (N, 2) and PCA's ``line`` (with each point's projection segment if
    ``show_segments``); ``curve_on``: the network's overlay (sent by `feed`) is drawn too."""
    key = f"{page}_board"
    _, rev, ack = _keys(page)
    scene = board_scene(P, axis=None if line is None else axis_ends(line, BOUND),
                        segments=segments(P, line) if line is not None and show_segments else None,
                        bound=BOUND, max_points=MAX_POINTS, rev=st.session_state[rev],
                        ack=st.session_state.get(ack, ""), label="Drawing board")
    _board(key=key, data={**scene, "curve_on": curve_on}, on_edit_change=lambda: _on_report(page, key))


def feed(overlay: dict) -> None:
    """Hand the network's overlay (`viz.draw.model_overlay`) to the board, from the live trainer's redraws."""
    _feed(key="draw_board_feed", data=overlay)


def table(page: str, P: np.ndarray, message: str | None) -> None:
    """The points as an editable table (the keyboard's way to draw), and what was wrong with the last edit."""
    if message:
        st.warning(message, icon=":material/edit_off:")
    number = st.column_config.NumberColumn
    st.data_editor(pd.DataFrame(P, columns=["x", "y"]), key=table_key(page), num_rows="dynamic", width="stretch",
                   column_config={c: number(c, min_value=-BOUND, max_value=BOUND, step=0.001, format="%.3f")
                                  for c in ("x", "y")})


def write_link(page: str, P: np.ndarray) -> None:
    """The points in the address bar (up to `MAX_LINK_POINTS`; more are left out of the link, and it says so)."""
    key = _keys(page)[0]
    link.notes(key)
    text = to_link(P)
    if text is None:
        st.query_params.pop("points", None)
        st.caption(f"The link carries up to {MAX_LINK_POINTS} points: with {len(P)} it keeps only the settings.")
    else:
        link.write(key, text)
