"""DrawingML paragraphs from planned text, with the pack's language on every run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from temapakker.plan.text import TextPara, number_indent
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
