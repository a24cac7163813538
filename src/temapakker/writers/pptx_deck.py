"""Write a DeckPlan as an editable .pptx into a copy of the template.

The OOXML is written directly (as pandoc does) rather than through python-pptx: importing
python-pptx alone costs more than pandoc's whole run on a small deck, and its slide and
notes paths grow with the square of the slide count (python-pptx#644). The XML mirrors what
python-pptx writes, and the tests open every deck with python-pptx and LibreOffice.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from temapakker import GENERATOR
from temapakker.plan.deck import (
    CARD_INSETS,
    CardsContent,
    ChartContent,
    DeckPlan,
    FiguresContent,
    PictureContent,
    Region,
    SlidePlan,
    TableContent,
    TextContent,
    TextFit,
    TimelineContent,
)
from temapakker.plan.text import TextPara
from temapakker.read.files import MAX_PICTURE, digest_file, read_head, regular_file
from temapakker.template import Layout, Rect, default_template_path
from temapakker.writers import ooxml
from temapakker.writers.ooxml import NS, Package, qn
from temapakker.writers.pptx_chart import (
    CT_CHART,
    CT_XLSX,
    RT_CHART,
    RT_PACKAGE,
    C,
    chart_workbook,
    chart_xml,
)
from temapakker.writers.pptx_text import TextWriter, list_style, solid_fill

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
    """A layout's part, its placeholders in document order (with the attributes a slide's
    copy gets, None for footers, which are copied whole) and their boxes, and its footers.

    ``positional`` is set when placeholders leave out idx (LibreOffice saves them so):
    python-pptx and PowerPoint match a slide's placeholder to its layout's by idx, so on
    such layouts every placeholder a slide fills gets its box written out.
    """

    part: str
    placeholders: list[dict[str, str] | None]
    boxes: list[Any]
    footers: list[Any]

    @property
    def positional(self) -> bool:
        """Some placeholder has no idx, or two share type and idx."""
        keys = [(a.get("type", "obj"), a.get("idx")) for a in self.placeholders
                if a is not None]
        return any(idx is None for _, idx in keys) or len(set(keys)) < len(keys)


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


def _styled_footer(sp: Any, master: Any | None) -> Any:
    """A layout's footer or slide-number shape, with what it leaves to the master filled in
    from the master: LibreOffice draws a slide's footer with the layout's own text style
    only, so one that inherits everything comes out serif and black."""
    sp = copy.deepcopy(sp)
    if master is None:
        return sp
    sp_pr, source_pr = sp.find(qn("p:spPr")), master.find(qn("p:spPr"))
    if sp_pr is not None and source_pr is not None:
        if sp_pr.find(qn("a:xfrm")) is None and source_pr.find(qn("a:xfrm")) is not None:
            sp_pr.insert(0, copy.deepcopy(source_pr.find(qn("a:xfrm"))))
        if all(child.tag == qn("a:xfrm") for child in sp_pr):  # geometry, fill and line
            sp_pr.extend(copy.deepcopy(child) for child in source_pr
                         if child.tag != qn("a:xfrm"))
    body, source = sp.find(qn("p:txBody")), master.find(qn("p:txBody"))
    if body is None or source is None:
        return sp
    body_pr, source_pr = body.find(qn("a:bodyPr")), source.find(qn("a:bodyPr"))
    if body_pr is not None and source_pr is not None:
        for key, value in source_pr.attrib.items():
            if body_pr.get(key) is None:
                body_pr.set(key, value)
    style, source_style = body.find(qn("a:lstStyle")), source.find(qn("a:lstStyle"))
    if style is not None and len(style):
        return sp
    if source_style is None or not len(source_style):
        # the master styles its footer on the text itself: lift that into a list style
        props = next(source.iter(qn("a:rPr"), qn("a:endParaRPr")), None)
        if props is None:
            return sp
        source_style = etree.Element(qn("a:lstStyle"))
        level = etree.SubElement(source_style, qn("a:lvl1pPr"))
        ppr = source.find(f"{qn('a:p')}/{qn('a:pPr')}")
        if ppr is not None:
            level.attrib.update({k: v for k, v in ppr.attrib.items() if k != "lvl"})
        default = etree.SubElement(level, qn("a:defRPr"), {
            k: v for k, v in props.attrib.items() if k in ("sz", "b", "i")})
        for child in props:
            default.append(copy.deepcopy(child))
    if style is not None:
        body.remove(style)
    body.find(qn("a:bodyPr")).addnext(copy.deepcopy(source_style))
    return sp


def _default_notes_master() -> tuple[Package, str, str]:
    """The built-in theme's package, its presentation part and its notes master part."""
    source = Package(default_template_path().read_bytes())
    presentation = source.rels("").of_type(ooxml.RT_OFFICE_DOCUMENT)[0].target
    master = source.rels(presentation).of_type(ooxml.RT_NOTES_MASTER)[0].target
    return source, presentation, master


