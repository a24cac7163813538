"""Plan a deck: which layout each slide uses and what goes where. Pure data, no pptx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from temapakker.check import Checked, Picture
from temapakker.diagnostics import Pos
from temapakker.model import (
    TITLE_ID,
    Block,
    Columns,
    Image,
    Inline,
    Pack,
    Quote,
    Slide,
    Span,
    Table,
)
from temapakker.plan.text import TextPara, block_paragraphs, plain
from temapakker.template import Layout, Placeholder, Rect, Template

GAP = 228600  # a quarter inch between computed columns

MONTHS = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "nn": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
           "september", "oktober", "november", "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


@dataclass(frozen=True)
class TextContent:
    """Paragraphs of text; ``anchor`` 'middle' centres them vertically in a new text box."""

    paragraphs: tuple[TextPara, ...]
    anchor: str = "top"


@dataclass(frozen=True)
class TableContent:
    """A native table; ``widths`` are fractions of the table's width."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    aligns: tuple[str, ...]
    widths: tuple[float, ...]
    size: float


@dataclass(frozen=True)
class PictureContent:
    """A picture with its alt text and pixel size."""

    path: Path
    alt: str
    width: int
    height: int


Content = TextContent | TableContent | PictureContent


@dataclass(frozen=True)
class Region:
    """Content and where it goes: into a placeholder (by idx) or a new shape at ``rect``."""

    content: Content
    rect: Rect
    placeholder: int | None
    pos: Pos


SlideKind = Literal["title", "section", "content", "quote"]


@dataclass(frozen=True)
class SlidePlan:
    """Everything the writer needs for one slide."""

    number: int
    id: str
    kind: SlideKind
    layout: str
    title: Inline
    regions: tuple[Region, ...]
    notes: tuple[TextPara, ...]
    footer: str | None
    pos: Pos


@dataclass(frozen=True)
class DeckMeta:
    """Document properties."""

    title: str
    subject: str
    author: str
    keywords: str
    description: str
    language: str
    date: dt.datetime


@dataclass(frozen=True)
class DeckPlan:
    """A whole deck, ready to write."""

    pack_id: str
    template: Path
    meta: DeckMeta
    slides: tuple[SlidePlan, ...]


def plan_deck(checked: Checked, build_date: dt.date) -> DeckPlan:
    """Plan every slide of a checked pack."""
    pack, template = checked.pack, checked.template
    meta = pack.meta
    slides = [_title_slide(pack, template, build_date)]
    footer = meta.footer or meta.title
    numbers = pack.slide_numbers()
    for slide in pack.slides:
        number = numbers[slide.id]
        if slide.kind == "section":
            slides.append(_section_slide(slide, number, template))
        else:
            slides.append(_content_slide(slide, number, template, footer, checked.pictures))
    authors = meta.authors or meta.organisations
    deck_meta = DeckMeta(
        title=meta.title,
        subject=meta.subtitle or meta.description,
        author="; ".join(authors) or "temapakker",
        keywords="; ".join(meta.keywords or (*meta.organisations, *meta.audience)),
        description=meta.description,
        language=meta.language_tag,
        date=dt.datetime.combine(build_date, dt.time(), tzinfo=dt.UTC),
    )
    return DeckPlan(pack.id, template.path, deck_meta, tuple(slides))


def format_date(date: dt.date, language: str) -> str:
    """A date as people write it: '3. mai 2021' or '3 May 2021'."""
    month = MONTHS.get(language, MONTHS["nb"])[date.month - 1]
    return f"{date.day} {month} {date.year}" if language == "en" else \
        f"{date.day}. {month} {date.year}"


def _layout(template: Template, wanted: str, explicit: str | None) -> Layout:
    if explicit is not None:
        found = template.layout(explicit)
        if found is not None:
            return found
    return template.resolve(wanted)[0]


def _title_slide(pack: Pack, template: Template, date: dt.date) -> SlidePlan:
    meta = pack.meta
    layout = _layout(template, "Title Slide", None)
    pos = meta.positions.get("title", Pos(pack.root / "pack.yaml", 1, 1))
    lines: list[TextPara] = []
    if meta.subtitle:
        lines.append(TextPara((Span(meta.subtitle),)))
    byline = " · ".join(meta.organisations or meta.authors)
    if meta.date is not None:
        byline = f"{byline} · {format_date(meta.date, meta.language)}" if byline else \
            format_date(meta.date, meta.language)
    if byline:
        lines.append(TextPara((Span(byline),)))
    regions = _fill(layout, template, [TextContent(tuple(lines))] if lines else [], pos,
                    prefer=("subTitle", "body", "obj"))
    return SlidePlan(pack.slide_numbers()[TITLE_ID], TITLE_ID, "title", layout.name,
                     (Span(meta.title),), regions, block_paragraphs(pack.title_notes), None, pos)


def _section_slide(slide: Slide, number: int, template: Template) -> SlidePlan:
    layout = _layout(template, "Section Header", slide.layout)
    contents = [TextContent(block_paragraphs(slide.blocks))] if slide.blocks else []
    regions = _fill(layout, template, contents, slide.pos, prefer=("body", "obj"))
    return SlidePlan(number, slide.id, "section", layout.name, slide.title, regions,
                     block_paragraphs(slide.notes), None, slide.pos)


