"""A heavy run beside a light one, on the server's training threads: how fast Pause and a closed tab stop the heavy
run, and what it costs the other learner.

The light learner runs /linear_autoencoder's default (digits standardised, 64 → 2 → 64, Adam 0.05, full batch);
its page "ticks" (keeps the heartbeat) every redraw interval, as a browser would. Each heavy run is a playground
link: it is started with Step (25 epochs, on the training threads), watched for a few seconds, then paused; later
started with Train and its page closed (no more ticks). The table gives, per heavy link: the seconds of CPU one
of its epochs costs, the light learner's epochs per second alone and beside it, how long Pause took to answer
(the lock wait: at most one gradient step) and until the threads let the run go, and how long training went on
after the tab closed (the heartbeat). A link over the work limit is refused before anything trains.

    python bench/heavy_run.py
"""

import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from threadpoolctl import threadpool_limits  # noqa: E402

from core import load_dataset  # noqa: E402
from playground_kit.settings import DEFAULTS, fit_to_data, model_params, parse_query  # noqa: E402
from ui.live_run import new_run, step  # noqa: E402
from ui.live_threads import HEARTBEAT_SECONDS, keep_training, redraw_interval, wait_until_idle  # noqa: E402

LIGHT = dict(hidden_layer_sizes=(2,), activation="identity", optimizer="adam", learning_rate=0.05, batch_size=None,
             random_state=0)
LINKS = {
    "the probe's link (5 x 512, code 32)": "hidden=512,512,512,512,512&code=32&act=tanh&lr=0.0001&dropout=0.9&noise=2",
    "512, 256, code 2, full batch": "hidden=512,256&code=2&act=tanh&lr=0.0001&dropout=0.9&noise=2",
    "512, 256, code 2, batch 8": "hidden=512,256&code=2&act=tanh&lr=0.0001&dropout=0.9&noise=2&batch=8",
    "128, 64, code 2, batch 8": "hidden=128,64&code=2&act=tanh&batch=8",
}
WATCH = 4.0  # seconds of each measurement


def ticking(run, stop: threading.Event) -> threading.Thread:
    """A page that keeps ``run`` going until ``stop``, ticking every redraw interval."""
    def tick():
        while not stop.is_set():
            keep_training(run)
            time.sleep(redraw_interval())
    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    return thread


def epochs_per_second(run, seconds: float) -> float:
    start, epoch = time.monotonic(), run.epoch
    time.sleep(seconds)
    return (run.epoch - epoch) / (time.monotonic() - start)


def heavy_run(query: str, X):
    values, _ = parse_query(dict(pair.split("=") for pair in query.split("&")))
    values, _ = fit_to_data({**DEFAULTS, **values}, X.shape[1], len(X))
    return new_run("heavy", X, model_params(values), data_key="digits", epochs=10**6)


def measure(name: str, query: str, X, light) -> dict:
    heavy = heavy_run(query, X)
    if heavy.status == "too_big":
        return dict(name=name, refused=True)
    light_alone = epochs_per_second(light, WATCH)
    cpu0 = time.thread_time()
    with heavy.lock:  # one epoch in this thread: what it costs
        heavy.epochs = 1
        heavy.status = "training"
        heavy.advance()
    epoch_cpu = time.thread_time() - cpu0
    heavy.epochs = 10**6
    step(heavy, 25)
    stop = threading.Event()
    ticking(heavy, stop)
    time.sleep(1.0)
    light_beside = epochs_per_second(light, WATCH)
    t0 = time.monotonic()
    with heavy.lock:  # Pause
        heavy.status = "paused"
    pause = time.monotonic() - t0
    stop.set()
    wait_until_idle(heavy, 60)
    idle = time.monotonic() - t0
    with heavy.lock:  # Train, then the tab closes: nothing ticks any more
        heavy.status, heavy.stop_at = "training", None
    keep_training(heavy)
    time.sleep(1.0)
    t0 = time.monotonic()
    wait_until_idle(heavy, 60)
    closed = time.monotonic() - t0
    return dict(name=name, refused=False, epoch_cpu=epoch_cpu, alone=light_alone, beside=light_beside, pause=pause,
                idle=idle, closed=closed)


def main() -> int:
    threadpool_limits(1)  # as the server does
    X = load_dataset("digits", scale="standard").X
    light = new_run("light", X, LIGHT, data_key="digits", epochs=10**7)
    light.status = "training"
    stop = threading.Event()
    ticking(light, stop)
    rows = [measure(name, query, X, light) for name, query in LINKS.items()]
    stop.set()
    print(f"\nA heavy playground link beside a light learner (digits, 1797 x 64), {HEARTBEAT_SECONDS:g} s heartbeat\n")
    print("| heavy link | one epoch: CPU s | light learner epochs/s alone | beside it | Pause answered s | threads "
          "let go s | after the tab closed s |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        if r["refused"]:
            print(f"| {r['name']} | refused: over the work limit | | | | | |")
        else:
            print(f"| {r['name']} | {r['epoch_cpu']:.2f} | {r['alone']:.0f} | {r['beside']:.0f} | {r['pause']:.3f} | "
                  f"{r['idle']:.3f} | {1.0 + r['closed']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
