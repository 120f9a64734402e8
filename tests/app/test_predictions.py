"""Predict, then watch: each learner's own order of choices, verdicts after the evidence, guesses on the charts,
and the learner's progress."""

import re

import pytest

from core import load_dataset
from core.pca import discarded_variance
from tests.app.apptest import app_test, live_charts, plotly_figures, press, shown
from ui.lesson import read_lesson
from ui.navigation import built
from ui.widgets import number

LINEAR = "pages/linear_autoencoder.py"


def orders(at) -> dict[str, list]:
    return {r.key: list(r.options) for r in at.radio if ":q:" in (r.key or "")}


def test_learners_see_their_own_order_which_stays_across_reruns_and_pages():
    one, two = app_test("app.py").run(), app_test("app.py").run()
    for at in (one, two):
        at.switch_page("pages/pca.py").run()
    first = orders(one)
    assert len(first) == 5 and first != orders(two)
    one.slider(key="pca:k").set_value(4).run()
    assert orders(one) == first
    one.switch_page("pages/autoencoder.py").run()
    one.switch_page("pages/pca.py").run()
    assert orders(one) == first


def _lock_in_settle(at, *, right: bool) -> int:
    q = next(q for q in read_lesson("linear_autoencoder").questions if q.id == "settle")
    choice = q.answer if right else (q.answer + 1) % len(q.choices)
    at.radio(key="linear_autoencoder:q:settle").set_value(choice).run()
    press(at, key="check_linear_autoencoder_settle")
    return choice


def test_a_prediction_before_train_gets_its_verdict_only_after_the_run():
    at = app_test(LINEAR, 90).run()
    _lock_in_settle(at, right=True)
    assert not at.success and not at.error
    assert at.radio(key="linear_autoencoder:q:settle").disabled  # locked in
    assert any("Now press **Train** and watch" in i.value for i in at.info)
    press(at, key="linear_autoencoder_step")  # 25 epochs: not settled yet
    assert not at.success
    assert any("once the network has trained 100 epochs (it is at 25)" in i.value for i in at.info)
    press(at, key="linear_autoencoder_step", times=4)
    verdict = " ".join(s.value for s in at.success)
    m = re.search(r"Right\. You saw it: after 125 epochs the loss is ([\d.]+), (?:([\d.]+) % above )?(?:on )?PCA's "
                  r"optimum J\*/N \(the dashed line\) = ([\d.]+)\.", verdict)
    assert m, verdict
    run = at.session_state["runs"]["linear_autoencoder"]
    optimum = discarded_variance(load_dataset("digits", scale="standard").X)[2]
    assert float(m.group(1)) == pytest.approx(run.loss, abs=1e-4)
    assert float(m.group(3)) == pytest.approx(optimum, abs=1e-4)
    gap = 100 * (run.loss - optimum) / optimum
    assert (m.group(2) is None) == (abs(gap) < 0.005) and float(m.group(2) or 0) == pytest.approx(gap, abs=0.006)


def test_a_wrong_prediction_is_named_wrong_after_the_run():
    at = app_test(LINEAR, 90).run()
    _lock_in_settle(at, right=False)
    press(at, key="linear_autoencoder_step", times=5)
    assert at.error and "Not quite" in at.error[0].value and "You saw it: after 125 epochs" in at.error[0].value


def test_the_guessed_loss_is_its_own_trace_on_the_loss_chart_and_the_verdict_measures_it():
    at = app_test(LINEAR, 90).run()
    at.number_input(key="linear_autoencoder:guess_value:settle").set_value(50.0).run()
    press(at, key="linear_autoencoder_guess_settle")
    _, figure = next((i, f) for i, f in live_charts(at) if any(t.name == "training loss" for t in f.data))
    guess = [t for t in figure.data if (t.name or "").startswith("your guess")]
    assert len(guess) == 1 and guess[0].name == "your guess = 50" and list(guess[0].y) == [50.0, 50.0]
    assert list(guess[0].x) == [0, 300]
    _lock_in_settle(at, right=True)
    press(at, key="linear_autoencoder_step", times=5)
    loss = at.session_state["runs"]["linear_autoencoder"].loss
    verdict = " ".join(s.value for s in at.success)
    assert f"your guess, 50, was {number(50 - loss)} above it" in verdict, verdict
    _, figure = next((i, f) for i, f in live_charts(at) if any(t.name == "training loss" for t in f.data))
    assert any(t.name == "your guess = 50" for t in figure.data)  # the guess stays beside the outcome
    assert any(f"your guess, 50, was {number(50 - loss)} above it" in c.value for c in at.caption)


