"""The Autoencoder's parameters in one table: kind, bounds, default, help, and how the app may offer them.

The Autoencoder validates every parameter with `validate_params`, which reads ``PARAMS``; the app's sliders read
their range, step, ladder and help from the same table, and its live trainer applies mid-run exactly the
parameters marked ``live``. Errors name the parameter: ``learning_rate must be a number in (0, 1000], got -1``.

The defaults here equal the defaults in ``Autoencoder.__init__`` (a test checks it).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from core.activations import ACTIVATIONS
from core.optimizers import OPTIMIZERS

MAX_HIDDEN_LAYERS = 6  # encoder layers; the decoder mirrors them
MAX_LAYER_WIDTH = 512  # units in one layer: an epoch of the widest network stays short on a shared server
MAX_SEED = 2**32 - 1


def decades(low: float, high: float) -> tuple[float, ...]:
    """The 1-2-5 ladder from ``low`` to ``high`` (powers of ten times 1, 2, 5): 0.001, 0.002, 0.005, 0.01, ..."""
    values, exponent = [], -12
    while True:
        for m in (1, 2, 5):
            v = float(f"{m}e{exponent}")
            if v > high * (1 + 1e-9):
                return tuple(values)
            if v >= low * (1 - 1e-9):
                values.append(v)
        exponent += 1


@dataclass(frozen=True)
class ParamSpec:
    """One parameter.

    kind: "float", "int", "bool", "choice", "layers" (a tuple of ints) or "seed" (None or an int).
    label, help: how the app names and explains it.
    min/max: bounds (for "layers": bounds of each width); ``min_open`` / ``max_open`` make a bound exclusive.
    allow_none: None is also accepted (batch_size: full batch; random_state: a fresh seed).
    choices: the allowed names for "choice".
    step: a sensible slider step. ladder: the values a slider offers when the parameter spans decades.
    slider: (low, high) a slider offers when narrower than the bounds (None: the bounds).
    live: may change while a model trains; it takes effect at the next batch (batch_size: the next epoch).
    """

    kind: str
    default: Any
    label: str
    help: str
    min: float | None = None
    max: float | None = None
    min_open: bool = False
    max_open: bool = False
    allow_none: bool = False
    choices: tuple[str, ...] = ()
    step: float | None = None
    ladder: tuple[float, ...] = ()
    slider: tuple[float, float] | None = None
    live: bool = False

    def interval(self) -> str:
        """The bounds as text, e.g. ``(0, 10]``."""
        low, high = (f"{v}" if isinstance(v, int) else f"{v:g}" for v in (self.min, self.max))
        return f"{'(' if self.min_open else '['}{low}, {high}{')' if self.max_open else ']'}"

    @property
    def slider_range(self) -> tuple[float, float]:
        return self.slider if self.slider is not None else (self.min, self.max)


PARAMS: dict[str, ParamSpec] = {
    "hidden_layer_sizes": ParamSpec(
        "layers", (2,), "Encoder layer sizes",
        "Encoder widths; the last is the code. (2,) is D-2-D, (32, 2) is D-32-2-32-D.",
        min=1, max=MAX_LAYER_WIDTH, step=1, slider=(1, 32),  # a code-size slider offers 1 to 32
    ),
    "activation": ParamSpec(
        "choice", "identity", "Activation f", "f in z = f(Wx): applied on every hidden layer, the code included.",
        choices=tuple(ACTIVATIONS),
    ),
    "output_activation": ParamSpec(
        "choice", "identity", "Output activation g", "g in y = g(Vz): applied on the output layer.",
        choices=tuple(ACTIVATIONS),
    ),
    "optimizer": ParamSpec(
        "choice", "adam", "Optimizer", "How each gradient becomes a step.", choices=tuple(OPTIMIZERS),
    ),
    "learning_rate": ParamSpec(
        "float", 0.01, "Learning rate η", "Step size. Too large and the loss explodes; too small and nothing moves.",
        min=0, max=1000, min_open=True, step=0.001, ladder=decades(1e-4, 10.0), live=True,
    ),
    "batch_size": ParamSpec(
        "int", None, "Batch size", "Samples per gradient step; None (full batch) uses all of them.",
        min=1, max=1_000_000, allow_none=True, step=1, live=True,
    ),
    "max_epochs": ParamSpec(
        "int", 200, "Epochs",
        "Passes over the data that fit() runs (0 only initialises).", min=0, max=1_000_000, step=50,
        slider=(50, 20_000),
    ),
    "l2": ParamSpec(
        "float", 0.0, "L2 penalty λ", "Weight penalty: the loss adds l2 x (sum of squared weights); biases are free.",
        min=0, max=10, step=0.0001, ladder=(0.0, *decades(1e-6, 1.0)), live=True,
    ),
    "dropout": ParamSpec(
        "float", 0.0, "Dropout p",
        "Probability of silencing each hidden unit at each training step (not at prediction).",
        min=0, max=0.95, step=0.05, live=True,
    ),
    "noise": ParamSpec(
        "float", 0.0, "Input noise σ",
        "Std of Gaussian noise added to the input while training; the target stays clean.",
        min=0, max=10, step=0.05, slider=(0.0, 2.0), live=True,
    ),
    "tied_weights": ParamSpec("bool", False, "Tied weights", "The decoder uses the encoder's weights, transposed."),
    "random_state": ParamSpec(
        "seed", None, "Seed", "Seed of every random choice: same seed and settings, same run.",
        min=0, max=MAX_SEED, allow_none=True, step=1,
    ),
}

LIVE_PARAMS = tuple(name for name, spec in PARAMS.items() if spec.live)


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


def parse_layers(text: str, *, max_layers: int = MAX_HIDDEN_LAYERS) -> tuple[int, ...]:
    """Read layer sizes typed as text, "32, 16, 2" -> (32, 16, 2), each from 1 to ``MAX_LAYER_WIDTH``.

    Spaces are ignored and a single trailing comma is forgiven. Raises ``ValueError`` with a message a learner
    can act on, naming the offending entry: empty text or entry, a non-integer, a size out of bounds, or more
    than ``max_layers`` layers.
    """
    example = 'for example "32, 16, 2"'
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"Type the encoder's layer sizes separated by commas, {example}.")
    parts = [p.strip() for p in text.strip().split(",")]
    if len(parts) > 1 and parts[-1] == "":
        parts = parts[:-1]
    sizes = []
    for position, part in enumerate(parts, start=1):
        if part == "":
            raise ValueError(f"Layer {position} is empty: two commas in a row or a leading comma. "
                             f"Write one whole number between commas, {example}.")
        try:
            size = int(part)
        except ValueError:
            raise ValueError(f'"{part}" (layer {position}) is not a whole number. '
                             f"Write layer sizes as whole numbers separated by commas, {example}.") from None
        if size < 1:
            raise ValueError(f"Layer {position} has {size} units; every layer needs at least 1 unit.")
        if size > MAX_LAYER_WIDTH:
            raise ValueError(f"Layer {position} has {size} units; at most {MAX_LAYER_WIDTH} are allowed here "
                             "to keep training fast.")
        sizes.append(size)
    if len(sizes) > max_layers:
        raise ValueError(f"{len(sizes)} layers given; at most {max_layers} encoder layers are allowed here (the "
                         f"decoder mirrors them, so the network would have {2 * len(sizes)} hidden layers).")
    return tuple(sizes)


def format_layers(sizes) -> str:
    """The inverse of `parse_layers`: (32, 16, 2) -> "32, 16, 2"."""
    return ", ".join(str(int(s)) for s in sizes)
