"""build/manifest.json: every pack and every file built, merged with earlier builds."""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
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

    @classmethod
    def of_file(cls, kind: str, fmt: str, path: str, sha256: str, size: int,
                alt: str = "") -> FileEntry:
        """Describe a file on disk by its digest and size, without holding its bytes."""
        return cls(kind, fmt, path, size, sha256, alt)

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


PACK_KEYS: dict[str, type] = {"title": str, "language": str, "slides": int, "runsheet": dict,
                              "subtitle": str, "description": str, "audience": list,
                              "based_on_pack": str, "bases": list}
FILE_KEYS: dict[str, type] = {"kind": str, "format": str, "path": str, "bytes": int,
                              "sha256": str}


def read_manifest(out: Path) -> dict[str, dict[str, Any]]:
    """The packs of an earlier build, by id, as its manifest recorded them."""
    packs: dict[str, dict[str, Any]] = {}
    try:
        old = json.loads(read_bounded(regular_file(out / MANIFEST, out, MAX_TEXT), MAX_TEXT))
    except (OSError, ValueError, UnsafeFile):
        return {}  # no usable earlier manifest: it is rebuilt from this build alone
    # Kept only what this version would have written itself: a manifest from another
    # version, or edited by hand, must not put a link out of build/ on the download page.
    # Only well-formed entries inside the folder: the build keeps and removes files by what
    # this names, and the page links to them, so nothing may reach outside build/.
    for pack in old.get("packs", []) if isinstance(old, dict) else []:
        if _usable(pack):
            files = [f for f in pack["files"] if _usable_file(f, pack["id"])]
            packs[pack["id"]] = {**pack, "files": files}
    return packs


def _usable(pack: Any) -> bool:
    """An entry with a safe id and a list of files; its other keys, where present, of the
    type this version writes (the page shows them)."""
    if not isinstance(pack, dict) or not isinstance(pack.get("id"), str) \
            or not isinstance(pack.get("files"), list) or pack["id"] != safe_id(pack["id"]):
        return False
    typed = all(isinstance(pack[key], kind) for key, kind in PACK_KEYS.items() if key in pack)
    return typed and pack.get("language", "nb") in ("nb", "nn", "en")


def _usable_file(file: Any, pack_id: str) -> bool:
    """A well-formed entry whose path is a plain relative path inside the pack's folder."""
    if not isinstance(file, dict) or not all(
            isinstance(file.get(key), kind) for key, kind in FILE_KEYS.items()):
        return False
    path = file["path"]
    if "\\" in path:
        return False
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts and pure.parts[:1] == (pack_id,)
def is_complete(out: Path, pack: dict[str, Any]) -> bool:
    """Whether every file an earlier build recorded for a pack is still there."""
    return all((out / f["path"]).is_file() for f in pack.get("files", []))


def producer(file: dict[str, Any]) -> str:
    """The --formats word that makes a file: thumbnails come with the site."""
    return "site" if file["format"] == "svg" else str(file["format"])


def merge_manifest(earlier: dict[str, dict[str, Any]],
                   entries: list[PackEntry]) -> dict[str, Any]:
    """The manifest: earlier packs, replaced by the ones built now."""
    packs = dict(earlier)
    for entry in entries:
        packs[entry.id] = entry.to_json()
    return {"generator": GENERATOR, "packs": [packs[k] for k in sorted(packs)]}


def stale_files(out: Path, pack_id: str, before: dict[str, Any] | None,
                after: dict[str, Any] | None) -> list[Path]:
    """Files an earlier build wrote in a pack's folder that its new entry no longer names."""
    if before is None:
        return []
    named = {f["path"] for f in (after or {}).get("files", [])}
    return [out / f["path"] for f in before.get("files", [])
            if f["path"] not in named and f["path"].startswith(f"{pack_id}/")]


def render_manifest(manifest: dict[str, Any]) -> bytes:
    """manifest.json's bytes."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
