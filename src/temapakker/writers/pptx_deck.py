"""Write a DeckPlan as an editable .pptx. The only module that imports python-pptx."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
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
from temapakker.writers.archive import write_package

# Bullet indents for text we style ourselves (notes, text boxes), in EMU per level.
INDENT = 285750
BULLET_CHARS = ("•", "–", "•", "–", "•")
CODE_FONT = "Consolas"
TEXTBOX_SIZE = 20.0
CT_NOTES_SLIDE = CT.PML_NOTES_SLIDE
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
    builder = _DeckBuilder(prs)
    notes = 0
    for slide_plan in plan.slides:
        slide = builder.add_slide(slide_plan.layout)
        _write_slide(slide, slide_plan, plan.meta.language, builder)
        if slide_plan.notes:
            notes += 1
            tx_body = builder.add_notes(slide)
            text = _Text(plan.meta.language, _relater(slide.notes_slide.part))
            text.fill(tx_body, slide_plan.notes, own_bullets=True)
    _set_languages(prs, plan.meta.language)
    _register_notes_master(prs)
    _set_core_properties(prs, plan)
    width, height = prs.slide_width or 0, prs.slide_height or 0
    fmt = "On-screen Show (16:9)" if abs(width / max(height, 1) - 16 / 9) < 0.01 else "Custom"
    app = APP_XML.format(app=GENERATOR, slides=len(plan.slides), notes=notes, fmt=fmt)
    return write_package(_package_entries(prs.part.package), plan.meta.date,
                         {"docProps/app.xml": app.encode("utf-8")})


def _package_entries(package: Any) -> list[tuple[str, bytes]]:
    """The zip entries python-pptx would write, in its order, without writing a zip twice."""
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem

    parts = list(package.iter_parts())
    entries = [
        ("[Content_Types].xml", serialize_part_xml(_ContentTypesItem.xml_for(parts))),
        ("_rels/.rels", package._rels.xml),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if part._rels:
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return entries


class _DeckBuilder:
    """Adds slides and notes in time linear in the slide count.

    python-pptx's own paths walk every relationship of the presentation and every slide id
    for each new slide, and every part for each new notes slide (python-pptx#644), which
    makes a 1000-slide deck take seconds. Slides are only ever added here, never removed,
    so counters and per-layout caches give the same result.
    """

    def __init__(self, prs: Any) -> None:
        self.prs = prs
        self.layouts = {layout.name: layout for layout in prs.slide_layouts}
        self.cloneable: dict[str, list[Any]] = {}
        self.footers: dict[str, list[Any]] = {}
        id_list = prs.slides._sldIdLst
        self.id_list = id_list
        self.next_id = max([255, *(int(s.get("id")) for s in id_list)]) + 1
        self.next_slide = len(id_list) + 1
        self.notes_master_part: Any = None
        self.notes_shapes: list[Any] | None = None
        self.next_notes = 1

    def add_slide(self, layout_name: str) -> Any:
        from pptx.parts.slide import SlidePart

        layout = self.layouts[layout_name]
        partname = PackURI(f"/ppt/slides/slide{self.next_slide}.xml")
        self.next_slide += 1
        slide_part = SlidePart.new(partname, self.prs.part.package, layout.part)
        # A new part has no relationship yet: add one without searching the existing ones.
        r_id = self.prs.part._rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        if layout_name not in self.cloneable:
            self.cloneable[layout_name] = list(layout.iter_cloneable_placeholders())
            self.footers[layout_name] = [
                ph._element for ph in layout.placeholders
                if _ph_type(ph._element) in ("ftr", "sldNum")
            ]
        for placeholder in self.cloneable[layout_name]:
            slide.shapes.clone_placeholder(placeholder)
        self.id_list._add_sldId(id=self.next_id, rId=r_id)
        self.next_id += 1
        return slide

    def add_notes(self, slide: Any) -> Any:
        """Give a slide its notes page; returns the notes placeholder's txBody."""
        from pptx.parts.slide import NotesSlidePart

        if self.notes_shapes is None:
            notes_slide = slide.notes_slide  # the first one the ordinary way: makes the master
            self.notes_master_part = self.prs.part.notes_master_part
            self.notes_shapes = [copy.deepcopy(sp) for sp in notes_slide.shapes._spTree
                                 if sp.tag == qn("p:sp")]
            self.next_notes = 2
        else:
            partname = PackURI(f"/ppt/notesSlides/notesSlide{self.next_notes}.xml")
            self.next_notes += 1
            notes_part = NotesSlidePart(partname, CT_NOTES_SLIDE, self.prs.part.package,
                                        CT_NotesSlide.new())
            notes_part.relate_to(self.notes_master_part, RT.NOTES_MASTER)
            notes_part.relate_to(slide.part, RT.SLIDE)
            slide.part.relate_to(notes_part, RT.NOTES_SLIDE)
            tree = notes_part.notes_slide.shapes._spTree
            for sp in self.notes_shapes:
                tree.append(copy.deepcopy(sp))
        tree = slide.notes_slide.shapes._spTree
        for sp in tree.iter(qn("p:sp")):
            if _ph_type(sp) == "body":
                return sp.find(qn("p:txBody"))
        raise AssertionError("the notes master has no body placeholder")


def _ph_type(sp: Any) -> str | None:
    ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else str(ph.get("type", "obj"))


def _relater(part: Any) -> Callable[[str], str]:
    def relate(url: str) -> str:
        return str(part.relate_to(url, RT.HYPERLINK, is_external=True))
    return relate


def _write_slide(slide: Any, plan: SlidePlan, lang: str, builder: _DeckBuilder) -> None:
    text = _Text(lang, _relater(slide.part))
    tree = slide.shapes._spTree
    placeholders: dict[int, Any] = {}
    title = None
    for sp in tree.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is None:
            continue
        if ph.get("type") in ("title", "ctrTitle") and title is None:
            title = sp
        else:
            placeholders[int(ph.get("idx", "0"))] = sp
    if title is not None:
        if plan.title:
            text.fill(title.find(qn("p:txBody")), (TextPara(plan.title),), own_bullets=False)
        else:
            tree.remove(title)
    used: set[int] = set()
    for region in plan.regions:
        sp = placeholders.get(region.placeholder) if region.placeholder is not None else None
        if sp is not None and isinstance(region.content, TextContent):
            text.fill(sp.find(qn("p:txBody")), region.content.paragraphs, own_bullets=False)
            used.add(region.placeholder or 0)
        else:
            _add_shape(slide, region, text)
    for idx, sp in placeholders.items():
        if idx not in used:
            tree.remove(sp)
    if plan.footer is not None:
        _add_footer(tree, builder.footers[plan.layout], plan, lang)


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


def _add_footer(tree: Any, footers: list[Any], plan: SlidePlan, lang: str) -> None:
    """python-pptx does not copy footer placeholders to new slides; copy them from the layout."""
    for element in footers:
        sp = copy.deepcopy(element)
        tree.append(sp)
        if _ph_type(sp) == "sldNum":
            for t in sp.iter(qn("a:t")):
                t.text = str(plan.number)
            for field in sp.iter(qn("a:fld")):
                if field.find(qn("a:rPr")) is None:
                    field.insert(0, etree.Element(qn("a:rPr")))
            for props in sp.iter(qn("a:rPr"), qn("a:endParaRPr")):
                props.set("lang", lang)
            continue
        paragraphs = sp.findall(f"{qn('p:txBody')}/{qn('a:p')}")
        for extra in paragraphs[1:]:
            extra.getparent().remove(extra)
        first = paragraphs[0] if paragraphs else etree.SubElement(sp.find(qn("p:txBody")),
                                                                  qn("a:p"))
        for child in list(first):
            if child.tag in (qn("a:r"), qn("a:fld"), qn("a:br")):
                first.remove(child)
        run = etree.Element(qn("a:r"))
        etree.SubElement(run, qn("a:rPr"), lang=lang)
        etree.SubElement(run, qn("a:t")).text = plan.footer
        end = first.find(qn("a:endParaRPr"))
        if end is not None:
            end.addprevious(run)
        else:
            first.append(run)


def _drop_template_slides(prs: Any) -> None:
    """A template may carry example slides; the deck starts empty."""
    id_list = prs.slides._sldIdLst
    for sld_id in list(id_list):
        prs.part.drop_rel(sld_id.rId)
        id_list.remove(sld_id)


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
