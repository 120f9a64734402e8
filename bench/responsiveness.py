"""Responsiveness benchmark: rerun time after a slider change on every page, and what each chart sends.

For every page the app shows, in a fresh browser context (one learner):

- **load**: bytes the server sends over the websocket until the first run finishes;
- **slider**: the first slider on the page is moved one step with the keyboard; the rerun time is measured from
  the browser sending the rerun request to it receiving the script-finished message (Chrome DevTools Protocol
  timestamps of the websocket frames, so the benchmark's own polling adds nothing), and the bytes that rerun sent;
- **charts**: the size of every Plotly figure's JSON spec the server sent (parsed from the websocket frames with
  Streamlit's own protobuf classes), its number of traces, and whether it is Scattergl.

With ``--tick`` it also presses Train on /linear_autoencoder (or ``--tick-path``) and measures, while training,
the ticks per second, the bytes per tick and each live chart's bytes per tick.

    python bench/responsiveness.py                 # every page
    python bench/responsiveness.py --pages pca linear_autoencoder --tick
"""

import argparse
import base64
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, choose_pace, click_button, open_page  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402
from ui.navigation import built  # noqa: E402

SLIDER = "[data-testid='stSlider'] [role='slider'], [data-testid='stSlider'] [tabindex='0']"


class FrameLog:
    """Every websocket frame of one page, timestamped by the browser, decoded into Streamlit messages."""

    def __init__(self, context, page):
        self.frames = []  # (t, direction "in"/"out", nbytes, decoded message or None)
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Network.webSocketFrameReceived", lambda e: self._add(e, "in"))
        self.cdp.on("Network.webSocketFrameSent", lambda e: self._add(e, "out"))
        self.cdp.send("Network.enable")

    def _add(self, event, direction):
        resp = event["response"]
        raw = base64.b64decode(resp["payloadData"]) if resp.get("opcode") == 2 else resp["payloadData"].encode()
        msg = None
        if resp.get("opcode") == 2:
            msg = ForwardMsg() if direction == "in" else BackMsg()
            try:
                msg.ParseFromString(raw)
            except Exception:
                msg = None
        self.frames.append((event["timestamp"], direction, len(raw), msg))

    def mark(self) -> int:
        return len(self.frames)

    def since(self, start: int) -> list:
        return self.frames[start:]


def kind(msg) -> str:
    if msg is None:
        return "?"
    return msg.WhichOneof("type") or "?"


def is_rerun_request(f) -> bool:
    return f[1] == "out" and kind(f[3]) == "rerun_script"


def is_finished(f) -> bool:
    return f[1] == "in" and kind(f[3]) == "script_finished"


def charts_in(frames) -> list[dict]:
    """Every Plotly chart element in these frames (``st.plotly_chart``'s and the live charts'): its key (id), spec
    bytes, traces, trace types."""
    out = []
    for _, direction, nbytes, msg in frames:
        if direction != "in" or kind(msg) != "delta" or msg.delta.WhichOneof("type") != "new_element":
            continue
        el = msg.delta.new_element
        if el.WhichOneof("type") == "plotly_chart":
            chart_id, spec = el.plotly_chart.id, el.plotly_chart.spec
        elif el.WhichOneof("type") == "bidi_component" and el.bidi_component.component_name == "live_plotly_chart":
            chart_id, spec = el.bidi_component.id, json.loads(el.bidi_component.json)["figure"]  # ui/live_plot.py
        else:
            continue
        try:
            fig = json.loads(spec)
        except ValueError:
            fig = {}
        data = fig.get("data", [])
        title = (fig.get("layout", {}).get("title") or {})
        title = title.get("text", "") if isinstance(title, dict) else str(title)
        out.append(dict(id=chart_id, path=list(msg.metadata.delta_path), spec_bytes=len(spec),
                        frame_bytes=nbytes, traces=len(data), types=sorted({d.get("type", "scatter") for d in data}),
                        layout_bytes=len(json.dumps(fig.get("layout", {}))), title=title))
    return out


def chart_name(c: dict) -> str:
    """The widget key inside Streamlit's element id ("$$ID-<hash>-<key>"), else the figure's title."""
    key = c["id"].split("-", 2)[-1] if c["id"].startswith("$$ID-") else c["id"]
    return key if key and key != "None" else (c["title"] or "(untitled)")


def received_bytes(frames) -> int:
    return sum(f[2] for f in frames if f[1] == "in")


