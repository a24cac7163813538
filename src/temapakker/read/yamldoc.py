"""YAML with a position on every value, for messages that name file:line.

PyYAML's safe parser makes the events; this module builds the tree itself, so that nothing
in the loader can raise on what an editor typed. Every scalar stays the text as written,
with the type YAML 1.1 would give it as a hint (``tag``); the readers turn text into
numbers, dates and booleans with their own located messages. Aliases are followed but
never expanded, cycles are refused, and the nesting depth and the number of values (counted
as if aliases were expanded) are capped, so hostile YAML ends in a message, not a crash.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from temapakker.diagnostics import Pos, Sink, clip
from temapakker.read.text import clean_value

_FAST: Any = getattr(yaml, "CSafeLoader", None)
MAX_VALUES = 100_000
MAX_DEPTH = 64
MAX_DIGITS = 9  # a whole number with more digits is no count of minutes or order
_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_TAGS = ("str", "int", "float", "bool", "null", "timestamp")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")
_WHOLE = re.compile(r"[-+]?[0-9]+")
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ].*)?")


@dataclass(frozen=True)
class YScalar:
    """A scalar as the editor wrote it, and where it stands.

    ``tag`` is what YAML 1.1 would read it as (str, int, float, bool, null, timestamp):
    unquoted ``10:30`` is text "10:30" with the tag int, never the number 630.
    """

    text: str
    pos: Pos
    tag: str = "str"
    quoted: bool = False
    block: bool = False  # written as a '|' or '>' block, starting on the next line

    @property
    def is_null(self) -> bool:
        """Empty, ``~`` or ``null`` written without quotes."""
        return self.tag == "null"


@dataclass(frozen=True)
class YList:
    """A sequence and where it starts."""

    items: tuple[YNode, ...]
    pos: Pos


@dataclass(frozen=True)
class YMap:
    """A mapping of text keys; ``keys`` holds each key's own position."""

    values: dict[str, YNode]
    keys: dict[str, Pos]
    pos: Pos


YNode = YScalar | YList | YMap


class _Stop(Exception):
    """The document cannot be read further; the sink says why."""


@dataclass
class _Frame:
    """A sequence or mapping being built while its events are read."""

    kind: str  # "seq" or "map"
    pos: Pos
    anchor: str | None
    size: int = 1
    items: list[YNode] = field(default_factory=list)
    values: dict[str, YNode] = field(default_factory=dict)
    keys: dict[str, Pos] = field(default_factory=dict)
    key: tuple[str, Pos] | None = None  # a key waiting for its value
    skip_value: bool = False  # the key was no scalar: drop its value


def load_yaml(text: str, path: Path, sink: Sink, what: str) -> YNode | None:
    """Parse one YAML document; None when it is empty or broken (reported as ``what``).

    libyaml parses when it is there (ten times faster); a document it refuses is parsed
    again by PyYAML's own parser, whose messages the editors' guide shows.
    """
    if _FAST is not None:
        trial = Sink()
        try:
            node = _Builder(_FAST(text), path, trial, what).document()
        except (yaml.YAMLError, _Stop):
            pass
        else:
            sink.items.extend(trial.items)
            return node
    return _load(text, path, sink, what)


def _load(text: str, path: Path, sink: Sink, what: str) -> YNode | None:
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # checks the characters at once: may raise
        return _Builder(loader, path, sink, what).document()
    except yaml.MarkedYAMLError as exc:
        _report_yaml_error(exc, text, path, sink, what)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as DEL
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        sink.error("invalid-yaml", f"{what} holds the character U+{exc.character:04X}, which "
                   "YAML does not allow", Pos(path, line, col),
                   hint="delete the invisible character (often pasted from another program)")
    except yaml.YAMLError as exc:
        sink.error("invalid-yaml", f"{what} is not valid YAML: {exc}", Pos(path))
    except _Stop:
        pass
    finally:
        if loader is not None:
            loader.dispose()
    return None


