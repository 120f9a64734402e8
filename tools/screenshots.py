"""Screenshots of pages as a learner sees them, at 1400 x 1000 and 390 x 844, for looking at after a change.

Starts the real app, opens each page in Chromium, waits for its script to finish and for the DOM to settle,
optionally presses buttons (``--press Step``), and saves ``test-artifacts/screens/<page>-<width>.png`` (the whole
page). Nothing is asserted: this is for eyes.

    python tools/screenshots.py                          # every page
    python tools/screenshots.py pca playground --press Step
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, click_button, open_page, wait_idle  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402
from ui.navigation import built  # noqa: E402

OUT = ROOT / "test-artifacts" / "screens"
SIZES = ((1400, 1000), (390, 844))
SETTLE_JS = """() => new Promise(done => {
  let last = Date.now();
  const seen = new MutationObserver(() => { last = Date.now(); });
  seen.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const check = setInterval(() => { if (Date.now() - last > 1000) { clearInterval(check); seen.disconnect();
    done(); } }, 100);
})"""


def shoot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its own container, so the viewport is stretched to the content."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMainBlockContainer']\").scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 150, 16_000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", nargs="*", help="url paths (default: every page, the home page as 'home')")
    ap.add_argument("--press", action="append", default=[], help="button labels to press after loading, in order")
    args = ap.parse_args(argv)
    stems = args.pages or ["home"] + [p.stem for p in built()]
    OUT.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    proc, url = start_server(log_path=OUT / "server.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for width, height in SIZES:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.set_default_timeout(120_000)
                for stem in stems:
                    open_page(page, url, "" if stem == "home" else stem)
                    for label in args.press:
                        click_button(page, label)
                        wait_idle(page)
                    page.evaluate(SETTLE_JS)
                    shoot(page, OUT / f"{stem}-{width}.png")
                    print(OUT / f"{stem}-{width}.png")
                context.close()
            browser.close()
    finally:
        stop_server(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
