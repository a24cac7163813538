"""Write a DeckPlan as an editable .pptx. The only module that imports python-pptx."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.util import Emu

from temapakker import GENERATOR
from temapakker.plan.deck import (
    Content,
    DeckPlan,
    PictureContent,
    Region,
    SlidePlan,
    TableContent,
    TextContent,
)
from temapakker.plan.text import TextPara
from temapakker.template import Rect
from temapakker.writers.archive import normalise_zip

# Bullet indents for text we style ourselves (notes, text boxes), in EMU per level.
INDENT = 285750
BULLET_CHARS = ("•", "–", "•", "–", "•")
CODE_FONT = "Consolas"
TEXTBOX_SIZE = 20.0
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{app}</Application><Slides>{slides}</Slides><Notes>{notes}</Notes>"
    "<PresentationFormat>{fmt}</PresentationFormat></Properties>"
)


class _Text:
    """Sets paragraphs into a txBody with the pack's language on every run."""

    def __init__(self, lang: str, relate: Callable[[str], str]) -> None:
        self.lang = lang
        self.relate = relate

    def fill(self, tx_body: Any, paragraphs: tuple[TextPara, ...], own_bullets: bool,
             default_size: float | None = None) -> None:
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)
        if not paragraphs:
            paragraphs = (TextPara(()),)
        for para in paragraphs:
            tx_body.append(self.paragraph(para, own_bullets, default_size))

    def paragraph(self, para: TextPara, own_bullets: bool, default_size: float | None) -> Any:
        p = etree.Element(qn("a:p"))
        ppr = etree.SubElement(p, qn("a:pPr"))
        if para.align:
            ppr.set("algn", {"right": "r", "center": "ctr", "left": "l"}[para.align])
        if para.bullet == "none":
            ppr.set("marL", "0")
            ppr.set("indent", "0")
            etree.SubElement(ppr, qn("a:buNone"))
        else:
            if para.level:
                ppr.set("lvl", str(para.level))
            if own_bullets:
                ppr.set("marL", str(INDENT * (para.level + 1)))
                ppr.set("indent", str(-INDENT))
            if para.bullet == "number":
                etree.SubElement(ppr, qn("a:buFont"), typeface="+mj-lt")
                num = etree.SubElement(ppr, qn("a:buAutoNum"), type="arabicPeriod")
                if para.start != 1:
                    num.set("startAt", str(para.start))
            elif own_bullets:
                etree.SubElement(ppr, qn("a:buFont"), typeface="Arial")
                etree.SubElement(ppr, qn("a:buChar"), char=BULLET_CHARS[para.level % 5])
        size = para.size or default_size
        for span in para.spans:
            parts = span.text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    br = etree.SubElement(p, qn("a:br"))
                    self.run_props(br, size)
                if not part:
                    continue
                r = etree.SubElement(p, qn("a:r"))
                rpr = self.run_props(r, size)
                if span.bold or para.bold:
                    rpr.set("b", "1")
                if span.italic or para.italic:
                    rpr.set("i", "1")
                if span.code or para.code:
                    etree.SubElement(rpr, qn("a:latin"), typeface=CODE_FONT)
                if span.link:
                    link = etree.SubElement(rpr, qn("a:hlinkClick"))
                    link.set(qn("r:id"), self.relate(span.link))
                etree.SubElement(r, qn("a:t")).text = part
        end = etree.SubElement(p, qn("a:endParaRPr"))
        end.set("lang", self.lang)
        if size:
            end.set("sz", str(int(size * 100)))
        return p

    def run_props(self, parent: Any, size: float | None) -> Any:
        rpr = etree.SubElement(parent, qn("a:rPr"))
        rpr.set("lang", self.lang)
        if size:
            rpr.set("sz", str(int(size * 100)))
        rpr.set("dirty", "0")
        return rpr


