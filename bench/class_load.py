"""Class benchmark: a teacher and N learners on one server; each learner votes, then presses Train.

One Chromium, one teacher context and N learner contexts (N separate Streamlit sessions), against a fresh server
(and a fresh SQLite class database) per level. The teacher starts a class on /in_class; each learner opens the
join link on the lesson, ``/linear_autoencoder?join=CODE``, and chooses the trainer's fast pace (the server's
work, not the lesson's pace; as bench/load.py). Once the browser and server are quiet, the teacher asks its
default question; each learner picks an answer and presses "Send my answer" (one after the other, as fast as
the driver can click); then each presses Train and waits until "Gap to PCA optimum" shows <= 1 %.

Times come from the websocket frames, not from the pages' drawing: a real class's browsers run on their own
devices, while here one Chromium shares the machine's cores with the server. A Chrome DevTools Protocol session
per page records ``Network.webSocketFrameSent`` / ``Network.webSocketFrameReceived`` with their timestamps (one
monotonic clock for the whole browser), and the frames are decoded with Streamlit's own protobuf messages:

- vote -> teacher's chart: from the learner's BackMsg that carries the "Send my answer" click to the teacher's
  ForwardMsg whose "Answers" metric (drawn with the chart, in one fragment run) first counts that vote. The
  count does not say whose votes it holds, so the r-th vote to leave a browser is taken as arrived when the
  teacher's count first reaches r;
- ask -> learner: from the teacher's "Ask the class" BackMsg to the learner's first ForwardMsg with the question;
- Train -> gap: from the learner's BackMsg carrying the Train click to its first ForwardMsg whose "Gap to PCA
  optimum" metric is <= 1 %.

Errors: a vote the learner's page never confirmed, a count that never reached the votes sent, a learner that
never reached the gap, an exception element in any frame or an exception box on any page at the end. Also the
server's CPU seconds per learner and peak RSS (its process group, bench/proc.py), and the browser's CPU, which
shares the same cores (so the server is measured on less than 2 cores).

    python bench/class_load.py                 # N = 10, 30, 60
    python bench/class_load.py --levels 30 --profile   # and where the server's CPU goes (needs py-spy)
    python bench/class_load.py --learners ws --levels 10 30 60 --max-load 1.0   # without a renderer, see below
    python bench/class_load.py --learners ws --replicas 2 --levels 30 60   # 2 app servers, one PostgreSQL

``--learners ws``: the teacher and the learners are protocol-level clients (bench/ws_client.py) in this process,
doing what the pages do (bench/class_load_ws.py); the same frames are logged, with this process's monotonic
clock, and read by the same code. Without N renderers on the server's cores, N = 60 fits on this machine.

``--replicas R`` (``--learners ws`` only): one Streamlit process is bound by one GIL, so a class can use more
than one core only on several app servers, which share the class through PostgreSQL (deploy/k8s.yaml). Per
level: a throwaway PostgreSQL cluster with a fresh database, R servers on it, the teacher on the first and learner
i on server i mod R; the server columns are summed over the R servers (peak RSS: the sum of each one's peak).
R = 1 (the default) is the single server with its SQLite file.
"""

import argparse
import base64
import json
import os
import re
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench import load  # noqa: E402
from bench.proc import Sampler, mib  # noqa: E402
from tests.browser import helpers as h  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402

ANSWERS = "Answers"          # the teacher's metric "k of N", drawn with the votes chart
ASKS = "Your teacher asks"   # the learner's card once a question is asked
CONFIRMED = "Your answer is in"
LEARNER_VIEW = {"width": 800, "height": 600}   # small: less for the shared renderer to draw (no screenshots)
TEACHER_VIEW = {"width": 1400, "height": 1000}
JOIN_BATCH = 10  # learners whose pages load at once
# The teacher's chart is polled by its page (a fragment's run_every is a timer in the browser): a page whose
# JavaScript is held up by the shared cores asks late, and the vote reaches the chart late. This heartbeat says
# how long the teacher's page was held up, so that part can be told from the server's.
HEARTBEAT_JS = """() => { window.__stall = 0; let last = performance.now();
  setInterval(() => { const t = performance.now(); window.__stall = Math.max(window.__stall, t - last); last = t; },
              100); }"""


def clicked(payload: bytes, suffix: str) -> bool:
    """Does this BackMsg carry a click (a trigger) of the button whose key ends with ``suffix``?"""
    msg = BackMsg()
    msg.ParseFromString(payload)
    return any(w.WhichOneof("value") == "trigger_value" and w.trigger_value and re.search(suffix + "$", w.id)
               for w in msg.rerun_script.widget_states.widgets)


