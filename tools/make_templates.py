"""Generate the two slide templates shipped with temapakker.

Run from the repository root::

    python tools/make_templates.py

Writes

* ``src/temapakker/data/default.pptx`` -- the neutral default theme of the package;
* ``templates/fremtidens-kulturskole.pptx`` -- the warmer theme used by the bundled packs.

Both start from python-pptx's built-in default presentation and are reshaped to 16:9
(12192000 x 6858000 EMU). Layout names are kept exactly as in the built-in template, because the
compiler looks layouts up by name. The two vertical-text layouts are removed; the remaining nine
keep their original order (index 0-8).

The output is deterministic: running the script twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER as PH
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout

ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------------
# Fixed metadata
# --------------------------------------------------------------------------------------------

AUTHOR = "temapakker"
FIXED_DATE = dt.datetime(2021, 1, 14, 0, 0, 0)
ZIP_DATE = (2021, 1, 14, 0, 0, 0)
LANG = "nb-NO"

# --------------------------------------------------------------------------------------------
# Geometry (EMU). 914400 EMU = 1 inch. Slide is 13.333 x 7.5 in.
# --------------------------------------------------------------------------------------------

EMU_PER_INCH = 914400


def inch(value: float) -> int:
    """Inches to EMU (rounded to an integer)."""
    return round(value * EMU_PER_INCH)


SLIDE_W = 12192000
SLIDE_H = 6858000
MARGIN_X = inch(0.6)  # left/right margin
CONTENT_W = SLIDE_W - 2 * MARGIN_X
GUTTER = inch(0.4)  # gap between columns

ACCENT_BAR_H = inch(0.08)  # thin brand bar along the top edge of content slides

TITLE_Y = inch(0.4)
TITLE_H = inch(1.1)  # room for two lines of 36 pt
BODY_Y = inch(1.7)
BODY_BOTTOM = inch(6.6)
BODY_H = BODY_BOTTOM - BODY_Y

FOOTER_Y = inch(6.8)
FOOTER_H = inch(0.4)
FOOTER_BOTTOM = FOOTER_Y + FOOTER_H
FTR_W = inch(7.0)
DT_X = inch(8.4)
DT_W = inch(2.9)
SLDNUM_W = inch(1.0)
SLDNUM_X = SLIDE_W - MARGIN_X - SLDNUM_W

HALF_W = (CONTENT_W - GUTTER) // 2
RIGHT_COL_X = SLIDE_W - MARGIN_X - HALF_W

# Text sizes in hundredths of a point.
TITLE_SZ = 3600
TITLE_SLIDE_SZ = 4000
SUBTITLE_SZ = 2400
# Body text is set for four to six short points on a 16:9 slide: 28 pt with a generous
# space before each first-level point. Columns (Two Content, Comparison, computed columns)
# are narrower, so they keep a step smaller. Text that does not fit at these sizes is
# shrunk by the compiler (a:normAutofit fontScale), as PowerPoint would.
BODY_SZ = (2800, 2400, 2000, 2000, 1800, 1800, 1800, 1800, 1800)
BODY_BEFORE = (2400, 1000, 600)  # space before a paragraph per level (hundredths of a point)
COLUMN_SZ = (2400, 2000, 1800, 1800, 1600, 1600, 1600, 1600, 1600)
COLUMN_BEFORE = (1800, 800, 400)
PLAIN_BEFORE = (1000, 400)  # subtitles and captions: as before the body grew
CAPTION_TITLE_SZ = 2800
CAPTION_SZ = 1800
FOOTER_SZ = 1200

Rect = tuple[int, int, int, int]  # left, top, width, height


# --------------------------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Palette:
    """The twelve colours of a DrawingML colour scheme (hex RGB, no '#')."""

    dk1: str
    lt1: str
    dk2: str
    lt2: str
    accent1: str
    accent2: str
    accent3: str
    accent4: str
    accent5: str
    accent6: str
    hlink: str
    folHlink: str  # OOXML element name

    def resolve(self, scheme_colour: str) -> str:
        """Hex value of a scheme colour as seen on a slide (master clrMap is the default)."""
        mapped = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
        return str(getattr(self, mapped.get(scheme_colour, scheme_colour)))


@dataclass(frozen=True)
class TemplateSpec:
    name: str  # theme name and core-properties title
    palette: Palette
    output: Path


TEMPLATES: tuple[TemplateSpec, ...] = (
    TemplateSpec(
        name="Temapakker standard",
        palette=Palette(
            dk1="1E2A36",  # body text: dark slate
            lt1="FFFFFF",  # background
            dk2="0F3B5F",  # brand dark: deep blue (titles, dark backgrounds)
            lt2="E3ECF3",  # light blue-grey (text on dark backgrounds)
            accent1="1A6496",  # blue (top bar, bullets)
            accent2="2BA59D",  # teal (accent on dark slides)
            accent3="E0A526",  # amber
            accent4="5C6F7E",  # slate
            accent5="3E8E5E",  # green
            accent6="8A4F9E",  # purple
            hlink="1565A8",
            folHlink="6B4C9A",
        ),
        output=ROOT / "src" / "temapakker" / "data" / "default.pptx",
    ),
    TemplateSpec(
        name="Fremtidens kulturskole",
        palette=Palette(
            dk1="2A211E",  # body text: warm near-black
            lt1="FBF8F4",  # background: warm off-white
            dk2="6B1E36",  # brand dark: wine red (titles, dark backgrounds)
            lt2="F5E8DC",  # sand (text on dark backgrounds)
            accent1="A5402A",  # terracotta (top bar, bullets)
            accent2="E3A23B",  # saffron (accent on dark slides)
            accent3="2E6B66",  # deep teal
            accent4="7A5A8C",  # muted plum
            accent5="C8742E",  # amber orange
            accent6="5F7A3A",  # olive
            hlink="9E2F45",
            folHlink="6B4A7D",
        ),
        output=ROOT / "templates" / "fremtidens-kulturskole.pptx",
    ),
)

# Which scheme colours are used for text (and bullets) on which background.
# (description, foreground, background) -- all must reach WCAG AA, 4.5:1.
CONTRAST_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("title on light background", "tx2", "bg1"),
    ("body text on light background", "tx1", "bg1"),
    ("bullet glyph on light background", "accent1", "bg1"),
    ("footer on light background", "tx2", "bg1"),
    ("hyperlink on light background", "hlink", "bg1"),
    ("title on dark background", "bg1", "tx2"),
    ("subtitle/body on dark background", "bg2", "tx2"),
    ("footer on dark background", "bg2", "tx2"),
)

MIN_CONTRAST = 4.5


def relative_luminance(hex_rgb: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour given as 'RRGGBB'."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_rgb[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG contrast ratio (1..21) between two 'RRGGBB' colours."""
    l1, l2 = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def check_contrast(spec: TemplateSpec) -> None:
    print(f"{spec.name}: WCAG contrast")
    for label, fg, bg in CONTRAST_PAIRS:
        fg_hex, bg_hex = spec.palette.resolve(fg), spec.palette.resolve(bg)
        ratio = contrast_ratio(fg_hex, bg_hex)
        print(f"  {label:34s} #{fg_hex} on #{bg_hex}: {ratio:5.2f}:1")
        assert ratio >= MIN_CONTRAST, f"{spec.name}: {label} has contrast {ratio:.2f} < 4.5"


