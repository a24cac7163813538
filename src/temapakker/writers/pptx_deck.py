"""Write a DeckPlan as an editable .pptx into a copy of the template.

The OOXML is written directly (as pandoc does) rather than through python-pptx: importing
python-pptx alone costs more than pandoc's whole run on a small deck, and its slide and
notes paths grow with the square of the slide count (python-pptx#644). The XML mirrors what
python-pptx writes, and the tests open every deck with python-pptx and LibreOffice.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from temapakker import GENERATOR
from temapakker.plan.deck import (
    DeckPlan,
    PictureContent,
    Region,
    SlidePlan,
    TableContent,
    TextContent,
)
from temapakker.plan.text import TextPara
from temapakker.template import Rect, default_template_path
from temapakker.writers import ooxml
from temapakker.writers.ooxml import NS, Package, qn
from temapakker.writers.pptx_text import TextWriter

TEXTBOX_SIZE = 20.0
TITLE_BOX_SIZE = 32.0
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # Medium Style 2 – Accent 1
_NSDECL = f'xmlns:a="{NS["a"]}" xmlns:p="{NS["p"]}" xmlns:r="{NS["r"]}"'
_TREE = ('<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
         "</p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>"
         "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>")
SLIDE_XML = f"<p:sld {_NSDECL}>{_TREE}</p:sld>".encode()
NOTES_XML = f"<p:notes {_NSDECL}>{_TREE}</p:notes>".encode()
PH_NAMES = {
    "title": "Title", "ctrTitle": "Title", "subTitle": "Subtitle", "body": "Text Placeholder",
    "obj": "Content Placeholder", "pic": "Picture Placeholder", "tbl": "Table Placeholder",
    "chart": "Chart Placeholder", "dgm": "SmartArt Placeholder", "media": "Media Placeholder",
    "clipArt": "ClipArt Placeholder", "dt": "Date Placeholder", "ftr": "Footer Placeholder",
    "sldNum": "Slide Number Placeholder", "hdr": "Header Placeholder",
    "sldImg": "Slide Image Placeholder",
}
TEXT_PLACEHOLDERS = ("title", "ctrTitle", "subTitle", "body", "obj")
LATENT = ("dt", "ftr", "sldNum", "hdr")
APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>{app}</Application><Slides>{slides}</Slides><Notes>{notes}</Notes>"
    "<PresentationFormat>{fmt}</PresentationFormat></Properties>"
)


def _ph(sp: Any) -> Any:
    return sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")


@dataclass
class _Layout:
    """A layout's part, the placeholders a new slide gets, and its footer shapes."""

    part: str
    cloneable: list[dict[str, str]]
    footers: list[Any]


@dataclass
class _Shapes:
    """Adds shapes to one spTree, numbering them as PowerPoint does."""

    tree: Any
    next_id: int = 2
    names: set[str] = field(default_factory=set)

    def ids(self, base: str) -> tuple[str, str]:
        shape_id = self.next_id
        self.next_id += 1
        number = shape_id - 1
        while f"{base} {number}" in self.names:
            number += 1
        self.names.add(f"{base} {number}")
        return str(shape_id), f"{base} {number}"

    def placeholder(self, attrs: dict[str, str]) -> Any:
        kind = attrs.get("type", "obj")
        base = PH_NAMES.get(kind, "Placeholder")
        if attrs.get("orient") == "vert":
            base = "Vertical " + base
        shape_id, name = self.ids(base)
        sp = etree.SubElement(self.tree, qn("p:sp"))
        nv = etree.SubElement(sp, qn("p:nvSpPr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
        locks = etree.SubElement(etree.SubElement(nv, qn("p:cNvSpPr")), qn("a:spLocks"))
        locks.set("noGrp", "1")
        etree.SubElement(etree.SubElement(nv, qn("p:nvPr")), qn("p:ph"), attrs)
        etree.SubElement(sp, qn("p:spPr"))
        if kind in TEXT_PLACEHOLDERS:
            body = etree.SubElement(sp, qn("p:txBody"))
            etree.SubElement(body, qn("a:bodyPr"))
            etree.SubElement(body, qn("a:lstStyle"))
            etree.SubElement(body, qn("a:p"))
        return sp

    def copy_of(self, element: Any) -> Any:
        sp = copy.deepcopy(element)
        kind = _ph(sp).get("type", "obj")
        shape_id, name = self.ids(PH_NAMES.get(kind, "Placeholder"))
        c_nv_pr = sp.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}")
        c_nv_pr.set("id", shape_id)
        c_nv_pr.set("name", name)
        self.tree.append(sp)
        return sp


def _xfrm(parent: Any, tag: str, r: Rect) -> None:
    xfrm = etree.SubElement(parent, qn(tag))
    etree.SubElement(xfrm, qn("a:off"), x=str(r.left), y=str(r.top))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(r.width), cy=str(r.height))


