"""Read ``pack.yaml`` into PackMeta, keeping the position of every key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from temapakker.diagnostics import Pos, Sink, clip, close_matches
from temapakker.model import PackMeta
from temapakker.read.yamldoc import (
    YList,
    YMap,
    YNode,
    YScalar,
    date_of,
    load_yaml,
    span_of,
    text_of,
    texts_of,
    whole_number,
)

KNOWN_KEYS = (
    "title", "subtitle", "language", "organisations", "authors", "date",
    "based_on", "revised", "audience", "template", "description", "keywords", "footer", "order",
    "place", "extends", "remove",
)
LANGUAGES = ("nb", "nn", "en")


def read_meta(text: str, path: Path, sink: Sink) -> PackMeta | None:
    """Parse pack.yaml (safe loader only); None when it cannot be used (reported)."""
    errors_before = len(sink.errors)
    root = load_yaml(text, path, sink, "pack.yaml")
    if root is None:
        if len(sink.errors) == errors_before:  # empty, rather than broken
            sink.error("missing-title", "pack.yaml is empty", Pos(path, 1, 1),
                       hint='add a line such as: title: "Pakke 1 – Hovedfunn og bakgrunn"')
        return None
    if not isinstance(root, YMap):
        sink.error("yaml-shape", "pack.yaml must be a mapping of keys to values", root.pos,
                   hint='write it as lines of "key: value"')
        return None
    for key, where in root.keys.items():
        if key not in KNOWN_KEYS:
            close = close_matches(key, KNOWN_KEYS, n=1)
            sink.warning("unknown-key", f"pack.yaml has an unknown key '{clip(key)}'; it is "
                         "ignored", where, hint=f"did you mean '{close[0]}'?" if close else
                         "known keys: " + ", ".join(KNOWN_KEYS), span=len(key))
    return _build_meta(root, path, sink)


def _build_meta(root: YMap, path: Path, sink: Sink) -> PackMeta | None:
    values = root.values
    title = text_of(values.get("title"), "title", sink)
    extends = _extends(values.get("extends"), path, sink)
    if not title and extends is None:
        where = values["title"].pos if "title" in values else Pos(path, 1, 1)
        sink.error("missing-title", "pack.yaml has no title", where,
                   hint='add a line such as: title: "Pakke 1 – Hovedfunn og bakgrunn"')

    language = text_of(values.get("language"), "language", sink) or "nb"
    if language not in LANGUAGES:
        sink.error("unknown-language", f"language '{clip(language)}' is not supported",
                   values["language"].pos, span=span_of(values["language"]),
                   hint="use nb (bokmål), nn (nynorsk) or en (English)")
        language = "nb"

    date = read_date(values.get("date"), sink)

    template: Path | None = None
    template_text = text_of(values.get("template"), "template", sink)
    if template_text:
        template = (path.parent / template_text).resolve()

    positions = {key: node.pos for key, node in values.items()}
    positions.update({f"{key}:key": pos for key, pos in root.keys.items()})
    meta = PackMeta(
        title=title,
        subtitle=text_of(values.get("subtitle"), "subtitle", sink),
        language=language,  # type: ignore[arg-type]
        organisations=texts_of(values.get("organisations"), "organisations", sink),
        authors=texts_of(values.get("authors"), "authors", sink),
        date=date,
        based_on=text_of(values.get("based_on"), "based_on", sink),
        revised=read_date(values.get("revised"), sink),
        audience=texts_of(values.get("audience"), "audience", sink),
        template=template,
        description=text_of(values.get("description"), "description", sink),
        keywords=texts_of(values.get("keywords"), "keywords", sink),
        footer=text_of(values.get("footer"), "footer", sink),
        order=_order(values.get("order"), sink),
        place=text_of(values.get("place"), "place", sink),
        extends=extends,
        remove=read_ids(values.get("remove"), "slide", sink),
        positions=positions,
    )
    return meta if title or extends is not None else None


def _extends(node: YNode | None, path: Path, sink: Sink) -> Path | None:
    """The base folder a variant names, relative to its pack.yaml (not yet checked)."""
    text = text_of(node, "extends", sink)
    if not text:
        if node is not None and isinstance(node, YScalar):
            sink.error("bad-extends", "'extends' names no pack", node.pos,
                       hint="write the base pack's folder, such as extends: "
                       "../pakke-2-samfunnet")
        return None
    return path.parent / text


def read_ids(node: YNode | None, what: str, sink: Sink) -> tuple[tuple[str, Pos], ...]:
    """'remove: [id, …]': the ids of slides or blocks, with the position of each."""
    if node is None or (isinstance(node, YScalar) and node.is_null):
        return ()
    items = node.items if isinstance(node, YList) else (node,)
    out = []
    for item in items:
        if isinstance(item, YScalar) and item.text.strip():
            out.append((item.text.strip(), item.pos))
        else:
            sink.error("yaml-type", f"every item of 'remove' must be a {what} id", item.pos,
                       hint=f"write remove: [{what}-id, other-id]")
    return tuple(out)


def read_date(node: YNode | None, sink: Sink) -> dt.date | None:
    """A date written as YYYY-MM-DD; None when absent or wrong (reported)."""
    if node is None or (isinstance(node, YScalar) and node.is_null):
        return None
    value = date_of(node)
    if isinstance(value, str):
        sink.error("invalid-date", value, node.pos, span=span_of(node),
                   hint="write it as YYYY-MM-DD, for example 2021-05-03")
        return None
    return value


def _order(node: YNode | None, sink: Sink) -> int:
    """Where the pack stands on the download page: lower first, then by folder name."""
    if node is None:
        return 0
    value = whole_number(node)
    if value is not None:
        return value
    sink.error("yaml-type", "'order' must be a whole number", node.pos,
               hint="write it as order: 1 (lower numbers come first on the download page)")
    return 0
