"""Start and stop the real app (`streamlit run app.py`) on a free port, for browser tests and benchmarks."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int | None = None, *, log_path: Path | None = None, timeout: float = 90.0,
                 warm_up: bool = False):
    """Launch the app; return ``(process, url)`` once ``/_stcore/health`` answers ok. ``warm_up``: let the server
    open every page itself after the first visit (ui/warmup.py; off by default, so a test measures only its own)."""
    port = port or free_port()
    # As `make run` and the Dockerfile start it: one BLAS thread, two malloc arenas (see bench/soak.py).
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.setdefault("MALLOC_ARENA_MAX", "2")
    env["AE_WARM_UP"] = "1" if warm_up else "0"
    log = open(log_path, "w") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return proc, url
        except OSError:
            pass
        time.sleep(0.25)
    stop_server(proc)
    raise RuntimeError(f"streamlit did not become healthy within {timeout} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
