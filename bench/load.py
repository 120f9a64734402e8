"""Load benchmark: N learners at once, each opens a lesson and presses Train; how long until they get there?

One Chromium, N browser contexts (N separate Streamlit sessions), against a fresh server per level. Each learner
opens the page; once the browser and server are quiet, all press Train (one after the other, as fast as the
driver can click); every page logs, with its own clock, each change of what it shows, until its goal is met:

- ``--until gap`` (default for /linear_autoencoder): the metric "Gap to PCA optimum" shows <= 1 %;
- ``--until finished`` (e.g. /autoencoder): the status line "Epoch N / M · ... · finished".

Per level it reports the time from the learner's click (as the page got it) to the goal (p50, p95, max), errors
(exception boxes or time-outs), the longest stall (the longest time a training learner's epoch counter did not
move: starvation), the server's peak RSS and mean CPU (its process group, from /proc), and the browser's CPU
(it shares the cores).

    python bench/load.py                      # N = 1, 4, 8, 16 on /linear_autoencoder
    python bench/load.py --path autoencoder --levels 1 4 --until finished
    python bench/load.py --levels 8 --blas default     # BLAS threads left at the library default
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc import Sampler, cpu_seconds, mib  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, choose_pace, click_button, open_page  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402

GAP_LABEL = "Gap to PCA optimum"
WATCH_MS = 50         # how often each page looks at itself
POLL_SECONDS = 0.25   # between two rounds of collecting what the pages saw
FINISHED_GRACE = 10.0  # seconds a finished run's page gets to draw its final metric
# What a page shows: the status line, the gap metric and whether an exception box is shown.
# textContent, not innerText: innerText forces a layout of the page, and doing that on N pages several times a
# second made the browser (which shares the cores with the server) do far more work than a learner's would.
PROBE_JS = r"""(label) => {
  let status = "", epoch = -1, gap = null;
  for (const p of document.querySelectorAll("[data-testid='stMarkdownContainer'] p")) {
    const m = (p.textContent || "").match(/Epoch (\d+) \/ (\d+).*/);
    if (m) { status = m[0]; epoch = parseInt(m[1]); break; }
  }
  for (const el of document.querySelectorAll("[data-testid='stMetric']")) {
    const l = el.querySelector("[data-testid='stMetricLabel']");
    if (l && l.textContent.trim() === label) {
      const v = el.querySelector("[data-testid='stMetricValue']");
      gap = v ? v.textContent.trim() : null;
    }
  }
  const main = document.querySelector("[data-testid='stMain']");
  return {status: status, epoch: epoch, gap: gap,
          exception: document.querySelectorAll("[data-testid='stException']").length,
          notFound: !!main && (main.textContent || "").includes("Page not found")};
}"""


def parse_percent(text: str | None) -> float | None:
    """``"0.42 %"`` -> 0.42; anything else (``"–"``, None) -> None."""
    if not text:
        return None
    m = re.search(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text.replace(",", ""))
    return float(m.group(0)) if m else None


def goal_met(probe: dict, until: str, gap_max: float = 1.0) -> bool:
    if until == "finished":
        return "finished" in probe["status"]
    gap = parse_percent(probe["gap"])
    return gap is not None and gap <= gap_max


# Each page watches itself and logs every change of what it shows, with the page's clock (the machine's wall
# clock, as time.time()). Probing the pages one by one from here timed the busiest page's redraw into every
# other page's time: a probe waits until the page's renderer is free, and the next page's probe waits for it.
WATCH_JS = r"""(label) => {
  const probe = %s;
  window.__loadLog = [];
  let last = "";
  const look = () => {
    const p = probe(label);
    const key = JSON.stringify(p);
    if (key !== last) { last = key; p.t = Date.now() / 1000; window.__loadLog.push(p); }
  };
  look();
  window.__loadTimer = setInterval(look, %d);
  // The learner's clock starts when the click reaches the page, not when the driver starts clicking: under
  // load Playwright's checks before a click (stable for two animation frames, hit test) took seconds here,
  // a cost of driving N pages from one machine, which a learner's own browser does not have.
  document.addEventListener("click", () => { window.__loadLog.push({click: true, t: Date.now() / 1000}); },
                            {capture: true, once: true});
}""" % (PROBE_JS, WATCH_MS)
DRAIN_JS = "() => window.__loadLog.splice(0)"


def print_profiles(results: list[dict]) -> None:
    """Each level's py-spy profile, if it was taken: where the server's CPU went."""
    for r in results:
        if "profile" in r:
            print(f"\nN={r['n']}: where the server's CPU went (py-spy samples, waiting threads left out)\n")
            print("| category | share of samples |\n|---|---|")
            for cat, share in r["profile"].items():
                print(f"| {cat} | {share:.1f} % |")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list; NaN when empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    rank = max(1, int(-(-q * len(s) // 100)))  # ceil(q/100 * n)
    return s[min(rank, len(s)) - 1]


def descendants(pid: int) -> list[int]:
    """All live descendants of ``pid`` (by parent links in /proc)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def browser_cpu(server_pgid: int, *, chromium_only: bool = False) -> float:
    """CPU seconds of this benchmark's other children (the Playwright driver and Chromium), server excluded;
    ``chromium_only`` leaves the driver out too (a learner's browser has none)."""
    total = 0.0
    for p in descendants(os.getpid()):
        try:
            if os.getpgid(p) == server_pgid:
                continue
            if chromium_only:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    if b"chrom" not in os.path.basename(f.read().split(b"\0", 1)[0]).lower():
                        continue
        except OSError:
            continue
        total += cpu_seconds(p)
    return total


