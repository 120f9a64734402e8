"""The settings of one playground run, their allowed values, and their text form in a shareable link.

Every setting has a short name (also its query parameter: ``?act=tanh&code=2&lr=0.01``), a kind, a default
and bounds. Bounds, ladders and help come from the Autoencoder's table ``core.params.PARAMS``.

`parse_query` turns any query mapping (hand-edited, truncated, hostile) into valid values plus notes that
say what was clamped or ignored; it never raises. `to_query` is its inverse for valid values:
``parse_query(to_query(v)) == (v, [])``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from core.data import DATASETS
from core.params import MAX_HIDDEN_LAYERS, MAX_LAYER_WIDTH, MAX_SEED, PARAMS, format_layers, parse_layers

SCALE_CHOICES = ("standard", "minmax", "none")
BATCH_CHOICES = (None, 8, 16, 32, 64, 128, 256, 512, 1024)  # None: full batch
RESERVED = frozenset({"embed", "embed_options", "presenter"})  # Streamlit's own, and the app's (ui.classroom)
MAX_NOTES = 8  # notes about a link shown to the learner; a hand-made link may hold thousands of keys
LR_LADDER = PARAMS["learning_rate"].ladder


@dataclass(frozen=True)
class Setting:
    """One setting: ``kind`` is "choice", "ladder" (a fixed list of numbers), "int", "float", "bool",
    "batch" (None or an int from a list) or "layers" (a tuple of widths, possibly empty)."""

    name: str
    kind: str
    default: Any
    label: str
    help: str = ""
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    advanced: bool = False  # hidden in presenter mode


def _param(short: str, name: str, kind: str, **extra) -> Setting:
    """A setting that is one of the Autoencoder's parameters: its default, label and help from ``PARAMS``."""
    spec = PARAMS[name]
    if kind in ("int", "float") and "low" not in extra:
        extra.update(zip(("low", "high"), spec.slider_range, strict=True), step=spec.step)
    if kind == "ladder":
        extra["choices"] = spec.ladder
    if kind == "choice":
        extra["choices"] = spec.choices
    return Setting(short, kind, spec.default, spec.label, spec.help, **extra)


_CODE = PARAMS["hidden_layer_sizes"].slider_range
SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("data", "choice", "digits", "Dataset", "A built-in dataset (or upload your own CSV below).",
            choices=tuple(DATASETS)),
    Setting("scale", "choice", "standard", "Preprocessing",
            "standard: every feature to mean 0, std 1. minmax: every feature to [0, 1]. none: raw units.",
            choices=SCALE_CHOICES),
    Setting("hidden", "layers", (), "Hidden layers before the code",
            "Encoder widths before the code, e.g. 32, 16 (empty: D → code → D). The decoder mirrors them.",
            low=1, high=MAX_LAYER_WIDTH, advanced=True),
    Setting("code", "int", 2, "Code size k", "Units in the bottleneck: the numbers z each sample is squeezed into.",
            low=_CODE[0], high=_CODE[1], step=1),
    _param("act", "activation", "choice"),
    _param("out", "output_activation", "choice", advanced=True),
    _param("tied", "tied_weights", "bool", advanced=True),
    _param("opt", "optimizer", "choice", advanced=True),
    _param("lr", "learning_rate", "ladder"),
    _param("batch", "batch_size", "batch", choices=BATCH_CHOICES, advanced=True),
    _param("epochs", "max_epochs", "int"),
    _param("l2", "l2", "ladder", advanced=True),
    _param("dropout", "dropout", "float", advanced=True),
    _param("noise", "noise", "float", advanced=True),
    _param("seed", "random_state", "int", low=0, high=MAX_SEED, step=1),
)}
# Where the playground's defaults differ from the estimator's: a longer run, and a seed so a link reproduces it.
SETTINGS["epochs"] = replace(SETTINGS["epochs"], default=1000,
                             help="Passes over the data before training stops (Train continues).")
SETTINGS["seed"] = replace(SETTINGS["seed"], default=0)