def write_deck(plan: DeckPlan) -> bytes:
    """Render a deck plan to .pptx bytes, identical for identical plans."""
    prs = Presentation(str(plan.template))
    _drop_template_slides(prs)
    _fast_part_names(prs)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    notes = 0
    for slide_plan in plan.slides:
        slide = prs.slides.add_slide(layouts[slide_plan.layout])
        _write_slide(slide, slide_plan, plan.meta.language)
        if slide_plan.notes:
            notes += 1
            notes_slide = slide.notes_slide
            text = _Text(plan.meta.language, _relater(notes_slide.part))
            frame = notes_slide.notes_text_frame
            if frame is not None:
                text.fill(frame._txBody, slide_plan.notes, own_bullets=True)
    _set_languages(prs, plan.meta.language)
    _register_notes_master(prs)
    _set_core_properties(prs, plan)
    buffer = io.BytesIO()
    prs.save(buffer)
    width, height = prs.slide_width or 0, prs.slide_height or 0
    fmt = "On-screen Show (16:9)" if abs(width / max(height, 1) - 16 / 9) < 0.01 else "Custom"
    app = APP_XML.format(app=GENERATOR, slides=len(plan.slides), notes=notes, fmt=fmt)
    return normalise_zip(buffer.getvalue(), plan.meta.date,
                         {"docProps/app.xml": app.encode("utf-8")})


def _relater(part: Any) -> Callable[[str], str]:
    def relate(url: str) -> str:
        return str(part.relate_to(url, RT.HYPERLINK, is_external=True))
    return relate


def _write_slide(slide: Any, plan: SlidePlan, lang: str) -> None:
    text = _Text(lang, _relater(slide.part))
    used: set[int] = set()
    title = slide.shapes.title
    if title is not None:
        used.add(title.placeholder_format.idx)
        if plan.title:
            text.fill(title.text_frame._txBody, (TextPara(plan.title),), own_bullets=False)
    placeholders = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
    for region in plan.regions:
        ph = placeholders.get(region.placeholder) if region.placeholder is not None else None
        if ph is not None and isinstance(region.content, TextContent):
            text.fill(ph.text_frame._txBody, region.content.paragraphs, own_bullets=False)
            used.add(region.placeholder or 0)
        else:
            _add_shape(slide, region, text)
    for idx, ph in placeholders.items():
        if idx not in used or (ph == title and not plan.title):
            ph._element.getparent().remove(ph._element)
    if plan.footer is not None:
        _add_footer(slide, plan)


def _add_shape(slide: Any, region: Region, text: _Text) -> None:
    r: Rect = region.rect
    content: Content = region.content
    if isinstance(content, PictureContent):
        pic = slide.shapes.add_picture(str(content.path), Emu(r.left), Emu(r.top),
                                       Emu(r.width), Emu(r.height))
        pic._element.nvPicPr.cNvPr.set("descr", content.alt)
    elif isinstance(content, TableContent):
        _add_table(slide, r, content, text)
    else:
        box = slide.shapes.add_textbox(Emu(r.left), Emu(r.top), Emu(r.width), Emu(r.height))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        if content.anchor == "middle":
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        text.fill(frame._txBody, content.paragraphs, own_bullets=True,
                  default_size=TEXTBOX_SIZE)