def test_progress_counts_answers_per_lesson_and_clears():
    at = app_test("app.py").run()
    at.switch_page("pages/pca.py").run()
    q = read_lesson("pca").questions[0]
    at.radio(key=f"pca:q:{q.id}").set_value(q.answer).run()
    press(at, key=f"check_pca_{q.id}")
    total = sum(len(read_lesson(p.stem).questions) for p in built())
    assert any(e.label == f"Your answers: 1 of {total}, 1 right" for e in at.sidebar.expander)
    at.switch_page("pages/home.py").run()
    assert any(shown(c.value) == "Your answers: 1 of 5 answered, 1 right." for c in at.caption)
    press(at, key="progress_clear_home")
    assert at.session_state["answers"] == {}
    assert not any("answered" in c.value and "1 of" in c.value for c in at.caption)
    at.switch_page("pages/pca.py").run()
    assert at.radio(key=f"pca:q:{q.id}").value is None


def test_the_identity_prediction_waits_for_an_identity_run():
    at = app_test("pages/nonlinear.py", 90).run()
    q = next(q for q in read_lesson("nonlinear").questions if q.id == "identity_line")
    at.radio(key="nonlinear:q:identity_line").set_value(q.answer).run()
    press(at, key="check_nonlinear_identity_line")
    press(at, key="nonlinear_step")  # tanh, the page's first activation: not the experiment the question is about
    assert not at.success and any("about the identity activation" in i.value for i in at.info)
    at.selectbox(key="nonlinear:activation").set_value("identity").run()
    press(at, key="nonlinear_step", times=3)
    verdict = " ".join(s.value for s in at.success)
    assert verdict.startswith("Right. You saw it: after 300 epochs the loss is"), verdict


def test_a_guess_of_the_nonlinear_loss_is_drawn_at_its_share_of_pcas_optimum():
    at = app_test("pages/nonlinear.py", 90).run()
    at.number_input(key="nonlinear:guess_value:loss").set_value(40.0).run()
    press(at, key="nonlinear_guess_loss")
    figure = next(f for _, f in live_charts(at) if any(t.name == "training loss" for t in f.data))
    reference = next(t for t in figure.data if (t.name or "").startswith("PCA optimum"))
    guess = next(t for t in figure.data if (t.name or "").startswith("your guess"))
    assert guess.name == "your guess = 40 % of PCA's"
    assert guess.y[0] == pytest.approx(0.4 * reference.y[0], rel=1e-12)


def test_the_code_quality_chart_waits_for_a_guess_of_the_two_number_accuracy():
    at = app_test("pages/use_the_code.py", 300).run()
    titles = [f.layout.title.text or "" for f in plotly_figures(at)]
    assert not any("Reconstruction against use" in t for t in titles)
    at.number_input(key="use_the_code:guess_value:two").set_value(30.0).run()
    press(at, key="use_the_code_guess_two")
    figure = next(f for f in plotly_figures(at) if "Reconstruction against use" in (f.layout.title.text or ""))
    guess = next(t for t in figure.data if (t.name or "").startswith("your guess"))
    assert guess.name == "your guess for k = 2: 30 %" and set(guess.y) == {30.0}
    points = [t for t in figure.data if t.name in ("PCA", "AE")]
    assert len(points) == 2 and all("k=2" in t.text for t in points)  # the outcome for k = 2 in the same chart


def test_the_deep_map_prediction_is_judged_on_the_maps_scores():
    at = app_test("pages/deep.py", 180).run()
    q = next(q for q in read_lesson("deep").questions if q.id == "trust")
    at.radio(key="deep:q:trust").set_value(q.answer).run()
    press(at, key="check_deep_trust")
    press(at, key="deep_step", times=4)  # 200 epochs
    verdict = " ".join(s.value for s in at.success)
    m = re.search(r"after 200 epochs the autoencoder's map has 5-NN accuracy (0\.\d+) and PCA's (0\.\d+)", verdict)
    assert m, verdict
    shown_ae = next(x for x in at.metric if x.label == "5-NN accuracy, autoencoder").value
    assert shown_ae == f"{float(m.group(1)):.1%}"
