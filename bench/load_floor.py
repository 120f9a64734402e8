"""How fast could N learners pressing Train together get their first answer on this machine, at best?

`bench/load.py` measures the time from a learner's click until their page shows "Gap to PCA optimum" <= 1 %
with N learners at once, and all N browsers run on the server's machine. This script measures what one such
answer costs, in CPU seconds, and from that the least time N of them can take on this machine's cores:

1. One learner at a time (a fresh browser context each, ``--repeat`` times): open the page, wait until the
   browser and server are quiet, press Train; the page logs, with its own clock, when the click reached it and
   when the gap first showed <= 1 %. Meanwhile this script reads the CPU time of the server's process group
   and of Chromium's processes every 10 ms (the Playwright driver is left out: a learner's browser has none).
2. For each learner: the latency (click to goal) and the CPU the server and the browser used in between. That
   is only part of a learner's work (training goes on afterwards, and the finished run's views are drawn), so
   the bound below is generous.
3. For N learners clicking at the same moment, the k-th answer cannot come before k x (server + browser CPU)
   / cores seconds, however the work is scheduled: at most ``cores`` CPU seconds are done per second. The
   95th percentile of N answers is the ceil(0.95 N)-th. The table sets this floor beside the target of
   ``bench/load.py`` (p95 at N learners <= 2 x the one-learner time, its median here). The target can only be
   reached if ceil(0.95 N) x CPU / cores <= 2 x latency, that is if one answer's CPU is at most
   2 x cores / ceil(0.95 N) times its own latency: 0.5 for N = 8 on 2 cores. An answer that is computed, not
   waited for, uses about as much CPU as its latency or more (here the server and the browser work at once).

    python bench/load_floor.py                 # /linear_autoencoder, 5 learners one at a time
    python bench/load_floor.py --repeat 9 --levels 4 8 16
"""

import argparse
import math
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import DRAIN_JS, GAP_LABEL, WATCH_JS, browser_cpu, goal_met, wait_until_quiet  # noqa: E402
from bench.proc import group_cpu  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, choose_pace, click_button, open_page  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402

SAMPLE_SECONDS = 0.01


class CpuLog:
    """Reads (wall time, server CPU, browser CPU) every ``SAMPLE_SECONDS`` on a thread; ``at(t)`` interpolates."""

    def __init__(self, server_pgid: int):
        self.pgid, self.rows, self._stop = server_pgid, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.rows.append((time.time(), group_cpu(self.pgid), browser_cpu(self.pgid, chromium_only=True)))
            time.sleep(SAMPLE_SECONDS)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def at(self, t: float) -> tuple[float, float]:
        """(server, browser) CPU seconds at wall time ``t``, linearly interpolated between two readings."""
        rows = self.rows
        for (t0, s0, b0), (t1, s1, b1) in zip(rows, rows[1:]):
            if t0 <= t <= t1:
                w = (t - t0) / (t1 - t0) if t1 > t0 else 0.0
                return s0 + w * (s1 - s0), b0 + w * (b1 - b0)
        raise ValueError(f"no CPU readings around t = {t:.3f}")


def one_learner(browser, url: str, path: str, server_pgid: int, timeout: float = 60.0) -> dict:
    """One learner alone: latency from the click to the goal, and the server's and browser's CPU in between."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        open_page(page, url, path)
        choose_pace(page, "fast")  # as fast as the server trains: the work, not the lesson's pace
        wait_until_quiet(server_pgid)
        page.evaluate(WATCH_JS, GAP_LABEL)
        with CpuLog(server_pgid) as cpu:
            click_button(page, "Train")
            clicked = reached = None
            deadline = time.time() + timeout
            while reached is None and time.time() < deadline:
                for p in page.evaluate(DRAIN_JS):
                    if p.get("click"):
                        clicked = p["t"]
                    elif clicked is not None and p["t"] >= clicked and goal_met(p, "gap"):
                        reached = p["t"]
                        break
                time.sleep(0.05)
            time.sleep(0.05)  # a reading after the goal, to interpolate at it
        if clicked is None or reached is None:
            raise RuntimeError(f"the goal was not reached within {timeout:.0f} s")
        (s0, b0), (s1, b1) = cpu.at(clicked), cpu.at(reached)
        return dict(latency=reached - clicked, server=s1 - s0, browser=b1 - b0)
    finally:
        ctx.close()


def floor_table(runs: list[dict], levels: list[int], cores: int) -> list[str]:
    latency = statistics.median(r["latency"] for r in runs)
    server = statistics.median(r["server"] for r in runs)
    browser = statistics.median(r["browser"] for r in runs)
    work = statistics.median(r["server"] + r["browser"] for r in runs)
    lines = [
        f"One learner alone, {len(runs)} runs (medians): click to goal {latency:.2f} s; CPU in between: "
        f"server {server:.2f} s, browser {browser:.2f} s, together {work:.2f} s. Cores: {cores}.",
        "",
        "| N | CPU for N first answers s | floor for the p95 answer s | target p95 <= 2 x one learner s | "
        "target reachable | reachable only if one answer's CPU / its latency <= |",
        "|---|---|---|---|---|---|",
    ]
    for n in levels:
        rank = math.ceil(0.95 * n)
        floor = max(rank * work / cores, latency)
        target = 2 * latency  # as bench/load.py's ratio column: against the one-learner median
        # rank * work / cores <= 2 * latency  <=>  work / latency <= 2 * cores / rank
        lines.append(f"| {n} | {n * work:.1f} | {floor:.2f} | {target:.2f} | {'yes' if floor <= target else 'no'} | "
                     f"{2 * cores / rank:.2f} (here {work / latency:.2f}) |")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--path", default="linear_autoencoder", help="page URL path (default: linear_autoencoder)")
    ap.add_argument("--repeat", type=int, default=5, help="learners measured one at a time (default 5)")
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 4, 8, 16], help="numbers of learners")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    proc, url = start_server(log_path=ROOT / "test-artifacts" / "load-floor-server.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                one_learner(browser, url, args.path, proc.pid)  # warm-up: the first page compiles the app's JS
                runs = []
                for i in range(args.repeat):
                    r = one_learner(browser, url, args.path, proc.pid)
                    runs.append(r)
                    print(f"learner {i + 1}: click to goal {r['latency']:.2f} s, server CPU {r['server']:.2f} s, "
                          f"browser CPU {r['browser']:.2f} s", flush=True)
            finally:
                browser.close()
    finally:
        stop_server(proc)
    print()
    print("\n".join(floor_table(runs, args.levels, os.cpu_count() or 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