def element(payload: bytes):
    """The new element a ForwardMsg draws, or None."""
    msg = ForwardMsg()
    msg.ParseFromString(payload)
    if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
        return msg.delta.new_element
    return None


@dataclass
class Frames:
    """One page's websocket frames, as its CDP session reported them: (sent?, timestamp s, payload)."""

    log: list = field(default_factory=list)
    done: int = 0  # frames already looked at

    def attach(self, context, page) -> None:
        cdp = context.new_cdp_session(page)
        for event, sent in (("Network.webSocketFrameSent", True), ("Network.webSocketFrameReceived", False)):
            cdp.on(event, lambda e, sent=sent: self._take(e, sent))
        cdp.send("Network.enable")

    def _take(self, e: dict, sent: bool) -> None:
        r = e["response"]
        if r.get("opcode") == 2:  # binary: payloadData is base64 (Streamlit's messages are all binary)
            self.log.append((sent, e["timestamp"], base64.b64decode(r["payloadData"])))

    def new(self):
        fresh, self.done = self.log[self.done:], len(self.log)
        return fresh


@dataclass
class Learner:
    frames: Frames
    page: object = None
    context: object = None
    asked_at: float | None = None     # first frame with the teacher's question
    vote_sent: float | None = None
    vote_confirmed: float | None = None
    train_sent: float | None = None
    gap_at: float | None = None
    last_gap: str | None = None      # the last gap the page was sent after its Train click
    error: str | None = None

    def scan(self) -> None:
        """Read the frames that came since the last scan."""
        for sent, t, data in self.frames.new():
            if sent:
                if self.vote_sent is None and clicked(data, r"classmode_send_\d+"):
                    self.vote_sent = t
                elif self.train_sent is None and clicked(data, "linear_autoencoder_train"):
                    self.train_sent = t
                continue
            el = element(data)
            if el is None:
                continue
            kind = el.WhichOneof("type")
            if kind == "exception" and self.error is None:
                self.error = f"exception: {el.exception.type} {el.exception.message[:80]}"
            elif kind == "markdown":
                if self.asked_at is None and ASKS in el.markdown.body:
                    self.asked_at = t
                if self.vote_sent is not None and self.vote_confirmed is None and CONFIRMED in el.markdown.body:
                    self.vote_confirmed = t
            elif kind == "metric" and el.metric.label == load.GAP_LABEL and self.train_sent is not None \
                    and self.gap_at is None:
                self.last_gap = el.metric.body
                gap = load.parse_percent(el.metric.body)
                if gap is not None and gap <= 1.0:
                    self.gap_at = t


def teacher_counts(frames: Frames) -> list[tuple[float, int]]:
    """(timestamp, answers counted) of every "Answers k of N" metric the teacher's page received."""
    out = []
    for sent, t, data in frames.log:
        if not sent and (el := element(data)) is not None and el.WhichOneof("type") == "metric" \
                and el.metric.label == ANSWERS:
            out.append((t, int(el.metric.body.split()[0])))
    return out


def poll_round_trips(frames: Frames, counts: list[tuple[float, int]]) -> list[float]:
    """For each count the teacher's page received: the time since its page last asked the server (the server's
    part of a chart update, without the page's wait for its next poll)."""
    asks = [t for sent, t, _ in frames.log if sent]
    return [t - max(a for a in asks if a <= t) for t, _ in counts if asks and asks[0] <= t]


def sent_click(frames: Frames, suffix: str) -> float | None:
    return next((t for sent, t, data in frames.log if sent and clicked(data, suffix)), None)


def script_runs(frames: Frames, since: float) -> int:
    """How many script runs (whole page or fragment) the server started for this page from ``since`` on: with
    the server's CPU, what a run costs, so that two kinds of client can be compared."""
    return sum(1 for sent, t, data in frames.log if not sent and t >= since
               and ForwardMsg.FromString(data).WhichOneof("type") == "new_session")


def vote_latencies(sends: list[float], counts: list[tuple[float, int]]) -> tuple[list[float], int]:
    """The r-th vote sent arrives with the teacher's first count >= r after it; returns the times and how many
    votes the teacher's count never showed."""
    times, missing = [], 0
    for r, sent in enumerate(sorted(sends), start=1):
        arrived = next((t for t, k in counts if k >= r and t >= sent), None)
        if arrived is None:
            missing += 1
        else:
            times.append(arrived - sent)
    return times, missing


