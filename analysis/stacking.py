r"""Greedy layer-wise pre-training of a deep autoencoder, and the end-to-end runs it is compared with.

Stacking, for encoder sizes (h_1, ..., h_k) and data X:

1. stage 1 trains a shallow autoencoder X -> h_1 -> X (output activation as the deep net's output);
2. stage i > 1 trains a shallow autoencoder on the previous stage's codes, H_{i-1} -> h_i -> H_{i-1}, with
   the hidden activation on its output too, because in the deep net that output is a hidden layer;
3. the encoders are stacked in order and the decoders in reverse order,
   x -> h_1 -> ... -> h_k -> \hat h_{k-1} -> ... -> \hat x, so coefs are [E_1, ..., E_k, D_k, ..., D_1];
4. the deep network is fine-tuned end to end from there.

Every network here is a `core.Autoencoder` trained from its own random initialisation (seeded).
"""

from dataclasses import dataclass, field

import numpy as np

from analysis.curves import curve_steps, run_to_end
from core.autoencoder import Autoencoder
from core.errors import TrainingDiverged
from core.params import format_layers


@dataclass
class StackingResult:
    """Curves of a stacking run; every curve is the full-data loss per epoch (J/N on its own target).

    stage_curves[i] : loss of stage i + 1 on its own input (X for stage 1, codes after that)
    stacked_loss : loss of the stacked deep network on X before any fine-tuning
    finetune_curve : loss of the deep network on X during fine-tuning
    model : the fine-tuned deep Autoencoder
    """

    stage_curves: list = field(default_factory=list)
    stacked_loss: float = float("nan")
    finetune_curve: np.ndarray = field(default_factory=lambda: np.zeros(0))
    model: Autoencoder | None = None

    @property
    def pretrain_epochs(self) -> int:
        return int(sum(len(c) for c in self.stage_curves))


def _stage_params(params: dict, size: int, output_activation: str) -> dict:
    p = dict(params)
    p.update(hidden_layer_sizes=(size,), output_activation=output_activation, tied_weights=False)
    return p


def greedy_layerwise(X: np.ndarray, hidden_layer_sizes: tuple[int, ...], *, pretrain_epochs: int,
                     finetune_epochs: int, **params) -> StackingResult:
    """Pre-train one shallow autoencoder per encoder layer, stack them, fine-tune the deep net on X (see
    `greedy_steps`)."""
    return run_to_end(greedy_steps(X, hidden_layer_sizes, pretrain_epochs=pretrain_epochs,
                                   finetune_epochs=finetune_epochs, **params))


def greedy_steps(X: np.ndarray, hidden_layer_sizes: tuple[int, ...], *, pretrain_epochs: int,
                 finetune_epochs: int, **params):
    """Pre-train one shallow autoencoder per encoder layer, stack them, fine-tune the deep net on X: a generator of
    every network's ``fit_steps`` items, one gradient step at a time, that returns the `StackingResult`.

    Parameters
    ----------
    X : (N, D) training data.
    hidden_layer_sizes : encoder sizes of the deep net, the last is the code (at least one).
    pretrain_epochs : epochs for each stage; finetune_epochs : epochs for the stacked net.
    **params : other `Autoencoder` parameters (activation, output_activation, optimizer, learning_rate,
        batch_size, random_state, ...), shared by every stage and the deep net. ``tied_weights`` is not used.

    Raises `TrainingDiverged` (from any stage) like `Autoencoder.fit`.
    """
    sizes = tuple(int(s) for s in hidden_layer_sizes)
    if not sizes:
        raise ValueError("hidden_layer_sizes needs at least one layer.")
    params = {k: v for k, v in params.items() if k not in ("hidden_layer_sizes", "max_epochs", "tied_weights")}
    activation = params.get("activation", "identity")
    out_act = params.get("output_activation", "identity")
    seed = params.get("random_state")
    result = StackingResult()
    encoders, decoders = [], []
    H = np.asarray(X, dtype=np.float64)
    for i, size in enumerate(sizes):
        stage_seed = None if seed is None else int(seed) + i
        p = _stage_params(params, size, out_act if i == 0 else activation)
        stage = Autoencoder(**{**p, "random_state": stage_seed})
        yield from stage.fit_steps(H, epochs=int(pretrain_epochs))
        result.stage_curves.append(np.array(stage.loss_curve_))
        encoders.append((stage.coefs_[0].copy(), stage.intercepts_[0].copy()))
        decoders.append((stage.coefs_[1].copy(), stage.intercepts_[1].copy()))
        H = stage.transform(H)

    deep = Autoencoder(**{**params, "hidden_layer_sizes": sizes, "tied_weights": False,
                          "max_epochs": int(finetune_epochs)})
    deep.fit_iter(X, epochs=0)  # initialises the parameter vector (at call time), trains nothing
    for layer, (W, b) in enumerate(encoders + decoders[::-1]):
        deep.coefs_[layer][...] = W  # views into the flat parameter vector: write in place
        deep.intercepts_[layer][...] = b
    result.stacked_loss = -float(deep.score(X))
    yield from deep.fit_steps(X, epochs=int(finetune_epochs), warm_start=True)
    result.finetune_curve = np.array(deep.loss_curve_)
    result.model = deep
    return result


