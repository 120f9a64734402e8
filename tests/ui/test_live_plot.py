"""ui.live_plot: plotly.js put in static/, the lessons' bundle beside it, and st.plotly_chart when they cannot be
served."""

import json

import plotly.offline
import pytest
from streamlit.testing.v1 import AppTest

import ui.live_plot as live_plot
from tests.app.apptest import live_charts


def chart_script():
    import plotly.graph_objects as go

    from ui.live_plot import live_plotly_chart

    live_plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], name="loss")), key="c")


def test_install_copies_the_packaged_plotly_js_once(tmp_path):
    target = tmp_path / "static" / "plotly.min.js"
    assert live_plot.install_plotly_js(target)
    assert target.read_bytes() == live_plot.BUNDLED_PLOTLY_JS.read_bytes()
    before = target.stat().st_mtime_ns
    assert live_plot.install_plotly_js(target)
    assert target.stat().st_mtime_ns == before  # already there: not copied again


def test_install_reports_a_folder_it_cannot_write(tmp_path):
    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be")
    assert not live_plot.install_plotly_js(blocker / "plotly.min.js")


def test_the_chart_is_a_live_component_when_plotly_js_is_served(monkeypatch, tmp_path):
    served = tmp_path / "plotly.min.js"
    served.write_text("")
    monkeypatch.setattr(live_plot, "PLOTLY_JS", served)
    at = AppTest.from_function(chart_script).run()
    [(_, fig)] = live_charts(at)
    assert list(fig.data[0].y) == [3, 1, 2] and not at.get("plotly_chart")


@pytest.mark.parametrize("missing", ["PLOTLY_JS", "LESSONS_PLOTLY_JS"])
def test_without_plotly_js_the_chart_falls_back_to_st_plotly_chart(monkeypatch, tmp_path, missing):
    monkeypatch.setattr(live_plot, missing, tmp_path / "missing.js")
    at = AppTest.from_function(chart_script).run()
    assert not at.exception and not live_charts(at)
    assert '"name":"loss"' in at.get("plotly_chart")[0].proto.spec.replace(" ", "")




def test_the_lessons_bundle_is_built_from_the_plotly_js_the_package_ships():
    # A new plotly in requirements.txt fails here until tools/plotly_bundle is rebuilt for its plotly.js.
    version = plotly.offline.get_plotlyjs_version()
    text = live_plot.LESSONS_PLOTLY_JS.read_text()
    assert text.startswith(f"/*! plotly.js v{version} ") and f'version="{version}"' in text
    package = json.loads((live_plot.ROOT / "tools" / "plotly_bundle" / "package.json").read_text())
    assert package["devDependencies"]["plotly.js"] == version
    assert f"plotly.js v{version} " in package["scripts"]["build"]
