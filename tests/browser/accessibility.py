"""axe-core (bundled by axe-playwright-python, served from the package: nothing downloaded) on a page: its serious
and critical violations of the WCAG 2.0 / 2.1 A and AA rules."""

from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import wait_settled

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IMPACTS = ("serious", "critical")


def serious_violations(page) -> list[dict]:
    """The violations axe reports on ``page`` once its DOM has been quiet for a second (KaTeX and charts draw after
    the script ends), those of serious or critical impact."""
    wait_settled(page, 1000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    return [v for v in results.response["violations"] if v.get("impact") in IMPACTS]