def _add_table(slide: Any, r: Rect, content: TableContent, text: _Text) -> None:
    rows = (content.header, *content.rows)
    cols = len(content.widths)
    row_height = int(content.size * 2.4 * 12700)
    height = min(r.height, row_height * len(rows))
    frame = slide.shapes.add_table(len(rows), cols, Emu(r.left), Emu(r.top), Emu(r.width),
                                   Emu(height))
    table = frame.table
    for c, share in enumerate(content.widths):
        table.columns[c].width = Emu(int(r.width * share))
    for i, row in enumerate(rows):
        table.rows[i].height = Emu(height // len(rows))
        for c in range(cols):
            spans = row[c] if c < len(row) else ()
            para = TextPara(spans, align=content.aligns[c], size=content.size)
            text.fill(table.cell(i, c).text_frame._txBody, (para,), own_bullets=False)


def _add_footer(slide: Any, plan: SlidePlan) -> None:
    """python-pptx does not copy footer placeholders to new slides; copy them from the layout."""
    tree = slide.shapes._spTree
    for ph in slide.slide_layout.placeholders:
        kind = ph._element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}").get("type")
        if kind not in ("ftr", "sldNum"):
            continue
        sp = copy.deepcopy(ph._element)
        tree.append(sp)
        runs = sp.findall(".//" + qn("a:t"))
        if kind == "sldNum":
            for t in runs:
                t.text = str(plan.number)
        else:
            for p in sp.findall(".//" + qn("a:p"))[1:]:
                p.getparent().remove(p)
            for r in sp.findall(".//" + qn("a:r"))[1:]:
                r.getparent().remove(r)
            if runs:
                runs[0].text = plan.footer
            else:
                p = sp.find(".//" + qn("a:p"))
                r = etree.Element(qn("a:r"))
                etree.SubElement(r, qn("a:t")).text = plan.footer
                end = p.find(qn("a:endParaRPr")) if p is not None else None
                if end is not None:
                    end.addprevious(r)
                elif p is not None:
                    p.append(r)


def _drop_template_slides(prs: Any) -> None:
    """A template may carry example slides; the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


def _fast_part_names(prs: Any) -> None:
    """Name new notes slides and slides by counting, not by walking every part.

    python-pptx finds a free part name by iterating over all parts for each new notes
    slide, which makes a deck's build time grow with the square of its slides
    (python-pptx#644). Parts are only added here, never removed, so counting is safe.
    """
    package = prs.part.package
    original = package.next_partname
    counters: dict[str, int] = {}

    def next_partname(tmpl: str) -> Any:
        if tmpl not in counters:
            first = original(tmpl)
            counters[tmpl] = int(str(first)[len(tmpl.split("%d")[0]):].split(".")[0])
            return first
        counters[tmpl] += 1
        return PackURI(tmpl % counters[tmpl])

    package.next_partname = next_partname


def _set_languages(prs: Any, lang: str) -> None:
    """Default language for text typed later in PowerPoint: presentation, masters, notes master."""
    roots = [prs.part._element, prs.slide_master._element]
    notes_master = prs.part.notes_master if _has_notes_master(prs) else None
    if notes_master is not None:
        roots.append(notes_master._element)
    for root in roots:
        for tag in ("a:defRPr", "a:endParaRPr", "a:rPr"):
            for el in root.iter(qn(tag)):
                el.set("lang", lang)


def _has_notes_master(prs: Any) -> bool:
    return any(rel.reltype == RT.NOTES_MASTER for rel in prs.part.rels.values())


def _register_notes_master(prs: Any) -> None:
    """List the notes master in presentation.xml, which Keynote needs (python-pptx PR#1128)."""
    if not _has_notes_master(prs):
        return
    root = prs.part._element
    if root.find(qn("p:notesMasterIdLst")) is not None:
        return
    r_id = prs.part.relate_to(prs.part.notes_master_part, RT.NOTES_MASTER)
    id_list = etree.Element(qn("p:notesMasterIdLst"))
    etree.SubElement(id_list, qn("p:notesMasterId")).set(qn("r:id"), r_id)
    root.find(qn("p:sldMasterIdLst")).addnext(id_list)


def _set_core_properties(prs: Any, plan: DeckPlan) -> None:
    """Every field set, so nothing is left over from the template."""
    meta = plan.meta
    core = prs.core_properties
    date = meta.date.replace(tzinfo=None)
    core.title = meta.title
    core.subject = meta.subject
    core.author = meta.author
    core.last_modified_by = meta.author
    core.keywords = meta.keywords
    core.comments = meta.description
    core.category = ""
    core.content_status = ""
    core.identifier = plan.pack_id
    core.language = meta.language
    core.version = ""
    core.revision = 1
    core.created = date
    core.modified = date
    core.last_printed = date
