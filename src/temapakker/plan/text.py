"""Flatten model blocks into paragraphs of styled text, shared by every slide region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from temapakker.check import MAX_LIST_DEPTH
from temapakker.model import (
    Block,
    Cards,
    Chart,
    CodeBlock,
    Columns,
    Figures,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    Table,
    Timeline,
    plain,
)

__all__ = ["Bullet", "TextPara", "block_paragraphs", "number_indent", "plain"]

Bullet = Literal["none", "bullet", "number"]


@dataclass(frozen=True)
class TextPara:
    """One paragraph as the writer sets it."""

    spans: Inline
    level: int = 0
    bullet: Bullet = "none"
    start: int = 1
    bold: bool = False
    italic: bool = False
    align: str = ""
    size: float | None = None  # points; None keeps the template's size
    code: bool = False
    number_style: str = "arabicPeriod"  # a:buAutoNum's type for numbered paragraphs
    appear: bool = False  # shown on a click (an item of an incremental list)
    heading: bool = False  # a heading inside the slide's text ('### …')
    color: str = ""  # a scheme colour name or hex; '' keeps the style's colour


# A hanging indent wide enough for '(12)' or 'viii.' at body size: the templates' usual
# 0.31 inch fits '12.' only, and LibreOffice then sets the number over the text.
WIDE_NUMBER_INDENT = 457200


def number_indent(para: TextPara) -> int | None:
    """The hanging indent a numbered paragraph needs beyond the template's, if any."""
    if para.bullet == "number" and ("ParenBoth" in para.number_style or
                                    para.number_style.startswith("roman")):
        return WIDE_NUMBER_INDENT
    return None


def block_paragraphs(blocks: tuple[Block, ...] | list[Block]) -> tuple[TextPara, ...]:
    """Paragraphs for a run of text blocks (lists keep their levels and numbering)."""
    out: list[TextPara] = []
    for block in blocks:
        out.extend(_paragraphs(block))
    return tuple(out)


def _paragraphs(block: Block) -> list[TextPara]:
    if isinstance(block, Paragraph):
        return [TextPara(block.spans, level=block.indent, bold=block.heading,
                         heading=block.heading)]
    if isinstance(block, ListBlock):
        return _list(block, 0)
    if isinstance(block, CodeBlock):
        return [TextPara((Span(line, code=True),), code=True) for line in block.text.split("\n")]
    if isinstance(block, Quote):
        return [TextPara(p.spans, italic=True) for p in block.paragraphs]
    if isinstance(block, Image):
        return [TextPara((Span(block.alt),), italic=True)]
    if isinstance(block, Table):
        rows = (block.header, *block.rows) if block.header else block.rows
        caption = [TextPara(block.caption, italic=True)] if block.caption else []
        return [TextPara(_join_cells(row)) for row in rows] + caption
    if isinstance(block, Chart):  # where only text can stand: its data, a line a category
        return [TextPara((Span(row),)) for row in block.rows()]
    if isinstance(block, Timeline):
        return [TextPara((Span(f"{m.date}: " if m.date else ""), *m.event))
                for m in block.moments]
    if isinstance(block, Figures):
        return [TextPara((Span(f"{f.value} ", bold=True), *f.label) if f.value else f.label)
                for f in block.items]
    if isinstance(block, Cards):  # each card's heading (after its number), then its text
        return [para for card in block.items for para in (
            TextPara((*((Span(f"{card.number}. "),) if card.number else ()), *card.heading),
                     bold=True),
            *(TextPara(line) for line in card.text))]
    if isinstance(block, Columns):
        return [p for column in block.columns for b in column.blocks for p in _paragraphs(b)]
    raise AssertionError(block)


def _join_cells(row: tuple[Inline, ...]) -> Inline:
    spans: list[Span] = []
    for i, cell in enumerate(row):
        if i:
            spans.append(Span(" | "))
        spans.extend(cell)
    return tuple(spans)


def _list(block: ListBlock, level: int) -> list[TextPara]:
    out: list[TextPara] = []
    shown = min(level, MAX_LIST_DEPTH - 1)
    for item in block.items:
        out.append(TextPara(item.spans, shown, "number" if block.ordered else "bullet",
                            block.start, number_style=block.style,
                            appear=block.incremental))
        for child in item.children:
            out.extend(_list(child, level + 1))
    return out
