"""How light is each page? For every page in ui/navigation.py, on a warm server: the median time until it is
ready, the browser's main-thread time until then, its DOM nodes before training and the bytes over its websocket,
beside a bare Streamlit page with one Plotly chart (bench/floor_page.py, its own server) measured in the same run:
the floor.

"Ready" is the last change to the DOM after the script finished (data-test-script-state='notRunning', then no
change for ``QUIET_MS``), timed by the page's own clock from the start of its navigation. "Main thread" is
Chromium's TaskDuration (CDP Performance) until then: the browser's own work, which a busy machine stretches less
than the wall clock. Each visit is a new tab of one browser context (as a learner's: the app's JS is cached) and
a new Streamlit session. Every page is visited once before the timed rounds (the server's caches and the
browser's compiled JS are warm). Each round visits every page in turn, each right after a visit of the floor, and
a page's "/ floor" is the median of its visits' ratios to that floor visit: this machine's speed drifts by tens
of percent within a minute, and a ratio of two visits seconds apart cancels it. ``--before DIR`` also serves
another checkout of the app (e.g. ``git archive HEAD``); its visit of a page sits next to this one's, first in
every other round, so that a before/after table is measured under the same load.

    python bench/page_load.py                       # every page, 3 timed visits each
    python bench/page_load.py --visits 5 pca deep   # some pages
    python bench/page_load.py --detail pca          # where the DOM nodes are: per tag and per element
    python bench/page_load.py --before /tmp/head    # this tree against another checkout, in one run
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, IDLE  # noqa: E402
from tests.browser.server import free_port, stop_server  # noqa: E402
from ui.navigation import PAGES  # noqa: E402

QUIET_MS = 1000
MAX_WAIT_MS = 60_000
FLOOR = "floor"
# Installed before any page script: remembers when the DOM last changed, on the navigation's clock.
LAST_CHANGE_JS = """(() => { window.__lastChange = 0; new MutationObserver(() => { window.__lastChange =
  performance.now(); }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();"""
# Resolves with the time of the last change once the DOM has been quiet for ``quiet`` ms, or -1 after ``cap`` ms.
QUIET_JS = """([quiet, cap]) => new Promise(done => { const start = performance.now(); const check = setInterval(() => {
  const now = performance.now(); if (now - window.__lastChange > quiet || now - start > cap) {
  clearInterval(check); done(now - window.__lastChange > quiet ? window.__lastChange : -1); } }, 50); })"""
DETAIL_JS = """() => {
  const tags = {}; for (const e of document.getElementsByTagName('*')) tags[e.tagName] = (tags[e.tagName] || 0) + 1;
  const main = "[data-testid='stMainBlockContainer'] [data-testid='stElementContainer']";
  const inner = "[data-testid]:not([data-testid=stElementContainer])";
  const blocks = [...document.querySelectorAll(main)].map(e => [e.getElementsByTagName('*').length,
    (e.querySelector(inner) || e).getAttribute('data-testid') + ' '
      + [...(e.innerText || '').replace(/\\s+/g, ' ')].slice(0, 60).join('')]);
  const plots = [...document.querySelectorAll('.js-plotly-plot')].map(p => [p.getElementsByTagName('*').length,
    [...(p.querySelector('.gtitle')?.textContent || '(no title)')].slice(0, 60).join('')]);
  return {tags, blocks, plots, katex: document.querySelectorAll('.katex *').length,
          sidebar: document.querySelector("[data-testid='stSidebar']")?.getElementsByTagName('*').length || 0};
}"""


def start_streamlit(script: str, cwd: Path, timeout: float = 90.0):
    """``streamlit run <script>`` in ``cwd`` on a free port, as tests/browser/server.py starts the app (one BLAS
    thread, no warm-up visitor); ``(process, url)`` once ``/_stcore/health`` answers."""
    port = free_port()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", AE_WARM_UP="0")
    env.setdefault("MALLOC_ARENA_MAX", "2")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.25)
    stop_server(proc)
    raise RuntimeError(f"streamlit run {script} in {cwd} did not start")


def visit(context, url: str, detail: bool = False) -> dict:
    """Open ``url`` in a new tab: time until ready, main-thread seconds, DOM nodes, websocket bytes (both ways)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    sent = [0]

    def on_socket(ws):
        ws.on("framereceived", lambda payload: sent.__setitem__(0, sent[0] + len(payload)))
        ws.on("framesent", lambda payload: sent.__setitem__(0, sent[0] + len(payload)))

    page.on("websocket", on_socket)
    page.add_init_script(LAST_CHANGE_JS)
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=120_000)
        page.wait_for_selector(IDLE, timeout=120_000)
        page.wait_for_timeout(300)  # the router's run may end before the page's own starts (helpers.open_page)
        page.wait_for_selector(IDLE, timeout=120_000)
        ready = page.evaluate(QUIET_JS, [QUIET_MS, MAX_WAIT_MS])
        if ready < 0:
            raise RuntimeError(f"{url}: the DOM kept changing for {MAX_WAIT_MS / 1000:.0f} s")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        row = dict(ready=ready / 1000, busy=metrics.get("TaskDuration", float("nan")), bytes=sent[0],
                   nodes=page.evaluate("document.getElementsByTagName('*').length"))
        if detail:
            row["detail"] = page.evaluate(DETAIL_JS)
        return row
    finally:
        page.close()


def print_detail(name: str, d: dict) -> None:
    print(f"\n{name}: sidebar {d['sidebar']} nodes, KaTeX {d['katex']}")
    print("  by tag:", ", ".join(f"{t.lower()} {n}" for t, n in sorted(d["tags"].items(), key=lambda x: -x[1])[:12]))
    print("  plots:", "; ".join(f"{n} {t!r}" for n, t in sorted(d["plots"], reverse=True)))
    print("  heaviest elements:")
    for n, what in sorted(d["blocks"], reverse=True)[:12]:
        print(f"    {n:6} {what}")


def medians(rows: list[dict]) -> dict:
    keys = ("ready", "busy", "nodes", "bytes") + (("ratio",) if "ratio" in rows[0] else ())
    return {key: statistics.median(r[key] for r in rows) for key in keys}


def table(results: dict[str, dict]) -> list[str]:
    """One row per page: medians, and the ready time as a multiple of the floor visit's just before each visit."""
    lines = ["| page | ready s | / floor | main thread s | DOM nodes | websocket KiB |", "|---|---|---|---|---|---|"]
    for name, m in results.items():
        lines.append(f"| {name} | {m['ready']:.2f} | {m['ratio']:.2f} | {m['busy']:.2f} | "
                     f"{m['nodes']:,.0f} | {m['bytes'] / 1024:,.0f} |")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", nargs="*", help="URL paths (default: home and every page in ui/navigation.py)")
    ap.add_argument("--visits", type=int, default=3, help="timed visits per page (default 3)")
    ap.add_argument("--detail", action="store_true", help="also print where each page's DOM nodes are")
    ap.add_argument("--tree", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    ap.add_argument("--before", type=Path, help="another checkout, served too and measured in the same rounds")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    trees = {"before": args.before, "": args.tree} if args.before else {"": args.tree}
    servers, urls = [], {}
    pairs: list[list[str]] = []  # per page, the names of its visits that sit together: (before, this)
    try:
        proc, floor_url = start_streamlit(str(ROOT / "bench" / "floor_page.py"), ROOT)
        servers.append(proc)
        urls[FLOOR] = floor_url
        for label, tree in trees.items():
            proc, url = start_streamlit("app.py", tree)
            servers.append(proc)
            stems = args.pages or ["", *(p.stem for p in PAGES if (tree / "pages" / f"{p.stem}.py").exists())]
            urls.update({f"{label} /{s}".strip(): f"{url}/{s}" for s in stems})
        for name in urls:
            if name != FLOOR and not name.startswith("before "):
                pairs.append([n for n in (f"before {name}", name) if n in urls])
        rows: dict[str, list[dict]] = {name: [] for name in urls}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                for name, url in urls.items():  # warm: the server's caches, the browser's cache and compiled JS
                    first = visit(context, url, detail=args.detail)
                    if args.detail:
                        print_detail(name, first["detail"])
                for i in range(args.visits):
                    for pair in pairs:
                        rows[FLOOR].append(floor := visit(context, urls[FLOOR]))
                        for name in pair if i % 2 == 0 else pair[::-1]:
                            r = visit(context, urls[name])
                            rows[name].append(r := r | {"ratio": r["ready"] / floor["ready"]})
                            print(f"round {i + 1}: {name} ready {r['ready']:.2f} s ({r['ratio']:.2f} x the floor's "
                                  f"{floor['ready']:.2f} s), main thread {r['busy']:.2f} s, {r['nodes']} nodes, "
                                  f"{r['bytes'] / 1024:.0f} KiB", file=sys.stderr, flush=True)
            finally:
                browser.close()
    finally:
        for proc in servers:
            stop_server(proc)
    results = {name: medians(rs) for name, rs in rows.items()}
    floor = results.pop(FLOOR)
    print(f"\nWarm server, 1400 x 1000, median of {args.visits} visits; ready = last DOM change after the script "
          f"finished ({QUIET_MS} ms quiet); / floor = median of each visit's ready over the floor visit's just "
          f"before it. Floor (bench/floor_page.py, one Plotly chart, {len(rows[FLOOR])} visits): ready "
          f"{floor['ready']:.2f} s, main thread {floor['busy']:.2f} s, {floor['nodes']:,.0f} DOM nodes, "
          f"{floor['bytes'] / 1024:,.0f} KiB. Load average at the end: {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores.\n")
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
