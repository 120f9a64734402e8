"""The closed-form landscapes of the smallest linear autoencoders against core's own network."""

import numpy as np
import pytest

from analysis.landscape import (
    TiedLandscape,
    descent_path,
    gaussian_data,
    network_gradient_norm,
    network_w,
    saddle_starts,
    set_network_w,
    untied_gradient,
    untied_loss,
    untied_minima,
)
from core import Autoencoder

X = gaussian_data(2.0, 0.5, 30.0)


def tied(l2=0.0, **kw) -> Autoencoder:
    ae = Autoencoder(hidden_layer_sizes=(1,), tied_weights=True, activation="identity", l2=l2, max_epochs=0, **kw)
    return ae.fit(X)


def test_the_data_has_exactly_the_covariance_asked_for():
    C = X.T @ X / len(X)
    lam, U = TiedLandscape.of(X).eigen
    assert np.allclose(X.mean(axis=0), 0, atol=1e-12)
    assert lam == pytest.approx([2.0, 0.5], abs=1e-12)
    assert np.allclose(U[:, 0], [np.cos(np.pi / 6), np.sin(np.pi / 6)])
    assert np.allclose(C @ U[:, 1], 0.5 * U[:, 1])
    with pytest.raises(ValueError, match="positive"):
        gaussian_data(0.0, 1.0, 0.0)


@pytest.mark.parametrize("l2", [0.0, 0.3, 1.5])
def test_closed_form_equals_the_networks_loss_and_gradient_at_100_random_w(l2):
    land, ae = TiedLandscape.of(X, l2), tied(l2)
    for w in np.random.default_rng(1).uniform(-1.5, 1.5, (100, 2)):
        set_network_w(ae, w, X)
        loss, grads = ae.loss_and_gradients(X)
        assert land.loss(*w) == pytest.approx(loss, rel=1e-12)
        assert np.allclose(grads["coefs"][0][:, 0], land.gradient(w), atol=1e-12)
        assert np.allclose(np.concatenate(grads["intercepts"]), 0, atol=1e-12)  # centred data: biases stay 0
    # the vectorised map is the same function
    ticks, _, Z = land.grid(1.5, 7)
    assert Z[2, 5] == pytest.approx(land.loss(ticks[5], ticks[2]))


def test_the_hessian_is_the_gradients_derivative():
    land = TiedLandscape.of(X, 0.4)
    w, h = np.array([0.3, -0.7]), 1e-6
    numeric = np.column_stack([(land.gradient(w + h * e) - land.gradient(w - h * e)) / (2 * h) for e in np.eye(2)])
    assert np.allclose(land.hessian(w), numeric, atol=1e-6)


def test_without_l2_a_maximum_at_0_minima_on_u1_and_saddles_on_u2():
    land = TiedLandscape.of(X)
    lam, U = land.eigen
    points = {p.where: p for p in land.critical_points()}
    assert {k: p.name for k, p in points.items()} == {"0": "maximum", "+u₁": "minimum", "−u₁": "minimum",
                                                       "+u₂": "saddle", "−u₂": "saddle"}
    assert np.allclose(points["+u₁"].w, U[:, 0]) and np.allclose(points["−u₂"].w, -U[:, 1])
    assert points["+u₁"].loss == pytest.approx(0.5) and points["0"].loss == pytest.approx(2.5)  # λ₂ and tr C
    ae = tied()
    for p in points.values():
        assert land.slope(p.w) < 1e-12
        set_network_w(ae, p.w, X)
        assert network_gradient_norm(ae, X) < 1e-12  # core's backprop agrees: zero gradient
    # the Hessian's curvatures of the docstring: 8λᵢ along uᵢ, 2(λᵢ − λⱼ) across
    assert points["+u₁"].curvatures == pytest.approx((3.0, 16.0))
    assert points["+u₂"].curvatures == pytest.approx((-3.0, 4.0))