def new_context(browser, view: dict):
    context = browser.new_context(viewport=view)
    page = context.new_page()
    page.set_default_timeout(180_000)
    return context, page


def body(page) -> str:
    return page.locator("body").inner_text()


def start_class(teacher, url: str) -> str:
    h.open_page(teacher, url, "in_class")
    h.click_button(teacher, "Start a class")
    h.wait_idle(teacher)
    return h.wait_for(lambda: (m := re.search(r"Join code: ([A-Z]{5})", body(teacher))) and m.group(1), timeout=60)


def pump(page, seconds: float) -> None:
    """Let Playwright deliver the CDP events (the sync API hands them over while it waits)."""
    page.wait_for_timeout(seconds * 1000)


def run_level(browser, n: int, *, timeout: float, log_dir: Path, profile: bool) -> dict:
    data_dir = tempfile.mkdtemp(prefix="class-load-")
    os.environ["AE_DATA_DIR"] = data_dir  # a fresh class database per level; start_server passes it on
    os.environ.pop("DATABASE_URL", None)
    log = log_dir / f"class-load-server-n{n}.log"
    proc, url = start_server(log_path=log, timeout=120)
    result = dict(n=n, load_before=os.getloadavg()[0])
    contexts, learners = [], []
    try:
        with Sampler(proc.pid) as whole:
            t_ctx, teacher = new_context(browser, TEACHER_VIEW)
            contexts.append(t_ctx)
            teacher_frames = Frames()
            teacher_frames.attach(t_ctx, teacher)
            code = start_class(teacher, url)
            t0 = time.monotonic()
            for first in range(0, n, JOIN_BATCH):  # a batch's pages load together: joining is not timed
                batch = []
                for _ in range(first, min(n, first + JOIN_BATCH)):
                    ctx, page = new_context(browser, LEARNER_VIEW)
                    contexts.append(ctx)
                    batch.append(Learner(Frames(), page, ctx))
                    batch[-1].frames.attach(ctx, page)
                    page.goto(f"{url}/linear_autoencoder?join={code}", wait_until="domcontentloaded")
                for x in batch:
                    x.page.wait_for_selector("[data-testid='stMainBlockContainer'] h1")
                    h.wait_idle(x.page)
                    h.wait_for(lambda page=x.page: f"Class {code}" in body(page), timeout=120)
                    h.choose_pace(x.page, "fast")
                    learners.append(x)
                print(f"  N={n}: {len(learners)} joined", end="\r", flush=True)
            result["join_s"] = time.monotonic() - t0
            result["settle_s"] = load.wait_until_quiet(proc.pid, limit=60)
            for x in learners:
                x.frames.new()  # what came before the ask is not looked at again
            cpu_b0 = load.browser_cpu(proc.pid, chromium_only=True)
            profile_out = log_dir / f"class-load-profile-n{n}.txt"
            profiler = load.start_profiler(proc.pid, profile_out) if profile else None
            with Sampler(proc.pid) as sampler:
                teacher.evaluate(HEARTBEAT_JS)
                h.click_button(teacher, "Ask the class")
                for x in learners:  # the card's poll brings the question to the lesson's page
                    x.page.locator(".st-key-classmode_card [role='radiogroup'] label").first.wait_for()
                for x in learners:
                    x.page.locator(".st-key-classmode_card [role='radiogroup'] label").first.click()
                    h.wait_idle(x.page)
                    h.click_button(x.page, "Send my answer")
                def watch(done) -> None:
                    """Pump the frames and read them until ``done()`` or the time-out."""
                    deadline = time.monotonic() + timeout
                    while time.monotonic() < deadline:
                        pump(teacher, 0.5)
                        for x in learners:
                            x.scan()
                        if done():
                            return

                watch(lambda: all(x.vote_sent for x in learners)
                      and (counts := teacher_counts(teacher_frames)) and counts[-1][1] >= n)
                pump(teacher, 1.0)
                result["teacher_stall_s"] = teacher.evaluate("window.__stall") / 1000 - 0.1
                for x in learners:
                    h.click_button(x.page, "Train")
                watch(lambda: all(x.gap_at or x.error for x in learners))
            cpu_b = load.browser_cpu(proc.pid, chromium_only=True) - cpu_b0
            if profiler is not None:
                profiler.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
                profiler.wait(timeout=60)
                result["profile"] = load.profile_summary(profile_out)
            boxes = sum(x.page.locator("[data-testid='stException']").count() for x in learners) \
                + teacher.locator("[data-testid='stException']").count()
        result.update(summarize(n, learners, teacher_frames, boxes), browser_cpu_pct=100.0 * cpu_b / sampler.wall)
        result.update(server_figures(whole, sampler, n, result["script_runs"]))
    finally:
        for ctx in contexts:
            ctx.close()
        stop_server(proc)
    return result


