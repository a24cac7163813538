"""WCAG colour arithmetic, shared by the accessibility checks and the slide sketches."""

from __future__ import annotations


def luminance(hex_rgb: str) -> float:
    """WCAG relative luminance of a colour given as 'RRGGBB'."""
    channels = [int(hex_rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def tint(hex_rgb: str, amount: float) -> str:
    """A colour lightened towards white as DrawingML's a:tint does: amount 0.2 keeps 20 %."""
    channels = [int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * amount):02X}" for c in channels)
