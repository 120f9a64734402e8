"""A link that asks for more training than one learner may: the page says so and cannot start it (issue 14)."""

from tests.app.apptest import opened

PAGE = "pages/playground.py"
HEAVY = {"data": "digits", "hidden": "512,512,512,512,512", "code": "32", "act": "tanh", "lr": "0.0001",
         "dropout": "0.9", "noise": "2"}


def test_the_heavy_link_is_refused_with_the_limit_named_and_nothing_trains():
    at = opened(PAGE, query=HEAVY)
    run = at.session_state["runs"]["playground"]
    assert run.status == "too_big" and run.epoch == 0
    assert any("too large to train here" in e.value and "1 billion" in e.value for e in at.error)
    assert all(b.disabled for b in at.button if b.label in ("Train", "Step"))
    # A smaller network from the same link trains at once.
    at.text_input(key="playground:hidden").set_value("64").run()
    assert not at.exception and at.session_state["runs"]["playground"].status == "ready"