@dataclass(frozen=True)
class DepthComparison:
    """Stacking against end-to-end training, and shallow against deep, at the same code size and epoch budget."""

    total_epochs: int        # pre-training (every stage) + fine-tuning: every curve below gets as many
    pretrain_epochs: int     # epochs of all the stages together
    stage_losses: list       # final loss of each stage on its own input
    stacked_loss: float      # the stacked network before fine-tuning
    finetune: np.ndarray     # the fine-tuning curve
    end_to_end: np.ndarray   # the same deep network trained from random weights for total_epochs
    curves: dict             # label -> curve: shallow, one hidden layer (if deeper than 2), the deep network


def compare_depths(X: np.ndarray, sizes: tuple[int, ...], *, pretrain_epochs: int, finetune_epochs: int,
                   **params) -> DepthComparison:
    """Greedy layer-wise pre-training of ``sizes`` against end-to-end training, and shallower networks with the
    same code, all with the other `Autoencoder` ``params`` and the same total number of epochs."""
    return run_to_end(compare_depths_steps(X, sizes, pretrain_epochs=pretrain_epochs,
                                           finetune_epochs=finetune_epochs, **params))


def compare_depths_steps(X: np.ndarray, sizes: tuple[int, ...], *, pretrain_epochs: int, finetune_epochs: int,
                         **params):
    """`compare_depths` as a generator that yields the fraction of its epochs done after every gradient step (of
    any of its networks) and returns the `DepthComparison`: the same work, which a caller can slice and stop."""
    sizes = tuple(int(s) for s in sizes)
    total = pretrain_epochs * len(sizes) + finetune_epochs
    code, D = sizes[-1], X.shape[1]
    shapes = {f"shallow: {D} → {code} → {D}": (code,)}
    if len(sizes) > 2:
        shapes[f"one hidden layer: {sizes[0]}, {code}"] = (sizes[0], code)
    shapes[f"yours, end to end: {format_layers(sizes)}"] = sizes
    done, everything = [0], total * (1 + len(shapes))
    stack = yield from _progress(greedy_steps(X, sizes, pretrain_epochs=pretrain_epochs,
                                              finetune_epochs=finetune_epochs, **params), done, everything)
    curves = {}
    for label, shape in shapes.items():
        run = yield from _progress(curve_steps(X, {**params, "hidden_layer_sizes": shape}, epochs=total), done,
                                   everything)
        if run.diverged:
            raise TrainingDiverged(run.diverged)
        curves[label] = run.loss
    deep = curves[label]
    return DepthComparison(total, stack.pretrain_epochs, [float(c[-1]) for c in stack.stage_curves],
                           stack.stacked_loss, stack.finetune_curve, deep, curves)


def _progress(steps, done: list, total: int):
    """Pass a generator of ``fit_steps`` items on as the fraction of ``total`` epochs done (``done[0]`` counts them);
    return what it returns."""
    while True:
        try:
            item = next(steps)
        except StopIteration as finished:
            return finished.value
        if item is not None:
            done[0] += 1
        yield min(done[0] / total, 1.0)