def test_l2_moves_the_points_inwards_to_one_minus_l2_over_2_lambda():
    l2 = 0.3
    land = TiedLandscape.of(X, l2)
    points = {p.where: p for p in land.critical_points()}
    assert [points[w].name for w in ("0", "+u₁", "+u₂")] == ["maximum", "minimum", "saddle"]
    for where, lam in (("+u₁", 2.0), ("−u₂", 0.5)):
        w = points[where].w
        assert w @ w == pytest.approx(1 - l2 / (2 * lam))
        assert land.slope(w) < 1e-12
    assert points["+u₁"].loss == pytest.approx(2.5 - 2.0 + l2 - l2**2 / (4 * 2.0))
    assert points["+u₁"].curvatures == pytest.approx((2 * 1.5 * (1 + l2 / 4), 8 * (2.0 - l2 / 2)))
    assert points["+u₂"].curvatures == pytest.approx((2 * (0.5 - 2.0) * (1 + l2 / 1.0), 8 * (0.5 - l2 / 2)))
    # and training the real network with that penalty lands there
    ae = tied(l2, optimizer="sgd", learning_rate=land.safe_learning_rate(1.5), batch_size=None)
    set_network_w(ae, [0.4, 0.9], X)
    for _ in ae.fit_steps(X, epochs=1500, warm_start=True):
        pass
    assert network_w(ae) @ network_w(ae) == pytest.approx(1 - l2 / 4, abs=1e-6)


def test_a_direction_with_lambda_at_most_l2_over_2_switches_off():
    land = TiedLandscape.of(X, 1.5)  # λ₂ = 0.5 ≤ 0.75 < λ₁ = 2
    points = {p.where: p for p in land.critical_points()}
    assert set(points) == {"0", "+u₁", "−u₁"}
    assert points["0"].name == "saddle" and points["+u₁"].name == "minimum"
    assert saddle_starts(land) is None
    both_off = TiedLandscape.of(X, 5.0).critical_points()
    assert [(p.where, p.name) for p in both_off] == [("0", "minimum")]


def test_descent_path_is_the_networks_own_sgd_run_and_a_nudge_slides_off_the_saddle():
    land = TiedLandscape.of(X)
    lr = land.safe_learning_rate(1.5)
    on, near = saddle_starts(land)
    ae = tied(optimizer="sgd", learning_rate=lr, batch_size=None)
    set_network_w(ae, near, X)
    real = [network_w(ae)]
    for record in ae.fit_steps(X, epochs=600, warm_start=True):
        if record is not None:  # an epoch's end: one full-batch step
            real.append(network_w(ae))
    path = descent_path(land, near, lr, 600)
    assert np.allclose(np.array(real), path, atol=1e-9)
    assert max(np.abs(b).max() for b in ae.intercepts_) < 1e-12  # the biases stayed at 0: the data is centred
    assert np.linalg.norm(path[-1] - land.eigen[1][:, 0]) < 1e-3  # ends on the minimum +u₁
    assert np.allclose(descent_path(land, on, lr, 600)[-1], on, atol=1e-9)  # exactly on the saddle: stays


def test_untied_closed_form_equals_the_network_at_100_random_w_v():
    x = (X @ TiedLandscape.of(X).eigen[1][:, :1])  # the data on u₁: 1-D, mean square λ₁ = 2
    s = float(np.mean(x**2))
    for l2 in (0.0, 0.25):
        ae = Autoencoder(hidden_layer_sizes=(1,), activation="identity", l2=l2, max_epochs=0).fit(x)
        for w, v in np.random.default_rng(2).uniform(-2, 2, (100, 2)):
            ae.coefs_[0][...], ae.coefs_[1][...] = w, v
            for b in ae.intercepts_:
                b[...] = 0.0
            loss, grads = ae.loss_and_gradients(x)
            assert untied_loss(w, v, s, l2) == pytest.approx(loss, rel=1e-12)
            assert np.allclose([grads["coefs"][0].item(), grads["coefs"][1].item()], untied_gradient(w, v, s, l2))


def test_untied_valley_without_l2_and_two_minima_with_it():
    s = 2.0
    for c in (0.5, 1.0, 3.0):  # any point of vw = 1 is a minimum: zero loss, zero gradient
        assert untied_loss(c, 1 / c, s) == 0 and np.allclose(untied_gradient(c, 1 / c, s), 0)
    assert untied_minima(s, 0.0) == []
    (a, b), (c, d) = untied_minima(s, 0.5)
    assert a == b == pytest.approx(np.sqrt(0.75)) and (c, d) == (-a, -b)
    assert np.allclose(untied_gradient(a, b, s, 0.5), 0)
    H = np.array([[2 * s * b * b + 1, 2 * s * (2 * a * b - 1)], [2 * s * (2 * a * b - 1), 2 * s * a * a + 1]])
    assert np.all(np.linalg.eigvalsh(H) > 0)  # the Hessian of L(w, v) there (l2 = 0.5): a minimum
    assert untied_loss(1.0, 1.0, s, 0.5) > untied_loss(a, a, s, 0.5)  # the valley point w = v = 1 costs more
    assert untied_minima(s, 3.0) == [(0.0, 0.0)]