def _shape_id(shape: Any) -> str:
    return str(shape.find(f"*/{qn('p:cNvPr')}").get("id"))


def _timing(builds: list[tuple[str, tuple[TextPara, ...]]]) -> Any | None:
    """PowerPoint's «Appear» on click for each paragraph that asks for it (the items of an
    incremental list), in reading order; None when nothing appears on a click."""
    clicks = [(shape, n) for shape, paragraphs in builds
              for n, para in enumerate(paragraphs) if para.appear]
    if not clicks:
        return None
    ids = iter(range(1, 10_000))
    timing = etree.Element(qn("p:timing"))
    root = etree.SubElement(etree.SubElement(etree.SubElement(timing, qn("p:tnLst")),
                                             qn("p:par")), qn("p:cTn"), id=str(next(ids)),
                            dur="indefinite", restart="never", nodeType="tmRoot")
    seq = etree.SubElement(etree.SubElement(root, qn("p:childTnLst")), qn("p:seq"),
                           concurrent="1", nextAc="seek")
    main = etree.SubElement(seq, qn("p:cTn"), id=str(next(ids)), dur="indefinite",
                            nodeType="mainSeq")
    steps = etree.SubElement(main, qn("p:childTnLst"))
    for shape, n in clicks:
        node: Any = steps
        for delay, extra in (("indefinite", {}), ("0", {}),
                             ("0", {"presetID": "1", "presetClass": "entr",
                                    "presetSubtype": "0", "grpId": "0",
                                    "nodeType": "clickEffect"})):
            ctn = etree.SubElement(etree.SubElement(node, qn("p:par")), qn("p:cTn"),
                                   {"id": str(next(ids)), "fill": "hold", **extra})
            etree.SubElement(etree.SubElement(ctn, qn("p:stCondLst")), qn("p:cond"),
                             delay=delay)
            node = etree.SubElement(ctn, qn("p:childTnLst"))
        show = etree.SubElement(node, qn("p:set"))
        behaviour = etree.SubElement(show, qn("p:cBhvr"))
        ctn = etree.SubElement(behaviour, qn("p:cTn"), id=str(next(ids)), dur="1",
                               fill="hold")
        etree.SubElement(etree.SubElement(ctn, qn("p:stCondLst")), qn("p:cond"), delay="0")
        target = etree.SubElement(etree.SubElement(behaviour, qn("p:tgtEl")), qn("p:spTgt"),
                                  spid=shape)
        etree.SubElement(etree.SubElement(target, qn("p:txEl")), qn("p:pRg"), st=str(n),
                         end=str(n))
        names = etree.SubElement(behaviour, qn("p:attrNameLst"))
        etree.SubElement(names, qn("p:attrName")).text = "style.visibility"
        to = etree.SubElement(show, qn("p:to"))
        etree.SubElement(to, qn("p:strVal"), val="visible")
    for tag, event in (("p:prevCondLst", "onPrev"), ("p:nextCondLst", "onNext")):
        cond = etree.SubElement(etree.SubElement(seq, qn(tag)), qn("p:cond"), evt=event,
                                delay="0")
        etree.SubElement(etree.SubElement(cond, qn("p:tgtEl")), qn("p:sldTgt"))
    built = etree.SubElement(timing, qn("p:bldLst"))
    for shape in dict.fromkeys(shape for shape, _ in clicks):
        etree.SubElement(built, qn("p:bldP"), spid=shape, grpId="0", uiExpand="1", build="p")
    return timing


