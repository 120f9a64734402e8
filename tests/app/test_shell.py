"""The app shell in AppTest: the router, every built page, the first lesson's diagram and questions."""

import pytest

from tests.app.apptest import app_test, plotly_figures, press
from ui.lesson import read_lesson
from ui.navigation import PAGES, built


def test_app_router_renders_home_with_a_link_to_every_built_page():
    at = app_test("app.py").run()
    assert not at.exception
    assert at.title[0].value == "Autoencoders, seen through PCA"
    text = " ".join(m.value for m in at.markdown)
    assert "Using it in class" in text and "Runs offline" in text
    assert len(built()) >= 1


# Home uses st.page_link, which needs the router: it is covered through app.py above.
@pytest.mark.parametrize("stem", [p.stem for p in built()])
def test_every_page_in_the_navigation_runs(stem):
    at = app_test(f"pages/{stem}.py").run()
    assert not at.exception, at.exception
    assert at.title, "every page has a title"


def test_navigation_lists_only_pages_whose_file_exists(tmp_path, monkeypatch):
    import ui.navigation as nav

    assert [p.stem for p in nav.built()] == [p.stem for p in PAGES]  # every listed page is built
    monkeypatch.setattr(nav, "PAGES_DIR", tmp_path)
    (tmp_path / "pca.py").write_text("")
    assert [p.stem for p in nav.built()] == ["pca"]


def test_the_menu_lists_every_page_under_its_section_and_marks_the_current_one():
    import ui.navigation as nav

    data = nav.menu_data(nav.sectioned(), "pca")
    sections = {s["title"]: s["links"] for s in data["sections"]}
    assert list(sections) == ["", "Lessons", "Explore"]
    links = [link for s in data["sections"] for link in s["links"]]
    assert [link["href"] for link in links] == ["./", *(p.stem for p in built())]  # relative: any base path works
    assert [link["label"] for link in links if link["current"]] == ["2 · PCA's objective"]
    assert sections[""][0]["icon"] == "home" and all(":" not in link["icon"] for link in links)


def architecture_counts(at):
    fig = plotly_figures(at)[0]
    return [len(t.y) for t in fig.data if t.mode == "markers"]


def test_code_size_slider_changes_the_diagram_and_the_shapes():
    at = app_test("pages/autoencoder.py").run()
    assert architecture_counts(at) == [12, 2, 12]
    at.slider(key="autoencoder:k").set_value(5).run()
    assert not at.exception
    assert architecture_counts(at) == [12, 5, 12]
    shapes = " ".join(m.value for m in at.markdown)
    assert "**5 × 64**" in shapes and "**64 × 5**" in shapes


def test_a_question_gives_feedback_only_after_check():
    q = next(q for q in read_lesson("autoencoder").questions if q.id == "target")
    wrong = next(i for i, c in enumerate(q.choices) if "same image" not in c and i != q.answer)
    at = app_test("pages/autoencoder.py").run()
    radio = at.radio(key="autoencoder:q:target")
    assert not at.success and not at.error
    radio.set_value(wrong).run()
    assert not at.success and not at.error, "no feedback before Check"
    next(b for b in at.button if b.key == "check_autoencoder_target").click().run()
    assert at.error and "same image" in at.error[0].value
    at.radio(key="autoencoder:q:target").set_value(q.answer).run()
    next(b for b in at.button if b.key == "check_autoencoder_target").click().run()
    assert at.success and "x′ = x" in at.success[0].value


def test_first_lesson_trains_to_lower_loss_with_step():
    at = app_test("pages/autoencoder.py").run()
    press(at, "Step")
    run = at.session_state["runs"]["autoencoder"]
    assert run.epoch == 25 and run.losses[-1] < run.losses[0]
    assert not at.exception


def test_presenter_mode_on_every_page_from_the_link_and_off_again():
    at = app_test("app.py")
    at.query_params["presenter"] = "1"
    at.run()
    assert not at.exception
    switch = at.sidebar.toggle(key="app:presenter")
    assert switch.value is True and at.query_params["presenter"] == "1"
    assert any("font-size: 3.2rem" in h.proto.body for h in at.get("html"))  # larger text
    at.switch_page("pages/pca.py").run()
    assert at.sidebar.toggle(key="app:presenter").value is True  # it follows the learner to every page
    at.sidebar.toggle(key="app:presenter").set_value(False).run()
    assert "presenter" not in at.query_params
    assert not any("font-size: 3.2rem" in h.proto.body for h in at.get("html"))  # the larger text is gone


def test_reset_this_page_forgets_its_settings_runs_and_answers_only():
    at = app_test("app.py").run()
    at.switch_page("pages/linear_autoencoder.py").run()
    at.slider(key="linear_autoencoder:k").set_value(4).run()
    press(at, key="linear_autoencoder_step")
    at.session_state["answers"]["linear_autoencoder/settle"] = 0
    at.session_state["answers"]["pca/next_k"] = 1
    assert at.session_state["runs"]["linear_autoencoder"].epoch == 25
    at.sidebar.button(key="app_reset_page").click().run()
    assert not at.exception
    assert at.slider(key="linear_autoencoder:k").value == 2
    assert at.session_state["runs"]["linear_autoencoder"].epoch == 0
    assert at.session_state["answers"] == {"pca/next_k": 1}  # another page's answers stay
