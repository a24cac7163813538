"""The one Markdown parser every output uses, with pandoc-style fenced divs."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from temapakker.read.tables import pandoc_table

# pandoc's fenced div: three or more colons, then a class word or a {attribute block},
# optionally followed by more colons.
_OPEN = re.compile(r"^(:{3,})[ \t]*(\{[^{}]*\}|[A-Za-z][\w-]*)[ \t]*(?::+[ \t]*)?$")
_CLOSE = re.compile(r"^:{3,}\s*$")
_SLIDE_HEADING = re.compile(r"^ {0,3}#{1,2}(?:[ \t]|$)")

# How deep lists, quotes and divs may nest (a list level counts two). markdown-it drops,
# without a word, everything from the first block nested deeper to the end of the file;
# ``cut_at`` finds where that happened. Deep enough for any real slide, and shallow
# enough that the recursive readers stay far from Python's recursion limit.
MAX_NESTING = 100
_CONTAINERS = ("list_item_open", "blockquote_open", "div_open", "dd_open")


def _fenced_div(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule for ``::: name`` … ``:::``; nests like pandoc, whatever the colon count."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    match = _OPEN.match(state.src[begin : state.eMarks[start_line]])
    if not match:
        return False
    if silent:
        return True

    depth = 1
    line = start_line
    closed = False
    while True:
        line += 1
        if line >= end_line:
            break
        text_start = state.bMarks[line] + state.tShift[line]
        text = state.src[text_start : state.eMarks[line]]
        if text_start < state.eMarks[line] and state.sCount[line] < state.blkIndent:
            break
        if state.sCount[line] - state.blkIndent >= 4:
            continue
        if _OPEN.match(text):
            depth += 1
        elif _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                closed = True
                break

    if not closed:
        # pandoc would run the div to the end of the file and swallow every slide after it.
        # The build stops on the unclosed div anyway; ending it at the next slide heading
        # lets the slides after it be read, so the one real error is not buried under
        # follow-on errors for every heading and run sheet id below it.
        line = _next_slide_heading(state, start_line + 1, line)

    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "container"
    state.lineMax = line

    token = state.push("div_open", "div", 1)
    token.markup = match.group(1)
    token.block = True
    token.info = match.group(2)
    token.map = [start_line, line]
    token.meta = {"closed": closed}

    state.md.block.tokenize(state, start_line + 1, line)

    token = state.push("div_close", "div", -1)
    token.block = True

    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + (1 if closed else 0)
    return True


def _next_slide_heading(state: StateBlock, start: int, end: int) -> int:
    """The first line from start to end that is a '#' or '##' heading, else end."""
    for line in range(start, end):
        text = state.src[state.bMarks[line] : state.eMarks[line]]
        if _SLIDE_HEADING.match(text):
            return line
    return end


@lru_cache(maxsize=1)
def make_parser() -> MarkdownIt:
    """CommonMark with pandoc's four kinds of table, strikethrough and fenced divs."""
    # Raw HTML is recognised so that <!-- comments --> can be dropped; any other HTML is
    # kept as plain text by the reader, never passed through.
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}) \
        .enable(["table", "strikethrough"])
    # pandoc's Markdown extensions that markdown-it lacks: footnotes, definition lists,
    # task lists, $math$ (pandoc's rule: no space inside the dollars, no digit after),
    # [bracketed spans]{.smallcaps}, ~sub~ and ^super^scripts
    md.use(footnote_plugin).use(deflist_plugin).use(tasklists_plugin) \
        .use(dollarmath_plugin, allow_space=False, allow_digits=False) \
        .use(attrs_plugin, after=(), spans=True).use(sub_plugin).use(superscript_plugin)
    md.block.ruler.before(
        "fence",
        "fenced_div",
        _fenced_div,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    # before indented code: pandoc writes a simple table's header indented when its
    # first column is right-aligned
    md.block.ruler.before("code", "pandoc_table", pandoc_table)
    return md


def cut_at(tokens: list[Token]) -> Token | None:
    """The first list item, quote or div nested too deep for the parser to read inside."""
    for token in tokens:
        if token.type in _CONTAINERS and token.level + 1 >= MAX_NESTING:
            return token
    return None
