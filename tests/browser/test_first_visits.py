"""A fresh server whose first visitors all open deep links at once (a new replica receiving a class's join links):
every one of them gets the app's router, its sidebar and the class (ui.state.ensure_router)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.ws_client import Client
from tests.browser.server import start_server, stop_server

VISITORS = 6
PRESENTER = "app:presenter"  # the sidebar's switch: drawn by app.py, never by a page on its own


async def first_visits(url: str) -> list[Client]:
    """Open the deep links at once; return the clients once every page has finished (and closed them)."""
    clients = [Client(url, page, "") for page in ("pca", "linear_autoencoder", "landscape") * (VISITORS // 3)]
    await asyncio.gather(*(c.open(60) for c in clients))
    await asyncio.gather(*(c.idle_after(0, 90) for c in clients))
    await asyncio.sleep(1.0)  # a page that reruns through the router starts its second run at once
    await asyncio.gather(*(c.until(lambda c=c: not c.page.running, 90) for c in clients))
    for c in clients:
        await c.close()
    return clients


def test_every_first_visitor_of_a_fresh_server_goes_through_the_router():
    proc, url = start_server()
    try:
        with ThreadPoolExecutor(1) as thread:  # its own event loop: Playwright's sync API runs one in this thread
            clients = thread.submit(asyncio.run, first_visits(url)).result()
        routed = [c.path for c in clients if PRESENTER in c.page.widgets]
        assert len(routed) == VISITORS, f"only {routed} of {[c.path for c in clients]} went through app.py"
    finally:
        stop_server(proc)
