"""axe-core over every page at 1400 x 1000 and 390 x 844: serious and critical violations (WCAG 2.0/2.1 A and AA)
by rule, per page. Prints a table; tests/browser/test_accessibility.py asserts the same checks are clean.

    python bench/accessibility.py [page ...]
"""

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.accessibility import serious_violations  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, open_page  # noqa: E402
from tests.browser.server import start_server, stop_server  # noqa: E402
from ui.navigation import built  # noqa: E402

SIZES = ((1400, 1000), (390, 844))


def main() -> None:
    from playwright.sync_api import sync_playwright

    pages = sys.argv[1:] or ["", *(p.stem for p in built())]
    proc, url = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"{'page':22} {'width':>5}  serious/critical by rule")
            for path in pages:
                for width, height in SIZES:
                    page = browser.new_page(viewport={"width": width, "height": height})
                    open_page(page, url, path)
                    found = Counter(v["id"] for v in serious_violations(page) for _ in v["nodes"])
                    print(f"{'/' + path:22} {width:>5}  {sum(found.values()):3}  {dict(found)}")
                    page.close()
            browser.close()
    finally:
        stop_server(proc)


if __name__ == "__main__":
    main()
