"""The pack's brand on paper: colours and fonts from its template's theme, readable on white."""

from __future__ import annotations

import re
from dataclasses import dataclass

from temapakker.colour import contrast, tint
from temapakker.template import Template

MIN_CONTRAST = 4.5  # WCAG AA for body text
WHITE = "FFFFFF"
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Brand:
    """Colours as 'RRGGBB' and font names for the printed documents and the download page."""

    heading: str = "0F3B5F"  # headings, header-row text: the theme's tx2 (dk2)
    accent: str = "1A6496"  # rules and borders: the theme's accent1
    shade: str = "E3ECF3"  # the header row's fill: accent1, lightened
    text: str = "1E2A36"  # body text: tx1 (dk1)
    muted: str = "44505C"  # kickers, footers, notes
    link: str = "1565A8"  # hyperlinks: hlink
    heading_font: str = "Calibri"  # the theme's major font
    body_font: str = "Calibri"  # the theme's minor font
    adjusted: tuple[str, ...] = ()  # theme colours darkened to reach MIN_CONTRAST, and why

    def css(self) -> str:
        """The brand as CSS custom properties, for a style attribute or a :root rule."""
        return (f"--heading: #{self.heading}; --accent: #{self.accent}; "
                f"--shade: #{self.shade}; --text: #{self.text}; --muted: #{self.muted}; "
                f"--link: #{self.link}; --heading-font: {_family(self.heading_font)}; "
                f"--body-font: {_family(self.body_font)}")

    def to_json(self) -> dict[str, str]:
        """What the download page needs, kept in manifest.json."""
        return {"heading": self.heading, "accent": self.accent, "shade": self.shade,
                "link": self.link, "heading_font": self.heading_font}


def _family(name: str) -> str:
    # Carlito has Calibri's metrics, so a Calibri theme prints alike where Calibri is absent.
    return f'"{name}", Carlito, Calibri, "Liberation Sans", Arial, sans-serif'


def _font_name(name: str) -> str:
    """A typeface name as the theme gives it, kept to what is safe inside CSS and XML."""
    return "".join(c for c in name if c.isalnum() or c in " -_.'").strip()[:64]


def _hex(colour: str, default: str) -> str:
    return colour.upper() if _HEX.match(colour) else default


def darken(hex_rgb: str, against: str, target: float = MIN_CONTRAST) -> str:
    """The colour, darkened in steps towards black until it reaches target against a
    background; unchanged when it already does."""
    channels = [int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4)]
    colour = hex_rgb.upper()
    factor = 1.0
    while contrast(colour, against) < target and factor > 0:
        factor = round(factor - 0.05, 2)
        colour = "".join(f"{round(c * factor):02X}" for c in channels)
    return colour


def plan_brand(template: Template) -> Brand:
    """The template's theme as a print brand: dark colours for text on white paper, the
    first accent for rules and a light tint of it behind header rows."""
    adjusted: list[str] = []

    def readable(role: str, colour: str, background: str) -> str:
        result = darken(colour, background)
        if result != colour.upper():
            adjusted.append(f"{role} #{colour.upper()} → #{result} "
                            f"(contrast {contrast(colour, WHITE):.1f}:1 on white)")
        return result

    defaults = Brand()
    # A dark template maps tx2 to a light colour; paper is white, so take the dark one then.
    def colour(name: str, default: str) -> str:
        return _hex(template.color(name, default), default)

    heading = colour("tx2", defaults.heading)
    if contrast(heading, WHITE) < 3:
        heading = colour("dk2", defaults.heading)
    accent = colour("accent1", defaults.accent)
    shade = tint(accent, 0.15)
    text = colour("tx1", defaults.text)
    if contrast(text, WHITE) < 3:
        text = colour("dk1", defaults.text)
    major, minor = template.fonts
    # The shade is darker than the paper: what reads on the shade reads on white too.
    text = readable("text colour", text, shade)
    return Brand(
        heading=readable("heading colour", heading, shade),
        accent=accent,
        shade=shade,
        text=text,
        muted=darken(tint(text, 0.75), shade),
        link=readable("link colour", colour("hlink", defaults.link), WHITE),
        heading_font=_font_name(major) or defaults.heading_font,
        body_font=_font_name(minor) or defaults.body_font,
        adjusted=tuple(adjusted),
    )
