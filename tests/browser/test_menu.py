"""The sidebar's menu in real Chromium: real links in a <nav>, the current page marked, and a click or a key that
changes page in the same session (what the learner trained is still there); on a phone the menu then closes."""

import re

from tests.browser.helpers import assert_no_exception, click_button, open_page, wait_for, wait_idle
from tests.browser.test_shell import epoch_of
from ui.navigation import built

TITLES = {p.stem: p.title for p in built()}


def menu_link(page, title: str):
    return page.locator("nav.appmenu").get_by_role("link", name=title, exact=True)


def arrived(page, path: str) -> None:
    wait_for(lambda: page.url.split("?")[0].rstrip("/").endswith(f"/{path}".rstrip("/")), timeout=30)
    wait_idle(page)
    page.wait_for_timeout(300)
    wait_idle(page)


def test_the_menu_is_a_nav_of_links_and_marks_the_page_you_are_on(page, server_url):
    open_page(page, server_url, "pca")
    nav = page.get_by_role("navigation", name="Pages")
    nav.get_by_role("link").last.wait_for()  # the component draws itself just after the run
    assert nav.get_by_role("heading", name="Lessons").count() == 1
    links = nav.get_by_role("link")
    assert links.count() == len(TITLES) + 1  # every built page and the home page
    current = nav.locator("[aria-current='page']")
    assert current.count() == 1 and current.inner_text().endswith(TITLES["pca"])
    # A link's address is the page's own: opened in a new tab, it is that page.
    href = menu_link(page, TITLES["deep"]).evaluate("a => a.href")
    assert href.split("?")[0] == f"{server_url}/deep"
    assert menu_link(page, "Start here").evaluate("a => a.href") == f"{server_url}/"


def test_changing_page_by_the_menu_keeps_the_session(page, server_url):
    open_page(page, server_url, "autoencoder")
    click_button(page, "1 epoch")
    wait_for(lambda: epoch_of(page) == 1, timeout=30)
    page.evaluate("window.__samePage = true")  # gone if the browser loaded a new document
    menu_link(page, TITLES["pca"]).focus()
    page.keyboard.press("Enter")
    arrived(page, "pca")
    assert page.locator("h1").first.inner_text().startswith("PCA")
    assert page.locator("nav.appmenu [aria-current='page']").inner_text().endswith(TITLES["pca"])
    menu_link(page, TITLES["autoencoder"]).click()
    arrived(page, "autoencoder")
    assert page.evaluate("window.__samePage === true"), "the menu reloaded the app: a new session"
    assert epoch_of(page) == 1, "the trained network was lost on the way"
    page.go_back()  # the browser's history has every page the menu went to
    arrived(page, "pca")
    menu_link(page, "Start here").click()
    arrived(page, "")
    assert_no_exception(page)


def test_a_phone_opens_the_menu_and_taps_a_page(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_page(page, server_url, "pca")
        page.locator("[data-testid='stExpandSidebarButton']").tap()
        assert page.locator("[data-testid='stSidebar']").get_attribute("data-collapsed") == "false"
        link = menu_link(page, TITLES["nonlinear"])
        wait_for(lambda: (b := link.bounding_box()) is not None and b["x"] >= 0, timeout=10)  # slid fully open
        page.wait_for_timeout(500)
        box = link.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 200, box  # WCAG 2.5.8: room for a finger
        link.tap()
        arrived(page, "nonlinear")
        sidebar = page.locator("[data-testid='stSidebar']")
        wait_for(lambda: sidebar.get_attribute("data-collapsed") == "true", timeout=10)  # the page shows
        assert re.search(r"nonlinear", page.locator("h1").first.inner_text(), re.IGNORECASE)
        assert_no_exception(page)
    finally:
        context.close()
