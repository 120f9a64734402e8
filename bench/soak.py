"""Soak benchmark: does the server's memory level off over many trainings and many sessions?

Two phases against one fresh server, on /linear_autoencoder by default:

1. **One session, many trainings**: ``--trainings`` times, press Reset (a fresh random network) then Step
   ``--steps`` times (each Step trains exactly ``step_epochs`` epochs, 25 by default). The server's RSS is read
   after every training.
2. **Many sessions**: ``--sessions`` times, open a new browser context (a new Streamlit session), open the page,
   press Step once, close the context.

Growth is measured against the RSS after the warm-up (the first ``--warmup`` trainings / sessions), since the
first runs fill caches (datasets, PCA, lesson text) and the allocator's arenas. Streamlit keeps a disconnected
session for ``server.disconnectedSessionTTL`` seconds (default 120, at most 128 sessions) so a learner whose Wi-Fi
drops gets it back; this benchmark sets that TTL with ``--session-ttl`` (default 5 s) so it measures leaks, not
that deliberate retention, and reports the retention separately with ``--session-ttl 120``. The server runs
with ``MALLOC_ARENA_MAX=2`` as in the Dockerfile (``--malloc-arena-max 0`` for glibc's default, see ``start``).

    python bench/soak.py                                  # 200 trainings, 50 sessions
    python bench/soak.py --trainings 20 --sessions 10     # what tests/browser/test_soak.py does
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc import group_rss, mib  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, click_button, open_page, wait_for  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402

STEP_EPOCHS = 25  # ui.live_trainer.live_training's default step_epochs


def epoch_of(page) -> int:
    """The epoch in the trainer's status line "Epoch N / M · ..."; -1 if it is not on the page."""
    text = page.evaluate("() => (document.querySelector(\"[data-testid='stMain']\") || document.body).innerText")
    m = re.search(r"Epoch (\d+) / \d+", text)
    return int(m.group(1)) if m else -1


def has_exception(page) -> bool:
    return page.locator("[data-testid='stException']").count() > 0


def train_once(page, steps: int = 1, step_epochs: int = STEP_EPOCHS, timeout: float = 120) -> None:
    """Reset to a fresh network, then Step ``steps`` times; returns when the page shows the trained epochs."""
    click_button(page, "Reset")
    wait_for(lambda: epoch_of(page) == 0, timeout=timeout)
    for s in range(1, steps + 1):
        click_button(page, "Step")
        wait_for(lambda s=s: epoch_of(page) == s * step_epochs, timeout=timeout)


