"""Run sheet and handout as editable Word documents. The only module that imports python-docx."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from temapakker import GENERATOR
from temapakker.model import (
    LANGUAGE_TAGS,
    Block,
    CodeBlock,
    Columns,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    plain,
)
from temapakker.plan.handout import HandoutPlan
from temapakker.plan.runsheet import RunSheetPlan
from temapakker.writers.ooxml import Package

ACCENT = RGBColor(0x0F, 0x3B, 0x5F)
MUTED = RGBColor(0x2F, 0x3B, 0x47)


class _Doc:
    """A document on A4 in the pack's language, with helpers for our content."""

    def __init__(self, language: str) -> None:
        self.doc = Document()
        self.lang = LANGUAGE_TAGS.get(language, "nb-NO")
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(18))
        section.top_margin, section.bottom_margin = Mm(16), Mm(18)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(4)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            self.doc.styles[name].font.color.rgb = ACCENT
        self._set_language()

    def _set_language(self) -> None:
        """Word's proofing language for the whole document, in its default run properties."""
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:val"), self.lang)

    # -- text ---------------------------------------------------------------
    def spans(self, paragraph: Any, spans: Inline) -> None:
        for span in spans:
            parts = span.text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    paragraph.add_run().add_break(WD_BREAK.LINE)
                if not part:
                    continue
                if span.link:
                    self._hyperlink(paragraph, part, span.link, span.bold, span.italic)
                    if span.link.startswith("http") and span.link != part:
                        # printed copies need the address, not only the blue words
                        note = paragraph.add_run(f" ({span.link})")
                        note.font.color.rgb = MUTED
                    continue
                run = paragraph.add_run(part)
                run.bold = span.bold or None
                run.italic = span.italic or None
                run.font.strike = span.strike or None
                run.font.underline = span.underline or None
                run.font.small_caps = span.smallcaps or None
                run.font.superscript = span.baseline > 0 or None
                run.font.subscript = span.baseline < 0 or None
                if span.code:
                    run.font.name = "Consolas"

    def _hyperlink(self, paragraph: Any, text: str, url: str, bold: bool, italic: bool) -> None:
        r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        r_pr = OxmlElement("w:rPr")  # direct formatting: the default styles have no Hyperlink
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "1565A8")
        r_pr.append(color)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        r_pr.append(underline)
        for flag, tag in ((bold, "w:b"), (italic, "w:i")):
            if flag:
                r_pr.append(OxmlElement(tag))
        run.append(r_pr)
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        run.append(t)
        link.append(run)
        paragraph._p.append(link)

    def para(self, text: str = "", style: str | None = None, bold: bool = False,
             muted: bool = False) -> Any:
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            if muted:
                run.font.color.rgb = MUTED
        return paragraph

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                if block.heading:
                    self.spans(self.doc.add_heading(level=3), block.spans)
                else:
                    self.spans(self.doc.add_paragraph(), block.spans)
            elif isinstance(block, ListBlock):
                self.list(block, 0)
            elif isinstance(block, Quote):
                for p in block.paragraphs:
                    self.spans(self.doc.add_paragraph(style="Quote"), p.spans)
            elif isinstance(block, CodeBlock):
                run = self.doc.add_paragraph().add_run(block.text)
                run.font.name = "Consolas"
            elif isinstance(block, Image):
                self.doc.add_paragraph().add_run(block.alt).italic = True
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Columns):
                for column in block.columns:
                    self.blocks(column.blocks)

    def list(self, block: ListBlock, level: int) -> None:
        depth = min(level, 2)
        base = "List Number" if block.ordered else "List Bullet"
        style = base if depth == 0 else f"{base} {depth + 1}"
        num_id = self.restart_numbering(block.start) if block.ordered and level == 0 else None
        for item in block.items:
            paragraph = self.doc.add_paragraph(style=style)
            if num_id is not None:
                self.set_numbering(paragraph, num_id)
            self.spans(paragraph, item.spans)
            for child in item.children:
                self.list(child, level + 1)

    @staticmethod
    def set_numbering(paragraph: Any, num_id: int) -> None:
        """Put a paragraph into a numbering instance at level 0."""
        p_pr = paragraph._p.get_or_add_pPr()
        for old in p_pr.findall(qn("w:numPr")):
            p_pr.remove(old)
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", 0), ("w:numId", num_id)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(value))
            num_pr.append(el)
        style = p_pr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(num_pr)
        else:
            p_pr.insert(0, num_pr)

    def restart_numbering(self, start: int) -> int:
        """A new numbering instance, so each numbered list starts at its own first number."""
        numbering = self.doc.part.numbering_part.element
        style = self.doc.styles["List Number"].element
        base_num = style.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(base_num).abstractNumId.val
        num = numbering.add_num(abstract)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_el = OxmlElement("w:startOverride")
        start_el.set(qn("w:val"), str(start))
        override.append(start_el)
        num.append(override)
        return int(num.numId)

    def table(self, block: Table) -> None:
        rows = (block.header, *block.rows) if block.header else block.rows
        cols = max((len(r) for r in rows), default=1)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c in range(cols):
                paragraph = table.cell(r, c).paragraphs[0]
                self.spans(paragraph, row[c] if c < len(row) else ())
                if r == 0 and block.header:
                    for run in paragraph.runs:
                        run.bold = True
        if block.header:
            self.repeat_header(table)
        if block.caption:
            self.spans(self.doc.add_paragraph(style="Caption"), block.caption)

    @staticmethod
    def set_widths(table: Any, widths: tuple[Any, ...]) -> None:
        """Fixed column widths that Word and LibreOffice both honour (grid and cells)."""
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    @staticmethod
    def repeat_header(table: Any) -> None:
        """Repeat the first row on each page and keep every row on one page."""
        for i, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if i == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- saving -------------------------------------------------------------
    def save(self, title: str, subject: str, language: str, date: dt.date) -> bytes:
        core = self.doc.core_properties
        when = dt.datetime.combine(date, dt.time())
        core.title = title
        core.subject = subject
        core.author = GENERATOR
        core.last_modified_by = GENERATOR
        core.comments = ""
        core.keywords = ""
        core.category = ""
        core.language = LANGUAGE_TAGS.get(language, "nb-NO")
        core.revision = 1
        core.created = when
        core.modified = when
        core.last_printed = when
        buffer = io.BytesIO()
        self.doc.save(buffer)
        package = Package(buffer.getvalue())
        # python-docx's template carries Word 2010's stylesWithEffects.xml, a copy of the
        # styles that ours no longer match (language, fonts); Word reads styles.xml without it.
        rels = package.rels("word/document.xml")
        for rel in [r for r in rels.items.values() if r.type.endswith("/stylesWithEffects")]:
            del rels.items[rel.id]
            package.remove(rel.target)
        return package.save(dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC))


