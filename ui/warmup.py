"""Warm the shared caches: the server opens every page once itself, as an invisible visitor, at low priority.

What the pages compute with their default settings (the lessons' fixed experiments, datasets, PCA baselines) is
cached per server with ``st.cache_data``, so whoever opens a page first pays for it: seconds on `/training` and
`/use_the_code`. Streamlit runs none of our code before a first visitor, so the first script run of the process
starts a background thread that connects to the server's own websocket as a browser would, asks for each page in
turn with no settings, waits for its run to finish and leaves. Because it is a real session running the real
pages, it warms exactly what a learner's first visit would compute, and nothing has to be listed twice. The
visitor marks itself with a header; its script thread lowers its own CPU priority (`lower_priority_if_warming`).
"""

from __future__ import annotations

import os
import threading
import time
from functools import cache

import streamlit as st
from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from ui.navigation import HOME, built

HEADER = "X-Warm-Up"
SWITCH = "AE_WARM_UP"  # set to 0 to turn the warm-up off (the browser tests do, but for the test of it)
PAGE_TIMEOUT = 120.0  # seconds one page may take before the visitor gives up on it
DELAY = 5.0  # seconds: the first visitor's own page is drawn first
LOWEST = 19  # nice value of the visitor's script thread
LOG = get_logger(__name__)  # Streamlit's: its level and format, in the server's log


def stream_url() -> str:
    """This server's websocket, on the loopback interface unless the server listens on one address only."""
    address = st.get_option("server.address") or ""
    host = "127.0.0.1" if address in ("", "0.0.0.0", "::", "localhost") else address
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"ws://{host}:{st.get_option('server.port')}/{base + '/' if base else ''}_stcore/stream"


def visit(url: str, page: str, timeout: float = PAGE_TIMEOUT) -> float:
    """Open ``page`` (its URL path, "" for home) over the websocket and wait until its script has finished.
    Returns the seconds it took; raises TimeoutError or the connection's error."""
    start = time.perf_counter()
    with connect(url, subprotocols=["streamlit"], additional_headers={HEADER: "1"}, max_size=None,
                 open_timeout=timeout) as ws:
        request = BackMsg()
        request.rerun_script.page_name = page
        request.rerun_script.query_string = ""
        ws.send(request.SerializeToString())
        deadline = start + timeout
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=max(deadline - time.perf_counter(), 0.001)))
            # The router's first pass ends early for a rerun; the page's own run ends with success or an error.
            kind = msg.WhichOneof("type")
            if kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - start


def warm(url: str, pages: list[str], delay: float = DELAY) -> dict[str, float | None]:
    """Visit each page in turn; the seconds each took (None where it failed, which is logged, never raised)."""
    time.sleep(delay)
    seconds: dict[str, float | None] = {}
    for page in pages:
        try:
            seconds[page] = visit(url, page)
        except Exception as error:  # a page that fails here will show its own message to a learner
            LOG.warning("warm-up of /%s failed: %s", page, error)
            seconds[page] = None
    LOG.info("warm-up done: %s", ", ".join(f"/{p} {s:.1f} s" if s is not None else f"/{p} failed"
                                          for p, s in seconds.items()))
    return seconds


@cache
def start_warmup() -> threading.Thread | None:
    """Once per process, unless ``AE_WARM_UP=0``: visit every page in the navigation's order on a daemon thread."""
    if os.environ.get(SWITCH, "1") == "0":
        return None
    pages = [p.stem for p in [HOME, *built()]]
    thread = threading.Thread(target=warm, args=(stream_url(), pages), name="cache-warm-up", daemon=True)
    thread.start()
    return thread


def lower_priority_if_warming() -> None:
    """In the invisible visitor's script run only: this thread yields the CPU to every learner's thread."""
    if st.context.headers.get(HEADER) == "1":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST)
