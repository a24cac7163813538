"""Turn the tokens of ``slides.md`` into slides, keeping every node's position."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from lxml import etree
from markdown_it.token import Token

from temapakker.diagnostics import Pos, Sink, clip
from temapakker.model import (
    CHART_KINDS,
    TITLE_ID,
    Agenda,
    Block,
    Card,
    Cards,
    Chart,
    CodeBlock,
    Column,
    Columns,
    Figure,
    Figures,
    Image,
    Inline,
    ListBlock,
    ListItem,
    Moment,
    Paragraph,
    Placement,
    Quote,
    Slide,
    SlideKind,
    Span,
    Table,
    Timeline,
    plain,
)
from temapakker.read.lists import rewrite_fancy_lists
from temapakker.read.markdown import MAX_NESTING, cut_at, make_parser
from temapakker.read.math import tex_to_text
from temapakker.read.text import clean_value

_ATTR = re.compile(r"""#([\w.:-]+)|\.([\w-]+)|([\w-]+)=("[^"]*"|'[^']*'|[^\s"']+)|(\S+)""")
SAFE_SCHEMES = ("http", "https", "mailto")
_ROW_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*")  # indentation and '>' of quotes around a table
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
_CHECKBOX = re.compile(r'<input class="task-list-item-checkbox"')
_RAW_FORMAT = re.compile(r"\{=([A-Za-z]+)\}")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_OOXML_NS = f'xmlns:a="{_A}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/' \
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_RAW_SHAPES = {f"{{{_P}}}{tag}" for tag in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")}
_RAW_RUNS = {f"{{{_A}}}{tag}" for tag in ("r", "br", "fld")}
_MARKS = {"strong_open": ("bold", 1), "strong_close": ("bold", -1),
          "em_open": ("italic", 1), "em_close": ("italic", -1),
          "s_open": ("strike", 1), "s_close": ("strike", -1)}
_IMAGE_ATTRS = re.compile(r"\{([^{}]*)\}")
_CAPTION = re.compile(r"\s*(?:[Tt]able)?:\s")


@dataclass
class _SlideDraft:
    """A slide while its blocks are read, before it becomes a model Slide."""

    kind: SlideKind
    title: Inline
    pos: Pos
    id: str | None = None
    layout: str | None = None
    layout_pos: Pos | None = None
    id_pos: Pos | None = None
    background: Image | None = None
    raw_shapes: list[str] = field(default_factory=list)
    statement: Pos | None = None
    image_side: tuple[Literal["left", "right"], Pos] | None = None
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    ruled: bool = False  # begun by a '---' rule rather than a heading
    place: Placement | None = None


class BlockReader:
    """Walks the flat token list with a cursor; one instance per file."""

    def __init__(self, path: Path, text: str, sink: Sink) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.sink = sink
        parsed, self.list_styles = rewrite_fancy_lists(text)
        self.tokens: list[Token] = make_parser().parse(parsed)
        self.i = 0
        self.last_pos = Pos(path, 1, 1)  # the block being read, for inline diagnostics
        self.notes: list[Block] | None = None  # where '::: notes' inside a slide's body go
        self.raw_shapes: list[str] | None = None  # where a slide's raw OpenXML shapes go
        self.warned: set[str] = set()
        self.incremental = False  # inside '::: incremental': lists appear item by item
        self.footnote_refs: list[int] = []  # footnotes referred to, not yet placed
        self.footnotes = self.take_footnotes()
        too_deep = cut_at(self.tokens)
        if too_deep is not None:
            sink.error("nested-too-deep", f"lists, quotes and divs nest more than {MAX_NESTING} "
                       "levels deep here; the rest of the file cannot be read", self.pos(too_deep),
                       hint="use at most a few levels of lists on a slide")

    def take_footnotes(self) -> dict[int, Inline]:
        """Footnote texts by id, their tokens taken out of the stream."""
        if not any(t.type == "footnote_block_open" for t in self.tokens):
            return {}
        start = next(i for i, t in enumerate(self.tokens) if t.type == "footnote_block_open")
        end = next(i for i, t in enumerate(self.tokens) if t.type == "footnote_block_close")
        block = [t for t in self.tokens[start + 1:end] if t.type != "footnote_anchor"]
        self.tokens = self.tokens[:start] + self.tokens[end + 1:]
        texts: dict[int, Inline] = {}
        i = 0
        while i < len(block):
            if block[i].type == "footnote_open":
                ident = int(block[i].meta.get("id", block[i].attrs.get("id", 0)))
                close = next(j for j in range(i, len(block)) if block[j].type == "footnote_close")
                inner = self.tokens, self.i
                self.tokens, self.i = [*block[i + 1:close], Token("div_close", "div", -1)], 0
                spans: list[Span] = []
                while self.tokens[self.i].type != "div_close":
                    for b in self.read_block():
                        spans.extend([Span(" ")] * bool(spans) + _block_spans(b))
                self.tokens, self.i = inner
                texts[ident] = _merge(spans)
                i = close
            i += 1
        return texts

    def place_footnotes(self, notes: list[Block], pos: Pos) -> None:
        """Footnotes referred to on a slide go to its notes, numbered as on the slide."""
        for ident in self.footnote_refs:
            text = self.footnotes.get(ident, ())
            notes.append(Paragraph((Span(f"[{ident + 1}] "), *text), pos))
        self.footnote_refs.clear()

    # -- positions -------------------------------------------------------
    def pos(self, token: Token) -> Pos:
        if token.map is None:
            return Pos(self.path, 0, 1)
        line = token.map[0]
        text = self.lines[line] if line < len(self.lines) else ""
        return Pos(self.path, line + 1, len(text) - len(text.lstrip()) + 1)

    # -- the slide level -------------------------------------------------
    def read(self) -> tuple[list[Block], list[_SlideDraft]]:
        title_notes: list[Block] = []
        drafts: list[_SlideDraft] = []
        while self.i < len(self.tokens):
            tok = self.tokens[self.i]
            if tok.type == "heading_open" and tok.tag in ("h1", "h2"):
                drafts.append(self.read_heading())
                self.place_footnotes(drafts[-1].notes, drafts[-1].pos)
            elif tok.type == "hr":
                drafts.append(_SlideDraft("content", (), self.pos(tok), ruled=True))
                self.i += 1
            elif tok.type == "div_open" and "notes" in _div_classes(tok.info):
                notes = self.read_div_body()
                target = drafts[-1].notes if drafts else title_notes
                target.extend(notes)
                self.place_footnotes(target, self.last_pos)
            else:
                pending: list[Block] = []
                shapes: list[str] = []
                self.notes = drafts[-1].notes if drafts else pending
                self.raw_shapes = drafts[-1].raw_shapes if drafts else shapes
                blocks = self.read_block()
                self.notes = self.raw_shapes = None
                if not drafts and (blocks or pending or shapes):
                    # as pandoc does: text before the first heading is a slide without a title
                    drafts.append(_SlideDraft("content", (), self.pos(tok), ruled=True,
                                              notes=pending, raw_shapes=shapes))
                if drafts:
                    drafts[-1].blocks.extend(blocks)
                self.place_footnotes(drafts[-1].notes if drafts else title_notes,
                                     self.last_pos)
        return title_notes, drafts

    def read_heading(self) -> _SlideDraft:
        open_tok, inline_tok = self.tokens[self.i], self.tokens[self.i + 1]
        self.i += 3
        pos = self.pos(open_tok)
        kind: SlideKind = "section" if open_tok.tag == "h1" else "content"
        content = inline_tok.content
        draft = _SlideDraft(kind, (), pos)
        attrs = _attr_block(content)
        if attrs is not None:
            line_text = self.lines[pos.line - 1]
            col = line_text.rfind("{") + 1
            self.read_heading_attrs(attrs[1], draft, Pos(self.path, pos.line, col))
            content = content[: attrs[0]]
            draft.title = self.read_inline_text(content)
        else:
            draft.title = self.read_inline(inline_tok)
        draft.title = _strip(draft.title)
        return draft

    def read_heading_attrs(self, text: str, draft: _SlideDraft, pos: Pos) -> None:
        for m in _ATTR.finditer(text):
            at = Pos(self.path, pos.line, pos.col + 1 + m.start())
            ident, cls, key, value, junk = m.groups()
            if ident:
                draft.id, draft.id_pos = ident, at
            elif cls == "statement":
                draft.statement = at
            elif cls in ("image-left", "image-right"):
                draft.image_side = ("left" if cls == "image-left" else "right", at)
            elif cls:
                self.sink.warning("unknown-attribute", f"class '.{cls}' has no effect on slides",
                                  at, hint="remove it; slides understand #id, .statement, "
                                  ".image-left, .image-right and layout=\"…\"", span=len(cls) + 1)
            elif key == "layout":
                draft.layout = value.strip("\"'")
                draft.layout_pos = at
            elif key == "background-image":
                src = value.strip("\"'")
                draft.background = Image(src, self.path.parent / src, "", at)
            elif key in ("after", "before", "replace"):
                draft.place = Placement(key, value.strip("\"'"), at)  # type: ignore[arg-type]
            elif key:
                self.sink.warning("unknown-attribute", f"attribute '{key}' has no effect and is "
                                  "ignored", at, hint="slides understand #id, layout=\"…\" and "
                                  "background-image=\"…\"", span=len(key))
            else:
                self.sink.error("bad-attribute", f"cannot read the heading attribute '{junk}'",
                                at, hint='write attributes as {#slide-id layout="Two Content"}',
                                span=len(junk))

    # -- blocks ----------------------------------------------------------
    def read_div_body(self) -> list[Block]:
        """Read the blocks inside a div; the cursor is on its div_open."""
        self.check_closed(self.tokens[self.i])
        self.i += 1
        blocks: list[Block] = []
        while self.tokens[self.i].type != "div_close":
            tok = self.tokens[self.i]
            if tok.type == "heading_open" and tok.tag in ("h1", "h2"):
                self.sink.error("heading-in-div", "a slide heading cannot stand inside a div",
                                self.pos(tok), hint="close the div (':::') before the heading")
            blocks.extend(self.read_block())
        self.i += 1
        return blocks

    def check_closed(self, open_tok: Token) -> None:
        if not open_tok.meta.get("closed", True):
            fence = open_tok.markup
            self.sink.error("unclosed-div", f"'{fence} {open_tok.info}' is never closed",
                            self.pos(open_tok), hint=f"add a line '{fence}' where it ends")

    def check_fence_closed(self, tok: Token) -> None:
        """A code fence without its closing line runs to the end of the file, silently."""
        if tok.map is None:
            return
        first, end = tok.map
        last = _ROW_PREFIX.sub("", self.lines[end - 1]).strip() \
            if first < end - 1 < len(self.lines) else ""
        fence = tok.markup
        if not (last.startswith(fence) and last.strip(fence[0]) == ""):
            self.sink.error("unclosed-fence", f"the code block '{fence}' is never closed; "
                            "everything after it is read as code", self.pos(tok),
                            hint=f"add a line '{fence}' where the code ends", span=len(fence))

    def read_block(self) -> list[Block]:
        """Read one block at the cursor; a paragraph may yield several (pictures split out)."""
        tok = self.tokens[self.i]
        pos = self.pos(tok)
        self.last_pos = pos
        kind = tok.type
        if kind == "paragraph_open" and self.caption_at(self.i) and \
                self.i + 3 < len(self.tokens) and \
                self.tokens[self.i + 3].type in ("table_open", "pandoc_table"):
            return [self.read_captioned_table()]
        if kind == "paragraph_open":
            inline = self.tokens[self.i + 1]
            self.i += 3
            return self.read_paragraph(inline, pos)
        if kind == "heading_open":
            inline = self.tokens[self.i + 1]
            self.i += 3
            return [Paragraph(self.read_inline(inline), pos, heading=True)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.read_list()
        if kind == "blockquote_open":
            return [self.read_quote()]
        if kind in ("table_open", "pandoc_table"):
            return [self.read_captioned_table()]
        if kind == "fence" and _RAW_FORMAT.fullmatch(tok.info.strip()):
            self.i += 1
            raw = self.read_raw(tok.content, _RAW_FORMAT.fullmatch(tok.info.strip())
                                .group(1))  # type: ignore[union-attr]
            if raw is None:
                return []
            if len(raw) and all(el.tag in _RAW_SHAPES for el in raw) and \
                    self.raw_shapes is not None and not _relates(raw):
                # as pandoc does: the shapes go onto the slide as written
                self.raw_shapes.extend(etree.tostring(el, encoding="unicode") for el in raw)
                return []
            self.warn_once("raw-openxml", "raw OpenXML here is not a slide shape (p:sp, p:pic, "
                           "…); its text is shown as ordinary text", hint="write it in "
                           "Markdown, or give whole shapes")
            return [Paragraph((Span(t),), pos) for t in _texts(raw) if t.strip()]
        if kind in ("fence", "code_block"):
            self.i += 1
            if kind == "fence":
                self.check_fence_closed(tok)
            return [CodeBlock(tok.content.rstrip("\n"), pos)]
        if kind == "math_block":
            self.i += 1
            return [Paragraph((Span(tex_to_text(tok.content)),), pos)]
        if kind == "dl_open":
            return self.read_definitions()
        if kind == "div_open":
            classes = _div_classes(tok.info)
            if "columns" in classes:
                return [self.read_columns()]
            if "notes" in classes:
                # in a column or another div, as pandoc reads them: the slide's notes
                notes = self.notes
                if notes is None:
                    self.sink.error("nested-notes", "speaker notes cannot stand inside "
                                    "another div", pos, hint="move '::: notes' out to the "
                                    "slide's own level")
                    return self.read_div_body()
                self.notes = None  # notes inside notes are just notes
                notes.extend(self.read_div_body())
                self.notes = notes
                return []
            if "agenda" in classes:
                return self.read_agenda(tok, pos)
            if "figures" in classes:
                return self.read_figures(pos)
            if "chart" in classes:
                return self.read_chart(tok, pos)
            if "timeline" in classes:
                return self.read_timeline(pos)
            if "cards" in classes:
                return self.read_cards(pos)
            if "incremental" in classes or "nonincremental" in classes:
                # pandoc's rule: where a div has both classes, incremental wins
                outer, self.incremental = self.incremental, "incremental" in classes
                blocks = self.read_div_body()
                self.incremental = outer
                return blocks
            self.sink.warning("unknown-div", f"div '{tok.info}' has no meaning on slides; its "
                              "content is shown as ordinary text", pos,
                              hint="slides understand '::: notes', ':::: columns', "
                              "'::: column', '::: incremental', '::: agenda', '::: figures', "
                              "'::: cards', '::: timeline' and '::: {.chart type=…}'")
            return self.read_div_body()
        if kind == "html_block":
            self.i += 1
            rest = _without_comments(tok.content).strip()
            if not rest:
                return []
            if "<" not in rest:  # text between comments: '<!-- a --> words <!-- b -->'
                return [Paragraph(self.read_inline_text(rest), pos)]
            self.sink.warning("raw-html", "HTML is not understood here; it is shown as text",
                              pos, hint="write it in Markdown, or put it in <!-- a comment -->")
            return [Paragraph((Span(self.clean(rest)),), pos)]
        if kind == "hr":
            self.i += 1
            return []
        raise AssertionError(f"unexpected token {kind} at {pos}")

    def read_agenda(self, tok: Token, pos: Pos) -> list[Block]:
        """'::: agenda' or '::: {.agenda time=minutes}': a table the planner fills from the
        run sheet. Text inside it is not shown; outside a slide's body the div is text."""
        time = "clock"
        info = tok.info.strip()
        line = self.lines[pos.line - 1] if pos.line <= len(self.lines) else ""
        for m in _ATTR.finditer(info.strip("{}") if info.startswith("{") else ""):
            ident, cls, key, value, junk = m.groups()
            if cls == "agenda" or not (key or junk or ident or cls):
                continue
            name = key or junk or ident or cls
            at = Pos(self.path, pos.line, line.find(name) + 1 if name in line else pos.col)
            value = (value or "").strip("\"'")
            if key == "time" and value in ("clock", "minutes"):
                time = value
            elif key == "time":
                self.sink.warning("bad-attribute", f"the agenda's time '{value}' is not "
                                  "'clock' or 'minutes'; clock times are shown", at,
                                  hint="write time=clock (each block's start) or time=minutes "
                                  "(each block's length)", span=len(m.group(0)))
            else:
                self.sink.warning("unknown-attribute", f"'{m.group(0)}' has no effect on an "
                                  "agenda and is ignored", at, hint="an agenda understands "
                                  "time=clock and time=minutes", span=len(m.group(0)))
        inside = self.read_div_body()
        if self.notes is None:  # speaker notes, the handout: no table to fill
            self.sink.warning("agenda-here", "'::: agenda' fills a slide's table from "
                              "kjoreplan.yaml; here (in speaker notes or the handout) its "
                              "content is shown as ordinary text", pos,
                              hint="put '::: agenda' in the body of a slide")
            return inside
        if inside:
            self.sink.warning("agenda-content", "the agenda is filled from kjoreplan.yaml; "
                              "the text inside '::: agenda' is left out", inside[0].pos,
                              hint="change the programme in kjoreplan.yaml, and leave the div "
                              "empty")
        return [Agenda(pos, "minutes" if time == "minutes" else "clock")]

    def read_chart(self, tok: Token, pos: Pos) -> list[Block]:
        """'::: {.chart type=bar title="…" format="0 %" labels=true legend=right alt="…"}'
        over a table: a native chart. Outside a slide's body the table stays a table."""
        options = {"type": "column", "title": "", "format": "", "labels": "", "legend":
                   "bottom", "alt": ""}
        choices = {"type": CHART_KINDS, "labels": ("true", "false"),
                   "legend": ("bottom", "right", "none")}
        info = tok.info.strip()
        line = self.lines[pos.line - 1] if pos.line <= len(self.lines) else ""
        for m in _ATTR.finditer(info.strip("{}") if info.startswith("{") else ""):
            _, cls, key, value, _ = m.groups()
            if cls == "chart":
                continue
            written = m.group(0)
            at = Pos(self.path, pos.line, line.find(written) + 1 if written in line else 1)
            value = (value or "").strip("\"'")
            if key in choices and value not in choices[key]:
                self.sink.error("chart-option", f"the chart's {key} '{value}' is not one of "
                                f"{', '.join(choices[key])}", at, span=len(written),
                                hint=f"write {key}={choices[key][0]}")
            elif key in options:
                options[key] = value
            else:
                self.sink.warning("unknown-attribute", f"'{written}' has no effect on a chart "
                                  "and is ignored", at, span=len(written),
                                  hint="a chart understands type, title, format, labels, "
                                  "legend and alt")
        inside = self.read_div_body()
        if self.notes is None:
            self.sink.warning("chart-here", "'::: chart' draws a chart on a slide; here (in "
                              "speaker notes or the handout) its table is shown as it is",
                              pos, hint="put the chart in the body of a slide")
            return inside
        tables = [b for b in inside if isinstance(b, Table)]
        if not tables:
            self.sink.error("chart-without-table", "'::: chart' needs a table of the numbers "
                            "to draw", pos, hint="write a table inside the div: categories in "
                            "the first column, a column of numbers per series")
            return inside
        table, rest = tables[0], [b for b in inside if b is not tables[0]]
        for block in rest:
            self.sink.warning("chart-content", "a chart draws one table; this is shown after "
                              "the chart", block.pos, hint="move it out of the div")
        chart = self.chart_of(table, options, pos)
        return [chart, *rest] if chart is not None else [table, *rest]

    def chart_of(self, table: Table, options: dict[str, str], pos: Pos) -> Chart | None:
        """The chart a table draws, its numbers read as Norwegians write them ('12,5',
        '1 200', '13 %'); None when a value is not a number (reported)."""
        header = [plain(cell).strip() for cell in table.header]
        columns = max((len(r) for r in table.rows), default=0)
        if columns < 2 or not table.rows:
            self.sink.error("chart-without-numbers", "the chart's table needs a column of "
                            "categories and at least one column of numbers", table.pos,
                            hint="put the names in the first column and the numbers beside")
            return None
        names = [header[c] if c < len(header) and header[c] else f"Serie {c}"
                 for c in range(1, columns)]
        percent = False
        series: list[list[float]] = [[] for _ in names]
        ok = True
        for r, row in enumerate(table.rows, start=1):
            for c in range(1, columns):
                text = plain(row[c]).strip() if c < len(row) else ""
                number = _number(text)
                if number is None:
                    self.sink.error("chart-value", f"the chart's value '{text}' (row {r}, "
                                    f"column '{names[c - 1]}') is not a number", table.pos,
                                    hint="write numbers such as 12, 12,5, 1 200 or 13 %")
                    ok = False
                    continue
                percent = percent or text.endswith("%")
                series[c - 1].append(number)
        if not ok:
            return None
        categories = tuple(plain(row[0]).strip() if row else "" for row in table.rows)
        kind = options["type"] if options["type"] in CHART_KINDS else "column"
        labels = options["labels"] == "true" if options["labels"] else \
            kind in ("pie", "doughnut")
        return Chart(kind, categories,  # type: ignore[arg-type]
                     tuple((n, tuple(v)) for n, v in zip(names, series, strict=True)), pos,
                     options["title"] or plain(table.caption).strip(),
                     options["format"] or _number_format(percent, series), labels,
                     options["legend"], options["alt"])

    def read_timeline(self, pos: Pos) -> list[Block]:
        """'::: timeline' over list items (or paragraphs) 'date: event'. Other blocks inside
        follow it as they are; outside a slide's body it is all text."""
        inside, entries, rest = self.read_entries(pos, "timeline", "draws a timeline",
                                                  "'date: event' items", "the timeline")
        if entries is None:
            return inside
        moments = [self.moment(spans, at) for spans, at in entries]
        if not MIN_MOMENTS <= len(moments) <= MAX_MOMENTS:
            self.sink.error("timeline-size", f"a timeline shows {MIN_MOMENTS} to "
                            f"{MAX_MOMENTS} moments; this one has {len(moments)}", pos,
                            hint="split a long timeline over two slides; two moments read "
                            "better as a list")
            return inside
        return [Timeline(tuple(moments), pos), *rest]

    def read_entries(self, pos: Pos, name: str, does: str, holds: str, after: str,
                     ) -> tuple[list[Block], list[tuple[Inline, Pos]] | None, list[Block]]:
        """The body of '::: timeline' or '::: figures': all its blocks, its entries (one per
        list item or paragraph; None outside a slide's body, where it stays text) and the
        other blocks, which follow it."""
        inside = self.read_div_body()
        if self.notes is None:
            self.sink.warning(f"{name}-here", f"'::: {name}' {does} on a slide; here (in "
                              "speaker notes or the handout) its content is shown as "
                              "ordinary text", pos,
                              hint=f"put '::: {name}' in the body of a slide")
            return inside, None, []
        entries: list[tuple[Inline, Pos]] = []
        rest: list[Block] = []
        for block in inside:
            if isinstance(block, ListBlock):
                entries.extend((item.spans, item.pos) for item in block.items)
            elif isinstance(block, Paragraph):
                entries.append((block.spans, block.pos))
            else:
                self.sink.warning(f"{name}-content", f"'::: {name}' holds {holds}; this is "
                                  f"shown after {after}", block.pos,
                                  hint="move it out of the div")
                rest.append(block)
        return inside, entries, rest

    def moment(self, spans: Inline, at: Pos) -> Moment:
        """'6. nov. 2019: Gardermoen': the date before the first ': ', the event after."""
        text = plain(spans)
        cut = text.find(": ")
        if cut < 0:
            self.sink.warning("moment-without-date", "a timeline item is written 'date: "
                              "event'; this one has no date and is shown without one", at,
                              hint="write the date first, then ': ' and the event")
            return Moment("", _strip(spans), at)
        date = text[:cut].replace("*", "").strip()
        event: list[Span] = []
        seen = 0
        for span in spans:  # keep the event's formatting: drop the first cut + 2 characters
            start = seen
            seen += len(span.text)
            if seen <= cut + 2:
                continue
            event.append(replace(span, text=span.text[max(cut + 2 - start, 0):]))
        return Moment(date, _strip(tuple(event)), at)

    def read_figures(self, pos: Pos) -> list[Block]:
        """'::: figures' over list items or paragraphs '**13 %** label': key figures. Other
        blocks inside follow them as they are; outside a slide's body it is all text."""
        inside, entries, rest = self.read_entries(pos, "figures", "sets key figures",
                                                  "key figures, one per list item or "
                                                  "paragraph", "them")
        if entries is None:
            return inside
        items = [self.figure(spans, at) for spans, at in entries]
        return [Figures(tuple(items), pos), *rest] if items else rest

    def figure(self, spans: Inline, at: Pos) -> Figure:
        """'**13 %** of pupils': the bold start is the number, the rest its label."""
        value: list[str] = []
        n = 0
        while n < len(spans) and spans[n].bold and not spans[n].link:
            value.append(spans[n].text)
            n += 1
        if not "".join(value).strip():
            self.sink.warning("figure-without-number", "a key figure starts with its number "
                              "in bold, as '**13 %** of the pupils'; this one is shown as a "
                              "label without a number", at, hint="set the number in bold "
                              "at the start of the line")
            return Figure("", _strip(spans), at)
        label = _strip(spans[n:])
        return Figure(" ".join("".join(value).split()), label, at)

    def read_cards(self, pos: Pos) -> list[Block]:
        """'::: cards' over a list: a card per item, '**heading** text'. Other blocks inside
        follow the cards as they are; outside a slide's body it is all text."""
        inside = self.read_div_body()
        if self.notes is None:
            self.sink.warning("cards-here", "'::: cards' sets cards on a slide; here (in "
                              "speaker notes or the handout) its content is shown as "
                              "ordinary text", pos, hint="put '::: cards' in the body of a slide")
            return inside
        cards: list[Card] = []
        rest: list[Block] = []
        for block in inside:
            if not isinstance(block, ListBlock):
                self.sink.warning("cards-content", "'::: cards' holds a list, a card per "
                                  "item; this is shown after the cards", block.pos,
                                  hint="make it a list item, or move it out of the div")
                rest.append(block)
                continue
            for n, item in enumerate(block.items):
                if not plain(item.spans).strip() and not item.children:
                    self.sink.warning("card-empty", "this list item is empty; no card is "
                                      "drawn for it", item.pos,
                                      hint="write the card's heading in bold, or remove the "
                                      "item")
                    continue
                number = _list_number(block.style, block.start + n) if block.ordered else ""
                cards.append(self.card(item, number))
        return [Cards(tuple(cards), pos), *rest] if cards else rest

    def card(self, item: ListItem, number: str) -> Card:
        """'**Samskaping** – nye løsninger sammen': the bold start is the heading, the rest
        (without the dash or colon after the heading) and nested items the text under it."""
        spans = item.spans
        n = 0
        while n < len(spans) and spans[n].bold and not spans[n].link:
            n += 1
        heading, text = _strip(spans[:n]), _strip(spans[n:])
        if not plain(heading).strip():
            heading, text = text, ()
        elif text and text[0].text[:1] in ("–", "—", "-", ":"):
            text = _strip((replace(text[0], text=text[0].text[1:]), *text[1:]))
        lines = [line for line in (text, *_nested_lines(item)) if line]
        if not heading and lines:  # an item of nested items only: the first is the heading
            heading = lines.pop(0)
        return Card(heading, tuple(lines), number, item.pos)

    def read_paragraph(self, inline: Token, pos: Pos) -> list[Block]:
        blocks: list[Block] = []
        search_from = (pos.line - 1, 0)
        children = inline.children or []
        for k, child in enumerate(children):
            if child.type == "image":
                alt = self.clean("".join(c.content for c in child.children or []))
                # the parser %-encodes the address: media/bl%C3%A5b%C3%A6r.png is media/blåbær.png
                src = unquote(str(child.attrs.get("src", "")))
                at, search_from = self.find_image(src, search_from, inline)
                width = height = None
                after = children[k + 1] if k + 1 < len(children) else None
                if after is not None and after.type == "text":
                    match = _IMAGE_ATTRS.match(after.content)
                    if match:
                        after.content = after.content[match.end():]
                        width, height, alt = self.read_image_attrs(match.group(1), at, alt)
                path = self.path.parent / src
                problem = _lookup_problem(path)
                if problem:
                    self.sink.error("bad-picture", f"cannot open picture '{src}': {problem}", at,
                                    hint="check the file name, and that a link does not point to "
                                    "itself")
                    continue
                blocks.append(Image(src, path, alt, at, (), width, height))
        lines = inline.content.split("\n")
        if all(line.startswith("| ") or line == "|" for line in lines):
            # a pandoc line block: each line kept as written, on its own line
            spans: Inline = tuple(s for n, line in enumerate(lines) for s in (
                (Span("\n"),) if n else ()) + self.read_inline_text(line[2:]))
            return [Paragraph(spans, pos)]
        spans = self.read_inline(inline, keep_images=False)
        text = "".join(s.text for s in spans)
        if text.replace("\\", "").strip():
            blocks.insert(0, Paragraph(spans, pos))
        elif len(blocks) == 1 and isinstance(blocks[0], Image) and blocks[0].alt.strip() and \
                not text:  # pandoc: a picture followed by a backslash is not a figure
            # a picture alone in its paragraph is a figure: pandoc shows its alt as a caption
            image = next(c for c in children if c.type == "image")
            figure = blocks[0]
            assert isinstance(figure, Image)
            blocks[0] = replace(figure, caption=_strip(self.read_inline(image)))
        return blocks

    def read_image_attrs(self, text: str, at: Pos, alt: str) -> tuple[float | None,
                                                                      float | None, str]:
        """{width=50% height=30% fig-alt="…"} after a picture: shares of its region."""
        sizes: dict[str, float | None] = {"width": None, "height": None}
        for m in _ATTR.finditer(text):
            _, _, key, value, _ = m.groups()
            if key in sizes:
                value = value.strip("\"'")
                number = value.removesuffix("%")
                try:
                    share = float(number) / 100
                except ValueError:
                    share = 0.0
                if not value.endswith("%") or not 0 < share <= 1:
                    self.sink.warning("picture-size", f"{key}={value} is not understood; the "
                                      "picture fills its place", at, hint=f"give the {key} as a "
                                      f"share of the slide's text area, such as {key}=50%")
                    continue
                sizes[key] = share
            elif key == "fig-alt":
                alt = value.strip("\"'")
        return sizes["width"], sizes["height"], alt

    def find_image(self, src: str, start: tuple[int, int],
                   inline: Token) -> tuple[Pos, tuple[int, int]]:
        """Where '![…](src' stands in the source, searching on from the previous picture."""
        last = inline.map[1] if inline.map else start[0] + 1
        line, col = start
        while line < min(last, len(self.lines)):
            text = self.lines[line]
            found = text.find(f"]({src}", col)
            if found >= 0:
                bang = text.rfind("![", 0, found)
                return Pos(self.path, line + 1, bang + 1 if bang >= 0 else found + 1), \
                    (line, found + 1)
            line, col = line + 1, 0
        return Pos(self.path, start[0] + 1, 1), start

    def read_list(self) -> list[Block]:
        """A list; a table or picture in an item of it is lifted out after that item, as
        pandoc does, the list going on after it (numbering continued)."""
        open_tok = self.tokens[self.i]
        ordered = open_tok.type == "ordered_list_open"
        start = int(open_tok.attrs.get("start", 1)) if ordered else 1
        style = "arabicParenR" if open_tok.markup == ")" else "arabicPeriod"
        if ordered and open_tok.map and open_tok.map[0] in self.list_styles:
            style, start = self.list_styles[open_tok.map[0]]
        close_type = open_tok.type.replace("_open", "_close")
        self.i += 1
        out: list[Block] = []
        items: list[ListItem] = []
        list_pos = self.pos(open_tok)
        while self.tokens[self.i].type != close_type:
            item_tok = self.tokens[self.i]
            self.i += 1
            spans: list[Span] = []
            children: list[ListBlock] = []
            lifted: list[Block] = []
            while self.tokens[self.i].type != "list_item_close":
                inner = self.read_block()
                for block in inner:
                    if isinstance(block, ListBlock):
                        children.append(block)
                    elif isinstance(block, (Table, Image, Agenda, Figures, Chart, Timeline)) \
                            and self.notes is not None:
                        lifted.append(block)
                    else:
                        if isinstance(block, (Table, Image, Agenda)):
                            self.warn_as_text(block)
                        if spans:
                            spans.append(Span("\n"))
                        spans.extend(_block_spans(block))
            self.i += 1
            line = item_tok.map[0] if item_tok.map else -1
            if items and line in self.list_styles and self.list_styles[line][0] != style:
                # another marker style starts another list, as in pandoc
                out.append(ListBlock(tuple(items), ordered, list_pos, start, style,
                                     self.incremental))
                style, start = self.list_styles[line]
                items, list_pos = [], self.pos(item_tok)
            items.append(ListItem(tuple(spans), self.pos(item_tok), tuple(children)))
            if lifted:
                out.append(ListBlock(tuple(items), ordered, list_pos, start, style,
                                     self.incremental))
                out.extend(lifted)
                start += len(items)
                items = []
                list_pos = lifted[-1].pos
        self.i += 1
        if items:
            out.append(ListBlock(tuple(items), ordered, list_pos, start, style,
                                     self.incremental))
        return out

    def warn_as_text(self, block: Table | Image | Agenda) -> None:
        """A table or picture where only text can stand (a nested list, a quote)."""
        if isinstance(block, Agenda):
            self.sink.warning("agenda-as-text", "an agenda inside a nested list or a quote "
                              "cannot be shown and is left out", block.pos,
                              hint="put '::: agenda' at the slide's own level")
        elif isinstance(block, Table):
            self.sink.warning("table-as-text", "a table inside a nested list or a quote cannot "
                              "be a table; its rows are shown as lines of text", block.pos,
                              hint="put the table in a paragraph of its own on the slide")
        else:
            self.sink.warning("picture-as-text", "a picture inside a nested list or a quote "
                              "cannot be shown; its alt text is used", block.pos,
                              hint="put the picture in a paragraph of its own on the slide")

    def read_definitions(self) -> list[Block]:
        """A definition list: each term in bold, its definitions indented under it."""
        self.i += 1
        blocks: list[Block] = []
        while self.tokens[self.i].type != "dl_close":
            tok = self.tokens[self.i]
            if tok.type == "dt_open":
                blocks.append(Paragraph(self.read_inline(self.tokens[self.i + 1]), self.pos(tok),
                                        heading=True))
                self.i += 3
            elif tok.type == "dd_open":
                self.i += 1
                while self.tokens[self.i].type != "dd_close":
                    for block in self.read_block():
                        if isinstance(block, Paragraph):
                            blocks.append(replace(block, indent=1))
                        else:
                            blocks.append(block)
                self.i += 1
            else:
                self.i += 1
        self.i += 1
        return blocks

    def read_quote(self) -> Quote:
        open_tok = self.tokens[self.i]
        self.i += 1
        paragraphs: list[Paragraph] = []
        while self.tokens[self.i].type != "blockquote_close":
            for block in self.read_block():
                if isinstance(block, (Table, Image, Agenda)):
                    self.warn_as_text(block)
                if isinstance(block, Agenda):
                    continue
                paragraphs.append(Paragraph(tuple(_block_spans(block)), block.pos))
        self.i += 1
        return Quote(tuple(paragraphs), self.pos(open_tok))

    def caption_at(self, i: int) -> bool:
        """Whether the tokens at ``i`` are a 'Table: …' (or ': …') caption paragraph."""
        return i + 1 < len(self.tokens) and self.tokens[i].type == "paragraph_open" and \
            _CAPTION.match(self.tokens[i + 1].content) is not None

    def read_caption(self) -> Inline:
        inline = self.tokens[self.i + 1]
        self.i += 3
        match = _CAPTION.match(inline.content)
        assert match is not None
        return _strip(self.read_inline_text(inline.content[match.end():]))

    def read_captioned_table(self) -> Table:
        """A table with a caption paragraph before or after it, as pandoc reads them."""
        caption: Inline = ()
        if self.tokens[self.i].type == "paragraph_open":
            caption = self.read_caption()
        tok = self.tokens[self.i]
        table = self.read_pandoc_table() if tok.type == "pandoc_table" else self.read_table()
        if not caption and self.caption_at(self.i):
            caption = self.read_caption()
        return replace(table, caption=caption) if caption else table

    def read_pandoc_table(self) -> Table:
        tok = self.tokens[self.i]
        self.i += 1
        header = tok.meta["header"]
        return Table(tuple(self.read_inline_text(c) for c in header or ()),
                     tuple(tuple(self.read_inline_text(c) for c in row)
                           for row in tok.meta["rows"]),
                     tuple(tok.meta["aligns"]), self.pos(tok))

    def read_table(self) -> Table:
        open_tok = self.tokens[self.i]
        self.i += 1
        header: list[Inline] = []
        rows: list[tuple[Inline, ...]] = []
        aligns: list[str] = []
        row: list[Inline] = []
        in_head = False
        while self.tokens[self.i].type != "table_close":
            tok = self.tokens[self.i]
            if tok.type == "tr_open" and not in_head:
                self.check_row(tok, len(aligns))
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type in ("th_open", "td_open"):
                style = str(tok.attrs.get("style", ""))
                if in_head:
                    aligns.append(style.removeprefix("text-align:"))
                row.append(self.read_inline(self.tokens[self.i + 1]))
                self.i += 2
            elif tok.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
                row = []
            self.i += 1
        self.i += 1
        return Table(tuple(header), tuple(rows), tuple(aligns), self.pos(open_tok))

    def check_row(self, tr_open: Token, columns: int) -> None:
        """The parser leaves out cells beyond the header's; say so rather than lose them."""
        if tr_open.map is None or tr_open.map[0] >= len(self.lines):
            return
        text = _ROW_PREFIX.sub("", self.lines[tr_open.map[0]]).strip()
        cells = _CELL_SEPARATOR.split(text)
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        if len(cells) > columns:
            extra = len(cells) - columns
            self.sink.warning("extra-cells", f"this row has {len(cells)} cells but the header "
                              f"row has {columns}; the last {extra} cell(s) are left out",
                              self.pos(tr_open), hint="add the column to the header row and to "
                              "the '---' row under it, or remove the extra cells")

    def read_columns(self) -> Columns:
        open_tok = self.tokens[self.i]
        self.check_closed(open_tok)
        self.i += 1
        columns: list[Column] = []
        while self.tokens[self.i].type != "div_close":
            tok = self.tokens[self.i]
            if tok.type == "div_open" and "column" in _div_classes(tok.info):
                pos = self.pos(tok)
                columns.append(Column(tuple(self.read_div_body()), pos))
            else:
                pos = self.pos(tok)
                self.sink.error("outside-column", "text inside ':::: columns' must stand in a "
                                "'::: column'", pos, hint="wrap it in '::: column' … ':::'")
                self.read_block()
        self.i += 1
        return Columns(tuple(columns), self.pos(open_tok))

    # -- inline ----------------------------------------------------------
    def safe_link(self, href: str) -> str | None:
        """The link if it is a web or mail address; others are kept as text, with a warning.

        A link in a deck or a Word file opens whatever program its scheme names when
        clicked: 'ms-msdt:', 'smb:' or a Windows share path can start programs or leak
        credentials, and a relative path leads nowhere once the file is downloaded. So only
        http, https and mailto links (and '#' links within a page) become clickable.
        """
        if href.startswith("#") or urlsplit(href).scheme.lower() in SAFE_SCHEMES:
            return href
        shown = clip(unquote(href), 40)
        self.sink.warning("unsafe-link", f"the link to '{shown}' is not made clickable: only "
                          "http, https and mailto links are", self.last_pos,
                          hint="link to a web page (https://…) instead; the text is kept")
        return None

    def clean(self, text: str) -> str:
        """Text without the control characters an entity such as '&#12;' can make."""
        return clean_value(text, self.last_pos, self.sink,
                           hint="delete the character reference (such as &#12;)")

    def read_inline_text(self, text: str) -> Inline:
        tokens = make_parser().parseInline(text.strip())
        return self.read_inline(tokens[0]) if tokens else ()

    def read_inline(self, inline: Token, keep_images: bool = True) -> Inline:
        """Spans of an inline token; pictures where only text can stand keep their alt text."""
        spans: list[Span] = []
        marks = {"bold": 0, "italic": 0, "strike": 0, "underline": 0, "smallcaps": 0}
        baseline = 0
        link: str | None = None
        spans_open: list[list[str]] = []  # what each open [span]{…} switched on
        children = inline.children or []

        fmt: dict[str, Any] = {}  # the formatting now in force, made anew when it changes

        def span(text: str, **extra: Any) -> Span:
            if not fmt:
                fmt.update({k: v > 0 for k, v in marks.items()}, link=link, baseline=baseline)
            return Span(text, **{**fmt, **extra}) if extra else Span(text, **fmt)

        for k, child in enumerate(children):
            kind = child.type
            if kind.endswith(("_open", "_close")):
                fmt.clear()
            if kind == "html_inline" and _is_comment(child.content):
                continue
            if kind == "image" and keep_images:
                alt = self.clean("".join(c.content for c in child.children or []))
                where = self.pos(inline) if inline.map else self.last_pos
                self.sink.warning("picture-in-text", "a picture inside a heading or table cell "
                                  "cannot be shown; its alt text is used", where,
                                  hint="put the picture in a paragraph of its own")
                spans.append(span(alt))
                continue
            if kind == "html_inline" and _CHECKBOX.match(child.content):
                spans.append(span("☒" if "checked" in child.content else "☐"))
            elif kind == "text" or kind == "html_inline":
                if kind == "html_inline":
                    self.warn_once("raw-html", "HTML is not understood here; it is shown as "
                                   "text", hint="write it in Markdown, or put it in <!-- a "
                                   "comment -->")
                text = self.clean(child.content)
                if spans and spans[-1].text.endswith(" ") and text.startswith(" "):
                    text = text.lstrip(" ")  # 'a <!-- b --> c' is 'a c', with one space
                spans.append(span(text))
            elif kind == "softbreak":
                spans.append(span(" "))
            elif kind == "hardbreak":
                spans.append(span("\n"))
            elif kind == "code_inline":
                after = children[k + 1] if k + 1 < len(children) else None
                raw = _RAW_FORMAT.match(after.content) if after and after.type == "text" \
                    else None
                if raw and after is not None:
                    after.content = after.content[raw.end():]
                    runs = self.read_raw(child.content, raw.group(1))
                    if runs is not None and len(runs) and \
                            all(el.tag in _RAW_RUNS for el in runs):
                        # as pandoc does: the runs go into the paragraph as written
                        spans.append(Span("".join(_texts(runs)), raw="".join(
                            etree.tostring(el, encoding="unicode") for el in runs)))
                    elif runs is not None:
                        self.warn_once("raw-openxml", "raw OpenXML in text must be runs (a:r, "
                                       "a:br); its text is shown as ordinary text",
                                       hint="write it in Markdown")
                        spans.extend(span(text) for text in _texts(runs))
                else:
                    spans.append(span(self.clean(child.content), code=True))
            elif kind == "math_inline":
                spans.append(span(tex_to_text(child.content)))
            elif kind == "footnote_ref":
                spans.append(span(str(child.meta["id"] + 1), baseline=1))
                self.footnote_refs.append(child.meta["id"])
            elif kind in _MARKS:
                mark, step = _MARKS[kind]
                marks[mark] += step
            elif kind in ("sup_open", "sub_open"):
                baseline = 1 if kind == "sup_open" else -1
            elif kind in ("sup_close", "sub_close"):
                baseline = 0
            elif kind == "span_open":
                classes = str(child.attrs.get("class", "")).split()
                switched = [c for c in classes if c in ("smallcaps", "underline")]
                for mark in switched:
                    marks[mark] += 1
                spans_open.append(switched)
            elif kind == "span_close" and spans_open:
                for mark in spans_open.pop():
                    marks[mark] -= 1
            elif kind == "link_open":
                link = self.safe_link(str(child.attrs.get("href", "")))
            elif kind == "link_close":
                link = None
        return _merge(spans)

    def read_raw(self, text: str, fmt: str) -> Any | None:
        """Raw ``{=openxml}`` content parsed, its elements the children of the result (an
        error where it is not XML); raw content for other formats is left out, as pandoc
        leaves it out of a deck."""
        if fmt != "openxml":
            if not _is_comment(text):
                self.warn_once(f"raw-{fmt}", f"raw {fmt} is meant for another output format; "
                               "it is left out of the deck, as pandoc leaves it out",
                               hint="write it in Markdown")
            return None
        try:
            root = etree.fromstring(f"<raw {_OOXML_NS}>{text}</raw>".encode())
        except etree.XMLSyntaxError as exc:
            self.sink.error("bad-openxml", "the raw OpenXML is not well-formed XML: "
                            f"{exc.msg.split(', line')[0]}",
                            self.last_pos, hint="check that every tag is closed, or remove "
                            "the {=openxml} block")
            return None
        return root

    def warn_once(self, code: str, message: str, hint: str = "") -> None:
        """A warning for the first use of a construct in this file, at the block it is in."""
        if code not in self.warned:
            self.warned.add(code)
            self.sink.warning(code, message, self.last_pos, hint=hint)


def _relates(root: Any) -> bool:
    """Raw OpenXML refers to a relationship (a picture, a link) that the deck cannot have."""
    r = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    return any(key.startswith(r) for el in root.iter() for key in el.attrib)


def _texts(root: Any) -> list[str]:
    """The texts (a:t) of raw OpenXML."""
    return [t.text or "" for t in root.iter(f"{{{_A}}}t")]


def _strip(spans: Inline) -> Inline:
    """Trim the whitespace at both ends of a run of spans."""
    items = list(spans)
    while items and not items[0].text.strip():
        items.pop(0)
    while items and not items[-1].text.strip():
        items.pop()
    if items:
        items[0] = replace(items[0], text=items[0].text.lstrip())
        items[-1] = replace(items[-1], text=items[-1].text.rstrip())
    return tuple(items)


def _is_comment(html: str) -> bool:
    return not _without_comments(html).strip()


def _without_comments(html: str) -> str:
    """HTML with its <!-- comments --> removed (an unclosed one runs to the end)."""
    out, at = [], 0
    while (start := html.find("<!--", at)) >= 0:
        out.append(html[at:start])
        end = html.find("-->", start + 4)
        at = len(html) if end < 0 else end + 3
    out.append(html[at:])
    return "".join(out)


def _style(span: Span) -> tuple[object, ...]:
    """Everything about a span but its text."""
    return (span.bold, span.italic, span.code, span.link, span.strike, span.underline,
            span.smallcaps, span.baseline, span.raw)


def _merge(spans: list[Span]) -> Inline:
    """Join neighbouring spans with the same formatting."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and not span.raw and _style(out[-1]) == _style(span):
            out[-1] = replace(span, text=out[-1].text + span.text)
        else:
            out.append(span)
    return tuple(out)


def _block_spans(block: Block) -> list[Span]:
    """Flatten a block into inline spans, for places that hold only text (list items, quotes).

    Paragraphs, items and table rows each start a new line, so no text is lost or run together.
    """
    if isinstance(block, Paragraph):
        return list(block.spans)
    if isinstance(block, CodeBlock):
        return [Span(block.text, code=True)]
    if isinstance(block, Image):
        return [Span(block.alt)]
    if isinstance(block, Agenda):  # warned about where it stands
        return []
    if isinstance(block, Figures):
        return _lines([[Span(f"{f.value} "), *f.label] if f.value else list(f.label)
                       for f in block.items])
    if isinstance(block, Chart):
        return _lines([[Span(line)] for line in block.rows()])
    if isinstance(block, Timeline):
        return _lines([[Span(f"{m.date}: "), *m.event] for m in block.moments])
    if isinstance(block, Cards):
        return _lines([[Span(f"{c.number}. " if c.number else ""), *c.heading]
                       + [s for line in c.text for s in (Span(" "), *line)]
                       for c in block.items])
    if isinstance(block, Quote):
        return _lines([list(p.spans) for p in block.paragraphs])
    if isinstance(block, ListBlock):
        spans: list[Span] = []
        for item in block.items:
            spans.extend([Span("\n"), *item.spans])
            for child in item.children:
                spans.extend(_block_spans(child))
        return spans
    if isinstance(block, Table):
        rows = []
        for row in (block.header, *block.rows):
            rows.append([Span(" ".join("".join(s.text for s in cell) for cell in row))])
        return _lines(rows)
    return _lines([_block_spans(b) for col in block.columns for b in col.blocks])


def _lines(parts: list[list[Span]]) -> list[Span]:
    """Parts joined by line breaks."""
    spans: list[Span] = []
    for part in parts:
        if spans and part:
            spans.append(Span("\n"))
        spans.extend(part)
    return spans


def _lookup_problem(path: Path) -> str | None:
    """Why the system cannot look a picture's path up (a link to itself, a name too long)."""
    try:
        path.resolve()
        path.is_file()
    except RuntimeError:  # Python 3.11's resolve() on a loop of symbolic links
        return "it is a symbolic link that leads back to itself"
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


MIN_MOMENTS, MAX_MOMENTS = 3, 8  # what a timeline across a slide shows readably
_SPACES_IN_NUMBERS = str.maketrans("", "", " \u00a0\u202f\u2009")


def _number(text: str) -> float | None:
    """A number as written in a table: '12', '12,5', '12.5', '1 200', '-3', '13 %' (0.13)."""
    percent = text.endswith("%")
    core = text.rstrip("%").translate(_SPACES_IN_NUMBERS).replace("\u2212", "-")
    core = core.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", core):
        return None
    value = float(core)
    return value / 100 if percent else value


def _number_format(percent: bool, series: list[list[float]]) -> str:
    """The format a chart's numbers are shown in when the table does not say: percent as
    written, large whole numbers grouped by thousands, else as they are."""
    values = [v for column in series for v in column]
    if percent:
        return "0 %" if all(float(round(v * 100, 9)).is_integer() for v in values) else "0.0 %"
    if all(float(v).is_integer() for v in values) and any(abs(v) >= 10000 for v in values):
        return "#,##0"
    return "General"


def _nested_lines(item: ListItem) -> list[Inline]:
    """The text of every item nested under a list item, at any depth, in order."""
    lines: list[Inline] = []
    for child in item.children:
        for sub in child.items:
            lines.append(_strip(sub.spans))
            lines.extend(_nested_lines(sub))
    return lines


def _list_number(style: str, n: int) -> str:
    """An ordered list's number as its style shows it: 3, c, C, iii or III."""
    if style.startswith("alpha"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
        return letter.upper() if style.startswith("alphaUc") else letter
    if style.startswith("roman"):
        numeral = ""
        for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value:
                numeral, n = numeral + digits, n - value
        return numeral.upper() if style.startswith("romanUc") else numeral
    return str(n)


def _div_classes(info: str) -> set[str]:
    info = info.strip()
    if info.startswith("{"):
        return {m.group(2) for m in _ATTR.finditer(info.strip("{}")) if m.group(2)}
    return {info}


def _attr_block(content: str) -> tuple[int, str] | None:
    """A trailing ``{…}`` attribute block: where the heading text ends, and what is inside.

    Found by hand rather than with a regex: a search for '\\s*{…}\\s*$' is quadratic on a
    heading with a long run of spaces.
    """
    stripped = content.rstrip()
    if not stripped.endswith("}"):
        return None
    start = stripped.rfind("{")
    inner = stripped[start + 1 : -1]
    if start < 0 or "}" in inner:
        return None
    return len(stripped[:start].rstrip()), inner


def slugify(text: str) -> str:
    """An identifier from a heading, the way pandoc makes them."""
    text = unicodedata.normalize("NFC", text).lower()
    text = "".join(c for c in text if c.isalnum() or c in " _-.")
    text = re.sub(r"\s+", "-", text.strip())
    text = text.lstrip("0123456789_-.")
    return text or "slide"


def read_slides(path: Path, text: str, sink: Sink) -> tuple[tuple[Block, ...], tuple[Slide, ...]]:
    """Parse slides.md into the title slide's notes and the slides."""
    text, notes = _blank_front_matter(text, path, sink)
    reader = BlockReader(path, text, sink)
    title_notes, drafts = reader.read()
    if notes:
        # pandoc's 'notes:' metadata: the title slide's notes, before any '::: notes' there
        title_notes[:0] = [b for d in BlockReader(path, notes, sink).read()[1] for b in d.blocks]
    # pandoc drops slides with nothing on them (two '---' in a row); a heading stays
    drafts = [d for d in drafts if not d.ruled or d.blocks or d.notes or d.raw_shapes]
    return tuple(title_notes), _finish(drafts, sink)


def _blank_front_matter(text: str, path: Path, sink: Sink) -> tuple[str, str]:
    """Blank out a YAML metadata block at the top (as pandoc reads one), keeping line numbers;
    return the text and the Markdown of its ``notes:``, padded to stand on its own lines.

    Like pandoc, only a block that is a YAML mapping counts; anything else between two
    '---' lines is an untitled slide.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, ""
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            from temapakker.read.yamldoc import YMap, YScalar, load_yaml

            # Whether it is a mapping is all that matters here: its problems are not
            # reported. Its 'notes' become the title slide's notes.
            data = load_yaml("\n".join(lines[1:end]), path, Sink(), "the metadata block")
            if not isinstance(data, YMap):
                return text, ""
            notes = ""
            value = data.values.get("notes")
            if isinstance(value, YScalar) and value.text.strip():
                # pos.line counts from the block's first line, which is the file's second;
                # a block scalar starts on the line after 'notes: |'
                first = value.pos.line + (1 if value.block else 0)
                notes = "\n" * first + value.text
            what = "only its 'notes' are used (as the title slide's notes)" if notes else \
                "which is ignored"
            sink.warning("front-matter", f"lines 1–{end + 1} of slides.md are a metadata block, "
                         f"{what}", Pos(path, 1, 1),
                         hint="put title, subtitle and the rest in pack.yaml; to start with an "
                         "untitled slide, put a blank line above the first '---'")
            return "\n" * (end + 1) + "\n".join(lines[end + 1 :]), notes
    return text, ""


def _finish(drafts: list[_SlideDraft], sink: Sink) -> tuple[Slide, ...]:
    """Give every slide an id: explicit ids must be unique; derived ones get suffixes."""
    explicit: dict[str, Pos] = {}
    for d in drafts:
        if d.id is None:
            continue
        if d.id == TITLE_ID:
            sink.error("reserved-id", f"slide id '{TITLE_ID}' belongs to the title slide made "
                       "from pack.yaml", d.id_pos or d.pos, span=len(d.id) + 1,
                       hint="choose another id for this slide")
        elif d.id in explicit:
            first = explicit[d.id]
            sink.error("duplicate-id", f"slide id '{d.id}' is already used on line {first.line}",
                       d.id_pos or d.pos, span=len(d.id) + 1,
                       hint="give each slide its own id; the run sheet refers to them")
        else:
            explicit[d.id] = d.pos
    taken = {*explicit, TITLE_ID}
    slides = []
    for d in drafts:
        ident, is_explicit = d.id, d.id is not None
        if ident is None:
            base = slugify("".join(s.text for s in d.title)) if d.title else "slide"
            ident, n = base, 1
            while ident in taken:
                ident, n = f"{base}-{n}", n + 1
            taken.add(ident)
        slides.append(Slide(d.kind, d.title, ident, is_explicit, d.layout, tuple(d.blocks),
                            tuple(d.notes), d.pos, d.layout_pos, d.background,
                            tuple(d.raw_shapes), d.place, d.statement, d.image_side))
    return tuple(slides)
