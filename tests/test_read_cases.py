"""Table-driven cases: slides.md in, a compact dump of the model out (cases/slides.txt).

Each case is a title line, then the input and the expected dump, each closed by a line
holding a single '.'. ``python -m tests.test_read_cases`` rewrites the expected dumps;
review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from temapakker.diagnostics import Sink
from temapakker.model import (
    Agenda,
    Block,
    CodeBlock,
    Columns,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Table,
)
from temapakker.read.slides import read_slides

CASES = Path(__file__).parent / "cases" / "slides.txt"


def parse_cases(text: str) -> list[tuple[str, str, str]]:
    cases, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        parts: list[list[str]] = [[], []]
        i += 2  # the title, then the '.' that opens the input
        for part in parts:
            while lines[i] != ".":
                part.append(lines[i])
                i += 1
            i += 1
        cases.append((title, "\n".join(parts[0]) + "\n", "\n".join(parts[1])))
    return cases


def spans(inline: Inline) -> str:
    out = []
    for s in inline:
        text = s.text.replace("\n", "\\n")
        marks = "".join(m for m, on in (("*", s.bold), ("/", s.italic), ("`", s.code),
                                        ("~", s.strike), ("_", s.underline),
                                        ("%", s.smallcaps), ("^", s.baseline > 0),
                                        (",", s.baseline < 0)) if on)
        link = f"<{s.link}>" if s.link else ""
        link += "{raw}" if s.raw else ""
        out.append(f"{marks}{text}{marks[::-1]}{link}")
    return '"' + "".join(out) + '"'


def dump_block(block: Block, depth: int) -> list[str]:
    pad = "  " * depth
    line = block.pos.line
    if isinstance(block, Paragraph):
        indent = f" indent={block.indent}" if block.indent else ""
        return [f"{pad}{'heading' if block.heading else 'para'}@{line}{indent} "
                f"{spans(block.spans)}"]
    if isinstance(block, ListBlock):
        style = "" if block.style == "arabicPeriod" else f" {block.style}"
        kind = f"ordered start={block.start}{style}" if block.ordered else "bullets"
        kind += " incremental" if block.incremental else ""
        out = [f"{pad}{kind}@{line}"]
        for item in block.items:
            out.append(f"{pad}  item@{item.pos.line}:{item.pos.col} {spans(item.spans)}")
            for child in item.children:
                out.extend(dump_block(child, depth + 2))
        return out
    if isinstance(block, Table):
        out = [f"{pad}table@{line} aligns={','.join(a or '-' for a in block.aligns)}"]
        if not block.header:
            out.append(f"{pad}  (no header)")
        for row in (block.header, *block.rows) if block.header else block.rows:
            out.append(f"{pad}  | " + " | ".join(spans(c) for c in row))
        if block.caption:
            out.append(f"{pad}  caption {spans(block.caption)}")
        return out
    if isinstance(block, Image):
        size = "".join(f" {k}={v:g}" for k, v in (("width", block.width),
                                                   ("height", block.height)) if v)
        caption = f" caption={spans(block.caption)}" if block.caption else ""
        return [f"{pad}image@{line}:{block.pos.col} {block.src} alt={block.alt!r}{size}"
                f"{caption}"]
    if isinstance(block, Quote):
        return [f"{pad}quote@{line}"] + [f"{pad}  {spans(p.spans)}" for p in block.paragraphs]
    if isinstance(block, CodeBlock):
        return [f"{pad}code@{line} {block.text!r}"]
    if isinstance(block, Agenda):
        return [f"{pad}agenda@{line}:{block.pos.col} time={block.time}"]
    assert isinstance(block, Columns)
    out = [f"{pad}columns@{line}"]
    for column in block.columns:
        out.append(f"{pad}  column@{column.pos.line}")
        for b in column.blocks:
            out.extend(dump_block(b, depth + 2))
    return out


def dump(text: str) -> str:
    sink = Sink()
    title_notes, slides = read_slides(Path("slides.md"), text, sink)
    out = []
    if title_notes:
        out.append("title-notes")
        for b in title_notes:
            out.extend(dump_block(b, 1))
    for slide in slides:
        explicit = "#" if slide.id_explicit else "~"
        layout = f" layout={slide.layout!r}" if slide.layout else ""
        out.append(f"{slide.kind}@{slide.pos.line} {explicit}{slide.id} {spans(slide.title)}"
                   f"{layout}")
        for b in slide.blocks:
            out.extend(dump_block(b, 1))
        for xml in slide.raw_shapes:
            out.append(f"  raw-shape {xml[:40]!r}")
        if slide.notes:
            out.append("  notes")
            for b in slide.notes:
                out.extend(dump_block(b, 2))
    for d in sink.items:
        out.append(f"{d.level}[{d.code}] {d.pos.line}:{d.pos.col} {d.message}")
    return "\n".join(out)


CASE_LIST = parse_cases(CASES.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("title", "source", "expected"), CASE_LIST,
                         ids=[c[0] for c in CASE_LIST])
def test_case(title: str, source: str, expected: str) -> None:
    assert dump(source) == expected


def regenerate() -> None:
    """Rewrite cases/slides.txt with the current output; review the diff before committing."""
    parts = [f"{title}\n.\n{source}.\n{dump(source)}\n.\n" for title, source, _ in CASE_LIST]
    CASES.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    regenerate()
