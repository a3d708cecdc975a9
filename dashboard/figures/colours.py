"""Colour arithmetic the accessibility rules rest on: WCAG 2.2 contrast, and colour-vision deficiency simulated
(Machado, Oliveira and Fernandes 2009, severity 1.0), so that tests can check the palette rather than trust it."""

from __future__ import annotations

import math

# Machado et al. (2009) matrices on linear RGB, full severity.
_CVD = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
}
DEFICIENCIES = tuple(_CVD)


def _linear(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    r, g, b = _linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str = "#ffffff") -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str, dark: str = "#000000", light: str = "#ffffff") -> str:
    """The text colour (``dark`` or ``light``) that contrasts more with ``background``."""
    return dark if contrast(dark, background) >= contrast(light, background) else light


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _simulated(colour: str, deficiency: str | None) -> tuple[float, float, float]:
    rgb = _linear(colour)
    if deficiency is None:
        return rgb
    matrix = _CVD[deficiency]
    out = [max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix]
    return out[0], out[1], out[2]


def difference(first: str, second: str, deficiency: str | None = None) -> float:
    """CIE76 colour difference (Delta E) of two colours as seen with ``deficiency`` (None: typical vision)."""
    return math.dist(_lab(_simulated(first, deficiency)), _lab(_simulated(second, deficiency)))


def lightness(colour: str, deficiency: str | None = None) -> float:
    """CIE L* of a colour as seen with ``deficiency``: a sequential scale must climb in it under every vision."""
    return _lab(_simulated(colour, deficiency))[0]
