"""AppTest of the `pca` lesson: J measured equals N times the discarded eigenvalues, for every dataset and k."""

import numpy as np
import pytest

from core import load_dataset
from core.pca import eigenvalues
from tests.app.apptest import metric, plotly_figures, press, shown
from ui.widgets import SUBSPACE_DATA

PAGE = "pages/pca.py"


def _number(text):
    return float(text.replace(",", "").replace("%", "").strip())


def _independent_J(name, k, **opts):
    X = load_dataset(name, scale="standard", **opts).X
    Xc = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(Xc, full_matrices=False)
    P = vt[:k].T @ vt[:k]
    return float(np.sum((Xc - Xc @ P) ** 2))


def test_defaults_show_J_equal_to_the_discarded_eigenvalues(at):
    assert at.title[0].value.startswith("PCA")
    J = _number(metric(at, "J = Σ‖x − x̂‖² (measured)"))
    J_eig = _number(metric(at, "N · Σ discarded λ"))
    assert J == pytest.approx(J_eig, rel=1e-6)
    assert J == pytest.approx(_independent_J("digits", 2), rel=1e-5)


def test_the_share_kept_is_shown_after_the_learners_guess_and_beside_it(at):
    assert metric(at, "Variance kept") == "guess first"
    assert not [f for f in plotly_figures(at) if any("your guess" in (t.name or "") for t in f.data)]
    at.number_input(key="pca:guess_value:kept").set_value(40.0).run()
    press(at, key="pca_guess_kept")
    X = load_dataset("digits", scale="standard").X
    lam = eigenvalues(X)
    truth = 100 * lam[:2].sum() / lam.sum()
    assert _number(metric(at, "Variance kept")) == pytest.approx(truth, abs=0.05)
    figure = next(f for f in plotly_figures(at) if any("your guess" in (t.name or "") for t in f.data))
    guess = next(t for t in figure.data if "your guess" in t.name)
    assert guess.name == "your guess for k = 2: 40 %" and set(guess.y) == {40.0}
    bar = figure.data[0]
    assert bar.y[1] == pytest.approx(truth, abs=1e-9)  # j = 2: the outcome, in the same chart
    at.slider(key="pca:k").set_value(3).run()  # a guess for k = 2 is not drawn for k = 3; the learner is asked again
    assert not any("your guess" in (t.name or "") for f in plotly_figures(at) for t in f.data)
    assert any("was for k = 2" in shown(c.value) for c in at.caption)


def test_changing_k_changes_J_by_N_lambda(at):
    J2 = _number(metric(at, "J = Σ‖x − x̂‖² (measured)"))
    at.slider(key="pca:k").set_value(5).run()
    assert not at.exception
    J5 = _number(metric(at, "J = Σ‖x − x̂‖² (measured)"))
    assert J5 == pytest.approx(_number(metric(at, "N · Σ discarded λ")), rel=1e-6)
    X = load_dataset("digits", scale="standard").X
    lam = eigenvalues(X)
    assert J2 - J5 == pytest.approx(len(X) * lam[2:5].sum(), rel=1e-5)
    assert J5 < J2


def test_3d_cloud_and_wine_run_and_k_is_clamped(at):
    at.slider(key="pca:k").set_value(10).run()
    at.selectbox(key="pca:dataset").set_value("low_rank").run()
    assert not at.exception
    assert at.slider(key="pca:k").value == 3
    assert _number(metric(at, "J = Σ‖x − x̂‖² (measured)")) == pytest.approx(0.0, abs=1e-6)
    at.slider(key="pca:k").set_value(1).run()
    J = _number(metric(at, "J = Σ‖x − x̂‖² (measured)"))
    assert J == pytest.approx(_independent_J("low_rank", 1, **SUBSPACE_DATA["low_rank"]), rel=1e-4)
    at.selectbox(key="pca:dataset").set_value("wine").run()
    assert not at.exception
    assert any("too many to draw" in i.value for i in at.info)


def test_each_chart_carries_its_message_in_numbers(at):
    lam = eigenvalues(load_dataset("digits", scale="standard").X)
    captions = " ".join(shown(c.value) for c in at.caption)
    assert "J/N = " in captions and "400 of the 1797" not in captions  # the reconstructions' tab, open at first
    at.session_state["pca_views"] = "Choosing k"  # as a click on that tab
    at.run()
    captions = " ".join(shown(c.value) for c in at.caption)
    assert f"λ₁ = {lam[0]:.3g}, λ₂ = {lam[1]:.3g}" in captions  # the scree plot
    assert f"hold {100 * lam[:2].sum() / lam.sum():.1f} % of the variance" in captions
    assert f"sum to J*/N = {lam[2:].sum():.4g}" in captions
    assert f"{lam[2:].sum():.4g} at k = 2" in captions  # the error curve
    at.session_state["pca_views"] = "The 2-D code"  # as a click on the other tab
    at.run()
    captions = " ".join(shown(c.value) for c in at.caption)
    assert "400 of the 1797 samples" in captions and "J/N = " not in captions  # only the open tab is sent


def test_derivations_and_code_are_sent_only_once_opened(at):
    def text():
        return " ".join(m.value for m in at.markdown)

    assert "Pythagoras gives" not in text() and "orthogonal projection" not in text() and not at.code
    for name in ("inverse", "eigen_proof", "code"):  # as a click on each expander: its state, then a rerun
        at.session_state[f"pca_more_{name}"] = True
    at.run()
    assert "Pythagoras gives" in text() and "orthogonal projection" in text()
    assert "def fit" in at.code[0].value
