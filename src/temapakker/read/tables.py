"""pandoc's simple, multiline and grid tables, as a markdown-it block rule.

Pipe tables come from markdown-it's own rule. The other three are found here and handed
to the reader as one ``pandoc_table`` token whose ``meta`` holds the cells as source text
(``header``: a list of cells or None, ``rows``, ``aligns``); the reader parses each cell's
inline Markdown. A ``Table: caption`` paragraph is the reader's business.

A headerless table with a single column (three dashes, a line, three dashes) looks just
like two slide breaks around a paragraph; such a table counts only when its dashed lines
are indented, as pandoc's Markdown writer writes them, so ``---`` at the left margin
stays a slide break.
"""

from __future__ import annotations

import itertools
import re

from markdown_it.rules_block import StateBlock

_DASHES = re.compile(r"^\s*-+(\s+-+)*\s*$")
_GRID_RULE = re.compile(r"^\s*\+([-=:]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*[|+]")

Cells = list[str]


def pandoc_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule: a simple, multiline or grid table at ``start_line``."""
    # most lines start no table: a look at the first character of this line and the next
    at = state.bMarks[start_line] + state.tShift[start_line]
    first_char = state.src[at:at + 1]
    below = state.bMarks[start_line + 1] + state.tShift[start_line + 1] \
        if start_line + 1 < end_line else -1
    following = below >= 0 and state.src[below:below + 1] == "-"
    if first_char not in ("-", "+") and not following:
        return False
    src = _Source(state, start_line, end_line)
    first, second = src.get(0), src.get(1)
    if first is None or first.lstrip().startswith(":::"):
        return False
    underlined = second is not None and _DASHES.match(second) is not None
    if not (_DASHES.match(first) or _GRID_RULE.match(first) or underlined):
        return False
    if state.sCount[start_line] - state.blkIndent >= 4 and not underlined:
        return False  # indented code, unless it is a simple table's indented header
    found = _grid(src) or _headed(src) or _headerless(src)
    if found is None:
        return False
    used, header, rows, aligns = found
    if silent:
        return True
    token = state.push("pandoc_table", "table", 0)
    token.block = True
    token.map = [start_line, start_line + used]
    token.meta = {"header": header, "rows": rows, "aligns": aligns}
    state.line = start_line + used
    return True


class _Source:
    """The lines from ``start`` on, with the block's indentation (list item, quote) cut,
    read only as far as asked: every '---' is a candidate, and most are looked at for a
    line or two, so reading to the end each time would make a long file slow."""

    def __init__(self, state: StateBlock, start: int, end: int) -> None:
        self.state, self.start, self.end = state, start, end
        self.lines: list[str] = []
        self.done = False

    def get(self, n: int) -> str | None:
        """Line ``n`` (0 is the first), None past the end of the block."""
        state = self.state
        while len(self.lines) <= n and not self.done:
            line = self.start + len(self.lines)
            if line >= self.end or (state.sCount[line] < state.blkIndent and
                                    state.tShift[line] < state.eMarks[line] -
                                    state.bMarks[line]):
                self.done = True
                break
            begin = state.bMarks[line] + min(state.tShift[line], state.blkIndent)
            self.lines.append(state.src[begin : state.eMarks[line]].expandtabs(4))
        return self.lines[n] if n < len(self.lines) else None

    def take(self, start: int, end: int) -> list[str]:
        """Lines ``start`` up to ``end``, all known to exist."""
        self.get(end - 1)
        return self.lines[start:end]

    def blank(self, n: int) -> bool:
        """Line ``n`` is blank or past the end."""
        line = self.get(n)
        return line is None or not line.strip()


def _spans(rule: str) -> list[tuple[int, int]]:
    """Column extents (start, end) of the runs of dashes in a dashed line."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]


def _cut(line: str, spans: list[tuple[int, int]]) -> Cells:
    """A line cut into cells: each column runs from its start to the next column's start
    (text may stick out past the dashes, as pandoc allows)."""
    cells = []
    for i, (start, _) in enumerate(spans):
        end = spans[i + 1][0] if i + 1 < len(spans) else len(line)
        begin = 0 if i == 0 else start
        cells.append(line[begin:end].strip())
    return cells