def _autofit(body_pr: Any, fit: TextFit) -> None:
    """Shrink on overflow, with the scale the plan measured, so PowerPoint and LibreOffice
    show the text shrunk from the start (PowerPoint would compute it only after an edit)."""
    autofit = etree.SubElement(body_pr, qn("a:normAutofit"))
    if fit.font_scale < 1:
        autofit.set("fontScale", str(round(fit.font_scale * 100000)))
    if fit.line_cut:
        autofit.set("lnSpcReduction", str(round(fit.line_cut * 100000)))


def _xfrm(parent: Any, tag: str, r: Rect) -> None:
    xfrm = etree.SubElement(parent, qn(tag))
    etree.SubElement(xfrm, qn("a:off"), x=str(r.left), y=str(r.top))
    etree.SubElement(xfrm, qn("a:ext"), cx=str(r.width), cy=str(r.height))


class _DeckWriter:
    """Adds slides, notes, pictures and properties to a template package."""

    def __init__(self, package: Package, lang: str,
                 date: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)) -> None:
        self.pkg = package
        self.lang = lang
        self.date = date  # the deck's date, also the embedded workbooks' (same bytes twice)
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
        """Every layout of every master, by part name."""
        layouts: dict[str, _Layout] = {}
        for master_id in self.pres.iterfind(f"{qn('p:sldMasterIdLst')}/{qn('p:sldMasterId')}"):
            master = self.pres_rels.items[master_id.get(qn("r:id"))].target
            footers = self._master_footers(master)
            for rel in self.pkg.rels(master).of_type(ooxml.RT_SLIDE_LAYOUT):
                layouts[rel.target] = self._layout(rel.target, self._read(rel.target),
                                                   footers)
        return layouts

    def _read(self, part: str) -> Any:
        """A part's XML to read from, without marking it for writing."""
        if part in self.pkg.parsed:
            return self.pkg.parsed[part]
        return etree.fromstring(self.pkg.raw[part])

    def _master_footers(self, master: str) -> dict[str, Any]:
        footers: dict[str, Any] = {}
        for sp in self._read(master).iterfind(
                f"{qn('p:cSld')}/{qn('p:spTree')}/{qn('p:sp')}"):
            ph = _ph(sp)
            if ph is not None and ph.get("type") in ("ftr", "sldNum"):
                footers.setdefault(ph.get("type"), sp)
        return footers

    @staticmethod
    def _layout(part: str, root: Any, master_footers: dict[str, Any]) -> _Layout:
        placeholders: list[dict[str, str] | None] = []
        boxes, footers = [], []
        for sp in root.iterfind(f"{qn('p:cSld')}/{qn('p:spTree')}/{qn('p:sp')}"):
            ph = _ph(sp)
            if ph is None:
                continue
            kind = ph.get("type", "obj")
            if kind in ("ftr", "sldNum"):
                footers.append(_styled_footer(sp, master_footers.get(kind)))
            placeholders.append(None if kind in LATENT else
                                {k: v for k, v in ph.attrib.items()
                                 if k in ("type", "orient", "sz", "idx")})
            boxes.append(sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}"))
        return _Layout(part, placeholders, boxes, footers)

    def add_layout(self, layout: Layout) -> None:
        """Copy a built-in layout into the template's master (the template has none of its
        role)."""
        assert layout.xml is not None
        part, _ = self.pkg.next_name("ppt/slideLayouts/slideLayout%d.xml")
        root = etree.fromstring(layout.xml)
        self.pkg.add_xml(part, root, ooxml.CT_SLIDE_LAYOUT)
        self.pkg.rels(part).add(ooxml.RT_SLIDE_MASTER, layout.master)
        r_id = self.pkg.rels(layout.master).add(ooxml.RT_SLIDE_LAYOUT, part)
        master = self.pkg.xml(layout.master)
        id_list = master.find(qn("p:sldLayoutIdLst"))
        if id_list is None:
            id_list = etree.Element(qn("p:sldLayoutIdLst"))
            master.find(qn("p:clrMap")).addnext(id_list)
        # layout and master ids share one space above 2^31
        used = [int(el.get("id", "0")) for el in self.pres.iter(qn("p:sldMasterId"))]
        for rel in self.pres_rels.of_type(ooxml.RT_SLIDE_MASTER):
            used += [int(el.get("id", "0"))
                     for el in self.pkg.xml(rel.target).iter(qn("p:sldLayoutId"))]
        etree.SubElement(id_list, qn("p:sldLayoutId"),
                         id=str(max([2147483647, *used]) + 1)).set(qn("r:id"), r_id)
        self.layouts[layout.key] = self._layout(part, root, self._master_footers(layout.master))

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
        if plan.background is not None:
            self._add_background(root, rels, plan.background)
        shapes = _Shapes(root.find(f"{qn('p:cSld')}/{qn('p:spTree')}"))
        title: Any = None
        placeholders: dict[int, Any] = {}
        for n, attrs in enumerate(layout.placeholders):
            if attrs is None:
                continue
            sp = shapes.placeholder(attrs)
            if layout.positional and layout.boxes[n] is not None:
                sp.find(qn("p:spPr")).append(copy.deepcopy(layout.boxes[n]))
            if attrs.get("type") in ("title", "ctrTitle") and title is None:
                title = sp
            else:
                placeholders[n] = sp
        if title is not None:
            if plan.title:
                text.fill(title.find(qn("p:txBody")), (TextPara(plan.title),), own_bullets=False)
            else:
                shapes.tree.remove(title)
        elif plan.title_box is not None:
            self._add_shape(shapes, rels, plan.title_box, text)
        used: set[int] = set()
        builds: list[tuple[str, tuple[TextPara, ...]]] = []  # shapes whose text has clicks
        for region in plan.regions:
            at = region.placeholder
            target: Any = placeholders.get(at) if at is not None else None
            body = target.find(qn("p:txBody")) if target is not None else None
            if at is not None and body is not None and isinstance(region.content, TextContent):
                text.fill(body, region.content.paragraphs,
                          own_bullets=region.content.own_bullets)
                if region.content.fit is not None:
                    _autofit(body.find(qn("a:bodyPr")), region.content.fit)
                builds.append((_shape_id(target), region.content.paragraphs))
                if layout.positional:
                    sp_pr = target.find(qn("p:spPr"))
                    sp_pr.clear()
                    _xfrm(sp_pr, "a:xfrm", region.rect)
                used.add(at)
            else:
                added = self._add_shape(shapes, rels, region, text)
                if isinstance(region.content, TextContent):
                    builds.append((_shape_id(added), region.content.paragraphs))
        for xml in plan.raw_shapes:
            shape = etree.fromstring(xml)
            for c_nv_pr in shape.iter(qn("p:cNvPr")):
                c_nv_pr.set("id", shapes.ids("Raw")[0])
            shapes.tree.append(shape)
        timing = _timing(builds)
        if timing is not None:
            root.append(timing)
        for k, unused in placeholders.items():
            if k not in used:
                shapes.tree.remove(unused)
        if plan.footer is not None:
            self._add_footer(shapes, layout, plan)
        if plan.notes:
            self._add_notes(part, rels, plan)
        self.pkg.freeze(part)

    def _add_shape(self, shapes: _Shapes, rels: ooxml.Rels, region: Region,
                   text: TextWriter) -> Any:
        """The shape for a region that has no placeholder, added to the slide."""
        content = region.content
        if isinstance(content, PictureContent):
            return self._add_picture(shapes, rels, region.rect, content)
        if isinstance(content, TableContent):
            return self._add_table(shapes, region.rect, content, text)
        if isinstance(content, FiguresContent):
            return self._add_figures(shapes, content, text)
        if isinstance(content, ChartContent):
            return self._add_chart(shapes, rels, region.rect, content)
        if isinstance(content, TimelineContent):
            return self._add_timeline(shapes, content, text)
        if isinstance(content, CardsContent):
            return self._add_cards(shapes, content, text)
        return self._add_text(shapes, region.rect, content, text)

    def _add_timeline(self, shapes: _Shapes, content: TimelineContent,
                      text: TextWriter) -> Any:
        """A timeline as one group of native shapes: the line, a circle per moment and a
        text box per label, each of them editable."""
        assert content.line is not None
        boxes = [content.line, *content.markers, *content.labels]
        left, top = min(b.left for b in boxes), min(b.top for b in boxes)
        bounds = Rect(left, top, max(b.right for b in boxes) - left,
                      max(b.bottom for b in boxes) - top)
        shape_id, name = shapes.ids("Timeline")
        group = etree.SubElement(shapes.tree, qn("p:grpSp"))
        nv = etree.SubElement(group, qn("p:nvGrpSpPr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
        etree.SubElement(nv, qn("p:cNvGrpSpPr"))
        etree.SubElement(nv, qn("p:nvPr"))
        xfrm = etree.SubElement(etree.SubElement(group, qn("p:grpSpPr")), qn("a:xfrm"))
        for tag, x, y in (("a:off", "x", "y"), ("a:ext", "cx", "cy"),
                          ("a:chOff", "x", "y"), ("a:chExt", "cx", "cy")):
            at = (bounds.left, bounds.top) if x == "x" else (bounds.width, bounds.height)
            etree.SubElement(xfrm, qn(tag), {x: str(at[0]), y: str(at[1])})
        outer, shapes.tree = shapes.tree, group
        try:
            self._add_geometry(shapes, "Connector", content.line, "line", content.colour)
            for marker in content.markers:
                self._add_geometry(shapes, "Oval", marker, "ellipse", content.colour)
            for n, label in enumerate(content.labels):
                self._add_text(shapes, label, TextContent(
                    content.paragraphs(n), anchor="bottom" if content.above[n] else "top"),
                    text)
        finally:
            shapes.tree = outer
        return group

    @staticmethod
    def _add_geometry(shapes: _Shapes, base: str, r: Rect, preset: str, colour: str) -> Any:
        """A line (drawn in the colour) or a shape (filled with it, edged in the
        background colour)."""
        shape_id, name = shapes.ids(base)
        line = preset == "line"
        sp = etree.SubElement(shapes.tree, qn("p:cxnSp" if line else "p:sp"))
        nv = etree.SubElement(sp, qn("p:nvCxnSpPr" if line else "p:nvSpPr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
        etree.SubElement(nv, qn("p:cNvCxnSpPr" if line else "p:cNvSpPr"))
        etree.SubElement(nv, qn("p:nvPr"))
        sp_pr = etree.SubElement(sp, qn("p:spPr"))
        _xfrm(sp_pr, "a:xfrm", r)
        etree.SubElement(etree.SubElement(sp_pr, qn("a:prstGeom"), prst=preset),
                         qn("a:avLst"))
        if not line:
            solid_fill(sp_pr, colour)
        edge = etree.SubElement(sp_pr, qn("a:ln"), w="28575" if line else "19050")
        solid_fill(edge, colour if line else "bg1")
        return sp

    def _add_chart(self, shapes: _Shapes, rels: ooxml.Rels, r: Rect,
                   content: ChartContent) -> Any:
        """A native chart: its part, its embedded workbook («Edit data»), and the frame
        on the slide that shows it, with the chart's alt text."""
        part, _ = self.pkg.next_name("ppt/charts/chart%d.xml")
        book, _ = self.pkg.next_name("ppt/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
        self.pkg.defaults.setdefault("xlsx", CT_XLSX)
        self.pkg.add_blob(book, chart_workbook(content, self.date))
        book_rel = self.pkg.rels(part).add(RT_PACKAGE, book)
        self.pkg.add_xml(part, chart_xml(content, book_rel), CT_CHART)
        self.pkg.freeze(part)
        shape_id, name = shapes.ids("Chart")
        frame = etree.SubElement(shapes.tree, qn("p:graphicFrame"))
        nv = etree.SubElement(frame, qn("p:nvGraphicFramePr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name, descr=content.alt)
        etree.SubElement(nv, qn("p:cNvGraphicFramePr"))
        etree.SubElement(nv, qn("p:nvPr"))
        _xfrm(frame, "p:xfrm", r)
        data = etree.SubElement(etree.SubElement(frame, qn("a:graphic")), qn("a:graphicData"),
                                uri=C)
        chart = etree.SubElement(data, f"{{{C}}}chart", nsmap={"c": C})
        chart.set(qn("r:id"), rels.add(RT_CHART, part))
        return frame

    def _add_figures(self, shapes: _Shapes, content: FiguresContent, text: TextWriter) -> Any:
        """Key figures: a text box each, number over label, so each stays editable."""
        added = None
        for n, box in enumerate(content.boxes):
            added = self._add_text(shapes, box, TextContent(content.paragraphs(n)), text)
        return added

    @staticmethod
    def _add_cards(shapes: _Shapes, content: CardsContent, text: TextWriter) -> Any:
        """Cards: a rounded rectangle each, filled with its theme accent and holding its
        own text, so each card moves, restyles and is edited as one shape."""
        added = None
        for n, box in enumerate(content.boxes):
            shape_id, name = shapes.ids("Card")
            added = sp = etree.SubElement(shapes.tree, qn("p:sp"))
            nv = etree.SubElement(sp, qn("p:nvSpPr"))
            etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
            etree.SubElement(nv, qn("p:cNvSpPr"))
            etree.SubElement(nv, qn("p:nvPr"))
            sp_pr = etree.SubElement(sp, qn("p:spPr"))
            _xfrm(sp_pr, "a:xfrm", box)
            geometry = etree.SubElement(sp_pr, qn("a:prstGeom"), prst="roundRect")
            # corners a tenth of the card's shorter side: PowerPoint's default is a sixth
            etree.SubElement(etree.SubElement(geometry, qn("a:avLst")), qn("a:gd"),
                             name="adj", fmla="val 10000")
            solid_fill(sp_pr, content.fills[n])
            etree.SubElement(etree.SubElement(sp_pr, qn("a:ln")), qn("a:noFill"))
            body = etree.SubElement(sp, qn("p:txBody"))
            body_pr = etree.SubElement(body, qn("a:bodyPr"), wrap="square", anchor="ctr")
            for attr, inset in zip(("lIns", "tIns", "rIns", "bIns"), CARD_INSETS,
                                   strict=True):
                body_pr.set(attr, str(inset))
            etree.SubElement(body_pr, qn("a:noAutofit"))
            etree.SubElement(body, qn("a:lstStyle"))
            text.fill(body, content.paragraphs(n), own_bullets=True)
        return added

    def _add_text(self, shapes: _Shapes, rect: Rect, content: TextContent,
                  text: TextWriter) -> Any:
        """A text box at rect."""
        shape_id, name = shapes.ids("TextBox")
        sp = etree.SubElement(shapes.tree, qn("p:sp"))
        nv = etree.SubElement(sp, qn("p:nvSpPr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
        etree.SubElement(nv, qn("p:cNvSpPr"), txBox="1")
        etree.SubElement(nv, qn("p:nvPr"))
        sp_pr = etree.SubElement(sp, qn("p:spPr"))
        _xfrm(sp_pr, "a:xfrm", rect)
        etree.SubElement(etree.SubElement(sp_pr, qn("a:prstGeom"), prst="rect"),
                         qn("a:avLst"))
        etree.SubElement(sp_pr, qn("a:noFill"))
        body = etree.SubElement(sp, qn("p:txBody"))
        body_pr = etree.SubElement(body, qn("a:bodyPr"), wrap="square")
        if content.anchor in ("middle", "bottom"):
            body_pr.set("anchor", "ctr" if content.anchor == "middle" else "b")
        if content.fit is not None:
            _autofit(body_pr, content.fit)
        else:
            etree.SubElement(body_pr, qn("a:noAutofit"))
        if content.look is not None:  # the template's body style, bullets and all
            for attr, inset in zip(("lIns", "tIns", "rIns", "bIns"), content.look.insets,
                                   strict=True):
                body_pr.set(attr, str(inset))
            body.append(list_style(content.look))
            text.fill(body, content.paragraphs, own_bullets=False)
            return sp
        etree.SubElement(body, qn("a:lstStyle"))
        text.fill(body, content.paragraphs, own_bullets=True, default_size=content.size)
        return sp

    def _relate_image(self, rels: ooxml.Rels, path: Path) -> str:
        """A relationship to a picture's part, each picture stored once in the package."""
        # Checked again as the pack's other files are, then copied into the zip from the
        # file when the deck is saved: a picture is never held whole in memory.
        real = regular_file(path, None, MAX_PICTURE)
        digest = digest_file(real, MAX_PICTURE)
        if digest not in self.images:
            ext = ooxml.image_extension(read_head(real, 8))
            part, _ = self.pkg.next_name(f"ppt/media/image%d.{ext}", len(self.images) + 1)
            self.pkg.add_file(part, ooxml.FileData(real, MAX_PICTURE))
            self.images[digest] = part
        return rels.add(ooxml.RT_IMAGE, self.images[digest])

    def _add_background(self, root: Any, rels: ooxml.Rels, path: Path) -> None:
        """A picture stretched over the whole slide, as pandoc's background-image does."""
        bg = etree.Element(qn("p:bg"))
        bg_pr = etree.SubElement(bg, qn("p:bgPr"))
        fill = etree.SubElement(bg_pr, qn("a:blipFill"), dpi="0", rotWithShape="1")
        etree.SubElement(fill, qn("a:blip")).set(qn("r:embed"), self._relate_image(rels, path))
        etree.SubElement(etree.SubElement(fill, qn("a:stretch")), qn("a:fillRect"))
        etree.SubElement(bg_pr, qn("a:effectLst"))
        root.find(qn("p:cSld")).insert(0, bg)

    def _add_picture(self, shapes: _Shapes, rels: ooxml.Rels, r: Rect,
                     content: PictureContent) -> Any:
        r_id = self._relate_image(rels, content.path)
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
        return pic

    def _add_table(self, shapes: _Shapes, r: Rect, content: TableContent,
                   text: TextWriter) -> Any:
        rows = (content.header, *content.rows) if content.header else content.rows
        heights = content.row_heights or (r.height // len(rows),) * len(rows)
        shape_id, name = shapes.ids("Table")
        frame = etree.SubElement(shapes.tree, qn("p:graphicFrame"))
        nv = etree.SubElement(frame, qn("p:nvGraphicFramePr"))
        etree.SubElement(nv, qn("p:cNvPr"), id=shape_id, name=name)
        locks = etree.SubElement(etree.SubElement(nv, qn("p:cNvGraphicFramePr")),
                                 qn("a:graphicFrameLocks"))
        locks.set("noGrp", "1")
        etree.SubElement(nv, qn("p:nvPr"))
        _xfrm(frame, "p:xfrm", Rect(r.left, r.top, r.width, sum(heights)))
        data = etree.SubElement(etree.SubElement(frame, qn("a:graphic")), qn("a:graphicData"),
                                uri="http://schemas.openxmlformats.org/drawingml/2006/table")
        tbl = etree.SubElement(data, qn("a:tbl"))
        tbl_pr = etree.SubElement(tbl, qn("a:tblPr"), bandRow="1")
        if content.header:
            tbl_pr.set("firstRow", "1")
        etree.SubElement(tbl_pr, qn("a:tableStyleId")).text = content.style
        grid = etree.SubElement(tbl, qn("a:tblGrid"))
        widths = [int(r.width * share) for share in content.widths]
        widths[-1] += r.width - sum(widths)
        for width in widths:
            etree.SubElement(grid, qn("a:gridCol"), w=str(width))
        for n, (row, height) in enumerate(zip(rows, heights, strict=True)):
            tr = etree.SubElement(tbl, qn("a:tr"), h=str(height))
            # the style makes the header bold in PowerPoint; LibreOffice needs it said
            header = n == 0 and bool(content.header)
            for c in range(len(widths)):
                tc = etree.SubElement(tr, qn("a:tc"))
                body = etree.SubElement(tc, qn("a:txBody"))
                etree.SubElement(body, qn("a:bodyPr"))
                etree.SubElement(body, qn("a:lstStyle"))
                spans = row[c] if c < len(row) else ()
                para = TextPara(spans, align=content.aligns[c], size=content.size,
                                bold=header)
                text.fill(body, (para,), own_bullets=False)
                tc_pr = etree.SubElement(tc, qn("a:tcPr"), anchor="ctr")
                if content.padding:
                    tc_pr.set("marT", str(content.padding))
                    tc_pr.set("marB", str(content.padding))
        return frame

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
        root = self._read(part)
        kinds = [_ph(sp).get("type", "obj") for sp in root.iterfind(
            f"{qn('p:cSld')}/{qn('p:spTree')}/{qn('p:sp')}") if _ph(sp) is not None]
        if "body" not in kinds:
            root = self._add_notes_body(part)
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

    def _add_notes_body(self, part: str) -> Any:
        """A notes master without a place for notes text gets the built-in theme's, scaled
        to its notes page, so speaker notes are not lost."""
        source, presentation, master = _default_notes_master()
        theirs: Any = etree.fromstring(source.raw[master])
        body = next(sp for sp in theirs.iterfind(
            f"{qn('p:cSld')}/{qn('p:spTree')}/{qn('p:sp')}")
            if _ph(sp) is not None and _ph(sp).get("type") == "body")
        body = copy.deepcopy(body)
        their_size: Any
        ours_size = self.pres.find(qn("p:notesSz"))
        their_size = etree.fromstring(source.raw[presentation]).find(qn("p:notesSz"))
        if ours_size is not None and their_size is not None:
            sx = int(ours_size.get("cx")) / int(their_size.get("cx"))
            sy = int(ours_size.get("cy")) / int(their_size.get("cy"))
            for el in body.iter(qn("a:off"), qn("a:ext")):
                for key, scale in (("x", sx), ("cx", sx), ("y", sy), ("cy", sy)):
                    if el.get(key) is not None:
                        el.set(key, str(round(int(el.get(key)) * scale)))
        root = self.pkg.xml(part)
        tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        ids = [int(el.get("id", "0")) for el in tree.iter(qn("p:cNvPr"))]
        body.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}").set("id", str(max([1, *ids]) + 1))
        idxs = {_ph(sp).get("idx") for sp in tree.iterfind(qn("p:sp")) if _ph(sp) is not None}
        if _ph(body).get("idx") in idxs:
            _ph(body).set("idx", str(max(int(i or 0) for i in idxs) + 1))
        tree.append(body)
        return root

    def _import_notes_master(self) -> str:
        """Templates without a notes master borrow the default theme's."""
        source, _, master = _default_notes_master()
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
        self._add_missing_props()
        self._write_properties(plan)

    def _add_missing_props(self) -> None:
        """Presentation and view properties, empty, where the template has none (a template
        saved by LibreOffice): PowerPoint offers to repair a deck without view properties."""
        for rel_type, part, content_type, tag in (
            (ooxml.RT_PRES_PROPS, "ppt/presProps.xml", ooxml.CT_PRES_PROPS, "p:presentationPr"),
            (ooxml.RT_VIEW_PROPS, "ppt/viewProps.xml", ooxml.CT_VIEW_PROPS, "p:viewPr"),
        ):
            if self.pres_rels.of_type(rel_type):
                continue
            self.pres_rels.add(rel_type, part)
            self.pkg.add_xml(part, etree.Element(qn(tag), nsmap={
                k: NS[k] for k in ("a", "r", "p")}), content_type)

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


def write_deck(plan: DeckPlan, target: BinaryIO) -> None:
    """Write a deck plan as .pptx to a file, identical for identical plans."""
    package = Package(Path(plan.template).read_bytes())
    deck = _DeckWriter(package, plan.meta.language, plan.meta.date)
    deck.drop_template_leftovers()
    for layout in plan.added_layouts:
        deck.add_layout(layout)
    for slide in plan.slides:
        deck.add_slide(slide)
    deck.finish(plan)
    package.save_to(target, plan.meta.date)
