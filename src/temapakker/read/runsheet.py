"""Read kjoreplan.yaml, the run sheet's one source, into the RunSheet model."""

from __future__ import annotations

import re
from pathlib import Path

from temapakker.diagnostics import Pos, Sink, clip, close_matches
from temapakker.model import BLOCK_KINDS, Answers, GroupWork, RunBlock, RunSheet, SlideRef
from temapakker.read.meta import read_date
from temapakker.read.yamldoc import (
    YList,
    YMap,
    YNode,
    YScalar,
    boolean,
    load_yaml,
    span_of,
    text_of,
    texts_of,
    whole_number,
)

RUNSHEET_FILE = "kjoreplan.yaml"
SHEET_KEYS = ("title", "start", "minutes", "date", "place", "version", "roles", "answers",
              "blocks")
BLOCK_KEYS = ("id", "title", "kind", "minutes", "slides", "lead", "materials", "instruction",
              "optional", "intro", "tasks", "groups", "roles", "answers")
GROUP_KEYS = ("intro", "tasks", "groups", "roles", "answers")
ANSWER_KEYS = ("how", "to", "subject")
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_WEB = re.compile(r"^https?://[^\s/]+\.[^\s/]+\S*$")
SUBJECT_MAX = 120
_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_ID = re.compile(r"[\w.:-]+")


def read_runsheet(text: str, path: Path, sink: Sink) -> RunSheet | None:
    """Parse kjoreplan.yaml; None when it cannot be used (reported)."""
    root = load_yaml(text, path, sink, RUNSHEET_FILE)
    if root is None:
        return None
    if not isinstance(root, YMap):
        sink.error("yaml-shape", f"{RUNSHEET_FILE} must be a mapping of keys to values",
                   root.pos, hint='start with lines like: start: "09:00"')
        return None
    _unknown_keys(root, SHEET_KEYS, sink)
    values = root.values
    errors = len(sink.errors)
    start = _time(values.get("start"), root.pos, sink)
    planned = _minutes(values.get("minutes"), "minutes", root.pos, sink)
    blocks_node = values.get("blocks")
    blocks: list[RunBlock] = []
    if not isinstance(blocks_node, YList) or not blocks_node.items:
        where = blocks_node.pos if blocks_node is not None else root.pos
        sink.error("no-blocks", "the run sheet has no blocks", where,
                   hint="list the session's blocks under 'blocks:', each starting with "
                   "'- title: …'")
    else:
        for node in blocks_node.items:
            block = _block(node, sink)
            if block is not None:
                blocks.append(block)
    if not blocks and len(sink.errors) > errors:
        return None
    # With other errors the sheet is still returned, so that its slide ids are checked in
    # the same run; the build stops on the errors before anything is written.
    return RunSheet(
        title=text_of(values.get("title"), "title", sink),
        start=start,
        planned_minutes=planned,
        date=read_date(values.get("date"), sink),
        place=text_of(values.get("place"), "place", sink),
        version=text_of(values.get("version"), "version", sink),
        roles=_roles(values.get("roles"), sink),
        blocks=tuple(blocks),
        pos=root.pos,
        planned_pos=values["minutes"].pos if "minutes" in values else root.pos,
        answers=_answers(values.get("answers"), sink),
    )


def _unknown_keys(node: YMap, known: tuple[str, ...], sink: Sink) -> None:
    for key, where in node.keys.items():
        if key not in known:
            close = close_matches(key, known, n=1)
            sink.warning("unknown-key", f"unknown key '{clip(key)}' in {RUNSHEET_FILE}; it is "
                         "ignored", where, span=len(key),
                         hint=f"did you mean '{close[0]}'?" if close
                         else "known keys: " + ", ".join(known))


def _time(node: YNode | None, parent: Pos, sink: Sink) -> int:
    if node is None:
        sink.error("missing-start", "the run sheet has no start time", parent,
                   hint='add a line such as: start: "09:00"')
        return 0
    raw = node.text if isinstance(node, YScalar) else ""
    match = _TIME.match(raw)
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return int(match.group(1)) * 60 + int(match.group(2))
    sink.error("bad-time", f"start time '{clip(raw)}' is not a time of day", node.pos,
               span=span_of(node),
               hint='write it as HH:MM, for example start: "09:00"')
    return 0