def _content_slide(slide: Slide, number: int, template: Template, footer: str,
                   pictures: dict[Path, Picture]) -> SlidePlan:
    notes = block_paragraphs(slide.notes)
    if len(slide.blocks) == 1 and isinstance(slide.blocks[0], Quote):
        layout = _layout(template, "Title Only", slide.layout)
        quote = _quote(slide.blocks[0])
        area = _content_area(layout, template)
        regions = _fill(layout, template, [quote], slide.pos, prefer=("body", "obj"),
                        area=area)
        return SlidePlan(number, slide.id, "quote", layout.name, slide.title, regions, notes,
                         footer, slide.pos)
    groups = _regions(slide.blocks)
    wanted = {0: "Title Only", 1: "Title and Content", 2: "Two Content"}.get(len(groups),
                                                                            "Title Only")
    layout = _layout(template, wanted, slide.layout)
    contents = [_content(group, pictures) for group in groups]
    regions = _fill(layout, template, contents, slide.pos)
    return SlidePlan(number, slide.id, "content", layout.name, slide.title, regions, notes,
                     footer, slide.pos)


def _quote(quote: Quote) -> TextContent:
    paras = []
    last = len(quote.paragraphs) - 1
    for i, p in enumerate(quote.paragraphs):
        text = plain(p.spans).strip()
        attribution = 0 < i == last and text[:1] in ("—", "–", "-")
        paras.append(TextPara(p.spans, italic=not attribution, size=24 if attribution else 32,
                              align="right" if attribution else ""))
    return TextContent(tuple(paras), anchor="middle")


def _regions(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """Split a slide body into regions: columns, or runs of text with tables/pictures apart."""
    columns = [b for b in blocks if isinstance(b, Columns)]
    if columns:
        groups: list[list[Block]] = []
        before: list[Block] = []
        for block in blocks:
            if isinstance(block, Columns):
                for column in block.columns:
                    groups.append(list(column.blocks))
                if before and groups:
                    groups[len(groups) - len(block.columns)][:0] = before
                    before = []
            elif groups:
                groups[-1].append(block)
            else:
                before.append(block)
        return [g for g in groups if g]
    groups = []
    for block in blocks:
        if isinstance(block, (Table, Image)):
            groups.append([block])
        elif groups and not isinstance(groups[-1][0], (Table, Image)):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _content(group: list[Block], pictures: dict[Path, Picture]) -> Content:
    if len(group) == 1 and isinstance(group[0], Image):
        picture = pictures[group[0].path]
        return PictureContent(picture.path, group[0].alt, picture.width, picture.height)
    if len(group) == 1 and isinstance(group[0], Table):
        return _table(group[0])
    return TextContent(block_paragraphs(group))


def _table(table: Table) -> TableContent:
    rows = (table.header, *table.rows)
    cols = max(len(r) for r in rows)
    lengths = [max((len(plain(r[c])) if c < len(r) else 0) for r in rows) for c in range(cols)]
    weights = [min(max(n, 4), 40) for n in lengths]
    total = sum(weights)
    size = 18.0 if len(rows) <= 7 and cols <= 4 else 14.0 if len(rows) <= 12 else 11.0
    aligns = tuple(table.aligns) + ("",) * (cols - len(table.aligns))
    return TableContent(table.header, table.rows, aligns, tuple(w / total for w in weights), size)


def _accepts(ph: Placeholder, content: Content) -> int:
    """How well a placeholder suits content: lower is better, 99 means not at all."""
    order = {
        PictureContent: ("pic", "obj", "body"),
        TableContent: ("tbl", "obj", "body"),
        TextContent: ("obj", "body", "subTitle"),
    }[type(content)]
    return order.index(ph.type) if ph.type in order else 99


def _content_area(layout: Layout, template: Template) -> Rect:
    boxes = [p.rect for p in layout.content if p.rect]
    if boxes:
        left, top = min(b.left for b in boxes), min(b.top for b in boxes)
        right, bottom = max(b.right for b in boxes), max(b.bottom for b in boxes)
        return Rect(left, top, right - left, bottom - top)
    return template.body_area()


def _fill(layout: Layout, template: Template, contents: Sequence[Content], pos: Pos,
          prefer: tuple[str, ...] = (), area: Rect | None = None) -> tuple[Region, ...]:
    """Place contents into the layout's placeholders, else into computed columns."""
    if not contents:
        return ()
    candidates = [p for p in layout.placeholders if p.type in prefer] if prefer else \
        layout.content
    candidates = [p for p in candidates if p.rect is not None]
    if area is None:
        assigned: list[Region] = []
        free = list(candidates)
        for content in contents:
            best = min(free, key=lambda p: _accepts(p, content), default=None)
            if best is None or _accepts(best, content) == 99 or best.rect is None:
                break
            free.remove(best)
            assigned.append(Region(content, _fit(content, best.rect), best.idx, pos))
        if len(assigned) == len(contents):
            return tuple(assigned)
        area = _content_area(layout, template)
    width = (area.width - GAP * (len(contents) - 1)) // len(contents)
    regions = []
    for i, content in enumerate(contents):
        rect = Rect(area.left + i * (width + GAP), area.top, width, area.height)
        regions.append(Region(content, _fit(content, rect), None, pos))
    return tuple(regions)


def _fit(content: Content, box: Rect) -> Rect:
    """Pictures keep their aspect ratio, centred in the box; other content fills it."""
    if not isinstance(content, PictureContent) or not content.width or not content.height:
        return box
    scale = min(box.width / content.width, box.height / content.height)
    width, height = int(content.width * scale), int(content.height * scale)
    return Rect(box.left + (box.width - width) // 2, box.top + (box.height - height) // 2,
                width, height)
