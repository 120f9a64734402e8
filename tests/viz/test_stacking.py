import numpy as np
import pytest

from viz.stacking import curves_caption, stacking_figure


def test_stacking_figure_places_fine_tuning_after_pre_training():
    e2e = np.linspace(10, 2, 300)
    ft = np.linspace(4, 1.5, 200)
    fig = stacking_figure(e2e, 120, 5.0, ft, reference=3.0, title="T")
    names = [t.name for t in fig.data]
    assert names[:3] == ["end to end, random start", "stacked, before fine-tuning", "pre-trained, then fine-tuned"]
    assert names[3].startswith("PCA optimum = 3")
    assert list(fig.data[1].x) == [120] and list(fig.data[1].y) == [5.0]
    assert fig.data[2].x[0] == 121 and fig.data[2].x[-1] == 320
    assert list(fig.layout.xaxis.range) == [0, 320]
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] == pytest.approx(10 * 1.05)
    assert fig.layout.shapes[0].x1 == 120  # the pre-training band


def test_stacking_figure_without_reference_or_pretraining():
    fig = stacking_figure(np.array([3.0, 2.0]), 0, 2.5, np.array([2.0, 1.0]))
    assert len(fig.data) == 3 and not fig.layout.shapes


def test_curves_caption_gives_each_final_loss_and_the_reference():
    curves = {"shallow": np.array([3.0, 2.0, 1.5]), "deep": np.array([3.0, 1.0, 0.25])}
    assert curves_caption(curves, 1.2) == ("Final loss J/N after 3 epochs: shallow 1.500; deep 0.250; "
                                           "PCA's optimum 1.200.")
    assert curves_caption({"a": np.array([1.0])}) == "Final loss J/N after 1 epoch: a 1.000."