def _minutes(node: YNode | None, name: str, parent: Pos, sink: Sink) -> int:
    if node is None:
        sink.error("missing-minutes", f"'{name}' is missing", parent,
                   hint=f"add a line such as: {name}: 20")
        return 0
    value = whole_number(node)
    if value is not None and value > 0:
        return value
    shown = node.text if isinstance(node, YScalar) else "a list"
    sink.error("bad-minutes", f"'{name}' must be a positive whole number of minutes, not "
               f"'{clip(shown)}'", node.pos, hint=f"write it as {name}: 20", span=span_of(node))
    return 0


def _roles(node: YNode | None, sink: Sink) -> tuple[tuple[str, str], ...]:
    if isinstance(node, YMap):
        return tuple((role, text_of(who, role, sink)) for role, who in node.values.items())
    return tuple((role, "") for role in texts_of(node, "roles", sink))


def _refs(node: YNode | None, sink: Sink) -> tuple[SlideRef, ...]:
    if node is None:
        return ()
    items: list[tuple[str, Pos]] = []
    if isinstance(node, YList):
        for item in node.items:
            items.extend(_split_refs(item, sink))
    else:
        items.extend(_split_refs(node, sink))
    refs = []
    for text, pos in items:
        ends = text.split("..")
        if len(ends) > 2 or not all(_ID.fullmatch(end) for end in ends):
            sink.error("bad-slide-ref", f"'{clip(text)}' is not a slide id or a range of ids", pos,
                       hint="write slides: [intro, funn-1..funn-3]", span=len(text))
            continue
        refs.append(SlideRef(ends[0], ends[1] if len(ends) == 2 else None, pos))
    return tuple(refs)


def _split_refs(node: YNode, sink: Sink) -> list[tuple[str, Pos]]:
    if not isinstance(node, YScalar) or (node.tag in ("int", "float") and not node.quoted):
        sink.error("bad-slide-ref", "slides are named by their ids, not by numbers", node.pos,
                   hint="write slides: [intro, funn-1..funn-3] using the {#id} of each slide")
        return []
    out = []
    offset = 0
    for piece in node.text.split(","):
        stripped = piece.strip()
        if stripped:
            col = node.pos.col + offset + (len(piece) - len(piece.lstrip()))
            out.append((stripped, Pos(node.pos.file, node.pos.line, col + node.quoted)))
        offset += len(piece) + 1
    return out


def _block(node: YNode, sink: Sink) -> RunBlock | None:
    if not isinstance(node, YMap):
        sink.error("yaml-shape", "each block must be a set of keys such as title: and minutes:",
                   node.pos, hint="start each block with '- title: …'")
        return None
    _unknown_keys(node, BLOCK_KEYS, sink)
    values = node.values
    title = text_of(values.get("title"), "title", sink)
    if not title:
        sink.error("missing-title", "the block has no title", node.pos,
                   hint="add 'title: …' to the block")
    kind = text_of(values.get("kind"), "kind", sink) or "presentasjon"
    if kind not in BLOCK_KINDS:
        close = close_matches(kind, BLOCK_KINDS, n=1)
        sink.error("unknown-kind", f"block kind '{clip(kind)}' is not known", values["kind"].pos,
                   span=span_of(values["kind"]),
                   hint=(f"did you mean '{close[0]}'? " if close else "") + "kinds: "
                   + ", ".join(BLOCK_KINDS))
    minutes = _minutes(values.get("minutes"), "minutes", node.pos, sink)
    optional_node = values.get("optional")
    optional = False
    if optional_node is not None:
        value = boolean(optional_node)
        if value is not None:
            optional = value
        else:
            sink.error("yaml-type", "'optional' must be true or false", optional_node.pos,
                       hint="write optional: true for a block that may be cut")
    group = None
    if kind != "gruppearbeid":
        for key in GROUP_KEYS:
            if key in values:
                sink.warning("group-key", f"'{key}' belongs to group work; this block is "
                             f"'{kind}', so it is not printed", node.keys[key],
                             hint="set kind: gruppearbeid, or remove the line", span=len(key))
    else:
        group = GroupWork(
            tasks=texts_of(values.get("tasks"), "tasks", sink),
            grouping=text_of(values.get("groups"), "groups", sink),
            roles=texts_of(values.get("roles"), "roles", sink),
            answers=_answers(values.get("answers"), sink),
            pos=values["tasks"].pos if "tasks" in values else node.pos,
            intro=text_of(values.get("intro"), "intro", sink),
        )
        if not group.tasks:
            sink.warning("no-tasks", f"group work '{title}' has no tasks", node.pos,
                         hint="add the questions under 'tasks:', one '- …' line each")
    return RunBlock(
        title=title, kind=kind, minutes=minutes, slides=_refs(values.get("slides"), sink),
        lead=text_of(values.get("lead"), "lead", sink),
        materials=texts_of(values.get("materials"), "materials", sink),
        instruction=text_of(values.get("instruction"), "instruction", sink),
        optional=optional, group=group, pos=node.pos, id=_block_id(values, title, sink),
    )


