"""AppTest of the `use_the_code` lesson: classifier table, correlations, real source, Pipeline, MLP, elbows."""

import inspect

import pytest

from analysis.downstream import autoencoder_pipeline, train_code
from core import Autoencoder
from tests.app.apptest import metric, opened, plotly_figures, press

PAGE = "pages/use_the_code.py"
TIMEOUT = 300


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture(scope="module")
def at():
    """One page for the module (its cached runs take minutes), the classifier table shown."""
    at = opened(PAGE, TIMEOUT)
    assert len(at.dataframe) == 0  # the classifiers wait for the learner's prediction; the MLP table for its tab
    press(at, key="use_the_code_show_predict_accuracy")
    return at


def test_classifier_table_has_raw_pca_and_ae_rows_with_real_accuracies(at):
    assert at.title[0].value == "Using the code in another model"
    table = at.dataframe[0].value
    assert list(table["input"]) == ["raw (64)", "PCA (10)", "AE (10)"]
    acc = {row["input"].split()[0]: float(row["test accuracy"].removesuffix(" %")) for _, row in table.iterrows()}
    assert acc["raw"] > 93
    assert 80 < acc["PCA"] <= acc["raw"] + 2
    assert 70 < acc["AE"] <= 100
    assert list(table["classifier weights"]) == [650, 110, 110]
    chart = next(f for f in plotly_figures(at) if f.layout.title.text and "three inputs" in f.layout.title.text)
    assert [round(v, 1) for v in chart.data[0].y] == [round(acc[n], 1) for n in ("raw", "PCA", "AE")]


def open_tab(at, label: str) -> None:
    at.session_state["use_the_code_code_views"] = label  # as a click on that tab
    at.run()
    assert not at.exception


def test_pca_codes_are_uncorrelated_pixels_are_not(at):
    assert float(metric(at, "PCA codes (10): mean |r| off the diagonal")) < 0.001
    assert float(metric(at, "raw pixels (64): mean |r| off the diagonal")) > 0.1
    titled = [f for f in plotly_figures(at) if f.layout.title.text == "Correlation matrices on the training images"]
    assert not titled  # drawn once its expander is opened
    at.session_state["use_the_code_more_correlation"] = True
    at.run()
    [figure] = [f for f in plotly_figures(at) if f.layout.title.text == "Correlation matrices on the training images"]
    assert [t.z.shape if hasattr(t.z, "shape") else (len(t.z), len(t.z[0])) for t in figure.data] == [
        (64, 64), (10, 10), (10, 10)]


def test_the_real_source_of_fit_x_x_is_shown(at):
    shown = [c.value.strip() for c in at.code]
    assert inspect.getsource(train_code).strip() in shown
    assert "model.fit(X_train, X_train)" in inspect.getsource(train_code)
    assert inspect.getsource(autoencoder_pipeline).strip() not in shown  # in the next tab, sent once opened
    assert inspect.getsource(Autoencoder.fit).strip() not in shown  # sent once its expander is opened
    at.session_state["use_the_code_more_fit"] = True  # as a click on the expander: its state, then a rerun
    at.run()
    assert inspect.getsource(Autoencoder.fit).strip() in [c.value.strip() for c in at.code]
    open_tab(at, "Pipeline")
    assert inspect.getsource(autoencoder_pipeline).strip() in [c.value.strip() for c in at.code]


def test_pipeline_and_mlpregressor(at):
    open_tab(at, "Pipeline")
    assert float(metric(at, "Pipeline test accuracy").removesuffix(" %")) > 70
    open_tab(at, "MLPRegressor")
    mlp = at.dataframe[-1].value
    assert list(mlp["model"]) == ["our Autoencoder", "scikit-learn MLPRegressor", "PCA (optimum)"]
    errors = list(mlp["error (1/N) Σ‖x − x̂‖²"])
    assert errors[2] <= min(errors[:2]) + 1e-9  # PCA is the floor of every linear code of size k
    assert errors[0] < 1.1 * errors[2] and errors[1] < 1.3 * errors[2]


def test_low_rank_elbow_follows_the_rank_slider(at):
    assert "**PCA**: a clear elbow at **k = 3**" in markdown(at)
    at.slider(key="use_the_code:rank").set_value(5).run()
    assert not at.exception
    text = markdown(at)
    assert "**PCA**: a clear elbow at **k = 5**" in text
    assert "**linear autoencoder**: a clear elbow at **k = 5**" in text


def test_s_curve_linear_needs_three_nonlinear_two(at):
    at.radio(key="use_the_code:dim_data").set_value("s_curve").run()
    assert not at.exception
    text = markdown(at)
    assert "**PCA**: no clear elbow" in text
    assert "**nonlinear autoencoder**: a clear elbow at **k = 2**" in text
    fig = next(f for f in plotly_figures(at) if f.layout.title.text and "S-curve" in f.layout.title.text)
    curves = {t.name: list(t.y) for t in fig.data}
    assert curves["nonlinear autoencoder"][2] < 0.5 * curves["PCA"][2]
