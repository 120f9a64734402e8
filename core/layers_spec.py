"""Parse and build the encoder's layer sizes, e.g. the text "32, 16, 2" -> (32, 16, 2).

The last size is the code; the decoder mirrors the encoder (see `Autoencoder.hidden_layer_sizes`).
Every error is a `ValueError` whose message a learner can act on.
"""

MAX_LAYERS = 6
MAX_WIDTH = 512


def parse_layers(text: str, *, max_layers: int = MAX_LAYERS, max_width: int = MAX_WIDTH) -> tuple[int, ...]:
    """Read comma-separated positive integers into a tuple of layer sizes.

    Spaces are ignored, and a single trailing comma is forgiven ("32, 16, 2," is fine).

    Raises
    ------
    ValueError
        Empty text, an empty entry ("32,,2"), a non-integer ("x", "2.5"), a size below 1 or above
        `max_width`, or more than `max_layers` layers. The message names the offending entry.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError('Type the encoder\'s layer sizes separated by commas, for example "32, 16, 2".')
    parts = [p.strip() for p in text.strip().split(",")]
    if len(parts) > 1 and parts[-1] == "":
        parts = parts[:-1]
    sizes = []
    for position, part in enumerate(parts, start=1):
        if part == "":
            raise ValueError(
                f"Layer {position} is empty: two commas in a row or a leading comma. "
                'Write one whole number between commas, for example "32, 16, 2".'
            )
        try:
            size = int(part)
        except ValueError:
            raise ValueError(
                f'"{part}" (layer {position}) is not a whole number. '
                'Write layer sizes as whole numbers separated by commas, for example "32, 16, 2".'
            ) from None
        if size < 1:
            raise ValueError(f"Layer {position} has {size} units; every layer needs at least 1 unit.")
        if size > max_width:
            raise ValueError(
                f"Layer {position} has {size} units; at most {max_width} are allowed here to keep training fast."
            )
        sizes.append(size)
    if len(sizes) > max_layers:
        raise ValueError(
            f"{len(sizes)} layers given; at most {max_layers} encoder layers are allowed here "
            "(the decoder mirrors them, so the network would have "
            f"{2 * len(sizes)} hidden layers)."
        )
    return tuple(sizes)


def format_layers(sizes: tuple[int, ...] | list[int]) -> str:
    """The inverse of `parse_layers`: (32, 16, 2) -> "32, 16, 2"."""
    return ", ".join(str(int(s)) for s in sizes)


def halving_layers(depth: int, width: int, code: int) -> tuple[int, ...]:
    """Encoder sizes for `depth` hidden layers before the code: width, width/2, ..., then the code.

    Each hidden layer halves the one before it but never drops below the code size:
    `halving_layers(2, 32, 2) == (32, 16, 2)`, `halving_layers(0, 32, 2) == (2,)`.
    """
    if depth < 0 or width < 1 or code < 1:
        raise ValueError("depth must be >= 0, width and code >= 1.")
    hidden = [max(code, width // (2**i)) for i in range(depth)]
    return tuple(hidden) + (code,)


def mirrored_network(n_features: int, sizes: tuple[int, ...]) -> list[int]:
    """All layer sizes of the autoencoder, input to output: D, h1, ..., code, ..., h1, D."""
    sizes = list(sizes)
    return [n_features] + sizes + sizes[-2::-1] + [n_features]


def parameter_count(layer_sizes: list[int]) -> int:
    """Weights plus biases of a dense network with these layer sizes: sum_l (n_{l-1} + 1) n_l."""
    return sum((a + 1) * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:], strict=False))
