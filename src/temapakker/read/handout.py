"""Read forberedelse.md, the preparation handout, with the slides' Markdown parser."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Literal

from markdown_it.token import Token

from temapakker.diagnostics import Pos, Sink
from temapakker.model import (
    Block,
    Handout,
    HandoutSection,
    Inline,
    ListBlock,
    Paragraph,
    Placement,
    plain,
)
from temapakker.read.slides import _ATTR, BlockReader, _attr_block, slugify

HANDOUT_FILE = "forberedelse.md"
# A section is a reading list or the reflection questions when its heading says so.
READING_WORDS = ("lesning", "lesing", "reading", "litteratur", "kilder", "sources")
QUESTION_WORDS = ("spørsmål", "question")


def section_role(heading: str) -> Literal["reading", "questions", "other"]:
    """What a section is, judged from its heading."""
    text = unicodedata.normalize("NFC", heading).lower()
    if any(word in text for word in QUESTION_WORDS):
        return "questions"
    if any(word in text for word in READING_WORDS):
        return "reading"
    return "other"


def read_handout(text: str, path: Path, sink: Sink) -> Handout | None:
    """Parse the handout: '#' is its title, each '##' a section."""
    reader = BlockReader(path, text, sink)
    title: Inline = ()
    title_pos = Pos(path, 1, 1)
    intro: list[Block] = []
    sections: list[tuple[Inline, Pos, list[Block]]] = []
    marks: list[tuple[str, Placement | None]] = []
    tokens = reader.tokens
    while reader.i < len(tokens):
        tok = tokens[reader.i]
        if tok.type == "heading_open" and tok.tag == "h1" and not title and not sections:
            title_pos = reader.pos(tok)
            title = reader.read_inline(tokens[reader.i + 1])
            reader.i += 3
        elif tok.type == "heading_open" and tok.tag in ("h1", "h2"):
            pos = reader.pos(tok)
            heading, ident, place = _heading(reader, tokens[reader.i + 1], pos, sink)
            sections.append((heading, pos, []))
            marks.append((ident or slugify(plain(heading)), place))
            reader.i += 3
        else:
            blocks = reader.read_block()
            (sections[-1][2] if sections else intro).extend(blocks)
        # footnotes referred to so far stand after the block that refers to them
        reader.place_footnotes(sections[-1][2] if sections else intro, reader.last_pos)
    if not title and not sections and not intro:
        sink.warning("empty-handout", f"{HANDOUT_FILE} is empty; no handout is made",
                     Pos(path, 1, 1), hint="write the purpose, reading and questions, or "
                     "delete the file")
        return None
    built = tuple(
        HandoutSection(heading, section_role(plain(heading)),
                       tuple(blocks), pos, ident, place)
        for (heading, pos, blocks), (ident, place) in zip(sections, marks, strict=True)
    )
    if not any(s.role == "questions" for s in built) and not any(p for _, p in marks):
        sink.warning("no-questions", "the handout has no section of reflection questions",
                     title_pos, hint="add a section '## Refleksjonsspørsmål' with a numbered "
                     "list")
    return Handout(title, tuple(intro), built, title_pos)


def _heading(reader: BlockReader, inline: Token, pos: Pos,
             sink: Sink) -> tuple[Inline, str, Placement | None]:
    """A section heading, its {#id} and its place ({after=…}, {before=…}, {replace=…})."""
    attrs = _attr_block(inline.content)
    if attrs is None:
        return reader.read_inline(inline), "", None
    line = reader.lines[pos.line - 1]
    start = line.rfind("{") + 1
    ident, place = "", None
    for m in _ATTR.finditer(attrs[1]):
        at = Pos(pos.file, pos.line, start + 1 + m.start())
        name, _cls, key, value, _junk = m.groups()
        if name:
            ident = name
        elif key in ("after", "before", "replace"):
            place = Placement(key, value.strip("\"'"), at)  # type: ignore[arg-type]
        else:
            sink.warning("unknown-attribute", f"'{m.group()}' has no effect on a handout "
                         "section", at, span=len(m.group()),
                         hint="sections understand #id, after=…, before=… and replace=…")
    return reader.read_inline_text(inline.content[: attrs[0]]), ident, place


def count_items(section: HandoutSection) -> int:
    """How many list items (questions, references) a section holds at its top level."""
    return sum(len(b.items) for b in section.blocks if isinstance(b, ListBlock)) or \
        sum(1 for b in section.blocks if isinstance(b, Paragraph))
