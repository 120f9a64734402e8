"""The app runs offline: no page asks for anything from outside this machine (fonts, icons, scripts, favicons)."""

from urllib.parse import urlparse

from tests.browser.helpers import assert_no_exception, open_page, wait_settled
from ui.navigation import built


def local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")


def test_no_page_asks_for_anything_outside_this_machine(browser, server_url):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside = []

    def gate(route):
        if local(route.request.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", gate)
    try:
        page = ctx.new_page()
        page.set_default_timeout(120_000)
        for stem in [""] + [p.stem for p in built()]:
            open_page(page, server_url, stem)
            wait_settled(page)
            assert_no_exception(page)
    finally:
        ctx.close()
    assert outside == []