def pump(page, frames_log, predicate, timeout: float = 120.0) -> bool:
    """Let Playwright deliver events until ``predicate()`` holds (CDP events arrive while the driver waits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(50)
    return False


def measure_page(browser, url: str, path: str) -> dict:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.set_default_timeout(120_000)
        log = FrameLog(ctx, page)
        open_page(page, url, path)
        pump(page, log, lambda: any(is_finished(f) for f in log.frames))
        load_frames = log.since(0)
        result = dict(path=path or "(home)", load_bytes=received_bytes(load_frames), charts=charts_in(load_frames),
                      slider=None)
        sliders = page.locator(SLIDER)
        if sliders.count():
            start = log.mark()
            sliders.first.focus()
            page.keyboard.press("ArrowRight")

            def done():
                new = log.since(start)
                sent = [i for i, f in enumerate(new) if is_rerun_request(f)]
                return bool(sent) and any(is_finished(f) for f in new[sent[0]:])

            ok = pump(page, log, done)
            new = log.since(start)
            sent = next((i for i, f in enumerate(new) if is_rerun_request(f)), None)
            if ok and sent is not None:
                end = next(f for f in new[sent:] if is_finished(f))
                rerun = new[sent:new.index(end) + 1]
                label = page.locator("[data-testid='stSlider']").first.inner_text().split("\n")[0]
                result["slider"] = dict(label=label[:50], seconds=end[0] - new[sent][0],
                                        bytes=received_bytes(rerun), charts=charts_in(rerun))
            else:
                result["slider"] = dict(label="(no rerun seen)", seconds=float("nan"), bytes=0, charts=[])
        return result
    finally:
        ctx.close()


def measure_ticks(browser, url: str, path: str, seconds: float) -> dict:
    """Press Train and record the live fragment's ticks for ``seconds``: rate, bytes per tick, chart bytes."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        page.set_default_timeout(120_000)
        log = FrameLog(ctx, page)
        open_page(page, url, path)
        choose_pace(page, "fast")  # as fast as the server trains
        start = log.mark()
        click_button(page, "Train")
        page.wait_for_timeout(seconds * 1000)
        if page.get_by_role("button", name="Pause").count():  # it may have finished already
            click_button(page, "Pause")
        frames = log.since(start)
        ends = [f for f in frames if is_finished(f)]
        rerun_requests = [f for f in frames if is_rerun_request(f)]
        per_chart = defaultdict(list)
        for c in charts_in(frames):
            per_chart[chart_name(c)].append(c["spec_bytes"])
        span = ends[-1][0] - ends[0][0] if len(ends) > 1 else float("nan")
        gaps = [b[0] - a[0] for a, b in zip(ends, ends[1:])]
        return dict(path=path, ticks=len(ends), requests=len(rerun_requests),
                    ticks_per_s=(len(ends) - 1) / span if span == span and span > 0 else float("nan"),
                    bytes_per_tick=received_bytes(frames) / max(len(ends), 1),
                    tick_gap_median=statistics.median(gaps) if gaps else float("nan"),
                    tick_gap_max=max(gaps, default=float("nan")),
                    charts={k: (len(v), statistics.median(v)) for k, v in per_chart.items()})
    finally:
        ctx.close()


def kib(n: float) -> str:
    return f"{n / 1024:.1f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", nargs="*", help="URL paths (default: home and every built page)")
    ap.add_argument("--tick", action="store_true", help="also measure the live-training ticks")
    ap.add_argument("--tick-path", default="linear_autoencoder")
    ap.add_argument("--tick-seconds", type=float, default=15.0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    paths = args.pages if args.pages is not None else [""] + [p.stem for p in built()]

    from playwright.sync_api import sync_playwright

    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    proc, url = start_server(log_path=ROOT / "test-artifacts" / "responsiveness-server.log")
    results, tick = [], None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                measure_page(browser, url, "")  # warm the server's caches (lesson text, datasets) first
                for path in paths:
                    results.append(measure_page(browser, url, path))
                    print(f"measured /{path}", flush=True)
                if args.tick:
                    tick = measure_ticks(browser, url, args.tick_path, args.tick_seconds)
            finally:
                browser.close()
    finally:
        stop_server(proc)

    print("\n| page | first load KiB | charts | largest chart KiB | slider moved | rerun s | rerun KiB |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        big = max((c["spec_bytes"] for c in r["charts"]), default=0)
        s = r["slider"]
        moved = s["label"] if s else "(no slider)"
        secs = f"{s['seconds']:.2f}" if s else ""
        kb = kib(s["bytes"]) if s else ""
        print(f"| /{r['path']} | {kib(r['load_bytes'])} | {len(r['charts'])} | {kib(big)} | {moved} | {secs} | {kb} |")

    print("\n| page | chart (title or key) | spec KiB | traces | trace types |")
    print("|---|---|---|---|---|")
    for r in results:
        for c in r["charts"]:
            name = chart_name(c)[:48].replace("|", "/")
            print(f"| /{r['path']} | {name} | {kib(c['spec_bytes'])} | {c['traces']} | {', '.join(c['types'])} |")
    if tick:
        print(f"\nLive training on /{tick['path']}: {tick['ticks']} ticks, {tick['ticks_per_s']:.2f} ticks/s, "
              f"time between ticks median {tick['tick_gap_median']:.2f} s, max {tick['tick_gap_max']:.2f} s, "
              f"{kib(tick['bytes_per_tick'])} KiB per tick; {tick['requests']} rerun requests sent by the timer\n")
        print("| live chart | times sent | median spec KiB |")
        print("|---|---|---|")
        for name, (count, med) in tick["charts"].items():
            print(f"| {name[:60]} | {count} | {kib(med)} |")
    if args.json:
        args.json.write_text(json.dumps(dict(pages=results, tick=tick), indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