DEFAULTS: dict[str, Any] = {name: s.default for name, s in SETTINGS.items()}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_query(query: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Valid settings from a query mapping (values ``str`` or lists of ``str``), and notes for the learner.

    Returns ``(values, notes)``: ``values`` holds only the settings present and usable (clamped into range
    or snapped onto the allowed list when needed); absent or unusable settings are left out (the caller
    keeps its defaults). A setting given several times takes its last usable value. Each note says what was
    changed or ignored and why; at most `MAX_NOTES` of them, then one that counts the rest. Never raises.
    """
    values: dict[str, Any] = {}
    notes: list[str] = []
    for raw_key, raw in query.items():
        key = str(raw_key)
        if key in RESERVED:
            continue
        if key not in SETTINGS:
            notes.append(f"The link's setting “{_short(key)}” is unknown here and was ignored.")
            continue
        given = list(raw) if isinstance(raw, (list, tuple)) else [raw]
        parsed = [_parse_safely(SETTINGS[key], text) for text in given]
        usable = [i for i, (value, _) in enumerate(parsed) if value is not _IGNORED]
        if not usable:  # say why the last one was not
            notes.extend(note for _, note in parsed[-1:] if note)
            continue
        last = usable[-1]  # the last usable one wins; a later, unusable one is named
        values[key] = parsed[last][0]
        if parsed[last][1]:
            notes.append(parsed[last][1])
        if last < len(given) - 1:
            notes.append(f"“{key}={_short(given[-1])}” could not be used; the link's earlier "
                         f"“{key}={_short(given[last])}” was.")
    if len(notes) > MAX_NOTES:
        notes = notes[: MAX_NOTES - 1] + [f"… and {len(notes) - MAX_NOTES + 1} more settings of the link were "
                                          "changed or ignored."]
    return values, notes


def _parse_safely(s: Setting, raw: Any) -> tuple[Any, str | None]:
    try:
        return _parse_one(s, str(raw).strip())
    except Exception:  # defensive: a link must never crash the page
        return _IGNORED, f"“{s.name}={_short(raw)}” could not be read and was ignored."


_IGNORED = object()


def _parse_one(s: Setting, text: str) -> tuple[Any, str | None]:
    shown = f"“{s.name}={_short(text)}”"
    if s.kind == "choice":
        if text in s.choices:
            return text, None
        return _IGNORED, f"{shown} is not one of {', '.join(s.choices)}; kept {s.default}."
    if s.kind == "bool":
        if text.lower() in _TRUE:
            return True, None
        if text.lower() in _FALSE:
            return False, None
        return _IGNORED, f"{shown} is not true/false; ignored."
    if s.kind == "layers":
        if text.lower() in ("", "none", "-"):
            return (), None
        try:
            return parse_layers(text, max_layers=MAX_HIDDEN_LAYERS - 1), None
        except ValueError as exc:
            return _IGNORED, f"{shown} ignored: {exc}"
    if s.kind == "batch":
        if text.lower() in ("full", "none", ""):
            return None, None
        number = _number(text)
        if number is None or not math.isfinite(number):
            return _IGNORED, f"{shown} is not a batch size; kept full batch."
        sizes = [c for c in s.choices if c is not None]
        nearest = min(sizes, key=lambda c: abs(math.log(c) - math.log(max(number, 1.0))))
        if nearest != number:
            return nearest, f"{shown} is not offered; using the nearest batch size, {nearest}."
        return nearest, None
    number = _number(text)
    if number is None or not math.isfinite(number):
        return _IGNORED, f"{shown} is not a number; kept {s.default}."
    if s.kind == "ladder":
        return _snap(s, number, shown)
    if s.kind == "int":
        value = int(round(min(max(number, s.low), s.high)))
        if value != number:
            return value, f"{shown} is outside {int(s.low)}–{int(s.high)} or not whole; using {value}."
        return value, None
    value = float(min(max(number, s.low), s.high))  # float
    if value != number:
        return value, f"{shown} is outside {s.low:g}–{s.high:g}; using {value:g}."
    return value, None


def _snap(s: Setting, number: float, shown: str) -> tuple[Any, str | None]:
    """Nearest ladder value on a log scale (0 is its own rung)."""
    for rung in s.choices:
        if math.isclose(rung, number, rel_tol=1e-9, abs_tol=0.0):
            return rung, None
    positive = [c for c in s.choices if c > 0]
    if number <= 0:
        value = 0.0 if 0.0 in s.choices else positive[0]
    else:
        value = min(positive, key=lambda c: abs(math.log(c) - math.log(number)))
        if 0.0 in s.choices and number < positive[0] / 10:
            value = 0.0
    return value, f"{shown} is not on the scale; using {value:g}."


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _short(text: Any, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_query(values: Mapping[str, Any]) -> dict[str, str]:
    """The text form of every setting in ``values`` (``parse_query`` reads it back unchanged)."""
    out: dict[str, str] = {}
    for name, value in values.items():
        s = SETTINGS[name]
        if s.kind == "bool":
            out[name] = "1" if value else "0"
        elif s.kind == "layers":
            out[name] = format_layers(value).replace(" ", "") if value else "none"
        elif s.kind == "batch":
            out[name] = "full" if value is None else str(int(value))
        elif s.kind == "int":
            out[name] = str(int(value))
        elif s.kind in ("ladder", "float"):
            out[name] = repr(float(value))
        else:
            out[name] = str(value)
    return out


def code_limit(n_samples: int, n_features: int) -> int:
    """The largest code size that makes sense: min(N, D, the slider's top) (PCA has at most min(N, D) components)."""
    return int(max(1, min(n_samples, n_features, SETTINGS["code"].high)))


def fit_to_data(values: Mapping[str, Any], n_features: int, n_samples: int | None = None
                ) -> tuple[dict[str, Any], list[str]]:
    """Clamp the code size to `code_limit` (a code wider than the data teaches nothing, and PCA has no more
    than min(N, D) components to compare with)."""
    values = dict(values)
    notes = []
    limit = code_limit(n_features if n_samples is None else n_samples, n_features)
    if values.get("code", 1) > limit:
        what = (f"{n_features} feature" if limit == n_features else f"{n_samples} sample") + ("" if limit == 1 else "s")
        notes.append(f"The data has only {what}, so the code size is {limit} instead of {values['code']}.")
        values["code"] = limit
    return values, notes


def model_params(values: Mapping[str, Any]) -> dict[str, Any]:
    """The ``core.Autoencoder`` keyword arguments these settings describe."""
    return {
        "hidden_layer_sizes": tuple(values["hidden"]) + (int(values["code"]),),
        "activation": values["act"],
        "output_activation": values["out"],
        "optimizer": values["opt"],
        "learning_rate": float(values["lr"]),
        "batch_size": values["batch"],
        "l2": float(values["l2"]),
        "dropout": float(values["dropout"]),
        "noise": float(values["noise"]),
        "tied_weights": bool(values["tied"]),
        "random_state": int(values["seed"]),
    }


def data_options(values: Mapping[str, Any]) -> dict[str, Any]:
    """``core.load_dataset`` keyword arguments for the chosen built-in data."""
    return {"scale": None if values["scale"] == "none" else values["scale"]}