def wait_until_quiet(server_pgid: int, *, quiet: float = 0.05, window: float = 0.5, limit: float = 60.0) -> float:
    """Wait until the browser and the server are quiet (under ``quiet`` of a core each over ``window`` s).

    A page reports "script finished" before its browser has drawn everything; clicking Train right away timed
    the last pages' opening along with their training, and that varied from run to run. Like a class that has
    the page open when the teacher says "press Train". Returns the seconds waited.
    """
    start = time.monotonic()
    while time.monotonic() - start < limit:
        b0, s0 = browser_cpu(server_pgid), cpu_seconds(server_pgid)
        time.sleep(window)
        if (browser_cpu(server_pgid) - b0) / window < quiet and (cpu_seconds(server_pgid) - s0) / window < quiet:
            break
    return time.monotonic() - start


@dataclass
class Learner:
    """One learner's page as the benchmark follows it, from the click to the goal or an error."""

    started: float              # the click, by the page's clock once the page has seen it
    last_epoch: int = -1
    last_change: float = 0.0   # when the epoch counter last moved
    stall: float = 0.0         # the longest time it did not move
    finished_at: float | None = None
    seconds: float | None = None  # click to goal, once reached
    error: str | None = None

    @property
    def decided(self) -> bool:
        return self.seconds is not None or self.error is not None

    def take(self, p: dict, until: str) -> None:
        """Take one change the page logged (``p``, stamped ``p["t"]``)."""
        t = p["t"]
        if p.get("click"):
            self.started = self.last_change = t
        elif t < self.started:  # what the page showed before the click
            self.last_epoch = p["epoch"]
        elif p["exception"] or p["notFound"]:
            self.error = "exception box" if p["exception"] else "Page not found"
        else:
            self.stall = max(self.stall, t - self.last_change)
            if p["epoch"] != self.last_epoch:
                self.last_epoch, self.last_change = p["epoch"], t
            if goal_met(p, until):
                self.seconds = t - self.started
            elif "diverged" in p["status"]:
                self.error = f"stopped before the goal: {p['status']!r} gap={p['gap']!r}"
            elif "finished" in p["status"] and until == "gap" and self.finished_at is None:
                self.finished_at = t  # the page may still be drawing its final metric: FINISHED_GRACE


def start_unpinned_server(log_path: Path):
    """Like ``start_server`` but BLAS threads left at the library's default (for the --blas default run)."""
    from tests.browser import server as srv

    saved = srv.subprocess.Popen

    def popen(args, **kw):
        env = dict(kw.get("env") or os.environ)
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.pop(name, None)
        kw["env"] = env
        return saved(args, **kw)

    srv.subprocess.Popen = popen
    try:
        return start_server(log_path=log_path)
    finally:
        srv.subprocess.Popen = saved


# Where the server's CPU goes. py-spy's idle detection does not catch every waiting thread here, so stacks whose
# innermost frame is a known wait are counted as idle and left out of the shares; the others are classified by
# the first category (in this order) that any of their frames matches.
IDLE_LEAVES = ("select (selectors.py", "polling_path_watcher.py:90", "wait (threading.py", "_worker (concurrent",
               "get (queue.py", "sleep")
