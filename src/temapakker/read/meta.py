"""Read ``pack.yaml`` into PackMeta, keeping the position of every key."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

import yaml

from temapakker.diagnostics import Pos, Sink
from temapakker.model import PackMeta

KNOWN_KEYS = (
    "title", "subtitle", "language", "organisations", "authors", "date",
    "audience", "template", "description", "keywords", "footer",
)
LANGUAGES = ("nb", "nn", "en")


def _pos(path: Path, node: yaml.Node) -> Pos:
    return Pos(path, node.start_mark.line + 1, node.start_mark.column + 1)


def read_meta(text: str, path: Path, sink: Sink) -> PackMeta | None:
    """Parse pack.yaml (safe loader only); None when it cannot be used (reported)."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            sink.error("missing-title", "pack.yaml is empty", Pos(path, 1, 1),
                       hint='add a line such as: title: "Pakke 1 – Hovedfunn og bakgrunn"')
            return None
        if not isinstance(root, yaml.MappingNode):
            sink.error("yaml-shape", "pack.yaml must be a mapping of keys to values",
                       _pos(path, root), hint='write it as lines of "key: value"')
            return None
        values: dict[str, Any] = {}
        positions: dict[str, Pos] = {}
        for key_node, value_node in root.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                sink.error("yaml-shape", "keys in pack.yaml must be words",
                           _pos(path, key_node))
                continue
            if key not in KNOWN_KEYS:
                close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
                sink.warning("unknown-key", f"pack.yaml has an unknown key '{key}'; it is ignored",
                             _pos(path, key_node),
                             hint=f"did you mean '{close[0]}'?" if close else
                             "known keys: " + ", ".join(KNOWN_KEYS), span=len(key))
                continue
            values[key] = loader.construct_object(value_node, deep=True)
            positions[key] = _pos(path, value_node)
            positions[key + ":key"] = _pos(path, key_node)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct began (an unclosed quote, say),
        # which is where the editor has to look; the problem mark is where parsing gave up.
        mark = exc.context_mark or exc.problem_mark
        pos = Pos(path, mark.line + 1, mark.column + 1) if mark else Pos(path)
        what = f"{exc.problem} {exc.context}" if exc.context else str(exc.problem)
        sink.error("invalid-yaml", f"pack.yaml is not valid YAML: {what}", pos,
                   hint="check the indentation and quote text that contains ':' or '#'")
        return None
    except yaml.YAMLError as exc:
        sink.error("invalid-yaml", f"pack.yaml is not valid YAML: {exc}", Pos(path))
        return None
    finally:
        loader.dispose()
    return _build_meta(values, positions, path, sink)


def _text(values: dict[str, Any], key: str, positions: dict[str, Pos], sink: Sink) -> str:
    value = values.get(key)
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    sink.error("yaml-type", f"'{key}' must be text", positions[key],
               hint=f'write it as {key}: "…"')
    return ""


def _texts(values: dict[str, Any], key: str, positions: dict[str, Pos],
           sink: Sink) -> tuple[str, ...]:
    value = values.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value)
    sink.error("yaml-type", f"'{key}' must be text or a list of texts", positions[key],
               hint=f"write it as {key}: [First, Second]")
    return ()


def _build_meta(values: dict[str, Any], positions: dict[str, Pos], path: Path,
                sink: Sink) -> PackMeta | None:
    title = _text(values, "title", positions, sink)
    if not title:
        where = positions.get("title", Pos(path, 1, 1))
        sink.error("missing-title", "pack.yaml has no title", where,
                   hint='add a line such as: title: "Pakke 1 – Hovedfunn og bakgrunn"')

    language = _text(values, "language", positions, sink) or "nb"
    if language not in LANGUAGES:
        sink.error("unknown-language", f"language '{language}' is not supported",
                   positions["language"], hint="use nb (bokmål), nn (nynorsk) or en (English)")
        language = "nb"

    date: dt.date | None = None
    raw_date = values.get("date")
    if isinstance(raw_date, dt.datetime):
        date = raw_date.date()
    elif isinstance(raw_date, dt.date):
        date = raw_date
    elif raw_date is not None:
        try:
            date = dt.date.fromisoformat(str(raw_date).strip())
        except ValueError:
            sink.error("invalid-date", f"date '{raw_date}' is not a date", positions["date"],
                       hint="write it as YYYY-MM-DD, for example 2021-05-03")

    template: Path | None = None
    template_text = _text(values, "template", positions, sink)
    if template_text:
        template = (path.parent / template_text).resolve()

    meta = PackMeta(
        title=title,
        subtitle=_text(values, "subtitle", positions, sink),
        language=language,  # type: ignore[arg-type]
        organisations=_texts(values, "organisations", positions, sink),
        authors=_texts(values, "authors", positions, sink),
        date=date,
        audience=_texts(values, "audience", positions, sink),
        template=template,
        description=_text(values, "description", positions, sink),
        keywords=_texts(values, "keywords", positions, sink),
        footer=_text(values, "footer", positions, sink),
        positions=positions,
    )
    return meta if title else None
