"""Colour arithmetic for themes: tints, WCAG 2 luminance and contrast ratios.

Pure functions on six-digit hex strings, shared by the theme check and the writers.
"""

from __future__ import annotations

MIN_CONTRAST = 4.5  # WCAG 2 AA for normal-size text


def _rgb(hex6: str) -> tuple[int, int, int]:
    hex6 = hex6.lstrip("#")
    return int(hex6[0:2], 16), int(hex6[2:4], 16), int(hex6[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{max(0, min(255, round(v))):02X}" for v in rgb)


def mix(colour: str, other: str, amount: float) -> str:
    """``amount`` of ``colour`` over ``other`` (0.1 of teal on white is a pale tint)."""
    a, b = _rgb(colour), _rgb(other)
    r, g, bl = (x * amount + y * (1 - amount) for x, y in zip(a, b))
    return _hex((r, g, bl))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def darken_until(colour: str, against: str, ratio: float = MIN_CONTRAST + 0.1) -> str:
    """``colour`` moved towards black (or white, against a dark colour) just far enough to
    reach ``ratio`` against ``against``."""
    target = "000000" if luminance(against) > 0.18 else "FFFFFF"
    for step in range(0, 101, 2):
        candidate = mix(target, colour, step / 100)
        if contrast(candidate, against) >= ratio:
            return candidate
    return target
