"""Class mode in AppTest: a teacher's session and learners' sessions on one store (a SQLite file in a temporary
AE_DATA_DIR per test): start, join by link, ask, vote, count, reveal; bad codes and a store that is down."""

import pytest

from tests.app.apptest import app_test, live_charts, shown
from ui.class_mode import JOINED, TEACHER
from ui.class_questions import askable
from ui.lesson import read_lesson

PAGE = "pages/in_class.py"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("AE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def ok(at):
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at, key):
    next(b for b in at.button if b.key == key).click()
    return ok(at.run())


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in ("success", "error", "info", "warning") for e in getattr(at, kind)]
    return shown(" ".join(parts))


def teacher():
    at = ok(app_test(PAGE).run())
    at = click(at, "classmode_start")
    return at, at.session_state[TEACHER]


def learner(code: str, page: str | None = None):
    at = app_test("app.py")
    if page:
        at.switch_page(page)
    at.query_params["join"] = code
    return ok(at.run())


def ask(at, lesson: str, qid: str):
    at.selectbox(key="classmode:ask_lesson").set_value(lesson).run()
    ids = [q.id for q in askable(lesson)]
    at.selectbox(key=f"classmode:ask_{lesson}").set_value(ids.index(qid)).run()
    return click(at, "classmode_ask")


def chart_counts(at) -> list[int]:
    (_, fig), = live_charts(at)
    return [int(x) for x in fig.data[0].x]


def test_a_class_from_start_to_reveal():
    t, (class_id, code, key) = teacher()
    assert len(code) == 5 and f"Class {code}" == t.subheader[0].value
    assert code in texts(t) and f"?join={code}" in texts(t)
    qr = [m.value for m in t.markdown if "image/svg+xml" in m.value]
    assert qr and 'alt="QR code of the join link, http' in qr[0], "the QR code is drawn"
    assert any(f"?teach={code}.{key}" in c.value for c in t.code), "the teacher link holds the key"

    pupil = learner(code, "pages/pca.py")
    assert pupil.session_state[JOINED] == (class_id, code)
    assert f"Class {code}" in texts(pupil) and key not in texts(pupil), "banner, never the key"
    assert "join" not in pupil.query_params, "the link's code is taken out of the address bar"

    q = next(q for q in read_lesson("pca").questions)
    ask(t, "pca", q.id)
    assert chart_counts(t) == [0] * len(q.choices)
    ok(pupil.run())
    assert q.prompt in texts(pupil), "the learner's page shows the teacher's question"
    assert pupil.title[0].value == read_lesson("pca").title, "and the lesson is still there"
    (answer,) = [r for r in pupil.radio if r.key and r.key.startswith("classmode_answer_")]
    answer.set_value(q.answer)
    click(pupil, next(b.key for b in pupil.button if b.key and b.key.startswith("classmode_send_")))
    assert "Your answer is in" in texts(pupil)

    ok(t.run())
    assert next(m.value for m in t.metric if m.label == "Answers") == "1 of 1"
    counts = chart_counts(t)
    assert counts[q.answer] == 1 and sum(counts) == 1

    click(t, "classmode_reveal")
    ok(pupil.run())
    assert pupil.success and q.explanation[:40] in pupil.success[0].value and "Right" in pupil.success[0].value


def test_a_numeric_prediction_counts_in_its_bin():
    t, (_, code, _) = teacher()
    pupil = learner(code)
    ask(t, "pca", "kept")
    ok(pupil.run())
    pupil.number_input(key=next(n.key for n in pupil.number_input)).set_value(73.0)
    click(pupil, next(b.key for b in pupil.button if b.key and b.key.startswith("classmode_send_")))
    ok(t.run())
    (_, fig), = live_charts(t)
    assert [int(y) for y in fig.data[0].y] == [0] * 7 + [1, 0, 0], "73 % falls in the 70-80 bin"


