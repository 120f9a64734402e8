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

from core.autoencoder import Autoencoder


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
    """Pre-train one shallow autoencoder per encoder layer, stack them, fine-tune the deep net on X.

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
        stage = Autoencoder(**{**p, "random_state": stage_seed, "max_epochs": int(pretrain_epochs)}).fit(H)
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
    for _ in deep.fit_iter(X, epochs=int(finetune_epochs), warm_start=True):
        pass
    result.finetune_curve = np.array(deep.loss_curve_)
    result.model = deep
    return result


def loss_curve(X: np.ndarray, epochs: int, **params) -> np.ndarray:
    """The per-epoch loss curve of ``Autoencoder(**params)`` trained end to end on X for ``epochs`` epochs."""
    model = Autoencoder(**{**params, "max_epochs": int(epochs)}).fit(X)
    return np.array(model.loss_curve_)