def summarize(n: int, learners: list, teacher_frames: Frames, boxes: int) -> dict:
    """The level's figures and errors from the frames (either mode): latencies, counts, what went wrong."""
    result = {}
    asked = sent_click(teacher_frames, "classmode_ask")
    counts = teacher_counts(teacher_frames)
    sends = [x.vote_sent for x in learners if x.vote_sent is not None]
    vote_times, missing = vote_latencies(sends, counts)
    train_times = sorted(x.gap_at - x.train_sent for x in learners if x.gap_at and x.train_sent)
    ask_times = sorted(x.asked_at - asked for x in learners if x.asked_at and asked)
    own = sorted(x.vote_confirmed - x.vote_sent for x in learners if x.vote_confirmed and x.vote_sent)
    errors = [x.error for x in learners if x.error]
    errors += [f"vote never sent or confirmed ({sum(not x.vote_confirmed for x in learners)})"] \
        if any(not x.vote_confirmed for x in learners) else []
    errors += [f"teacher's count never showed {missing} votes (last count {counts[-1][1] if counts else None})"] \
        if missing else []
    no_gap = sum(1 for x in learners if not x.gap_at)
    errors += [f"{no_gap} learners never reached the gap (Train click sent, last gap sent to the page): "
               + ", ".join(f"{x.train_sent is not None} {x.last_gap!r}" for x in learners if not x.gap_at)
               ] if no_gap else []
    errors += [f"{boxes} exception boxes on the pages"] if boxes else []

    def stats(prefix, values):
        result.update({f"{prefix}_ok": len(values), f"{prefix}_p50": load.percentile(values, 50),
                       f"{prefix}_p95": load.percentile(values, 95),
                       f"{prefix}_max": max(values) if values else float("nan")})
    stats("vote", vote_times)
    stats("train", train_times)
    stats("ask", ask_times)
    stats("own", own)
    stats("poll", poll_round_trips(teacher_frames, counts))
    polls = [t for sent, t, _ in teacher_frames.log if sent and asked and t >= asked]
    runs = sum(script_runs(f, asked) for f in [teacher_frames] + [x.frames for x in learners]) if asked else 0
    changes = [(t, k) for i, (t, k) in enumerate(counts) if i == 0 or counts[i - 1][1] != k]
    result.update(
        timeline=dict(asked=asked, vote_sent=sorted(sends), count_changes=changes, vote_times=vote_times,
                      confirmed=sorted(x.vote_confirmed for x in learners if x.vote_confirmed),
                      train_times=train_times),
        errors=errors, votes_counted=counts[-1][1] if counts else 0, reached_gap=n - no_gap,
        teacher_poll_gap_s=max((b - a for a, b in zip(polls, polls[1:])), default=float("nan")), script_runs=runs,
    )
    return result


def server_figures(whole: Sampler, sampler: Sampler, n: int, runs: int) -> dict:
    """The server's memory and CPU: ``whole`` from the teacher's first page, ``sampler`` over vote and Train (its
    ``runs`` script runs, from the Ask on)."""
    return dict(rss_peak_mib=mib(whole.peak_rss), server_cpu_s=sampler.cpu_seconds,
                cpu_ms_per_run=1000.0 * sampler.cpu_seconds / runs if runs else float("nan"),
                cpu_s_per_learner=sampler.cpu_seconds / n, server_cpu_pct=sampler.cpu_percent, wall=sampler.wall,
                join_cpu_s_per_learner=(whole.cpu_seconds - sampler.cpu_seconds) / n)


HEADER = ("| N | learners | load avg before | votes counted | vote→teacher p50 / p95 / max s "
          "| teacher's page (ws: client's loop) held up, longest s "
          "| vote stored (learner's round trip) p95 s | teacher's poll round trip p95 s "
          "| learners at gap ≤ 1 % | Train→gap p50 / p95 / max s | ask→learner p95 s | errors "
          "| server CPU s per learner (join; vote + train) | script runs; server CPU ms per run "
          "| server peak RSS MiB | server CPU % "
          "| browser CPU % | ws client CPU % |")


def cell(value: float | None, digits: int = 0) -> str:
    """A figure, or "–" for one the mode does not have (NaN or missing)."""
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def learners_cell(r: dict) -> str:
    """The learners' kind, and the number of app servers when more than one (--replicas)."""
    kind, replicas = r.get("learners", "chromium"), r.get("replicas", 1)
    return kind if replicas == 1 else f"{kind} on {replicas} servers"


