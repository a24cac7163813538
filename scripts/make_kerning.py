"""Write the kerning pairs and character advances of each font family the overflow check
measures with to src/temapakker/fonts/: Carlito's (the bundled TTFs, Calibri's metrics) to
kerning.json and advances.json; Liberation Sans's (Arial's metrics) and Liberation Serif's
(Times New Roman's) from fonts-liberation2's TTFs, which are not shipped (only these tables
are), to kerning-LiberationSans.json, advances-LiberationSans.json and the same for Serif.

The overflow check (check/overflow.py) measures words with Pillow's basic layout, which is
the same on every machine but leaves out the kerning that PowerPoint and LibreOffice apply
(OpenType GPOS). This script asks a shaping layout (Pillow built with libraqm) for every pair
of the characters Norwegian and English text use, and keeps the pairs that kern, in font units
(2048 to the em), grouped by value::

    {"Regular": {"-37": "AVTy…", …}, "Bold": …, "Italic": …, "BoldItalic": …}

Ligatures are left out, as PowerPoint does not set them. The advances are those of Pillow's
basic layout, grouped the same way; the overflow check adds them up instead of loading the
fonts, and asks the font only for a character the table does not hold. Run it from the
repository root when the fonts change (name families to write only those)::

    python scripts/make_kerning.py [Carlito] [LiberationSans] [LiberationSerif]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PIL import ImageFont, features

FONTS = Path(__file__).resolve().parent.parent / "src" / "temapakker" / "fonts"
UNITS = 2048
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
# Each family: the folder its TTFs (<family>-<style>.ttf) are in, and the suffix of its
# tables' names (check/overflow.py METRICS names the same files).
FAMILIES = {"Carlito": (FONTS, ""), "LiberationSans": (LIBERATION, "-LiberationSans"),
            "LiberationSerif": (LIBERATION, "-LiberationSerif")}
CHARS = "".join([chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180)]
                + list("‐–—‘’‚“”„…•€«»‹›"))


def pairs(path: Path) -> dict[str, str]:
    font = ImageFont.truetype(str(path), UNITS, layout_engine=ImageFont.Layout.RAQM)
    width = {c: font.getlength(c, features=["-liga"]) for c in CHARS}
    by_value: dict[int, list[str]] = {}
    for a in CHARS:
        for b in CHARS:
            kern = round(font.getlength(a + b, features=["-liga"]) - width[a] - width[b])
            if kern:
                by_value.setdefault(kern, []).append(a + b)
    return {str(k): "".join(v) for k, v in sorted(by_value.items())}


def advances(path: Path) -> dict[str, str]:
    """Each character's advance in font units, as the basic layout measures it."""
    font = ImageFont.truetype(str(path), UNITS, layout_engine=ImageFont.Layout.BASIC)
    by_value: dict[int, list[str]] = {}
    for c in CHARS:
        width = font.getlength(c)
        assert width == int(width), (path.name, c, width)  # at UNITS, whole font units
        by_value.setdefault(int(width), []).append(c)
    return {str(k): "".join(v) for k, v in sorted(by_value.items())}


def write(name: str, table: dict[str, dict[str, str]]) -> Path:
    target = FONTS / name
    target.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    return target


def write_family(family: str) -> None:
    folder, suffix = FAMILIES[family]
    paths = {style: folder / f"{family}-{style}.ttf" for style in STYLES}
    table = {style: advances(path) for style, path in paths.items()}
    target = write(f"advances{suffix}.json", table)
    print(f"{target}: {sum(len(v) for style in table.values() for v in style.values())} "
          "characters")
    table = {style: pairs(path) for style, path in paths.items()}
    target = write(f"kerning{suffix}.json", table)
    count = sum(len(v) // 2 for style in table.values() for v in style.values())
    print(f"{target}: {count} pairs")


def main() -> None:
    if not features.check("raqm"):
        raise SystemExit("needs Pillow with libraqm (and libfribidi) for shaping")
    for family in sys.argv[1:] or FAMILIES:
        if family not in FAMILIES:
            raise SystemExit(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
        write_family(family)


if __name__ == "__main__":
    main()