def _report_yaml_error(exc: yaml.MarkedYAMLError, text: str, path: Path, sink: Sink,
                       what: str) -> None:
    """One invalid-yaml error where PyYAML found the problem.

    The context mark is only where the enclosing construct began (often line 1, the
    top-level mapping). When the problem is the end of the file (an unclosed quote or
    bracket) there is no line to show, so the construct that was never closed is named.
    """
    mark = exc.problem_mark
    at_end = mark is None or mark.index >= len(text.rstrip())
    if at_end and exc.context_mark is not None:
        mark = exc.context_mark
    pos = Pos(path, mark.line + 1, mark.column + 1) if mark else Pos(path)
    detail = f"{exc.problem} {exc.context}" if exc.context else str(exc.problem)
    hint = "check the indentation and quote text that contains ':' or '#'"
    lines = text.split("\n")
    line = lines[pos.line - 1] if mark is not None and 0 < pos.line <= len(lines) else ""
    before = line[: pos.col - 1]
    if not at_end and (before.count("'") >= 2 or before.count('"') >= 2):
        hint = ("a quote inside quoted text ends it early: write it twice inside '…' "
                "('Kulturskolens ''nye'' tid'), or quote the text with the other kind")
    sink.error("invalid-yaml", f"{what} is not valid YAML: {detail}", pos, hint=hint)


class _Builder:
    """Builds the tree from PyYAML's events with an explicit stack (no recursion)."""

    def __init__(self, loader: Any, path: Path, sink: Sink, what: str) -> None:
        self.loader, self.path, self.sink, self.what = loader, path, sink, what
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[YNode, int]] = {}
        self.root: tuple[YNode, int] | None = None

    def pos(self, mark: Any) -> Pos:
        return Pos(self.path, mark.line + 1, mark.column + 1) if mark else Pos(self.path, 1, 1)

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
        """The tag YAML 1.1 gives a node written without one (the safe loader's rules)."""
        return str(self.loader.resolve(kind, value, implicit))

    def document(self) -> YNode | None:
        loader = self.loader
        documents = 0
        while not loader.check_event(yaml.StreamEndEvent):
            event: yaml.Event = loader.get_event()
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.sink.error("invalid-yaml", f"{self.what} holds more than one YAML "
                                    "document", self.pos(event.start_mark),
                                    hint="remove the '---' line, or everything after it")
                    raise _Stop
            elif isinstance(event, yaml.ScalarEvent):
                self.add(self.scalar(event), 1, event)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.open(event)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                self.close()
        return self.root[0] if self.root else None

    def tag(self, event: yaml.NodeEvent, resolved: str) -> str:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            tag = resolved
        short = tag.removeprefix(_TAG_PREFIX)
        allowed = _SCALAR_TAGS if isinstance(event, yaml.ScalarEvent) else ("seq", "map")
        if short == "merge":
            self.sink.error("yaml-tag", "merge keys ('<<') are not used by temapakker",
                            self.pos(event.start_mark), hint="write the keys out in full")
            return "str"
        if short not in allowed:
            shown = "!!" + short if tag.startswith(_TAG_PREFIX) else tag
            self.sink.error("yaml-tag", f"the YAML tag '{shown}' is not used by temapakker",
                            self.pos(event.start_mark),
                            hint=f"remove '{shown}' and write the value as plain text")
            return "str"
        return short

    def scalar(self, event: yaml.ScalarEvent) -> YScalar:
        resolved = self.resolve(yaml.ScalarNode, event.value, event.implicit)
        pos = self.pos(event.start_mark)
        return YScalar(clean_value(event.value, pos, self.sink), pos, self.tag(event, resolved),
                       event.style in ('"', "'"), event.style in ("|", ">"))

    def alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor
        if any(frame.anchor == name for frame in self.stack):
            self.sink.error("yaml-alias", f"'*{name}' stands inside the value it names, "
                            "which would never end", self.pos(event.start_mark),
                            hint=f"remove '*{name}' or write the value out")
            raise _Stop
        if name not in self.anchors:
            self.sink.error("yaml-alias", f"'*{name}' names no '&{name}' above it",
                            self.pos(event.start_mark),
                            hint=f"write '&{name}' before the value it should repeat")
            raise _Stop
        node, size = self.anchors[name]
        self.add(node, size, event)

    def open(self, event: yaml.CollectionStartEvent) -> None:
        kind = "seq" if isinstance(event, yaml.SequenceStartEvent) else "map"
        node_kind = yaml.SequenceNode if kind == "seq" else yaml.MappingNode
        self.tag(event, self.resolve(node_kind, None, event.implicit))
        if len(self.stack) >= MAX_DEPTH:
            self.sink.error("yaml-too-deep", f"{self.what} nests lists and mappings more than "
                            f"{MAX_DEPTH} levels deep", self.pos(event.start_mark),
                            hint="use at most a few levels of indentation")
            raise _Stop
        self.stack.append(_Frame(kind, self.pos(event.start_mark), event.anchor))

    def close(self) -> None:
        frame = self.stack.pop()
        node: YNode
        if frame.kind == "seq":
            node = YList(tuple(frame.items), frame.pos)
        else:
            node = YMap(frame.values, frame.keys, frame.pos)
        if frame.anchor:
            self.anchors[frame.anchor] = (node, frame.size)
        self.add(node, frame.size, None)

    def add(self, node: YNode, size: int, event: yaml.Event | None) -> None:
        if isinstance(event, yaml.ScalarEvent) and event.anchor:
            self.anchors[event.anchor] = (node, size)
        if not self.stack:
            self.root = (node, size)
            return
        frame = self.stack[-1]
        frame.size += size
        if sum(f.size for f in self.stack) > MAX_VALUES:
            self.sink.error("yaml-too-big", f"{self.what} holds more than {MAX_VALUES} values",
                            Pos(self.path, 1, 1),
                            hint="remove YAML aliases (*name) that repeat large parts")
            raise _Stop
        if frame.kind == "seq":
            frame.items.append(node)
        elif frame.key is None and not frame.skip_value:
            self.key(frame, node)
        elif frame.skip_value:
            frame.skip_value = False
        else:
            assert frame.key is not None
            name, where = frame.key
            frame.values[name] = node
            frame.keys[name] = where
            frame.key = None

    def key(self, frame: _Frame, node: YNode) -> None:
        if not isinstance(node, YScalar):  # '? [list]': an alias bomb, maybe
            self.sink.error("yaml-shape", "a key must be a word, not a list or mapping",
                            node.pos)
            frame.skip_value = True
            return
        name = node.text
        if name in frame.values:
            self.sink.error("duplicate-key", f"'{clip(name)}' is given twice", node.pos,
                            hint=f"keep one '{name}:' line", span=len(name))
        frame.key = (name, node.pos)


