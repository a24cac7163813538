"""Run sheet and handout as editable Word documents. The only module that imports python-docx."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
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
from temapakker.plan.brand import Brand
from temapakker.plan.handout import HandoutPlan
from temapakker.plan.participants import LINE_MM, AnswerSheetPlan, ProgramPlan
from temapakker.plan.runsheet import RunRow, RunSheetPlan
from temapakker.writers.ooxml import Package

PAGE_MM = (210, 297)
MARGIN_MM = 18
TEXT_MM = PAGE_MM[0] - 2 * MARGIN_MM
BODY_PT = 10.5
HEADER_PT = 9.5  # table header rows, as in the PDF
# Word's and LibreOffice's default cell margins (0.19 cm each side), and a little slack so that
# a word measured to fit is never pushed to the next line by rounding.
CELL_PAD_MM = 2 * 1.905 + 1.2
PT_MM = 25.4 / 72
NATURAL_MAX_MM = 60  # a narrow column grows to fit its whole text up to this width
_DIGIT_DASH = re.compile(r"(?<=\d)–(?=\d)")
WORD_JOINER = "\u2060"
CARD_PT = {"Heading 2": 20, "Heading 3": 14, "List Number": 14, "Normal": 13}  # print.css
GRID = "9AA5B1"  # table lines, as print.css draws them
RULE = "A0A0A0"  # lines to write on


def keep_together(text: str) -> str:
    """Word joiners around a dash between digits, so '9–12' and '09:00–09:25' never break."""
    return _DIGIT_DASH.sub(f"{WORD_JOINER}–{WORD_JOINER}", text)


def _rgb(hex_rgb: str) -> RGBColor:
    return RGBColor.from_string(hex_rgb)


def _set_font(style: Any, name: str) -> None:
    """One typeface for every script, replacing the theme fonts python-docx's styles name."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def fit_widths(columns: list[list[tuple[str, bool]]], flexible: int,
               total_mm: float = TEXT_MM, body_pt: float = BODY_PT) -> tuple[float, ...]:
    """Column widths in millimetres: each column at least as wide as its widest word (bold
    words in header cells), a narrow column as wide as its whole text where the page allows,
    and the flexible column taking what is left."""
    from temapakker.check.overflow import text_width

    def width(text: str, bold: bool) -> float:
        size = HEADER_PT if bold else body_pt
        return text_width(text, size, bold) * PT_MM + CELL_PAD_MM

    least = [max((width(word, bold) for text, bold in col for word in text.split()),
                 default=CELL_PAD_MM) for col in columns]
    natural = [max(least[i], min(NATURAL_MAX_MM, max(
        (width(text, bold) for text, bold in col), default=0))) for i, col in enumerate(columns)]
    chosen = list(natural)
    chosen[flexible] = least[flexible]
    if sum(chosen) > total_mm:
        chosen = list(least)
    chosen[flexible] += total_mm - sum(chosen)
    return tuple(round(w, 1) for w in chosen)



def cells_of(table: Any) -> list[tuple[Any, ...]]:
    """The cells of a table, row by row: python-docx's ``table.cell(r, c)`` lists every cell
    of the table on each call, which makes filling a long table quadratic."""
    return [row.cells for row in table.rows]