# --------------------------------------------------------------------------------------------
# Small XML helpers
# --------------------------------------------------------------------------------------------

El: TypeAlias = etree._Element


def sub(parent: El, tag: str, **attrs: str | int) -> El:
    """Append a child element (tag like 'a:solidFill') and return it."""
    return etree.SubElement(parent, qn(tag), {k: str(v) for k, v in attrs.items()})


def make(parent: El, tag: str, **attrs: str | int) -> El:
    """Create an element in parent's document without attaching it."""
    return parent.makeelement(qn(tag), {k: str(v) for k, v in attrs.items()})


def child(parent: El, tag: str) -> El:
    found = parent.find(qn(tag))
    assert found is not None, f"missing {tag} in {parent.tag}"
    return found


def solid_fill(parent: El, scheme: str) -> El:
    fill = sub(parent, "a:solidFill")
    sub(fill, "a:schemeClr", val=scheme)
    return fill


@dataclass(frozen=True)
class Level:
    """Paragraph properties of one list level (a:lvlNpPr)."""

    sz: int | None = None
    colour: str | None = None
    bold: bool | None = None
    algn: str | None = None
    mar_l: int | None = None
    indent: int | None = None
    bullet: str | None = None  # a character, "" for buNone, None to inherit
    bullet_colour: str | None = None
    spc_before_pts: int | None = None  # hundredths of a point
    ln_spc_pct: int | None = None  # thousandths of a percent (100000 = 100 %)
    font: str | None = None  # "mj" or "mn" to write the +mj/+mn theme font references
    full: bool = False  # write defTabSz/rtl/... like the master text styles do