def write_runsheet_docx(plan: RunSheetPlan, date: dt.date) -> bytes:
    """The run sheet as .docx: heading, facts, one table row per block, cards, checklist."""
    d = _Doc(plan.language)
    L = plan.labels
    d.para(f"{L['runsheet']} · {plan.pack_title}", muted=True)
    d.doc.add_heading(plan.title, level=1)
    facts = [(L["date"], plan.date), (L["place"], plan.place), (L["start"], plan.start),
             (L["end"], plan.end),
             (L["length"], f"{plan.total_minutes} {L['minutes_unit']}" + (
                 f" ({plan.planned_minutes})" if plan.total_minutes != plan.planned_minutes
                 else "")),
             (L["version"], plan.version)]
    for label, value in facts:
        if value or label in (L["date"], L["place"]):  # left blank to fill in by hand
            paragraph = d.para()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value or "_" * 30)
    if plan.roles:
        d.doc.add_heading(L["roles"], level=2)
        for role, who in plan.roles:
            paragraph = d.para()
            paragraph.add_run(f"{role}: ").bold = True
            paragraph.add_run(who or "_" * 30)

    d.doc.add_heading(L["runsheet"], level=2)
    headers = (L["time"], L["minutes"], L["total"], L["activity"], L["slides"], L["lead"])
    widths = (Mm(25), Mm(10), Mm(10), Mm(81), Mm(24), Mm(24))
    table = d.doc.add_table(rows=1 + len(plan.rows), cols=len(headers))
    table.style = "Table Grid"
    for c, text in enumerate(headers):
        cell = table.cell(0, c)
        cell.paragraphs[0].add_run(text).bold = True
    for r, row in enumerate(plan.rows, start=1):
        values = (f"{row.start}–{row.end}", str(row.minutes), str(row.running), None,
                  row.slides_text, row.lead)
        for c, cell_text in enumerate(values):
            cell = table.cell(r, c)
            if cell_text is not None:
                cell.paragraphs[0].add_run(cell_text)
                continue
            first = cell.paragraphs[0]
            first.add_run(row.title).bold = True
            tag = f" [{row.kind_label}]" + (f" [{L['optional']}]" if row.optional else "")
            first.add_run(tag)
            if row.instruction:
                cell.add_paragraph(row.instruction)
            if row.materials:
                note = cell.add_paragraph().add_run(f"{L['materials']}: "
                                                    f"{', '.join(row.materials)}")
                note.font.color.rgb = MUTED
    d.set_widths(table, widths)
    d.repeat_header(table)
    if any(row.optional for row in plan.rows):
        d.para(f"[{L['optional']}] {L['optional_note']}", muted=True)

    if plan.checklist:
        d.doc.add_heading(L["checklist"], level=2)
        for material, blocks in plan.checklist:
            d.para(f"☐ {material} ({L['used_in']}: {', '.join(blocks)})")

    d.page_break()
    d.doc.add_heading(L["agenda"], level=2)
    d.para(" · ".join(x for x in (plan.title, plan.date, plan.place) if x))
    agenda = d.doc.add_table(rows=1 + len(plan.rows), cols=2)
    agenda.style = "Table Grid"
    d.set_widths(agenda, (Mm(35), Mm(139)))
    agenda.cell(0, 0).paragraphs[0].add_run(L["time"]).bold = True
    agenda.cell(0, 1).paragraphs[0].add_run(L["activity"]).bold = True
    for r, row in enumerate(plan.rows, start=1):
        agenda.cell(r, 0).paragraphs[0].add_run(f"{row.start}–{row.end}")
        agenda.cell(r, 1).paragraphs[0].add_run(row.title)
    d.repeat_header(agenda)

    for card in plan.cards:
        d.page_break()
        d.para(f"{L['group_cards']} · {plan.title}", muted=True)
        d.doc.add_heading(card.title, level=2)
        meta = f"{L['time']}: {card.time} ({card.minutes} {L['minutes_unit']})"
        if card.grouping:
            meta += f" · {L['grouping']}: {card.grouping}"
        d.para(meta, muted=True)
        if card.roles:
            d.doc.add_heading(L["group_roles"], level=3)
            for role in card.roles:
                d.para(role, style="List Bullet")
        if card.tasks:
            d.doc.add_heading(L["tasks"], level=3)
            num_id = d.restart_numbering(1)
            for task in card.tasks:
                paragraph = d.para(task, style="List Number")
                d.set_numbering(paragraph, num_id)
                paragraph.paragraph_format.space_after = Pt(36)
        if card.answers:
            d.doc.add_heading(L["answers"], level=3)
            d.para(card.answers)
    return d.save(f"{L['runsheet']}: {plan.title}", plan.pack_title, plan.language, date)


def write_handout_docx(plan: HandoutPlan, date: dt.date) -> bytes:
    """The handout as .docx, with the same sections as the HTML."""
    d = _Doc(plan.language)
    d.para(f"{plan.labels['handout']} · {plan.pack_title}", muted=True)
    d.spans(d.doc.add_heading(level=1), plan.title)
    d.para(plan.date, muted=True)
    d.blocks(plan.intro)
    for section in plan.sections:
        d.spans(d.doc.add_heading(level=2), section.heading)
        d.blocks(section.blocks)
    title = plain(plan.title)
    return d.save(title, plan.pack_title, plan.language, date)

