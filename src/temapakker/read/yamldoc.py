"""YAML with a position on every value, for messages that name file:line.

Only PyYAML's safe loader is used. Aliases are followed, but the number of values is
capped, so an alias bomb stops with a message instead of filling the memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from temapakker.diagnostics import Pos, Sink
from temapakker.read.text import clean_value

MAX_VALUES = 100_000


@dataclass(frozen=True)
class YScalar:
    """A scalar value (text, number, date, bool or None) and where it stands."""

    value: Any
    pos: Pos
    raw: str = ""  # the text as written, before YAML typed it (09:00 is a number to YAML 1.1)
    quoted: bool = False


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


class _TooBig(Exception):
    pass


def load_yaml(text: str, path: Path, sink: Sink, what: str) -> YNode | None:
    """Parse one YAML document; None when it is empty or broken (reported as ``what``)."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        count = [0]
        return _convert(root, loader, path, sink, count)
    except yaml.MarkedYAMLError as exc:
        _report_yaml_error(exc, text, path, sink, what)
    except yaml.YAMLError as exc:
        sink.error("invalid-yaml", f"{what} is not valid YAML: {exc}", Pos(path))
    except _TooBig:
        sink.error("yaml-too-big", f"{what} holds more than {MAX_VALUES} values",
                   Pos(path, 1, 1), hint="remove YAML aliases (*name) that repeat large parts")
    finally:
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


def _pos(path: Path, node: yaml.Node) -> Pos:
    return Pos(path, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: yaml.Node, loader: yaml.SafeLoader, path: Path, sink: Sink,
             count: list[int]) -> YNode:
    count[0] += 1
    if count[0] > MAX_VALUES:
        raise _TooBig
    pos = _pos(path, node)
    if isinstance(node, yaml.MappingNode):
        values: dict[str, YNode] = {}
        keys: dict[str, Pos] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # '? [list]': an alias bomb, maybe
                sink.error("yaml-shape", "a key must be a word, not a list or mapping",
                           _pos(path, key_node))
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                sink.error("yaml-shape", f"the key {key!r} must be a word", _pos(path, key_node))
                continue
            if key in values:
                sink.error("duplicate-key", f"'{key}' is given twice", _pos(path, key_node),
                           hint=f"keep one '{key}:' line", span=len(key))
            values[key] = _convert(value_node, loader, path, sink, count)
            keys[key] = _pos(path, key_node)
        return YMap(values, keys, pos)
    if isinstance(node, yaml.SequenceNode):
        return YList(tuple(_convert(n, loader, path, sink, count) for n in node.value), pos)
    value = loader.construct_object(node, deep=True)
    if isinstance(value, str):
        value = clean_value(value, pos, sink)
    return YScalar(value, pos, str(node.value), getattr(node, "style", None) in ('"', "'"))


def span_of(node: YNode) -> int:
    """How many characters a caret under a value underlines: the scalar as written."""
    if isinstance(node, YScalar) and node.raw and "\n" not in node.raw:
        return len(node.raw) + (2 if node.quoted else 0)
    return 1


def text_of(node: YNode | None, name: str, sink: Sink) -> str:
    """A scalar as text ('' when absent); lists and mappings are an error."""
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return ""
    if isinstance(node, YScalar) and not isinstance(node.value, bool):
        return str(node.value).strip()
    sink.error("yaml-type", f"'{name}' must be text", node.pos, hint=f'write it as {name}: "…"')
    return ""


def texts_of(node: YNode | None, name: str, sink: Sink) -> tuple[str, ...]:
    """Text or a list of texts, as a tuple."""
    if node is None:
        return ()
    if isinstance(node, YList):
        out = []
        for item in node.items:
            if isinstance(item, YScalar) and isinstance(item.value, (str, int, float)) \
                    and not isinstance(item.value, bool):
                out.append(str(item.value).strip())
            else:
                sink.error("yaml-type", f"every item of '{name}' must be text", item.pos,
                           hint='put quotes around an item that contains ": ", like '
                           '- "Tema: samarbeid"')
        return tuple(out)
    single = text_of(node, name, sink)
    return (single,) if single else ()
