import numpy as np
import pytest

from viz.network import drawn_positions, network_caption, network_figure, units, weight_labels


def node_traces(fig):
    return [t for t in fig.data if t.mode == "markers"]


def test_one_node_trace_per_layer_and_counts_follow_sizes():
    fig = network_figure([64, 3, 64], max_drawn=12)
    nodes = node_traces(fig)
    assert len(nodes) == 3
    assert [len(t.y) for t in nodes] == [12, 3, 12]
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "64 units" in texts and "3 units" in texts and "code z" in texts


def test_a_one_unit_layer_is_one_unit_not_one_units():
    assert units(1) == "1 unit" and units(2) == "2 units"
    fig = network_figure([2, 1, 2])
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "<br>1 unit" in texts and "1 units" not in texts and "2 units" in texts
    assert node_traces(fig)[1].hovertemplate.startswith("code z: 1 unit<")


def test_bottleneck_is_drawn_narrower_and_highlighted():
    fig = network_figure([10, 2, 10])
    nodes = node_traces(fig)
    spread = [float(np.ptp(np.asarray(t.y))) for t in nodes]
    assert spread[1] < spread[0] and spread[1] < spread[2]
    assert nodes[1].marker.color != nodes[0].marker.color


def test_edges_join_every_drawn_pair():
    fig = network_figure([4, 2, 4])
    edges = next(s for s in fig.layout.shapes if s.name == "weights")
    assert edges.path.count("M") == 4 * 2 + 2 * 4  # one path, one move-and-line per drawn pair
    assert "M0,-1.5L1,-0.5" in edges.path and "M1,0.5L2,1.5" in edges.path


def test_weight_labels_use_lesson_notation():
    # rows = units of the layer fed (a = Wx + b): W is k × D, V is D × k, V_l has the shape of W_l transposed
    assert weight_labels([64, 2, 64]) == ["W: 2×64", "V: 64×2"]
    assert weight_labels([64, 32, 2, 32, 64]) == ["W₁: 32×64", "W₂: 2×32", "V₂: 32×2", "V₁: 64×32"]


def test_ellipsis_only_when_elided():
    assert drawn_positions(5, 12)[1] is False
    ys, elided = drawn_positions(100, 12)
    assert elided and len(ys) == 12


def test_rejects_empty_layers():
    with pytest.raises(ValueError):
        network_figure([5])
    with pytest.raises(ValueError):
        network_figure([5, 0, 5])


def test_network_caption_gives_shapes_and_parameter_count():
    assert network_caption([64, 2, 64]) == ("Layers 64 → 2 → 64; weight matrices W: 2×64, V: 64×2; "
                                            "322 weights and biases.")  # 2·65 + 64·3


@pytest.mark.parametrize("sizes, activations, height", [([64, 2, 64], ["identity", "identity"], 300),
                                                         ([3, 16, 2, 16, 3], ["tanh"] * 4, 320),
                                                         ([64, 32, 16, 2, 16, 32, 64], None, 360)])
def test_the_layers_labels_have_room_below_the_nodes(sizes, activations, height):
    # Every line of a layer's label (name, units, activation) fits in the bottom margin, under the lowest node.
    fig = network_figure(sizes, activations=activations, height=height)
    label = max((a for a in fig.layout.annotations if "units" in a.text), key=lambda a: a.text.count("<br>"))
    lines = label.text.count("<br>") + 1
    assert lines == (3 if activations else 2)
    font = label.font.size or fig.layout.font.size
    assert fig.layout.margin.b >= lines * 1.3 * font
    assert label.yanchor == "top" and label.y == fig.layout.yaxis.range[0]
    assert label.y < min(min(t.y) for t in node_traces(fig))
