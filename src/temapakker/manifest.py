"""build/manifest.json: every pack and every file built, merged with earlier builds."""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from temapakker import GENERATOR
from temapakker.read.files import MAX_TEXT, UnsafeFile, read_bounded, regular_file, safe_id

MANIFEST = "manifest.json"


@dataclass
class FileEntry:
    """One built file."""

    kind: str
    format: str
    path: str
    bytes: int
    sha256: str
    alt: str = ""  # for pictures (thumbnails): what they show

    @classmethod
    def of(cls, kind: str, fmt: str, path: str, data: builtins.bytes,
           alt: str = "") -> FileEntry:
        """Describe data written to path (a path relative to the output folder)."""
        return cls(kind, fmt, path, len(data), hashlib.sha256(data).hexdigest(), alt)

    def to_json(self) -> dict[str, Any]:
        """The entry as it stands in manifest.json."""
        data = dict(vars(self))
        if not self.alt:
            del data["alt"]
        return data


@dataclass
class PackEntry:
    """One pack in the manifest."""

    id: str
    title: str
    language: str
    slides: int
    files: list[FileEntry] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The entry as it stands in manifest.json."""
        return {
            "id": self.id, "title": self.title, "language": self.language,
            "slides": self.slides,
            "files": [f.to_json() for f in self.files],
            **self.extra,
        }


PACK_KEYS: dict[str, type] = {"id": str, "title": str, "language": str, "slides": int,
                              "files": list}
FILE_KEYS: dict[str, type] = {"kind": str, "format": str, "path": str, "bytes": int}


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The packs of an earlier build whose files are all still there, by id."""
    packs: dict[str, dict[str, Any]] = {}
    try:
        old = json.loads(read_bounded(regular_file(out / MANIFEST, out, MAX_TEXT), MAX_TEXT))
    except (OSError, ValueError, UnsafeFile):
        return {}  # no usable earlier manifest: it is rebuilt from this build alone
    # Kept only what this version would have written itself: a manifest from another
    # version, or edited by hand, must not put a link out of build/ on the download page.
    for pack in old.get("packs", []) if isinstance(old, dict) else []:
        if _usable(pack, out):
            packs[pack["id"]] = pack
    return packs


def _usable(pack: Any, out: Path) -> bool:
    if not isinstance(pack, dict) or not all(
            isinstance(pack.get(key), kind) for key, kind in PACK_KEYS.items()):
        return False
    if pack["id"] != safe_id(pack["id"]) or pack["language"] not in ("nb", "nn", "en") \
            or not isinstance(pack.get("runsheet", {}), dict):
        return False
    for f in pack["files"]:
        if not isinstance(f, dict) or not all(
                isinstance(f.get(key), kind) for key, kind in FILE_KEYS.items()):
            return False
        parts = f["path"].split("/")
        if parts[0] != pack["id"] or any(part in ("", ".", "..") or "\\" in part
                                         for part in parts):
            return False
        if not (out / f["path"]).is_file():
            return False
    return True


def merge_manifest(earlier: dict[str, dict[str, Any]],
                   entries: list[PackEntry]) -> dict[str, Any]:
    """The manifest: earlier packs, replaced by the ones built now."""
    packs = dict(earlier)
    for entry in entries:
        packs[entry.id] = entry.to_json()
    return {"generator": GENERATOR, "packs": [packs[k] for k in sorted(packs)]}


def render_manifest(manifest: dict[str, Any]) -> bytes:
    """manifest.json's bytes."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