def add_level(parent: El, index: int, level: Level) -> El:
    """Append an a:lvl{index}pPr element, with children in schema order."""
    attrs: dict[str, str | int] = {}
    if level.mar_l is not None:
        attrs["marL"] = level.mar_l
    if level.indent is not None:
        attrs["indent"] = level.indent
    if level.algn is not None:
        attrs["algn"] = level.algn
    if level.full:
        attrs.update(defTabSz=914400, rtl=0, eaLnBrk=1, latinLnBrk=0, hangingPunct=1)
    ppr = sub(parent, f"a:lvl{index}pPr", **attrs)
    if level.ln_spc_pct is not None:
        sub(sub(ppr, "a:lnSpc"), "a:spcPct", val=level.ln_spc_pct)
    if level.spc_before_pts is not None:
        sub(sub(ppr, "a:spcBef"), "a:spcPts", val=level.spc_before_pts)
    if level.bullet:
        if level.bullet_colour is not None:
            sub(sub(ppr, "a:buClr"), "a:schemeClr", val=level.bullet_colour)
        sub(ppr, "a:buFont", typeface="Arial", panose="020B0604020202020204")
        sub(ppr, "a:buChar", char=level.bullet)
    elif level.bullet == "":
        sub(ppr, "a:buNone")
    rattrs: dict[str, str | int] = {}
    if level.sz is not None:
        rattrs["sz"] = level.sz
    if level.bold is not None:
        rattrs["b"] = int(level.bold)
    if level.full:
        rattrs["kern"] = 1200
    rpr = sub(ppr, "a:defRPr", **rattrs)
    if level.colour is not None:
        solid_fill(rpr, level.colour)
    if level.font is not None:
        for tag, suffix in (("a:latin", "lt"), ("a:ea", "ea"), ("a:cs", "cs")):
            sub(rpr, tag, typeface=f"+{level.font}-{suffix}")
    return ppr


def set_levels(lst_style: El, levels: dict[int, Level]) -> None:
    """Replace the content of an a:lstStyle (or p:titleStyle/p:bodyStyle)."""
    for c in list(lst_style):
        lst_style.remove(c)
    for index in sorted(levels):
        add_level(lst_style, index, levels[index])


def ph_of(sp: El) -> El | None:
    return sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")


def placeholders(tree_owner: El) -> Iterator[tuple[str, int, El]]:
    """Yield (type, idx, p:sp) for every placeholder shape in a master/layout."""
    sp_tree = child(child(tree_owner, "p:cSld"), "p:spTree")
    for sp in sp_tree.iterchildren(qn("p:sp")):
        ph = ph_of(sp)
        if ph is not None:
            yield ph.get("type", "obj"), int(ph.get("idx", "0")), sp


def find_ph(tree_owner: El, ph_type: str, idx: int | None = None) -> El:
    for t, i, sp in placeholders(tree_owner):
        if t == ph_type and (idx is None or i == idx):
            return sp
    raise KeyError(f"placeholder {ph_type}/{idx} not found")


def set_xfrm(sp: El, rect: Rect) -> None:
    """Give a shape an explicit position/size (a:xfrm is the first child of p:spPr)."""
    x, y, cx, cy = rect
    assert x >= 0 and y >= 0 and x + cx <= SLIDE_W and y + cy <= SLIDE_H, rect
    sp_pr = child(sp, "p:spPr")
    old = sp_pr.find(qn("a:xfrm"))
    if old is not None:
        sp_pr.remove(old)
    xfrm = make(sp_pr, "a:xfrm")
    sub(xfrm, "a:off", x=x, y=y)
    sub(xfrm, "a:ext", cx=cx, cy=cy)
    sp_pr.insert(0, xfrm)


def body_pr(sp: El) -> El:
    return child(child(sp, "p:txBody"), "a:bodyPr")


def lst_style(sp: El) -> El:
    return child(child(sp, "p:txBody"), "a:lstStyle")


