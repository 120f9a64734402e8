"""Soak, small numbers: many trainings in one session and sessions opened and closed; memory levels off.

A server of its own (the shared one's memory also carries the other browser tests' sessions), with
``server.disconnectedSessionTTL`` short so that closed sessions are really dropped: Streamlit keeps a
disconnected session on purpose for that TTL (default 120 s) so a learner whose connection drops gets it back;
this test looks for leaks, not for that retention. The server runs with MALLOC_ARENA_MAX=2 as the Dockerfile
deploys it (see bench.soak.start). RSS is the server process group's, read from /proc.
The full-size run (200 trainings, 50 sessions) is bench/soak.py.
"""

import pytest

from bench.proc import group_rss, mib
from bench.soak import has_exception, open_close_session, settle, start, train_once
from tests.browser.helpers import ROOT, assert_no_exception, open_page
from tests.browser.server import stop_server

PATH = "linear_autoencoder"
WARMUP_TRAININGS, TRAININGS = 3, 20
WARMUP_SESSIONS, SESSIONS = 3, 10
MAX_GROWTH = 0.10


@pytest.fixture(scope="module")
def own_server():
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    proc, url = start(session_ttl=2, log_path=ROOT / "test-artifacts" / "soak-test-server.log")
    yield proc, url
    stop_server(proc)


def test_memory_levels_off_over_trainings_and_sessions(browser, own_server):
    proc, url = own_server
    pgid = proc.pid
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.set_default_timeout(120_000)
        open_page(page, url, PATH)
        for _ in range(WARMUP_TRAININGS):
            train_once(page)
        for _ in range(WARMUP_SESSIONS):
            assert not open_close_session(browser, url, PATH)
        baseline = settle(pgid)
        rss = []
        for _ in range(TRAININGS):
            train_once(page)
            assert not has_exception(page)
            rss.append(group_rss(pgid))
        assert_no_exception(page)
    finally:
        ctx.close()
    for _ in range(SESSIONS):
        assert not open_close_session(browser, url, PATH), "an exception box in a short session"
        rss.append(group_rss(pgid))
    end = settle(pgid, 3.0)
    growth = (end - baseline) / baseline
    peak = (max(rss) - baseline) / baseline
    print(f"RSS after warm-up {mib(baseline):.1f} MiB, end {mib(end):.1f} MiB ({100 * growth:+.1f} %), "
          f"peak {100 * peak:+.1f} %")
    assert baseline > 50 * 2**20, "the server's RSS was not read (is /proc readable?)"
    assert growth < MAX_GROWTH, f"server RSS grew {100 * growth:.1f} % after warm-up"
    assert peak < 2 * MAX_GROWTH, f"server RSS peaked {100 * peak:.1f} % above the warm-up level"
