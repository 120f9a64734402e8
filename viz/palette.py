"""The colours every figure reads: class colours a colour-blind learner can tell apart, a marker symbol per class
as a second cue, and chart text dark enough to read (WCAG AA: at least 4.5:1 against the chart's background).

tests/viz/test_palette.py checks each palette under simulated deuteranopia, protanopia and tritanopia and every
text colour's contrast.
"""

# Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct for the common colour-vision
# deficiencies. Ordered so that the first few (two or three classes) are the most distinct.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# Paul Tol's "muted" scheme (nine colours) for nine or ten classes (the digits). Its tenth, a pale grey, is meant
# for missing data and vanishes on white, so black completes the ten (it stays distinct from the nine).
TOL_MUTED = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
             "#000000"]
# One shape per class, told apart at marker size 8, filled (WebGL draws the same shapes as SVG).
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star", "hourglass",
           "bowtie"]
CLASS_MARKER_SIZE = 8  # the smallest size at which the symbols above are told apart on a laptop screen

# Chart text. TEXT is the theme's text colour (.streamlit/config.toml); TEXT_SOFT, for ticks and axis titles, is
# lighter but still 7:1 on white (Streamlit's own chart grey, #808495, is 3.7:1).
BACKGROUND = "#FFFFFF"
TEXT = "#1A1A1A"
TEXT_SOFT = "#555867"
# A coloured label written on the chart: the same hue as its line, dark enough for text (the line colours of
# viz.style.COLORS are for lines: vermillion is 3.9:1 on white, the purple 3.1:1).
TEXT_REFERENCE = "#A63F00"
TEXT_CODE = "#A2457A"


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` ('#RRGGBB'): for words inside a bar."""
    linear = [(v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4)
              for v in (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    # WCAG contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05): equal at L = 0.179
    return "#000000" if luminance > 0.179 else "#FFFFFF"


def class_colors(n: int) -> list[str]:
    """``n`` class colours: Okabe-Ito for up to 8 classes, Tol's muted ten beyond (cycling past ten)."""
    palette = OKABE_ITO if n <= len(OKABE_ITO) else TOL_MUTED
    return [palette[i % len(palette)] for i in range(n)]


def class_symbols(n: int) -> list[str]:
    """``n`` marker symbols: a shape of its own for each of up to 10 classes. Past ten, the shape changes every
    ten classes, so that a class's (colour, shape) pair stays its own up to 100 classes."""
    if n <= len(SYMBOLS):
        return SYMBOLS[:n]
    return [SYMBOLS[(i // len(TOL_MUTED)) % len(SYMBOLS)] for i in range(n)]