def style_ph(
    sp: El,
    rect: Rect | None = None,
    anchor: str | None = None,
    levels: dict[int, Level] | None = None,
) -> None:
    if rect is not None:
        set_xfrm(sp, rect)
    bpr = body_pr(sp)
    if anchor is not None:
        bpr.set("anchor", anchor)
    for autofit in ("a:normAutofit", "a:spAutoFit", "a:noAutofit"):
        for el in bpr.findall(qn(autofit)):
            bpr.remove(el)
    if levels is not None:
        set_levels(lst_style(sp), levels)


def next_shape_id(tree_owner: El) -> int:
    ids = [int(e.get("id", "0")) for e in tree_owner.iter(qn("p:cNvPr"))]
    return max(ids, default=0) + 1


def add_bar(tree_owner: El, name: str, rect: Rect, colour: str) -> None:
    """Add a plain filled rectangle (decoration, no text) at the back of the shape tree."""
    sp_tree = child(child(tree_owner, "p:cSld"), "p:spTree")
    sp = make(sp_tree, "p:sp")
    nv = sub(sp, "p:nvSpPr")
    sub(nv, "p:cNvPr", id=next_shape_id(tree_owner), name=name)
    sub(nv, "p:cNvSpPr")
    sub(nv, "p:nvPr", userDrawn=1)
    sp_pr = sub(sp, "p:spPr")
    geom = sub(sp_pr, "a:prstGeom", prst="rect")
    sub(geom, "a:avLst")
    solid_fill(sp_pr, colour)
    sub(sub(sp_pr, "a:ln"), "a:noFill")
    set_xfrm(sp, rect)
    # insert right after p:nvGrpSpPr + p:grpSpPr, i.e. behind every placeholder
    sp_tree.insert(2, sp)


def set_background(tree_owner: El, colour: str) -> None:
    """Solid background; p:bg must be the first child of p:cSld."""
    c_sld = child(tree_owner, "p:cSld")
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = make(c_sld, "p:bg")
    bg_pr = sub(bg, "p:bgPr")
    solid_fill(bg_pr, colour)
    sub(bg_pr, "a:effectLst")
    c_sld.insert(0, bg)


def set_lang(root: El) -> None:
    for el in root.iter():
        if el.get("lang") == "en-US":
            el.set("lang", LANG)


# --------------------------------------------------------------------------------------------
# Slide master
# --------------------------------------------------------------------------------------------

FOOTER_RECTS: dict[str, Rect] = {
    "ftr": (MARGIN_X, FOOTER_Y, FTR_W, FOOTER_H),
    "dt": (DT_X, FOOTER_Y, DT_W, FOOTER_H),
    "sldNum": (SLDNUM_X, FOOTER_Y, SLDNUM_W, FOOTER_H),
}
FOOTER_ALIGN = {"ftr": "l", "dt": "r", "sldNum": "r"}


def style_footers(tree_owner: El, colour: str) -> None:
    """Date, footer and slide number along the bottom edge, 12 pt, explicit on every level.

    Layouts repeat the master's geometry and text style so that a footer placeholder copied
    onto a slide renders the same in PowerPoint and LibreOffice.
    """
    for ph_type, rect in FOOTER_RECTS.items():
        level = Level(
            algn=FOOTER_ALIGN[ph_type],
            mar_l=0,
            indent=0,
            bullet="",
            sz=FOOTER_SZ,
            colour=colour,
            font="mn",
        )
        style_ph(find_ph(tree_owner, ph_type), rect=rect, anchor="ctr", levels={1: level})


def body_levels(
    full: bool,
    sizes: tuple[int, ...] = BODY_SZ,
    before: tuple[int, ...] = BODY_BEFORE,
    first_hang: int = inch(0.375),
) -> dict[int, Level]:
    """Body text style: 28/24/20 pt (columns 24/20/18) with bullets on levels 1-2.

    The first level hangs far enough for a number ("1.") at its size to keep clear of the
    text; deeper levels step in from there.
    """
    step = inch(0.4)
    levels: dict[int, Level] = {}
    for i in range(1, 10):
        bullet = "–" if i % 2 == 0 else "•"
        hang = first_hang if i == 1 else inch(0.3)
        levels[i] = Level(
            mar_l=hang if i == 1 else first_hang + (i - 1) * step,
            indent=-hang,
            algn="l",
            sz=sizes[i - 1],
            colour="tx1",
            bullet=bullet,
            bullet_colour="accent1" if i <= 2 else None,
            spc_before_pts=before[min(i, len(before)) - 1],
            ln_spc_pct=100000,
            font="mn",
            full=full,
        )
    return levels


