"""The server warms its shared caches itself after the first visit: a learner then opens the heavy pages without
computing anything (every cache lookup of theirs is a hit), read from Streamlit's own cache counters."""

import re
import time
import urllib.request

import pytest

from tests.browser.helpers import ROOT, assert_no_exception, open_page, wait_settled
from tests.browser.server import start_server, stop_server
from ui.navigation import HOME, built

LOOKUP = re.compile(r'cache_lookups_total\{cache="([^"]+)",cache_type="st_cache_data",result="(hit|miss)"\} (\d+)')


def lookups(url: str) -> dict[tuple[str, str], int]:
    """Streamlit's st.cache_data counters: (function, "hit" or "miss") -> count since the server started."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as r:
        return {(name, result): int(n) for name, result, n in LOOKUP.findall(r.read().decode())}


@pytest.fixture(scope="module")
def warm_server():
    log = ROOT / "test-artifacts" / "streamlit-warmup.log"
    log.parent.mkdir(exist_ok=True)
    proc, url = start_server(log_path=log, warm_up=True)
    yield url, log
    stop_server(proc)


def test_the_first_visit_warms_every_page_and_a_learner_then_computes_nothing(warm_server, browser):
    url, log = warm_server
    assert sum(lookups(url).values()) == 0, "nothing is computed before the first visit"
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        teacher = context.new_page()
        open_page(teacher, url)  # the first visitor: home
        deadline = time.monotonic() + 240
        while "warm-up done" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(1)
        done = [line for line in log.read_text().splitlines() if "warm-up done" in line]
        assert len(done) == 1, f"one warm-up per server, finished within 4 minutes: {done}"
        done = done[0]
        assert "failed" not in done, done
        for p in [HOME, *built()]:
            assert f"/{p.stem} " in done, f"/{p.stem} was not visited: {done}"

        before = lookups(url)
        assert before[("analysis.downstream.reconstruction_against_use", "miss")] == 1, "computed once, by the visitor"
        learner = context.new_page()
        for path in ("training", "use_the_code"):
            open_page(learner, url, path)
            wait_settled(learner)
            assert_no_exception(learner)
        after = lookups(url)
        new_misses = {name: n - before.get((name, result), 0) for (name, result), n in after.items()
                      if result == "miss" and n > before.get((name, result), 0)}
        assert new_misses == {}, f"the learner's first visit still computed: {new_misses}"
        hits = sum(n - before.get(key, 0) for key, n in after.items() if key[1] == "hit")
        assert hits >= 10, f"the learner's pages read the warm caches ({hits} hits)"
    finally:
        context.close()