def test_a_learner_may_change_the_answer_until_the_vote_closes():
    t, (_, code, _) = teacher()
    pupil = learner(code)
    q = read_lesson("pca").questions[0]
    ask(t, "pca", q.id)
    for choice in (0, 1):
        ok(pupil.run())
        next(r for r in pupil.radio if r.key.startswith("classmode_answer_")).set_value(choice)
        click(pupil, next(b.key for b in pupil.button if b.key and b.key.startswith("classmode_send_")))
    ok(t.run())
    assert chart_counts(t)[:2] == [0, 1], "the second answer replaced the first"
    click(t, "classmode_close")
    ok(pupil.run())
    assert "The vote is closed" in texts(pupil)
    assert not [r for r in pupil.radio if r.key.startswith("classmode_answer_")]


@pytest.mark.parametrize("code,message", [("ZZZZZ", "No class has this code"), ("12", "A class code is 5 letters")])
def test_a_bad_code_gives_a_message_and_the_page_renders(code, message):
    pupil = learner(code, "pages/pca.py")
    assert message in texts(pupil)
    assert JOINED not in pupil.session_state
    assert pupil.title[0].value == read_lesson("pca").title


def test_a_bad_code_typed_on_the_class_page():
    at = ok(app_test(PAGE).run())
    at.text_input(key="classmode_code").set_value("ABCDE")
    click(at, "classmode_join")
    assert "No class has this code" in texts(at)


def test_a_forged_teacher_link_is_refused():
    _, (_, code, key) = teacher()
    at = app_test("app.py").switch_page(PAGE)
    at.query_params["teach"] = f"{code}.{'x' * 32}"
    ok(at.run())
    assert "Only the teacher's link can do this" in texts(at) and TEACHER not in at.session_state
    at = app_test("app.py").switch_page(PAGE)
    at.query_params["teach"] = f"{code}.{key}"
    ok(at.run())
    assert at.session_state[TEACHER][1] == code and "teach" not in at.query_params


def test_a_store_that_is_down_gives_a_message_and_the_lesson_renders(data_dir, monkeypatch):
    blocked = data_dir / "a_file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("AE_DATA_DIR", str(blocked))
    pupil = learner("ABCDE", "pages/pca.py")
    assert "Class mode cannot create its data folder" in texts(pupil)
    assert pupil.title[0].value == read_lesson("pca").title and not pupil.exception
    at = click(ok(app_test(PAGE).run()), "classmode_start")
    assert "set AE_DATA_DIR to a writable folder" in texts(at) and TEACHER not in at.session_state


def test_ending_the_class_tells_the_learners():
    t, (_, code, _) = teacher()
    pupil = learner(code)
    click(t, "classmode_end")
    assert TEACHER not in t.session_state
    ok(pupil.run())
    assert "ended" in texts(pupil) and JOINED not in pupil.session_state


def test_follow_me_offers_the_teachers_lesson_and_settings():
    t = app_test("app.py").switch_page(PAGE)
    ok(t.run())
    t = click(t, "classmode_start")
    code = t.session_state[TEACHER][1]
    ok(t.toggle(key="classmode:follow").set_value(True).run())
    pupil = learner(code, "pages/pca.py")
    assert pupil.slider(key="pca:k").value != 7
    assert not [b for b in pupil.button if b.key == "classmode_follow"], "nothing to follow yet"
    t.switch_page("pages/pca.py")
    t.query_params["k"] = "7"
    ok(t.run())
    assert t.slider(key="pca:k").value == 7
    assert any(f"Class {code}: you are teaching" in p.proto.label for p in t.get("page_link")), "a way back"
    ok(pupil.switch_page("pages/autoencoder.py").run())
    click(pupil, "classmode_follow")
    assert pupil.slider(key="pca:k").value == 7, "one click: the teacher's lesson with the teacher's k"


def test_the_question_menu_shows_variables_without_markdown_markers():
    t, _ = teacher()
    t.selectbox(key="classmode:ask_lesson").set_value("pca").run()
    shown_options = list(t.selectbox(key="classmode:ask_pca").options)  # as the menu shows them
    assert any("k" in o for o in shown_options) and not any("*k*" in o for o in shown_options), shown_options
