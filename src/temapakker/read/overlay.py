"""Read a variant's kjoreplan.yaml: what it changes in its base's run sheet.

Every key is optional. Sheet keys (start, minutes, date, place, …) replace the base's;
each entry under ``blocks:`` either names a base block by ``id:`` and changes some of its
keys, or is a whole new block placed with ``after:`` or ``before:``; ``remove:`` drops
base blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from temapakker.diagnostics import Pos, Sink
from temapakker.read.meta import read_date, read_ids
from temapakker.read.runsheet import (
    RUNSHEET_FILE,
    _answers,
    _block,
    _minutes,
    _refs,
    _roles,
    _time,
    _unknown_keys,
)
from temapakker.read.yamldoc import (
    YList,
    YMap,
    boolean,
    load_yaml,
    text_of,
    texts_of,
)

PATCH_KEYS = ("title", "start", "minutes", "date", "place", "version", "roles", "answers",
              "blocks", "remove")
CHANGE_KEYS = ("id", "title", "minutes", "slides", "lead", "materials", "instruction",
               "optional")


@dataclass(frozen=True)
class BlockChange:
    """A base block named by its id, and the keys the variant gives it."""

    id: str
    pos: Pos  # where the id is written
    values: dict[str, Any]  # RunBlock field → new value


@dataclass(frozen=True)
class NewBlock:
    """A block of the variant's own, placed after or before a base block."""

    block: Any  # RunBlock
    how: str  # "after" or "before"
    target: str
    pos: Pos  # where the target id is written


@dataclass(frozen=True)
class RunSheetPatch:
    """What a variant's kjoreplan.yaml changes; ``sheet`` holds RunSheet field → value."""

    pos: Pos
    sheet: dict[str, Any] = field(default_factory=dict)
    roles: tuple[tuple[str, str], ...] = ()
    changes: tuple[BlockChange, ...] = ()
    added: tuple[NewBlock, ...] = ()
    remove: tuple[tuple[str, Pos], ...] = ()


def read_patch(text: str, path: Path, sink: Sink) -> RunSheetPatch | None:
    """Parse a variant's kjoreplan.yaml; None when it cannot be used (reported)."""
    root = load_yaml(text, path, sink, RUNSHEET_FILE)
    if root is None:
        return RunSheetPatch(Pos(path, 1, 1))  # an empty file changes nothing
    if not isinstance(root, YMap):
        sink.error("yaml-shape", f"{RUNSHEET_FILE} must be a mapping of keys to values",
                   root.pos, hint='start with lines like: start: "12:30"')
        return None
    _unknown_keys(root, PATCH_KEYS, sink)
    values = root.values
    sheet: dict[str, Any] = {}
    if "start" in values:
        sheet["start"] = _time(values["start"], root.pos, sink)
    if "minutes" in values:
        sheet["planned_minutes"] = _minutes(values["minutes"], "minutes", root.pos, sink)
        sheet["planned_pos"] = values["minutes"].pos
    if "date" in values:
        sheet["date"] = read_date(values["date"], sink)
    for key in ("title", "place", "version"):
        if key in values:
            sheet[key] = text_of(values[key], key, sink)
    if "answers" in values:
        sheet["answers"] = _answers(values["answers"], sink)
    changes: list[BlockChange] = []
    added: list[NewBlock] = []
    blocks = values.get("blocks")
    if blocks is not None and not isinstance(blocks, YList):
        sink.error("yaml-shape", "'blocks' must be a list of blocks", blocks.pos,
                   hint="start each block with '- id: …' (a base block) or '- title: …'")
    for node in blocks.items if isinstance(blocks, YList) else ():
        if not isinstance(node, YMap):
            sink.error("yaml-shape", "each block must be a set of keys such as id: and lead:",
                       node.pos, hint="start each block with '- id: …' or '- title: …'")
        elif "after" in node.values or "before" in node.values:
            new = _new_block(node, sink)
            if new is not None:
                added.append(new)
        else:
            change = _change(node, sink)
            if change is not None:
                changes.append(change)
    return RunSheetPatch(root.pos, sheet, _roles(values.get("roles"), sink), tuple(changes),
                         tuple(added), read_ids(values.get("remove"), "block", sink))


def _change(node: YMap, sink: Sink) -> BlockChange | None:
    _unknown_keys(node, CHANGE_KEYS, sink)
    values = node.values
    ident = text_of(values.get("id"), "id", sink)
    if not ident:
        sink.error("missing-block-id", "the block names no base block and has no place",
                   node.pos, hint="write id: <a block of the base> to change that block, or "
                   "after: <block id> to add a new one")
        return None
    new: dict[str, Any] = {}
    if "minutes" in values:
        new["minutes"] = _minutes(values["minutes"], "minutes", node.pos, sink)
    for key in ("title", "lead", "instruction"):
        if key in values:
            new[key] = text_of(values[key], key, sink)
    if "materials" in values:
        new["materials"] = texts_of(values["materials"], "materials", sink)
    if "slides" in values:
        new["slides"] = _refs(values["slides"], sink)
    if "optional" in values:
        flag = boolean(values["optional"])
        if flag is None:
            sink.error("yaml-type", "'optional' must be true or false", values["optional"].pos,
                       hint="write optional: true for a block that may be cut")
        else:
            new["optional"] = flag
    return BlockChange(ident, values["id"].pos, new)


def _new_block(node: YMap, sink: Sink) -> NewBlock | None:
    how = "after" if "after" in node.values else "before"
    target_node = node.values[how]
    target = text_of(target_node, how, sink)
    if "after" in node.values and "before" in node.values:
        sink.error("two-places", "a block goes either after or before another, not both",
                   node.keys["before"], hint="remove one of after: and before:", span=6)
    rest = YMap({k: v for k, v in node.values.items() if k not in ("after", "before")},
                {k: p for k, p in node.keys.items() if k not in ("after", "before")}, node.pos)
    block = _block(rest, sink)
    if block is None or not target:
        if not target:
            sink.error("missing-block-id", f"'{how}' names no block", target_node.pos,
                       hint=f"write {how}: <the id of a block of the base>")
        return None
    return NewBlock(block, how, target, target_node.pos)
