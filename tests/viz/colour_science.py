"""What the palette tests measure with: sRGB to CIELAB, CIEDE2000, the Machado et al. (2009) simulation of
colour-vision deficiency, and the WCAG 2.1 contrast ratio. Textbook formulas, checked against published data in
test_palette.py."""

import itertools

import numpy as np

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision deficiency",
# severity 1.0 (dichromacy). Applied to linear RGB.
MACHADO = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
# sRGB (D65) linear RGB -> XYZ
_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                 [0.2126729, 0.7151522, 0.0721750],
                 [0.0193339, 0.1191920, 0.9503041]])
_WHITE = _XYZ @ np.ones(3)


def rgb(hex_colour: str) -> np.ndarray:
    """'#RRGGBB' -> sRGB in [0, 1], shape (3,)."""
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)]) / 255.0


def linear(srgb: np.ndarray) -> np.ndarray:
    """sRGB -> linear RGB (the IEC 61966-2-1 transfer curve)."""
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(linear_rgb: np.ndarray) -> np.ndarray:
    """Linear RGB (clipped to the gamut) -> CIELAB (D65)."""
    t = (_XYZ @ np.clip(linear_rgb, 0.0, 1.0)) / _WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(hex_colour: str, deficiency: str | None = None) -> np.ndarray:
    """The colour in CIELAB as a viewer with ``deficiency`` (a MACHADO key, or None for normal vision) sees it."""
    c = linear(rgb(hex_colour))
    return lab(c if deficiency is None else MACHADO[deficiency] @ c)


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    dL, dC = L2 - L1, c2 - c1
    dH = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    L_bar, c_bar = (L1 + L2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_bar = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_bar = (h1 + h2) / 2
    else:
        h_bar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_bar - 30)) + 0.24 * np.cos(np.radians(2 * h_bar))
         + 0.32 * np.cos(np.radians(3 * h_bar + 6)) - 0.20 * np.cos(np.radians(4 * h_bar - 63)))
    r_c = 2 * np.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7))
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2)))) * r_c
    s_l = 1 + 0.015 * (L_bar - 50) ** 2 / np.sqrt(20 + (L_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_bar, 1 + 0.015 * c_bar * t
    return float(np.sqrt((dL / s_l) ** 2 + (dC / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dC / s_c) * (dH / s_h)))


def closest_pair(palette, deficiency: str | None = None) -> tuple[float, tuple[str, str]]:
    """The smallest CIEDE2000 difference between two colours of ``palette`` as the viewer sees them, and the pair."""
    return min((ciede2000(seen(a, deficiency), seen(b, deficiency)), (a, b))
               for a, b in itertools.combinations(palette, 2))


def luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance."""
    return float(np.array([0.2126, 0.7152, 0.0722]) @ linear(rgb(hex_colour)))


def contrast(fg: str, bg: str) -> float:
    """WCAG 2.1 contrast ratio (L_light + 0.05) / (L_dark + 0.05), from 1 to 21."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
