"""Decode source files strictly and remove characters that XML cannot hold."""

from __future__ import annotations

import re
from pathlib import Path

from temapakker.diagnostics import Pos, Sink
from temapakker.read.files import MAX_TEXT, read_inside

# Characters that XML 1.0 forbids (tab, LF and CR are allowed), plus the noncharacters
# U+FFFE/U+FFFF that python-pptx refuses in core properties. Lone surrogates cannot come
# from UTF-8, but a YAML escape ("\ud800") makes one.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def decode_source(data: bytes, path: Path, sink: Sink) -> str | None:
    """Decode UTF-8 (BOM allowed), normalise line endings, clean XML-invalid characters.

    Returns None (after reporting where) when the bytes are not UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        sink.error(
            "not-utf8",
            f"the file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded",
            Pos(path, line, col),
            hint="save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return clean_text(text, path, sink)


def clean_text(text: str, path: Path, sink: Sink, first_line: int = 1) -> str:
    """Remove XML-invalid characters, warning once per line where they were."""
    if not _XML_INVALID.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=first_line):
        match = _XML_INVALID.search(line)
        if match:
            sink.warning(
                "control-character",
                f"removed control character U+{ord(match.group()):04X}, which slides cannot hold",
                Pos(path, number, match.start() + 1),
                hint="delete the invisible character (often pasted from another program)",
            )
    return _without_invalid(text)


def clean_value(text: str, pos: Pos, sink: Sink,
                hint: str = "delete the escape (such as \\x01 or \\u0000) from the quoted text",
                ) -> str:
    """Remove XML-invalid characters from a value that an escape made (YAML's "\\x01",
    Markdown's "&#12;")."""
    match = _XML_INVALID.search(text)
    if not match:
        return text
    sink.warning("control-character",
                 f"removed control character U+{ord(match.group()):04X}, which slides cannot hold",
                 pos, hint=hint)
    return _without_invalid(text)


def _without_invalid(text: str) -> str:
    # A vertical tab or form feed stands between words: it becomes a space, so that
    # "Fire<FF>verdier" does not turn into one word.
    return _XML_INVALID.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)


def read_source(path: Path, root: Path, sink: Sink) -> str | None:
    """Read and decode a text file of the pack folder ``root``; None when it is missing,
    unsafe (a link out of the pack, a pipe, too large) or undecodable (reported)."""
    data = read_inside(path, root, sink, MAX_TEXT)
    return decode_source(data, path, sink) if data is not None else None
