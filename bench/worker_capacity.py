"""What one server process can train, without browsers: N learners press Train on /linear_autoencoder at once.

`bench/load.py` measures the whole class on one machine, browsers included; on this 2-core machine the browsers'
drawing takes most of the CPU, so it cannot show what the server alone carries. This benchmark drives the
server's own training threads (`ui.live_threads`) directly with the lesson's default run (digits standardised,
64 → 2 → 64, identity, Adam, η = 0.05, full batch, 300 epochs), one run per learner with seeds 0..N-1, and a
watcher per learner that does the server-side part of what the page does: keeps the heartbeat going and, at
the redraw interval, computes the live metrics (``analysis.linear.compare``) under the run's lock
(Streamlit's own work per redraw, sending the figure and the metrics, is not in here: see bench/load.py).
It reports the time until each run's loss is within 1 % of PCA's optimum, and until each run has finished its
300 epochs.

    python bench/worker_capacity.py                    # N = 1, 4, 8, 16, 32
    python bench/worker_capacity.py --levels 30 100
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadpoolctl import threadpool_limits  # noqa: E402

from analysis.baseline import gap_percent, pca_baseline  # noqa: E402
from analysis.linear import compare  # noqa: E402
from bench.load import percentile  # noqa: E402
from core import load_dataset  # noqa: E402
from ui.live_run import new_run  # noqa: E402
from ui.live_threads import WORKERS, keep_training, redraw_interval  # noqa: E402

K, LR, EPOCHS = 2, 0.05, 300  # the linear lesson's default run (pages/linear_autoencoder.py)


def run_level(n: int, X, best: float, pca, timeout: float) -> dict:
    runs = [new_run(f"learner{i}", X, dict(hidden_layer_sizes=(K,), activation="identity", optimizer="adam",
                                           learning_rate=LR, batch_size=None, random_state=i),
                    data_key="digits/standard", epochs=EPOCHS) for i in range(n)]
    reached: dict[int, float] = {}
    finished: dict[int, float] = {}
    stop = threading.Event()
    interval = redraw_interval(n)

    def page(i: int) -> None:
        """One learner's page: ticks every redraw interval, reads the run under its lock like a redraw does."""
        run = runs[i]
        while not stop.is_set() and i not in finished:
            keep_training(run)
            with run.lock:
                loss = run.loss
                status = run.status
                if loss is not None:
                    compare(run.model, X, pca)  # the redraw's own numbers (gap, angle, R²), as the page does
            now = time.monotonic() - start
            if loss is not None and gap_percent(loss, best) <= 1.0:
                reached.setdefault(i, now)
            if status == "finished":
                finished[i] = now
            time.sleep(interval)

    cpu0, start = time.process_time(), time.monotonic()
    for r in runs:
        r.status = "training"
    pages = [threading.Thread(target=page, args=(i,), daemon=True) for i in range(n)]
    for t in pages:
        t.start()
    deadline = start + timeout
    while len(finished) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for r in runs:
        r.status = "paused"
    for t in pages:
        t.join()
    wall, cpu = time.monotonic() - start, time.process_time() - cpu0
    to_goal = sorted(reached.values())
    to_end = sorted(finished.values())
    epochs_at_goal = [next(rec["epoch"] for rec in r.history if gap_percent(rec["loss"], best) <= 1.0)
                      for r in runs if any(gap_percent(rec["loss"], best) <= 1.0 for rec in r.history)]
    return dict(n=n, reached=len(to_goal), finished=len(to_end), goal_p50=percentile(to_goal, 50),
                goal_p95=percentile(to_goal, 95), end_p50=percentile(to_end, 50), end_p95=percentile(to_end, 95),
                epochs_to_goal=percentile(sorted(epochs_at_goal), 50), cpu=cpu, wall=wall, interval=interval)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 4, 8, 16, 32])
    ap.add_argument("--timeout", type=float, default=600.0)
    args = ap.parse_args(argv)
    threadpool_limits(1)  # as the server does (ui.runtime.limit_blas_threads)
    X = load_dataset("digits", scale="standard").X
    pca = pca_baseline(X, K)
    best = pca.optimum
    rows = [run_level(n, X, best, pca, args.timeout) for n in args.levels]
    print(f"\n/linear_autoencoder's default run, server only: {WORKERS} training threads, "
          f"{os.cpu_count()} cores, PCA optimum J*/N = {best:.4f}\n")
    print("| N | reached ≤ 1 % | to ≤ 1 %: p50 s | p95 s | epochs to ≤ 1 % (median) | finished 300 epochs: p50 s "
          "| p95 s | redraw every s | CPU s | CPU s per learner |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']} | {r['reached']} | {r['goal_p50']:.2f} | {r['goal_p95']:.2f} | {r['epochs_to_goal']:.0f} "
              f"| {r['end_p50']:.2f} | {r['end_p95']:.2f} | {r['interval']:.2f} | {r['cpu']:.1f} "
              f"| {r['cpu'] / r['n']:.2f} |")
    return 0 if all(r["reached"] == r["n"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