class _Doc:
    """A document on A4 in the pack's language and brand, with helpers for our content."""

    def __init__(self, language: str, brand: Brand, footer: str, labels: dict[str, str],
                 size: float = BODY_PT) -> None:
        self.doc = Document()
        self.lang = LANGUAGE_TAGS.get(language, "nb-NO")
        self.brand = brand
        self.size = size
        self.muted = _rgb(brand.muted)
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        section.top_margin, section.bottom_margin = Mm(16), Mm(18)
        section.footer_distance = Mm(8)
        normal = self.doc.styles["Normal"]
        _set_font(normal, brand.body_font)
        normal.font.size = Pt(size)
        normal.font.color.rgb = _rgb(brand.text)
        normal.paragraph_format.space_after = Pt(4)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            style = self.doc.styles[name]
            _set_font(style, brand.heading_font)
            style.font.color.rgb = _rgb(brand.heading)
        self._set_language()
        self._footer(footer, labels)
        # Grid lines as light as the PDF's, so that the text, not the grid, stands out.
        grid = self.doc.styles["Table Grid"].element
        for border in grid.iterfind(f".//{qn('w:tblBorders')}/*"):
            border.set(qn("w:color"), GRID)

    def _footer(self, text: str, labels: dict[str, str]) -> None:
        """The pack's title at the left, «Side 2 av 3» at the right of every page."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        stops = paragraph.paragraph_format.tab_stops
        for inherited in self.doc.styles["Footer"].paragraph_format.tab_stops:
            stops.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Mm(TEXT_MM), WD_TAB_ALIGNMENT.RIGHT)
        parts: list[tuple[str, str]] = [("text", text), ("text", f"\t{labels['page']} "),
                                        ("field", "PAGE"), ("text", f" {labels['of']} "),
                                        ("field", "NUMPAGES")]
        for kind, value in parts:
            if kind == "text":
                run = paragraph.add_run(value)
            else:
                field = OxmlElement("w:fldSimple")
                field.set(qn("w:instr"), value)
                paragraph._p.append(field)
                inner = OxmlElement("w:r")
                field.append(inner)
                t = OxmlElement("w:t")
                t.text = "1"
                inner.append(t)
                continue
            run.font.size = Pt(8.5)
            run.font.color.rgb = self.muted
        for field in paragraph._p.findall(qn("w:fldSimple")):
            r_pr = OxmlElement("w:rPr")
            for tag, val in (("w:color", self.brand.muted), ("w:sz", "17")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                r_pr.append(el)
            field.find(qn("w:r")).insert(0, r_pr)

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
                        note.font.color.rgb = self.muted
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
        color.set(qn("w:val"), self.brand.link)
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
                run.font.color.rgb = self.muted
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
        grid = cells_of(table)
        for r, row in enumerate(rows):
            for c in range(cols):
                paragraph = grid[r][c].paragraphs[0]
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
        table.autofit = False  # w:tblLayout fixed: LibreOffice would otherwise refit them
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width

    def fitted_table(self, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]],
                     flexible: int) -> Any:
        """A table whose columns fit their words, the header row shaded and repeated; cells
        hold the given texts, dashes between digits kept with their numbers."""
        texts = [[(h, True)] + [(row[c], False) for row in rows]
                 for c, h in enumerate(headers)]
        widths = fit_widths(texts, flexible, body_pt=self.size)
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        grid = cells_of(table)
        for c, text in enumerate(headers):
            grid[0][c].paragraphs[0].add_run(text)
        for r, row in enumerate(rows, start=1):
            for c, text in enumerate(row):
                if text:
                    grid[r][c].paragraphs[0].add_run(keep_together(text))
        self.set_widths(table, tuple(Mm(w) for w in widths))
        self.repeat_header(table)
        return table

    def repeat_header(self, table: Any) -> None:
        """Shade the first row in the brand's tint and repeat it on each page; keep every row
        on one page."""
        for i, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if i:
                continue
            tr_pr.append(OxmlElement("w:tblHeader"))
            for cell in row.cells:
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:color"), "auto")
                shading.set(qn("w:fill"), self.brand.shade)
                cell._tc.get_or_add_tcPr().append(shading)
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
                    for run in paragraph.runs:
                        run.bold = True
                        run.font.size = Pt(HEADER_PT)
                        run.font.color.rgb = _rgb(self.brand.heading)

    @staticmethod
    def space_after(paragraph: Any, space: Any) -> None:
        """Room under a list item: list styles drop the space between their own paragraphs
        (contextual spacing), so that is switched off for this one."""
        paragraph.paragraph_format.space_after = space
        spacing = OxmlElement("w:contextualSpacing")
        spacing.set(qn("w:val"), "0")
        paragraph._p.get_or_add_pPr().insert_element_before(
            spacing, "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
            "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
            "w:rPr", "w:sectPr", "w:pPrChange")

    def ruled_lines(self, count: int, text: str = "") -> None:
        """Lines to write on, as the PDF rules them: empty paragraphs of a fixed height, each
        with a bottom border, indented like the list above them."""
        for _ in range(count):
            paragraph = self.para(text)
            fmt = paragraph.paragraph_format
            fmt.left_indent = Mm(6)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Mm(LINE_MM)
            fmt.space_after = Pt(0)
            fmt.keep_with_next = True
            borders = OxmlElement("w:pBdr")
            # Word and LibreOffice join the borders of like paragraphs into one box: the
            # bottom line closes the group, 'between' draws the lines inside it.
            for tag in ("w:bottom", "w:between"):
                line = OxmlElement(tag)
                for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"),
                                   ("w:color", RULE)):
                    line.set(qn(key), value)
                borders.append(line)
            paragraph._p.get_or_add_pPr().insert_element_before(
                borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def kicker(self, text: str, new_page: bool = False) -> Any:
        """The small line above a title that says what the page is; optionally on a new page
        (a property of the paragraph, so no empty page is ever left before it)."""
        paragraph = self.para(text.upper(), muted=True)
        paragraph.runs[0].font.size = Pt(9)
        paragraph.paragraph_format.page_break_before = new_page or None
        paragraph.paragraph_format.space_after = Pt(2)
        return paragraph

    def facts(self, facts: Sequence[tuple[str, str]]) -> None:
        """'Dato: …' lines; an empty value leaves a line to fill in by hand."""
        for label, value in facts:
            paragraph = self.para()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(keep_together(value) or "_" * 30)

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
    L = plan.labels
    d = _Doc(plan.language, plan.brand, f"{L['runsheet']} · {plan.pack_title}", L)
    d.kicker(f"{L['runsheet']} · {plan.pack_title}")
    d.doc.add_heading(plan.title, level=1)
    length = f"{plan.total_minutes} {L['minutes_unit']}" + (
        f" ({plan.planned_minutes})" if plan.total_minutes != plan.planned_minutes else "")
    d.facts([(L["date"], plan.date), (L["place"], plan.place), (L["start"], plan.start),
             (L["end"], plan.end), (L["length"], length), (L["version"], plan.version)])
    if plan.roles:
        d.doc.add_heading(L["roles"], level=2)
        d.fitted_table((L["roles"], L["who"]), [(role, who) for role, who in plan.roles], 1)

    d.doc.add_heading(L["runsheet"], level=2)
    headers = (L["time"], L["minutes"], L["total"], L["activity"], L["slides"], L["lead"])
    cells = [(f"{row.start}–{row.end}", str(row.minutes), str(row.running),
              _activity_text(row, L), row.slides_text, row.lead) for row in plan.rows]
    table = d.fitted_table(headers, [(*c[:3], "", *c[4:]) for c in cells], 3)
    grid = cells_of(table)
    for r, row in enumerate(plan.rows, start=1):
        for c in (1, 2):
            grid[r][c].paragraphs[0].alignment = 2  # right, as numbers are
        cell = grid[r][3]
        first = cell.paragraphs[0]
        first.add_run(row.title).bold = True
        first.add_run(f" [{row.kind_label}]" + (f" [{L['optional']}]" if row.optional else ""))
        if row.instruction:
            cell.add_paragraph(row.instruction)
        if row.materials:
            note = cell.add_paragraph().add_run(f"{L['materials']}: "
                                                f"{', '.join(row.materials)}")
            note.font.color.rgb = d.muted
    if any(row.optional for row in plan.rows):
        d.para(f"[{L['optional']}] {L['optional_note']}", muted=True)

    if plan.checklist:
        d.doc.add_heading(L["checklist"], level=2)
        for material, blocks in plan.checklist:
            d.para(f"☐ {material} ({L['used_in']}: {', '.join(blocks)})")

    d.doc.add_heading(L["agenda"], level=2).paragraph_format.page_break_before = True
    d.para(" · ".join(x for x in (plan.title, plan.date, plan.place) if x))
    d.fitted_table((L["time"], L["activity"]),
                   [(f"{row.start}–{row.end}", row.title) for row in plan.rows], 1)

    for card in plan.cards:
        first = len(d.doc.paragraphs) + 1  # after the kicker
        d.kicker(f"{L['group_cards']} · {plan.title}", new_page=True)
        d.doc.add_heading(card.title, level=2)
        meta = f"{L['time']}: {keep_together(card.time)} ({card.minutes} {L['minutes_unit']})"
        if card.grouping:
            meta += f" · {L['grouping']}: {card.grouping}"
        d.para(meta, muted=True)
        if card.intro:
            d.doc.add_heading(L["intro"], level=3)
            d.para(card.intro)
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
                d.space_after(paragraph, Pt(36))
        if card.answers or card.send_to:
            d.doc.add_heading(L["answers"], level=3)
            _send(d, card.answers, card.send_to, card.subject, L)
        # Cards are read across a table, in print.css's sizes.
        for paragraph in d.doc.paragraphs[first:]:
            style = paragraph.style.name if paragraph.style is not None else "Normal"
            size = CARD_PT.get(style, CARD_PT["Normal"])
            for run in paragraph.runs:
                run.font.size = Pt(size)
    return d.save(f"{L['runsheet']}: {plan.title}", plan.pack_title, plan.language, date)


def _activity_text(row: RunRow, L: dict[str, str]) -> str:
    """The words of an activity cell, for measuring its column."""
    return " ".join((row.title, f"[{row.kind_label}]", row.instruction,
                     f"{L['materials']}: {', '.join(row.materials)}"))


def _send(d: _Doc, how: str, to: str, subject: str, L: dict[str, str]) -> None:
    """How the group hands in its answers, to whom and under which subject line."""
    if how:
        d.para(how)
    for label, value in ((L["send_to"], to), (L["subject"], f"«{subject}»" if subject else "")):
        if value:
            paragraph = d.para()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)


def write_program_docx(plan: ProgramPlan, date: dt.date) -> bytes:
    """The participants' programme as .docx: one page, times and titles only."""
    L = plan.labels
    d = _Doc(plan.language, plan.brand, f"{L['program']} · {plan.pack_title}", L, size=14)
    d.kicker(f"{L['program']} · {plan.pack_title}")
    title = d.doc.add_heading(plan.title, level=1)
    for run in title.runs:
        run.font.size = Pt(24)
    d.facts([(L["date"], plan.date), (L["place"], plan.place),
             (L["time"], f"{plan.start}–{plan.end}")])
    d.para()
    table = d.fitted_table((L["time"], L["activity"]),
                           [(row.time, row.title) for row in plan.rows], 1)
    grid = cells_of(table)
    for r, row in enumerate(plan.rows, start=1):
        if row.kind_label:
            tag = grid[r][1].paragraphs[0].add_run(f"  [{row.kind_label}]")
            tag.font.size = Pt(10)
            tag.font.color.rgb = d.muted
        for cell in grid[r]:
            cell.paragraphs[0].paragraph_format.space_before = Pt(6)
            cell.paragraphs[0].paragraph_format.space_after = Pt(6)
    return d.save(f"{L['program']}: {plan.title}", plan.pack_title, plan.language, date)


