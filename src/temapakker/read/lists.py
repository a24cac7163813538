"""pandoc's fancy list markers (a. A. i. I. (1) (a) #.) rewritten so CommonMark reads lists.

CommonMark knows only ``1.`` and ``1)``. Before parsing, a line that starts with another of
pandoc's ordered-list markers (after a blank line or another item, as pandoc asks) gets a
plain number of the same width instead, and the marker's numbering style and start are kept
by line; the reader gives them back to the list. Lines, columns and content stay where they
were, so every position is still true.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"^(\s*)(\()?(#|[0-9]{1,9}|[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+)([.)])( +)")
_ITEM = re.compile(r"^\s*(?:[-+*]|[0-9]{1,9}[.)])(?: |$)")
# up to lxxxix: a list's numbers, not a Latin word that is also a numeral ('mix', 'did')
_ROMAN = re.compile(r"(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
# DrawingML's a:buAutoNum types: (kind, case) and the delimiter
STYLES = {
    ("arabic", "", "."): "arabicPeriod", ("arabic", "", ")"): "arabicParenR",
    ("arabic", "", "()"): "arabicParenBoth",
    ("alpha", "lc", "."): "alphaLcPeriod", ("alpha", "lc", ")"): "alphaLcParenR",
    ("alpha", "lc", "()"): "alphaLcParenBoth", ("alpha", "uc", "."): "alphaUcPeriod",
    ("alpha", "uc", ")"): "alphaUcParenR", ("alpha", "uc", "()"): "alphaUcParenBoth",
    ("roman", "lc", "."): "romanLcPeriod", ("roman", "lc", ")"): "romanLcParenR",
    ("roman", "lc", "()"): "romanLcParenBoth", ("roman", "uc", "."): "romanUcPeriod",
    ("roman", "uc", ")"): "romanUcParenR", ("roman", "uc", "()"): "romanUcParenBoth",
}


def rewrite_fancy_lists(text: str) -> tuple[str, dict[int, tuple[str, int]]]:
    """The text with fancy markers made plain, and (style, start) by 0-based line."""
    lines = text.split("\n")
    styles: dict[int, tuple[str, int]] = {}
    fence: str | None = None
    previous_item = False
    for n, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        after_break = n == 0 or not lines[n - 1].strip() or previous_item
        found = _parse(line) if after_break else None
        previous_item = found is not None or _ITEM.match(line) is not None
        if found is None:
            continue
        style, start, width = found
        number = str(start)
        delim = ")" if style.endswith(("ParenR", "ParenBoth")) else "."
        indent = len(line) - len(line.lstrip())
        lines[n] = " " * indent + (number + delim).ljust(width) + line[indent + width:]
        styles[n] = (style, start)
    return "\n".join(lines), styles


def _parse(line: str) -> tuple[str, int, int] | None:
    """(style, start, marker width with its padding) of a fancy marker, None for others."""
    match = _MARKER.match(line)
    if not match:
        return None
    _, paren, body, delim, spaces = match.groups()
    if paren and delim != ")":
        return None
    if body.isdigit() and not paren:
        return None  # CommonMark reads 1. and 1) itself
    width = len(paren or "") + len(body) + 1
    shape = "()" if paren else delim
    if body == "#":
        return STYLES[("arabic", "", shape)], 1, width
    if body.isdigit():
        return STYLES[("arabic", "", shape)], int(body), width
    case = "uc" if body.isupper() else "lc"
    if case == "uc" and delim == "." and len(spaces) < 2 and not paren:
        return None  # 'B. Russell': pandoc asks for two spaces after a capital's period
    lower = body.lower()
    if len(body) > 1 or lower in ("i", "v", "x"):
        if not _ROMAN.fullmatch(lower) or not (body.islower() or body.isupper()):
            return None
        return STYLES[("roman", case, shape)], _roman(lower), width
    return STYLES[("alpha", case, shape)], ord(lower) - ord("a") + 1, width


def _roman(text: str) -> int:
    total = 0
    for i, c in enumerate(text):
        value = ROMAN[c]
        total += -value if i + 1 < len(text) and ROMAN[text[i + 1]] > value else value
    return total