CATEGORIES = [
    ("gc.collect(2) after every script run (runner.postScriptGC)", ("_on_script_finished (",)),
    ("training (core/ fit_iter)", ("core/training.py", "core/autoencoder.py", "core/optimizers.py",
                                   "core/network.py", "core/activations.py")),
    ("figures (viz/ + plotly)", ("viz/", "plotly/")),
    ("live metrics (core/ comparisons)", ("core/",)),
    ("page script (pages/, ui/)", ("pages/", "ui/")),
    ("Streamlit runtime, protobuf, websocket", ("streamlit/", "google/protobuf", "tornado/", "starlette/",
                                                "uvicorn/", "websockets/", "asyncio/")),
]


def classify(stack: str) -> str:
    frames = stack.split(";")
    if any(leaf in frames[-1] for leaf in IDLE_LEAVES):
        return "idle"
    for name, needles in CATEGORIES:
        if any(any(n in f for n in needles) for f in frames):
            return name
    return "other"


def profile_summary(raw: Path) -> dict[str, float]:
    """Share of py-spy samples per category, from its ``raw`` (collapsed stacks) output."""
    counts: dict[str, int] = {}
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if stack and n.isdigit():
            cat = classify(stack)
            counts[cat] = counts.get(cat, 0) + int(n)
    counts.pop("idle", None)
    total = sum(counts.values()) or 1
    return {k: 100.0 * v / total for k, v in sorted(counts.items(), key=lambda kv: -kv[1])}