def row(r: dict) -> str:
    n = r["n"]
    return (f"| {n} | {learners_cell(r)} | {r['load_before']:.1f} | {r['votes_counted']} of {n} "
            f"| {r['vote_p50']:.2f} / {r['vote_p95']:.2f} / {r['vote_max']:.2f} | {cell(r.get('teacher_stall_s'), 1)} "
            f"| {r['own_p95']:.2f} | {r.get('poll_p95', float('nan')):.2f} "
            f"| {r['reached_gap']} of {n} | {r['train_p50']:.2f} / {r['train_p95']:.2f} / {r['train_max']:.2f} "
            f"| {r['ask_p95']:.2f} | {len(r['errors'])} | {r['join_cpu_s_per_learner']:.2f}; "
            f"{r['cpu_s_per_learner']:.2f} | {r.get('script_runs', '–')}; {cell(r.get('cpu_ms_per_run'), 1)} "
            f"| {r['rss_peak_mib']:.0f} | {r['server_cpu_pct']:.0f} "
            f"| {cell(r.get('browser_cpu_pct'))} | {cell(r.get('client_cpu_pct'))} |")


def wait_for_quiet_machine(max_load: float | None, limit: float = 600.0) -> None:
    """Before a level: wait (up to ``limit`` s) until the 1-minute load average is at most ``max_load``."""
    deadline = time.monotonic() + limit
    while max_load is not None and os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        print(f"  load average {os.getloadavg()[0]:.2f} > {max_load}: waiting", flush=True)
        time.sleep(30)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", type=int, nargs="+", default=[10, 30, 60], help="numbers of learners")
    ap.add_argument("--learners", choices=["chromium", "ws"], default="chromium",
                    help="pages in one Chromium (CDP timestamps), or protocol-level clients without a renderer "
                         "(bench/class_load_ws.py; the teacher is one too)")
    ap.add_argument("--replicas", type=int, default=1, metavar="R",
                    help="with --learners ws: R app servers sharing one throwaway PostgreSQL (the teacher on the "
                         "first, learner i on server i mod R; server figures summed over them); 1: one server "
                         "with SQLite")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per phase before giving up")
    ap.add_argument("--max-load", type=float, help="before each level, wait until the load average is at most this")
    ap.add_argument("--profile", action="store_true",
                    help="sample the server with py-spy while the class votes and trains; print where its CPU goes")
    ap.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    if args.replicas > 1 and args.learners != "ws":
        ap.error("--replicas R > 1 needs --learners ws (protocol-level learners); Chromium learners use one server")
    log_dir = ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    results = []

    def level(run, n: int) -> None:
        wait_for_quiet_machine(args.max_load)
        r = run(n, timeout=args.timeout, log_dir=log_dir, profile=args.profile)
        results.append(r)
        print(f"N={n}: " + row(r) + (f"  {r['errors']}" if r["errors"] else ""), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))

    if args.learners == "ws":
        from bench.class_load_ws import run_level as run_ws

        for n in args.levels:
            level(lambda n, **kw: run_ws(n, replicas=args.replicas, **kw), n)
        where = "one teacher + N learners as websocket clients in this process (no renderer)"
        if args.replicas > 1:
            where += (f", on {args.replicas} app servers sharing one PostgreSQL (the teacher on the first, "
                      f"learner i on server i mod {args.replicas})")
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=h.CHROMIUM, args=h.CHROMIUM_ARGS, headless=True)
            try:
                for n in args.levels:
                    level(lambda n, **kw: run_level(browser, n, **kw), n)
            finally:
                browser.close()
        where = "one teacher + N learners in one Chromium"
    print(f"\n/linear_autoencoder, {where}, {os.cpu_count()} cores shared with the server\n")
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    for r in results:
        print(row(r))
    if args.replicas > 1:
        print(f"\nServer columns summed over the {args.replicas} servers' process groups (peak RSS: the sum of "
              "each server's own peak). PostgreSQL is not in them; its CPU over vote + Train (postmaster and live "
              "backends): " + ", ".join(f"N={r['n']} {cell(r.get('database_cpu_pct'))} %" for r in results))
    for r in results:
        for e in r["errors"]:
            print(f"N={r['n']}: {e}")
    load.print_profiles(results)
    return 0 if all(not r["errors"] for r in results) else 1

if __name__ == "__main__":
    raise SystemExit(main())
