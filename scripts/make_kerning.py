"""Write the kerning pairs of the bundled Carlito fonts to src/temapakker/fonts/kerning.json,
and the advance of each character to src/temapakker/fonts/advances.json.

The overflow check (check/overflow.py) measures words with Pillow's basic layout, which is
the same on every machine but leaves out the kerning that PowerPoint and LibreOffice apply
(OpenType GPOS). This script asks a shaping layout (Pillow built with libraqm) for every pair
of the characters Norwegian and English text use, and keeps the pairs that kern, in font units
(2048 to the em), grouped by value::

    {"Regular": {"-37": "AVTy…", …}, "Bold": …, "Italic": …, "BoldItalic": …}

Ligatures are left out, as PowerPoint does not set them. The advances are those of Pillow's
basic layout, grouped the same way; the overflow check adds them up instead of loading the
fonts, and asks the font only for a character the table does not hold. Run it from the
repository root when the fonts change::

    python scripts/make_kerning.py
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import ImageFont, features

FONTS = Path(__file__).resolve().parent.parent / "src" / "temapakker" / "fonts"
UNITS = 2048
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
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


def write_advances() -> None:
    table = {style: advances(FONTS / f"Carlito-{style}.ttf") for style in STYLES}
    target = FONTS / "advances.json"
    target.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"{target}: {sum(len(v) for style in table.values() for v in style.values())} "
          "characters")


def main() -> None:
    if not features.check("raqm"):
        raise SystemExit("needs Pillow with libraqm (and libfribidi) for shaping")
    write_advances()
    table = {style: pairs(FONTS / f"Carlito-{style}.ttf") for style in STYLES}
    target = FONTS / "kerning.json"
    target.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    count = sum(len(v) // 2 for style in table.values() for v in style.values())
    print(f"{target}: {count} pairs")


if __name__ == "__main__":
    main()