def _block_id(values: dict[str, YNode], title: str, sink: Sink) -> str:
    """The block's 'id:', else one made from its title as slide ids are made."""
    from temapakker.read.slides import slugify

    written = text_of(values.get("id"), "id", sink)
    if written and not _ID.fullmatch(written):
        sink.error("bad-block-id", f"block id '{clip(written)}' may hold only letters, digits, "
                   "'-', '_', '.' and ':'", values["id"].pos, span=span_of(values["id"]),
                   hint="write it as id: gruppearbeid-1")
    return written or (slugify(title) if title else "")


def _answers(node: YNode | None, sink: Sink) -> Answers | None:
    """'answers:' as text (how), or as keys how:, to: (the recipient) and subject:."""
    if node is None or (isinstance(node, YScalar) and node.is_null):
        return None
    if isinstance(node, YScalar):
        how = text_of(node, "answers", sink)
        return Answers(how, "", "", node.pos) if how else None
    if not isinstance(node, YMap):
        sink.error("yaml-type", "'answers' must be text, or the keys how:, to: and subject:",
                   node.pos, hint='write answers: "…", or to: post@kommune.no and '
                   'subject: "…" on lines of their own under answers:')
        return None
    for key, where in node.keys.items():
        if key not in ANSWER_KEYS:
            close = close_matches(key, ANSWER_KEYS, n=1)
            sink.error("unknown-key", f"unknown key '{key}' under 'answers'", where,
                       span=len(key), hint=f"did you mean '{close[0]}'?" if close
                       else "answers takes how:, to: and subject:")
    values = node.values
    how = text_of(values.get("how"), "how", sink)
    to = text_of(values.get("to"), "to", sink)
    subject = text_of(values.get("subject"), "subject", sink)
    if to:
        _check_recipient(to, values["to"], sink)
    if subject:
        where = values["subject"].pos
        if "\n" in subject:
            sink.error("bad-subject", "the subject line must be one line", where,
                       hint='write it on one line in quotes: subject: "…"')
        elif len(subject) > SUBJECT_MAX:
            sink.error("bad-subject", f"the subject line has {len(subject)} characters; at "
                       f"most {SUBJECT_MAX} fit in a mail program", where,
                       hint="shorten it; say the rest under how:")
        if not to:
            sink.error("subject-without-recipient", "the answers have a subject line but no "
                       "recipient", where, hint="add to: with the e-mail address the groups "
                       "send their answers to")
    if not (how or to or subject):
        sink.warning("empty-answers", "'answers' says nothing; it is ignored", node.pos,
                     hint="add how:, to: or subject:, or remove the line")
        return None
    return Answers(how, to, subject, node.pos)


def _check_recipient(to: str, node: YNode, sink: Sink) -> None:
    """A recipient that looks like an e-mail or web address must be a whole one."""
    where = node.pos
    if to.lower().startswith("mailto:"):
        sink.error("bad-recipient", f"write the recipient '{to}' without 'mailto:'", where,
                   hint=f"to: {to[7:]}")
    elif "@" in to and not _EMAIL.match(to):
        sink.error("bad-recipient", f"'{to}' is not an e-mail address", where,
                   hint="write one address such as to: post@kommune.no, or a name "
                   "without '@'")
    elif to.lower().startswith(("http:", "https:", "www.")) and not _WEB.match(to):
        sink.error("bad-recipient", f"'{to}' is not a web address", where,
                   hint="write the whole address, such as to: https://www.kommune.no/svar")
