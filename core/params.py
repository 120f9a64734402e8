"""The Autoencoder's parameters in one table: type, bounds, default, slider step and help text.

The app's sliders read ``min``/``max``/``default``/``step``/``help`` from ``PARAMS``; the Autoencoder
validates every parameter with `validate_params`, which reads the same table. Errors name the parameter:
``learning_rate must be a number in (0, 1000], got -1``.

The defaults here equal the defaults in ``Autoencoder.__init__`` (a test checks it).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from core.activations import ACTIVATIONS
from core.optimizers import OPTIMIZERS

MAX_HIDDEN_LAYERS = 6  # encoder layers; the decoder mirrors them
MAX_LAYER_WIDTH = 2048
MAX_SEED = 2**32 - 1


@dataclass(frozen=True)
class ParamSpec:
    """One parameter.

    kind: "float", "int", "bool", "choice", "layers" (a tuple of ints) or "seed" (None or an int).
    min/max: bounds (for "layers": bounds of each width); ``min_open`` / ``max_open`` make a bound exclusive.
    allow_none: None is also accepted (batch_size: full batch; random_state: a fresh seed).
    choices: the allowed names for "choice".
    step: a sensible slider step; ``log``: better shown on a log scale.
    """

    kind: str
    default: Any
    help: str
    min: float | None = None
    max: float | None = None
    min_open: bool = False
    max_open: bool = False
    allow_none: bool = False
    choices: tuple[str, ...] = ()
    step: float | None = None
    log: bool = False

    def interval(self) -> str:
        """The bounds as text, e.g. ``(0, 10]``."""
        low, high = (f"{v}" if isinstance(v, int) else f"{v:g}" for v in (self.min, self.max))
        return f"{'(' if self.min_open else '['}{low}, {high}{')' if self.max_open else ']'}"


PARAMS: dict[str, ParamSpec] = {
    "hidden_layer_sizes": ParamSpec(
        "layers", (2,), "Encoder widths; the last is the code. (2,) is D-2-D, (32, 2) is D-32-2-32-D.",
        min=1, max=MAX_LAYER_WIDTH, step=1,
    ),
    "activation": ParamSpec(
        "choice", "identity", "f in z = f(Wx): applied on every hidden layer, the code included.",
        choices=tuple(ACTIVATIONS),
    ),
    "output_activation": ParamSpec(
        "choice", "identity", "g in y = g(Vz): applied on the output layer.", choices=tuple(ACTIVATIONS),
    ),
    "optimizer": ParamSpec(
        "choice", "adam", "How each gradient becomes a step.", choices=tuple(OPTIMIZERS),
    ),
    "learning_rate": ParamSpec(
        "float", 0.01, "Step size. Too large and the loss explodes; too small and nothing moves.",
        min=0, max=1000, min_open=True, step=0.001, log=True,
    ),
    "batch_size": ParamSpec(
        "int", None, "Samples per gradient step; None (full batch) uses all of them.",
        min=1, max=1_000_000, allow_none=True, step=1,
    ),
    "max_epochs": ParamSpec(
        "int", 200, "Passes over the data that fit() runs (0 only initialises).", min=0, max=1_000_000, step=10,
    ),
    "l2": ParamSpec(
        "float", 0.0, "Weight penalty: the loss adds l2 x (sum of squared weights); biases are free.",
        min=0, max=10, step=0.0001, log=True,
    ),
    "dropout": ParamSpec(
        "float", 0.0, "Probability of silencing each hidden unit at each training step (not at prediction).",
        min=0, max=0.95, step=0.05,
    ),
    "noise": ParamSpec(
        "float", 0.0, "Std of Gaussian noise added to the input while training; the target stays clean.",
        min=0, max=10, step=0.05,
    ),
    "tied_weights": ParamSpec("bool", False, "The decoder uses the encoder's weights, transposed."),
    "random_state": ParamSpec(
        "seed", None, "Seed of every random choice: same seed and settings, same run.",
        min=0, max=MAX_SEED, allow_none=True, step=1,
    ),
}


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _in_bounds(spec: ParamSpec, value) -> bool:
    low_ok = value > spec.min if spec.min_open else value >= spec.min
    high_ok = value < spec.max if spec.max_open else value <= spec.max
    return bool(low_ok and high_ok)


def check_param(name: str, value) -> None:
    """Raise ``ValueError`` naming ``name`` if ``value`` is not allowed by ``PARAMS[name]``."""
    spec = PARAMS[name]
    if value is None and spec.allow_none:
        return
    if spec.kind == "choice":
        if not isinstance(value, str) or value not in spec.choices:
            raise ValueError(f"{name} must be one of {', '.join(spec.choices)}; got {value!r}")
    elif spec.kind == "bool":
        if not isinstance(value, (bool,)) and value not in (0, 1):
            raise ValueError(f"{name} must be True or False, got {value!r}")
    elif spec.kind == "float":
        if not _is_real(value) or value != value or not _in_bounds(spec, value):
            raise ValueError(f"{name} must be a number in {spec.interval()}, got {value!r}")
    elif spec.kind == "int":
        if not _is_int(value) or not _in_bounds(spec, value):
            extra = " or None" if spec.allow_none else ""
            raise ValueError(f"{name} must be an integer in {spec.interval()}{extra}, got {value!r}")
    elif spec.kind == "seed":
        if not _is_int(value) or not _in_bounds(spec, value):
            raise ValueError(f"{name} must be None or an integer in {spec.interval()}, got {value!r}")
    elif spec.kind == "layers":
        layers_as_tuple(value)
    else:  # pragma: no cover - the table above only uses the kinds listed
        raise AssertionError(spec.kind)


def layers_as_tuple(value) -> tuple[int, ...]:
    """``hidden_layer_sizes`` as a tuple of ints (an int n means ``(n,)``); ValueError if not allowed."""
    spec = PARAMS["hidden_layer_sizes"]
    sizes = (value,) if _is_int(value) else value
    ok = isinstance(sizes, (tuple, list)) and 1 <= len(sizes) <= MAX_HIDDEN_LAYERS
    ok = ok and all(_is_int(s) and _in_bounds(spec, s) for s in sizes)
    if not ok:
        raise ValueError(
            f"hidden_layer_sizes must be 1 to {MAX_HIDDEN_LAYERS} integers, each in {spec.interval()}, "
            f"e.g. (2,) or (32, 2); got {value!r}"
        )
    return tuple(int(s) for s in sizes)


def validate_params(params: dict[str, Any]) -> None:
    """Check every entry of ``params`` (e.g. ``estimator.get_params()``) against ``PARAMS``.

    Unknown names are ignored (they belong to someone else, e.g. a Pipeline).
    """
    for name, value in params.items():
        if name in PARAMS:
            check_param(name, value)