def style_master(prs: PresentationT) -> None:
    master = prs.slide_master._element

    style_ph(
        find_ph(master, "title"),
        rect=(MARGIN_X, TITLE_Y, CONTENT_W, TITLE_H),
        anchor="b",
    )
    style_ph(
        find_ph(master, "body"),
        rect=(MARGIN_X, BODY_Y, CONTENT_W, BODY_H),
        anchor="t",
    )
    style_footers(master, "tx2")

    # thin brand bar along the top edge, well above the title placeholder
    add_bar(master, "Dekor: toppstripe", (0, 0, SLIDE_W, ACCENT_BAR_H), "accent1")
    assert ACCENT_BAR_H < TITLE_Y

    tx_styles = child(master, "p:txStyles")
    set_levels(
        child(tx_styles, "p:titleStyle"),
        {
            1: Level(
                algn="l",
                ln_spc_pct=90000,
                spc_before_pts=0,
                bullet="",
                sz=TITLE_SZ,
                colour="tx2",
                font="mj",
                full=True,
            )
        },
    )
    set_levels(child(tx_styles, "p:bodyStyle"), body_levels(full=True))
    set_lang(master)


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------


def layout_by_name(prs: PresentationT, name: str) -> El:
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout._element
    raise KeyError(name)


def plain_levels(sz: int, colour: str | None = None, bold: bool | None = None) -> dict[int, Level]:
    """Unbulleted text at one size (captions, subtitles), with its own paragraph spacing:
    the master's generous space between points is for bullet lists, not for these."""
    return {
        1: Level(
            mar_l=0, indent=0, algn="l", bullet="", sz=sz, colour=colour, bold=bold,
            spc_before_pts=PLAIN_BEFORE[0],
        ),
        2: Level(
            mar_l=inch(0.4), indent=0, algn="l", bullet="", sz=sz - 200, colour=colour,
            spc_before_pts=PLAIN_BEFORE[1],
        ),
    }


def style_dark_layout(layout: El) -> None:
    """Brand-coloured background, light footer text, master decoration hidden."""
    layout.set("showMasterSp", "0")
    set_background(layout, "tx2")
    style_footers(layout, "bg2")


def style_title_slide(layout: El) -> None:
    style_dark_layout(layout)
    bar_y = inch(2.1)
    title_rect = (MARGIN_X, inch(2.3), CONTENT_W, inch(1.9))
    style_ph(
        find_ph(layout, "ctrTitle"),
        rect=title_rect,
        anchor="b",
        levels={1: Level(algn="l", sz=TITLE_SLIDE_SZ, colour="bg1")},
    )
    style_ph(
        find_ph(layout, "subTitle"),
        rect=(MARGIN_X, inch(4.4), CONTENT_W, inch(1.4)),
        anchor="t",
        levels=plain_levels(SUBTITLE_SZ, colour="bg2"),
    )
    assert bar_y + ACCENT_BAR_H < title_rect[1]
    add_bar(layout, "Dekor: aksentstrek", (MARGIN_X, bar_y, inch(1.2), ACCENT_BAR_H), "accent2")


def style_section_header(layout: El) -> None:
    style_dark_layout(layout)
    bar_y = inch(2.4)
    title_rect = (MARGIN_X, inch(2.55), CONTENT_W, inch(1.7))
    style_ph(
        find_ph(layout, "title"),
        rect=title_rect,
        anchor="b",
        levels={1: Level(algn="l", sz=TITLE_SLIDE_SZ, colour="bg1", bold=False)},
    )
    style_ph(
        find_ph(layout, "body", 1),
        rect=(MARGIN_X, inch(4.45), CONTENT_W, inch(1.3)),
        anchor="t",
        levels=plain_levels(SUBTITLE_SZ, colour="bg2"),
    )
    assert bar_y + ACCENT_BAR_H < title_rect[1]
    add_bar(layout, "Dekor: aksentstrek", (MARGIN_X, bar_y, inch(1.2), ACCENT_BAR_H), "accent2")


