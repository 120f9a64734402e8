"""AppTest of `/one_update`: the sub-steps in order, New batch, and the step the learner takes."""

import pytest

from tests.app.apptest import press
from viz.one_update import SUBSTEPS, num

PAGE = "pages/one_update.py"


def substep(at) -> str:
    return at.subheader[0].value


def test_next_walks_the_substeps_in_order_and_previous_back(at):
    assert substep(at) == f"1 of 7 · {SUBSTEPS[0]}"
    assert any("A &= WX + b" in x.value for x in at.latex)
    for i in range(1, len(SUBSTEPS)):
        press(at, "Next")
        assert substep(at) == f"{i + 1} of 7 · {SUBSTEPS[i]}"
    assert next(b for b in at.button if b.label == "Next").disabled
    assert any("\\leftarrow" in x.value for x in at.latex)
    press(at, "Previous", times=2)
    assert substep(at) == f"5 of 7 · {SUBSTEPS[4]}"
    assert any("\\delta_{code}" in x.value for x in at.latex)


def test_new_batch_changes_x_and_starts_again_at_the_forward_pass(at):
    rows = list(at.session_state["one_update_rows"])
    press(at, "Next")
    for _ in range(5):  # a batch of 2 from 500 samples: a repeat is possible, five in a row is not
        press(at, "New batch")
        if list(at.session_state["one_update_rows"]) != rows:
            break
    assert list(at.session_state["one_update_rows"]) != rows
    assert substep(at).startswith("1 of 7")


def test_the_step_taken_gives_the_loss_shown_after_it(at):
    press(at, "Next", times=len(SUBSTEPS) - 1)
    shown_before = float(next(m for m in at.metric if m.label.startswith("Loss on this batch")).value)
    shown_after = float(next(m for m in at.metric if m.label == "…and after it").value)
    press(at, "Take this step")
    model = at.session_state["one_update_model"]
    batch = at.session_state["one_update_rows"]
    from core import load_dataset

    X = load_dataset("arc", scale="standard").X[batch]
    assert model.backprop_trace(X).loss == pytest.approx(shown_after, abs=5e-7)
    assert model.optimizer_state()["t"] == 1
    assert shown_after < shown_before
    assert substep(at).startswith("1 of 7")  # the next update starts from the forward pass, with the new weights
    press(at, "Next", times=2)  # the loss of the next update is the loss after this one
    assert any(x.value.strip("$\n ").endswith(f"&= {num(shown_after)} \\end{{aligned}}") for x in at.latex)
