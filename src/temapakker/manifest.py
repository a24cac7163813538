"""build/manifest.json: every pack and every file built, merged with earlier builds.

An earlier build's manifest is read in :mod:`temapakker.uptodate`, which a no-op build
needs without this module's dataclasses."""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from temapakker import GENERATOR


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