# Half-width boxes set their text a step smaller than the master (explicit on the layout, so
# a slide's placeholder inherits it in PowerPoint and LibreOffice alike).
COLUMN_LEVELS = body_levels(
    full=False, sizes=COLUMN_SZ, before=COLUMN_BEFORE, first_hang=inch(0.3125)
)


def style_two_content(layout: El) -> None:
    for idx, x in ((1, MARGIN_X), (2, RIGHT_COL_X)):
        column = (x, BODY_Y, HALF_W, BODY_H)
        style_ph(find_ph(layout, "obj", idx), rect=column, levels=COLUMN_LEVELS)


def style_comparison(layout: El) -> None:
    head_h = inch(0.6)
    content_y = BODY_Y + head_h + inch(0.1)
    heading = plain_levels(2400, colour="tx2", bold=True)
    style_ph(find_ph(layout, "title"), levels={})
    style_ph(
        find_ph(layout, "body", 1),
        rect=(MARGIN_X, BODY_Y, HALF_W, head_h),
        anchor="b",
        levels=heading,
    )
    style_ph(
        find_ph(layout, "obj", 2),
        rect=(MARGIN_X, content_y, HALF_W, BODY_BOTTOM - content_y),
        levels=COLUMN_LEVELS,
    )
    style_ph(
        find_ph(layout, "body", 3),
        rect=(RIGHT_COL_X, BODY_Y, HALF_W, head_h),
        anchor="b",
        levels=heading,
    )
    style_ph(
        find_ph(layout, "obj", 4),
        rect=(RIGHT_COL_X, content_y, HALF_W, BODY_BOTTOM - content_y),
        levels=COLUMN_LEVELS,
    )


def style_content_with_caption(layout: El) -> None:
    col_w = inch(4.0)
    cap_y = inch(2.05)
    obj_x = MARGIN_X + col_w + GUTTER
    style_ph(
        find_ph(layout, "title"),
        rect=(MARGIN_X, TITLE_Y, col_w, inch(1.5)),
        anchor="b",
        levels={1: Level(algn="l", sz=CAPTION_TITLE_SZ, bold=False)},
    )
    style_ph(
        find_ph(layout, "body", 2),
        rect=(MARGIN_X, cap_y, col_w, BODY_BOTTOM - cap_y),
        anchor="t",
        levels=plain_levels(CAPTION_SZ),
    )
    style_ph(
        find_ph(layout, "obj", 1),
        rect=(obj_x, TITLE_Y, SLIDE_W - MARGIN_X - obj_x, BODY_BOTTOM - TITLE_Y),
        levels=COLUMN_LEVELS,
    )


def style_picture_with_caption(layout: El) -> None:
    pic_w = inch(7.2)
    col_x = MARGIN_X + pic_w + GUTTER
    col_w = SLIDE_W - MARGIN_X - col_x
    cap_y = inch(2.15)
    style_ph(
        find_ph(layout, "pic", 1),
        rect=(MARGIN_X, TITLE_Y, pic_w, BODY_BOTTOM - TITLE_Y),
        levels={1: Level(mar_l=0, indent=0, bullet="", sz=2000)},
    )
    style_ph(
        find_ph(layout, "title"),
        rect=(col_x, TITLE_Y, col_w, inch(1.6)),
        anchor="b",
        levels={1: Level(algn="l", sz=CAPTION_TITLE_SZ, bold=False)},
    )
    style_ph(
        find_ph(layout, "body", 2),
        rect=(col_x, cap_y, col_w, BODY_BOTTOM - cap_y),
        anchor="t",
        levels=plain_levels(CAPTION_SZ),
    )


LAYOUT_STYLERS = {
    "Title Slide": style_title_slide,
    "Title and Content": None,
    "Section Header": style_section_header,
    "Two Content": style_two_content,
    "Comparison": style_comparison,
    "Title Only": None,
    "Blank": None,
    "Content with Caption": style_content_with_caption,
    "Picture with Caption": style_picture_with_caption,
}


def style_layouts(prs: PresentationT) -> None:
    unwanted: list[SlideLayout] = [lo for lo in prs.slide_layouts if lo.name not in LAYOUT_STYLERS]
    for layout in unwanted:  # "Title and Vertical Text", "Vertical Title and Text"
        prs.slide_layouts.remove(layout)
    assert [lo.name for lo in prs.slide_layouts] == list(LAYOUT_STYLERS)

    for name, styler in LAYOUT_STYLERS.items():
        layout = layout_by_name(prs, name)
        for _t, _i, sp in placeholders(layout):
            style_ph(sp)  # drop any autofit
        style_footers(layout, "tx2")
        if styler is not None:
            styler(layout)
        set_lang(layout)
        check_geometry(layout, prs.slide_master._element, name)
    check_geometry(prs.slide_master._element, prs.slide_master._element, "master")