def start_profiler(pid: int, out: Path):
    exe = shutil.which("py-spy")
    if exe is None:
        raise SystemExit("--profile needs py-spy (pip install py-spy; for measuring only, not a dependency)")
    return subprocess.Popen([exe, "record", "--pid", str(pid), "--format", "raw", "--output", str(out),
                             "--rate", "50", "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_level(browser, n: int, *, path: str, until: str, timeout: float, blas: str, log_dir: Path,
              profile: bool = False) -> dict:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"load-server-n{n}.log"
    proc, url = start_unpinned_server(log) if blas == "default" else start_server(log_path=log)
    contexts, pages = [], []
    result = dict(n=n, path=path, until=until, blas=blas, load_before=os.getloadavg()[0])
    try:
        for _ in range(n):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.set_default_timeout(120_000)
            contexts.append(ctx)
            pages.append(page)
            open_page(page, url, path)
        result["settle_s"] = wait_until_quiet(proc.pid)
        polls = 0
        for page in pages:
            choose_pace(page, "fast")  # as fast as the server trains: the class's load, not the lesson's pace
            page.evaluate(WATCH_JS, GAP_LABEL)
        cpu_b0 = browser_cpu(proc.pid)
        profiler = start_profiler(proc.pid, log_dir / f"load-profile-n{n}.txt") if profile else None
        learners: list[Learner] = []
        with Sampler(proc.pid) as sampler:
            for page in pages:
                learners.append(Learner(started=time.time(), last_change=time.time()))
                click_button(page, "Train")
            deadline = time.time() + timeout
            while not all(x.decided for x in learners) and time.time() < deadline:
                for page, learner in zip(pages, learners):
                    if learner.decided:
                        continue
                    try:
                        seen = page.evaluate(DRAIN_JS)
                    except Exception as exc:  # a crashed page is an error of this learner, not of the run
                        learner.error = f"probe failed: {exc}"
                        continue
                    polls += 1
                    for p in seen:
                        learner.take(p, until)
                        if learner.decided:
                            break
                    if not learner.decided and learner.finished_at is not None \
                            and time.time() - learner.finished_at > FINISHED_GRACE:
                        learner.error = f"finished without reaching the goal (epoch {learner.last_epoch})"
                time.sleep(POLL_SECONDS)
            for learner in learners:
                if not learner.decided:
                    learner.error = f"time-out after {timeout:.0f} s (epoch {learner.last_epoch})"
        cpu_b = browser_cpu(proc.pid) - cpu_b0
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
            profiler.wait(timeout=60)
            result["profile"] = profile_summary(log_dir / f"load-profile-n{n}.txt")
        times = sorted(x.seconds for x in learners if x.seconds is not None)
        errors = [x.error for x in learners if x.error is not None]
        result.update(
            times=times, ok=len(times), errors=len(errors), error_texts=sorted(set(errors)),
            p50=percentile(times, 50), p95=percentile(times, 95), max=max(times) if times else float("nan"),
            max_stall=max((x.stall for x in learners), default=0.0), polls=polls,
            rss_start_mib=mib(sampler.samples[0][1]), rss_peak_mib=mib(sampler.peak_rss),
            server_cpu_pct=sampler.cpu_percent, server_cpu_s=sampler.cpu_seconds,
            cpu_s_per_learner=sampler.cpu_seconds / n, browser_cpu_pct=100.0 * cpu_b / sampler.wall,
            wall=sampler.wall,
        )
    finally:
        for ctx in contexts:
            ctx.close()
        stop_server(proc)
    return result


HEADER = ("| N | ok | errors | p50 s | p95 s | max s | p95/p50(N=1) | longest stall s | server RSS start→peak MiB"
          " | server CPU % | server CPU s per learner | browser CPU % | load avg before |")


def row(r: dict, base: float | None) -> str:
    ratio = r["p95"] / base if base else float("nan")
    return (f"| {r['n']} | {r['ok']} | {r['errors']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | "
            f"{ratio:.2f} | {r['max_stall']:.1f} | {r['rss_start_mib']:.0f}→{r['rss_peak_mib']:.0f} | "
            f"{r['server_cpu_pct']:.0f} | {r['cpu_s_per_learner']:.1f} | {r['browser_cpu_pct']:.0f} | "
            f"{r['load_before']:.1f} |")


def pooled(runs: list[dict]) -> dict:
    """One level run several times: the learners' times pooled, counts summed, the worst stall and peak kept."""
    if len(runs) == 1:
        return runs[0]
    times = sorted(t for r in runs for t in r["times"])
    r = dict(runs[0])
    r.update(
        times=times, ok=sum(x["ok"] for x in runs), errors=sum(x["errors"] for x in runs),
        error_texts=sorted({e for x in runs for e in x["error_texts"]}),
        p50=percentile(times, 50), p95=percentile(times, 95), max=max(times) if times else float("nan"),
        max_stall=max(x["max_stall"] for x in runs), rss_peak_mib=max(x["rss_peak_mib"] for x in runs),
        load_before=max(x["load_before"] for x in runs), repeats=len(runs),
    )
    for key in ("server_cpu_pct", "cpu_s_per_learner", "browser_cpu_pct"):
        r[key] = sum(x[key] for x in runs) / len(runs)
    return r


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--path", default="linear_autoencoder", help="page URL path (default: linear_autoencoder)")
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 4, 8, 16], help="numbers of learners")
    ap.add_argument("--until", choices=["gap", "finished"], default=None,
                    help="goal: gap <= 1 %% (default on linear_autoencoder) or status finished (default elsewhere)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per level before a learner times out")
    ap.add_argument("--blas", choices=["1", "default"], default="1",
                    help="BLAS threads in the server: pinned to 1 (as deployed) or the library default")
    ap.add_argument("--env", nargs="*", default=[], metavar="NAME=VALUE",
                    help="extra environment for the server, e.g. STREAMLIT_RUNNER_POST_SCRIPT_GC=false")
    ap.add_argument("--profile", action="store_true",
                    help="sample the server with py-spy during each level; print where its CPU goes")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run each level this many times (a fresh server each) and pool the learners' times")
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    until = args.until or ("gap" if args.path == "linear_autoencoder" else "finished")
    for item in args.env:  # start_server passes this process's environment on to the server
        name, _, value = item.partition("=")
        os.environ[name] = value

    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # A fresh Chromium compiles the app's scripts on its first page: do that before anything is timed.
            run_level(browser, 1, path=args.path, until=until, timeout=args.timeout, blas=args.blas,
                      log_dir=ROOT / "test-artifacts")
            for n in args.levels:
                runs = [run_level(browser, n, path=args.path, until=until, timeout=args.timeout, blas=args.blas,
                                  log_dir=ROOT / "test-artifacts", profile=args.profile)
                        for _ in range(max(1, args.repeat))]
                r = pooled(runs)
                results.append(r)
                print(f"N={n}: {r['ok']} ok, {r['errors']} errors, p50 {r['p50']:.1f} s, p95 {r['p95']:.1f} s"
                      + (f"  {r['error_texts']}" if r["errors"] else ""), flush=True)
        finally:
            browser.close()
    base = next((r["p50"] for r in results if r["n"] == 1 and r["ok"]), None)
    print(f"\n/{args.path}, goal: {'Gap to PCA optimum <= 1 %' if until == 'gap' else 'status finished'}, "
          f"BLAS threads: {args.blas}, {os.cpu_count()} cores" + (f", env {' '.join(args.env)}" if args.env else "")
          + "\n")
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    for r in results:
        print(row(r, base))
    print_profiles(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