def span_of(node: YNode) -> int:
    """How many characters a caret under a value underlines: the scalar as written."""
    if isinstance(node, YScalar) and node.text and "\n" not in node.text:
        return len(node.text) + (2 if node.quoted else 0)
    return 1


def text_of(node: YNode | None, name: str, sink: Sink) -> str:
    """A scalar as the text the editor typed ('' when absent); lists and mappings are an error."""
    if node is None or (isinstance(node, YScalar) and node.is_null):
        return ""
    if isinstance(node, YScalar):
        return node.text.strip()
    sink.error("yaml-type", f"'{name}' must be text", node.pos, hint=f'write it as {name}: "…"')
    return ""


def texts_of(node: YNode | None, name: str, sink: Sink) -> tuple[str, ...]:
    """Text or a list of texts, as a tuple."""
    if node is None:
        return ()
    if isinstance(node, YList):
        out = []
        for item in node.items:
            if isinstance(item, YScalar):
                if not item.is_null:
                    out.append(item.text.strip())
            else:
                sink.error("yaml-type", f"every item of '{name}' must be text", item.pos,
                           hint='put quotes around an item that contains ": ", like '
                           '- "Tema: samarbeid"')
        return tuple(out)
    single = text_of(node, name, sink)
    return (single,) if single else ()


def whole_number(node: YNode) -> int | None:
    """The scalar as a whole number of at most MAX_DIGITS digits; None if it is not one."""
    if not isinstance(node, YScalar):
        return None
    text = node.text.strip().replace("_", "") if not node.quoted else node.text.strip()
    if not _WHOLE.fullmatch(text) or len(text.lstrip("+-")) > MAX_DIGITS:
        return None
    return int(text)


def boolean(node: YNode) -> bool | None:
    """The scalar as true or false (YAML 1.1's words: yes/no, on/off too); None otherwise."""
    if not isinstance(node, YScalar) or node.quoted:
        return None
    word = node.text.strip().lower()
    return True if word in _TRUE else False if word in _FALSE else None


def date_of(node: YNode) -> dt.date | str:
    """The scalar as a date written YYYY-MM-DD, or the reason it is not one."""
    if not isinstance(node, YScalar):
        return "a date must be one value"
    text = node.text.strip()
    match = _DATE.fullmatch(text)
    if not match:
        return f"date '{clip(text)}' is not a date"
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:  # 2023-04-31, month 13, year 0
        return f"date '{clip(text)}' is not a date: {exc}"