class _DeckWriter:
    """Adds slides, notes, pictures and properties to a template package."""

    def __init__(self, package: Package, lang: str) -> None:
        self.pkg = package
        self.lang = lang
        office = package.rels("").of_type(ooxml.RT_OFFICE_DOCUMENT)
        self.pres_part = office[0].target
        package.overrides[self.pres_part] = ooxml.CT_PRESENTATION  # a .potx becomes a .pptx
        self.pres = package.xml(self.pres_part)
        self.pres_rels = package.rels(self.pres_part)
        self.layouts = self._read_layouts()
        self.id_list = self._slide_id_list()
        self.next_id = max([255, *(int(s.get("id")) for s in self.id_list)]) + 1
        self.images: dict[str, str] = {}
        self.notes_master: str | None = None
        self.notes_cloneable: list[dict[str, str]] = []
        self.slides = 0
        self.notes = 0

    # -- template ----------------------------------------------------------
    def _read_layouts(self) -> dict[str, _Layout]:
        layouts: dict[str, _Layout] = {}
        for master_id in self.pres.iterfind(f"{qn('p:sldMasterIdLst')}/{qn('p:sldMasterId')}"):
            master = self.pres_rels.items[master_id.get(qn("r:id"))].target
            for rel in self.pkg.rels(master).of_type(ooxml.RT_SLIDE_LAYOUT):
                root: Any = etree.fromstring(self.pkg.raw[rel.target])
                name = root.find(qn("p:cSld")).get("name", "")
                if name in layouts:
                    continue
                cloneable, footers = [], []
                for sp in root.iterfind(f"{qn('p:cSld')}/{qn('p:spTree')}/{qn('p:sp')}"):
                    ph = _ph(sp)
                    if ph is None:
                        continue
                    kind = ph.get("type", "obj")
                    if kind in ("ftr", "sldNum"):
                        footers.append(sp)
                    if kind not in LATENT:
                        cloneable.append({k: v for k, v in ph.attrib.items()
                                          if k in ("type", "orient", "sz", "idx")})
                layouts[name] = _Layout(rel.target, cloneable, footers)
        return layouts

    def _slide_id_list(self) -> Any:
        id_list = self.pres.find(qn("p:sldIdLst"))
        if id_list is None:
            id_list = etree.Element(qn("p:sldIdLst"))
            for tag in ("p:handoutMasterIdLst", "p:notesMasterIdLst", "p:sldMasterIdLst"):
                anchor = self.pres.find(qn(tag))
                if anchor is not None:
                    anchor.addnext(id_list)
                    break
        return id_list

    def drop_template_leftovers(self) -> None:
        """A template may carry example slides and a preview picture; the deck has neither."""
        package_rels = self.pkg.rels("")
        for rel in package_rels.of_type(ooxml.RT_THUMBNAIL):
            del package_rels.items[rel.id]
            self.pkg.remove(rel.target)
        for sld_id in list(self.id_list):
            rel = self.pres_rels.items.pop(sld_id.get(qn("r:id")))
            for notes in self.pkg.rels(rel.target).of_type(ooxml.RT_NOTES_SLIDE):
                self.pkg.remove(notes.target)
            self.pkg.remove(rel.target)
            self.id_list.remove(sld_id)

    # -- slides ------------------------------------------------------------
    def add_slide(self, plan: SlidePlan) -> None:
        layout = self.layouts[plan.layout]
        part, self.slides = self.pkg.next_name("ppt/slides/slide%d.xml", self.slides + 1)
        root = etree.fromstring(SLIDE_XML)
        self.pkg.add_xml(part, root, ooxml.CT_SLIDE)
        rels = self.pkg.rels(part)
        rels.add(ooxml.RT_SLIDE_LAYOUT, layout.part)
        r_id = self.pres_rels.add(ooxml.RT_SLIDE, part)
        etree.SubElement(self.id_list, qn("p:sldId"), id=str(self.next_id)).set(qn("r:id"), r_id)
        self.next_id += 1

        links: dict[str, str] = {}

        def relate(url: str) -> str:
            if url not in links:
                links[url] = rels.add(ooxml.RT_HYPERLINK, url, external=True)
            return links[url]

        text = TextWriter(self.lang, relate)
        shapes = _Shapes(root.find(f"{qn('p:cSld')}/{qn('p:spTree')}"))
        title, placeholders = None, {}
        for attrs in layout.cloneable:
            sp = shapes.placeholder(attrs)
            if attrs.get("type") in ("title", "ctrTitle") and title is None:
                title = sp
            else:
                placeholders[int(attrs.get("idx", "0"))] = sp
        if title is not None:
            if plan.title:
                text.fill(title.find(qn("p:txBody")), (TextPara(plan.title),), own_bullets=False)
            else:
                shapes.tree.remove(title)
        elif plan.title:  # a layout without a title (Blank): the title goes in a text box
            para = TextPara(plan.title, bold=True, size=TITLE_BOX_SIZE)
            self._add_shape(shapes, rels, Region(TextContent((para,)), self._title_box(),
                                                 None, plan.pos), text)
        used: set[int] = set()
        for region in plan.regions:
            sp = placeholders.get(region.placeholder) if region.placeholder is not None else None
            body = sp.find(qn("p:txBody")) if sp is not None else None
            if body is not None and isinstance(region.content, TextContent):
                text.fill(body, region.content.paragraphs, own_bullets=False)
                used.add(region.placeholder or 0)
            else:
                self._add_shape(shapes, rels, region, text)
        for idx, sp in placeholders.items():
            if idx not in used:
                shapes.tree.remove(sp)
        if plan.footer is not None:
            self._add_footer(shapes, layout, plan)
        if plan.notes:
            self._add_notes(part, rels, plan)
        self.pkg.freeze(part)

    def _title_box(self) -> Rect:
        """Where a title goes on a layout that has no place for one: across the top."""
        size = self.pres.find(qn("p:sldSz"))
        width = int(size.get("cx", 12192000)) if size is not None else 12192000
        height = int(size.get("cy", 6858000)) if size is not None else 6858000
        return Rect(width // 20, height // 20, width - width // 10, height // 7)

    def _add_shape(self, shapes: _Shapes, rels: ooxml.Rels, region: Region,
                   text: TextWriter) -> None:
        content = region.content
        if isinstance(content, PictureContent):
            self._add_picture(shapes, rels, region.rect, content)
        elif isinstance(content, TableContent):
            self._add_table(shapes, region.rect, content, text)
        else:
            shape_id, name = shapes.ids("TextBox")
            sp = etree.SubElement(shapes.tree, qn("p:sp"))
            nv = etree.SubElement(sp, qn("p:nvSpPr"))
            etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
            etree.SubElement(nv, qn("p:cNvSpPr"), txBox="1")
            etree.SubElement(nv, qn("p:nvPr"))
            sp_pr = etree.SubElement(sp, qn("p:spPr"))
            _xfrm(sp_pr, "a:xfrm", region.rect)
            etree.SubElement(etree.SubElement(sp_pr, qn("a:prstGeom"), prst="rect"),
                             qn("a:avLst"))
            etree.SubElement(sp_pr, qn("a:noFill"))
            body = etree.SubElement(sp, qn("p:txBody"))
            body_pr = etree.SubElement(body, qn("a:bodyPr"), wrap="square")
            if content.anchor == "middle":
                body_pr.set("anchor", "ctr")
            etree.SubElement(body_pr, qn("a:noAutofit"))
            etree.SubElement(body, qn("a:lstStyle"))
            text.fill(body, content.paragraphs, own_bullets=True, default_size=TEXTBOX_SIZE)

    def _add_picture(self, shapes: _Shapes, rels: ooxml.Rels, r: Rect,
                     content: PictureContent) -> None:
        data = content.path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self.images:
            ext = content.path.suffix.lower().lstrip(".")
            ext = "jpeg" if ext == "jpg" else ext
            part, _ = self.pkg.next_name(f"ppt/media/image%d.{ext}", len(self.images) + 1)
            self.pkg.add_blob(part, data)
            self.images[digest] = part
        r_id = rels.add(ooxml.RT_IMAGE, self.images[digest])
        shape_id, name = shapes.ids("Picture")
        pic = etree.SubElement(shapes.tree, qn("p:pic"))
        nv = etree.SubElement(pic, qn("p:nvPicPr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name, descr=content.alt)
        locks = etree.SubElement(etree.SubElement(nv, qn("p:cNvPicPr")), qn("a:picLocks"))
        locks.set("noChangeAspect", "1")
        etree.SubElement(nv, qn("p:nvPr"))
        fill = etree.SubElement(pic, qn("p:blipFill"))
        etree.SubElement(fill, qn("a:blip")).set(qn("r:embed"), r_id)
        etree.SubElement(etree.SubElement(fill, qn("a:stretch")), qn("a:fillRect"))
        sp_pr = etree.SubElement(pic, qn("p:spPr"))
        _xfrm(sp_pr, "a:xfrm", r)
        etree.SubElement(etree.SubElement(sp_pr, qn("a:prstGeom"), prst="rect"), qn("a:avLst"))

    def _add_table(self, shapes: _Shapes, r: Rect, content: TableContent,
                   text: TextWriter) -> None:
        rows = (content.header, *content.rows)
        row_height = min(r.height // len(rows), int(content.size * 2.4 * 12700))
        shape_id, name = shapes.ids("Table")
        frame = etree.SubElement(shapes.tree, qn("p:graphicFrame"))
        nv = etree.SubElement(frame, qn("p:nvGraphicFramePr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
        locks = etree.SubElement(etree.SubElement(nv, qn("p:cNvGraphicFramePr")),
                                 qn("a:graphicFrameLocks"))
        locks.set("noGrp", "1")
        etree.SubElement(nv, qn("p:nvPr"))
        _xfrm(frame, "p:xfrm", Rect(r.left, r.top, r.width, row_height * len(rows)))
        data = etree.SubElement(etree.SubElement(frame, qn("a:graphic")), qn("a:graphicData"),
                                uri="http://schemas.openxmlformats.org/drawingml/2006/table")
        tbl = etree.SubElement(data, qn("a:tbl"))
        tbl_pr = etree.SubElement(tbl, qn("a:tblPr"), firstRow="1", bandRow="1")
        etree.SubElement(tbl_pr, qn("a:tableStyleId")).text = TABLE_STYLE
        grid = etree.SubElement(tbl, qn("a:tblGrid"))
        widths = [int(r.width * share) for share in content.widths]
        widths[-1] += r.width - sum(widths)
        for width in widths:
            etree.SubElement(grid, qn("a:gridCol"), w=str(width))
        for row in rows:
            tr = etree.SubElement(tbl, qn("a:tr"), h=str(row_height))
            for c in range(len(widths)):
                tc = etree.SubElement(tr, qn("a:tc"))
                body = etree.SubElement(tc, qn("a:txBody"))
                etree.SubElement(body, qn("a:bodyPr"))
                etree.SubElement(body, qn("a:lstStyle"))
                spans = row[c] if c < len(row) else ()
                para = TextPara(spans, align=content.aligns[c], size=content.size)
                text.fill(body, (para,), own_bullets=False)
                etree.SubElement(tc, qn("a:tcPr"))

    def _add_footer(self, shapes: _Shapes, layout: _Layout, plan: SlidePlan) -> None:
        """New slides do not show the layout's footer and number; copy those shapes over."""
        for element in layout.footers:
            sp = shapes.copy_of(element)
            if _ph(sp).get("type") == "sldNum":
                for t in sp.iter(qn("a:t")):
                    t.text = str(plan.number)
                for fld in sp.iter(qn("a:fld")):
                    if fld.find(qn("a:rPr")) is None:
                        fld.insert(0, etree.Element(qn("a:rPr")))
                for props in sp.iter(qn("a:rPr"), qn("a:endParaRPr")):
                    props.set("lang", self.lang)
                continue
            paragraphs = sp.findall(f"{qn('p:txBody')}/{qn('a:p')}")
            if not paragraphs:
                continue
            for extra in paragraphs[1:]:
                extra.getparent().remove(extra)
            first = paragraphs[0]
            for child in list(first):
                if child.tag in (qn("a:r"), qn("a:fld"), qn("a:br")):
                    first.remove(child)
            run = etree.Element(qn("a:r"))
            etree.SubElement(run, qn("a:rPr"), lang=self.lang)
            etree.SubElement(run, qn("a:t")).text = plan.footer
            end = first.find(qn("a:endParaRPr"))
            if end is None:
                end = etree.SubElement(first, qn("a:endParaRPr"))
            end.set("lang", self.lang)
            end.addprevious(run)

    # -- notes -------------------------------------------------------------
    def _ensure_notes_master(self) -> str:
        if self.notes_master is not None:
            return self.notes_master
        found = self.pres_rels.of_type(ooxml.RT_NOTES_MASTER)
        part = found[0].target if found else self._import_notes_master()
        root = etree.fromstring(self.pkg.raw[part]) if part not in self.pkg.parsed else \
            self.pkg.parsed[part]
        for sp in root.iterfind(f"{qn('p:cSld')}/{qn('p:spTree')}/{qn('p:sp')}"):
            ph = _ph(sp)
            if ph is not None and ph.get("type", "obj") in ("sldImg", "body", "sldNum"):
                self.notes_cloneable.append({k: v for k, v in ph.attrib.items()
                                             if k in ("type", "orient", "sz", "idx")})
        if self.pres.find(qn("p:notesMasterIdLst")) is None:
            r_id = next(r.id for r in self.pres_rels.items.values() if r.target == part)
            id_list = etree.Element(qn("p:notesMasterIdLst"))
            etree.SubElement(id_list, qn("p:notesMasterId")).set(qn("r:id"), r_id)
            self.pres.find(qn("p:sldMasterIdLst")).addnext(id_list)
        self.notes_master = part
        return part

    def _import_notes_master(self) -> str:
        """Templates without a notes master borrow the default theme's."""
        source = Package(default_template_path().read_bytes())
        master = source.rels(source.rels("").of_type(ooxml.RT_OFFICE_DOCUMENT)[0].target) \
            .of_type(ooxml.RT_NOTES_MASTER)[0].target
        part, _ = self.pkg.next_name("ppt/notesMasters/notesMaster%d.xml")
        self.pkg.add_xml(part, etree.fromstring(source.raw[master]), ooxml.CT_NOTES_MASTER)
        for rel in source.rels(master).items.values():
            if rel.type == ooxml.RT_THEME:
                theme, _ = self.pkg.next_name("ppt/theme/theme%d.xml")
                self.pkg.add_xml(theme, etree.fromstring(source.raw[rel.target]),
                                 ooxml.CT_THEME)
                self.pkg.rels(part).add(ooxml.RT_THEME, theme)
        self.pres_rels.add(ooxml.RT_NOTES_MASTER, part)
        return part

    def _add_notes(self, slide_part: str, slide_rels: ooxml.Rels, plan: SlidePlan) -> None:
        master = self._ensure_notes_master()
        part, self.notes = self.pkg.next_name("ppt/notesSlides/notesSlide%d.xml",
                                              self.notes + 1)
        root = etree.fromstring(NOTES_XML)
        self.pkg.add_xml(part, root, ooxml.CT_NOTES_SLIDE)
        rels = self.pkg.rels(part)
        rels.add(ooxml.RT_NOTES_MASTER, master)
        rels.add(ooxml.RT_SLIDE, slide_part)
        slide_rels.add(ooxml.RT_NOTES_SLIDE, part)
        links: dict[str, str] = {}

        def relate(url: str) -> str:
            if url not in links:
                links[url] = rels.add(ooxml.RT_HYPERLINK, url, external=True)
            return links[url]

        shapes = _Shapes(root.find(f"{qn('p:cSld')}/{qn('p:spTree')}"))
        for attrs in self.notes_cloneable:
            sp = shapes.placeholder(attrs)
            if attrs.get("type") == "body":
                TextWriter(self.lang, relate).fill(sp.find(qn("p:txBody")), plan.notes,
                                                   own_bullets=True)
        self.pkg.freeze(part)

    # -- document ----------------------------------------------------------
    def finish(self, plan: DeckPlan) -> None:
        """Languages, core and app properties."""
        parts = [self.pres_part]
        for rel in self.pres_rels.items.values():
            if rel.type in (ooxml.RT_SLIDE_MASTER, ooxml.RT_NOTES_MASTER):
                parts.append(rel.target)
        for part in parts:
            root = self.pkg.xml(part)
            for el in root.iter(qn("a:defRPr"), qn("a:rPr"), qn("a:endParaRPr")):
                el.set("lang", self.lang)
        self._write_properties(plan)

    def _write_properties(self, plan: DeckPlan) -> None:
        meta = plan.meta
        stamp = meta.date.strftime("%Y-%m-%dT%H:%M:%SZ")
        root = etree.Element(qn("cp:coreProperties"), nsmap={
            k: NS[k] for k in ("cp", "dc", "dcterms", "xsi")})
        for tag, value in (
            ("dc:title", meta.title), ("dc:subject", meta.subject), ("dc:creator", meta.author),
            ("cp:keywords", meta.keywords), ("dc:description", meta.description),
            ("cp:lastModifiedBy", meta.author), ("cp:revision", "1"),
            ("dc:identifier", plan.pack_id), ("dc:language", meta.language),
        ):
            etree.SubElement(root, qn(tag)).text = value
        for tag in ("dcterms:created", "dcterms:modified"):
            el = etree.SubElement(root, qn(tag))
            el.set(qn("xsi:type"), "dcterms:W3CDTF")
            el.text = stamp
        size = self.pres.find(qn("p:sldSz"))
        width = int(size.get("cx", 1)) if size is not None else 1
        height = int(size.get("cy", 1)) if size is not None else 1
        fmt = "On-screen Show (16:9)" if abs(width / height - 16 / 9) < 0.01 else "Custom"
        app = etree.fromstring(APP_XML.format(app=GENERATOR, slides=len(plan.slides),
                                              notes=sum(1 for s in plan.slides if s.notes),
                                              fmt=fmt))
        package_rels = self.pkg.rels("")
        for rel_type, default, content_type, element in (
            (ooxml.RT_CORE, "docProps/core.xml", ooxml.CT_CORE, root),
            (ooxml.RT_EXTENDED, "docProps/app.xml", ooxml.CT_EXTENDED, app),
        ):
            found = package_rels.of_type(rel_type)
            part = found[0].target if found else default
            if not found:
                package_rels.add(rel_type, part)
            self.pkg.add_xml(part, element, content_type)


def write_deck(plan: DeckPlan) -> bytes:
    """Render a deck plan to .pptx bytes, identical for identical plans."""
    package = Package(Path(plan.template).read_bytes())
    deck = _DeckWriter(package, plan.meta.language)
    deck.drop_template_leftovers()
    for slide in plan.slides:
        deck.add_slide(slide)
    deck.finish(plan)
    return package.save(plan.meta.date)