def xfrm_rect(sp: El) -> Rect | None:
    xfrm = child(sp, "p:spPr").find(qn("a:xfrm"))
    if xfrm is None:
        return None
    off, ext = child(xfrm, "a:off"), child(xfrm, "a:ext")
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


MASTER_PH_TYPE = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}


def check_geometry(tree_owner: El, master: El, label: str) -> None:
    """All shapes (explicit or inherited geometry) sit inside the margins and never overlap."""
    rects: list[tuple[str, Rect]] = []
    sp_tree = child(child(tree_owner, "p:cSld"), "p:spTree")
    for sp in sp_tree.iterchildren(qn("p:sp")):
        ph = ph_of(sp)
        rect = xfrm_rect(sp)
        if rect is None:
            assert ph is not None, f"{label}: shape without geometry"
            ph_type = ph.get("type", "obj")
            rect = xfrm_rect(find_ph(master, MASTER_PH_TYPE.get(ph_type, ph_type)))
            assert rect is not None
        name = child(child(sp, "p:nvSpPr"), "p:cNvPr").get("name")
        x, y, cx, cy = rect
        if ph is not None:  # text stays within the side margins and above the footer row
            assert x >= MARGIN_X and x + cx <= SLIDE_W - MARGIN_X, (label, name, rect)
            bottom = FOOTER_BOTTOM if ph.get("type") in FOOTER_RECTS else BODY_BOTTOM
            assert y + cy <= bottom, (label, name, rect)
        rects.append((name, rect))
    if tree_owner is not master and tree_owner.get("showMasterSp") != "0":
        master_tree = child(child(master, "p:cSld"), "p:spTree")
        for sp in master_tree.iterchildren(qn("p:sp")):
            rect = xfrm_rect(sp)
            if ph_of(sp) is None and rect is not None:  # master decoration shows through
                rects.append(
                    ("master: " + str(child(child(sp, "p:nvSpPr"), "p:cNvPr").get("name")), rect)
                )
    for i, (name_a, (ax, ay, aw, ah)) in enumerate(rects):
        for name_b, (bx, by, bw, bh) in rects[i + 1 :]:
            overlap = ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
            assert not overlap, f"{label}: {name_a} overlaps {name_b}"


# --------------------------------------------------------------------------------------------
# Theme, presentation part, package parts
# --------------------------------------------------------------------------------------------

SCHEME_SLOTS = (
    "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3",
    "accent4", "accent5", "accent6", "hlink", "folHlink",
)  # fmt: skip


def theme_blob(blob: bytes, spec: TemplateSpec) -> bytes:
    root = etree.fromstring(blob)
    root.set("name", spec.name)
    elements = child(root, "a:themeElements")
    clr = child(elements, "a:clrScheme")
    clr.set("name", spec.name)
    for c in list(clr):
        clr.remove(c)
    for slot in SCHEME_SLOTS:
        sub(sub(clr, f"a:{slot}"), "a:srgbClr", val=getattr(spec.palette, slot))
    fonts = child(elements, "a:fontScheme")
    fonts.set("name", "Calibri")
    for which in ("a:majorFont", "a:minorFont"):
        child(child(fonts, which), "a:latin").set("typeface", "Calibri")
    child(elements, "a:fmtScheme").set("name", spec.name)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<TotalTime>0</TotalTime><Words>0</Words><Application>Microsoft Office PowerPoint</Application>\
