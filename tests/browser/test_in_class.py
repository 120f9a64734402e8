"""Class mode in Chromium: a teacher and learners on one server (its own, with a temporary AE_DATA_DIR). The
learners join by link on /pca, the teacher asks, they see the question there, answer, and the teacher's chart counts
them; Reveal shows the verdict on the learners' pages. The class page passes axe-core as teacher and as learner."""

import re

import pytest

from tests.browser.accessibility import crowded_small_targets, serious_violations
from tests.browser.helpers import assert_no_exception, click_button, open_page, screenshot, wait_for, wait_idle
from tests.browser.server import start_server, stop_server
from ui.lesson import read_lesson

QUESTION = read_lesson("autoencoder").questions[0]  # the teacher's first lesson, first question: the default pick


@pytest.fixture(scope="module")
def class_server(tmp_path_factory):
    with pytest.MonkeyPatch.context() as env:  # the server inherits them; this process keeps its own
        env.setenv("AE_DATA_DIR", str(tmp_path_factory.mktemp("class-data")))
        env.delenv("DATABASE_URL", raising=False)
        proc, url = start_server(log_path=tmp_path_factory.mktemp("log") / "server.log")
    yield url
    stop_server(proc)


def body(page) -> str:
    return page.locator("body").inner_text()


def start_class(page, url) -> str:
    open_page(page, url, "in_class")
    click_button(page, "Start a class")
    wait_idle(page)
    return wait_for(lambda: (m := re.search(r"Join code: ([A-Z]{5})", body(page))) and m.group(1), timeout=30)


def join(browser, url, code, path="pca"):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    open_page(page, url, f"{path}?join={code}")
    try:
        wait_for(lambda: f"Class {code}" in body(page), timeout=30)
    except AssertionError:
        raise AssertionError(body(page)[:600]) from None
    wait_for(lambda: "join=" not in page.url, timeout=30)  # the code is taken out of the address bar
    assert "teach=" not in page.content()
    return context, page


def answer(page, choice: str) -> None:
    card = page.locator(".st-key-classmode_card")
    card.get_by_text(choice, exact=True).click()
    wait_idle(page)
    click_button(page, "Send my answer")
    wait_for(lambda: "Your answer is in" in body(page), timeout=30)


def test_a_class_on_one_server(browser, class_server):
    teacher_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    teacher = teacher_context.new_page()
    teacher.set_default_timeout(60_000)
    learners = []
    try:
        code = start_class(teacher, class_server)
        qr = teacher.get_by_role("img", name=re.compile("QR code of the join link"))
        assert qr.get_attribute("alt").endswith(f"?join={code}") and qr.bounding_box()["width"] >= 200
        learners = [join(browser, class_server, code) for _ in range(3)]
        click_button(teacher, "Ask the class")
        wait_idle(teacher)
        for _, page in learners:  # no reload: the card's poll brings the question to /pca
            wait_for(lambda page=page: QUESTION.prompt in body(page), timeout=30)
            assert page.locator("h1").first.inner_text() == read_lesson("pca").title
        right, wrong = QUESTION.choices[QUESTION.answer], QUESTION.choices[(QUESTION.answer + 1) % 2]
        answer(learners[0][1], right)
        answer(learners[1][1], wrong)
        wait_for(lambda: re.search(r"Answers\s*2 of 3", body(teacher)), timeout=30)
        bars = teacher.locator(".live-plotly text.bartext")
        wait_for(lambda: sorted(bars.all_text_contents()) == sorted(["1", "1"] + ["0"] * (len(QUESTION.choices) - 2)),
                 timeout=30)
        screenshot(teacher, "in_class-teacher-1400")
        click_button(teacher, "Reveal the answer")
        wait_idle(teacher)
        wait_for(lambda: "Right: the answer is" in body(learners[0][1]), timeout=30)
        wait_for(lambda: "Not quite: the answer is" in body(learners[1][1]), timeout=30)
        wait_for(lambda: "The vote is over: the answer is" in body(learners[2][1]), timeout=30)
        screenshot(learners[0][1], "in_class-learner-on-pca-1400")
        for page in (teacher, learners[0][1]):
            assert_no_exception(page)
    finally:
        for context, _ in learners:
            context.close()
        teacher_context.close()


@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_the_class_page_passes_axe_as_teacher_and_learner(browser, class_server, width, height):
    phone = width < 600
    contexts = [browser.new_context(viewport={"width": width, "height": height}, has_touch=phone) for _ in range(2)]
    found = {}
    try:
        teacher, learner = (c.new_page() for c in contexts)
        code = start_class(teacher, class_server)
        click_button(teacher, "Ask the class")
        wait_idle(teacher)
        open_page(learner, class_server, f"in_class?join={code}")
        wait_for(lambda: QUESTION.prompt in body(learner), timeout=30)
        for name, page in (("teacher", teacher), ("learner", learner)):
            screenshot(page, f"in_class-{name}-{width}")
            found[name] = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in serious_violations(page)]
            if page.evaluate("() => document.documentElement.scrollWidth") > width:
                found[name].append("wider than the screen")
            if phone:
                found[name] += crowded_small_targets(page)
    finally:
        for c in contexts:
            c.close()
    assert found == {"teacher": [], "learner": []}


@pytest.fixture(scope="module")
def two_servers_one_postgresql(tmp_path_factory):
    from tests.classes.postgres import cluster_for_tests

    cluster = cluster_for_tests()
    servers = []
    try:
        with pytest.MonkeyPatch.context() as env:
            env.setenv("DATABASE_URL", cluster.new_database())
            for name in ("a", "b"):
                servers.append(start_server(log_path=tmp_path_factory.mktemp(f"log-{name}") / "server.log"))
        yield [url for _, url in servers]
    finally:
        for proc, _ in servers:
            stop_server(proc)
        cluster.stop()


def test_a_learner_on_one_server_and_the_teacher_on_another(browser, two_servers_one_postgresql):
    server_a, server_b = two_servers_one_postgresql
    teacher_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    teacher = teacher_context.new_page()
    teacher.set_default_timeout(60_000)
    learner_context = None
    try:
        # A fresh server's first deep link runs the page before the router (ui.state.ensure_router), and the
        # browser then keeps the link's query in its address bar: a visit first, as a class's first learner does.
        open_page(teacher, server_a, "")
        code = start_class(teacher, server_b)
        learner_context, learner = join(browser, server_a, code)
        click_button(teacher, "Ask the class")
        wait_idle(teacher)
        wait_for(lambda: QUESTION.prompt in body(learner), timeout=30)
        answer(learner, QUESTION.choices[QUESTION.answer])
        wait_for(lambda: re.search(r"Answers\s*1 of 1", body(teacher)), timeout=30)
        click_button(teacher, "Reveal the answer")
        wait_for(lambda: "Right: the answer is" in body(learner), timeout=30)
    finally:
        if learner_context:
            learner_context.close()
        teacher_context.close()
