"""Process-wide settings for the server, applied once per process (not once per rerun)."""

import gc
import importlib
import pkgutil
import threading
from functools import cache
from pathlib import Path

from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "analysis", "viz", "ui", "playground_kit")
COLLECT_EVERY = 1.0  # seconds between full garbage collections (see start_memory_housekeeping)


@cache
def limit_blas_threads() -> None:
    """One BLAS thread: the matrices here are small, so more threads only add overhead, and on a shared
    server learners' sessions would fight for the cores (bench/README.md)."""
    threadpool_limits(1)


def import_all_modules() -> list[str]:
    """Import every module of the app's packages (what the pages will import anyway); return their names."""
    names = []
    for package in PACKAGES:
        for info in pkgutil.iter_modules([str(ROOT / package)]):
            names.append(f"{package}.{info.name}")
            importlib.import_module(names[-1])
    return names


def collect_periodically(interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        gc.collect()


@cache
def start_memory_housekeeping(interval: float = COLLECT_EVERY) -> threading.Event:
    """Keep the server's memory flat without a full garbage collection after every script run.

    Plotly figures and Streamlit's own objects form reference cycles, so some of every rerun's garbage waits
    for a full collection. Streamlit's default collects after every script run, which scans the app's long-lived
    objects (the modules of NumPy, scikit-learn, Plotly, Streamlit) on every tick of every live chart; without
    any collection memory grows (bench/README.md has the figures). So, once per process: import everything the
    pages use, collect, and freeze the survivors (``gc.freeze``: they are never scanned again), then collect the
    rest once a second on a daemon thread, which scans only the sessions' own objects. Returns the stop event.
    """
    import_all_modules()
    gc.collect()
    gc.freeze()
    stop = threading.Event()
    threading.Thread(target=collect_periodically, args=(interval, stop), name="gc-housekeeping",
                     daemon=True).start()
    return stop