def write_answer_sheets_docx(plan: AnswerSheetPlan, date: dt.date) -> bytes:
    """The groups' answer sheets as .docx: one page per group task, room to write."""
    L = plan.labels
    d = _Doc(plan.language, plan.brand, f"{L['answer_sheet']} · {plan.title}", L)
    for number, sheet in enumerate(plan.sheets):
        card = sheet.card
        d.kicker(f"{L['answer_sheet']} · {plan.title}", new_page=number > 0)
        heading = d.doc.add_heading(card.title, level=1)
        heading.paragraph_format.space_before = Pt(0)
        meta = f"{L['time']}: {keep_together(card.time)} ({card.minutes} {L['minutes_unit']})"
        d.para(meta + (f" · {plan.date}" if plan.date else ""), muted=True)
        first = L["group_roles"] if card.roles else L["group_name"]
        d.fitted_table((first, L["name"]),
                       [(L["group_name"], "")] + [(role, "") for role in card.roles], 1)
        if card.tasks:
            d.doc.add_heading(L["questions_short"], level=2)
            num_id = d.restart_numbering(1)
            for task in card.tasks:
                paragraph = d.para(task, style="List Number", bold=True)
                d.set_numbering(paragraph, num_id)
                d.space_after(paragraph, Pt(0))
                d.ruled_lines(sheet.lines)
        d.doc.add_heading(L["priority"], level=2)
        d.para(L["priority_note"], muted=True)
        for n in range(1, 4):
            d.ruled_lines(1, f"{n}.")
        if card.answers or card.send_to:
            d.doc.add_heading(L["send"], level=2)
            _send(d, card.answers, card.send_to, card.subject, L)
    return d.save(f"{L['answer_sheet']}: {plan.title}", plan.pack_title, plan.language, date)


def write_handout_docx(plan: HandoutPlan, date: dt.date) -> bytes:
    """The handout as .docx, with the same sections as the HTML."""
    d = _Doc(plan.language, plan.brand, f"{plan.labels['handout']} · {plan.pack_title}",
             plan.labels)
    d.kicker(f"{plan.labels['handout']} · {plan.pack_title}")
    d.spans(d.doc.add_heading(level=1), plan.title)
    if plan.date:
        d.para(plan.date, muted=True)
    d.blocks(plan.intro)
    for section in plan.sections:
        d.spans(d.doc.add_heading(level=2), section.heading)
        d.blocks(section.blocks)
    title = plain(plan.title)
    return d.save(title, plan.pack_title, plan.language, date)

