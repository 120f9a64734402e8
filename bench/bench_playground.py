"""How long the playground page takes to rerun, in AppTest (the script alone, no browser). Prints a table.

    python bench/bench_playground.py [repeats]

Rows: the first run of a session (imports and caches warm), a rerun after a learning-rate change on a trained
model (the common case while teaching), and a rerun after a code-size change (a fresh run and a new PCA).
Median and min over ``repeats`` reruns; the machine's load average is printed because it dominates.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

from streamlit.testing.v1 import AppTest  # noqa: E402

from playground_kit.settings import LR_LADDER  # noqa: E402


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main(repeats: int = 5) -> None:
    rows = {}
    for dataset in ("digits", "iris"):
        at = AppTest.from_file(str(ROOT / "pages" / "playground.py"), default_timeout=300)
        at.query_params.update({"data": dataset})
        first = timed(at.run)
        next(b for b in at.button if b.label == "Step").click().run()
        lr, code = [], []
        for i in range(repeats):
            at.select_slider(key="playground:lr").set_value(LR_LADDER[5 + i % 3])
            lr.append(timed(at.run))
            at.slider(key="playground:code").set_value(2 + (i + 1) % 2)
            code.append(timed(at.run))
        assert not at.exception
        rows[dataset] = (first, lr, code)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {repeats} reruns each\n")
    print(f"| {'dataset':8} | {'first run (s)':>13} | {'lr change: median / min (s)':>27} | "
          f"{'code change: median / min (s)':>29} |")
    print(f"|{'-' * 10}|{'-' * 15}|{'-' * 29}|{'-' * 31}|")
    for name, (first, lr, code) in rows.items():
        print(f"| {name:8} | {first:13.2f} | {statistics.median(lr):13.3f} / {min(lr):11.3f} | "
              f"{statistics.median(code):14.3f} / {min(code):12.3f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
