"""Every AppTest module names its ``PAGE``; ``at`` is that page, opened afresh for each test."""

from tests.app.apptest import page_fixture

at = page_fixture()