def open_close_session(browser, url: str, path: str, timeout: float = 120) -> bool:
    """A learner comes, steps once and leaves (closes the tab). Returns whether an exception box was shown."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.set_default_timeout(timeout * 1000)
        open_page(page, url, path)
        click_button(page, "Step")
        wait_for(lambda: epoch_of(page) == STEP_EPOCHS, timeout=timeout)
        return has_exception(page)
    finally:
        ctx.close()


def settle(pgid: int, seconds: float = 1.0) -> int:
    """RSS after a short pause (lets the server finish the rerun the last click started)."""
    time.sleep(seconds)
    return group_rss(pgid)


def growth(before: int, after: int) -> float:
    return 100.0 * (after - before) / before


def start(session_ttl: int | None, log_path: Path | None = None, malloc_arena_max: int | None = 2):
    """``start_server`` with the disconnected-session TTL and glibc's arena cap set through the environment.

    ``malloc_arena_max=2`` is what the Dockerfile sets: Streamlit runs every script run in a new thread and glibc
    gives threads their own malloc arenas (up to 8 per core), each keeping freed memory, so without a cap RSS
    climbs for the first dozens of sessions before it levels off. ``None`` keeps glibc's default.
    """
    overrides = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": None if session_ttl is None else str(session_ttl),
                 # glibc's default on 64-bit is 8 arenas per core; spelled out since start_server defaults to 2.
                 "MALLOC_ARENA_MAX": str(malloc_arena_max or 8 * (os.cpu_count() or 1))}
    saved = {k: os.environ.get(k) for k in overrides}
    for k, v in overrides.items():
        if v is not None:
            os.environ[k] = v
    try:
        return start_server(log_path=log_path)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def soak(browser, url: str, pgid: int, *, path: str, trainings: int, sessions: int, warmup: int, steps: int,
         log=print) -> dict:
    """Run both phases; return the RSS figures (bytes) and the number of exception boxes seen."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    errors = 0
    rss_trainings = []
    try:
        page = ctx.new_page()
        page.set_default_timeout(120_000)
        open_page(page, url, path)
        rss_open = settle(pgid)
        for i in range(trainings):
            train_once(page, steps)
            errors += has_exception(page)
            rss_trainings.append(group_rss(pgid))
            if (i + 1) % 25 == 0:
                log(f"  training {i + 1}/{trainings}: RSS {mib(rss_trainings[-1]):.1f} MiB")
        rss_trainings[-1] = settle(pgid)
    finally:
        ctx.close()
    rss_sessions = []
    for i in range(sessions):
        errors += open_close_session(browser, url, path)
        rss_sessions.append(group_rss(pgid))
        if (i + 1) % 10 == 0:
            log(f"  session {i + 1}/{sessions}: RSS {mib(rss_sessions[-1]):.1f} MiB")
    if rss_sessions:
        rss_sessions[-1] = settle(pgid)
    w_t = min(warmup, max(trainings - 1, 0))
    w_s = min(warmup, max(sessions - 1, 0))
    return dict(
        rss_open=rss_open,
        trainings_warm=rss_trainings[w_t - 1] if trainings and w_t else rss_open,
        trainings_end=rss_trainings[-1] if trainings else rss_open,
        trainings_peak=max(rss_trainings, default=rss_open),
        sessions_warm=rss_sessions[w_s - 1] if sessions and w_s else None,
        sessions_end=rss_sessions[-1] if sessions else None,
        sessions_peak=max(rss_sessions, default=0),
        errors=errors,
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--path", default="linear_autoencoder")
    ap.add_argument("--trainings", type=int, default=200)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=10, help="trainings / sessions before the baseline RSS")
    ap.add_argument("--steps", type=int, default=1, help="Steps per training (each Step = 25 epochs)")
    ap.add_argument("--session-ttl", type=int, default=5, help="server.disconnectedSessionTTL in seconds")
    ap.add_argument("--malloc-arena-max", type=int, default=2,
                    help="MALLOC_ARENA_MAX for the server, as in the Dockerfile (0: glibc's default)")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    proc, url = start(args.session_ttl, ROOT / "test-artifacts" / "soak-server.log",
                      malloc_arena_max=args.malloc_arena_max or None)
    t0 = time.monotonic()
    try:
        rss_start = group_rss(proc.pid)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                r = soak(browser, url, proc.pid, path=args.path, trainings=args.trainings, sessions=args.sessions,
                         warmup=args.warmup, steps=args.steps)
            finally:
                browser.close()
    finally:
        stop_server(proc)
    wall = time.monotonic() - t0
    print(f"\n/{args.path}: {args.trainings} trainings (Reset + {args.steps} Step) in one session, then "
          f"{args.sessions} sessions opened and closed; warm-up {args.warmup}; disconnected-session TTL "
          f"{args.session_ttl} s; MALLOC_ARENA_MAX {args.malloc_arena_max or 'default'}; {wall:.0f} s wall\n")
    print("| phase | RSS after warm-up MiB | RSS at end MiB | peak MiB | growth after warm-up |")
    print("|---|---|---|---|---|")
    print(f"| server started | {mib(rss_start):.1f} | | | |")
    print(f"| page opened | {mib(r['rss_open']):.1f} | | | |")
    print(f"| {args.trainings} trainings, one session | {mib(r['trainings_warm']):.1f} | {mib(r['trainings_end']):.1f}"
          f" | {mib(r['trainings_peak']):.1f} | {growth(r['trainings_warm'], r['trainings_end']):+.1f} % |")
    if args.sessions:
        print(f"| {args.sessions} sessions opened/closed | {mib(r['sessions_warm']):.1f} | "
              f"{mib(r['sessions_end']):.1f} | {mib(r['sessions_peak']):.1f} | "
              f"{growth(r['sessions_warm'], r['sessions_end']):+.1f} % |")
        print(f"| whole soak (vs trainings warm-up) | {mib(r['trainings_warm']):.1f} | {mib(r['sessions_end']):.1f}"
              f" | | {growth(r['trainings_warm'], r['sessions_end']):+.1f} % |")
    print(f"\nexception boxes seen: {r['errors']}")
    return 0 if r["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
