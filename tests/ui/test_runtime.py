"""The server's once-per-process housekeeping: everything imported and frozen, cycles collected on a timer."""

import gc
import threading
import time
import weakref

from ui.runtime import PACKAGES, collect_periodically, import_all_modules, start_memory_housekeeping


def test_import_all_modules_covers_every_package_module():
    names = import_all_modules()
    for package in PACKAGES:
        assert any(n.startswith(f"{package}.") for n in names)
    assert {"core.autoencoder", "viz.training", "ui.live_trainer"} <= set(names)


def test_housekeeping_freezes_the_startup_objects_once_and_runs_one_thread():
    stop = start_memory_housekeeping()
    assert start_memory_housekeeping() is stop  # once per process
    assert gc.get_freeze_count() > 50_000
    assert [t for t in threading.enumerate() if t.name == "gc-housekeeping" and t.is_alive()]


class Node:
    pass


def test_the_periodic_collector_frees_cyclic_garbage_with_automatic_gc_off():
    was_enabled = gc.isenabled()
    gc.disable()
    stop = threading.Event()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: reference counting alone never frees it
        ref = weakref.ref(a)
        del a, b
        assert ref() is not None
        threading.Thread(target=collect_periodically, args=(0.05, stop), daemon=True).start()
        deadline = time.monotonic() + 5
        while ref() is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ref() is None
    finally:
        stop.set()
        if was_enabled:
            gc.enable()