def _align(header: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """pandoc's rule: dashes flush with the text on one side only align it to that side;
    dashes past it on both sides centre it; flush on both sides is the default."""
    aligns = []
    for i, (start, end) in enumerate(spans):
        region_end = spans[i + 1][0] if i + 1 < len(spans) else None
        left = right = False
        seen = False
        for line in header:
            region = line[:region_end] if i == 0 else line[start:region_end]
            offset = 0 if i == 0 else start
            if not region.strip():
                continue
            seen = True
            first = offset + len(region) - len(region.lstrip())
            last = offset + len(region.rstrip())
            left = left or first == start
            right = right or last == end
        if not seen or left == right:
            aligns.append("" if not seen or left else "center")
        else:
            aligns.append("left" if left else "right")
    return aligns


def _rows(lines: list[str], spans: list[tuple[int, int]], multiline: bool) -> list[Cells]:
    """Rows of a table body: each line a row, or blank-separated chunks of lines."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if chunks[-1]:
                chunks.append([])
        elif multiline:
            chunks[-1].append(line)
        else:
            chunks[-1].append(line)
            chunks.append([])
    rows = []
    for chunk in chunks:
        if not chunk:
            continue
        parts = [_cut(line, spans) for line in chunk]
        rows.append([" ".join(p[c] for p in parts if p[c]) for c in range(len(spans))])
    return rows


def _headed(src: _Source) -> tuple[int, Cells, list[Cells], list[str]] | None:
    """A simple table (header, dashes, rows, blank) or a multiline table with a header
    (dashes, header lines, dashes, rows, dashes)."""
    first, second = src.get(0), src.get(1)
    if first is None or second is None or src.get(2) is None:
        return None
    if _DASHES.match(first) and len(_spans(first)) == 1:
        # multiline: the header lines run to a dashed line with several columns
        n = 1
        while not src.blank(n) and not _DASHES.match(src.get(n) or ""):
            n += 1
        rule = src.get(n)
        if rule is None or not rule.strip():
            return None
        spans = _spans(rule)
        if n == 1 or (len(spans) < 2 and not first.startswith(" ")):
            return None  # one column: only indented, see the module's docstring
        end = n + 1
        while (line := src.get(end)) is not None:
            if _DASHES.match(line) and len(_spans(line)) == 1:
                if not src.blank(end + 1):
                    return None
                head = src.take(1, n)
                header = [" ".join(p for p in col if p) for col in
                          zip(*(_cut(h, spans) for h in head), strict=True)]
                return end + 1, header, _rows(src.take(n + 1, end), spans, True), \
                    _align(head, spans)
            end += 1
        return None
    if not first.strip() or not _DASHES.match(second):
        return None
    spans = _spans(second)
    if len(spans) < 2:  # one column: a setext heading, as in pandoc
        return None
    end = 2
    while not src.blank(end):
        end += 1
    if end == 2:
        return None
    body = src.take(2, end)
    if body and _DASHES.match(body[-1]):  # a closing dashed line is allowed
        body = body[:-1]
    return end, _cut(first, spans), _rows(body, spans, False), _align([first], spans)


def _headerless(src: _Source) -> tuple[int, None, list[Cells], list[str]] | None:
    """Dashes, rows (one a line, or blank-separated), the same dashes again."""
    first = src.get(0)
    if first is None or not _DASHES.match(first) or src.blank(1):
        return None
    opening = first.rstrip()
    spans = _spans(opening)
    if len(spans) == 1 and not opening.startswith(" "):
        return None  # a slide break, see the module's docstring
    end = 1
    while (line := src.get(end)) is not None and line.rstrip() != opening:
        if _DASHES.match(line):
            return None
        end += 1
    if line is None or not src.blank(end + 1):
        return None
    body = src.take(1, end)
    multiline = any(not line.strip() for line in body)
    rows = _rows(body, spans, multiline)
    return end + 1, None, rows, _align(body[:1], spans)


def _grid(src: _Source) -> tuple[int, Cells | None, list[Cells], list[str]] | None:
    """+---+---+ tables; a +===+ line ends the header."""
    first = src.get(0)
    if first is None or not _GRID_RULE.match(first):
        return None
    indent = len(first) - len(first.lstrip())
    bounds = [i + indent for i, c in enumerate(first.strip()) if c == "+"]
    end = 1
    while not src.blank(end) and _GRID_ROW.match(src.get(end) or ""):
        end += 1
    lines = src.take(0, end)
    if end < 3 or not _GRID_RULE.match(lines[end - 1]):
        return None
    header: Cells | None = None
    rows: list[Cells] = []
    chunk: list[str] = []
    aligns = [_grid_align(lines[0][a:b + 1]) for a, b in itertools.pairwise(bounds)]
    for line in lines[1:end]:
        if _GRID_RULE.match(line):
            cells = [" ".join(part for part in (_grid_cell(row, a, b) for row in chunk)
                              if part) for a, b in itertools.pairwise(bounds)]
            if "=" in line and header is None and not rows:
                header = cells
                aligns = [_grid_align(line[a:b + 1])
                          for a, b in itertools.pairwise(bounds)]
            else:
                rows.append(cells)
            chunk = []
        else:
            chunk.append(line)
    return end, header, rows, aligns


def _grid_cell(line: str, start: int, end: int) -> str:
    return line[start + 1:end].strip(" |")


def _grid_align(rule: str) -> str:
    inner = rule.strip("+")
    if inner.startswith(":") and inner.endswith(":"):
        return "center"
    if inner.endswith(":"):
        return "right"
    if inner.startswith(":"):
        return "left"
    return ""
