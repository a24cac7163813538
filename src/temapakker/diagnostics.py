"""Diagnostics as data: level, code, message, position, hint; formatted in one place."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning"]
# Errors that make the rest of a file unreadable: reported first, and the errors that
# would only follow from them (a run sheet naming slides that were not read) are not.
ROOT_CAUSES = frozenset({"invalid-yaml", "unclosed-div", "unclosed-fence", "nested-too-deep"})
# How many diagnostics of one code are shown per file; the rest are counted.
MAX_REPEATS = 5
SHOWN_LINE = 100  # characters of a source line shown under a message


def clip(text: str, limit: int = 60) -> str:
    """Text for a message: cut with '…' when longer than ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def close_matches(word: str, choices: Iterable[str], n: int = 1,
                  cutoff: float = 0.6) -> list[str]:
    """The choices most like ``word``, for a hint's «did you mean»; difflib is imported
    only when a hint needs it, not by every build."""
    from difflib import get_close_matches

    return get_close_matches(word, list(choices), n, cutoff)


@dataclass(frozen=True, order=True)
class Pos:
    """A 1-based position in a source file."""

    file: Path
    line: int = 0
    col: int = 1

    def __str__(self) -> str:
        name = display_path(self.file)
        if self.line <= 0:
            return name
        return f"{name}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a pack."""

    level: Level
    code: str
    message: str
    pos: Pos
    hint: str = ""
    span: int = 1  # how many characters the caret underlines

    def to_json(self) -> dict[str, object]:
        """The diagnostic as a JSON-ready mapping."""
        return {
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "file": display_path(self.pos.file),
            "line": self.pos.line,
            "column": self.pos.col,
            "hint": self.hint,
        }


@dataclass
class Sink:
    """Collects diagnostics so every problem is reported in one run."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, pos: Pos, hint: str = "", span: int = 1) -> None:
        """Record an error."""
        self.items.append(Diagnostic("error", code, message, pos, hint, span))

    def warning(self, code: str, message: str, pos: Pos, hint: str = "", span: int = 1) -> None:
        """Record a warning."""
        self.items.append(Diagnostic("warning", code, message, pos, hint, span))

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of level error."""
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics of level warning."""
        return [d for d in self.items if d.level == "warning"]


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def sort_key(d: Diagnostic) -> tuple[bool, str, int, int]:
    """Order diagnostics by file, line and column, root causes first."""
    return (d.code not in ROOT_CAUSES, str(d.pos.file), d.pos.line, d.pos.col)


def format_diagnostic(d: Diagnostic, source_lines: list[str] | None = None) -> str:
    """Format one diagnostic in compiler style, with the source line and a caret."""
    out = [f"{d.pos}: {d.level}[{d.code}]: {d.message}"]
    if source_lines is not None and 0 < d.pos.line <= len(source_lines):
        text = source_lines[d.pos.line - 1].rstrip("\r\n").expandtabs(4)
        col, span = d.pos.col - 1, max(1, d.span)
        if len(text) > SHOWN_LINE:  # show the part around the caret of a very long line
            start = max(0, col - SHOWN_LINE // 2)
            end = start + SHOWN_LINE
            text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            col = col - start + (1 if start else 0)
            span = min(span, SHOWN_LINE - col + 1)
        if text.strip():
            out.append(f"    {text}")
            out.append("    " + " " * col + "^" * max(1, span))
    if d.hint:
        out.append(f"  hint: {d.hint}")
    return "\n".join(out)


def format_all(diagnostics: list[Diagnostic]) -> str:
    """Format diagnostics sorted by position, reading each source file once; beyond
    MAX_REPEATS of one code in one file, the rest are counted in an «and N more» line."""
    ordered = sorted(diagnostics, key=sort_key)
    total = Counter((d.pos.file, d.code) for d in ordered)
    shown: Counter[tuple[Path, str]] = Counter()
    cache: dict[Path, list[str] | None] = {}
    parts = []
    for d in ordered:
        key = (d.pos.file, d.code)
        shown[key] += 1
        if shown[key] > MAX_REPEATS:
            continue
        if d.pos.file not in cache:
            cache[d.pos.file] = _read_lines(d.pos.file)
        parts.append(format_diagnostic(d, cache[d.pos.file]))
        if shown[key] == MAX_REPEATS and total[key] > MAX_REPEATS:
            parts.append(f"{display_path(d.pos.file)}: {d.level}[{d.code}]: and "
                         f"{total[key] - MAX_REPEATS} more")
    return "\n".join(parts)


def _read_lines(path: Path) -> list[str] | None:
    from temapakker.read.files import MAX_TEXT, UnsafeFile, read_bounded, regular_file

    try:  # the same care as the readers: no pipes, no devices, nothing huge
        data = read_bounded(regular_file(path, None, MAX_TEXT), MAX_TEXT)
    except (OSError, UnsafeFile):
        return None
    # Only for showing context: the reader has already reported undecodable bytes.
    return data.decode("utf-8", errors="replace").splitlines()