<PresentationFormat>Widescreen</PresentationFormat><Paragraphs>0</Paragraphs><Slides>0</Slides>\
<Notes>0</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>\
<HeadingPairs><vt:vector size="2" baseType="variant">\
<vt:variant><vt:lpstr>Theme</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>\
<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{name}</vt:lpstr></vt:vector>\
</TitlesOfParts>\
<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"""


def view_props_blob(blob: bytes) -> bytes:
    """Centre the drawing guides on the 16:9 slide (576 master units per inch)."""
    root = etree.fromstring(blob)
    for guide in root.iter(qn("p:guide")):
        if guide.get("orient") == "horz":
            guide.set("pos", str(round(SLIDE_H / 2 / EMU_PER_INCH * 576)))
        else:
            guide.set("pos", str(round(SLIDE_W / 2 / EMU_PER_INCH * 576)))
    for origin in root.iter(qn("p:origin")):
        origin.set("x", "0")
        origin.set("y", "0")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def clean_package(prs: PresentationT, spec: TemplateSpec) -> None:
    pres_part = prs.part
    package = pres_part.package

    # thumbnail (package relationship) and the Mac printer settings blob
    for rId, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rId)
    for rId, rel in list(pres_part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            pres_part.drop_rel(rId)

    for rel in list(package._rels.values()):
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML.format(name=spec.name).encode("utf-8")
    for rel in list(pres_part.rels.values()):
        if rel.reltype == RT.VIEW_PROPS:
            rel.target_part._blob = view_props_blob(rel.target_part.blob)
    theme_part = prs.slide_master.part.part_related_by(RT.THEME)
    theme_part._blob = theme_blob(theme_part.blob, spec)

    # presentation.xml: 16:9 slide size, Norwegian default language
    pres = pres_part._element

    # A notes master, listed in presentation.xml (Keynote looks there), so every deck built
    # from the template has speaker notes that all programs show.
    notes_master = prs.notes_master
    set_lang(notes_master._element)
    if pres.find(qn("p:notesMasterIdLst")) is None:
        r_id = pres_part.relate_to(notes_master.part, RT.NOTES_MASTER)
        id_list = make(pres, "p:notesMasterIdLst")
        sub(id_list, "p:notesMasterId").set(qn("r:id"), r_id)
        pres.find(qn("p:sldMasterIdLst")).addnext(id_list)
    sld_sz = child(pres, "p:sldSz")
    sld_sz.set("cx", str(SLIDE_W))
    sld_sz.set("cy", str(SLIDE_H))
    sld_sz.attrib.pop("type", None)
    set_lang(pres)

    # core properties
    core = prs.core_properties
    core.title = spec.name
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.revision = 1
    core.created = FIXED_DATE
    core.modified = FIXED_DATE
    core.language = LANG
    core_el = core._element
    for tag in ("dc:description", "dc:subject", "cp:keywords", "cp:category"):
        for el in core_el.findall(qn(tag)):
            core_el.remove(el)


def deterministic_zip(data: bytes) -> bytes:
    """Re-zip with fixed timestamps/attributes; [Content_Types].xml first, order kept."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")  # stable: only moves that one first
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            dst.writestr(info, src.read(name))
    return out.getvalue()


def verify(data: bytes) -> None:
    """Sanity checks on the finished package."""
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert names[0] == "[Content_Types].xml"
    for fragment in ("thumbnail", "printerSettings", "/slides/"):
        assert not any(fragment in n for n in names), names
    blob = b"".join(z.read(n) for n in names if n.endswith((".xml", ".rels")))
    for banned in (b"Steve Canny", b"python-pptx", b"normAutofit", b"spAutoFit", b"thumbnail"):
        assert banned not in blob, banned
    prs = Presentation(io.BytesIO(data))
    assert (prs.slide_width, prs.slide_height) == (SLIDE_W, SLIDE_H)
    assert len(prs.slides) == 0
    assert prs.part._element.find(qn("p:notesMasterIdLst")) is not None
    assert [lo.name for lo in prs.slide_layouts] == list(LAYOUT_STYLERS)
    for layout in prs.slide_layouts:
        types = {ph.placeholder_format.type for ph in layout.placeholders}
        assert {PH.DATE, PH.FOOTER, PH.SLIDE_NUMBER} <= types, layout.name


def build(spec: TemplateSpec) -> bytes:
    check_contrast(spec)
    prs = Presentation()
    style_master(prs)
    style_layouts(prs)
    clean_package(prs, spec)
    raw = io.BytesIO()
    prs.save(raw)
    data = deterministic_zip(raw.getvalue())
    verify(data)
    return data


def main() -> None:
    for spec in TEMPLATES:
        data = build(spec)
        spec.output.parent.mkdir(parents=True, exist_ok=True)
        spec.output.write_bytes(data)
        print(f"wrote {spec.output.relative_to(ROOT)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
