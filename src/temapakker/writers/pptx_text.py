"""DrawingML paragraphs from planned text, with the pack's language on every run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from temapakker.plan.text import TextPara, number_indent
from temapakker.template import TextStyle
from temapakker.writers.ooxml import qn

# Bullet indents for text we style ourselves (notes, text boxes), in EMU per level.
INDENT = 285750
BULLET_CHARS = ("•", "–", "•", "–", "•")
CODE_FONT = "Consolas"
ALIGN = {"right": "r", "center": "ctr", "left": "l"}


class TextWriter:
    """Sets paragraphs into a txBody; ``relate`` turns a link address into a relationship id."""

    def __init__(self, lang: str, relate: Callable[[str], str]) -> None:
        self.lang = lang
        self.relate = relate

    def fill(self, tx_body: Any, paragraphs: tuple[TextPara, ...], own_bullets: bool,
             default_size: float | None = None) -> None:
        """Replace the paragraphs of a txBody."""
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)
        for para in paragraphs or (TextPara(()),):
            tx_body.append(self.paragraph(para, own_bullets, default_size))

    def paragraph(self, para: TextPara, own_bullets: bool, default_size: float | None) -> Any:
        """One a:p element."""
        p = etree.Element(qn("a:p"))
        ppr = etree.SubElement(p, qn("a:pPr"))
        if para.align:
            ppr.set("algn", ALIGN[para.align])
        if para.bullet == "none":
            if para.level:
                ppr.set("lvl", str(para.level))
            ppr.set("marL", str(INDENT * para.level))
            ppr.set("indent", "0")
            etree.SubElement(ppr, qn("a:buNone"))
        else:
            if para.level:
                ppr.set("lvl", str(para.level))
            wide = number_indent(para)
            if wide is not None:
                ppr.set("marL", str(wide * (para.level + 1)))
                ppr.set("indent", str(-wide))
            elif own_bullets:
                ppr.set("marL", str(INDENT * (para.level + 1)))
                ppr.set("indent", str(-INDENT))
            if para.bullet == "number":
                etree.SubElement(ppr, qn("a:buFont"), typeface="+mj-lt")
                num = etree.SubElement(ppr, qn("a:buAutoNum"), type=para.number_style)
                if para.start != 1:
                    num.set("startAt", str(para.start))
            elif own_bullets:
                etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
                etree.SubElement(ppr, qn("a:buChar"), char=BULLET_CHARS[para.level % 5])
        size = para.size or default_size
        for span in para.spans:
            if span.raw:  # {=openxml} runs, as written
                p.extend(etree.fromstring(f"<raw>{span.raw}</raw>"))
                continue
            for i, part in enumerate(span.text.split("\n")):
                if i:
                    self.run_props(etree.SubElement(p, qn("a:br")), size)
                if not part:
                    continue
                r = etree.SubElement(p, qn("a:r"))
                rpr = self.run_props(r, size)
                if span.bold or para.bold:
                    rpr.set("b", "1")
                if span.italic or para.italic:
                    rpr.set("i", "1")
                if span.strike:
                    rpr.set("strike", "sngStrike")
                if span.underline:
                    rpr.set("u", "sng")
                if span.smallcaps:
                    rpr.set("cap", "small")
                if span.baseline:
                    rpr.set("baseline", "30000" if span.baseline > 0 else "-25000")
                if para.color:
                    solid_fill(rpr, para.color)
                if span.code or para.code:
                    etree.SubElement(rpr, qn("a:latin"), typeface=CODE_FONT)
                if span.link:
                    link = etree.SubElement(rpr, qn("a:hlinkClick"))
                    link.set(qn("r:id"), self.relate(span.link))
                etree.SubElement(r, qn("a:t")).text = part
        end = etree.SubElement(p, qn("a:endParaRPr"), lang=self.lang)
        if size:
            end.set("sz", str(int(size * 100)))
        return p

    def run_props(self, parent: Any, size: float | None) -> Any:
        """An a:rPr with the language (and size) as the first child of parent."""
        rpr = etree.SubElement(parent, qn("a:rPr"), lang=self.lang)
        if size:
            rpr.set("sz", str(int(size * 100)))
        rpr.set("dirty", "0")
        return rpr


HEX = frozenset("0123456789ABCDEF")


def solid_fill(parent: Any, colour: str, tag: str = "a:solidFill") -> Any:
    """A fill (or a:buClr) of a colour as the plan names it: six hex digits are an sRGB
    value, anything else a scheme colour, which follows the theme when it is restyled."""
    fill = etree.SubElement(parent, qn(tag))
    if len(colour) == 6 and set(colour.upper()) <= HEX:
        etree.SubElement(fill, qn("a:srgbClr"), val=colour.upper())
    else:
        etree.SubElement(fill, qn("a:schemeClr"), val=colour)
    return fill


def list_style(look: TextStyle) -> Any:
    """An a:lstStyle that sets a text box as the template sets its body placeholder: per
    level the indents, line spacing, space before, bullet (character, font, colour), size,
    weight and colour."""
    style = etree.Element(qn("a:lstStyle"))
    for n, level in enumerate(look.levels[:9]):
        ppr = etree.SubElement(style, qn(f"a:lvl{n + 1}pPr"), marL=str(level.margin),
                               indent=str(level.indent))
        spacing = etree.SubElement(ppr, qn("a:lnSpc"))
        if level.spacing_pts:
            etree.SubElement(spacing, qn("a:spcPts"), val=str(round(level.spacing_pts * 100)))
        else:
            etree.SubElement(spacing, qn("a:spcPct"), val=str(round(level.spacing * 100000)))
        before = etree.SubElement(ppr, qn("a:spcBef"))
        if level.before_lines:
            etree.SubElement(before, qn("a:spcPct"), val=str(round(level.before_lines * 100000)))
        else:
            etree.SubElement(before, qn("a:spcPts"), val=str(round(level.before * 100)))
        if level.bullet and level.bullet_char:
            if level.bullet_color:
                solid_fill(ppr, level.bullet_color, "a:buClr")
            etree.SubElement(ppr, qn("a:buFont"), typeface=level.bullet_font or "Arial")
            etree.SubElement(ppr, qn("a:buChar"), char=level.bullet_char)
        elif level.bullet:
            etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
            etree.SubElement(ppr, qn("a:buChar"), char=BULLET_CHARS[n % 5])
        else:
            etree.SubElement(ppr, qn("a:buNone"))
        rpr = etree.SubElement(ppr, qn("a:defRPr"), sz=str(round(level.size * 100)))
        if level.bold:
            rpr.set("b", "1")
        if level.color:
            solid_fill(rpr, level.color)
    return style
